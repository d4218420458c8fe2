"""Tests for crosswire.sources.http_decoding: content encodings undone in bounded steps."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from crosswire.errors import InputError
from crosswire.sources.http_decoding import content_codings, decoded_body
from tests.sources.local_server import MEGABYTE, gzip_of_gzip_bomb, zeros_gzip

PAGE = b"<html><body><p>The ferry ran again on Monday.</p></body></html>" * 50


def pieces(data: bytes, size: int = 1000) -> Iterator[bytes]:
    return (data[i : i + size] for i in range(0, len(data), size))


def deflated(data: bytes, wbits: int) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("header", "encoded"),
    [
        (None, PAGE),
        ("identity", PAGE),
        ("gzip", gzip.compress(PAGE)),
        ("X-Gzip", gzip.compress(PAGE)),
        ("deflate", deflated(PAGE, zlib.MAX_WBITS)),  # zlib-wrapped, as the standard says
        ("deflate", deflated(PAGE, -zlib.MAX_WBITS)),  # raw, as some servers send it
        ("deflate, gzip", gzip.compress(deflated(PAGE, zlib.MAX_WBITS))),
        ("gzip, identity, gzip", gzip.compress(gzip.compress(PAGE))),
    ],
    # Named, not by their bytes: gzip stamps the time into them, and pytest-xdist's workers must
    # collect the same ids.
    ids=["none", "identity", "gzip", "x-gzip", "deflate-zlib", "deflate-raw", "stack", "gzip-gzip"],
)
def test_each_encoding_and_stack_is_undone(header: str | None, encoded: bytes) -> None:
    assert decoded_body(pieces(encoded), header, limit=MEGABYTE) == PAGE


def test_gzip_members_end_to_end_are_all_read() -> None:
    encoded = gzip.compress(PAGE[:100]) + gzip.compress(PAGE[100:])
    assert decoded_body(pieces(encoded, 7), "gzip", limit=MEGABYTE) == PAGE


def test_padding_after_gzip_data_is_ignored() -> None:
    assert decoded_body([gzip.compress(PAGE), b"\x00" * 8], "gzip", limit=MEGABYTE) == PAGE


@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "rot13"])
def test_an_encoding_crosswire_did_not_ask_for_is_a_clear_error(coding: str) -> None:
    with pytest.raises(InputError, match=rf"unsupported content encoding '{coding}'"):
        content_codings(f"gzip, {coding}")


def test_more_encodings_than_any_server_stacks_are_refused() -> None:
    with pytest.raises(InputError, match="encoded 5 times over"):
        content_codings("gzip, gzip, gzip, gzip, gzip")


def test_corrupt_gzip_is_an_input_error() -> None:
    with pytest.raises(InputError, match="corrupt gzip content"):
        decoded_body([b"\x1f\x8b\x08\x00garbage-garbage-garbage"], "gzip", limit=MEGABYTE)


def test_gzip_of_gzip_bomb_stops_at_the_limit_holding_little_memory() -> None:
    bomb = gzip_of_gzip_bomb(200)  # 200 MB of zeros in about 500 bytes
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"response too large \(over 1.0 MB"):
            decoded_body([bomb], "gzip, gzip", limit=MEGABYTE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MEGABYTE  # the 1 MB kept, and a few chunks in flight


def test_a_body_at_the_limit_is_read_whole() -> None:
    assert decoded_body([zeros_gzip(1)], "gzip", limit=MEGABYTE) == bytes(MEGABYTE)
