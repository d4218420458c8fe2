"""Where pages come from: files, folders, JSONL, WARC and http(s) URLs, each turned into `Page`s.

Every input yields at least one item, in input order: a `Page`, or an `InputFailure` saying in
words a user can act on why the input (or one record of it) gave no page. Nothing here raises for
bad input; only bad options (`ConfigError`) raise.

`Page.source` names where a page came from, so a user can find it again:
- a file or URL: the input exactly as given (a URL without any `user:password@`: never kept);
- a member of a folder: the folder as given joined with the member's relative path;
- a JSONL line: `<file as given>#line=<n>` (1-based line number);
- a WARC record: `<file as given>#offset=<n>` (byte offset of the record, as warcio tools use).

`Page.url` is the page's own address: the hint (`--url`) for a single file or URL, the final URL
after redirects for a fetch, the record's URL for JSONL and WARC records (falling back to the hint;
one hint cannot be the address of many records).

Local inputs are read within limits whatever they hold: a page within `max_bytes`, whatever a
compressed file decompresses to within `max_archive_bytes` (streamed, never whole), a folder within
itself (`folders`: its symlinks to elsewhere are followed only with `follow_links`, named pipes and
devices are never opened).
"""

from __future__ import annotations

import gzip
import logging
import os
import stat
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, cast
from urllib.parse import unquote, urlsplit

import httpx

from crosswire.errors import InputError
from crosswire.model import Hints, InputFailure, Page
from crosswire.sources.archives import jsonl_items, warc_items
from crosswire.sources.bounded import CHUNK_BYTES, BudgetedReader, ByteBudget, ReadableBytes
from crosswire.sources.decode import page_from_bytes, size_text, too_large_text
from crosswire.sources.fetch import Fetcher, http_fetcher, status_text
from crosswire.sources.fetch_policy import without_credentials
from crosswire.sources.folders import folder_members, not_regular_text
from crosswire.sources.options import SourceOptions

log = logging.getLogger(__name__)


GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"
WARC_SUFFIXES = (".warc", ".arc")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Inputs that may hold many pages, so the number of pages is not known before reading them.
MULTI_PAGE_SUFFIXES = tuple(s + z for s in (*JSONL_SUFFIXES, *WARC_SUFFIXES) for z in ("", ".gz"))
# A page's file name that says it is plain text: reading it as HTML is noted on the page.
TEXT_SUFFIXES = (".txt", ".txt.gz")


def iter_pages(
    inputs: Sequence[str],
    *,
    options: SourceOptions = SourceOptions(),
    hints: Hints = Hints(),
    fetch: Fetcher | None = None,
) -> Iterator[Page | InputFailure]:
    """Pages of every input, in input order; every input yields at least one item."""
    fetchers: list[Fetcher] = [fetch] if fetch is not None else []
    for given in inputs:
        if _is_web_url(given):
            if not fetchers:
                fetchers.append(http_fetcher(options))
            yield _url_item(given, fetchers[0], options, hints)
        else:
            yield from _guarded(without_credentials(given), _path_items(given, options, hints))


def expected_pages(inputs: Sequence[str]) -> int | None:
    """How many pages the inputs give, when that is known before reading them (one each), or None
    when a folder or an archive among them holds an unknown number."""
    for given in inputs:
        if given.lower().endswith(MULTI_PAGE_SUFFIXES) or Path(given).is_dir():
            return None
    return len(inputs)


def missing_paths(inputs: Sequence[str]) -> list[str]:
    """The inputs that name a local file or folder that does not exist (URLs are not checked)."""
    return [given for given in inputs if not _is_url(given) and not os.path.lexists(given)]


# --- guarding: one bad input never stops the others -------------------------------------------


def _guarded(given: str, items: Iterable[Page | InputFailure]) -> Iterator[Page | InputFailure]:
    """Pass items through; turn a failure of the whole input into one InputFailure at its place."""
    produced = 0
    try:
        for item in items:
            produced += 1
            yield item
    except InputError as error:
        produced += 1
        yield InputFailure(given, str(error))
    except OSError as error:
        produced += 1
        yield InputFailure(given, f"cannot read ({error.strerror or error})")
    if not produced:
        yield InputFailure(given, "no pages found")


def _is_web_url(given: str) -> bool:
    return _scheme(given) in ("http", "https")


def _is_url(given: str) -> bool:
    """Whether the input is written as a URL, of any scheme (one letter is a Windows drive)."""
    return len(_scheme(given)) > 1 and "://" in given


def _scheme(given: str) -> str:
    """The URL scheme of an input ('' for a plain path, or for text no URL parser accepts)."""
    try:
        return urlsplit(given.strip()).scheme.lower()
    except ValueError:  # e.g. "http://[" (a broken IPv6 host)
        return ""


# --- URLs --------------------------------------------------------------------------------------


def _url_item(
    url: str, fetch: Fetcher, options: SourceOptions, hints: Hints
) -> Page | InputFailure:
    given = without_credentials(url)  # never sent, never written (see fetch_policy)
    try:
        result = fetch(given.strip())
    except InputError as error:
        return InputFailure(given, str(error))
    except (httpx.HTTPError, OSError, ValueError) as error:  # a custom fetcher's own failures
        return InputFailure(given, f"download failed ({type(error).__name__}: {error})")
    if not 200 <= result.status < 300:
        return InputFailure(given, status_text(result.status))
    if len(result.content) > options.max_bytes:
        return InputFailure(
            given, too_large_text("response", len(result.content), options.max_bytes)
        )
    try:
        return page_from_bytes(
            given,
            result.content,
            what="response",
            url=hints.url or without_credentials(result.url),
            fetched_at=result.fetched_at,
            content_type=result.content_type,
            hints=hints,
        )
    except InputError as error:
        return InputFailure(given, str(error))


