"""Dates as pages write them: finding them in text, and telling a date line from a sentence.

Fast regexes built from word lists kept as data (data/date_phrases.json: month and weekday names in
several languages, "published"/"updated" words, time-zone abbreviations). dateparser is not needed
for the forms pages use for their own dates. page_dates.py reasons over these mentions (which one is
the publication date).

A numeric date whose day and month could swap (12-11-2025) is kept as a mention with two readings;
deciding between them needs evidence from the whole page, which is `dates.find_published`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crosswire.datafiles import load_data
from crosswire.text import CJK_LETTER, letter_runs

# A date line is short: "Published on 12-11-2025 15:22 | Updated 15:24 CET" is under 70 chars.
# 100 keeps "By Jane Doe and John Roe - Nov 19, 2019, 10:31 pm CST" and drops sentences that merely
# mention a date (measured on ../shared/data/scrapinghub/text: see tests/test_dates.py notes).
MAX_DATE_LINE_CHARS = 100
# Words allowed on a date line besides the date, time, weekday, cue words and fillers: a byline
# ("By Jane Doe and John Roe" = 6 words) may share the line with the date.
MAX_OTHER_WORDS = 6
# Numeric years outside this range are not page dates (phone numbers, ids, scores).
MIN_YEAR, MAX_YEAR = 1990, 2100


# A 4-digit year, or the two-digit year of a dotted date ("27.04.24"). Written to open with one
# digit (the same matches as "\d{4}|\d{2}\.\d{2}\.\d{2}(?!\d)"): the scan then skips to the next
# digit in C, several times faster over a line.
_HAS_YEAR = re.compile(r"\d(?:\d{3}|\d\.\d{2}\.\d{2}(?!\d))")
# How far before a year a date may begin ("Wednesday, September 19th, 2019" is 31 characters) and
# after it end (a year first: "2025年11月9日", "2025-12-11T15:22:00+02:00").
YEAR_WINDOW = 45
# Two-digit years: "27.04.24" is 2024, "31.12.98" is 1998.
CENTURY_PIVOT = 70
# A word of at most this many letters before a line's closing full stop is an abbreviation
# ("Lesezeit 5 Min.", "15:10 h."), not the end of a sentence.
MAX_ABBREVIATION_LETTERS = 3

# Where a date may begin: no letter just before, or a capital glued to a small letter (case-
# sensitive, inside a case-insensitive pattern).
CAMEL_JOIN = r"(?-i:(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ]))"
# After a dot in a numeric date, one space (often a thin one) may follow ("28. 4. 2023").
DOT_SPACE = r"(?:(?<=\.)\s)?"
# Chinese and Japanese write no spaces: this many of their characters count as one word.
CJK_CHARS_PER_WORD = 2


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date written in a text: where, how it reads, and the time and zone stated with it."""

    start: int
    end: int
    readings: tuple[date, ...]  # one; two when a numeric day/month order is undecided
    time: str | None = None  # "HH:MM", 24-hour
    offset: str | None = None  # "+02:00" when a zone is stated and known
    layout: str | None = None  # numeric dates: separator and field order, e.g. "nn-nn-yyyy"
    weekday: int | None = None  # weekday named with the date (0 = Monday)
    day_first: bool | None = None  # numeric dates: the order when the numbers alone fix it

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1


@lru_cache(maxsize=1)
def phrases() -> dict[str, Any]:
    """The date word lists (loaded once)."""
    return load_data("date_phrases.json")


def alternation(words: list[str]) -> str:
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in ordered)


def _alternation_by_first(words: list[str]) -> str:
    """`alternation` with its words grouped under their first character: the regex engine tries
    each word of a plain alternation at every position, and only a few groups here. The matches
    are the same, tried in the same order (longest first), as long as no two first characters
    match each other ignoring case (else the plain alternation is kept)."""
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for word in ordered:
        groups.setdefault(word[:1], []).append(word[1:])
    firsts = list(groups)
    clash = any(
        re.fullmatch(re.escape(a), b, re.I) for i, a in enumerate(firsts) for b in firsts[i + 1 :]
    )
    if clash or "" in groups:
        return alternation(words)
    return "|".join(
        re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
        for first, rests in groups.items()
    )


