"""Fact alignment: the statements of a story's articles lined up across outlets into facts.

Statements come from `crosswire.annotate.statements`: sentences and clauses with their attribution.

Two statements of different articles tell one fact when their meaning is close (embedding cosine
as a margin over each one's nearest neighbours: every sentence of a story is about its topic) and
their particulars agree (names, numbers, dates, quoted words, weighted by rarity in the story).
Disagreement (37 vs 38 officials) takes nothing away: that is a conflict inside one fact, found by
the conflicts stage. Grouping is best link first, a merge allowed only when every statement of
both groups has a good partner in the other (`_closeness`), so loose chains do not make blobs.
Links join different articles only; every statement left alone is a single-article fact.

Independent outlets count articles with copies and rewrites counted with their source
(`crosswire.compare.derivation.count_independent`): corroborated from two, else single-source.
Contested is set later, by the conflicts stage.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from crosswire.annotate.statements import (
    StatementUnit,
    starts_lower,
    statement_units,
    unique_by_source,
)
from crosswire.compare.derivation import count_independent
from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.model import (
    Article,
    Derivation,
    Fact,
    FactStatus,
    StatementStatus,
    Support,
)

# Scores: the cosine of two statements' embeddings as a margin over what each scores with its
# nearest statements in other articles (ratio margin, as in bitext mining, NEIGHBOURS as there),
# halved so that a pair twice as close as the sentences' usual neighbours scores 1; plus what
# the particulars both state add. Weights and thresholds set on benchmarks/bench_seed_facts.py:
# LINK_SCORE .65 with GROUP_SCORE .45-.65 find the same gold facts; .6 keeps the most support
# pairs right (85% against 82%); LINK_SCORE .7 finds fewer, .6 chains more.
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
# Two statements of one article this close (MiniLM cosine) tell one thing twice: a standfirst
# repeated in the body, a summary line (not tuned: paraphrases across outlets stand below .9).
NEAR_REPEAT_COSINE = 0.9
LINK_SCORE = 0.65  # the least score of a link between two statements
# Two claims that take one stance on one side link from this score, their groups merge from
# this closeness (benchmarks/bench_seed_facts.py: the claim three outlets tell in three wordings
# scores .55-.65 against its paraphrases, the same stance in another claim .25-.45).
STANCE_LINK_SCORE = 0.55
STANCE_GROUP_SCORE = 0.50
FRAME_PREDICATES = False
GROUP_SCORE = 0.60  # the least closeness of two groups being merged (see `_closeness`)
# Below this no agreement of particulars can lift a pair to a link: not worth scoring them.
CANDIDATE_SCORE = LINK_SCORE - (
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


def align_facts(
    articles: Sequence[Article], derivations: Sequence[Derivation], *, backend: EmbeddingBackend
) -> list[Fact]:
    """The facts of one story's articles, most corroborated first ("F1", "F2", ...).

    The result does not depend on the order of `articles` (they are taken sorted by source).
    """
    copies = _Copies(unique_by_source(articles))
    units = [
        unit
        for index, article in enumerate(copies.distinct)
        for unit in statement_units(index, article)
    ]
    if not units:
        return []
    vectors = np.asarray(backend.encode([u.wording for u in units]), dtype=np.float32)
    scores = _scores(units, vectors)
    groups = _without_repeats(_cluster(units, scores), units, vectors)
    groups = [g for g in groups if any(units[i].claim for i in g)]  # modifiers only: no fact
    facts = [_fact(sorted(g), units, copies, scores, derivations) for g in groups]
    facts.sort(
        key=lambda f: (
            -f.independent_outlets,
            -len(f.articles),
            f.support[0].article,
            f.support[0].span.start,
        )
    )
    return [replace(fact, id=f"F{n}") for n, fact in enumerate(facts, start=1)]


class _Copies:
    """Articles of one text (a wire story taken word for word, a page given twice) are aligned
    once, as the first by source: each fact of that text is a fact of every copy, with the copy's
    own source and outlet. Aligned apart, copies would be each other's nearest neighbours and
    shrink every margin of the other articles' sentences, and a pile of copies would make
    facts of hundreds of identical supports to compare."""

    def __init__(self, ordered: Sequence[Article]) -> None:
        at: dict[str, int] = {}
        self.distinct: list[Article] = []
        self.copies: list[list[Article]] = []  # per distinct text: its articles, by source
        for article in ordered:
            if article.text in at:
                self.copies[at[article.text]].append(article)
            else:
                at[article.text] = len(self.distinct)
                self.distinct.append(article)
                self.copies.append([article])


# --- scores and grouping ------------------------------------------------------------------------


class _Scores:
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


def _scores(units: Sequence[StatementUnit], vectors: np.ndarray) -> _Scores:
    """Every pair's score in a story of up to DENSE_LIMIT statements, else each one's best."""
    article = np.array([u.article for u in units])
    sentences = _Sentences(units)
    if len(units) > DENSE_LIMIT:
        return _Scores(None, _partner_scores(units, vectors, sentences), article)
    scores = _margins(vectors, sentences)
    scores[article[:, None] == article[None, :]] = np.nan
    rows, cols = np.nonzero(np.triu(np.nan_to_num(scores, nan=-1.0) >= CANDIDATE_SCORE, 1))
    rarity = _Rarity(units)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        score = float(scores[i, j]) + _agreement(units[i], units[j], rarity)
        scores[i, j] = scores[j, i] = score
    return _Scores(scores, {}, article)


def _partner_scores(
    units: Sequence[StatementUnit], vectors: np.ndarray, sentences: _Sentences
) -> dict[tuple[int, int], float]:
    """The scores of each statement's PARTNERS best candidates, a CHUNK of rows at a time."""
    article = sentences.unit_article
    near = _neighbour_means(vectors, sentences)
    rarity = _Rarity(units)
    pairs: dict[tuple[int, int], float] = {}
    keep = min(PARTNERS, len(units) - 1)
    for start in range(0, len(units), CHUNK):
        margin = _margin_rows(vectors, article, near, start)
        best = np.argpartition(-margin, keep - 1, axis=1)[:, :keep]
        for row, partners in enumerate(best.tolist()):
            i = start + row
            for j in partners:
                key = (min(i, j), max(i, j))
                if margin[row, j] >= CANDIDATE_SCORE and key not in pairs:
                    pairs[key] = float(margin[row, j]) + _agreement(units[i], units[j], rarity)
    return pairs


