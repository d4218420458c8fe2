"""What each match of a time pattern means (a `TimeSpec`), and the word lists behind them.

Word lists come from `data/time_words.json`; `timex_patterns.py` compiles them into regexes. Each
reader turns a match into a TimeSpec or refuses it (a capitalised "May" is a month, "may" is a
verb). Spans follow TimeML: determiners and modifiers in ("the past two
years", "late November"), prepositions out ("on Sunday" -> "Sunday").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from crosswire.annotate.timex_values import (
    FLOATING,
    MONTH,
    QUARTER,
    REF_QUARTER,
    SEASON,
    SEASON_ORDER,
    SHIFT,
    WEEKDAY,
    TimeSpec,
)
from crosswire.datafiles import load_data

Handler = Callable[[re.Match[str]], TimeSpec | None]
FLAGS = re.IGNORECASE
# Shift unit letters of the units a "last/this/next" can point at.
SHIFT_UNITS = {"D": "D", "W": "W", "M": "M", "Q": "Q", "Y": "Y", "DE": "DE", "CE": "CE"}
# Duration letters: time units go after "T" in TimeML ("PT3H"); decades and centuries are years.
TIME_UNITS = {"S": "S", "MIN": "M", "H": "H"}
YEARS_PER_UNIT = {"DE": 10, "CE": 100}
# A word that makes a lone capitalised month name a month ("in May", "since March").
MONTH_LEADS = re.compile(
    r"(?:\b(?:in|since|until|till|by|of|during|from|to|through|last|next|this|early|late|mid|the|"
    r"before|after|between|and|or|each|every|that|end|beginning|start|middle)[\s-]+)$",
    FLAGS,
)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    keys: frozenset[str]  # lower-case words one of which every match holds
    digits: bool  # or a digit instead


@cache
def words() -> dict[str, Any]:
    return load_data("time_words.json")


def alt(keys: Any) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of spaces."""
    phrases = sorted({str(k) for k in keys}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


def norm(phrase: str | None) -> str:
    return " ".join((phrase or "").lower().split())


def number_value(phrase: str) -> float | None:
    """A count in digits or words ("3", "2.5", "twenty-five", "a"), None when vague."""
    text = norm(phrase).replace(",", "")
    half = 0.5 if text.endswith(" 1/2") else 0.0
    text = text.removesuffix(" 1/2")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text) + half
    table: dict[str, float] = words()["numbers"]
    if text in table:
        return float(table[text])
    parts = re.split(r"[\s-]", text)
    if len(parts) == 2 and parts[0] in table and parts[1] in table:
        return float(table[parts[0]] + table[parts[1]])
    return None


def number_pattern() -> str:
    w = words()
    simple, digit, tens = alt(w["numbers"]), alt(w["digit_words"]), alt(w["tens_words"])
    vague = alt(w["vague_quantities"])
    return rf"(?:\d{{1,4}}(?:\.\d+)?(?:\s+1/2)?|(?:{tens})[\s-](?:{digit})|{simple}|{vague})"


def _duration_value(count: float | None, unit: str) -> str:
    """TimeML duration: P2Y, PT3H, PXY (vague), P10Y for a decade, P1Y6M for 1.5 years."""
    years = YEARS_PER_UNIT.get(unit)
    letter = "Y" if years else ("W" if unit == "FN" else unit)
    factor = years or (2 if unit == "FN" else 1)
    prefix = "PT" if unit in TIME_UNITS else "P"
    letter = TIME_UNITS.get(unit, letter)
    if unit == "Q":
        letter, factor = "M", 3
    if count is None:
        return f"{prefix}X{'E' if unit == 'CE' else letter if not years else 'Y'}"
    amount = count * factor
    if amount != int(amount) and letter in ("Y", "H"):
        scale = 12 if letter == "Y" else 60  # 1.5 years = P1Y6M, 5.5 hours = PT5H30M
        return f"{prefix}{int(amount)}{letter}{round((amount % 1) * scale)}M"
    return f"{prefix}{int(amount)}{letter}"


