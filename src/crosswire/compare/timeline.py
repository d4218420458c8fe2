"""The story's timeline: what happened when, merged across outlets, apart from when it was reported.

Publication dates (estimated where the page gives none) come from
`crosswire.compare.publication_dates`. `build_timeline` turns the sentences holding resolved time
expressions into events: the time value becomes a day interval (a week Monday..Sunday, a month its
days); a past-tense event inside a period that runs past its report ("earlier this week") ends at
the report's date. The same event told by several articles (similar clauses around the time words,
or, across articles, somewhat similar ones supporting one fact) with overlapping intervals becomes
one event with the narrowest interval they all agree on; one article's sentences join only when
alike themselves. An event's `reported` dates are the reporting articles' publication dates, never
its own dates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache

from rapidfuzz import fuzz

from crosswire.annotate.timex import points_forward, resolve_times
from crosswire.annotate.timex_values import parse_anchor, value_interval
from crosswire.compare.publication_dates import content_words
from crosswire.datafiles import load_data
from crosswire.model import (
    Article,
    Fact,
    PublicationDate,
    Span,
    StatementStatus,
    Support,
    TimeExpression,
    TimelineEvent,
)
from crosswire.text import sentence_breaks

# Two sentences tell the same event at this content-word similarity (0..100, time words removed).
# Set on benchmarks/bench_seed_timeline.py.
SAME_EVENT_SIMILARITY = 50.0
# Across articles, sentences supporting one fact need only this similarity (set on the same
# benchmark: facts group several sentences, so the link alone is too loose).
FACT_SIMILARITY = 35.0
# The shortest sentence that still says what happened ("Talks resumed on Monday." has 4 words).
MIN_WHAT_WORDS = 4
# A clause compared for sameness holds at least this many content words (a bare "Last week,"
# says nothing); set on benchmarks/bench_seed_timeline.py.
MIN_CLAUSE_WORDS = 5
MAX_WHAT_CHARS = 240

DAY_VALUE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")
CLAUSE_END = re.compile(r"[,;:—–()]\s*")


# --- intervals ---------------------------------------------------------------------------------


def event_interval(value: str | None) -> tuple[date, date] | None:
    """The days a TimeML value covers (see `crosswire.annotate.timex_values.value_interval`), a
    range "A/B" from A's first day to B's last; None for durations, sets, references and what does
    not parse."""
    parts = [value_interval(p.strip()) for p in (value or "").split("/")]
    if not 1 <= len(parts) <= 2 or any(p is None for p in parts):
        return None
    first, last = parts[0], parts[-1]
    assert first is not None and last is not None
    return (first[0], last[1]) if first[0] <= last[1] else None


# --- events ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mention:
    """One time expression in one sentence: an event as one article tells it."""

    article: str
    sentence: Span
    expression: Span
    words: str
    value: str
    start: date
    end: date
    support: Support
    compare: str  # the sentence's content words, time words removed
    reported: str | None
    facts: frozenset[str]

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.article, self.expression.start, self.expression.end, self.value)


def _times_against(article: Article, anchor: str | None) -> list[TimeExpression]:
    """The article's expressions resolved against `anchor` (its stated or estimated date)."""
    assert article.annotations is not None
    times = list(article.annotations.times)
    if anchor is None:
        return times
    if parse_anchor(anchor) != parse_anchor(article.published.value):  # a new reading: redo
        times = [replace(t, value=None, anchor=None) if t.anchor else t for t in times]
    if any(t.value is None for t in times):
        times = resolve_times(times, anchor, text=article.text)
    return times


def _paragraph_of(article: Article, at: int) -> Span:
    for paragraph in article.paragraphs:
        if paragraph.span.start <= at < paragraph.span.end:
            return paragraph.span
    before = article.text.rfind("\n\n", 0, at)
    after = article.text.find("\n\n", at)
    return Span(before + 2 if before >= 0 else 0, after if after >= 0 else len(article.text))


def _sentence_of(article: Article, at: int) -> Span:
    """The sentence holding offset `at`, cut at its paragraph's edges (a sentence never spans
    two paragraphs, though a splitter may join them)."""
    assert article.annotations is not None
    paragraph = _paragraph_of(article, at)
    spans = sorted(article.annotations.sentences, key=lambda s: s.start)
    i = bisect_right([s.start for s in spans], at) - 1
    if i >= 0 and spans[i].start <= at < spans[i].end:
        found = spans[i]
    else:  # no sentences given: cut at sentence ends
        breaks = list(sentence_breaks(article.text, lines=True))
        start = max([0] + [next_start for _, next_start in breaks if next_start <= at])
        end = next((mark_end for mark_end, _ in breaks if mark_end >= at), len(article.text))
        found = Span(start, end)
    start, end = max(found.start, paragraph.start), min(found.end, paragraph.end)
    while end > start and article.text[end - 1].isspace():
        end -= 1
    while start < end and article.text[start].isspace():
        start += 1
    return Span(start, end) if start < end else found


