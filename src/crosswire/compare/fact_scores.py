"""Pair scores of a story's statements: how close two statements of different articles are.

The cosine of their embeddings as a margin over what each scores with its nearest statements in
other articles (every sentence of a story is about its topic), plus what the particulars both
state add: names, numbers, dates, quoted and content words, predicates and stances, weighted by
rarity in the story. `crosswire.compare.facts` groups statements into facts by these scores.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from crosswire.annotate.statements import StatementUnit

# Scores: the cosine of two statements' embeddings as a margin over what each scores with its
# nearest statements in other articles (ratio margin, as in bitext mining, NEIGHBOURS as there),
# halved so that a pair twice as close as the sentences' usual neighbours scores 1; plus what
# the particulars both state add (the thresholds a score is held to are crosswire.compare.facts').
NEIGHBOURS = 4
MARGIN_SCALE = 0.5
MIN_MARGIN_SCALE = 0.05  # neighbours this far or farther: the cosine is not scaled up more
NAME_WEIGHT = 0.15  # times the shared weight of names, numbers and dates
WORD_WEIGHT = 0.10  # times the shared weight of content words
QUOTE_WEIGHT = 0.10  # times the shared weight of quoted words
NUMBER_WEIGHT = 0.10  # times the shared weight of numbers again (they rarely recur by chance)
# Times the shared weight of predicates (a verb with its argument, "not force varnia"). Set on
# the ECB+ training topics (benchmarks/bench_ecbplus_facts.py --train): without predicates pair
# precision .901, recall .127; at .10 / .15 / .20: .895 / .900 / .894, recall .142 / .157 / .167.
# .15 keeps the precision; on the seeds (bench_seed_facts.py) it finds 12 gold facts, .10 11.
PREDICATE_WEIGHT = 0.15
# Times the shared weight of stances ("against turkey": one position told with other verbs,
# "vetoed Turkish involvement" / "will not involve Turkish troops").
STANCE_WEIGHT = 0.15
MAX_AGREEMENT = (
    NAME_WEIGHT + WORD_WEIGHT + QUOTE_WEIGHT + NUMBER_WEIGHT + PREDICATE_WEIGHT + STANCE_WEIGHT
)
# Up to this many statements (about 30 articles) every pair is scored in one matrix; beyond it
# the cosines are taken a CHUNK of rows at a time and each statement keeps only its PARTNERS best
# candidates, so a story of thousands of articles stays in memory. Set on
# benchmarks/bench_seed_facts.py --scale: on 100 / 200 ECB+ articles as one story the partner
# path finds as many facts (166 / 448 multi-article against 162 / 441) in 0.7 / 2.2 s against
# 2.9 / 16.5 s (500 articles: 7.5 s), and the seeds give the same facts either way.
DENSE_LIMIT = 1000
CHUNK = 1024
PARTNERS = 32
# A pair never scored in a big story counts as this far apart when groups are compared.
UNSCORED = 0.0


class Scores:
    """Pair scores of a story's statements: NaN within one article (never linked), UNSCORED for a
    pair a big story did not score, else margin plus agreement."""

    def __init__(
        self, dense: np.ndarray | None, pairs: dict[tuple[int, int], float], article: np.ndarray
    ) -> None:
        self.dense, self.pairs, self.article = dense, pairs, article

    def links(self, minimum: float) -> list[tuple[int, int]]:
        """Pairs (i < j) scoring at least `minimum`, best first (ties by index)."""
        if self.dense is not None:
            filled = np.nan_to_num(self.dense, nan=-1.0)
            rows, cols = np.nonzero(np.triu(filled >= minimum, 1))
            pairs = zip(rows.tolist(), cols.tolist(), strict=True)
            found = {(i, j): float(filled[i, j]) for i, j in pairs}
        else:
            found = {pair: score for pair, score in self.pairs.items() if score >= minimum}
        return sorted(found, key=lambda p: (-found[p], p[0], p[1]))

    def block(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
        if self.dense is not None:
            return self.dense[np.ix_(rows, cols)]
        out = np.full((len(rows), len(cols)), UNSCORED, dtype=np.float32)
        for r, i in enumerate(rows):
            for c, j in enumerate(cols):
                if self.article[i] == self.article[j]:
                    out[r, c] = np.nan
                else:
                    out[r, c] = self.pairs.get((min(i, j), max(i, j)), UNSCORED)
        return out


def score_statements(
    units: Sequence[StatementUnit], vectors: np.ndarray, *, least: float
) -> Scores:
    """Every pair's score in a story of up to DENSE_LIMIT statements, else each one's best
    partners'. A pair whose margin no agreement of particulars could lift to `least` (the least
    score a link needs) is not scored further."""
    candidate = least - MAX_AGREEMENT
    article = np.array([u.article for u in units])
    sentences = Sentences(units)
    if len(units) > DENSE_LIMIT:
        return Scores(None, _partner_scores(units, vectors, sentences, candidate), article)
    scores = _margins(vectors, sentences)
    scores[article[:, None] == article[None, :]] = np.nan
    rows, cols = np.nonzero(np.triu(np.nan_to_num(scores, nan=-1.0) >= candidate, 1))
    rarity = Rarity(units)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        score = float(scores[i, j]) + agreement(units[i], units[j], rarity)
        scores[i, j] = scores[j, i] = score
    return Scores(scores, {}, article)


def _partner_scores(
    units: Sequence[StatementUnit], vectors: np.ndarray, sentences: Sentences, candidate: float
) -> dict[tuple[int, int], float]:
    """The scores of each statement's PARTNERS best candidates, a CHUNK of rows at a time."""
    article = sentences.unit_article
    near = _neighbour_means(vectors, sentences)
    rarity = Rarity(units)
    pairs: dict[tuple[int, int], float] = {}
    keep = min(PARTNERS, len(units) - 1)
    for start in range(0, len(units), CHUNK):
        margin = _margin_rows(vectors, article, near, start)
        best = np.argpartition(-margin, keep - 1, axis=1)[:, :keep]
        for row, partners in enumerate(best.tolist()):
            i = start + row
            for j in partners:
                key = (min(i, j), max(i, j))
                if margin[row, j] >= candidate and key not in pairs:
                    pairs[key] = float(margin[row, j]) + agreement(units[i], units[j], rarity)
    return pairs


