"""Dates a page gives relative to when it was read: "3 hours ago", "vor 3 Stunden", "today at
20:07", "just now", or a lone time under the title ("13:37 Uhr": today's). They name a day only
against the fetch time: the page's own (WARC, JSONL, a download) or the one the user gives, which
may be a day with no time ("fetched on 2024-11-22"). Then an age of hours can fall on the fetch day
or the day before, and a count of days is rounded by the site: the day is reported ambiguous, with
the days left open, rather than guessed silently.

page_dates.py calls `relative_date` when the page states no date of its own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from crosswire.extract.date_mentions import date_cue, phrases, to_iso
from crosswire.model import Basis, DateValue, Line, LineLabel

log = logging.getLogger(__name__)

# A "3 hours ago" line is short ("Published 3 hours ago | 2 min read"); a meta bar ("Section |
# Published: 5 hours ago | Updated: ...") is read one segment at a time.
MAX_RELATIVE_LINE_CHARS = 80
# Lines this close below the title are the article's head even past the first body line (a
# classifier may take the standfirst as body before the date line: fundus text renders).
HEAD_LINES = 6
HOURS_PER_DAY = 24
# An age under a minute ("3 seconds ago", "just now") is the fetch day: a fetch in the first
# minute after midnight is too rare to leave the day open for.
UNDER_A_MINUTE = 1 / 60
DATELINE = LineLabel.DATELINE
# Where a meta bar is cut into segments.
_SEGMENT_BREAK = re.compile(r"\s[|•·]\s|\s{3,}")
_TIME = r"(?P<h>\d{1,2})[:h.](?P<mi>\d{2})(?:\s*(?P<ampm>[ap]\.?\s?m\.?))?"
# A lone time, maybe with "Uhr"/"h" and a published word: the day is the reader's today.
_LONE_TIME = re.compile(rf"^\W*{_TIME}\s*(?:uhr|h|hrs|horas|heures)?\W*$", re.I)
_CONNECTOR = r"\s*,?\s*(?:at|um|à|om|a las|alle|às|kl\.?|o|,)?\s*"


@dataclass(frozen=True, slots=True)
class FetchTime:
    """When the page was fetched: a day, and the moment when the time is known too."""

    day: date
    moment: datetime | None  # None: fetched that day, time unknown
    source: str  # whose it is, for the evidence


@dataclass(frozen=True, slots=True)
class RelativeMention:
    """A relative date on a line: its words, and how far before the fetch it points."""

    words: str
    hours: float | None = None  # an age ("3 hours ago"); None for a named day
    days_back: int = 0  # a named day: 0 the fetch day ("today"), 1 the day before
    unit_hours: float = 0.0  # the counted unit (a count of days is rounded by the site)
    time: str | None = None  # "HH:MM" stated with a named day ("today at 20:07")
    cue: str | None = None  # "published" / "modified" when the line says which
    lone_time: bool = False  # a time alone under the title ("13:37 Uhr"): today's


def fetch_time(recorded: datetime | None, hint: str | None) -> FetchTime | None:
    """The page's own fetch time, else the user's (a day or a moment), else None."""
    if recorded is not None:
        return FetchTime(recorded.date(), recorded, f"the page's fetch time {recorded.isoformat()}")
    if not hint or not hint.strip():
        return None
    text = hint.strip()
    try:
        if len(text) <= len("2024-11-22"):
            day = date.fromisoformat(text)
            return FetchTime(day, None, f"the fetch day given, {day.isoformat()}")
        moment = datetime.fromisoformat(text)
    except ValueError:  # checked at the edges (pipeline.hints_for); a Hints built by hand may slip
        log.warning("ignoring a fetch time that is no ISO 8601 date: %r", hint)
        return None
    return FetchTime(moment.date(), moment, f"the fetch time given, {moment.isoformat()}")


@lru_cache(maxsize=1)
def _age_regexes() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in phrases()["relative_ago"]["patterns"])


@lru_cache(maxsize=1)
def _named_day_regex() -> re.Pattern[str]:
    table = phrases()["relative_ago"]
    words = [w for ws in table["calendar_days"].values() for w in ws]
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    word = rf"(?<![^\W\d_])(?P<word>{alternation})(?![^\W\d_])"
    return re.compile(rf"{word}(?:{_CONNECTOR}{_TIME})?", re.I)


@lru_cache(maxsize=1)
def _just_now_regex() -> re.Pattern[str]:
    words = phrases()["relative_ago"]["just_now"]
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])", re.I)


def _unit_hours(unit: str) -> float | None:
    table: dict[str, float] = phrases()["relative_ago"]["unit_hours"]
    unit = unit.lower()
    for key in (unit, unit.rstrip("s"), unit.rstrip("n"), unit.rstrip("e")):
        if key in table:
            return float(table[key])
    return None


def _age(segment: str) -> RelativeMention | None:
    for pattern in _age_regexes():
        m = pattern.search(segment)
        unit = _unit_hours(m.group("unit")) if m else None
        if m is None or unit is None:
            continue
        count = int(m.group("n")) if m.group("n").isdigit() else 1
        return RelativeMention(m.group(0).strip(), hours=unit * count, unit_hours=unit)
    m = _just_now_regex().search(segment)
    return RelativeMention(m.group(0), hours=0.0) if m else None


def _clock(m: re.Match[str]) -> str | None:
    hour, minute = int(m.group("h")), int(m.group("mi"))
    ampm = (m.group("ampm") or "").lower()
    hour += 12 if ampm.startswith("p") and hour < 12 else 0
    hour = 0 if ampm.startswith("a") and hour == 12 else hour
    return f"{hour:02d}:{minute:02d}" if hour < HOURS_PER_DAY and minute < 60 else None


def _named_day(segment: str) -> RelativeMention | None:
    """'today at 20:07', 'Gestern, 18:30', or the day's word alone on its segment."""
    m = _named_day_regex().search(segment)
    if m is None:
        return None
    time = _clock(m) if m.group("h") else None
    rest = (segment[: m.start()] + segment[m.end() :]).strip(" ,:|-–—·•")
    if time is None and (rest and date_cue(rest) is None):
        return None  # "today" in a phrase, not a date line
    word = m.group("word").lower()
    days = phrases()["relative_ago"]["calendar_days"]
    back = next(int(k) for k, ws in days.items() if word in (w.lower() for w in ws))
    return RelativeMention(m.group(0).strip(), days_back=back, time=time)


