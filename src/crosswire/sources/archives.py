"""Container files that hold many pages: JSONL (one page per line) and WARC (web archives).

A bad line or a broken record is one InputFailure named `<file>#line=<n>` or `<file>#offset=<n>`;
the good lines and records around it still come through. JSONL is split in big chunks (`bounded`),
so a flood of blank lines or one endless line costs seconds, not minutes. A WARC is read with
warcio; after a broken record, reading resumes at the next record boundary (the next gzip member of
a .warc.gz that holds a record, the next `WARC/1.` line of a plain .warc; either, in a file that
starts with garbage). A record is broken when its headers are
unreadable or lack what every record has (a type, a Content-Length), or when it does not end where
its Content-Length says (warcio only warns, and would run on into the records after it).

Whatever a compressed archive decompresses to is counted against `max_archive_bytes`; past it the
archive stops with one InputFailure naming the limit (the items before it are kept).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import re
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from crosswire.errors import InputError
from crosswire.model import Hints, InputFailure, Page, PageKind
from crosswire.sources.bounded import (
    ByteBudget,
    ReadableBytes,
    bounded_warc_iterator,
    nonblank_lines,
)
from crosswire.sources.decode import (
    looks_like_html,
    page_from_bytes,
    parse_content_type,
    too_large_text,
    without_nul,
)
from crosswire.sources.options import SourceOptions

log = logging.getLogger(__name__)
T = TypeVar("T")

GZIP_MAGIC = b"\x1f\x8b"
# Content types of records that carry a page (anything else in a WARC is skipped).
PAGE_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/xml",
    "text/xml",
)
# WARC record kinds that hold a page: a crawled response, or a stored file (wget --warc-file).
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
# Slack for HTTP headers when a WARC record's block length is checked against max_bytes.
WARC_HEADER_SLACK = 64 * 1024
RESYNC_CHUNK = 1024 * 1024
# Record starts a reader resumes at after a broken record (see _next_record_start).
PLAIN_START_TEXT = b"WARC/1."
PLAIN_START = re.compile(rb"WARC/1\.[01]\r?\n")
# A gzip member's header (RFC 1952): deflate, no reserved flag, 4 bytes of time, an extra flag
# deflate writes (0, 2, 4), a known system (0-13, 255). Matched in C: false starts in a corrupt or
# hostile file (20 MB of "1f 8b 08 00") cost no Python each.
MEMBER_HEADER = rb"\x1f\x8b\x08[\x00-\x1f](?s:.{4})[\x00\x02\x04][\x00-\x0d\xff]"
MEMBER_START = re.compile(MEMBER_HEADER)
EITHER_START = re.compile(rb"WARC/1\.[01]\r?\n|" + MEMBER_HEADER)
MARKER_REACH = 16  # bytes kept between chunks: longer than any record start's marker
MEMBER_PROBE = 64 * 1024  # compressed bytes read to see what a gzip member holds
GZIP_WBITS = 16 + zlib.MAX_WBITS  # zlib reads a gzip header and trailer
ASCII_DIGITS = re.compile("[0-9]+")  # str.isdigit() also takes "²", which int() refuses


# --- JSONL --------------------------------------------------------------------------------------


def jsonl_items(
    source: str, stream: ReadableBytes, options: SourceOptions, hints: Hints
) -> Iterator[Page | InputFailure]:
    """One item per non-blank line; a bad line is an InputFailure naming `file#line=n`."""
    line_number = 0
    try:
        for line in nonblank_lines(stream, options.max_bytes):
            line_number = line.number
            line_source = f"{source}#line={line.number}"
            if line.data is None:
                yield InputFailure(
                    line_source, too_large_text("JSONL line", line.size, options.max_bytes)
                )
            else:
                yield _jsonl_item(line_source, line.data, hints)
    except EOFError as error:
        raise InputError(f"truncated gzip file after line {line_number} ({error})") from error
    except (gzip.BadGzipFile, zlib.error) as error:
        raise InputError(f"corrupt gzip file after line {line_number} ({error})") from error


def _jsonl_item(source: str, raw: bytes, hints: Hints) -> Page | InputFailure:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        return _bad_line(source, f"not valid JSON ({error.msg}, column {error.colno})")
    except (ValueError, RecursionError) as error:  # bad UTF-8, absurd nesting
        return _bad_line(source, f"not valid JSON ({type(error).__name__})")
    problem = _jsonl_problem(record)
    if problem:
        return _bad_line(source, problem)
    html, text = record.get("html"), record.get("text")
    content = without_nul(html if isinstance(html, str) and _has_words(html) else text)
    kind: PageKind = "html" if looks_like_html(content) else "text"
    fetched, day = record.get("fetched_at"), fetch_day(record.get("fetched_at"))
    return Page(
        source=source,
        content=content,
        kind=kind,
        url=record.get("url") or hints.url,
        # A day without a time is no moment: it is kept as a day, as `--fetched-at 2025-11-09`
        # is, so "3 hours ago" stays open between two days instead of counting from midnight UTC.
        fetched_at=None if day else parse_fetched_at(fetched, source),
        encoding="utf-8",
        hints=replace(hints, fetched_at=day) if day else hints,
    )


def _bad_line(source: str, why: str) -> InputFailure:
    # Interned: a file of a million bad lines holds a few distinct reasons, each once in memory.
    return InputFailure(source, sys.intern(f"bad JSONL line: {why}"))


def fetch_day(value: Any) -> str | None:
    """A record's fetch time when it is a calendar day only ("2025-11-09"), else None."""
    if not isinstance(value, str) or len(value.strip()) != len("2025-11-09"):
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def _jsonl_problem(record: Any) -> str | None:
    """What makes a parsed JSONL record unusable as a page, or None."""
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    for key in ("url", "html", "text"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"{key!r} must be a string"
    if record.get("html") is None and record.get("text") is None:
        return "has neither 'html' nor 'text'"
    if not _has_words(record.get("html")) and not _has_words(record.get("text")):
        return "empty page ('html'/'text' holds only whitespace)"
    return None


def _has_words(value: str | None) -> bool:
    return bool(without_nul(value or "").strip())


def parse_fetched_at(value: Any, source: str) -> datetime | None:
    """An ISO 8601 string or epoch seconds as an aware datetime (naive times are taken as UTC)."""
    if value is None:
        return None
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, UTC)
        if isinstance(value, str):
            moment = datetime.fromisoformat(value.strip())
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError, OSError):
        pass
    log.warning("%s: ignoring unreadable fetched_at %r", source, value)
    return None