class Sentences:
    """Which sentence each statement comes from. A sentence and the clauses cut from it are one
    neighbour, not several: else a sentence near a long, many-claused one elsewhere would count
    that one sentence as all its nearest neighbours."""

    def __init__(self, units: Sequence[StatementUnit]) -> None:
        keys = [(u.article, u.sentence) for u in units]  # statements come sentence by sentence
        self.starts = np.array(
            [n for n, key in enumerate(keys) if n == 0 or key != keys[n - 1]], dtype=np.intp
        )
        self.unit_article = np.array([u.article for u in units])
        self.article = self.unit_article[self.starts] if len(units) else self.unit_article

    def nearest_means(self, cosines: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """For each row (statements of articles `rows`), the mean cosine with its NEIGHBOURS
        nearest sentences of other articles (a sentence scores its best statement)."""
        if cosines.shape[1] == 0:
            return np.zeros(len(cosines), dtype=np.float32)
        best = np.maximum.reduceat(cosines, self.starts, axis=1)
        best[rows[:, None] == self.article[None, :]] = -np.inf
        k = min(NEIGHBOURS, best.shape[1])
        nearest = -np.partition(-best, k - 1, axis=1)[:, :k]
        finite = np.isfinite(nearest)
        total = np.where(finite, nearest, 0.0).sum(axis=1)
        return (total / np.maximum(finite.sum(axis=1), 1)).astype(np.float32)


def _neighbour_means(vectors: np.ndarray, sentences: Sentences) -> np.ndarray:
    """Each statement's mean cosine with its NEIGHBOURS nearest sentences in other articles."""
    means = np.zeros(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), CHUNK):
        rows = slice(start, start + CHUNK)
        cosines = vectors[rows] @ vectors.T
        means[rows] = sentences.nearest_means(cosines, sentences.unit_article[rows])
    return means


