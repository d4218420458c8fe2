"""Time expressions: find them in an article's text and normalise them to TimeML values.

`find_times(text, anchor)` finds dates, times of day, durations, sets and past/present/future
references ("Sunday" -> 2025-11-09, "last week" -> 2025-W44, "earlier this month" -> 2025-11,
"the past two years" -> P2Y, "every week" -> P1W, "recently" -> PAST_REF) with their spans. The
anchor is the article's publication date: relative expressions are resolved against it; without
one they keep value None (absolute dates still resolve) until `resolve_times` is given a date.

How open choices are made (measured on TempEval-3 training data, benchmarks/bench_tempeval.py):
- a weekday without "last"/"next" is the most recent such day at or before the anchor (news
  reports the past), unless a future cue ("scheduled", "plans to", ...; not "will", which
  proved misleading) precedes it in its sentence: then it is that day or the next such one;
- a month (or month and day) without a year is the one from nine months before the anchor to
  three months after it, or the next one after a future cue; a numbered quarter is the anchor
  year's unless it lies more than one quarter ahead (then last year's: results are reported
  after the quarter ends);
- "the quarter", "the latest quarter" and "the year-ago quarter" count from the quarter last
  named in the text (else from the last quarter ended before the anchor);
- "a year ago" right after a quarter was spoken of is that quarter a year earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from crosswire.annotate.timex_patterns import rules
from crosswire.annotate.timex_rules import alt, words
from crosswire.annotate.timex_values import (
    MONTH,
    QUARTER,
    SEASON,
    SHIFT,
    WEEKDAY,
    TimeSpec,
    parse_anchor,
    resolve_spec,
    with_direction,
)
from crosswire.model import Span, TimeExpression
from crosswire.text import letter_and_digit_spans, sentence_breaks

# How far back in its sentence a future cue may stand ("will meet ... on Friday").
CUE_WINDOW = 120
QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
# Runs of letters or of digits: the tokens looked up among the rules' key words.
# How far from a trigger word an expression may reach ("at least the past 18 months", "Saturday,
# November 8, 2025"): longer than any expression the rules can match on either side of it.
WINDOW_MARGIN = 80


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    spec: TimeSpec


@cache
def _future_cue() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{alt(words()['future_cues'])})\b", re.IGNORECASE)


def _windows(text: str, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of text around the given token spans, merged, cut at word edges."""
    merged: list[list[int]] = []
    for hit_start, hit_end in hits:
        start, end = hit_start - WINDOW_MARGIN, hit_end + WINDOW_MARGIN
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    windows = []
    for start, end in merged:
        start, end = max(0, start), min(len(text), end)
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        windows.append((start, end))
    return windows


def _key_hits(text: str) -> tuple[dict[str, list[tuple[int, int]]], list[tuple[int, int]]]:
    """Where each word stands (lower-cased) and where the digit runs stand."""
    by_word: dict[str, list[tuple[int, int]]] = {}
    digit_runs: list[tuple[int, int]] = []
    for start, end, digits in letter_and_digit_spans(text):
        if digits:
            digit_runs.append((start, end))
        else:
            by_word.setdefault(text[start:end].lower(), []).append((start, end))
    return by_word, digit_runs


def _candidates(text: str) -> list[tuple[int, int, int, TimeSpec]]:
    """Every rule's matches as (start, end, rule rank, spec); refused matches left out.

    A rule is run only around its key words (data: rule_keys): most prose holds no time
    expression, and the rules' optional lead words ("the", "more than") make a full scan slow.
    """
    found = []
    by_word, digit_runs = _key_hits(text)
    for rank, rule in enumerate(rules()):
        hits = [span for key in rule.keys for span in by_word.get(key, ())]
        hits = sorted(hits + digit_runs if rule.digits else hits)
        for start, end in _windows(text, hits):
            for m in rule.pattern.finditer(text, start, end):
                if m.end() <= m.start():
                    continue
                spec = rule.handler(m)
                if spec is not None:
                    found.append((m.start(), m.end(), rank, spec))
    return found