def _lone_time(segment: str) -> RelativeMention | None:
    m = _LONE_TIME.match(segment)
    time = _clock(m) if m else None
    return RelativeMention(segment.strip(), time=time, lone_time=True) if time else None


def find_relative(text: str, *, lone_time: bool = False) -> RelativeMention | None:
    """The relative date on a short line (or a short segment of a meta bar), preferring one said
    to be the publication's over an update's; a lone time only when `lone_time`."""
    found: list[RelativeMention] = []
    for segment in _SEGMENT_BREAK.split(text):
        if len(segment) > MAX_RELATIVE_LINE_CHARS:
            continue
        mention = _age(segment) or _named_day(segment) or (lone_time and _lone_time(segment))
        if mention:
            before = segment[: segment.lower().find(mention.words.lower())]
            cue = date_cue(before) or date_cue(segment)
            found.append(replace(mention, cue=cue))
    found.sort(key=lambda m: m.cue == "modified")
    return found[0] if found else None


def _head_lines(lines: Sequence[Line]) -> list[tuple[Line, bool]]:
    """The lines that may carry the page's relative date, each with whether a lone time there
    counts (just below the title only: elsewhere lone times are a ticker's). A body line there
    counts only as a lone time ("16:30" is no prose, whatever a classifier says)."""
    labels = [x.label for x in lines]
    first_body = labels.index(LineLabel.BODY) if LineLabel.BODY in labels else len(lines)
    title = labels.index(LineLabel.TITLE) if LineLabel.TITLE in labels else first_body
    head = []
    for i, line in enumerate(lines):
        below_title = title < i <= title + HEAD_LINES
        in_head = below_title or i < first_body or line.label in (DATELINE, LineLabel.BYLINE)
        if in_head and line.label not in (LineLabel.EMBED, LineLabel.CAPTION):
            head.append((line, below_title or line.label is DATELINE))
    return head


