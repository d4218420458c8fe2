"""Word lists and phrase tables of the text-mode classifier, loaded once from `data/`.

The lists are data (see `data/*.json`); this module only compiles them into fast matchers. Phrases
made of words are matched over a line's word tokens (a dictionary look-up per word, so the cost does
not grow with the number of phrases); the few that carry a mark (":", "@", "©", "/", "(") need the
characters and go through one small regex, run only on lines that hold such a mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from crosswire.datafiles import load_data
from crosswire.text import function_words, has_words, words

# Furniture kinds whose phrases are common words ("home", "share", "comments"): they mark a line
# only when the line is a short label, never inside prose.
WEAK_KINDS = frozenset(
    {"navigation", "share bar", "comments", "page meta", "account", "section heading"}
)
# Characters that change what a phrase means ("tags:" is a label, "tags" a word); "-" and "'" do not
# ("sign-up" is "sign up").
MARKS = frozenset(":@[©/()")
MARK = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")  # any of MARKS (a faster test)
# Readers' comments: the heading that opens them, the words every such heading holds (a cheap test
# before the pattern), and the furniture of each comment ("Ann says:", "2 days ago", "Reply").
COMMENTS_HEADING = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|reactions|kommentare|commentaires|comentarios|"
    r"commenti|yorumlar?)\b|^\W*\d+\s+(?:thoughts|comments?|responses?|replies)\s+(?:on|to)\b|"
    r"\b(?:top rated|show|view|load|read|post an?|leave an?|add an?|join the)\s+"
    r"(?:comments?|reply|discussion|conversation)|\bresponses? to\b",
    re.IGNORECASE,
)
COMMENT_WORDS = frozenset(
    {
        "comment", "comments", "response", "responses", "replies", "reply", "reactions",
        "thoughts", "discussion", "conversation", "kommentare", "commentaires", "comentarios",
        "commenti", "yorum", "yorumlar",
    }
)  # fmt: skip
COMMENT_META = re.compile(
    r"\b(?:says|said|wrote|writes)\s*:\s*$|\b\d+\s+(?:minutes?|hours?|days?|weeks?|"
    r"months?|years?)\s+ago\b|\bvotes?\b|\blikes?\b|^\s*(?:share|like)\s*$",
    re.IGNORECASE,
)


def _alternatives(key: str) -> str:
    listed = load_data("comments.json")[key]
    return "|".join(re.escape(str(word)) for word in sorted(listed, key=len, reverse=True))


# The buttons closing a comment's lines (data/comments.json): "Ann · Reply", "Report comment".
COMMENT_BUTTONS = re.compile(
    rf"(?:^|\W)(?:(?:{_alternatives('comment')})\s+)?"
    rf"(?:{_alternatives('reply')}|{_alternatives('report')})\s*$",
    re.IGNORECASE,
)
# A tag list: "Tags: a, b" and its translations.
TAGS_LINE = re.compile(
    r"^\s*(?:tags|topics|keywords|filed under|tagged|schlagwörter|etiquetas|étiquettes|"
    r"etichette|etiketler)\s*:?\s*",
    re.IGNORECASE,
)


def _load(name: str) -> dict[str, object]:
    return {k: v for k, v in load_data(name).items() if not k.startswith("_")}


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    # Longest first so "sign up" wins over "sign"; (?<!\w)/(?!\w) keep "home" out of "homeless".
    escaped = {re.escape(p.strip().lower()) for p in phrases if p.strip()}
    parts = sorted(escaped, key=len, reverse=True)
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass(frozen=True, slots=True)
class PhraseTable:
    """Finds listed phrases in a line: word phrases by token look-up, marked phrases by regex."""

    # first word -> the phrases (as words) that start with it, longest first
    by_first: dict[str, tuple[tuple[str, ...], ...]]
    # What a line must hold for a word phrase to start in it: a one-word phrase, or a phrase's
    # first two words in a row. Most first words are common ("in", "you", "more"): these tests,
    # in C, spare most lines holding them the walk over their words.
    singles: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    marked: re.Pattern[str]
    # The marked phrases as text: the regex finds nothing in a line holding none of them, and a
    # substring test each is cheaper than the regex's scan.
    marked_texts: tuple[str, ...]

    @staticmethod
    def key(phrase: str) -> str:
        """How a listed phrase is reported when found ("Sign-up" -> "sign up", "Tags:" stays)."""
        lowered = phrase.strip().lower()
        if MARKS.intersection(lowered) or not has_words(lowered):
            return lowered
        return " ".join(words(lowered))

    @classmethod
    def build(cls, phrases: Iterable[str]) -> PhraseTable:
        by_first: dict[str, set[tuple[str, ...]]] = {}
        marked: list[str] = []
        for phrase in {cls.key(p) for p in phrases if p.strip()}:
            if MARKS.intersection(phrase) or not has_words(phrase):
                marked.append(phrase)
                continue
            words = tuple(phrase.split())
            by_first.setdefault(words[0], set()).add(words)
        table = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}
        word_phrases = [p for v in by_first.values() for p in v]
        singles = frozenset(p[0] for p in word_phrases if len(p) == 1)
        pairs = frozenset((p[0], p[1]) for p in word_phrases if len(p) > 1)
        texts = tuple(sorted({p.strip().lower() for p in marked if p.strip()}))
        return cls(table, singles, pairs, _phrase_pattern(marked), texts)

    def find(self, tokens: Sequence[str], lowered: str) -> list[tuple[str, float]]:
        """The phrases found in a line, given its lower-cased word tokens and lower-cased text,
        each with where it ends (0 at the line's start, 1 at its end)."""
        found: list[tuple[str, float]] = []
        by_first = self.by_first
        if by_first.keys().isdisjoint(tokens) or (
            self.singles.isdisjoint(tokens) and self.pairs.isdisjoint(pairwise(tokens))
        ):
            hits: list[int] = []  # most lines: no phrase starts in them (set tests in C)
        else:
            hits = [i for i, token in enumerate(tokens) if token in by_first]
        free = 0  # matches do not overlap: the first token not yet inside a match
        for i in hits:
            if i < free:
                continue
            for phrase in by_first[tokens[i]]:
                if tuple(tokens[i : i + len(phrase)]) == phrase:
                    free = i + len(phrase)
                    found.append((" ".join(phrase), free / len(tokens)))
                    break
        if MARK.search(lowered) and any(map(lowered.__contains__, self.marked_texts)):
            size = len(lowered)
            found.extend((m.group(), m.end() / size) for m in self.marked.finditer(lowered))
        return found


@dataclass(frozen=True, slots=True)
class PhraseMatches:
    """What the phrase tables found in one line."""

    furniture: tuple[str, ...]  # furniture kinds whose phrases occur, strongest first
    furniture_hits: int
    credit: bool  # closes with a photo credit ("Photo by X", "X/Getty Images")


@dataclass(frozen=True, slots=True)
class Lexicon:
    stopwords: frozenset[str]
    phrases: PhraseTable  # every furniture phrase and every photo credit, in one table
    kind_of: dict[str, tuple[str, ...]]  # phrase -> the kinds that list it, strongest first
    caption_prefix: re.Pattern[str]

    def match(self, tokens: Sequence[str], lowered: str) -> PhraseMatches:
        """The furniture kinds and photo credits of a line, given its lower-cased tokens and text
        (one pass over the tokens)."""
        found = self.phrases.find(tokens, lowered)
        if not found:
            return NO_MATCHES
        kinds: list[str] = []
        hits, credit = 0, False
        short = len(tokens) <= CREDIT_ANYWHERE_WORDS
        for phrase, end in found:
            phrase_kinds = self.kind_of[phrase]
            if CREDIT_KIND in phrase_kinds and (short or end >= CREDIT_END):
                credit = True
            furniture = [k for k in phrase_kinds if k != CREDIT_KIND]
            hits += bool(furniture)
            kinds.extend(k for k in furniture if k not in kinds)
        kinds.sort(key=lambda k: k in WEAK_KINDS)
        return PhraseMatches(tuple(kinds), hits, credit)


CREDIT_KIND = "photo credit"
# A credit closes a caption ("... Photo: Jane Roe"); the same words early in a long line are a
# sentence or a news agency's dateline ("LONDON (AP) — ..."). Extraction benchmark, bench_text.py.
CREDIT_END = 0.6
CREDIT_ANYWHERE_WORDS = 12
NO_MATCHES = PhraseMatches((), 0, False)


@cache
def lexicon() -> Lexicon:
    """The shared lexicon (built once per process)."""
    furniture = _load("furniture.json")
    kind_of: dict[str, tuple[str, ...]] = {}
    # Strong kinds first: a line that is both "share" and "subscribe" is reported as the appeal.
    for kind, phrases in sorted(furniture.items(), key=lambda item: item[0] in WEAK_KINDS):
        if not isinstance(phrases, list):
            continue
        for phrase in phrases:
            key = PhraseTable.key(str(phrase))
            if key and kind not in kind_of.get(key, ()):
                kind_of[key] = (*kind_of.get(key, ()), kind)
    captions = _load("captions.json")
    prefix, credit = captions.get("prefix", []), captions.get("credit", [])
    assert isinstance(prefix, list) and isinstance(credit, list)
    for phrase in credit:
        key = PhraseTable.key(str(phrase))
        if key and CREDIT_KIND not in kind_of.get(key, ()):
            kind_of[key] = (*kind_of.get(key, ()), CREDIT_KIND)
    return Lexicon(
        stopwords=function_words(),
        phrases=PhraseTable.build(kind_of),
        kind_of=kind_of,
        caption_prefix=re.compile(
            r"^(?:" + "|".join(re.escape(str(p)) for p in prefix) + r")", re.IGNORECASE
        ),
    )