# --- paths: files and folders -------------------------------------------------------------------


def _path_items(given: str, options: SourceOptions, hints: Hints) -> Iterator[Page | InputFailure]:
    path = _as_path(given)
    if not path.exists():  # also False for paths the OS cannot take (a NUL byte)
        raise InputError("no such file")
    if path.is_dir():
        yield from _folder_items(given, path, options, hints)
    elif path.is_file():
        yield from _file_items(given, path, options, hints)
    else:
        raise InputError("not a regular file or folder")


def _as_path(given: str) -> Path:
    scheme = _scheme(given)
    if scheme == "file":  # a file:// URL could name any file, on any host: paths are explicit
        raise InputError(_file_url_message(given))
    if _is_url(given):
        raise InputError(f"unsupported URL scheme {scheme!r} (use http, https or a path)")
    return Path(given).expanduser()


def _file_url_message(given: str) -> str:
    parts = urlsplit(given.strip())
    if parts.netloc not in ("", "localhost"):
        return "file:// URLs are not read (and this one names another host): give a local path"
    return f"file:// URLs are not read: give the local path instead ({unquote(parts.path)})"


def _folder_items(
    given: str, folder: Path, options: SourceOptions, hints: Hints
) -> Iterator[Page | InputFailure]:
    members = folder_members(folder, follow_links=options.follow_links)
    if not members:
        raise InputError("no page files in folder")
    for member in members:
        source = str(Path(given) / member.relative)
        if member.refusal is not None:
            yield InputFailure(source, member.refusal)
        else:
            path = folder / member.relative
            yield from _guarded(source, _file_items(source, path, options, hints))


def _file_items(
    source: str, path: Path, options: SourceOptions, hints: Hints
) -> Iterator[Page | InputFailure]:
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):  # checked again here: it may have changed since listed
        raise InputError(not_regular_text(status.st_mode))
    if status.st_size == 0:
        raise InputError("empty file")
    with path.open("rb") as stream:
        head = stream.read(8)
    file_format = _file_format(path, head)
    named_text = path.name.lower().endswith(TEXT_SUFFIXES)
    if file_format == "warc":
        yield from warc_items(source, path, options, hints)
    elif file_format == "jsonl":
        with _open_maybe_gzip(path, head) as stream:
            yield from jsonl_items(source, _budgeted(stream, head, options), options, hints)
    elif file_format == "gzip":
        data = _gunzip_capped(path, options)
        yield page_from_bytes(
            source, data, what="file", hints=hints, url=hints.url, named_text=named_text
        )
    else:
        if status.st_size > options.max_bytes:
            raise InputError(too_large_text("file", status.st_size, options.max_bytes))
        with path.open("rb") as stream:
            data = stream.read(options.max_bytes + 1)
        if len(data) > options.max_bytes:  # it grew since stat
            raise InputError(too_large_text("file", len(data), options.max_bytes))
        yield page_from_bytes(
            source, data, what="file", hints=hints, url=hints.url, named_text=named_text
        )


def _file_format(path: Path, head: bytes) -> str:
    """warc, jsonl, gzip or plain: by name first, then by the first bytes."""
    name = path.name.lower()
    compressed = head.startswith(GZIP_MAGIC)
    inner = name.removesuffix(".gz")
    if inner.endswith(WARC_SUFFIXES) or head.startswith(WARC_MAGIC):
        return "warc"
    if inner.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if compressed:
        return "warc" if _gunzipped_head(path).startswith(WARC_MAGIC) else "gzip"
    return "plain"


def _gunzipped_head(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as stream:
            return stream.read(len(WARC_MAGIC))
    except (OSError, EOFError, zlib.error):
        return b""  # the full read reports what is wrong


def _open_maybe_gzip(path: Path, head: bytes) -> IO[bytes]:
    if head.startswith(GZIP_MAGIC):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _budgeted(stream: IO[bytes], head: bytes, options: SourceOptions) -> ReadableBytes:
    """A gzip stream counted against max_archive_bytes; a plain file as it is."""
    if head.startswith(GZIP_MAGIC):
        return BudgetedReader(stream, ByteBudget(options.max_archive_bytes))
    return stream


def _gunzip_capped(path: Path, options: SourceOptions) -> bytes:
    """A .gz file's content: never more than max_bytes (a page) is decompressed, nor more than
    max_archive_bytes."""
    pieces: list[bytes] = []
    size = 0
    try:
        with gzip.open(path, "rb") as stream:
            budgeted = BudgetedReader(stream, ByteBudget(options.max_archive_bytes))
            while size <= options.max_bytes and (piece := budgeted.read(CHUNK_BYTES)):
                pieces.append(piece)
                size += len(piece)
    except EOFError as error:
        raise InputError(f"truncated gzip file ({error})") from error
    except (gzip.BadGzipFile, zlib.error) as error:
        raise InputError(f"corrupt gzip file ({error})") from error
    if size > options.max_bytes:
        raise InputError(
            f"file too large after decompression (over {size_text(options.max_bytes)}, the "
            "limit set by max_bytes)"
        )
    if not size:
        raise InputError("empty file (after decompression)")
    return b"".join(pieces)