def relative_date(lines: Sequence[Line], fetch: FetchTime | None) -> DateValue:
    """The publication day a relative date in the article's head names, counted back from the
    fetch time; without one, no value and evidence saying what was seen."""
    for line, lone_time in _head_lines(lines):
        text = " ".join(line.text.split())
        if line.label is LineLabel.BODY:
            mention = _lone_time(text) if lone_time else None
        else:
            mention = find_relative(text, lone_time=lone_time)
        if not mention:
            continue
        if fetch is None:
            why = f"the page says '{mention.words}' but not when it was read (no fetch time)"
            return DateValue(None, evidence=why)
        value = resolve(mention, fetch)
        if mention.cue == "modified":
            note = "; that is its update, so it was published on or before that day"
            value = replace(value, evidence=value.evidence + note)
        return value
    return DateValue(None)


def resolve(mention: RelativeMention, fetch: FetchTime) -> DateValue:
    """The day a relative date names, with the days left open when the fetch time is a day."""
    said = f"'{mention.words}' on the page"
    if mention.hours is None:
        day = fetch.day - timedelta(days=mention.days_back)
        if mention.lone_time:
            said += ", a time with no date under the title (the way pages date today's articles)"
        why = f"{said}: the day counted from {fetch.source}"
        return DateValue(to_iso(day, mention.time), Basis.INFERRED, why)
    if fetch.moment is not None:
        day = (fetch.moment - timedelta(hours=mention.hours)).date()
        why = f"{said}, counted back from {fetch.source}"
        return DateValue(day.isoformat(), Basis.INFERRED, why)
    return _from_fetch_day(mention, fetch, said)


def _from_fetch_day(mention: RelativeMention, fetch: FetchTime, said: str) -> DateValue:
    """An age counted back from a fetch day whose time is not known."""
    hours = mention.hours if mention.hours and mention.hours >= UNDER_A_MINUTE else 0.0
    if mention.unit_hours >= HOURS_PER_DAY:
        # A count of days or weeks is rounded by the site: the day, give or take one unit.
        step = timedelta(hours=mention.unit_hours)
        day = fetch.day - timedelta(hours=hours)
        open_days = sorted({d for d in (day - step, day, day + step) if d <= fetch.day})
        why = (
            f"{said}, counted back from {fetch.source} (time unknown): about {day.isoformat()}, "
            f"a {'day' if mention.unit_hours == HOURS_PER_DAY else 'week'} either way"
        )
        return _open(day, open_days, why)
    # Fetched at some time t of the fetch day: published at t - hours, on one of these days.
    start = datetime.combine(fetch.day, datetime.min.time())
    earliest = (start - timedelta(hours=hours)).date()
    latest = (start + timedelta(hours=HOURS_PER_DAY) - timedelta(hours=hours, seconds=1)).date()
    if earliest == latest:
        why = f"{said}, counted back from {fetch.source} (time unknown)"
        return DateValue(earliest.isoformat(), Basis.INFERRED, why)
    # The later day holds the publication unless the fetch came within `hours` of midnight.
    likely = latest if hours % HOURS_PER_DAY < HOURS_PER_DAY / 2 else earliest
    cutoff = (start + timedelta(hours=hours % HOURS_PER_DAY)).strftime("%H:%M")
    why = (
        f"{said}, counted back from {fetch.source} (time unknown): {latest.isoformat()} if it was "
        f"fetched after {cutoff}, else {earliest.isoformat()}"
    )
    return _open(likely, [earliest, latest], why)


def _open(day: date, open_days: list[date], why: str) -> DateValue:
    if len(open_days) == 1:
        return DateValue(day.isoformat(), Basis.INFERRED, why)
    alternatives = tuple(d.isoformat() for d in open_days)
    return DateValue(day.isoformat(), Basis.INFERRED, why, True, alternatives)
