"""Fact alignment: the statements of a story's articles lined up across outlets into facts.

Statements come from `crosswire.annotate.statements`: sentences and clauses with their attribution.

Two statements of different articles tell one fact when their meaning is close (embedding cosine
as a margin over each one's nearest neighbours: every sentence of a story is about its topic) and
their particulars agree (names, numbers, dates, quoted words, predicates, stances, weighted by
rarity in the story: `crosswire.compare.fact_scores`). Disagreement (37 vs 38 officials) takes
nothing away: that is a conflict inside one fact, found by the conflicts stage. Grouping is best
link first, a merge allowed only when every statement of both groups has a good partner in the
other (`_closeness`), so loose chains do not make blobs.
Links join different articles only; every statement left alone is a single-article fact. Then
claims that tell one event with one verb join, a group joining another when each of its
statements is close to some of the other's (one event told in many sentences, none close to all);
then, with lower bars, claims that take one stance on one side: a position told in other verbs.
A fact is stated by a claim (never a modifier); a near-repeat within one article is told once.

Independent outlets count articles with copies and rewrites counted with their source
(`crosswire.compare.derivation.count_independent`): corroborated from two, else single-source.
Contested is set later, by the conflicts stage.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from crosswire.annotate.speech_lexicon import speech_words
from crosswire.annotate.statements import (
    StatementUnit,
    starts_lower,
    statement_units,
    unique_by_source,
)
from crosswire.compare.derivation import count_independent
from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.compare.fact_scores import Scores, score_statements
from crosswire.model import (
    Article,
    Derivation,
    Fact,
    FactStatus,
    StatementStatus,
    Support,
)

# Weights and thresholds set on benchmarks/bench_seed_facts.py: LINK_SCORE .65 with GROUP_SCORE
# .45-.65 find the same gold facts; .6 keeps the most support pairs right (85% against 82%);
# LINK_SCORE .7 finds fewer, .6 chains more.
LINK_SCORE = 0.65  # the least score of a link between two statements
GROUP_SCORE = 0.60  # the least closeness of two groups being merged (see `_closeness`)
# Two statements of one article this close (MiniLM cosine) tell one thing twice: a standfirst
# repeated in the body, a summary line (not tuned: paraphrases across outlets stand below .9).
NEAR_REPEAT_COSINE = 0.9
# Two claims that take one stance on one side link from this score, their groups merge from
# this closeness (benchmarks/bench_seed_facts.py: the claim three outlets tell in three wordings
# scores .55-.65 against its paraphrases, the same stance in another claim .25-.45).
STANCE_LINK_SCORE = 0.55
STANCE_GROUP_SCORE = 0.50
# Modifiers that meet ("bearing the flag" / "capped with the flag") join the facts their
# sentences claim from this closeness (as the stance pass; ECB+ train, bench_ecbplus_facts.py
# --train: pair precision .896 both ways, recall .147 -> .150; dev .966 / .214 -> .962 / .219).
MODIFIER_GROUP_SCORE = 0.50
# Claims that tell one event with one verb (not a verb of saying) link from this score, and a
# group joins another from this closeness of its statements' best scores with the other (as the
# stance pass): one event told in many sentences ("Reid checked into Promises" / "the actress
# checked into a Malibu clinic") is gathered without each sentence having to be close to all.
# Set on the ECB+ training topics (benchmarks/bench_ecbplus_facts.py --train, pair precision /
# recall .898 / .158 without the pass; verbs taken without their negation, verbs of saying kept):
# .65 / .60 .882 / .202, .62 / .58 .877 / .241, .60 / .58 .871 / .278, .60 / .56 .857 / .286.
# As written (negation kept, verbs of saying left out), .60 / .58: train .869 / .268; dev, once,
# .966 / .208 -> .959 / .328; the seeds (bench_seed_facts.py) give the same 13 / 14 facts.
EVENT_LINK_SCORE = 0.60
EVENT_GROUP_SCORE = 0.58


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
    least = min(LINK_SCORE, EVENT_LINK_SCORE, STANCE_LINK_SCORE)
    scores = score_statements(units, vectors, least=least)
    groups = _without_repeats(_cluster(units, scores), units, vectors)
    groups = _through_modifiers(groups, units, scores)
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


def _cluster(units: Sequence[StatementUnit], scores: Scores) -> list[list[int]]:
    """Best link first, merging two groups only when their average cross-article score holds;
    then links of claims that tell one event with one verb, a group joining another when its
    statements are close to some of the other's; then, with lower bars, links of claims that
    take one stance on one side (a position told in other words: "vetoed Turkish involvement" /
    "will not involve Turkish troops")."""
    group_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    _link(scores.links(LINK_SCORE), GROUP_SCORE, group_of, members, scores)
    verbs = [event_verbs(u) if u.claim else frozenset() for u in units]
    event_links = [(i, j) for i, j in scores.links(EVENT_LINK_SCORE) if verbs[i] & verbs[j]]
    _link(event_links, EVENT_GROUP_SCORE, group_of, members, scores, units)
    stance_links = [
        (i, j)
        for i, j in scores.links(STANCE_LINK_SCORE)
        if units[i].claim and units[j].claim and _one_frame(units[i], units[j])
    ]
    _link(stance_links, STANCE_GROUP_SCORE, group_of, members, scores, units)
    return list(members.values())


def event_verbs(unit: StatementUnit) -> frozenset[str]:
    """The verbs of a statement's predicates, with their negation ("not force"), but for verbs
    of saying and thinking: two sentences that both "said" something tell no one event."""
    reporting = speech_words().reporting
    verbs = (key.rsplit(" ", 1)[0] for key in unit.predicates if " " in key)
    return frozenset(v for v in verbs if v.removeprefix("not ") not in reporting)


def _through_modifiers(
    groups: list[list[int]], units: Sequence[StatementUnit], scores: Scores
) -> list[list[int]]:
    """The groups that state a claim. A group of modifiers only ("bearing the flag" / "capped
    with the flag") is no fact; when it spans articles it joins the facts its sentences claim
    ("the post showed Erdogan with binoculars ..."), if those agree at MODIFIER_GROUP_SCORE."""
    widest: dict[tuple[int, int], tuple[int, int]] = {}  # sentence -> (length, group)
    for n, group in enumerate(groups):
        for i in group:
            if units[i].claim:
                key, size = (units[i].article, units[i].sentence), len(units[i].text)
                widest[key] = max(widest.get(key, (size, n)), (size, n))
    merged = {n: n for n in range(len(groups))}
    for n, group in enumerate(groups):
        if any(units[i].claim for i in group) or len({units[i].article for i in group}) < 2:
            continue
        targets = {widest.get((units[i].article, units[i].sentence), (0, -1))[1] for i in group}
        if -1 in targets:
            continue
        roots = sorted({_root(merged, t) for t in targets})
        if len(roots) < 2:
            continue
        members = [
            [i for m, g in enumerate(groups) if _root(merged, m) == r for i in g] for r in roots
        ]
        if all(
            _closeness(a, b, scores) >= MODIFIER_GROUP_SCORE
            for k, a in enumerate(members)
            for b in members[k + 1 :]
        ):
            for r in roots[1:]:
                merged[r] = roots[0]
            merged[n] = roots[0]  # its words support the fact it joined
    joined: dict[int, list[int]] = {}
    for n, group in enumerate(groups):
        if any(units[i].claim for i in group) or _root(merged, n) != n:
            joined.setdefault(_root(merged, n), []).extend(group)
    return list(joined.values())


def _root(parent: dict[int, int], node: int) -> int:
    while parent[node] != node:
        node = parent[node]
    return node


def _one_frame(a: StatementUnit, b: StatementUnit) -> bool:
    """Whether two claims take one stance on one side. Two wider second passes cost too much
    precision on the ECB+ training topics (benchmarks/bench_ecbplus_facts.py --train, pair
    precision / recall .896 / .147 without them): a shared predicate with a shared name, at
    .55 / .50, .849 / .262; claims that are each other's closest in the other's article at
    cosine .80 / .75, merged at closeness .50, .839 / .205 and .837 / .250. Before the event
    pass (.898 / .158), lower bars of the first pass cost as much: LINK / GROUP .60 / .60 .892 /
    .171, .65 / .56 .865 / .214, .65 / .52 .848 / .257, .55 / .50 .818 / .391; the event pass's
    joining without a shared verb, .60 / .58, .856 / .337; with it, only a group of one article
    joining, .878 / .202; sharing a verb and a name .870 / .214 (against .871 / .217 at .60 /
    .55 closeness both ways)."""
    return bool(a.stances & b.stances)


def _link(
    links: Sequence[tuple[int, int]],
    least: float,
    group_of: list[int],
    members: dict[int, list[int]],
    scores: Scores,
    units: Sequence[StatementUnit] = (),
) -> None:
    """Merge the groups of each link in turn when their closeness is at least `least`. Given
    `units` (the stance pass), the smaller group need only be close to the larger one (a claim
    joins a fact told in many wordings when it is close to some of them), and the two must take
    no opposite stances."""
    for i, j in links:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        if units:
            small, large = sorted((members[a], members[b]), key=len)
            if _joining(small, large, scores) < least or _opposed(small, large, units):
                continue
        elif _closeness(members[a], members[b], scores) < least:
            continue
        keep, gone = min(a, b), max(a, b)
        for unit in members[gone]:
            group_of[unit] = keep
        members[keep].extend(members.pop(gone))


def _joining(small: Sequence[int], large: Sequence[int], scores: Scores) -> float:
    """How well a group joins another: its statements' best scores with the other, averaged."""
    block = scores.block(small, large)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        best = np.nanmax(block, axis=1)
    best = best[~np.isnan(best)]
    return float(best.mean()) if best.size else -1.0


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


def _closeness(first: Sequence[int], second: Sequence[int], scores: Scores) -> float:
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
    scores: Scores,
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
    group: Sequence[int], units: Sequence[StatementUnit], scores: Scores
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
