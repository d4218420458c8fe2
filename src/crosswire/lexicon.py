"""Word lists and phrase tables of the text-mode classifier, loaded once from `data/`.

The lists are data (see `data/*.json`); this module only compiles them into fast matchers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Furniture kinds whose phrases are common words ("home", "share", "comments"): they mark a line only
# when the line is a short label, never inside prose.
WEAK_KINDS = frozenset({"navigation", "share bar", "comments", "page meta", "account"})


def _load(name: str) -> dict[str, object]:
    text = resources.files("crosswire").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    # Longest first so "sign up" wins over "sign"; (?<!\w)/(?!\w) keep "home" out of "homeless".
    parts = sorted({re.escape(p.strip().lower()) for p in phrases if p.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass(frozen=True, slots=True)
class Lexicon:
    stopwords: frozenset[str]
    furniture: re.Pattern[str]  # every furniture phrase in one pattern (one pass per line)
    kind_of: dict[str, tuple[str, ...]]  # phrase -> the kinds that list it, strongest first
    caption_prefix: re.Pattern[str]
    caption_credit: re.Pattern[str]

    def furniture_matches(self, lowered: str) -> tuple[tuple[str, ...], int]:
        """(kinds whose phrases occur in a lower-cased line, strongest first; number of hits)."""
        found = self.furniture.findall(lowered)
        if not found:
            return (), 0
        kinds: list[str] = []
        for phrase in found:
            kinds.extend(k for k in self.kind_of[phrase] if k not in kinds)
        kinds.sort(key=lambda k: k in WEAK_KINDS)
        return tuple(kinds), len(found)


@cache
def lexicon() -> Lexicon:
    """The shared lexicon (built once per process)."""
    stop = _load("stopwords.json")
    words: set[str] = set()
    for values in stop.values():
        assert isinstance(values, list)
        words.update(str(w).lower() for w in values)
    furniture = _load("furniture.json")
    kind_of: dict[str, tuple[str, ...]] = {}
    # Strong kinds first: a line that is both "share" and "subscribe" is reported as the appeal.
    for kind, phrases in sorted(furniture.items(), key=lambda item: item[0] in WEAK_KINDS):
        assert isinstance(phrases, list)
        for phrase in phrases:
            key = str(phrase).strip().lower()
            if key:
                kind_of[key] = (*kind_of.get(key, ()), kind)
    captions = _load("captions.json")
    prefix, credit = captions["prefix"], captions["credit"]
    assert isinstance(prefix, list) and isinstance(credit, list)
    return Lexicon(
        stopwords=frozenset(words),
        furniture=_phrase_pattern(list(kind_of)),
        kind_of=kind_of,
        caption_prefix=re.compile(
            r"^(?:" + "|".join(re.escape(str(p)) for p in prefix) + r")", re.IGNORECASE
        ),
        caption_credit=_phrase_pattern([str(c) for c in credit]),
    )