@lru_cache(maxsize=1)
def _month_table() -> dict[str, int]:
    return {w.lower(): int(k) for k, names in phrases()["months"].items() for w in names}


@lru_cache(maxsize=1)
def _weekday_table() -> dict[str, int]:
    return {w.lower(): int(k) for k, names in phrases()["weekdays"].items() for w in names}


def names_a_day_or_month(word: str) -> bool:
    """Whether a word is a weekday's or a month's name, in any listed language ("Thursday",
    "März", "jan")."""
    lowered = word.lower()
    return lowered in _weekday_table() or lowered in _month_table()


@lru_cache(maxsize=1)
def _date_regex() -> re.Pattern[str]:
    mon = _alternation_by_first(list(_month_table()))
    wd = _alternation_by_first(list(_weekday_table()))
    nb = r"(?<![^\W\d_])"  # no letter just before
    na = r"(?![^\W\d_])"  # no letter just after

    def weekday(n: int) -> str:
        return rf"(?:{nb}(?P<wd{n}>{wd}){na}\.?,?\s+)?"

    forms = [
        # Nov 19, 2019 / Sunday Jan 25, 2026 / November 9th 2025 / "TimesNovember 21, 2025" (a
        # text browser glues a byline's name to the date: a capital after a small letter)
        rf"{weekday(1)}(?:{nb}|{CAMEL_JOIN})(?P<m1>{mon}){na}\.?\s+(?P<d1>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})",
        # 9 November 2025 / 9. November 2025 / 9 de noviembre de 2025 / 25 Ocak 2026
        rf"{weekday(2)}(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+|of\s+)?"
        rf"(?P<m2>{mon}){na}\.?,?\s+(?:de\s+)?(?P<y2>\d{{4}})",
        # 2025-12-11, optionally with ISO time and zone
        r"(?<![-_/\w])(?P<y3>\d{4})-(?P<mo3>\d{1,2})-(?P<d3>\d{1,2})"
        r"(?:[T ](?P<h3>\d{2}):(?P<mi3>\d{2})(?::\d{2}(?:\.\d+)?)?(?P<tz3>Z|[+-]\d{2}:?\d{2})?)?"
        r"(?![-_]?[^\W\d_])(?!\d)",  # not inside a file name ("Screen-Shot-2018-07-02-at-16")
        # 2025/12/11, 2025.12.11
        r"(?P<y4>\d{4})(?P<s4>[/.])(?P<mo4>\d{1,2})(?P=s4)(?P<d4>\d{1,2})(?!\d)",
        # 2025. 12. 11. (Korean, Hungarian): the closing dot is part of the date
        r"(?P<y8>\d{4})\.\s(?P<mo8>\d{1,2})\.\s(?P<d8>\d{1,2})\.?(?!\d)",
        # 12-11-2025, 11.12.2025, 28. 4. 2023, 12/11/2025: day/month order decided later
        rf"{weekday(5)}(?<![\d.:/-])(?P<a5>\d{{1,2}})(?P<s5>[./-]){DOT_SPACE}(?P<b5>\d{{1,2}})"
        rf"(?P=s5){DOT_SPACE}(?P<y5>\d{{4}})",
        # 2025年11月9日 / 2025년 11월 9일
        r"(?P<y6>\d{4})\s*[年년]\s*(?P<mo6>\d{1,2})\s*[月월]\s*(?P<d6>\d{1,2})\s*[日일]",
        # 27.04.24: a dotted date with a two-digit year (two-digit day and month, so that version
        # numbers and scores are not read as dates)
        rf"{weekday(7)}(?<![\d.:/-])(?P<a7>\d{{2}})\.(?P<b7>\d{{2}})\.(?P<y7>\d{{2}})(?!\d|\.\d)",
    ]
    # No digit may come before a date. After a 4-digit year one may: text browsers glue the next
    # item to it ("November 21, 202501747" with a view count, "Apr 28 20232:23 PM", "30.01.2024"
    # followed by "30. Januar 2024"); the forms that must not run on say so themselves.
    return re.compile(r"(?<!\d)(?:" + "|".join(f"(?:{f})" for f in forms) + r")", re.I)


