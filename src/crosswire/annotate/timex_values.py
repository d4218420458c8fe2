"""What a time expression means, before and after it meets a calendar.

`timex.py` reads words into a `TimeSpec`: either a value that needs nothing else ("1998",
"P2Y", "PAST_REF") or a description relative to a reference date ("the weekday Friday before
the anchor", "the anchor's week shifted by -1"). `resolve_spec` turns the description into a
TimeML value once an anchor date is known. Pure calendar arithmetic, no text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

# Relative kinds a TimeSpec can hold.
SHIFT = "shift"  # the anchor moved by n units, at that unit's grain ("last week", "3 days ago")
WEEKDAY = "weekday"  # a named weekday near the anchor
MONTH = "month"  # a named month (with a day or not) near the anchor
SEASON = "season"  # a named season near the anchor
QUARTER = "quarter"  # a numbered quarter or half near the anchor
REF_QUARTER = "ref-quarter"  # "the quarter", "the year-ago quarter": from the quarter last named
FLOATING = "floating"  # a holiday on a weekday: month `which`, weekday `n`, on or after `day`

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MONTHS_AHEAD, MONTHS_BACK = 3, 9
SEASON_ORDER = ("WI", "SP", "SU", "FA")
SEASON_START_MONTH = {"WI": 12, "SP": 3, "SU": 6, "FA": 9}


@dataclass(frozen=True, slots=True)
class TimeSpec:
    """A time expression's meaning. `value` set: absolute; else `kind` says how to resolve."""

    type: str  # "date", "time", "duration" or "set"
    value: str | None = None
    kind: str = ""
    unit: str = ""  # for SHIFT: "D", "W", "WE", "M", "Q", "Y", "DE", "CE"; for QUARTER: "Q"/"H"
    n: int = 0  # how many units away (SHIFT, REF_QUARTER in quarters)
    which: int = 0  # weekday 0-6, month 1-12, quarter or half number, season index
    day: int = 0  # day of month for MONTH (0: the whole month)
    direction: int | None = None  # -1 back, 0 this, +1 forward; None: nearest / by tense
    suffix: str = ""  # added to a day's value: "TMO", "T15:30"
    # "a year ago" after "the third quarter" means that quarter a year before, not the year.
    follows_quarter: bool = False

    @property
    def relative(self) -> bool:
        return self.value is None and bool(self.kind)


