"""Conflicts: where the story's outlets do not tell a thing the same way.

Within one fact (its supporting sentences come from different articles), each pair of sentences
from two articles is cut into clauses and the clauses that tell the same thing are lined up (they
share content words; dates and certainty are compared only in clauses that retell each other,
RETELLING_MIN_LIKENESS). A lined-up pair may state different resolved dates of one precision
(DATE), a different place after the same preposition or a different person with the same role in
otherwise alike clauses (NAME), or one may assert what the other puts in doubt (CERTAINTY:
unconfirmed, or said by the one the claim is about: "X said it closed ..." against "X closed
..."; a spokesperson's word on another's act is ordinary attribution). The differences of one
kind and values within a fact make one conflict.

Numbers are read whole with what they count, and counts of several articles that answer one
question ("how many ships at anchor?"), in one fact or across facts, are one NUMBER conflict
when they cannot all be right (crosswire.compare.count_questions).

Across articles, opposed positions of one side are a POSITION conflict (crosswire.compare.stances):
a sentence whose holder (the speaker, or the first side named before the stance word) belongs to
a side (a country, through a role like "X ambassador to Y" -> X or a demonym; else the
organisation or person itself) and whose stance words give a polarity, against a sentence of the
same side in another article, with the other polarity, naming a common target and similar in
wording (POSITION_MIN_COSINE).

Each conflict's summary is its heading (crosswire.compare.headings): the question the outlets
answer differently, then each answer with its outlets ("How many ships at anchor: 37 (Harbour
Wire) vs 42 (Northshore Gazette)").

Word lists are data (`data/conflicts.json`, `data/numbers.json`); country names reuse
`data/aliases.json`. `mark_contested` marks the facts of NUMBER, DATE, NAME and POSITION conflicts
CONTESTED. A CERTAINTY difference alone does not contest a fact: the outlets tell the same
content, one only hedges it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from crosswire.compare.conflict_words import STEM, Clause, common_stems, stems, tokens, words
from crosswire.compare.count_questions import number_conflicts
from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.compare.headings import (
    certainty_answer,
    certainty_question,
    heading,
    when_question,
    where_question,
    who_question,
    without,
)
from crosswire.compare.labels import article_name
from crosswire.compare.numbers import number_words
from crosswire.compare.stances import position_conflicts
from crosswire.compare.tellings import Found, Told, id_key, short, status_and_cue, support_key, told
from crosswire.model import (
    Article,
    Conflict,
    ConflictKind,
    Fact,
    FactStatus,
    StatementStatus,
    Support,
)

log = logging.getLogger(__name__)

# Clauses tell the same thing when they share this many content stems.
# set on benchmarks/bench_seed_conflicts.py
MIN_SHARED_STEMS = 2
# A certainty difference needs clauses that share this many stems, this many of common words.
# set on benchmarks/bench_seed_conflicts.py
CERTAINTY_MIN_SHARED = 3
# A different name in the same slot needs clauses this alike otherwise (Jaccard of their stems
# without the names): a story moves between places and people, and only a near retelling of one
# clause with another name is a conflict. set on benchmarks/bench_seed_conflicts.py (ECB+ check)
NAME_MIN_LIKENESS = 0.5
# Numbers and certainty are compared in clauses that retell each other at least this much
# (Jaccard of stems; the seeds' F09 clauses stand at .5). set on benchmarks/bench_seed_conflicts.py
RETELLING_MIN_LIKENESS = 0.3
CERTAINTY_MIN_COMMON = 2
CONTESTING = (ConflictKind.NUMBER, ConflictKind.DATE, ConflictKind.NAME, ConflictKind.POSITION)
KIND_ORDER = {kind: i for i, kind in enumerate(ConflictKind)}
# The words before a place that a "Where" question leaves out with it.
PLACE_WORDS = ("in the", "at the", "in", "at")


# --- Dates and names of a clause -----------------------------------------------------------------


DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")


def dates_in(t: Told, clause: Clause) -> list[str]:
    return [value for value, *_ in _dates(t, clause)]


def _dates(t: Told, clause: Clause) -> list[tuple[str, str, int, int]]:
    """(value, text, start, end) of the resolved dates of a clause."""
    if t.article is None or t.article.annotations is None:
        return []
    return [
        (x.value, x.text, x.span.start, x.span.end)
        for x in t.article.annotations.times
        if x.value and x.type == "date" and clause.start <= x.span.start < clause.end
    ]


def date_difference(a: list[str], b: list[str]) -> tuple[str, str] | None:
    """Different resolved dates of the same precision (a day against a day, a month against a
    month); a week against a day in it, or a month against one of its days, agree."""
    for pattern in (DAY, MONTH):
        days_a = sorted({v for v in a if pattern.match(v)})
        days_b = sorted({v for v in b if pattern.match(v)})
        if days_a and days_b and not set(days_a) & set(days_b):
            return days_a[0], days_b[0]
    return None


def _mentioned(t: Told, clause: Clause) -> list[tuple[str, str, tuple[str, ...], int]]:
    """(name, type, roles, mention start) of the entities mentioned in a clause."""
    if t.article is None or t.article.annotations is None:
        return []
    found = []
    for entity in t.article.annotations.entities:
        for mention in entity.mentions:
            if clause.start <= mention.span.start < clause.end and entity.description is None:
                found.append((entity.name, entity.type, entity.roles, mention.span.start))
    return found


def _preposition(t: Told, at: int) -> str | None:
    """The preposition right before a mention ("in", "at"), when it is one of those."""
    if t.article is None:
        return None
    before = tokens(t.article.text[max(0, at - 12) : at])
    if before and before[-1] in ("in", "at"):
        return before[-1]
    if len(before) >= 2 and before[-2] in ("in", "at") and before[-1] == "the":
        return before[-2]
    return None


def name_difference(a: Told, ca: Clause, b: Told, cb: Clause) -> tuple[str, str, str] | None:
    """A different place after the same preposition, or a different person with the same role, in
    clauses alike but for the names (NAME_MIN_LIKENESS),
    where neither name appears in the other article (one that names both places may only be
    more precise: a town and its region): (name a, name b, slot)."""
    in_a, in_b = _mentioned(a, ca), _mentioned(b, cb)
    if _likeness(ca.text, cb.text, [n for n, *_ in in_a + in_b]) < NAME_MIN_LIKENESS:
        return None
    for name_a, type_a, roles_a, at_a in in_a:
        for name_b, type_b, roles_b, at_b in in_b:
            if name_a == name_b or type_a != type_b or type_a not in ("place", "person"):
                continue
            if _named_in(name_a, b) or _named_in(name_b, a):
                continue
            if type_a == "place":
                prep = _preposition(a, at_a)
                if prep and prep == _preposition(b, at_b):
                    return name_a, name_b, f"place ({prep})"
            shared_roles = {r.lower() for r in roles_a} & {r.lower() for r in roles_b}
            if type_a == "person" and shared_roles:
                return name_a, name_b, sorted(shared_roles)[0]
    return None


def _likeness(a: str, b: str, names: Sequence[str]) -> float:
    """The share of two clauses' stems they have in common, the names compared left out."""
    left_out = {w[:STEM] for n in names for w in tokens(n)}
    sa, sb = stems(a) - left_out, stems(b) - left_out
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _named_in(name: str, t: Told) -> bool:
    text = t.article.text if t.article is not None else t.support.text
    return _last_word(name) in tokens(text)