@lru_cache(maxsize=1)
def _time_regex() -> re.Pattern[str]:
    zones = alternation([z for z in phrases()["timezones"] if len(z) > 1])
    return re.compile(
        r"\s*(?:,\s*)?(?:at|@|-|–|—|\||·|à|um|a las|alle|om|saat|o|(?P<kl>klo?\.?))?\s*"
        # A dot between hour and minute only where the words make it a time: "kl. 13.05" (Nordic)
        # or "10.45 Uhr"; elsewhere "13.05" may be a date.
        r"(?P<h>\d{1,2})(?:(?P<sep>(?(kl)[:h.]|(?:[:h時시]\s?|\.(?=\d{2}\s*uhr))))(?P<mi>\d{2})"
        r"(?::\d{2}|[分분])?|(?=\s*[ap]\.?\s?m))"
        r"\s*(?P<ampm>[ap]\.?\s?m\.?)?"
        rf"(?:\s*\(?(?P<zone>(?<![^\W\d_])(?:{zones})(?![^\W\d_])|Z(?!\w))"
        r"\s*(?P<zoff>[+-]\d{1,2}(?::?\d{2})?)?\)?"
        r"|\s*(?P<off>[+-]\d{2}:?\d{2}))?",
        re.I,
    )


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric_readings(a: int, b: int, year: int) -> tuple[tuple[date, ...], bool | None]:
    """Readings of a.b.year: (readings, day_first when the numbers alone fix the order)."""
    day_first = _safe_date(year, b, a)
    month_first = _safe_date(year, a, b)
    if day_first and month_first and day_first != month_first:
        return (month_first, day_first), None
    if day_first and not month_first:
        return (day_first,), True
    if month_first and not day_first:
        return (month_first,), False
    return ((day_first,), None) if day_first else ((), None)


def _format_offset(text: str | None) -> str | None:
    """'+0200', '+2', '-05:00', 'Z' -> '+02:00'-style offsets."""
    if not text:
        return None
    if text.upper() == "Z":
        return "+00:00"
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", text)
    if not m or int(m.group(2)) > 14:
        return None
    return f"{m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}"


def _zone_offset(zone: str | None, zoff: str | None) -> str | None:
    if not zone:
        return None
    base = phrases()["timezones"].get(zone.lower().strip(), None)
    if zone.lower() in ("utc", "gmt") and zoff:
        return _format_offset(zoff if ":" in zoff or len(zoff) > 3 else zoff + ":00")
    return base if isinstance(base, str) else None