# --- WARC ---------------------------------------------------------------------------------------


def warc_items(
    source: str, path: Path, options: SourceOptions, hints: Hints
) -> Iterator[Page | InputFailure]:
    """Pages of a WARC's response records. A broken record is one InputFailure; reading resumes
    at the next record boundary, so the good records after it still come through."""
    seen: Counter[str] = Counter()
    budget = ByteBudget(options.max_archive_bytes)
    with path.open("rb") as stream:
        starts = _record_starts(stream.read(len(PLAIN_START_TEXT)))
        size = stream.seek(0, 2)
        start: int | None = 0
        while start is not None:
            run = _warc_run(source, stream, start, options, hints, seen, budget)
            broken_at, reason = yield from run
            if broken_at is None:
                break
            seen["broken"] += 1
            yield InputFailure(f"{source}#offset={broken_at}", f"broken WARC record ({reason})")
            start = _next_record_start(stream, broken_at + 1, starts, size)
    if not seen["page"] and not seen["failure"] and not seen["broken"]:
        raise InputError(f"no HTML or text response records in WARC ({seen['skipped']} skipped)")


def _warc_run(
    source: str,
    stream: IO[bytes],
    start: int,
    options: SourceOptions,
    hints: Hints,
    seen: Counter[str],
    budget: ByteBudget,
) -> Generator[Page | InputFailure, None, tuple[int | None, str]]:
    """Read records from `start` until the end or a broken record; return where it broke and why
    (None at a clean end).

    A record's item is held back until warcio has read past the record's end (it does so when
    asked for the next record): only then is it known that the record ended where its
    Content-Length says. One that did not is broken, and so is whatever warcio read after it.
    """
    stream.seek(start)
    iterator = bounded_warc_iterator(stream, budget)
    records = iter(iterator)
    held: tuple[int, Any, Page | InputFailure | None] | None = None  # offset, record, item
    try:
        while True:
            errors_before = iterator.err_count
            record = _next_quietly(records)
            if held is not None:
                if broken := _bad_ending(held[1], iterator.err_count > errors_before):
                    return held[0], broken
                yield from _counted(held[2], seen)
                held = None
            if record is None:
                break
            offset = max(iterator.offset, start)
            problem = _header_problem(record)
            if problem:
                return offset, problem
            item = _quietly(_warc_record_item, f"{source}#offset={offset}", record, options, hints)
            held = (offset, record, item)
    except InputError:  # over max_archive_bytes: the whole archive stops, after what it gave
        if held is not None:
            yield from _counted(held[2], seen)
        raise
    except Exception as error:  # warcio and zlib raise many kinds on corrupt bytes
        if held is not None:
            if broken := _bad_ending(held[1], iterator.err_count > errors_before):
                return held[0], broken
            yield from _counted(held[2], seen)
        return max(iterator.offset, start), _error_text(error)
    return _left_over(stream, max(iterator.offset, start))