def _last_word(name: str) -> str:
    found = tokens(name)
    return found[-1] if found else ""


# --- Within one fact -----------------------------------------------------------------------------


def matched_clauses(a: Told, b: Told) -> list[tuple[Clause, Clause]]:
    """Each clause of `a` with the clause of `b` that shares most content stems with it (at least
    MIN_SHARED_STEMS), when that clause of `a` is also the best for it."""
    pairs = []
    for ca in a.clauses:
        sa = stems(ca.text)
        scored = [(len(sa & stems(cb.text)), -cb.start, cb) for cb in b.clauses]
        if not scored:
            continue
        shared, _, cb = max(scored, key=lambda s: (s[0], s[1]))
        if shared < MIN_SHARED_STEMS:
            continue
        sb = stems(cb.text)
        if max(len(stems(other.text) & sb) for other in a.clauses) == shared:
            pairs.append((ca, cb))
    return pairs


def _certainty_value(t: Told, hedged: bool) -> str:
    if not hedged:
        return "asserted"
    status, _ = status_and_cue(t)
    source = t.statement.source if t.statement is not None else t.support.source
    return f"{status.value}: {source}" if source else status.value


def compare_pair(fact: Fact, a: Told, b: Told) -> list[Found]:
    """What two sentences of one fact, from two articles, tell differently."""
    found: list[Found] = []
    for ca, cb in matched_clauses(a, b):
        alike = _likeness(ca.text, cb.text, ()) >= RETELLING_MIN_LIKENESS
        date = _date_found(fact, a, ca, b, cb) if alike else None
        name = _name_found(fact, a, ca, b, cb)
        certainty = _certainty_found(fact, a, ca, b, cb) if alike else None
        found.extend(item for item in (date, name, certainty) if item is not None)
    return found