class _Sentences:
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


def _neighbour_means(vectors: np.ndarray, sentences: _Sentences) -> np.ndarray:
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


def _margins(vectors: np.ndarray, sentences: _Sentences) -> np.ndarray:
    """Cosines over the mean cosine of both statements' nearest neighbours in other articles
    (ratio margin, as in bitext mining): a pair stands out from what each statement scores with
    everything else in the story, however close the story's sentences are among themselves."""
    cosines = (vectors @ vectors.T).astype(np.float32)
    if len(set(sentences.article.tolist())) < 2:
        return cosines
    near = sentences.nearest_means(cosines, sentences.unit_article)
    scale = np.maximum((near[:, None] + near[None, :]) / 2, MIN_MARGIN_SCALE)
    return (cosines / scale * MARGIN_SCALE).astype(np.float32)


class _Rarity:
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


def _agreement(a: StatementUnit, b: StatementUnit, rarity: _Rarity) -> float:
    """What the particulars two sentences share add to their cosine (differences add nothing)."""
    bonus = NAME_WEIGHT * rarity.share(a.stems | a.numbers | a.dates, b.stems | b.numbers | b.dates)
    bonus += WORD_WEIGHT * rarity.share(a.words, b.words)
    bonus += QUOTE_WEIGHT * rarity.share(a.quoted, b.quoted)
    bonus += NUMBER_WEIGHT * rarity.share(a.numbers, b.numbers)
    bonus += PREDICATE_WEIGHT * rarity.share(a.predicates, b.predicates)
    bonus += STANCE_WEIGHT * rarity.share(a.stances, b.stances)
    return bonus


