"""Publication dates for every article of a story, estimated from the story where the page has none.

`estimate_publication` gives every article a publication date: its own when the page gives one
plainly; otherwise an estimate from the story, marked estimated, with the evidence in words:
- an ambiguous numeric date (12-11-2025) keeps the reading the story supports: a reading before a
  date the article itself reports as past is ruled out; an article that retells another dated one
  takes the reading nearest it; a reading inside the span of the story's dated articles beats one
  outside it; else the page's default reading stands (still marked estimated);
- no date at all: no earlier than the latest date the article reports as past (its absolute dates,
  its dated embeds), and about the date of a dated article it retells.
"Retells" is measured as shared runs of content words (see `_shared_runs`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from crosswire.annotate.timex import points_forward
from crosswire.annotate.timex_values import parse_anchor
from crosswire.compare.labels import article_name
from crosswire.model import Article, Basis, PublicationDate
from crosswire.text import function_words, words

# Share of the shorter article's content-word runs found in the other above which one retells the
# other (the same events told again). Set on benchmarks/bench_seed_timeline.py: the seeds' rewrite
# (001 of 000) shares far more than the independent report (002), with room either side.
RETELL_SHARE = 0.12
RUN_WORDS = 3  # content words per run: long enough that unrelated reports rarely share one
# A date reported as past may precede publication by a time zone's day.
ZONE_SLACK = timedelta(days=1)

DAY_VALUE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")


# --- publication dates -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the story knows of one article for dating it."""

    source: str
    name: str  # what evidence calls it: its outlet, else its headline (never its path)
    day: date | None  # the page's own unambiguous date
    runs: frozenset[tuple[str, ...]]
    latest_past: tuple[date, str] | None  # the latest date it reports as past, and its words


def content_words(text: str) -> list[str]:
    """The words of a text that are not function words, lower-cased."""
    stop = function_words()
    return [w for w in (w.lower() for w in words(text)) if w not in stop]


def _shared_runs(text: str) -> frozenset[tuple[str, ...]]:
    words = content_words(text)
    return frozenset(
        tuple(words[i : i + RUN_WORDS]) for i in range(max(0, len(words) - RUN_WORDS + 1))
    )


def _own_day(article: Article) -> date | None:
    published = article.published
    return None if published.ambiguous else parse_anchor(published.value)


def _latest_past(article: Article) -> tuple[date, str] | None:
    """The latest day the article reports as past: absolute dates of its text told without a
    future cue, and the dates of the posts it embeds."""
    found: list[tuple[date, str]] = []
    times = article.annotations.times if article.annotations is not None else ()
    for t in times:
        if t.anchor is not None or t.value is None or t.type not in ("date", "time"):
            continue  # relative expressions depend on the date being sought
        m = DAY_VALUE.fullmatch(t.value)
        if m and not points_forward(article.text, t.span.start):
            day = parse_anchor(t.value)
            if day is not None:
                found.append((day, f"'{t.text}'"))
    for embed in article.embeds:
        day = parse_anchor(embed.date)
        if day is not None:
            found.append((day, "an embedded post's date"))
    return max(found) if found else None


def _profile(article: Article) -> _Profile:
    return _Profile(
        article.source,
        article_name(article),
        _own_day(article),
        _shared_runs(article.text),
        _latest_past(article),
    )


def _retold(me: _Profile, story: Sequence[_Profile]) -> tuple[_Profile, float] | None:
    """The dated article of the story this one shares most with, when it retells it."""
    best: tuple[float, str, _Profile] | None = None
    for other in story:
        if other.source == me.source or other.day is None or not me.runs or not other.runs:
            continue
        share = len(me.runs & other.runs) / min(len(me.runs), len(other.runs))
        if share >= RETELL_SHARE and (best is None or (-share, other.source) < best[:2]):
            best = (-share, other.source, other)
    return (best[2], -best[0]) if best else None


def _pick_reading(article: Article, me: _Profile, story: Sequence[_Profile]) -> PublicationDate:
    """An ambiguous numeric date: the reading the story supports, with why."""
    readings = [(r, d) for r in article.published.alternatives if (d := parse_anchor(r))]
    default = article.published.value
    if me.latest_past is not None:
        floor, words = me.latest_past
        kept = [(r, d) for r, d in readings if d >= floor - ZONE_SLACK]
        if len(kept) == 1 and len(readings) > 1:
            why = f"the other reading is before {words} ({floor.isoformat()}), which it reports"
            return PublicationDate(me.source, kept[0][0], True, f"ambiguous date; {why}")
        readings = kept or readings
    retold = _retold(me, story)
    if retold is not None and readings:
        other, share = retold
        near = other.day
        assert near is not None
        value = min(readings, key=lambda rd: (abs((rd[1] - near).days), rd[0]))[0]
        why = f"it retells {other.name} ({near.isoformat()}, {share:.0%} shared wording)"
        return PublicationDate(
            me.source, value, True, f"ambiguous date; the reading nearest: {why}"
        )
    days = sorted(p.day for p in story if p.day is not None and p.source != me.source)
    inside = [r for r, d in readings if days and days[0] <= d <= days[-1]]
    if len(inside) == 1 and len(readings) > 1:
        span = f"{days[0].isoformat()}..{days[-1].isoformat()}"
        why = f"ambiguous date; the only reading within the story's dated articles ({span})"
        return PublicationDate(me.source, inside[0], True, why)
    why = "ambiguous date; nothing in the story decides, the page's default reading kept"
    return PublicationDate(me.source, default, True, f"{why} ({article.published.evidence})")


def _estimate_missing(me: _Profile, story: Sequence[_Profile]) -> PublicationDate:
    """No date on the page: the latest day it reports as past, or a dated article it retells."""
    reasons: list[tuple[date, str]] = []
    if me.latest_past is not None:
        day, words = me.latest_past
        reasons.append((day, f"no earlier than the latest date it reports ({words}, {day})"))
    retold = _retold(me, story)
    if retold is not None:
        other, share = retold
        assert other.day is not None
        why = f"it retells {other.name} ({other.day}, {share:.0%} shared wording)"
        reasons.append((other.day, why))
    if not reasons:
        return PublicationDate(me.source, None, False, "not stated; nothing in the story dates it")
    day = max(d for d, _ in reasons)
    evidence = "not stated; " + "; ".join(why for _, why in sorted(reasons))
    return PublicationDate(me.source, day.isoformat(), True, evidence)


def estimate_publication(articles: Sequence[Article]) -> list[PublicationDate]:
    """One publication date per article, in the articles' order; estimates marked estimated."""
    story = [_profile(a) for a in articles]
    out = []
    for article, me in zip(articles, story, strict=True):
        published = article.published
        if published.value and not published.ambiguous:
            # A date the page never states (reasoned from its embeds, weekday words) is an estimate.
            estimated = published.basis is Basis.INFERRED
            evidence = f"{published.basis.value}: {published.evidence}".rstrip(": ")
            out.append(PublicationDate(article.source, published.value, estimated, evidence))
        elif published.value:  # ambiguous: the story chooses among its readings
            out.append(_pick_reading(article, me, story))
        else:
            out.append(_estimate_missing(me, story))
    return out
