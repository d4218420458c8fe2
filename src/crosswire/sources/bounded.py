"""Reading untrusted bytes within limits: decompression budgets, chunked lines, capped WARC headers.

A compressed input can hold a thousand times its size (a 10 MB .gz of zeros is 10 GB), and a
line-based one a hundred million empty lines. Everything that decompresses or splits a local input
goes through here:
- `ByteBudget`: how many decompressed bytes one input may still give (`max_archive_bytes`); past
  it, InputError names the limit and how to raise it. One budget serves every reader of an input,
  so a WARC read again after a broken record does not start afresh.
- `BudgetedReader`: a stream whose reads spend a budget (a gzip stream of JSONL or a page).
- `nonblank_lines`: the lines of a stream, read in big chunks; blank lines are skipped and an
  over-long line passed over at C speed, never held whole.
- `bounded_warc_iterator`: warcio's record iterator over a reader that spends the budget on what
  it decompresses and refuses a header block past `MAX_HEADER_BYTES` (warcio reads a header line
  whole, however long, so a newline-free bomb would otherwise fill memory).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple, Protocol

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from crosswire.errors import CrosswireError, InputError
from crosswire.sources.decode import size_text

# Bytes read at a time when splitting lines: big enough that a flood of empty lines costs a few
# C-level scans per megabyte, small enough to be nothing next to a page.
CHUNK_BYTES = 1024 * 1024
# The most bytes one header block of a WARC record (its WARC headers, or its HTTP headers) may
# take. Real ones take a few kilobytes; a long cookie or URL a few hundred.
MAX_HEADER_BYTES = 1024 * 1024
NON_SPACE = re.compile(rb"\S")


class ReadableBytes(Protocol):
    def read(self, size: int, /) -> bytes: ...


def archive_too_large_text(limit: int) -> str:
    """The refusal of an input that decompresses to more than the limit, saying how to raise it."""
    return (
        f"too large after decompression (over {size_text(limit)}, the limit set by "
        "max_archive_bytes; raise it with --max-archive-bytes)"
    )


class ByteBudget:
    """How many decompressed bytes one input may give; spending past the limit raises InputError."""

    __slots__ = ("limit", "spent")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0

    def spend(self, count: int) -> None:
        self.spent += count
        if self.spent > self.limit:
            raise InputError(archive_too_large_text(self.limit))


class BudgetedReader:
    """A binary stream whose reads spend a budget. A read is always bounded (no read-it-all) and
    gives what is at hand, up to `size` (as `read1` does, where the stream has it): so a gzip
    stream cut short gives every byte before the cut, and only then raises EOFError."""

    def __init__(self, stream: ReadableBytes, budget: ByteBudget) -> None:
        self._read = getattr(stream, "read1", stream.read)
        self._budget = budget

    def read(self, size: int, /) -> bytes:
        if size < 0:
            raise ValueError("a budgeted read needs a size")
        data: bytes = self._read(size)
        self._budget.spend(len(data))
        return data


# --- lines ----------------------------------------------------------------------------------------


class Line(NamedTuple):
    """One line of a stream that is not blank; `data` is None for a line over the limit (its
    bytes were passed over, not kept), whose `size` is then how long it was."""

    number: int  # 1-based
    data: bytes | None  # without the newline
    size: int


def nonblank_lines(
    stream: ReadableBytes, max_line_bytes: int, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[Line]:
    """Every line of `stream` that holds more than whitespace (then without its bytes when it is
    longer than `max_line_bytes`); a line of whitespace is passed over whatever its length, as it
    carries no page. Memory stays within `max_line_bytes` plus one chunk."""
    splitter = _LineSplitter(max_line_bytes)
    while chunk := stream.read(chunk_bytes):
        yield from splitter.feed(chunk)
    yield from splitter.finish()


class _LineSplitter:
    """Splits chunks into lines, carrying the line a chunk ends in over to the next chunk."""

    def __init__(self, max_line_bytes: int) -> None:
        self.max_line_bytes = max_line_bytes
        self.number = 1  # the line the next byte belongs to
        self.pending: list[bytes] = []  # the start of a line begun in an earlier chunk
        self.pending_size = 0
        self.overlong = False  # that line is past the limit: its bytes are counted, not kept
        self.blank = True  # that line holds only whitespace so far

    def feed(self, chunk: bytes) -> Iterator[Line]:
        position = 0
        if self.pending_size:
            end = chunk.find(b"\n")
            self._carry(chunk if end < 0 else chunk[:end])
            if end < 0:
                return
            yield from self.finish()
            position = end + 1
        while (found := NON_SPACE.search(chunk, position)) is not None:
            line_start = max(position, chunk.rfind(b"\n", position, found.start()) + 1)
            self.number += chunk.count(b"\n", position, line_start)
            end = chunk.find(b"\n", found.start())
            if end < 0:
                self._carry(chunk[line_start:])
                return
            yield self._line(chunk[line_start:end])
            self.number += 1
            position = end + 1
        # Only whitespace is left: count its lines; what follows the last newline may begin a line.
        last_newline = chunk.rfind(b"\n", position)
        if last_newline >= 0:
            self.number += chunk.count(b"\n", position)
            position = last_newline + 1
        if position < len(chunk):
            self._carry(chunk[position:])

    def finish(self) -> Iterator[Line]:
        """The carried line, ended by a newline or by the end of the stream."""
        if self.overlong:
            if not self.blank:
                yield Line(self.number, None, self.pending_size)
        elif self.pending_size:
            data = b"".join(self.pending)
            if data.strip():
                yield Line(self.number, data, len(data))
        if self.pending_size:
            self.number += 1
        self.pending, self.pending_size, self.overlong, self.blank = [], 0, False, True

    def _line(self, data: bytes) -> Line:
        if len(data) > self.max_line_bytes:
            return Line(self.number, None, len(data))
        return Line(self.number, data, len(data))

    def _carry(self, piece: bytes) -> None:
        self.pending_size += len(piece)
        if self.blank and NON_SPACE.search(piece):
            self.blank = False
        if self.overlong:
            return
        self.pending.append(piece)
        if self.pending_size > self.max_line_bytes:
            self.pending, self.overlong = [], True


# --- WARC -----------------------------------------------------------------------------------------


class HeadersTooLong(CrosswireError):
    """A WARC record's header block runs past MAX_HEADER_BYTES: that record is broken (not the
    archive: an InputError would stop it)."""


class _BoundedWarcReader(DecompressingBufferedReader):
    """warcio's reader, spending the budget on every block it decompresses and refusing a header
    block over MAX_HEADER_BYTES (a blank line, or reading a record's content, ends a block)."""

    def __init__(self, stream: Any, budget: ByteBudget) -> None:
        super().__init__(stream)
        self.budget = budget
        self.header_bytes = 0

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        if self.decompressor is not None and self.buff is not None:
            self.budget.spend(self.buff_size)

    def read(self, length: int | None = None) -> bytes:
        self.header_bytes = 0
        return bytes(super().read(length))

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_HEADER_BYTES + 1 - self.header_bytes
        line = bytes(super().readline(cap if length is None else min(length, cap)))
        self.header_bytes = 0 if not line.strip() else self.header_bytes + len(line)
        if self.header_bytes > MAX_HEADER_BYTES:
            raise HeadersTooLong(f"record headers longer than {size_text(MAX_HEADER_BYTES)}")
        return line


def bounded_warc_iterator(stream: Any, budget: ByteBudget) -> ArchiveIterator:
    """warcio's ArchiveIterator (ARC records read as WARC) over a bounded reader of `stream`."""
    iterator = ArchiveIterator(stream, arc2warc=True)
    # warcio builds its reader in __init__ and reads through `self.reader` only once iterated.
    iterator.reader = _BoundedWarcReader(iterator.fh, budget)
    return iterator