def _unit(phrase: str) -> str:
    return str(words()["units"][norm(phrase)])


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _month_number(phrase: str) -> int:
    return int(words()["months"][norm(phrase).rstrip(".")])


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def _date_spec(year: str | None, month: int, day: int, suffix: str = "") -> TimeSpec | None:
    if not _valid_day(int(year) if year else 0, month, day):
        return None
    kind = "time" if suffix else "date"
    if year:
        return TimeSpec(kind, f"{int(year):04d}-{month:02d}-{day:02d}{suffix}")
    return TimeSpec(kind, kind=MONTH, which=month, day=day, suffix=suffix)


def _time_suffix(m: re.Match[str]) -> str:
    """ "T15:30" from an "h[:mm] a.m./p.m." or a named time; "" when there is no clock time."""
    named = m.groupdict().get("named")
    if named:
        return "T" + str(words()["times_of_day"][norm(named)])
    hour_text = m.groupdict().get("hour")
    if not hour_text:
        return ""
    hour, minute = int(hour_text), int(m.group("minute") or 0)
    ampm = norm(m.group("ampm")).replace(".", "")
    if hour > 12 or minute > 59 or hour == 0:
        return ""
    hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    return f"T{hour:02d}:{minute:02d}"


def _pod_suffix(m: re.Match[str]) -> str:
    pod = m.groupdict().get("pod")
    return "T" + str(words()["parts_of_day"][norm(pod)]) if pod else ""


# ---- dates written out ----------------------------------------------------------------------


def read_full_date(m: re.Match[str]) -> TimeSpec | None:
    if not _capitalised(m.group("mon")):
        return None
    return _date_spec(m.group("year"), _month_number(m.group("mon")), int(m.group("day")))


def read_iso_date(m: re.Match[str]) -> TimeSpec | None:
    year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    clock = f"T{m.group('hh')}:{m.group('mm')}" if m.group("hh") else ""
    return _date_spec(str(year), month, day, clock)


def read_numeric_date(m: re.Match[str]) -> TimeSpec | None:
    a, b, year = int(m.group("a")), int(m.group("b")), m.group("y")
    month, day = (b, a) if a > 12 else (a, b)  # English text: month first unless it cannot be
    if len(year) == 2:
        year = ("19" if int(year) > 40 else "20") + year
    return _date_spec(year, month, day)


@cache
def full_months() -> frozenset[str]:
    """Month names that are not a shortening of a longer one ("june" yes, "jun" and "sept" no)."""
    names = words()["months"]
    return frozenset(k for k in names if not any(o != k and o.startswith(k) for o in names))


def read_month_year(m: re.Match[str]) -> TimeSpec | None:
    name = m.group("mon")
    if not _capitalised(name) or (not m.group("year") and norm(name) not in full_months()):
        return None
    month = _month_number(name)
    if m.group("year"):
        return TimeSpec("date", f"{int(m.group('year')):04d}-{month:02d}")
    shift = words()["shifts"].get(norm(m.group("shift")))
    lead = m.string[max(0, m.start() - 20) : m.start()]
    if shift is None and not m.group("mod") and month in (3, 5) and not MONTH_LEADS.search(lead):
        return None  # "March" and "May" are verbs too: a lone one needs "in", "since", ...
    return TimeSpec("date", kind=MONTH, which=month, direction=shift, n=1 if shift else 0)


def read_year(m: re.Match[str]) -> TimeSpec | None:
    before = m.string[max(0, m.start() - 1) : m.start()]
    if before in ("$", "#", "£", "€", "№") or (not m.group("fiscal") and before.isdigit()):
        return None
    return TimeSpec("date", f"{int(m.group('year')):04d}")


def read_year_words(m: re.Match[str]) -> TimeSpec | None:
    """ "nineteen ninety-six" -> 1996, "the year two thousand" -> 2000."""
    text = norm(m.group("yw")).replace(" and ", " ").replace(" hundred", "")
    if text.startswith("two thousand"):
        rest = text.removeprefix("two thousand").strip()
        return TimeSpec("date", f"{2000 + int(number_value(rest) or 0):04d}")
    century, _, rest = text.partition(" ")
    tail = number_value(rest)
    if tail is None:
        return None
    return TimeSpec("date", f"{int(words()['numbers'][century]) * 100 + int(tail):04d}")


def read_decade(m: re.Match[str]) -> TimeSpec | None:
    century = m.group("cent") or "19"
    return TimeSpec("date", f"{century}{m.group('dec') or m.group('short')}")


