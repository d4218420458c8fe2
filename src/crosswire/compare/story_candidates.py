"""Which earlier articles a new one is worth scoring against, without reading the whole pile.

The rule is `group_stories`'s, for one article at a time: up to ALL_PAIRS_MAX articles, its
NEIGHBOURS closest by embedding (cosine at least CANDIDATE_MIN); in a larger pile, its closest
among the articles that share its rare words and names, and among those that share a
random-hyperplane bucket with it in any of HYPERPLANE_TABLES tables.

Rare words are found through an inverted index (word -> rows), judged rare when asked: a word in
at most max(RARE_WORD_MIN_LIMIT, RARE_WORD_SHARE x pile) articles, so its rows are few by
definition. `group_stories` estimates the overlap of rare words with MinHash LSH; an index that
grows cannot: a MinHash signature freezes an article's rare words when it is inserted, and the
words that were rare among the first 500 articles are common among 10,000. The inverted index
counts the overlap exactly (the same Jaccard at least MINHASH_THRESHOLD) and stays right as
the pile grows.

The hyperplane tables are cut as `group_stories` cuts them (through the pile's mean, about
BUCKET_TARGET articles a bucket, the same random planes) and cut again whenever the pile has
doubled since, so buckets stay near their target size and the work per article stays flat.
"""

from __future__ import annotations

from array import array

import numpy as np

from crosswire.compare.stories import (
    ALL_PAIRS_MAX,
    BUCKET_TARGET,
    CANDIDATE_MIN,
    HYPERPLANE_TABLES,
    MINHASH_THRESHOLD,
    NEIGHBOURS,
    RARE_WORD_MIN_LIMIT,
    RARE_WORD_SHARE,
)
from crosswire.compare.story_rows import ArticleRows

PLANE_SEED = 20251123  # group_stories's planes (fixed: the same pile gives the same groups)


