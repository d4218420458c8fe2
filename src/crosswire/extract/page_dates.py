"""When a page was published and modified, with the evidence, as a careful reader would judge it.

Order of evidence (strongest first): the user's hint; a date the page states with a "published" /
"updated" word; a date line near the title or in the byline; the page's machine metadata; the date
in its address; a closing date line below the body, or a blog entry's meta line ("Posted by X
on DATE. Filed under Y"); and, when the page never states its date, inferences: "3 hours ago"
counted back from the fetch time, the latest dated embedded post moved to the weekday the text
speaks of, or an update time as an upper bound. A numeric date that reads both ways (12-11-2025)
is decided by the address, the metadata, the page's other dates in the same layout, the fetch
date, the embeds and the text's weekday words, and is reported ambiguous when nothing decides. A
weekday-date line above the title with no "published" word is usually the day the page was fetched
(a site header), not the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from crosswire.extract.date_lines import (
    DatedLine,
    dated_lines,
    entry_meta_date,
    footer_date,
    nearest_the_head,
)
from crosswire.extract.date_mentions import (
    DateMention,
    find_date_mentions,
    parse_iso,
    phrases,
    to_iso,
)
from crosswire.extract.language import detect_language
from crosswire.extract.relative_dates import FetchTime, fetch_time, relative_date
from crosswire.extract.urls import UrlDate, date_in_url
from crosswire.model import Basis, DateValue, Embed, Line, LineLabel

# A header date within a day of the fetch is the fetch date (time zones shift the day by one).
FETCH_DATE_SLACK = timedelta(days=1)
# A header date this far after every other date of the page is the day it was shown, not written.
HEADER_DATE_LEAD = timedelta(days=3)
# An address or metadata date this close to one reading picks it (time zones, late edits).
NEAR_DAYS = timedelta(days=2)
# A body shorter than this (a misread page) is too little to tell its language: all lines are used.
MIN_LANGUAGE_CHARS = 200
# How far after the latest dated embed an inferred date may fall (the weekday words of a week).
WEEKDAY_SEARCH_DAYS = 7

HEADER_REASON = "a lone weekday-date line above the title with no 'published' word (a site header)"
_NUMERIC_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}")


@dataclass(slots=True)
class _Evidence:
    """Everything on and about the page that can decide or check a date."""

    url_date: UrlDate | None
    meta: DateMention | None
    fetched: date | None
    embed_dates: list[date]
    layout_day_first: dict[str, bool] = field(default_factory=dict)
    weekdays: frozenset[int] = frozenset()
    # A site-header date above the title (the day the page was shown) bounds the page's own date
    # when the fetch time is not known: an article cannot be published after it was seen.
    header_bound: date | None = None
    text: str = ""  # the page's words, for its language (judged only when an order is undecided)

    @property
    def latest_possible(self) -> date | None:
        return self.fetched or self.header_bound


def _layout_orders(texts: Sequence[str]) -> dict[str, bool]:
    """Per numeric layout ("nn-nn-yyyy"), the day/month order the page's unambiguous dates show."""
    seen: dict[str, set[bool]] = {}
    for text in texts:
        if not _NUMERIC_DATE.search(text):
            continue
        for m in find_date_mentions(text):
            if m.layout and m.day_first is not None:
                seen.setdefault(m.layout, set()).add(m.day_first)
    return {layout: orders.pop() for layout, orders in seen.items() if len(orders) == 1}


@lru_cache(maxsize=1)
def _weekday_names() -> dict[str, int]:
    # Full names only: "sun", "sat", "mar" are words too.
    weekdays = phrases()["weekdays"]
    return {w.lower(): int(k) for k, ws in weekdays.items() for w in ws if len(w) >= 5}


def _weekdays_in(text: str) -> frozenset[int]:
    """Weekdays the text speaks of ("on Sunday"), leaving out those inside full dates."""
    for m in reversed(find_date_mentions(text)):
        text = text[: m.start] + " " + text[m.end :]
    lowered = text.lower()
    found = set()
    for name, day in _weekday_names().items():
        # A substring test first: a regex per name over the whole body is slow.
        if day in found or name not in lowered:
            continue
        if re.search(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])", lowered):
            found.add(day)
    return frozenset(found)


def _embed_dates(lines: Sequence[Line], embeds: Sequence[Embed]) -> list[date]:
    found = [m.readings[0] for e in embeds if (m := parse_iso(e.date)) is not None]
    for line in lines:
        if line.label is LineLabel.EMBED:
            found += [m.readings[0] for m in find_date_mentions(line.text) if not m.ambiguous]
    return sorted(set(found))