def read_century(m: re.Match[str]) -> TimeSpec | None:
    text = norm(m.group("ord"))
    ordinal = words()["ordinals"].get(text)
    number = int(ordinal) if ordinal else int(re.sub(r"\D", "", text) or 0)
    return TimeSpec("date", f"{number - 1:02d}") if 0 < number < 100 else None


def read_holiday(m: re.Match[str]) -> TimeSpec | None:
    if not _capitalised(m.group("hol")):
        return None
    name = norm(m.group("hol"))
    floating = words()["floating_holidays"].get(name)
    if floating:  # "Thanksgiving": the fourth Thursday of November of the year near the anchor
        month, weekday, first = (int(x) for x in floating)
        if m.group("year"):
            day = date(int(m.group("year")), month, first)
            return TimeSpec(
                "date", (day + timedelta(days=(weekday - day.weekday()) % 7)).isoformat()
            )
        return TimeSpec("date", kind=FLOATING, which=month, day=first, n=weekday)
    month, day_of_month = (int(x) for x in str(words()["holidays"][name]).split("-"))
    return _date_spec(m.group("year"), month, day_of_month)


# ---- relative to the anchor -----------------------------------------------------------------


def read_shift_unit(m: re.Match[str]) -> TimeSpec | None:
    shift = int(words()["shifts"][norm(m.group("shift"))])
    unit = norm(m.group("unit"))
    if unit in words()["seasons"]:
        index = SEASON_ORDER.index(str(words()["seasons"][unit]))
        return TimeSpec("date", kind=SEASON, which=index, direction=shift)
    if unit == "weekend":
        return TimeSpec("date", kind=SHIFT, unit="WE", n=shift)
    letter = SHIFT_UNITS[_unit(unit)]
    if letter in YEARS_PER_UNIT and norm(m.group("shift")) in ("past", "last"):
        return TimeSpec("duration", _duration_value(1, letter))  # "the past decade": P10Y
    return TimeSpec("date", kind=SHIFT, unit=letter, n=shift)


def read_the_weekend(m: re.Match[str]) -> TimeSpec | None:
    return TimeSpec("date", kind=SHIFT, unit="WE", n=0)


def read_the_unit(m: re.Match[str]) -> TimeSpec | None:
    if re.match(r"\s+end(?:ed|ing)\b", m.string[m.end() : m.end() + 8], FLAGS):
        return TimeSpec("duration", f"P1{_unit(m.group('unit'))}")  # "the year ended June 30"
    return TimeSpec("date", kind=SHIFT, unit=SHIFT_UNITS[_unit(m.group("unit"))], n=0)


def read_year_end(m: re.Match[str]) -> TimeSpec | None:
    return TimeSpec("date", kind=SHIFT, unit="Y", n=0)


def read_day_word(m: re.Match[str]) -> TimeSpec | None:
    word = norm(m.group("dw"))
    shift = int(words()["day_words"].get(word, 0))
    if word in ("last", "this"):
        shift = -1 if word == "last" and norm(m.group("pod")) == "night" else 0
    suffix = "TNI" if word == "tonight" else _pod_suffix(m)
    if m.groupdict().get("clock"):
        suffix = _time_suffix(m) or suffix
    return TimeSpec("time" if suffix else "date", kind=SHIFT, unit="D", n=shift, suffix=suffix)


def read_weekday(m: re.Match[str]) -> TimeSpec | None:
    shift = words()["shifts"].get(norm(m.group("shift")))
    which = int(words()["weekdays"][norm(m.group("wd"))])
    suffix = _time_suffix(m) or _pod_suffix(m)
    kind = "time" if suffix else "date"
    return TimeSpec(
        kind, kind=WEEKDAY, which=which, direction=shift, n=1 if shift else 0, suffix=suffix
    )


def read_clock(m: re.Match[str]) -> TimeSpec | None:
    suffix = _time_suffix(m)
    if not suffix:
        return None
    if m.group("wd"):
        which = int(words()["weekdays"][norm(m.group("wd"))])
        return TimeSpec("time", kind=WEEKDAY, which=which, suffix=suffix)
    shift = int(words()["day_words"].get(norm(m.group("dw")), 0))
    return TimeSpec("time", kind=SHIFT, unit="D", n=shift, suffix=suffix)