class CandidateFinder:
    """Candidates for each new row among the rows before it, kept up to date as rows arrive."""

    def __init__(self, rows: ArticleRows) -> None:
        self.rows = rows
        self._word_rows: dict[int, array[int]] = {}
        self._name_rows: dict[str, array[int]] = {}
        self.built = 0  # rows when the hyperplane tables were last cut (0: not cut yet)
        self._planes: list[np.ndarray] = []
        self._centre = np.zeros(rows.dimension, dtype=np.float32)
        self._buckets: list[dict[int, list[int]]] = []

    @classmethod
    def restored(cls, rows: ArticleRows, tables_cut_at: int) -> CandidateFinder:
        """The finder of `rows` as it was when the tables were last cut at `tables_cut_at` rows."""
        finder = cls(rows)
        for row in range(rows.count):
            finder._post(row)
        if tables_cut_at:
            finder.cut_tables(tables_cut_at)
            finder._bucket(np.arange(tables_cut_at, rows.count))
        return finder

    def add(self, row: int) -> None:
        """Index a row appended to the rows (cutting the tables again when the pile doubled)."""
        self._post(row)
        count = self.rows.count
        if count > ALL_PAIRS_MAX and count >= 2 * self.built:
            self.cut_tables(count)
        elif self.built:
            self._bucket(np.array([row]))

    def _post(self, row: int) -> None:
        """Add the row to the rows of its words and names."""
        for word in self.rows.terms[row].tolist():
            self._word_rows.setdefault(word, array("i")).append(row)
        for name in self.rows.traits[row].names:
            self._name_rows.setdefault(name, array("i")).append(row)

    def candidates(self, row: int) -> np.ndarray:
        """The rows before `row` worth scoring with it, closest first (at most NEIGHBOURS)."""
        if row == 0:
            return np.zeros(0, dtype=np.int64)
        if self.rows.count <= ALL_PAIRS_MAX:
            found = np.arange(row, dtype=np.int64)
        else:
            found = np.union1d(self._sharing_rare_words(row), self._sharing_buckets(row))
        return self._closest(row, found[found != row])

    def _closest(self, row: int, found: np.ndarray) -> np.ndarray:
        """The NEIGHBOURS closest of `found` to `row` by embedding, at least CANDIDATE_MIN."""
        if not len(found):
            return found.astype(np.int64)
        cosine = self.rows.vectors[found] @ self.rows.vectors[row]
        order = np.lexsort((found, -cosine))[:NEIGHBOURS]  # ties by row: deterministic
        order = order[cosine[order] >= CANDIDATE_MIN]
        return found[order].astype(np.int64)

    # --- rare words and names ---------------------------------------------------------------

    def _sharing_rare_words(self, row: int) -> np.ndarray:
        """Rows whose rare words and names overlap the row's (Jaccard >= MINHASH_THRESHOLD),
        the NEIGHBOURS closest of them when there are more (as `group_stories`)."""
        rows = self.rows
        limit = max(RARE_WORD_MIN_LIMIT, RARE_WORD_SHARE * rows.count)
        frequency = rows.document_frequency
        terms = rows.terms[row]
        rare = terms[frequency[terms] <= limit].tolist()
        names = rows.traits[row].names
        size = len(rare) + len(names)
        if not size:
            return np.zeros(0, dtype=np.int64)
        postings = [self._word_rows[w] for w in rare]
        postings += [self._name_rows[n] for n in names if len(self._name_rows[n]) <= limit]
        if not postings:
            return np.zeros(0, dtype=np.int64)
        hits = np.concatenate([np.frombuffer(p, dtype=np.int32) for p in postings])
        others, shared = np.unique(hits[hits < row], return_counts=True)
        # Jaccard >= t needs at least t x (the row's own rare words and names) in common.
        likely = others[shared >= MINHASH_THRESHOLD * size]
        alike = [int(o) for o in likely if self._jaccard(row, int(o), limit) >= MINHASH_THRESHOLD]
        found = np.array(alike, dtype=np.int64)
        if len(found) > NEIGHBOURS:
            cosine = rows.vectors[found] @ rows.vectors[row]
            found = found[np.argsort(-cosine, kind="stable")[:NEIGHBOURS]]
        return found

    def _jaccard(self, a: int, b: int, limit: float) -> float:
        """Jaccard of two rows' rare words and names (as `group_stories`'s `_rare_words`)."""
        rows = self.rows
        frequency = rows.document_frequency
        words_a, words_b = rows.terms[a], rows.terms[b]
        words_a = words_a[frequency[words_a] <= limit]
        words_b = words_b[frequency[words_b] <= limit]
        names_a, names_b = rows.traits[a].names, rows.traits[b].names
        shared = len(np.intersect1d(words_a, words_b, assume_unique=True))
        shared += len(names_a & names_b)
        union = len(words_a) + len(words_b) + len(names_a) + len(names_b) - shared
        return shared / union if union else 0.0

    # --- hyperplane buckets -----------------------------------------------------------------

    def cut_tables(self, count: int) -> None:
        """Cut the hyperplane tables for the first `count` rows (as `group_stories` cuts a pile
        of that size) and bucket those rows."""
        vectors = self.rows.vectors[:count]
        dimension = self.rows.dimension
        bits = max(1, int(np.ceil(np.log2(max(count / BUCKET_TARGET, 2)))))
        generator = np.random.default_rng(PLANE_SEED)
        self._planes = [
            generator.standard_normal((dimension, bits)).astype(np.float32)
            for _ in range(HYPERPLANE_TABLES)
        ]
        # Embeddings crowd into one cone; cutting through their mean keeps the buckets even.
        self._centre = vectors.mean(axis=0)
        self._buckets = [{} for _ in self._planes]
        self.built = count
        self._bucket(np.arange(count))

    def _keys(self, rows: np.ndarray) -> np.ndarray:
        """Each row's bucket in each table (rows x tables)."""
        centred = self.rows.vectors[rows] - self._centre
        weights = 1 << np.arange(self._planes[0].shape[1])
        return np.stack(
            [((centred @ planes) > 0).astype(np.int64) @ weights for planes in self._planes],
            axis=1,
        )

    def _bucket(self, rows: np.ndarray) -> None:
        for row, keys in zip(rows.tolist(), self._keys(rows).tolist(), strict=True):
            for table, key in zip(self._buckets, keys, strict=True):
                table.setdefault(key, []).append(row)

    def _sharing_buckets(self, row: int) -> np.ndarray:
        """Each table's NEIGHBOURS closest rows in the row's bucket."""
        if not self.built:
            return np.zeros(0, dtype=np.int64)
        keys = self._keys(np.array([row]))[0].tolist()
        found = [np.zeros(0, dtype=np.int64)]
        for table, key in zip(self._buckets, keys, strict=True):
            bucket = np.array(table.get(key, []), dtype=np.int64)
            found.append(self._closest(row, bucket[bucket < row]))
        return np.unique(np.concatenate(found))