def _margin_rows(
    vectors: np.ndarray, article: np.ndarray, near: np.ndarray, start: int
) -> np.ndarray:
    """Margins of a CHUNK of rows against every statement (-inf within one article)."""
    rows = slice(start, start + CHUNK)
    scale = np.maximum((near[rows, None] + near[None, :]) / 2, MIN_MARGIN_SCALE)
    margin = (vectors[rows] @ vectors.T) / scale * MARGIN_SCALE
    margin[article[rows, None] == article[None, :]] = -np.inf
    return margin.astype(np.float32)


def _margins(vectors: np.ndarray, sentences: Sentences) -> np.ndarray:
    """Cosines over the mean cosine of both statements' nearest neighbours in other articles
    (ratio margin, as in bitext mining): a pair stands out from what each statement scores with
    everything else in the story, however close the story's sentences are among themselves."""
    cosines = (vectors @ vectors.T).astype(np.float32)
    if len(set(sentences.article.tolist())) < 2:
        return cosines
    near = sentences.nearest_means(cosines, sentences.unit_article)
    scale = np.maximum((near[:, None] + near[None, :]) / 2, MIN_MARGIN_SCALE)
    return (cosines / scale * MARGIN_SCALE).astype(np.float32)


class Rarity:
    """How telling a shared particular is: rare in the story's sentences, telling (IDF weight).

    Every sentence of a story names its main actors and places; sharing them says little.
    """

    def __init__(self, units: Sequence[StatementUnit]) -> None:
        counts: Counter[str] = Counter()
        for unit in units:
            counts.update(unit.stems | unit.numbers | unit.dates)
            counts.update(unit.words)
            counts.update(unit.predicates)
            counts.update(unit.stances)
        total = len(units) + 1
        self.weight = {t: math.log(total / (n + 0.5)) for t, n in counts.items()}
        # The weight of a term only the two statements of a pair share: sharing one such term is
        # full agreement, sharing only the story's common names is not.
        self.telling = max(math.log(total / 2.5), 1e-6)
        self.totals: dict[frozenset[str], float] = {}

    def share(self, a: frozenset[str], b: frozenset[str]) -> float:
        """The weight of what both share over the lighter one's weight, or over a telling
        term's weight when that is more (0 when either is empty)."""
        if not a or not b:
            return 0.0
        shared = a & b
        if not shared:
            return 0.0
        lighter = max(min(self._total(a), self._total(b)), self.telling)
        return min(1.0, self._sum(shared) / lighter)

    def _total(self, terms: frozenset[str]) -> float:
        """`_sum` of a statement's own terms, kept: every pair of the story asks again."""
        total = self.totals.get(terms)
        if total is None:
            total = self.totals[terms] = self._sum(terms)
        return total

    def _sum(self, terms: frozenset[str]) -> float:
        return sum(max(0.0, self.weight.get(t, 0.0)) for t in terms)


def agreement(a: StatementUnit, b: StatementUnit, rarity: Rarity) -> float:
    """What the particulars two sentences share add to their cosine (differences add nothing)."""
    bonus = NAME_WEIGHT * rarity.share(a.stems | a.numbers | a.dates, b.stems | b.numbers | b.dates)
    bonus += WORD_WEIGHT * rarity.share(a.words, b.words)
    bonus += QUOTE_WEIGHT * rarity.share(a.quoted, b.quoted)
    bonus += NUMBER_WEIGHT * rarity.share(a.numbers, b.numbers)
    bonus += PREDICATE_WEIGHT * rarity.share(a.predicates, b.predicates)
    bonus += STANCE_WEIGHT * rarity.share(a.stances, b.stances)
    return bonus
