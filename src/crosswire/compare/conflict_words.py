"""The words the conflict stages read: word lists (`data/conflicts.json`, country names from
`data/aliases.json`), tokens and stems, and a sentence cut into clauses at commas and dashes
(numbers and what they count are read by crosswire.compare.numbers)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from crosswire.countries import countries
from crosswire.datafiles import load_data
from crosswire.text import has_words, whole_words

STEM = 5  # words are compared by their first letters ("closed" ~ "close", "officials" ~ "official")


@dataclass(frozen=True, slots=True)
class Words:
    negations: frozenset[str]
    support: tuple[str, ...]
    opposition: tuple[str, ...]
    position_nouns: frozenset[str]
    report_cues: tuple[str, ...]
    outlet_cues: tuple[str, ...]
    clause_break: re.Pattern[str]
    stopwords: frozenset[str]
    stance_stoppers: frozenset[str]
    stance_nouns: dict[str, str]  # a support word's stem -> what its stance is for
    countries_with_the: frozenset[str]
    countries: dict[str, str]  # lower-cased country name, alias, capital or demonym -> country


@cache
def words() -> Words:
    data = load_data("conflicts.json")
    # A comma between digits is a thousands separator ("4,200"), no clause break.
    breaks = "|".join(
        r",(?!\d)|(?<!\d)," if b == "," else re.escape(b) for b in data["clause_breaks"]
    )
    return Words(
        negations=frozenset(data["negations"]),
        support=tuple(data["support_words"]),
        opposition=tuple(data["opposition_words"]),
        position_nouns=frozenset(data["position_nouns"]),
        report_cues=tuple(data["report_cues"]),
        outlet_cues=tuple(data["outlet_cues"]),
        clause_break=re.compile(rf"\s*(?:{breaks})\s*"),
        stopwords=frozenset(data["stopwords"]),
        stance_stoppers=frozenset(data["stance_stoppers"]),
        stance_nouns=dict(data["stance_nouns"]),
        countries_with_the=frozenset(data["countries_with_the"]),
        countries=countries(),
    )


# --- Text pieces ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clause:
    start: int  # into the article's text
    end: int
    text: str


def tokens(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in whole_words(text)]


def stems(text: str) -> frozenset[str]:
    stop = words().stopwords
    return frozenset(
        w[:STEM] for w in tokens(text) if w not in stop and not w[0].isdigit() and len(w) > 1
    )


def common_stems(text: str) -> frozenset[str]:
    """The stems of the words written in lower case (not names)."""
    stop = words().stopwords
    return frozenset(
        w.lower()[:STEM]
        for w in whole_words(text)
        if w[0].islower() and w.lower() not in stop and len(w) > 1
    )


def clauses(text: str, offset: int) -> list[Clause]:
    """A sentence cut at commas, semicolons and dashes (offsets into the article's text)."""
    found: list[Clause] = []
    start = 0
    for match in words().clause_break.finditer(text):
        if match.start() > start:
            found.append(
                Clause(offset + start, offset + match.start(), text[start : match.start()])
            )
        start = match.end()
    if start < len(text):
        found.append(Clause(offset + start, offset + len(text), text[start:]))
    return [c for c in found if has_words(c.text)]


def has_cue(text: str, cues: Iterable[str]) -> bool:
    lowered = " " + " ".join(tokens(text)) + " "
    return any(f" {cue} " in lowered for cue in cues)