def _reading_iso(mention: DateMention, day: date) -> str:
    return to_iso(day, mention.time, mention.offset)


def _default_day_first(layout: str) -> bool:
    # Undecided: dotted dates are day-first wherever they are written; slashed and dashed ones are
    # month-first in the US-style English most of the English-language web uses. Reported ambiguous.
    return "." in layout


def _decide_order(mention: DateMention, ev: _Evidence) -> tuple[date | None, str]:
    """The reading evidence supports for an ambiguous numeric date, and why; (None, '') if none."""
    readings = mention.readings
    for known, why in (
        (ev.url_date.day if ev.url_date else None, ev.url_date.evidence if ev.url_date else ""),
        (ev.meta.readings[0] if ev.meta else None, "the page's metadata gives the same day"),
    ):
        near = [d for d in readings if known and abs(d - known) <= NEAR_DAYS]
        if len(near) == 1:
            return near[0], why
    if mention.layout in ev.layout_day_first:
        day = _reading_by_order(mention, ev.layout_day_first[mention.layout])
        return day, "the page's other dates in this layout have a day above 12, fixing the order"
    possible = [d for d in readings if _possible(d, ev)]
    if len(possible) == 1:
        return possible[0], _why_excluded(possible[0], readings, ev)
    language = _language_of(ev.text)
    if language in _day_first_languages():
        why = f"the page is in a language ({language}) that writes the day first"
        return _reading_by_order(mention, True), why
    return None, ""


@lru_cache(maxsize=1)
def _day_first_languages() -> frozenset[str]:
    return frozenset(phrases()["day_first_languages"])


@lru_cache(maxsize=8)
def _language_of(text: str) -> str | None:
    return detect_language(text) if text else None


def _reading_by_order(mention: DateMention, day_first: bool) -> date:
    """readings are (month-first, day-first) for an ambiguous numeric date."""
    return mention.readings[1] if day_first else mention.readings[0]


def _possible(day: date, ev: _Evidence) -> bool:
    bound = ev.latest_possible
    if bound and day > bound + FETCH_DATE_SLACK:
        return False
    return not (ev.embed_dates and day < ev.embed_dates[-1])


def _why_excluded(kept: date, readings: tuple[date, ...], ev: _Evidence) -> str:
    other = next(d for d in readings if d != kept)
    bound = ev.latest_possible
    if bound and other > bound + FETCH_DATE_SLACK:
        seen = "fetched" if ev.fetched else f"shown (its site header says {bound.isoformat()})"
        return f"the other reading ({other.isoformat()}) is after the page was {seen}"
    return f"the other reading ({other.isoformat()}) is before a post the page embeds"


def _weekday_hint(mention: DateMention, ev: _Evidence) -> tuple[date | None, str]:
    """The text's weekday words: 'on Thursday' fits one reading's weekday, not the other's."""
    fitting = [d for d in mention.readings if d.weekday() in ev.weekdays]
    if len(fitting) == 1:
        name = fitting[0].strftime("%A")
        return fitting[0], f"the text speaks of {name}, the weekday of this reading only"
    return None, ""


def _date_value(mention: DateMention, basis: Basis, evidence: str, ev: _Evidence) -> DateValue:
    """A mention as a DateValue, deciding an ambiguous day/month order with the page's evidence."""
    if not mention.ambiguous:
        return DateValue(_reading_iso(mention, mention.readings[0]), basis, evidence)
    day, why = _decide_order(mention, ev)
    if day is None:
        day, why = _weekday_hint(mention, ev)
    if day is not None:
        return DateValue(_reading_iso(mention, day), basis, f"{evidence}; order decided: {why}")
    assert mention.layout is not None  # only numeric layouts read two ways
    default = _reading_by_order(mention, _default_day_first(mention.layout))
    alternatives = tuple(_reading_iso(mention, d) for d in mention.readings)
    note = (
        f"{evidence}; day/month order undecided (nothing on the page decides), "
        f"{'day' if _default_day_first(mention.layout) else 'month'}-first assumed"
    )
    return DateValue(_reading_iso(mention, default), basis, note, True, alternatives)


