"""Undoing HTTP content encodings (`Content-Encoding: gzip, deflate, ...`) in bounded steps.

httpx decodes each chunk it reads in one call, so a few kilobytes of gzip-of-gzip expand to
gigabytes inside that call, long before a size limit sees them. Here the raw body is decoded
layer by layer, each layer a generator that hands on at most `CHUNK` bytes at a time and stops
as soon as its output passes the limit: memory stays near the limit whatever the nesting.

Understood: gzip (x-gzip), deflate (zlib-wrapped, or raw deflate as some servers send it) and
identity. brotli and zstd are not offered (`ACCEPT_ENCODING`); a server that sends them anyway,
or any other coding, gets a clear InputError.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable, Iterator

from crosswire.errors import InputError
from crosswire.sources.decode import size_text

log = logging.getLogger(__name__)

ACCEPT_ENCODING = "gzip, deflate"  # what `decoded_body` can undo, sent as Accept-Encoding
CHUNK = 64 * 1024  # the most one decompression call may produce
MAX_CODINGS = 4  # real servers stack at most two; more is an attack or a mistake
GZIP_MAGIC = b"\x1f\x8b"
GZIP_WBITS = zlib.MAX_WBITS | 16  # a gzip header and trailer around deflate
ZLIB_WBITS = zlib.MAX_WBITS  # a zlib header and checksum around deflate
RAW_WBITS = -zlib.MAX_WBITS  # bare deflate

Decoder = Callable[[Iterable[bytes]], Iterator[bytes]]


def content_codings(header: str | None) -> list[str]:
    """The codings a Content-Encoding header names, in the order they were applied (identity
    left out); InputError for a coding this module cannot undo, or too many of them."""
    codings = [c.strip().lower() for c in (header or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > MAX_CODINGS:
        raise InputError(
            f"response encoded {len(codings)} times over (Content-Encoding: {header}); at most "
            f"{MAX_CODINGS} encodings are undone"
        )
    for coding in codings:
        if coding not in DECODERS:
            raise InputError(
                f"unsupported content encoding {coding!r} (the server sent Content-Encoding: "
                f"{header}; crosswire asks for {ACCEPT_ENCODING})"
            )
    return codings


def decoded_body(chunks: Iterable[bytes], content_encoding: str | None, limit: int) -> bytes:
    """The body under its content encodings, decoded; InputError as soon as any layer's output
    passes `limit` bytes (the decoded page, or the still-encoded data inside an outer layer)."""
    stream: Iterable[bytes] = _capped(chunks, limit)
    for coding in reversed(content_codings(content_encoding)):  # the last applied comes off first
        stream = _capped(DECODERS[coding](stream), limit)
    return b"".join(stream)


def too_large(limit: int) -> InputError:
    return InputError(f"response too large (over {size_text(limit)}, the limit set by max_bytes)")


def _capped(chunks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        yield chunk


def _gunzipped(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """gzip, member after member (a gzip body may be several members end to end)."""
    inflater = zlib.decompressobj(GZIP_WBITS)
    for chunk in chunks:
        data = chunk
        while data:
            if inflater.eof:
                if not data.startswith(GZIP_MAGIC):  # padding after the data: ignored, as
                    log.debug("ignored %d bytes after the gzip data", len(data))  # browsers do
                    return
                inflater = zlib.decompressobj(GZIP_WBITS)
            yield from _inflated(inflater, data, "gzip")
            data = inflater.unused_data if inflater.eof else b""


def _inflated_deflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """deflate: zlib-wrapped as the standard says, or raw deflate as some servers send it."""
    inflater = None
    for chunk in chunks:
        if not chunk:
            continue
        if inflater is None:
            inflater = zlib.decompressobj(ZLIB_WBITS if _has_zlib_header(chunk) else RAW_WBITS)
        if inflater.eof:
            return
        yield from _inflated(inflater, chunk, "deflate")


def _has_zlib_header(data: bytes) -> bool:
    """Whether data starts with a zlib header (deflate method, header checksum right)."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _inflated(inflater: zlib._Decompress, data: bytes, coding: str) -> Iterator[bytes]:
    """Everything `data` inflates to, CHUNK bytes at most per call (zlib keeps the rest of the
    input in unconsumed_tail until asked again)."""
    while True:
        try:
            piece = inflater.decompress(data, CHUNK)
        except zlib.error as error:
            raise InputError(f"corrupt {coding} content ({error})") from error
        if piece:
            yield piece
        data = inflater.unconsumed_tail
        if inflater.eof or (not data and len(piece) < CHUNK):
            return


DECODERS: dict[str, Decoder] = {
    "gzip": _gunzipped,
    "x-gzip": _gunzipped,
    "deflate": _inflated_deflate,
}