def parse_anchor(anchor: str | None) -> date | None:
    """The date part of an ISO anchor ("2025-11-09", "2025-11-09T15:22+02:00"), or None."""
    if not anchor:
        return None
    m = ISO_DATE.match(anchor.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def with_direction(spec: TimeSpec, direction: int) -> TimeSpec:
    """The spec with a direction the words left open filled in (from tense)."""
    return spec if spec.direction is not None else replace(spec, direction=direction)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _shift(spec: TimeSpec, anchor: date) -> str | None:
    unit, n = spec.unit, spec.n
    if unit == "D":
        return (anchor + timedelta(days=n)).isoformat() + spec.suffix
    if unit == "WE" and n == 0 and spec.direction == -1 and anchor.weekday() < 5:
        n = -1  # "the weekend" told in the past, on a weekday: the one just gone
    if unit in ("W", "WE"):
        week = iso_week(anchor + timedelta(weeks=n))
        return week + ("-WE" if unit == "WE" else "")
    if unit == "M":
        year, month = _add_months(anchor.year, anchor.month, n)
        return f"{year:04d}-{month:02d}"
    if unit == "Q":
        year, month = _add_months(anchor.year, anchor.month, 3 * n)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "Y":
        return f"{anchor.year + n:04d}"
    if unit == "DE":
        return f"{anchor.year // 10 + n:03d}"
    if unit == "CE":
        return f"{anchor.year // 100 + n:02d}"
    return None


def _weekday(spec: TimeSpec, anchor: date) -> str:
    back = (anchor.weekday() - spec.which) % 7
    forward = (spec.which - anchor.weekday()) % 7
    if spec.direction == 1:  # "next Friday" is never today; "will meet Friday" may be
        day = anchor + timedelta(days=forward or (7 if spec.n else 0))
    elif spec.direction == 0:
        day = anchor + timedelta(days=spec.which - anchor.weekday())
    elif spec.direction == -1 and spec.n:  # "last Friday": strictly before
        day = anchor - timedelta(days=back or 7)
    else:  # past tense: the most recent such day, the anchor itself included
        day = anchor - timedelta(days=back)
    return day.isoformat() + spec.suffix


def _pick_year(anchor: date, month: int, day: int, direction: int | None, strict: bool) -> int:
    """The year of a month (and day) without one: before, after or nearest the anchor."""
    here = (anchor.month, anchor.day if day else 0)
    there = (month, day)
    if direction == -1:
        return anchor.year if (there < here or (there == here and not strict)) else anchor.year - 1
    if direction == 1:
        return anchor.year if (there > here or (there == here and not strict)) else anchor.year + 1
    if direction == 0:
        return anchor.year
    # No tense to go by: news looks back further than ahead. The window (nine months back,
    # three ahead) was set on TempEval-3 training data (benchmarks/bench_tempeval.py).
    distance = month - anchor.month
    if distance > MONTHS_AHEAD:
        return anchor.year - 1
    if distance < -MONTHS_BACK:
        return anchor.year + 1
    return anchor.year


def _month(spec: TimeSpec, anchor: date) -> str:
    year = _pick_year(anchor, spec.which, spec.day, spec.direction, strict=bool(spec.n))
    if spec.day:
        return date(year, spec.which, spec.day).isoformat() + spec.suffix  # raises on 29 Feb
    return f"{year:04d}-{spec.which:02d}"


def _season(spec: TimeSpec, anchor: date) -> str:
    code = SEASON_ORDER[spec.which]
    start = SEASON_START_MONTH[code]
    # A season is dated by the year it is mostly in: winter 2025 runs from December 2025.
    year = _pick_year(anchor, start, 0, spec.direction, strict=spec.direction is not None)
    if spec.direction == 0 and code == "WI" and anchor.month <= 2:
        year -= 1
    return f"{year:04d}-{code}"


def _quarter(spec: TimeSpec, anchor: date) -> str:
    letter = "H" if spec.unit == "H" else "Q"
    if spec.direction == 0:  # "last year's third quarter": n is the year's shift
        return f"{anchor.year + spec.n:04d}-{letter}{spec.which}"
    size = 6 if letter == "H" else 3
    here = (anchor.month - 1) // size + 1
    ahead = spec.which - here
    year = anchor.year
    if spec.direction == 1 and ahead < 0:
        year += 1
    elif ahead > (0 if spec.direction == -1 else 1):
        year -= 1  # more than the coming one ahead: last year's (reports look back)
    return f"{year:04d}-{letter}{spec.which}"


def _ref_quarter(spec: TimeSpec, anchor: date, last_quarter: str | None) -> str:
    if last_quarter and (m := re.fullmatch(r"(\d{4})-Q([1-4])", last_quarter)):
        index = int(m.group(1)) * 4 + int(m.group(2)) - 1 + spec.n
    else:  # nothing spoken of yet: the last quarter that ended before the anchor
        index = anchor.year * 4 + quarter_of(anchor) - 2 + spec.n
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def resolve_spec(
    spec: TimeSpec, anchor: date | None, last_quarter: str | None = None
) -> str | None:
    """The TimeML value of a spec against an anchor date; None when it needs one and has none."""
    if spec.value is not None or not spec.kind:
        return spec.value
    if anchor is None:
        return None
    try:
        return _resolve_relative(spec, anchor, last_quarter)
    except (OverflowError, ValueError):  # an anchor at the calendar's edge, a 29 February
        return None


def _resolve_relative(spec: TimeSpec, anchor: date, last_quarter: str | None) -> str | None:
    if spec.kind == SHIFT and spec.follows_quarter and last_quarter:
        return _ref_quarter(replace(spec, n=4 * spec.n), anchor, last_quarter)
    if spec.kind == SHIFT:
        return _shift(spec, anchor)
    if spec.kind == WEEKDAY:
        return _weekday(spec, anchor)
    if spec.kind == MONTH:
        return _month(spec, anchor)
    if spec.kind == SEASON:
        return _season(spec, anchor)
    if spec.kind == QUARTER:
        return _quarter(spec, anchor)
    if spec.kind == FLOATING:
        year = _pick_year(anchor, spec.which, spec.day, spec.direction, strict=False)
        first = date(year, spec.which, spec.day)
        return (first + timedelta(days=(spec.n - first.weekday()) % 7)).isoformat()
    if spec.kind == REF_QUARTER:
        return _ref_quarter(spec, anchor, last_quarter)
    return None


def _month_end(year: int, month: int) -> date:
    next_year, next_month = _add_months(year, month, 1)
    return date(next_year, next_month, 1) - timedelta(days=1)


def value_interval(value: str | None) -> tuple[date, date] | None:
    """The first and last day a calendar value covers ("2025-W45" -> Nov 3..9), else None.

    Days (with or without a time), ISO weeks and weekends, months, quarters, halves and years;
    durations, sets, references and seasons have no fixed days and give None.
    """
    if not value:
        return None
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return day, day
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            start = monday + timedelta(days=5) if m.group(3) else monday
            return start, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m.group(1)), int(m.group(2))
            return date(year, month, 1), _month_end(year, month)
        if m := re.fullmatch(r"(\d{4})-([QH])([1-4])", value):
            size = 3 if m.group(2) == "Q" else 6
            year, first = int(m.group(1)), (int(m.group(3)) - 1) * size + 1
            return date(year, first, 1), _month_end(year, first + size - 1)
        if m := re.fullmatch(r"(\d{4})", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None
