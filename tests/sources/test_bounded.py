"""Tests for crosswire.sources.bounded: lines split in chunks, decompression budgets."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.errors import InputError
from crosswire.sources.bounded import BudgetedReader, ByteBudget, Line, nonblank_lines


def naive_lines(data: bytes, max_line_bytes: int) -> list[Line]:
    """What nonblank_lines must give, the slow obvious way."""
    lines = []
    for number, text in enumerate(data.split(b"\n"), start=1):
        if not text.strip():
            continue  # whitespace only, whatever its length
        lines.append(Line(number, None if len(text) > max_line_bytes else text, len(text)))
    return lines


@given(
    data=st.lists(st.sampled_from([b"\n", b" ", b"\t", b"\r\n", b"a", b"{}", b"xyz"])).map(
        b"".join
    ),
    max_line_bytes=st.integers(1, 8),
    chunk_bytes=st.integers(1, 7),
)
def test_lines_are_the_same_whatever_the_chunk_size(
    data: bytes, max_line_bytes: int, chunk_bytes: int
) -> None:
    found = list(nonblank_lines(io.BytesIO(data), max_line_bytes, chunk_bytes))
    assert found == naive_lines(data, max_line_bytes)


def test_an_over_long_line_is_never_held_whole() -> None:
    class Spy(io.BytesIO):
        largest = 0

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            Spy.largest = max(Spy.largest, len(chunk))
            return chunk

    lines = list(nonblank_lines(Spy(b"x" * 100_000 + b"\nok"), 1000, chunk_bytes=4096))
    assert lines == [Line(1, None, 100_000), Line(2, b"ok", 2)]
    assert Spy.largest <= 4096


def test_a_budget_stops_a_reader_past_its_limit() -> None:
    budget = ByteBudget(10)
    reader = BudgetedReader(io.BytesIO(b"a" * 25), budget)
    assert reader.read(6) == b"a" * 6
    with pytest.raises(InputError, match=r"over 10 bytes, the limit set by max_archive_bytes"):
        reader.read(6)
    with pytest.raises(ValueError):
        reader.read(-1)
