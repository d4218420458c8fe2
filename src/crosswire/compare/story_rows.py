"""What a story index keeps of each distinct article: its vector, its word counts, its traits.

A row is one distinct text (copies of a page, the same title, lead and words, share a row, as
`group_stories` groups them once). Words are kept as counts over a growing vocabulary, not as
TF-IDF vectors: the inverse document frequency changes with every article, so word vectors are
weighed when they are needed, with the pile's IDF at that moment (`word_matrix`), as
`group_stories` weighs them over its whole pile. Only what `pair_score` reads of the traits is
kept (names, quotes, dates, year, whether there are words), not the text.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from crosswire.compare.story_traits import ArticleTraits

COUNT_MAX = np.iinfo(np.uint16).max  # a word's count in one article is kept as uint16


def copy_key(traits: ArticleTraits) -> bytes:
    """The same key for copies: the same title, lead and words (as `group_stories` finds them)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (traits.title, traits.text, "\x00".join(traits.words)):
        digest.update(part.encode("utf-8") + b"\x01")
    return digest.digest()


def slim_traits(traits: ArticleTraits) -> ArticleTraits:
    """The traits `pair_score` reads: its text is not kept, and of its words only whether there
    are any (a one-word stand-in: the words themselves are kept as counts)."""
    return dataclasses.replace(traits, text="", title="", words=("",) if traits.words else ())


class ArticleRows:
    """The rows of a story index, growing one at a time."""

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self.count = 0
        self._vectors = np.zeros((64, dimension), dtype=np.float32)
        self.traits: list[ArticleTraits] = []
        self.terms: list[np.ndarray] = []  # each row's word ids (int32, sorted, distinct)
        self.counts: list[np.ndarray] = []  # and how often each occurs (uint16)
        self.sources: list[list[str]] = []  # each row's articles: the first, then its copies
        self.words: list[str] = []  # the vocabulary, by id
        self.vocabulary: dict[str, int] = {}
        self._frequency = np.zeros(1024, dtype=np.int64)  # rows with each word
        self.copy_rows: dict[bytes, int] = {}
        self.keys: list[bytes] = []  # each row's copy key

    @property
    def vectors(self) -> np.ndarray:
        return self._vectors[: self.count]

    @property
    def document_frequency(self) -> np.ndarray:
        return self._frequency[: len(self.words)]

    def append(self, traits: ArticleTraits, vector: np.ndarray, key: bytes) -> int:
        """Add a row (its vector one unit row of the index's width); its number."""
        counted = Counter(traits.words)
        ids = np.array(sorted(self._word_id(w) for w in counted), dtype=np.int32)
        counts = np.array(
            [min(counted[self.words[i]], COUNT_MAX) for i in ids.tolist()], dtype=np.uint16
        )
        return self._append_row(slim_traits(traits), vector, key, ids, counts)

    def _append_row(
        self,
        traits: ArticleTraits,
        vector: np.ndarray,
        key: bytes,
        ids: np.ndarray,
        counts: np.ndarray,
    ) -> int:
        row = self.count
        if row == len(self._vectors):
            self._vectors = np.concatenate([self._vectors, np.zeros_like(self._vectors)])
        self._vectors[row] = vector
        self.count += 1
        self.traits.append(traits)
        self.terms.append(ids)
        self.counts.append(counts)
        self.sources.append([traits.source])
        self.keys.append(key)
        self.copy_rows.setdefault(key, row)
        self._frequency[ids] += 1
        return row

    def _word_id(self, word: str) -> int:
        found = self.vocabulary.get(word)
        if found is not None:
            return found
        found = self.vocabulary[word] = len(self.words)
        self.words.append(word)
        if found == len(self._frequency):
            self._frequency = np.concatenate([self._frequency, np.zeros_like(self._frequency)])
        return found

    def idf(self) -> np.ndarray:
        """The inverse document frequency of each word in the pile now (as `word_vectors`)."""
        return np.log((1 + self.count) / (1 + self.document_frequency)) + 1.0

    def word_matrix(self, rows: Sequence[int] | np.ndarray, idf: np.ndarray) -> sparse.csr_matrix:
        """The rows' TF-IDF vectors (sublinear counts), unit length, as `word_vectors` weighs
        them, with the given IDF."""
        picked = [int(r) for r in rows]
        lengths = np.array([len(self.terms[r]) for r in picked], dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        if not picked or not indptr[-1]:
            return sparse.csr_matrix((len(picked), max(len(self.words), 1)), dtype=np.float64)
        ids = np.concatenate([self.terms[r] for r in picked])
        counts = np.concatenate([self.counts[r] for r in picked]).astype(np.float64)
        values = (1.0 + np.log(counts)) * idf[ids]
        owner = np.repeat(np.arange(len(picked)), lengths)
        norms = np.sqrt(np.bincount(owner, weights=values * values, minlength=len(picked)))
        norms[norms == 0] = 1.0
        values *= (1.0 / norms)[owner]
        shape = (len(picked), max(len(self.words), 1))
        return sparse.csr_matrix((values, ids, indptr), shape=shape)

    # --- reading back ---------------------------------------------------------------------

    @classmethod
    def restored(
        cls,
        vectors: np.ndarray,
        terms: tuple[np.ndarray, np.ndarray, np.ndarray],
        keys: np.ndarray,
        words: list[str],
        traits: list[ArticleTraits],
    ) -> ArticleRows:
        """Rows as they were saved: their vectors, their words (offsets, ids and counts, flat),
        copy keys (rows x 16 bytes), the vocabulary and the traits. Each row's sources are only
        its first (its traits' source): copies are added back by the caller."""
        rows = cls(int(vectors.shape[1]))
        for word in words:
            rows._word_id(word)
        offsets, ids, counts = terms
        for row, trait in enumerate(traits):
            start, end = int(offsets[row]), int(offsets[row + 1])
            rows._append_row(
                trait,
                vectors[row],
                keys[row].tobytes(),
                ids[start:end].astype(np.int32),
                counts[start:end].astype(np.uint16),
            )
        return rows
