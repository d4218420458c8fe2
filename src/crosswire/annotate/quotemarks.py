"""Quotation marks paired into quoted segments: pure text, no parse.

Every kind of mark is read (“ ” „ « » ‹ › " ' ‘ ’ 「 」 『 』). Curly and straight single
marks double as apostrophes (they’re, Norway’s, rock 'n' roll), so a single mark opens only
where a word starts and closes only where a word ends. Quotes nested inside quotes belong to the
outer one. A quote never runs past its paragraph unless the next paragraph opens with the same
mark (the convention for a quotation running over several paragraphs); an unclosed mark in
mid-paragraph is dropped rather than swallowing the text after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

# What closes each opening mark. Straight marks close themselves; German „…“ and Scandinavian
# »…« reuse marks that open elsewhere, so a closer is looked up against what is open.
CLOSERS: dict[str, str] = {
    "“": "”",
    "„": "“”",
    "‚": "‘’",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
    "‘": "’",
    '"': '"',
    "'": "'",
}
OPENERS = frozenset(CLOSERS)
ALL_CLOSERS = frozenset("".join(CLOSERS.values()))
SINGLE_MARKS = frozenset("'‘’‚")  # the marks that double as apostrophes
# French sets guillemets apart with spaces (« nous restons »).
SPACED_OPENERS = frozenset("«‹")
# Marks that close a quote and open none: a closer in this set is never taken for an opener.
CLOSE_ONLY = frozenset("”’」』")
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass(frozen=True, slots=True)
class QuotedSegment:
    """The inside of one pair of marks (content offsets exclude the marks and outer spaces)."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark; None for a quote closed by its paragraph
    mark: str  # the opening mark
    continues: bool = False  # the quote goes on in the next paragraph


def find_quoted_segments(text: str) -> list[QuotedSegment]:
    """The outermost quoted segments of `text`, in order, within paragraph bounds."""
    segments: list[QuotedSegment] = []
    start = 0
    paragraphs = [(m.start(), m.end()) for m in PARAGRAPH_BREAK.finditer(text)]
    bounds = []
    for brk_start, brk_end in paragraphs:
        bounds.append((start, brk_start))
        start = brk_end
    bounds.append((start, len(text)))
    for index, (p_start, p_end) in enumerate(bounds):
        next_start = bounds[index + 1][0] if index + 1 < len(bounds) else None
        next_mark = text[next_start] if next_start is not None and next_start < len(text) else ""
        segments.extend(_paragraph_segments(text, p_start, p_end, next_mark))
    return segments


def _paragraph_segments(text: str, p_start: int, p_end: int, next_mark: str) -> list[QuotedSegment]:
    found: list[QuotedSegment] = []
    stack: list[tuple[str, int]] = []  # (opening mark, offset)
    for i in range(p_start, p_end):
        ch = text[i]
        if ch not in OPENERS and ch not in ALL_CLOSERS:
            continue
        closes = _closes(text, i, stack)
        if closes is not None:
            mark, at = stack[closes]
            del stack[closes:]
            if not stack:
                found.append(_segment(text, at + 1, i, at, i, mark))
        elif ch in OPENERS and ch not in CLOSE_ONLY and _may_open(text, i, p_start):
            stack.append((ch, i))
    if stack:
        mark, at = stack[0]
        paragraph_quote = not text[p_start:at].strip()
        continues = bool(next_mark) and next_mark == mark
        if continues or paragraph_quote:
            found.append(_segment(text, at + 1, p_end, at, None, mark, continues=continues))
    return [seg for seg in found if seg.end > seg.start]


def _segment(
    text: str, start: int, end: int, open_at: int, close_at: int | None, mark: str, **kw: bool
) -> QuotedSegment:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuotedSegment(start, end, open_at, close_at, mark, **kw)


def _closes(text: str, i: int, stack: list[tuple[str, int]]) -> int | None:
    """The stack index of the open quote that the mark at `i` closes, or None."""
    ch = text[i]
    if ch in SINGLE_MARKS and not _may_close_single(text, i):
        return None
    for index in range(len(stack) - 1, -1, -1):
        if ch in CLOSERS[stack[index][0]]:
            if i == stack[index][1] + 1 and ch == stack[index][0]:
                return None  # "" or '' right after the opener: not a close
            return index
    return None


def _may_open(text: str, i: int, p_start: int) -> bool:
    """A mark opens where a word starts: after space, a bracket or another mark, before a word."""
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() and text[i] not in SPACED_OPENERS:
        return False
    if text[i] in SINGLE_MARKS:
        return before.isspace() or before in "([{—–-/" or before in OPENERS
    return not before.isalnum() or text[i] not in "\"'"


def _may_close_single(text: str, i: int) -> bool:
    """A single mark closes where a word ends (not they’re, not Norway’s)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    return not after.isalnum()


class Regions:
    """Sorted, non-overlapping char ranges (quoted text), asked "is this inside?" by bisection."""

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.ranges = sorted(ranges)
        self.starts = [start for start, _ in self.ranges]

    def holds(self, pos: int) -> bool:
        n = bisect_right(self.starts, pos) - 1
        return n >= 0 and pos < self.ranges[n][1]

    def covers(self, start: int, end: int) -> bool:
        """Whether one range holds all of start..end."""
        n = bisect_right(self.starts, start) - 1
        return n >= 0 and end <= self.ranges[n][1]

    def chars_inside(self, start: int, end: int) -> int:
        n = max(0, bisect_right(self.starts, start) - 1)
        total = 0
        while n < len(self.ranges) and self.ranges[n][0] < end:
            r_start, r_end = self.ranges[n]
            total += max(0, min(end, r_end) - max(start, r_start))
            n += 1
        return total