def _cluster(units: Sequence[StatementUnit], scores: _Scores) -> list[list[int]]:
    """Best link first, merging two groups only when their average cross-article score holds;
    then, with lower bars, links of claims that take one stance on one side (a position told in
    other words: "vetoed Turkish involvement" / "will not involve Turkish troops")."""
    group_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    _link(scores.links(LINK_SCORE), GROUP_SCORE, group_of, members, scores)
    stance_links = [
        (i, j)
        for i, j in scores.links(STANCE_LINK_SCORE)
        if units[i].claim and units[j].claim and _one_frame(units[i], units[j])
    ]
    _link(stance_links, STANCE_GROUP_SCORE, group_of, members, scores, units)
    return list(members.values())


def _one_frame(a: StatementUnit, b: StatementUnit) -> bool:
    """Whether two claims take one stance on one side, or (with FRAME_PREDICATES) tell one
    predicate of one named participant."""
    if a.stances & b.stances:
        return True
    return FRAME_PREDICATES and bool(a.predicates & b.predicates) and bool(a.stems & b.stems)


def _link(
    links: Sequence[tuple[int, int]],
    least: float,
    group_of: list[int],
    members: dict[int, list[int]],
    scores: _Scores,
    units: Sequence[StatementUnit] = (),
) -> None:
    """Merge the groups of each link in turn when their closeness is at least `least` (and,
    given `units`, when they take no opposite stances)."""
    for i, j in links:
        a, b = group_of[i], group_of[j]
        if a == b or _closeness(members[a], members[b], scores) < least:
            continue
        if units and _opposed(members[a], members[b], units):
            continue
        keep, gone = min(a, b), max(a, b)
        for unit in members[gone]:
            group_of[unit] = keep
        members[keep].extend(members.pop(gone))


def _opposed(first: Sequence[int], second: Sequence[int], units: Sequence[StatementUnit]) -> bool:
    """Whether one group is for a side the other is against."""
    mine = {s for i in first for s in units[i].stances}
    theirs = {s for i in second for s in units[i].stances}
    flipped = {
        s.replace("against ", "for ", 1)
        if s.startswith("against ")
        else s.replace("for ", "against ", 1)
        for s in mine
    }
    return bool(flipped & theirs)


def _without_repeats(
    groups: list[list[int]], units: Sequence[StatementUnit], vectors: np.ndarray
) -> list[list[int]]:
    """The groups without those that only repeat another: statements of one article, left alone,
    each of which overlaps a statement of that article kept in another fact (a clause of a
    sentence that is a fact of its own, or that sentence around its clause, would list one claim
    twice or three times) or repeats one nearly word for word (a standfirst told again below)."""
    kept: dict[int, list[int]] = {}
    out = []
    for group in sorted(groups, key=lambda g: _breadth(g, units)):
        alone = len({units[i].article for i in group}) == 1
        repeats = (_repeats(i, kept.get(units[i].article, []), units, vectors) for i in group)
        if alone and all(repeats):
            continue
        out.append(group)
        for i in group:
            kept.setdefault(units[i].article, []).append(i)
    return out


def _repeats(
    i: int, kept: Sequence[int], units: Sequence[StatementUnit], vectors: np.ndarray
) -> bool:
    """Whether statement i overlaps a kept statement of its article or nearly repeats one."""
    span = units[i].span
    for j in kept:
        other = units[j].span
        if (other.start <= span.start and span.end <= other.end) or (
            span.start <= other.start and other.end <= span.end
        ):
            return True
    return bool(kept) and float(np.max(vectors[kept] @ vectors[i])) >= NEAR_REPEAT_COSINE


def _breadth(group: Sequence[int], units: Sequence[StatementUnit]) -> tuple[int, int, int]:
    """Facts of several articles first, then the longest statements (sentences before their
    clauses); ties by position."""
    articles = len({units[i].article for i in group})
    longest = max(units[i].span.end - units[i].span.start for i in group)
    return (-articles, -longest, min(group))


