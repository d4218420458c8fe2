"""Tags a text browser ran together ('Estoniacoastal patrolNATO'), split with the page's own words.

The page's words and short phrases are indexed once per page (`PageVocabulary`), so splitting a tag
line costs lookups, not a search of the page per candidate cut: a page of thousands of tag lines
used to take minutes here. Only the first few run-together lines of a page are split; a page with
more is not a real tag list, and its lines are kept as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from crosswire.text import words

MAX_TAG_WORDS = 4  # a tag is a phrase of at most this many words
MIN_TAG_CHARS = 2
# Longer runs are not split letter by letter (the search is quadratic in the run's length).
MAX_JOINED_TAGS_CHARS = 160
# A run longer than this is kept whole without trying to split it.
MAX_SPLIT_PIECE_CHARS = 80
# How many run-together tag lines of one page are split; the rest are kept whole (a real page has
# one tag list, perhaps repeated at the top and the bottom).
MAX_JOINED_TAG_LINES = 4
# A run-together line longer than this is not a tag list (real ones are a few hundred characters).
MAX_JOINED_TAG_LINE_CHARS = 1000
CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


class PageVocabulary:
    """The page's words, and its phrases of up to MAX_TAG_WORDS words made only of words that occur
    in `wanted` (the tag text to split): every phrase a split can ask about, and no more, so the
    index stays small on a huge page."""

    __slots__ = ("_phrases", "_words")

    def __init__(self, page_text: str, wanted: str) -> None:
        tokens = words(page_text.lower())
        wanted = wanted.lower()
        self._words = sorted(set(tokens))
        useful = {word for word in self._words if word in wanted}
        phrases: set[str] = set()
        for start, token in enumerate(tokens):
            if token not in useful:
                continue
            phrase = token
            phrases.add(phrase)
            for follower in tokens[start + 1 : start + MAX_TAG_WORDS]:
                if follower not in useful:
                    break
                phrase = f"{phrase} {follower}"
                phrases.add(phrase)
        self._phrases = phrases

    def has_phrase(self, phrase: str) -> bool:
        """Whether the page has `phrase` (its words, in order, as whole words)."""
        return " ".join(words(phrase.lower())) in self._phrases

    def has_stem(self, phrase: str) -> bool:
        """Whether the page has `phrase` with its last word possibly cut short ('Estonia' of
        'Estonian')."""
        found = words(phrase.lower())
        if not found:
            return False
        if len(found) > 1 and " ".join(found[:-1]) not in self._phrases:
            return False
        at = bisect_left(self._words, found[-1])
        return at < len(self._words) and self._words[at].startswith(found[-1])

    def has_spelling(self, phrase: str) -> bool:
        """Whether `phrase`, its white space normalised, is one of the page's phrases."""
        return " ".join(phrase.split()) in self._phrases


def split_joined_tag_lines(texts: Sequence[str], page_text: str) -> list[list[str]]:
    """Each tag text split into its tags; the first MAX_JOINED_TAG_LINES of a tag list's length
    are split with the page's words as the vocabulary, the others are kept whole."""
    splittable = [
        number for number, text in enumerate(texts) if len(text) <= MAX_JOINED_TAG_LINE_CHARS
    ][:MAX_JOINED_TAG_LINES]
    if not splittable:
        return [[text] for text in texts]
    vocabulary = PageVocabulary(page_text, "\n".join(texts[number] for number in splittable))
    return [
        split_joined_tags(text, vocabulary) if number in splittable else [text]
        for number, text in enumerate(texts)
    ]


def split_joined_tags(text: str, vocabulary: PageVocabulary) -> list[str]:
    """Split where the case changes and, inside a run of lower case, where both halves are
    phrases of the page."""

    def halves_known(left: str, right: str) -> bool:
        # The left half may be a word's stem in the text ("Estonia" in "Estonian"), or
        # one capitalised word, when the right half is a phrase of several words found whole.
        if not vocabulary.has_phrase(right):
            return False
        name_like = left[:1].isupper() and " " not in left and right[:1].islower()
        return vocabulary.has_phrase(left) or (
            " " in right.strip() and (name_like or vocabulary.has_stem(left))
        )

    out: list[str] = []
    for piece in (p.strip() for p in CASE_CHANGE.split(text) if p.strip()):
        if vocabulary.has_phrase(piece) or len(piece) > MAX_SPLIT_PIECE_CHARS:
            out.append(piece)
            continue
        cut = next(
            (
                i
                for i in range(2, len(piece) - 1)
                if piece[i - 1].isalnum()
                and piece[i].isalnum()
                and halves_known(piece[:i], piece[i:])
            ),
            None,
        )
        if cut:
            out += [piece[:cut], piece[cut:]]
        else:
            out += _segment_known(piece, vocabulary) or [piece]
    return out


def _segment_known(piece: str, vocabulary: PageVocabulary) -> list[str] | None:
    """The fewest phrases of the page that spell a run-together piece ('port strikedockworkers'
    -> 'port strike', 'dockworkers'), or None when no such reading exists."""
    if len(piece) > MAX_JOINED_TAGS_CHARS:
        return None
    low = piece.lower()
    known = {
        (i, j)
        for i in range(len(piece))
        for j in range(i + MIN_TAG_CHARS, len(piece) + 1)
        if low[i].isalnum() and low[j - 1].isalnum() and vocabulary.has_spelling(low[i:j])
    }
    best: list[list[str] | None] = [[]] + [None] * len(piece)
    for j in range(1, len(piece) + 1):
        options = [
            [*prefix, piece[i:j].strip()]
            for i in range(j)
            if (i, j) in known and (prefix := best[i]) is not None
        ]
        best[j] = min(options, key=len) if options else None
    found = best[len(piece)]
    return found if found and len(found) > 1 else None