def _select(candidates: list[tuple[int, int, int, TimeSpec]], size: int) -> list[_Found]:
    """The longest matches that do not overlap (ties: earlier start, then earlier rule)."""
    taken = bytearray(size + 1)
    chosen: list[_Found] = []
    for start, end, _rank, spec in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(_Found(start, end, spec))
    chosen.sort(key=lambda f: f.start)
    return chosen


def points_forward(text: str, start: int) -> bool:
    """Whether a future cue stands before `start` in its sentence."""
    window = text[max(0, start - CUE_WINDOW) : start]
    starts = [next_start for _, next_start in sentence_breaks(window, lines=True)]
    if starts:
        window = window[starts[-1] :]
    return _future_cue().search(window) is not None


def _directed(spec: TimeSpec, forward: bool) -> TimeSpec:
    """The spec with the direction its words left open, chosen by tense."""
    if spec.kind in (WEEKDAY, MONTH, SEASON) and forward:  # quarters are reported after
        return with_direction(spec, 1)
    if spec.kind == SHIFT and spec.unit == "WE":
        return with_direction(spec, 1 if forward else -1)
    return spec


def _resolve(found: Sequence[_Found], text: str | None, anchor: str | None) -> list[TimeExpression]:
    """TimeExpressions of the found specs, resolved in order (the last quarter carries over)."""
    day: date | None = parse_anchor(anchor)
    last_quarter: str | None = None
    out = []
    for f in found:
        spec = _directed(f.spec, text is not None and points_forward(text, f.start))
        value = resolve_spec(spec, day, last_quarter)
        if value and spec.kind == QUARTER and QUARTER_VALUE.fullmatch(value):
            last_quarter = value  # the quarter the text now speaks of (not one derived from it)
        used = anchor if spec.relative and value is not None else None
        words_of = text[f.start : f.end] if text is not None else ""
        out.append(TimeExpression(Span(f.start, f.end), words_of, value, spec.type, used))
    return out


def find_times(text: str, anchor: str | None) -> list[TimeExpression]:
    """Every time expression of `text`, normalised against `anchor` (ISO date or None)."""
    found = _select(_candidates(text), len(text))
    return _resolve(found, text, anchor)


def _spec_of(words_text: str) -> TimeSpec | None:
    """The meaning of an expression's own words (the longest reading that starts it)."""
    found = _select(_candidates(words_text), len(words_text))
    return found[0].spec if found else None


def resolve_times(
    times: Sequence[TimeExpression], anchor: str | None, *, text: str | None = None
) -> list[TimeExpression]:
    """The expressions resolved against a date known later (a story's date for an undated article).

    Expressions already resolved keep their value. With the article's `text`, tense cues around
    each expression choose a direction as `find_times` does; without it, weekdays and months
    point back (news reports the past).
    """
    out: list[TimeExpression] = []
    last_quarter: str | None = None
    day = parse_anchor(anchor)
    in_text = {}
    if text is not None:  # read in context again: some words mean a time only there ("in May")
        in_text = {(f.start, f.end): f.spec for f in _select(_candidates(text), len(text))}
    for t in times:
        if t.value is not None:
            out.append(t)
            last_quarter = t.value if QUARTER_VALUE.fullmatch(t.value) else last_quarter
            continue
        spec = in_text.get((t.span.start, t.span.end)) or _spec_of(t.text)
        if spec is None:
            out.append(t)
            continue
        forward = text is not None and points_forward(text, t.span.start)
        spec = _directed(spec, forward)
        value = resolve_spec(spec, day, last_quarter)
        if value and spec.kind == QUARTER and QUARTER_VALUE.fullmatch(value):
            last_quarter = value
        out.append(replace(t, value=value, anchor=anchor if value is not None else None))
    return out