def _date_found(fact: Fact, a: Told, ca: Clause, b: Told, cb: Clause) -> Found | None:
    """A DATE conflict: "When the ferry sank near Sorn: 3 May 2031 (A) vs 5 May 2031 (B)"."""
    dated_a, dated_b = _dates(a, ca), _dates(b, cb)
    date = date_difference([d[0] for d in dated_a], [d[0] for d in dated_b])
    if date is None:
        return None
    (_, text_a, start, end), text_b = _date_of(dated_a, date[0]), _date_of(dated_b, date[1])[1]
    clause = without(ca.text, start - ca.start, end - ca.start, number_words().time_prepositions)
    told = ((a.support.text, text_a), (b.support.text, text_b))
    summary = f"{date[0]} vs {date[1]} (when: {short(ca.text, 50)})"
    return Found(
        ConflictKind.DATE,
        summary,
        (a.support,),
        (b.support,),
        date,
        (fact.id,),
        question=when_question(clause),
        told=told,
    )


def _date_of(dated: list[tuple[str, str, int, int]], value: str) -> tuple[str, str, int, int]:
    return next(d for d in dated if d[0] == value)


def _name_found(fact: Fact, a: Told, ca: Clause, b: Told, cb: Clause) -> Found | None:
    """A NAME conflict: "Where the leaders met on Monday: Paris (A) vs Madrid (B)"."""
    name = name_difference(a, ca, b, cb)
    if name is None:
        return None
    at = ca.text.find(name[0])
    clause = ca.text if at < 0 else without(ca.text, at, at + len(name[0]), PLACE_WORDS)
    if name[2].startswith("place"):
        question = where_question(clause)
    else:
        question = who_question(name[2], clause)
    return Found(
        ConflictKind.NAME,
        f"{name[0]} vs {name[1]} ({name[2]})",
        (a.support,),
        (b.support,),
        name[:2],
        (fact.id,),
        question=question,
        told=((a.support.text, name[0]), (b.support.text, name[1])),
    )


def _certainty_found(fact: Fact, a: Told, ca: Clause, b: Told, cb: Clause) -> Found | None:
    """A CERTAINTY difference, the asserting side first: "Is it established that Turkish airspace
    is closed to Israeli aircraft? stated as fact (A) vs only claimed, by Turkey (B)"."""
    certainty = certainty_difference(a, ca, b, cb)
    if certainty is None:
        return None
    plain_first = certainty[0] == "asserted"
    (sure, clause), hedged = ((a, ca), b) if plain_first else ((b, cb), a)
    status, _ = status_and_cue(hedged)
    source = hedged.statement.source if hedged.statement is not None else hedged.support.source
    told = (
        (sure.support.text, certainty_answer(StatementStatus.ASSERTED, None)),
        (hedged.support.text, certainty_answer(status, source)),
    )
    return Found(
        ConflictKind.CERTAINTY,
        f"stated as fact, only reported elsewhere: {short(clause.text, 60)}",
        (sure.support,),
        (hedged.support,),
        certainty if plain_first else certainty[::-1],
        (fact.id,),
        question=certainty_question(clause.text),
        told=told,
    )


