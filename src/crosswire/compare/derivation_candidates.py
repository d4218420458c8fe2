"""Which pairs of a story's articles are worth comparing for derivation, in near-linear time.

In a small story every pair is compared. In a big one (a wire story reprinted everywhere) each
article is compared only with its most alike partners among those meeting it in a MinHash LSH of
its vocabulary, and with the articles sharing a rare quoted run or sentence with it.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
from datasketch import MinHash

# Sentences with fewer content words match too easily: they neither tell a shared fact nor mark
# a passage taken over.
MIN_CONTENT_WORDS = 4

# Candidate pairs, set on benchmarks/bench_derivation.py (injected ECB+ copies and rewrites, found
# with and without candidates; speed on 50 to 1,000 articles).
SMALL_STORY = 40  # up to this many articles every pair is compared (780 pairs: under a second)
PERMUTATIONS = 128  # MinHash permutations of each signature
# LSH bands x rows over content vocabulary: a pair meets in some band with probability .88 at
# Jaccard .18 (the least of the rewrites found by comparing all pairs), .99 at .3, .47 at .1.
LSH_BANDS = (64, 2)
# The most alike partners of each article compared in full: 4 to 12 keep the injected recall;
# on one event told 1,000 times 12 comes closest to all pairs (rewrites .753 against .756).
NEAREST = 12
# Vocabulary plus word-run Jaccard (0..2) from which two texts rank as near-duplicates: injected
# reprints 1.96-2.0, ECB+ wire variants found as copies 1.07-1.96, rewrites found .23-1.32.
NEAR_DUPLICATE = 1.6
QUOTE_KEY_WORDS = 3  # quoted passages are indexed by their 3-word runs (truncated quotes match)
# A quote run or sentence in at most this many articles makes them candidates; one in more is the
# story's common wording (a statement quoted by all), and those articles meet in the LSH anyway.
RARE_PASSAGE = 8


class Comparable(Protocol):
    """What the candidate step reads of a prepared article (see crosswire.compare.derivation)."""

    @property
    def article(self) -> Any: ...
    @property
    def vocabulary(self) -> frozenset[str]: ...
    @property
    def shingles(self) -> frozenset[tuple[str, ...]]: ...
    @property
    def quotes(self) -> tuple[str, ...]: ...
    @property
    def sentences(self) -> tuple[str, ...]: ...


def compared_pairs(
    prepared: Sequence[Comparable],
    published: dict[str, str],
    *,
    all_pairs: bool,
    may_share: Callable[[frozenset[str], frozenset[str]], bool],
) -> list[tuple[int, int]]:
    """Index pairs (i < j) to compare: all in a small story; else each article with its NEAREST
    most alike among those meeting it in the vocabulary LSH, and those sharing a rare passage."""
    n = len(prepared)
    if all_pairs or n <= SMALL_STORY:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    vocabularies = _signatures([p.vocabulary for p in prepared])
    wordings = _signatures([frozenset(" ".join(s) for s in p.shingles) for p in prepared])
    pairs = _shared_passages(prepared)
    date_rank = {date: rank for rank, date in enumerate(sorted(set(published.values())))}
    published_rank = np.array([date_rank[published[p.article.source]] for p in prepared])
    for i, others in _lsh_partners(prepared, vocabularies).items():
        # Most alike first: estimated Jaccard of vocabularies plus of word runs (copies first,
        # then rewrites, then independent reports). Near-duplicates rank as one, the earliest
        # first: among many copies of a wire story the source is the earliest, and the noise of
        # the estimate must not rank it below other copies.
        resemblance = (vocabularies[others] == vocabularies[i]).mean(axis=1) + (
            wordings[others] == wordings[i]
        ).mean(axis=1)
        ranked = others[
            np.lexsort((others, published_rank[others], -np.minimum(resemblance, NEAR_DUPLICATE)))
        ]
        kept = 0
        for j in ranked.tolist():
            if kept == NEAREST:
                break
            if may_share(prepared[i].vocabulary, prepared[j].vocabulary):
                pairs.add((min(i, j), max(i, j)))
                kept += 1
    return sorted(pairs)


def _signatures(sets: Sequence[frozenset[str]]) -> np.ndarray:
    """The MinHash values of each set as rows (an empty set's row matches no other)."""
    # crc32: a stable hash (the same in every process) several times faster than datasketch's sha1
    sketches = MinHash.bulk([sorted(w.encode("utf-8") for w in s) for s in sets],
                            num_perm=PERMUTATIONS, seed=1, hashfunc=zlib.crc32)  # fmt: skip
    rows = np.stack([m.hashvalues for m in sketches])
    for index, members in enumerate(sets):
        if not members:
            rows[index] = np.arange(PERMUTATIONS) + index * PERMUTATIONS
    return rows


def _lsh_partners(prepared: Sequence[Comparable], signatures: np.ndarray) -> dict[int, np.ndarray]:
    """For each article, the others meeting it in some LSH band of its vocabulary signature.

    Each distinct bucket is kept once and marked in one array write: the copies of a wire story
    share most bands, and meeting them member by member would cost the square of their number in
    every band (datasketch's MinHashLSH.query: 45 s for 2,000 copies, against 2 s here).
    """
    bands, rows = LSH_BANDS
    present = [index for index, p in enumerate(prepared) if p.vocabulary]
    buckets: dict[bytes, list[int]] = defaultdict(list)
    for band in range(bands):
        values = signatures[:, band * rows : (band + 1) * rows]
        for index in present:
            buckets[band.to_bytes(2, "little") + values[index].tobytes()].append(index)
    distinct = sorted({tuple(members) for members in buckets.values() if len(members) > 1})
    member_arrays = [np.array(members, dtype=np.int64) for members in distinct]
    buckets_of: dict[int, list[int]] = defaultdict(list)
    for number, members in enumerate(distinct):
        for index in members:
            buckets_of[index].append(number)
    partners = {}
    met = np.zeros(len(prepared), dtype=bool)
    for index, numbers in buckets_of.items():
        met[:] = False
        for number in numbers:
            met[member_arrays[number]] = True
        met[index] = False
        partners[index] = np.flatnonzero(met)
    return partners


def _shared_passages(prepared: Sequence[Comparable]) -> set[tuple[int, int]]:
    """Pairs sharing a quoted run of words or a sentence found in few articles (RARE_PASSAGE):
    a common one is the story's, a rare one is taken over from one article by another."""
    holders: dict[str, set[int]] = defaultdict(set)
    for index, p in enumerate(prepared):
        for quote in p.quotes:
            words = quote.split()
            for k in range(len(words) - QUOTE_KEY_WORDS + 1):
                holders["q " + " ".join(words[k : k + QUOTE_KEY_WORDS])].add(index)
        for sentence in p.sentences:
            if len(sentence.split()) >= MIN_CONTENT_WORDS:
                holders["s " + sentence].add(index)
    pairs: set[tuple[int, int]] = set()
    for members in holders.values():
        if 1 < len(members) <= RARE_PASSAGE:
            ordered = sorted(members)
            pairs.update((a, b) for k, a in enumerate(ordered) for b in ordered[k + 1 :])
    return pairs