def _resolve_named_zone(zone: str | None, day: date, time: str) -> str | None:
    """An IANA zone name (daylight-saving zones such as "ET") -> the offset on that day."""
    if zone is None or zone[:1] in "+-":
        return zone
    try:
        hour, minute = (int(x) for x in time.split(":"))
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError):
        return None
    delta = moment.utcoffset()
    if delta is None:
        return None
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _time_after(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """A time (and zone) right after a date: ('HH:MM', offset, end) or (None, None, pos)."""
    m = _time_regex().match(text, pos, min(len(text), pos + 40))
    if not m:
        return None, None, pos
    hour, minute = int(m.group("h")), int(m.group("mi") or 0)
    ampm = (m.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or (not ampm and m.group("sep") is None):
        return None, None, pos
    offset = _zone_offset(m.group("zone"), m.group("zoff")) or _format_offset(m.group("off"))
    return f"{hour:02d}:{minute:02d}", offset, m.end()


def _time_before(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """A time written just before a date ("3:05 p.m. ET Nov. 19, 2019"): (time, offset, start)."""
    window_start = max(0, pos - 40)
    for m in re.finditer(r"\d{1,2}[:h]\d{2}", text[window_start:pos]):
        start = window_start + m.start()
        if start > 0 and text[start - 1].isdigit():
            continue
        time, offset, end = _time_after(text, start)
        if time and not text[end:pos].strip(" ,|·-–—(onthe").strip():
            return time, offset, start
    return None, None, pos


def _mention_from_match(m: re.Match[str]) -> DateMention | None:
    g = m.groupdict()
    months = _month_table()
    named = g.get("wd1") or g.get("wd2") or g.get("wd5") or ""
    named = named or g.get("wd7") or ""
    weekday = _weekday_table().get(named.lower().rstrip("."))
    time: str | None = None
    offset: str | None = None
    layout: str | None = None
    day_first: bool | None = None
    if g["m1"] or g["m2"]:
        day, mon, year = (g["d1"], g["m1"], g["y1"]) if g["m1"] else (g["d2"], g["m2"], g["y2"])
        found = _safe_date(int(year), months[mon.lower()], int(day))
        readings: tuple[date, ...] = (found,) if found else ()
    elif g["y3"]:
        found = _safe_date(int(g["y3"]), int(g["mo3"]), int(g["d3"]))
        readings = (found,) if found else ()
        if g["h3"] and int(g["h3"]) < 24 and int(g["mi3"]) < 60:
            time = f"{g['h3']}:{g['mi3']}"
            offset = _format_offset(g["tz3"])
    elif g["y4"] or g["y8"]:
        year, month, day = (g["y4"], g["mo4"], g["d4"]) if g["y4"] else (g["y8"], g["mo8"], g["d8"])
        found = _safe_date(int(year), int(month), int(day))
        readings = (found,) if found else ()
    elif g["y5"]:
        readings, day_first = _numeric_readings(int(g["a5"]), int(g["b5"]), int(g["y5"]))
        layout = f"nn{g['s5']}nn{g['s5']}yyyy"
    elif g["y7"]:
        short = int(g["y7"])
        year = short + (2000 if short < CENTURY_PIVOT else 1900)
        readings, day_first = _numeric_readings(int(g["a7"]), int(g["b7"]), year)
        layout = "nn.nn.yy"
    else:
        found = _safe_date(int(g["y6"]), int(g["mo6"]), int(g["d6"]))
        readings = (found,) if found else ()
    if not readings:
        return None
    return DateMention(m.start(), m.end(), readings, time, offset, layout, weekday, day_first)


def _year_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around each 4-digit number: every date form holds a year, so the big
    regex only runs there (a long body holds few years)."""
    windows: list[tuple[int, int]] = []
    for m in _HAS_YEAR.finditer(text):
        start, end = max(0, m.start() - YEAR_WINDOW), min(len(text), m.end() + YEAR_WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


# Where a date can begin: a digit, or a weekday's or month's first letter, which has no letter
# before it or is a capital glued to a small letter (CAMEL_JOIN); names start with letters, so
# "no letter before and not a space" holds for them all. The big regex is tried only there: the
# same matches as scanning every position, several times faster.
_DATE_START = re.compile(r"\d|(?<![^\W\d_])\S|(?<=[a-zà-ÿ])[A-ZÀ-Þ]")


def _matches(text: str) -> list[re.Match[str]]:
    pattern = _date_regex()
    found: list[re.Match[str]] = []
    for start, end in _year_windows(text):
        resume = start  # as a scan does, go on after each match
        for candidate in _DATE_START.finditer(text, start, end):
            if candidate.start() < resume:
                continue
            m = pattern.match(text, candidate.start(), end)
            if m is None:
                continue
            resume = m.end()
            if not found or m.start() >= found[-1].end():
                found.append(m)
    return found


def find_date_mentions(text: str) -> list[DateMention]:
    """Every date written in `text`, with the time and zone written right after it."""
    found: list[DateMention] = []
    for m in _matches(text):
        mention = _mention_from_match(m)
        if mention is None:
            continue
        if mention.time is None:
            time, offset, end = _time_after(text, mention.end)
            start = mention.start
            if not time:
                time, offset, start = _time_before(text, mention.start)
                end = mention.end
            if time:
                offset = _resolve_named_zone(offset, mention.readings[0], time)
                mention = DateMention(
                    start, end, mention.readings, time, offset,
                    mention.layout, mention.weekday, mention.day_first,
                )  # fmt: skip
        found.append(mention)
    return found


@lru_cache(maxsize=1)
def _cue_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = phrases()
    nb, na = r"(?<![^\W\d_])", r"(?![^\W\d_])"
    published = re.compile(rf"{nb}(?:{alternation(data['published_words'])}){na}", re.I)
    modified = re.compile(rf"{nb}(?:{alternation(data['modified_words'])}){na}", re.I)
    return published, modified


def date_cue(text: str) -> str | None:
    """'modified' or 'published' when a line says which time its date is, else None."""
    published, modified = _cue_regexes()
    if modified.search(text):
        return "modified"
    if published.search(text):
        return "published"
    return None


@lru_cache(maxsize=1)
def _filler_regex() -> re.Pattern[str]:
    data = phrases()
    words = (
        list(_weekday_table())
        + data["published_words"]
        + data["modified_words"]
        + [w for w in data["date_line_filler"] if w[:1].isalnum()]
    )
    return re.compile(rf"(?<![^\W\d_])(?:{alternation(words)})(?![^\W\d_])", re.I)


_SIGNATURE = re.compile(r"\(@\w+\)|pic\.twitter\.com|https?://", re.I)


@lru_cache(maxsize=32768)
def line_has_date(text: str) -> bool:
    """A short line that states a date (and maybe a time, a zone, a byline), not a sentence.

    "Published on 12-11-2025 15:22", "Nov 19, 2019, 10:31 pm CST", "Sunday Jan 25, 2026" and
    "Jane Doe - Nov 19, 2019" are date lines; a sentence mentioning a date, and the signature of an
    embedded post ("— Name (@handle) November 9, 2025"), are not.
    """
    text = text.strip()
    # Every date holds a year (see `_matches`): most lines hold none, and that test is the cheapest.
    if not text or len(text) > MAX_DATE_LINE_CHARS or not _HAS_YEAR.search(text):
        return False
    if _SIGNATURE.search(text):
        return False
    mentions = find_date_mentions(text)
    if not mentions:
        return False
    rest = text
    for m in reversed(mentions):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = _filler_regex().sub(" ", rest)
    closed_by_date = mentions[-1].end == len(text)  # "2024. 5. 3." keeps its own closing dot
    words = (
        len(letter_runs(CJK_LETTER.sub(" ", rest)))
        + len(CJK_LETTER.findall(rest)) / CJK_CHARS_PER_WORD
    )
    return words <= MAX_OTHER_WORDS and (closed_by_date or not _ends_as_sentence(text))


def _ends_as_sentence(text: str) -> bool:
    """A closing full stop after a word or number, not after an abbreviation ("5 Min.")."""
    if not text.endswith("."):
        return False
    last = re.search(r"(?<![^\W\d_])([^\W\d_]+)\.$", text)
    return not (last and len(last.group(1)) <= MAX_ABBREVIATION_LETTERS)


def parse_iso(value: str | None) -> DateMention | None:
    """An ISO 8601 date or date-time string (metadata, hints, embed dates) as a mention."""
    if not value:
        return None
    found = find_date_mentions(value.strip())
    return found[0] if found and found[0].start == 0 and not found[0].ambiguous else None


def to_iso(day: date, time: str | None = None, offset: str | None = None) -> str:
    """'2025-12-11', '2025-12-11T15:22', '2025-12-11T15:22+02:00'."""
    if time is None:
        return day.isoformat()
    return f"{day.isoformat()}T{time}{offset or ''}"