QUOTE_MARK = re.compile("[\"“”„«»]|``|''")


def _doubted(hedged: Told, plain: Clause) -> bool:
    """Whether the reported telling puts the claim in doubt: it is unconfirmed ("reports claim",
    "according to information obtained by"), or the one who says it is the one the claim is
    about ("X said it closed ..." against "X closed ..."). A spokesperson's word on someone
    else's act is ordinary attribution, not a difference of certainty."""
    status, _ = status_and_cue(hedged)
    if status is StatementStatus.UNCONFIRMED:
        return True
    source = hedged.statement.source if hedged.statement is not None else hedged.support.source
    if not source:
        return False
    said = tokens(plain.text)
    country = words().countries.get(source.lower())
    named = {_last_word(source), *(tokens(country) if country else [])}
    sides = {words().countries.get(t, "").lower() for t in said} - {""}
    return bool(named & set(said)) or (country is not None and country.lower() in sides)


def certainty_difference(a: Told, ca: Clause, b: Told, cb: Clause) -> tuple[str, str] | None:
    """One clause asserted, its match reported in doubt (see `_doubted`), when they share enough
    words of their own (not only names: CERTAINTY_MIN_SHARED stems, CERTAINTY_MIN_COMMON of them
    common words) and the asserted one quotes no one."""
    hedged_a, hedged_b = a.hedged(ca), b.hedged(cb)
    if hedged_a is None or hedged_b is None or hedged_a == hedged_b:
        return None
    plain_clause, hedged = (cb, a) if hedged_a else (ca, b)
    if QUOTE_MARK.search(plain_clause.text) or not _doubted(hedged, plain_clause):
        return None
    if len(stems(ca.text) & stems(cb.text)) < CERTAINTY_MIN_SHARED:
        return None
    if len(common_stems(ca.text) & common_stems(cb.text)) < CERTAINTY_MIN_COMMON:
        return None
    return _certainty_value(a, hedged_a), _certainty_value(b, hedged_b)


def fact_conflicts(fact: Fact, by_source: dict[str, Article]) -> list[Found]:
    """The differences within one fact, those of one kind and values gathered into one conflict
    (five outlets saying 37 and two saying 38 make one conflict, not ten)."""
    tellings = _tellings(fact.support, by_source)
    gathered: dict[tuple[object, ...], Found] = {}
    for i, (a, as_told) in enumerate(tellings):
        for b, bs_told in tellings[i + 1 :]:
            if len({s.article for s in (*as_told, *bs_told)}) == 1:
                continue  # one article's sentences are never compared with each other
            for found in compare_pair(fact, a, b):
                item = replace(
                    found,
                    side_a=_told_by(found.side_a, tellings),
                    side_b=_told_by(found.side_b, tellings),
                )
                # One conflict per kind and values, whichever way round a pair told them.
                certain = item.kind is ConflictKind.CERTAINTY
                key = (item.kind, frozenset() if certain else frozenset(item.values))
                if key in gathered and not certain and gathered[key].values != item.values:
                    item = replace(
                        item, side_a=item.side_b, side_b=item.side_a, values=item.values[::-1]
                    )
                if key in gathered:
                    first = gathered[key]
                    item = replace(
                        first,
                        side_a=_union(first.side_a, item.side_a),
                        side_b=_union(first.side_b, item.side_b),
                    )
                gathered[key] = item
    return list(gathered.values())


def _tellings(
    supports: Iterable[Support], by_source: dict[str, Article]
) -> list[tuple[Told, tuple[Support, ...]]]:
    """The fact's supports as distinct tellings: copies of one article (the same text, sentence,
    attribution and what annotations are made from) tell it once, so 600 wire copies make one
    comparison, not 180,000. Each telling is read from its first support, with all its
    supports."""
    groups: dict[tuple[object, ...], list[Support]] = {}
    for support in sorted(supports, key=support_key):
        article = by_source.get(support.article)
        key = (
            support.span,
            support.status,
            support.source,
            # what the annotation of a text is made from (its hash is cheap: not the
            # annotations themselves, hashed anew for every support)
            None if article is None else _made_from(article),
            support.article if article is None else None,
        )
        groups.setdefault(key, []).append(support)
    return [(told(group[0], by_source), tuple(group)) for group in groups.values()]


