"""Quotation marks of every kind paired into quoted segments (no parse)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.annotate.quotemarks import Regions, find_quoted_segments

# --- quotation marks (no parse) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("He said “we stay” today.", "we stay"),
        ("Er sagte „wir bleiben“ heute.", "wir bleiben"),
        ("Il a dit « nous restons » hier.", "nous restons"),
        ("Han sa »vi blir« i dag.", "vi blir"),
        ("Il a dit ‹ nous restons › hier.", "nous restons"),
        ("彼は「残ります」と言った。", "残ります"),
        ('He said "we stay" today.', "we stay"),
        ("He said 'we stay' today.", "we stay"),
        ("He said ‘we stay’ today.", "we stay"),
    ],
)
def test_every_kind_of_quotation_mark_is_paired(text: str, inner: str) -> None:
    segments = find_quoted_segments(text)
    assert [text[s.start : s.end] for s in segments] == [inner]


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The union’s leader said they’re ‘not moving’ and the workers’ pay is 'rock 'n' roll'."
    got = [text[s.start : s.end] for s in find_quoted_segments(text)]
    assert "not moving" in got
    assert not any("union" in g or "re ‘" in g for g in got)


def test_unbalanced_mark_in_mid_paragraph_is_dropped_not_runaway() -> None:
    text = "The “deal was signed, Okonjo said.\n\nNothing happened after “that,” she said."
    segments = find_quoted_segments(text)
    assert [text[s.start : s.end] for s in segments] == ["that,"]


def test_quote_running_over_paragraphs_continues() -> None:
    text = "“The first part goes on.\n\n“And it ends here,” Okonjo said."
    segments = find_quoted_segments(text)
    assert [text[s.start : s.end] for s in segments] == [
        "The first part goes on.",
        "And it ends here,",
    ]
    assert segments[0].continues and segments[0].close_at is None


def test_nested_quote_belongs_to_the_outer_one() -> None:
    text = "“They called it ‘a fair deal’ yesterday,” Okonjo said."
    segments = find_quoted_segments(text)
    assert len(segments) == 1
    assert "‘a fair deal’" in text[segments[0].start : segments[0].end]


@given(st.text(alphabet="ab “”„«»‹›\"'‘’「」\n.,", max_size=80))
def test_segments_stay_inside_the_text_and_in_order(text: str) -> None:
    segments = find_quoted_segments(text)
    for segment in segments:
        assert 0 <= segment.open_at < segment.start <= segment.end <= len(text)
    ends = [s.end for s in segments]
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    assert all(a <= b.start for a, b in zip(ends, segments[1:], strict=False))


def test_a_megabyte_of_unbalanced_marks_is_paired_within_paragraphs() -> None:
    paragraph = "“Open and never closed, ‘single too, «guillemets» and „German“ marks."
    text = "\n\n".join([paragraph] * 16_000)[:1_000_000]
    segments = find_quoted_segments(text)
    # Each paragraph opens with an unclosed mark: it is one quote, ending with its paragraph.
    assert len(segments) == text.count("\n\n") + 1
    assert all("\n" not in text[s.start : s.end] for s in segments)


def test_regions_answer_inside_and_overlap_questions() -> None:
    regions = Regions([(10, 20), (0, 5), (30, 40)])
    assert regions.holds(0) and regions.holds(19) and not regions.holds(20)
    assert not regions.holds(25) and regions.holds(35)
    assert regions.covers(11, 19) and not regions.covers(15, 31)
    assert regions.chars_inside(3, 33) == 2 + 10 + 3
    assert Regions().chars_inside(0, 100) == 0 and not Regions().holds(3)