def _support(article: Article, sentence: Span) -> Support:
    assert article.annotations is not None
    text = article.text[sentence.start : sentence.end].strip()
    status, source = StatementStatus.ASSERTED, None
    for st in article.annotations.statements:
        if st.span.start < sentence.end and sentence.start < st.span.end:
            status, source = st.status, st.source
            break
    return Support(article.source, article.outlet.value, sentence, text, status, source)


def _clause_of(text: str, sentence: Span, at: int) -> tuple[int, int]:
    """The clause holding offset `at`, widened by its neighbours until it says something: "Last
    week, it convened a summit" compares on the summit, not on the rest of a long sentence."""
    cuts = [sentence.start]
    cuts += [m.end() for m in CLAUSE_END.finditer(text, sentence.start, sentence.end)]
    cuts.append(sentence.end)
    k = max(i for i, c in enumerate(cuts[:-1]) if c <= at)
    first, last = k, k + 1
    while len(content_words(text[cuts[first] : cuts[last]])) < MIN_CLAUSE_WORDS:
        if last < len(cuts) - 1:
            last += 1
        elif first > 0:
            first -= 1
        else:
            break
    return cuts[first], cuts[last]


def _compare_text(
    article: Article, sentence: Span, at: int, times: Sequence[TimeExpression]
) -> str:
    """The content words of the clause telling the event, its time words left out."""
    start, end = _clause_of(article.text, sentence, at)
    pieces = []
    for t in sorted(times, key=lambda t: t.span.start):
        if start <= t.span.start and t.span.end <= end:
            pieces.append(article.text[start : t.span.start])
            start = t.span.end
    pieces.append(article.text[start:end])
    return " ".join(content_words(" ".join(pieces)))


