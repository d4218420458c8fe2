"""Where pages come from: files, folders, JSONL, WARC and http(s) URLs, each turned into `Page`s.

Every input yields at least one item, in input order: a `Page`, or an `InputFailure` saying in
words a user can act on why the input (or one record of it) gave no page. Nothing here raises for
bad input; only bad options (`ConfigError`) raise.

`Page.source` names where a page came from, so a user can find it again:
- a file or URL: the input exactly as given;
- a member of a folder: the folder as given joined with the member's relative path;
- a JSONL line: `<file as given>#line=<n>` (1-based line number);
- a WARC record: `<file as given>#offset=<n>` (byte offset of the record, as warcio tools use).

`Page.url` is the page's own address: the hint (`--url`) for a single file or URL, the final URL
after redirects for a fetch, the record's URL for JSONL and WARC records (falling back to the hint;
one hint cannot be the address of many records).
"""

from __future__ import annotations

import gzip
import logging
import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, cast
from urllib.parse import urlsplit

import httpx

from crosswire.errors import InputError
from crosswire.model import Hints, InputFailure, Page
from crosswire.sources.archives import jsonl_items, warc_items
from crosswire.sources.decode import page_from_bytes, size_text, too_large_text
from crosswire.sources.fetch import Fetcher, http_fetcher, status_text
from crosswire.sources.options import SourceOptions

log = logging.getLogger(__name__)


GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"
WARC_SUFFIXES = (".warc", ".arc")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Inputs that may hold many pages, so the number of pages is not known before reading them.
MULTI_PAGE_SUFFIXES = tuple(s + z for s in (*JSONL_SUFFIXES, *WARC_SUFFIXES) for z in ("", ".gz"))
# Folder members that are a page's resources, never a page: skipped without a failure (a saved
# page's `_files/` folder is full of them). Everything else in a folder is read and sniffed.
# fmt: off
NON_PAGE_SUFFIXES = frozenset((
    ".css", ".js", ".mjs", ".map", ".json", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif",
    ".svg", ".ico", ".bmp", ".tif", ".tiff", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3",
    ".mp4", ".m4a", ".webm", ".ogg", ".wav", ".avi", ".mov", ".pdf", ".zip", ".tar", ".tgz",
    ".bz2", ".xz", ".7z", ".rar", ".exe", ".dll", ".so", ".pyc", ".db", ".sqlite",
))
# fmt: on


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
            yield from _guarded(given, _path_items(given, options, hints))


def expected_pages(inputs: Sequence[str]) -> int | None:
    """How many pages the inputs give, when that is known before reading them (one each), or None
    when a folder or an archive among them holds an unknown number."""
    for given in inputs:
        if given.lower().endswith(MULTI_PAGE_SUFFIXES) or Path(given).is_dir():
            return None
    return len(inputs)


def missing_paths(inputs: Sequence[str]) -> list[str]:
    """The inputs that name a local file or folder that does not exist (URLs are not checked)."""
    return [given for given in inputs if not _is_web_url(given) and not os.path.lexists(given)]


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


def _scheme(given: str) -> str:
    """The URL scheme of an input ('' for a plain path, or for text no URL parser accepts)."""
    try:
        return urlsplit(given.strip()).scheme.lower()
    except ValueError:  # e.g. "http://[" (a broken IPv6 host)
        return ""


# --- URLs --------------------------------------------------------------------------------------


def _url_item(
    given: str, fetch: Fetcher, options: SourceOptions, hints: Hints
) -> Page | InputFailure:
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
            url=hints.url or result.url,
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
    if scheme == "file":
        return Path(urlsplit(given.strip()).path)
    if len(scheme) > 1 and "://" in given:  # one letter is a Windows drive, not a scheme
        raise InputError(f"unsupported URL scheme {scheme!r} (use http, https or a path)")
    return Path(given).expanduser()


def _folder_items(
    given: str, folder: Path, options: SourceOptions, hints: Hints
) -> Iterator[Page | InputFailure]:
    members = folder_members(folder)
    if not members:
        raise InputError("no page files in folder")
    for relative in members:
        source = str(Path(given) / relative)
        yield from _guarded(source, _file_items(source, folder / relative, options, hints))


def folder_members(folder: Path) -> list[Path]:
    """Page files under a folder (recursive), as paths relative to it, sorted; hidden entries,
    symlinked folders and page resources (images, scripts, styles) left out."""
    members: list[Path] = []
    skipped = 0
    for directory, subdirectories, files in os.walk(folder, followlinks=False):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in NON_PAGE_SUFFIXES:
                skipped += 1
                continue
            members.append(Path(directory, name).relative_to(folder))
    if skipped:
        log.info("%s: skipped %d page resource file(s)", folder, skipped)
    return sorted(members, key=lambda member: member.parts)


def _file_items(
    source: str, path: Path, options: SourceOptions, hints: Hints
) -> Iterator[Page | InputFailure]:
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    with path.open("rb") as stream:
        head = stream.read(8)
    file_format = _file_format(path, head)
    if file_format == "warc":
        yield from warc_items(source, path, options, hints)
    elif file_format == "jsonl":
        with _open_maybe_gzip(path, head) as stream:
            yield from jsonl_items(source, stream, options, hints)
    elif file_format == "gzip":
        yield page_from_bytes(
            source, _gunzip_capped(path, options), what="file", hints=hints, url=hints.url
        )
    else:
        if size > options.max_bytes:
            raise InputError(too_large_text("file", size, options.max_bytes))
        with path.open("rb") as stream:
            data = stream.read(options.max_bytes + 1)
        if len(data) > options.max_bytes:  # it grew since stat
            raise InputError(too_large_text("file", len(data), options.max_bytes))
        yield page_from_bytes(source, data, what="file", hints=hints, url=hints.url)


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


def _gunzip_capped(path: Path, options: SourceOptions) -> bytes:
    try:
        with gzip.open(path, "rb") as stream:
            data = stream.read(options.max_bytes + 1)
    except EOFError as error:
        raise InputError(f"truncated gzip file ({error})") from error
    except (gzip.BadGzipFile, zlib.error) as error:
        raise InputError(f"corrupt gzip file ({error})") from error
    if len(data) > options.max_bytes:
        raise InputError(
            f"file too large after decompression (over {size_text(options.max_bytes)}, the "
            "limit set by max_bytes)"
        )
    if not data:
        raise InputError("empty file (after decompression)")
    return data