def _made_from(article: Article) -> tuple[object, ...]:
    return (article.text, article.published, article.language, article.embeds)


def _told_by(
    side: Sequence[Support], tellings: Sequence[tuple[Told, tuple[Support, ...]]]
) -> tuple[Support, ...]:
    """A conflict side's supports with every copy that tells them alike."""
    copies = {told.support: group for told, group in tellings}
    return tuple(sorted({c for s in side for c in copies.get(s, (s,))}, key=support_key))


def _union(a: Sequence[Support], b: Sequence[Support]) -> tuple[Support, ...]:
    return tuple(sorted(set(a) | set(b), key=support_key))


# --- The stage -----------------------------------------------------------------------------------


def find_conflicts(
    articles: Sequence[Article], facts: Sequence[Fact], *, backend: EmbeddingBackend
) -> list[Conflict]:
    """The conflicts of a story: content and certainty differences within its facts, opposed
    positions across its articles. Deterministic and independent of the articles' order."""
    ordered = sorted({a.source: a for a in articles}.values(), key=lambda a: a.source)
    by_source = {a.source: a for a in ordered}
    found: list[Found] = []
    for fact in sorted(facts, key=lambda f: id_key(f.id)):
        found.extend(fact_conflicts(fact, by_source))
    found.extend(number_conflicts(ordered, facts))
    found.extend(position_conflicts(ordered, facts, backend))
    conflicts = _numbered(_merged(found), by_source)
    log.debug(
        "%d conflicts among %d facts of %d articles", len(conflicts), len(facts), len(ordered)
    )
    return conflicts


def _merged(found: Iterable[Found]) -> list[Found]:
    """One conflict per kind, sides and values (the same pair of sentences may stand in several
    facts), with the facts of all."""
    merged: dict[tuple[object, ...], Found] = {}
    for item in found:
        key = (
            item.kind,
            tuple(map(support_key, item.side_a)),
            tuple(map(support_key, item.side_b)),
            item.values,
        )
        if key in merged:
            facts = tuple(sorted(set(merged[key].facts) | set(item.facts), key=id_key))
            item = replace(merged[key], facts=facts)
        merged[key] = item
    return list(merged.values())


def _numbered(found: list[Found], by_source: dict[str, Article]) -> list[Conflict]:
    def order(item: Found) -> tuple[object, ...]:
        first_fact = id_key(item.facts[0]) if item.facts else (10**9, "")
        return (
            KIND_ORDER[item.kind],
            first_fact,
            [support_key(s) for s in item.side_a],
            [support_key(s) for s in item.side_b],
            item.values,
        )

    return [
        Conflict(
            id=f"C{n}",
            kind=item.kind,
            summary=heading(item, lambda s: _outlet_name(s, by_source)),
            side_a=item.side_a,
            side_b=item.side_b,
            values=item.values,
            facts=item.facts,
            actor=item.actor,
        )
        for n, item in enumerate(sorted(found, key=order), start=1)
    ]


def _outlet_name(support: Support, by_source: dict[str, Article]) -> str:
    """What a heading calls the article of a sentence: its outlet, else its headline (never a
    path)."""
    if support.outlet:
        return support.outlet
    article = by_source.get(support.article)
    return article_name(article) if article is not None else "an unnamed outlet"


def mark_contested(facts: Sequence[Fact], conflicts: Sequence[Conflict]) -> list[Fact]:
    """The facts with those in a NUMBER, DATE, NAME or POSITION conflict marked CONTESTED. A
    CERTAINTY difference alone leaves a fact as it is: the outlets tell the same content."""
    contested = {f for c in conflicts if c.kind in CONTESTING for f in c.facts}
    return [replace(f, status=FactStatus.CONTESTED) if f.id in contested else f for f in facts]