def _fetch_date_reason(item: DatedLine, title_index: int, ev: _Evidence) -> str | None:
    """Why an uncued date line above the title is the fetch date, or None when it is not."""
    if item.cue is not None or item.index > title_index or item.label is LineLabel.BYLINE:
        return None
    days = item.mention.readings
    header_like = item.mention.weekday is not None and item.mention.time is None
    if ev.fetched:
        # The fetch day is known: a header showing it names its weekday and no time; a date line
        # with a time, or a bare date, is the article's own even when it was read that day
        # (fundus pages saved the day they came out: benchmarks/bench_metadata.py --fetched).
        if header_like and any(abs(d - ev.fetched) <= FETCH_DATE_SLACK for d in days):
            return f"{HEADER_REASON}, on the day the page was fetched"
        return None
    others = [d for d in (ev.embed_dates[-1:] + _known_days(ev)) if d]
    if others and all(d > max(others) + HEADER_DATE_LEAD for d in days):
        return "a date line above the title, later than every other date of the page"
    if header_like:
        return HEADER_REASON
    return None


def _header_bound(items: list[DatedLine], title_index: int, ev: _Evidence) -> date | None:
    """The date of a site-header line above the title, when the fetch time is not known."""
    if ev.fetched:
        return None
    for item in items:
        header = item.cue is None and not item.mention.ambiguous
        if header and _fetch_date_reason(item, title_index, ev) == HEADER_REASON:
            return item.mention.readings[0]
    return None


def _known_days(ev: _Evidence) -> list[date]:
    days = [ev.url_date.day] if ev.url_date else []
    return days + ([ev.meta.readings[0]] if ev.meta else [])


def _stated(
    items: list[DatedLine], cue: str | None, title_index: int, ev: _Evidence
) -> tuple[DateValue | None, list[str]]:
    """The date line nearest the article's head with the given cue (None: uncued, not a fetch
    date), and notes on the lines rejected."""
    rejected: list[str] = []
    for item in nearest_the_head([i for i in items if i.cue == cue], title_index):
        reason = _fetch_date_reason(item, title_index, ev)
        if reason:
            rejected.append(f"'{item.text}' is not the publication date: {reason}")
            continue
        return _date_value(item.mention, Basis.STATED, f"stated: '{item.text}'", ev), rejected
    return None, rejected


def _with_meta_time(value: DateValue, ev: _Evidence) -> DateValue:
    """A stated day with no time takes the metadata's time when the metadata names the same day."""
    meta = ev.meta
    if meta is None or meta.time is None or value.value is None or "T" in value.value:
        return value
    if value.value != meta.readings[0].isoformat():
        return value
    iso = to_iso(meta.readings[0], meta.time, meta.offset)
    return DateValue(iso, value.basis, f"{value.evidence}; time from the page's metadata")


def _infer(body_text: str, ev: _Evidence) -> DateValue:
    """A date the page never states: the latest dated embed, moved to the weekday the text names."""
    if not ev.embed_dates:
        return DateValue(None)
    latest = ev.embed_dates[-1]
    for k in range(WEEKDAY_SEARCH_DAYS):
        day = latest + timedelta(days=k)
        if ev.fetched and day > ev.fetched:
            break
        if day.weekday() in ev.weekdays:
            name = day.strftime("%A")
            how = "the same day" if k == 0 else f"the first {name} after it"
            why = (
                f"not stated; the text speaks of {name} and the latest embedded post is dated "
                f"{latest.strftime('%A')} {latest.isoformat()}: {how}"
            )
            return DateValue(day.isoformat(), Basis.INFERRED, why)
    why = f"not stated; no earlier than the latest embedded post ({latest.isoformat()})"
    return DateValue(latest.isoformat(), Basis.INFERRED, why)


def _title_index(lines: Sequence[Line]) -> int:
    for label in (LineLabel.TITLE, LineLabel.BODY):
        for i, line in enumerate(lines):
            if line.label is label:
                return i
    return len(lines)


def _evidence(
    lines: Sequence[Line],
    *,
    url: str | None,
    fetch: FetchTime | None,
    html_meta_published: str | None,
    body_text: str,
    embeds: Sequence[Embed],
) -> _Evidence:
    texts = [line.text for line in lines if line.label is not LineLabel.EMBED]
    return _Evidence(
        url_date=date_in_url(url),
        meta=parse_iso(html_meta_published),
        fetched=fetch.day if fetch else None,
        embed_dates=_embed_dates(lines, embeds),
        layout_day_first=_layout_orders([*texts, body_text]),
        weekdays=_weekdays_in(body_text),
        text=body_text if len(body_text) >= MIN_LANGUAGE_CHARS else "\n".join(texts),
    )


