"""Container files that hold many pages: JSONL (one page per line) and WARC (web archives).

A bad line or a broken record is one InputFailure named `<file>#line=<n>` or `<file>#offset=<n>`;
the good lines and records around it still come through. A WARC is read with warcio; after a broken
record, reading resumes at the next record boundary (the next gzip member of a .warc.gz, the next
`WARC/1.` header of a plain .warc).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from crosswire.errors import InputError
from crosswire.model import Hints, InputFailure, Page, PageKind
from crosswire.sources.decode import (
    looks_like_html,
    page_from_bytes,
    parse_content_type,
    too_large_text,
)
from crosswire.sources.options import SourceOptions

log = logging.getLogger(__name__)

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


# --- JSONL --------------------------------------------------------------------------------------


def jsonl_items(
    source: str, stream: IO[bytes], options: SourceOptions, hints: Hints
) -> Iterator[Page | InputFailure]:
    """One item per non-blank line; a bad line is an InputFailure naming `file#line=n`."""
    line_number = 0
    try:
        while raw := stream.readline(options.max_bytes + 1):
            line_number += 1
            line_source = f"{source}#line={line_number}"
            if len(raw) > options.max_bytes and not raw.endswith(b"\n"):
                _skip_rest_of_line(stream)
                yield InputFailure(
                    line_source, too_large_text("JSONL line", len(raw), options.max_bytes)
                )
            elif raw.strip():
                yield _jsonl_item(line_source, raw, hints)
    except EOFError as error:
        raise InputError(f"truncated gzip file after line {line_number} ({error})") from error
    except (gzip.BadGzipFile, zlib.error) as error:
        raise InputError(f"corrupt gzip file after line {line_number} ({error})") from error


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while chunk := stream.readline(RESYNC_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _jsonl_item(source: str, raw: bytes, hints: Hints) -> Page | InputFailure:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        return InputFailure(
            source, f"bad JSONL line: not valid JSON ({error.msg}, column {error.colno})"
        )
    except (ValueError, RecursionError) as error:  # bad UTF-8, absurd nesting
        return InputFailure(source, f"bad JSONL line: not valid JSON ({type(error).__name__})")
    problem = _jsonl_problem(record)
    if problem:
        return InputFailure(source, f"bad JSONL line: {problem}")
    html, text = record.get("html"), record.get("text")
    content = html if isinstance(html, str) and html.strip() else text
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
    if not (record.get("html") or "").strip() and not (record.get("text") or "").strip():
        return "empty page ('html'/'text' holds only whitespace)"
    return None


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
    with path.open("rb") as stream:
        compressed = stream.read(2) == GZIP_MAGIC
        size = stream.seek(0, 2)
        start: int | None = 0
        while start is not None:
            broken_at, reason = yield from _warc_run(source, stream, start, options, hints, seen)
            if broken_at is None:
                break
            seen["broken"] += 1
            yield InputFailure(f"{source}#offset={broken_at}", f"broken WARC record ({reason})")
            start = _next_record_start(stream, broken_at + 1, compressed, size)
    if not seen["page"] and not seen["failure"] and not seen["broken"]:
        raise InputError(f"no HTML or text response records in WARC ({seen['skipped']} skipped)")


def _warc_run(
    source: str,
    stream: IO[bytes],
    start: int,
    options: SourceOptions,
    hints: Hints,
    seen: Counter[str],
) -> Generator[Page | InputFailure, None, tuple[int | None, str]]:
    """Read records from `start` until the end or a broken record; return where it broke and why
    (None at a clean end)."""
    stream.seek(start)
    iterator = ArchiveIterator(stream, arc2warc=True)
    records = iter(iterator)
    try:
        while (record := _next_quietly(records)) is not None:
            if _garbled(record):
                # warcio can read a corrupt record's bytes as headers and swallow the records
                # after it; call it broken and resynchronise at the next record boundary.
                return max(iterator.offset, start), "unreadable record headers"
            item = _warc_record_item(f"{source}#offset={iterator.offset}", record, options, hints)
            seen[_outcome(item)] += 1
            if item is not None:
                yield item
    except Exception as error:  # warcio and zlib raise many kinds on corrupt bytes
        detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        printable = "".join(char if char.isprintable() else "?" for char in detail)
        return max(iterator.offset, start), printable
    end = max(iterator.offset, start)
    stream.seek(end)
    if stream.read(RESYNC_CHUNK).strip():
        # warcio ends quietly where a record is cut off or unreadable; bytes are left over.
        return end, "the record is cut off or unreadable"
    return None, ""


def _garbled(record: Any) -> bool:
    """Record headers that are not text: a target address with control characters (bytes of a
    compressed body read as headers). dns: and urn: targets are fine."""
    target = record.rec_headers.get_header("WARC-Target-URI")
    return target is not None and not target.isprintable()


def _next_quietly(records: Iterator[Any]) -> Any | None:
    """The next record, or None at the end. warcio prints its warnings about bad records to
    stderr; they are caught and logged instead, so a CLI's progress display stays clean."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        record = next(records, None)
    if captured.getvalue():
        log.warning("warcio: %s", captured.getvalue().strip())
    return record


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
    block_length = record.rec_headers.get_header("Content-Length") or ""
    if block_length.isdigit() and int(block_length) > options.max_bytes + WARC_HEADER_SLACK:
        return InputFailure(
            source, too_large_text("WARC record", int(block_length), options.max_bytes)
        )
    data = record.content_stream().read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return InputFailure(source, too_large_text("WARC record", len(data), options.max_bytes))
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its Content-Length
        return InputFailure(source, "broken WARC record (cut off before its declared length)")
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


def _next_record_start(stream: IO[bytes], after: int, compressed: bool, size: int) -> int | None:
    """Offset of the next plausible record start at or after `after`, or None at end of file.

    Compressed WARCs hold one gzip member per record, so a gzip header marks a record start; plain
    WARCs separate records with a blank line before `WARC/1.`.
    """
    marker, skip = (b"\x1f\x8b\x08", 0) if compressed else (b"\r\n\r\nWARC/1.", 4)
    if after >= size:
        return None
    position = after
    stream.seek(position)
    carry = b""
    while chunk := stream.read(RESYNC_CHUNK):
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(carry) + found + skip
        carry = window[-(len(marker) - 1) :]
        position += len(chunk)
    return None