def read_ago(m: re.Match[str]) -> TimeSpec | None:
    count = number_value(m.group("num"))
    unit = _unit(m.group("unit"))
    way = -1 if norm(m.group("dir")) in ("ago", "earlier", "before") else 1
    if count is None:
        return TimeSpec("date", "PAST_REF" if way < 0 else "FUTURE_REF")
    if count != int(count):
        return None
    n = int(count) * way
    if unit in ("DE", "CE"):
        return TimeSpec("date", kind=SHIFT, unit="Y", n=n * YEARS_PER_UNIT[unit])
    letter = {"S": "D", "MIN": "D", "H": "D", "FN": "W"}.get(unit, unit)
    n = n * 2 if unit == "FN" else (0 if unit in TIME_UNITS else n)
    return TimeSpec("date", kind=SHIFT, unit=letter, n=n, follows_quarter=unit == "Y" and n == -1)


def read_year_ago(m: re.Match[str]) -> TimeSpec | None:
    return TimeSpec("date", kind=SHIFT, unit="Y", n=-1, follows_quarter=True)


def read_quarter(m: re.Match[str]) -> TimeSpec | None:
    q, unit = norm(m.group("q")), "H" if norm(m.group("unit")) == "half" else "Q"
    refs: dict[str, int] = words()["quarter_references"]
    if q in refs:
        if unit == "H":
            return None
        return TimeSpec("date", kind=REF_QUARTER, n=int(refs[q]))
    number = int(words()["quarter_words"][q])
    if unit == "H" and number > 2:
        return None
    year_text = norm(m.group("yr") or m.group("qy") or m.group("qyr"))
    if digits := re.search(r"\d{4}", year_text):
        return TimeSpec("date", f"{int(digits.group()):04d}-{unit}{number}")
    if year_text:
        shift = next((v for k, v in words()["shifts"].items() if year_text.startswith(k)), 0)
        return TimeSpec("date", kind=QUARTER, unit=unit, which=number, direction=0, n=int(shift))
    return TimeSpec("date", kind=QUARTER, unit=unit, which=number)


def read_the_quarter(m: re.Match[str]) -> TimeSpec | None:
    return TimeSpec("date", kind=REF_QUARTER, n=0)


# ---- durations, sets, references ------------------------------------------------------------


def read_duration(m: re.Match[str]) -> TimeSpec | None:
    unit_text, num = norm(m.group("unit")), norm(m.group("num"))
    count = number_value(num)
    plural = unit_text.endswith("s") or unit_text == "centuries"
    hyphen = "-" in m.group(0)
    if count is None and not plural:
        return None  # "the year" is a date or nothing; only "the years" is a vague duration
    if num in ("a", "an") and unit_text == "second":
        return None  # "a second term"
    if re.match(r"[\s-]+old\b", m.string[m.end() : m.end() + 8]):
        return None  # ages ("a 6-year-old") are not time expressions in TimeML
    if unit_text.startswith("quarter") and (hyphen or m.string[m.end() :].startswith(" of")):
        return None  # "three-quarters of the vote"
    return TimeSpec("duration", _duration_value(count, _unit(unit_text)))


def read_vague_plural(m: re.Match[str]) -> TimeSpec | None:
    return TimeSpec("duration", _duration_value(None, _unit(m.group("unit"))))


def read_set_word(m: re.Match[str]) -> TimeSpec | None:
    return TimeSpec("set", str(words()["sets"][norm(m.group("set"))]))


def read_every(m: re.Match[str]) -> TimeSpec | None:
    count = number_value(m.group("num") or "1")
    unit_text = norm(m.group("unit"))
    if count is None or count != int(count) or (count == 1 and unit_text.endswith("s")):
        return None
    return TimeSpec("set", _duration_value(count, _unit(unit_text)))


def read_every_weekday(m: re.Match[str]) -> TimeSpec | None:
    which = int(words()["weekdays"][norm(m.group("wd"))])
    return TimeSpec("set", f"XXXX-WXX-{which + 1}")


def read_reference(m: re.Match[str]) -> TimeSpec | None:
    return TimeSpec("date", str(words()["references"][norm(m.group("ref"))]))
