"""Hostile local inputs for the source tests, made cheaply in tmp_path.

    from tests.sources.hostile import gzip_bomb, peak_bytes

- `gzip_bomb(path, size, fill=b"\\0", head=b"")`: a gzip file of `head` and then `size` bytes of
  `fill`, written in a fraction of a second: one block of the byte is deflated (compresslevel 9)
  and ended with a full flush, which resets the compressor, so every copy deflates the same and
  the file is that block repeated, then the CRC and length;
- `peak_bytes(run)`: run it under tracemalloc; (its result, the most memory Python held at once).
"""

from __future__ import annotations

import struct
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
MEGABYTE = 1024 * 1024
BLOCK = 4 * MEGABYTE
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


def gzip_bomb(path: Path, size: int, *, fill: bytes = b"\x00", head: bytes = b"") -> Path:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = fill * BLOCK
    opening = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    count, rest = divmod(size, BLOCK)
    crc = zlib.crc32(head)
    with path.open("wb") as out:
        out.write(GZIP_HEADER + opening)
        for _ in range(count):
            out.write(piece)
            crc = zlib.crc32(block, crc)
        tail = fill * rest
        out.write(compressor.compress(tail) + compressor.flush())
        crc = zlib.crc32(tail, crc)
        out.write(struct.pack("<II", crc, (len(head) + size) & 0xFFFFFFFF))
    return path


def peak_bytes(run: Callable[[], T]) -> tuple[T, int]:
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