def _published(
    items: list[DatedLine],
    title_index: int,
    ev: _Evidence,
    body_text: str,
    relative: DateValue,
    footer: tuple[DatedLine, str] | None = None,
    entry: DatedLine | None = None,
) -> DateValue:
    cued, rejected = _stated(items, "published", title_index, ev)
    if cued is None:
        cued, more = _stated(items, None, title_index, ev)
        rejected += more
    if cued is not None:
        return _with_meta_time(cued, ev)
    if ev.meta is not None:
        iso = to_iso(ev.meta.readings[0], ev.meta.time, ev.meta.offset)
        return DateValue(iso, Basis.METADATA, "the page's metadata (published)")
    if ev.url_date is not None:
        return DateValue(ev.url_date.day.isoformat(), Basis.URL, ev.url_date.evidence)
    if footer is not None:
        line, where = footer
        return _date_value(line.mention, Basis.STATED, f"stated {where}: '{line.text}'", ev)
    if entry is not None:
        why = f"stated in the entry's meta line below the article: '{entry.text}'"
        return _date_value(entry.mention, Basis.STATED, why, ev)
    inferred = relative if relative.value is not None else _infer(body_text, ev)
    if rejected and inferred.value is not None:
        return replace(inferred, evidence=f"{inferred.evidence}; {rejected[0]}")
    header = next((i for i in items if i.cue is None and not i.mention.ambiguous), None)
    if inferred.value is None and header and any(HEADER_REASON in r for r in rejected):
        # Nothing else dates the page: the header date is the best guess, and said to be one.
        why = f"the only date on the page is '{header.text}' above the title: it may be the day "
        why += "the page was shown rather than written"
        return DateValue(header.mention.readings[0].isoformat(), Basis.INFERRED, why)
    if inferred.value is None and rejected:
        return DateValue(None, evidence=rejected[0])
    return inferred if inferred.value is not None else relative  # what the page said, if any


def _modified(
    items: list[DatedLine], title_index: int, ev: _Evidence, meta: str | None
) -> DateValue:
    stated, _ = _stated(items, "modified", title_index, ev)
    if stated is not None:
        return stated
    found = parse_iso(meta)
    if found is None:
        return DateValue(None)
    iso = to_iso(found.readings[0], found.time, found.offset)
    return DateValue(iso, Basis.METADATA, "the page's metadata (modified)")


def find_published(
    lines: Sequence[Line],
    *,
    url: str | None,
    fetched_at: datetime | None,
    html_meta_published: str | None,
    hint: str | None,
    body_text: str,
    embeds: Sequence[Embed],
    html_meta_modified: str | None = None,
    fetch_hint: str | None = None,
) -> tuple[DateValue, DateValue]:
    """The page's (published, modified) times, each with its basis and evidence. `fetched_at` is
    the page's own fetch time; `fetch_hint` the one the user gave (a day or a moment), used when
    the page has none."""
    fetch = fetch_time(fetched_at, fetch_hint)
    ev = _evidence(
        lines, url=url, fetch=fetch, html_meta_published=html_meta_published,
        body_text=body_text, embeds=embeds,
    )  # fmt: skip
    items = dated_lines(lines)
    title_index = _title_index(lines)
    ev.header_bound = _header_bound(items, title_index, ev)
    relative = relative_date(lines, fetch)
    footer, entry = _footer(lines), entry_meta_date(lines)
    published = _published(items, title_index, ev, body_text, relative, footer, entry)
    if published.value and not published.ambiguous and published.basis is not Basis.INFERRED:
        _learn_order(items, published, ev)
    modified = _modified(items, title_index, ev, html_meta_modified)
    if published.value is None and modified.value is not None and not modified.ambiguous:
        published = DateValue(
            modified.value[:10],
            Basis.INFERRED,
            f"only an update time is stated, so published on or before it ({modified.evidence})",
        )
    if hint and hint.strip():
        found = parse_iso(hint)
        value = to_iso(found.readings[0], found.time, found.offset) if found else hint.strip()
        published = DateValue(value, Basis.USER, "given by the user")
    return published, modified


def _footer(lines: Sequence[Line]) -> tuple[DatedLine, str] | None:
    """The article's closing date line, with where it stands (for the evidence)."""
    found = footer_date(lines)
    if found is None:
        return None
    below = all(line.label is not LineLabel.BODY for line in lines[found.index :])
    if below:
        return found, "below the article, the only date line after it"
    return found, "at the article's end, the only date line among its paragraphs"


def _learn_order(items: list[DatedLine], published: DateValue, ev: _Evidence) -> None:
    """Once the published date fixed a layout's order, the modified date in that layout follows."""
    day = (published.value or "")[:10]
    for item in items:
        m = item.mention
        if m.ambiguous and m.layout and m.layout not in ev.layout_day_first:
            if day == m.readings[1].isoformat():
                ev.layout_day_first[m.layout] = True
            elif day == m.readings[0].isoformat():
                ev.layout_day_first[m.layout] = False