def _left_over(stream: IO[bytes], end: int) -> tuple[int | None, str]:
    """Where warcio stopped, when bytes are left there (warcio ends quietly where a record is cut
    off or unreadable), else None: the clean end of the file."""
    stream.seek(end)
    if stream.read(RESYNC_CHUNK).strip():
        return end, "the record is cut off or unreadable"
    return None, ""


def _counted(item: Page | InputFailure | None, seen: Counter[str]) -> Iterator[Page | InputFailure]:
    seen[_outcome(item)] += 1
    if item is not None:
        yield item


def _error_text(error: Exception) -> str:
    """An exception's first line, printable and short (warcio's messages start with blank lines
    and quote the bytes they choked on)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    detail = lines[0][:120] if lines else type(error).__name__
    return "".join(char if char.isprintable() else "?" for char in detail)


def _header_problem(record: Any) -> str | None:
    """What makes a record's headers unusable, or None. warcio reads bytes of a damaged record (or
    of a compressed body) as headers when it can; such headers hold control characters, or lack
    the type and length every record has."""
    for name, value in record.rec_headers.headers:
        if not _printable(name) or not _printable(value):
            return "unreadable record headers"
    if not record.rec_type:
        return "no WARC-Type header"
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not ASCII_DIGITS.fullmatch(length.strip()):
        return "no valid Content-Length header"
    http = record.http_headers if record.rec_type == "response" else None
    if http is not None and not str(http.protocol).upper().startswith("HTTP/"):
        return "unreadable HTTP headers (no HTTP status line)"
    return None


def _printable(text: str) -> bool:
    return text.replace("\t", " ").isprintable()


def _bad_ending(record: Any, warned: bool) -> str | None:
    """Why a record that warcio has read to its end did not end where it should, or None.
    `warned`: warcio found no blank line after it (its Content-Length is too short)."""
    if getattr(record.raw_stream, "limit", 0) > 0:
        return "cut off before its declared length"
    if warned:
        return "its Content-Length does not match where it ends"
    return None


def _next_quietly(records: Iterator[Any]) -> Any | None:
    """The next record, or None at the end."""
    return _quietly(next, records, None)


def _quietly(read: Callable[..., T], *args: Any) -> T:
    """`read(*args)` with what warcio prints to stderr about bad records ("Error -3 while
    decompressing data", from a record's headers or its content) logged instead, so a CLI's
    progress display stays clean."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        result = read(*args)
    if captured.getvalue():
        log.warning("warcio: %s", captured.getvalue().strip())
    return result


def _outcome(item: Page | InputFailure | None) -> str:
    if item is None:
        return "skipped"
    return "page" if isinstance(item, Page) else "failure"


def _warc_record_item(
    source: str, record: Any, options: SourceOptions, hints: Hints
) -> Page | InputFailure | None:
    """A page from one record; None for records that are not pages (requests, images, redirects)."""
    if record.rec_type not in PAGE_RECORD_TYPES:
        return None
    headers = record.http_headers if record.rec_type == "response" else None
    if headers is not None and not str(headers.get_statuscode() or "").startswith("2"):
        return None
    content_type = (headers or record.rec_headers).get_header("Content-Type")
    media_type, _ = parse_content_type(content_type)
    if media_type is not None and not media_type.startswith(PAGE_CONTENT_TYPES):
        return None
    block_length = int(record.rec_headers.get_header("Content-Length"))
    if block_length > options.max_bytes + WARC_HEADER_SLACK:
        return InputFailure(source, too_large_text("WARC record", block_length, options.max_bytes))
    data = record.content_stream().read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return InputFailure(source, too_large_text("WARC record", len(data), options.max_bytes))
    url = record.rec_headers.get_header("WARC-Target-URI") or hints.url
    try:
        return page_from_bytes(
            source,
            data,
            what="record",
            hints=hints,
            url=url,
            content_type=content_type,
            fetched_at=parse_fetched_at(record.rec_headers.get_header("WARC-Date"), source),
        )
    except InputError as error:
        return InputFailure(source, str(error))


def _record_starts(head: bytes) -> re.Pattern[bytes]:
    """What marks a record start in a WARC that begins with `head`: a gzip member of a .warc.gz,
    a `WARC/1.` line of a plain one, and either when the file starts with neither (garbage
    before the first record tells nothing of the rest)."""
    if head.startswith(GZIP_MAGIC):
        return MEMBER_START
    if head.startswith(PLAIN_START_TEXT):
        return PLAIN_START
    return EITHER_START


def _next_record_start(
    stream: IO[bytes], after: int, starts: re.Pattern[bytes], size: int
) -> int | None:
    """Offset of the next record start at or after `after`, or None at end of file.

    Compressed WARCs hold one gzip member per record: a gzip header that decompresses to a WARC
    record marks one (the header's three bytes alone also turn up inside corrupt members). Plain
    WARCs start each record with a `WARC/1.0` or `WARC/1.1` line, found with or without the blank
    line that should stand before it (garbage may end without one).
    """
    if after >= size:
        return None
    stream.seek(after)
    position, carry = after, b""
    while chunk := stream.read(RESYNC_CHUNK):
        window = carry + chunk
        base = position - len(carry)
        for match in starts.finditer(window):
            if _opens_a_record(stream, window, match.start(), base):
                return base + match.start()
        position += len(chunk)
        carry = window[-MARKER_REACH:]
        stream.seek(position)  # a probe may have read on
    return None


def _opens_a_record(stream: IO[bytes], window: bytes, at: int, base: int) -> bool:
    """Whether the record start found at `window[at]` is one: a `WARC/1.` line is; a gzip header
    is when its member decompresses to the start of a WARC record (read from the window, or from
    the file when the window ends too soon)."""
    if not window.startswith(GZIP_MAGIC, at):
        return True
    probe: bytes | memoryview = memoryview(window)[at : at + MEMBER_PROBE]
    if len(probe) < MEMBER_PROBE:
        stream.seek(base + at)
        probe = stream.read(MEMBER_PROBE)
    try:
        head = zlib.decompressobj(wbits=GZIP_WBITS).decompress(probe, 16)
    except zlib.error:
        return False
    return head.startswith(PLAIN_START_TEXT)