@cache
def _tense_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_data("timeline.json")

    def pattern(words: list[str]) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<![\w'])(?:{alternatives})\b", re.IGNORECASE)

    return pattern(data["future_words"]), pattern(data["past_words"])


def _to_come(article: Article, sentence: Span, t: TimeExpression) -> bool:
    """Whether the sentence tells the event as still to come: the expression's own words first
    ("earlier this week" is past), then future words before it in its sentence."""
    future, past = _tense_words()
    if past.search(t.text):
        return False
    if future.search(t.text):
        return True
    before = article.text[sentence.start : t.span.start]
    return future.search(before) is not None or points_forward(article.text, t.span.start)


def _clipped(
    article: Article,
    sentence: Span,
    t: TimeExpression,
    span: tuple[date, date],
    reported: str | None,
) -> tuple[date, date]:
    """A past event in a period running past its report ("this week") ends at the report's date."""
    day = parse_anchor(reported)
    first, last = span
    if day is not None and first <= day < last and not _to_come(article, sentence, t):
        return first, day
    return first, last


def _fact_index(facts: Sequence[Fact]) -> dict[str, list[tuple[Span, str]]]:
    index: dict[str, list[tuple[Span, str]]] = {}
    for fact in facts:
        for s in fact.support:
            index.setdefault(s.article, []).append((s.span, fact.id))
    return index


def _mentions(
    article: Article, pub: PublicationDate | None, facts: dict[str, list[tuple[Span, str]]]
) -> list[_Mention]:
    if article.annotations is None:
        return []
    reported = pub.value if pub is not None else article.published.value
    times = _times_against(article, reported)
    out = []
    for t in times:
        span = event_interval(t.value) if t.type in ("date", "time") else None
        if span is None or t.value is None:
            continue
        sentence = _sentence_of(article, t.span.start)
        first, last = _clipped(article, sentence, t, span, reported)
        ids = frozenset(
            fid
            for fs, fid in facts.get(article.source, ())
            if fs.start < sentence.end and sentence.start < fs.end
        )
        compare = _compare_text(article, sentence, t.span.start, times)
        support = _support(article, sentence)
        out.append(
            _Mention(article.source, sentence, t.span, t.text, t.value, first, last, support,
                     compare, reported, ids)
        )  # fmt: skip
    return out


def _similarity(a: _Mention, b: _Mention) -> float:
    if not a.compare or not b.compare:
        return 0.0
    return _text_similarity(*sorted((a.compare, b.compare)))


@lru_cache(maxsize=65_536)  # copies of an article repeat their clauses: each pair once
def _text_similarity(a: str, b: str) -> float:
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def _linked(a: _Mention, b: _Mention, similarity: float) -> bool:
    """Whether two mentions may tell one event: similar clauses, or (across articles) clauses
    supporting one fact that are still somewhat alike (a fact spans several sentences)."""
    if similarity >= SAME_EVENT_SIMILARITY:
        return True
    return a.article != b.article and bool(a.facts & b.facts) and similarity >= FACT_SIMILARITY


def _candidate_pairs(mentions: Sequence[_Mention]) -> list[tuple[int, int]]:
    """Pairs that may tell one event, most similar first."""
    scored = []
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if a.article == b.article and a.sentence == b.sentence:
                continue  # two times in one sentence are two moments
            if a.start > b.end or b.start > a.end:
                continue
            similarity = _similarity(a, b)
            if _linked(a, b, similarity):
                scored.append((-similarity, i, j))
    return [(i, j) for _, i, j in sorted(scored)]


def _joinable(mentions: Sequence[_Mention], left: list[int], right: list[int]) -> bool:
    """Two groups join only when each article's sentences in them tell one thing: any two of
    one article's sentences must be alike (a fact link alone would chain a story's events)."""
    for i in left:
        for j in right:
            a, b = mentions[i], mentions[j]
            if a.article != b.article:
                continue
            if a.sentence == b.sentence or _similarity(a, b) < SAME_EVENT_SIMILARITY:
                return False
    return True


def _merge(mentions: Sequence[_Mention]) -> list[list[_Mention]]:
    """Groups of mentions of one event; a merge must leave the interval all agree on non-empty."""
    group = list(range(len(mentions)))
    members = {i: [i] for i in group}
    bounds = {i: (m.start, m.end) for i, m in enumerate(mentions)}
    for i, j in _candidate_pairs(mentions):
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        first = max(bounds[gi][0], bounds[gj][0])
        last = min(bounds[gi][1], bounds[gj][1])
        if first > last or not _joinable(mentions, members[gi], members[gj]):
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        members[keep] += members.pop(gone)
        bounds[keep] = (first, last)
        for k in members[keep]:
            group[k] = keep
    return [[mentions[k] for k in sorted(ks)] for ks in members.values()]


def _what(mentions: Sequence[_Mention]) -> str:
    texts = sorted({m.support.text for m in mentions}, key=lambda t: (len(t), t))
    clear = [t for t in texts if len(t.split()) >= MIN_WHAT_WORDS] or texts
    what = " ".join(clear[0].split())
    if len(what) > MAX_WHAT_CHARS:
        what = what[:MAX_WHAT_CHARS].rsplit(" ", 1)[0] + " …"
    return what


def _fact_order(fid: str) -> tuple[int, str]:
    digits = "".join(c for c in fid if c.isdigit())
    return (int(digits) if digits else 0, fid)


def _event(mentions: Sequence[_Mention]) -> TimelineEvent:
    start = max(m.start for m in mentions)
    end = min(m.end for m in mentions)
    narrowest = min(mentions, key=lambda m: (m.end - m.start, m.value))
    supports = {(m.article, m.sentence.start, m.sentence.end): m.support for m in mentions}
    return TimelineEvent(
        id="",
        start=start.isoformat(),
        end=end.isoformat(),
        value=narrowest.value,
        what=_what(mentions),
        support=tuple(supports[k] for k in sorted(supports)),
        expressions=tuple(sorted({" ".join(m.words.split()) for m in mentions})),
        reported=tuple(sorted({m.reported for m in mentions if m.reported})),
        facts=tuple(sorted({f for m in mentions for f in m.facts}, key=_fact_order)),
    )


def build_timeline(
    articles: Sequence[Article],
    published: Sequence[PublicationDate],
    facts: Sequence[Fact],
    *,
    merge: bool = True,
) -> list[TimelineEvent]:
    """The story's events in time order ("T1", ...); `merge=False` keeps one event per time
    expression (for comparison)."""
    by_source = {p.article: p for p in published}
    index = _fact_index(facts)
    found = [m for a in articles for m in _mentions(a, by_source.get(a.source), index)]
    unique = {m.key: m for m in sorted(found, key=lambda m: m.key)}
    mentions = [unique[k] for k in sorted(unique)]
    groups = _merge(mentions) if merge else [[m] for m in mentions]
    events = sorted((_event(g) for g in groups), key=lambda e: (e.start, e.end, e.what, e.value))
    return [replace(e, id=f"T{i}") for i, e in enumerate(events, 1)]
