"""What the average-linkage check reads of a story's group, for a story index.

`StoryGroups` keeps each group's sums as it merges a whole pile. A story index merges one article
into stories grouped long ago, under another IDF, so it sums a group's rows again when it checks a
merge: embedding sum, TF-IDF word sum at the pile's IDF of the moment, years and names counted by
row. The check itself is `StoryGroups.merge_if_coherent`'s (`year_penalty`, `name_penalty`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosswire.compare.story_merging import EMBEDDING_SHARE, name_penalty, year_penalty
from crosswire.compare.story_rows import ArticleRows


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """A group's size (rows), embedding sum, word sum (sorted word ids and summed weights), and
    years and names counted by row."""

    size: int
    vector_sum: np.ndarray
    word_ids: np.ndarray
    word_sums: np.ndarray
    years: Counter[int]
    names: Counter[str]

    def average_with(self, other: GroupSummary) -> float:
        """The two groups' average similarity, less the look-alike penalties (as
        `StoryGroups.merge_if_coherent` computes it)."""
        embedding = float(self.vector_sum @ other.vector_sum)
        _, mine, theirs = np.intersect1d(
            self.word_ids, other.word_ids, assume_unique=True, return_indices=True
        )
        lexical = float(self.word_sums[mine] @ other.word_sums[theirs])
        mixed = EMBEDDING_SHARE * embedding + (1 - EMBEDDING_SHARE) * lexical
        average = mixed / (self.size * other.size) - year_penalty(self.years, other.years)
        return average - name_penalty(self.names, self.size, other.names, other.size)

    def joined(self, other: GroupSummary) -> GroupSummary:
        ids, sums = summed(
            np.concatenate([self.word_ids, other.word_ids]),
            np.concatenate([self.word_sums, other.word_sums]),
        )
        return GroupSummary(
            self.size + other.size,
            self.vector_sum + other.vector_sum,
            ids,
            sums,
            self.years + other.years,
            self.names + other.names,
        )


def summary_of(rows: ArticleRows, members: Sequence[int], idf: np.ndarray) -> GroupSummary:
    """The summary of a group of rows, its words weighed with `idf`."""
    ordered = sorted(members)  # one order of summing: the same sums after a reload
    words = rows.word_matrix(ordered, idf)
    ids, sums = summed(words.indices, words.data)
    traits = [rows.traits[r] for r in ordered]
    return GroupSummary(
        len(ordered),
        rows.vectors[ordered].astype(np.float64).sum(axis=0),
        ids,
        sums,
        Counter(t.year for t in traits if t.year),
        Counter(n for t in traits for n in t.names),
    )


def summed(ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights summed by id: the distinct ids (sorted) and their sums."""
    distinct, inverse = np.unique(ids, return_inverse=True)
    return distinct, np.bincount(inverse, weights=weights, minlength=len(distinct))