def _closeness(first: Sequence[int], second: Sequence[int], scores: _Scores) -> float:
    """How well two groups agree: each sentence's best score with the other group's sentences
    (of other articles), averaged over the sentences of both. Every sentence must find a good
    partner, so a chain through one shared sentence does not join two facts; yet a fact told in
    several sentences of one article is not held to its weakest pairing."""
    block = scores.block(first, second)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        best = np.concatenate([np.nanmax(block, axis=1), np.nanmax(block, axis=0)])
    best = best[~np.isnan(best)]
    return float(best.mean()) if best.size else -1.0


# --- facts --------------------------------------------------------------------------------------


def _fact(
    group: Sequence[int],
    units: Sequence[StatementUnit],
    copies: _Copies,
    scores: _Scores,
    derivations: Sequence[Derivation],
) -> Fact:
    chosen = [units[i] for i in group]
    supports = [
        Support(article.source, article.outlet.value, u.span, u.text, u.status, u.source)
        for u in chosen
        for article in copies.copies[u.article]
    ]
    support = tuple(sorted(supports, key=lambda s: (s.article, s.span.start, s.span.end)))
    sources = list(dict.fromkeys(s.article for s in support))
    independent = count_independent(sources, derivations)
    return Fact(
        id="",
        statement=_statement(group, units, scores).wording,
        support=support,
        independent_outlets=independent,
        status=FactStatus.CORROBORATED if independent >= 2 else FactStatus.SINGLE_SOURCE,
        entities=_agreed_names(chosen),
        numbers=_agreed_numbers(chosen),
        when=_when(chosen),
    )


def _statement(
    group: Sequence[int], units: Sequence[StatementUnit], scores: _Scores
) -> StatementUnit:
    """The clearest wording: a claim (never a modifier or a piece of a sentence), an asserted
    one over an attributed one, then the one closest to the others (the most central), the
    shortest. A statement is told in its own wording: a clause's ("the minister's country was a
    candidate"), a sentence's with its pronoun or demonstrative resolved ("Barrack predicted")."""

    def centrality(i: int) -> float:
        row = scores.block([i], [j for j in group if j != i])[0]
        row = row[~np.isnan(row)]
        return round(float(row.mean()), 3) if row.size else 0.0

    best = min(
        group,
        key=lambda i: (
            not units[i].claim,
            units[i].status != StatementStatus.ASSERTED,
            starts_lower(units[i].wording),
            -centrality(i),
            len(units[i].text),
            i,
        ),
    )
    return units[best]


def _by_article(units: Sequence[StatementUnit], field: str) -> list[frozenset[str]]:
    """Per article of the fact: the union of one particular over its sentences."""
    per: dict[int, set[str]] = {}
    for unit in units:
        values = unit.stems if field == "stems" else getattr(unit, field)
        per.setdefault(unit.article, set()).update(values)
    return [frozenset(v) for v in per.values()]


def _agreed_names(units: Sequence[StatementUnit]) -> tuple[str, ...]:
    """Names every article of the fact mentions, as first written."""
    common = frozenset.intersection(*_by_article(units, "stems"))
    names: dict[str, None] = {}
    for unit in units:
        for stem, name in unit.names:
            if name and stem in common:
                names.setdefault(name)
    return tuple(names)


def _agreed_numbers(units: Sequence[StatementUnit]) -> tuple[str, ...]:
    """Numbers every article that states numbers states (37 vs 38 agree on neither)."""
    stated = [n for n in _by_article(units, "numbers") if n]
    if not stated:
        return ()
    common = frozenset.intersection(*stated)
    return tuple(sorted(common, key=lambda n: (len(n), n)))  # 8, 37, 120


def _when(units: Sequence[StatementUnit]) -> str | None:
    """The date every article that dates the fact gives (the most precise when several)."""
    dated = [d for d in _by_article(units, "dates") if d]
    if not dated:
        return None
    common = frozenset.intersection(*dated)
    return max(common, key=lambda v: (len(v), v)) if common else None
