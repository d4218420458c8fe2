"""Time expressions: finding and normalising them (timex.py, timex_rules.py, timex_values.py)."""

from __future__ import annotations

import importlib.util
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.annotate.timex import find_times, resolve_times
from crosswire.annotate.timex_values import value_interval
from crosswire.model import TimeExpression
from tests.paths import ROOT, SEEDS

ANCHOR = "2025-11-09"  # a Sunday


def one(text: str, anchor: str | None = ANCHOR) -> TimeExpression:
    times = find_times(text, anchor)
    assert len(times) == 1, times
    return times[0]


def values(text: str, anchor: str | None = ANCHOR) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in find_times(text, anchor)]


@pytest.mark.parametrize(
    ("sentence", "words", "value"),
    [
        ("The minister spoke on Sunday in Madrid.", "Sunday", "2025-11-09"),
        ("Protesters gathered on Saturday outside the hall.", "Saturday", "2025-11-08"),
        ("The mayor resigned last Friday.", "last Friday", "2025-11-07"),
        ("The council meets next Tuesday.", "next Tuesday", "2025-11-11"),
        ("The board is scheduled to vote on Wednesday.", "Wednesday", "2025-11-12"),
        ("Talks stalled this week.", "this week", "2025-W45"),
        ("A summit was held last week in Doha.", "last week", "2025-W44"),
        ("The envoy returns next week.", "next week", "2025-W46"),
        (
            "She said earlier this month that the port would reopen.",
            "earlier this month",
            "2025-11",
        ),
        ("The truce signed last month held.", "last month", "2025-10"),
        ("The vote comes next month.", "next month", "2025-12"),
        ("The bridge opened in March.", "March", "2025-03"),
        ("Sales peaked in December.", "December", "2025-12"),
        ("The ferry sank three days ago.", "three days ago", "2025-11-06"),
        ("The fund closed two weeks ago.", "two weeks ago", "2025-W43"),
        ("Prices were lower a year ago.", "a year ago", "2024"),
        ("Flooding hit yesterday.", "yesterday", "2025-11-08"),
        ("The results come out tomorrow.", "tomorrow", "2025-11-10"),
        ("The festival ended this summer.", "this summer", "2025-SU"),
        ("Profit rose in the third quarter.", "the third quarter", "2025-Q3"),
    ],
)
def test_relative_expressions_resolve_against_the_anchor(
    sentence: str, words: str, value: str
) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.type, t.anchor) == (words, value, "date", ANCHOR)
    assert sentence[t.span.start : t.span.end] == words


@pytest.mark.parametrize(
    ("sentence", "words", "value"),
    [
        (
            "Leaders met in Baku on Saturday, November 8, 2025.",
            "Saturday, November 8, 2025",
            "2025-11-08",
        ),
        ("The deal was signed Nov. 8, 2025, in Cairo.", "Nov. 8, 2025", "2025-11-08"),
        ("It began on 8 November 2025.", "8 November 2025", "2025-11-08"),
        ("Filed 2025-11-08 by the clerk.", "2025-11-08", "2025-11-08"),
        ("Posted 11/08/2025 on the site.", "11/08/2025", "2025-11-08"),
        ("The mill closed in 2019.", "2019", "2019"),
        ("The law dates from May 1998.", "May 1998", "1998-05"),
        ("It was built in the 1990s.", "the 1990s", "199"),
        ("Output fell in the first half of 2024.", "the first half of 2024", "2024-H1"),
    ],
)
def test_absolute_expressions_resolve_with_or_without_anchor(
    sentence: str, words: str, value: str
) -> None:
    for anchor in (ANCHOR, None):
        t = one(sentence, anchor)
        assert (t.text, t.value, t.type) == (words, value, "date")
        assert t.anchor is None  # nothing was needed to resolve it


@pytest.mark.parametrize(
    ("sentence", "words", "value"),
    [
        ("The post went up at 3:22 p.m. Sunday.", "3:22 p.m. Sunday", "2025-11-09T15:22"),
        ("Shelling resumed Sunday morning.", "Sunday morning", "2025-11-09TMO"),
        ("The vote is tonight.", "tonight", "2025-11-09TNI"),
        ("Crowds gathered this morning.", "this morning", "2025-11-09TMO"),
    ],
)
def test_times_of_day(sentence: str, words: str, value: str) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.type) == (words, value, "time")


@pytest.mark.parametrize(
    ("sentence", "words", "value", "kind"),
    [
        ("The war of the past two years ended.", "the past two years", "P2Y", "duration"),
        ("It ended a two-year war.", "two-year", "P2Y", "duration"),
        ("The siege lasted three hours.", "three hours", "PT3H", "duration"),
        ("He served 18 months in prison.", "18 months", "P18M", "duration"),
        ("Repairs will take several weeks.", "several weeks", "PXW", "duration"),
        ("A decade passed.", "A decade", "P10Y", "duration"),
        ("They lasted 2 1/2 years.", "2 1/2 years", "P2Y6M", "duration"),
        ("Inspectors visit every week.", "every week", "P1W", "set"),
        ("The paper prints daily.", "daily", "P1D", "set"),
        ("The market opens every Friday.", "every Friday", "XXXX-WXX-5", "set"),
        ("Prices have risen recently.", "recently", "PAST_REF", "date"),
        ("The port is closed now.", "now", "PRESENT_REF", "date"),
        ("It may reopen in the future.", "the future", "FUTURE_REF", "date"),
    ],
)
def test_durations_sets_and_references(sentence: str, words: str, value: str, kind: str) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.type) == (words, value, kind)


@pytest.mark.parametrize(
    "sentence",
    [
        "They may come back.",
        "Thousands march through the city.",
        "He paid $1990 for the car.",
        "A second round of talks is planned.",
        "The 6-year-old boy was found safe.",
    ],
)
def test_words_that_are_not_times(sentence: str) -> None:
    assert find_times(sentence, ANCHOR) == []


def test_quarter_mentioned_then_a_year_ago_is_that_quarter_a_year_before() -> None:
    text = "Profit rose in the third quarter from a year ago."
    assert values(text) == [("the third quarter", "2025-Q3"), ("a year ago", "2024-Q3")]


def test_without_anchor_relative_stays_unresolved_and_absolute_resolves() -> None:
    text = "Last week, on Sunday, officials said that on November 8, 2025 they met."
    times = find_times(text, None)
    assert [(t.text, t.value, t.anchor) for t in times] == [
        ("Last week", None, None),
        ("Sunday", None, None),
        ("November 8, 2025", "2025-11-08", None),
    ]


def test_unreadable_anchor_counts_as_none() -> None:
    assert one("It happened last week.", "sometime soon").value is None


@pytest.mark.parametrize("anchor", ["0001-01-01", "9999-12-31", "2025-02-30"])
def test_anchors_at_the_calendar_edge_do_not_crash(anchor: str) -> None:
    text = "Last Friday, next week, in March, three days ago, the quarter, Thanksgiving."
    for t in find_times(text, anchor):
        assert t.value is None or t.anchor in (anchor, None)


def test_a_day_that_does_not_exist_that_year_stays_unresolved() -> None:
    assert one("It happened on Feb. 29.", "2025-03-10").value is None
    assert one("It happened on Feb. 29.", "2024-03-10").value == "2024-02-29"


def test_anchor_with_time_and_offset() -> None:
    assert one("It happened last week.", "2025-12-11T15:22+02:00").value == "2025-W49"


def test_resolve_times_later_gives_what_an_anchor_gives_at_once() -> None:
    text = (
        "Israel on Sunday rejected the plan. Last week a summit met, and earlier this month "
        "an envoy spoke in Bahrain. The board is scheduled to vote on Wednesday. Profit rose in "
        "the third quarter from a year ago, and in May sales fell."
    )
    later = resolve_times(find_times(text, None), ANCHOR, text=text)
    at_once = find_times(text, ANCHOR)
    assert later == at_once
    assert all(t.anchor == ANCHOR for t in later)


def test_resolve_times_without_text_reads_the_words_alone() -> None:
    times = find_times("Sunday, last week and three days ago.", None)
    resolved = resolve_times(times, ANCHOR)
    assert [t.value for t in resolved] == ["2025-11-09", "2025-W44", "2025-11-06"]
    assert resolve_times(times, None) == times


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025-11-09T15:22", date(2025, 11, 9), date(2025, 11, 9)),
        ("2025-W45", date(2025, 11, 3), date(2025, 11, 9)),
        ("2025-W45-WE", date(2025, 11, 8), date(2025, 11, 9)),
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_value_interval(value: str, first: date, last: date) -> None:
    assert value_interval(value) == (first, last)


@pytest.mark.parametrize("value", [None, "P2Y", "PAST_REF", "2025-SU", "2025-13", "nonsense"])
def test_value_interval_of_values_without_days(value: str | None) -> None:
    assert value_interval(value) is None


def test_non_english_text_does_not_crash() -> None:
    text = "Der Minister sprach am Sonntag. 大臣は日曜日に話した。Bakan pazar günü konuştu."
    for t in find_times(text, ANCHOR):
        assert text[t.span.start : t.span.end] == t.text


# Large and pathological inputs: what comes out is tested here, how fast belongs to benchmarks/.


def test_one_megabyte_of_prose_is_read_whole() -> None:
    sentence = (
        "The committee, which met for several hours behind closed doors, said on Sunday that "
        "it would publish its findings, and members declined to comment on the report. "
    )
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    times = find_times(text, ANCHOR)
    assert len(times) >= 2 * (len(text) // len(sentence))
    assert all(text[t.span.start : t.span.end] == t.text for t in times)


def test_text_made_of_time_words_keeps_its_spans() -> None:
    unit = "On Sunday 3 days ago the 1990s, 12/11/2025 $1990 a.m. 1/2 - - - ,,, May may. "
    small, large = unit * 500, unit * 2500
    assert find_times(small, ANCHOR)
    times = find_times(large, ANCHOR)
    assert all(large[t.span.start : t.span.end] == t.text for t in times)


@pytest.mark.parametrize(
    "chunk",
    ["1 ", "a ", "- ", "the ", "last ", "early ", "9" * 50 + " "],
    ids=["digit", "letter", "dash", "the", "last", "early", "long-number"],
)
def test_pathological_runs_give_spans_inside_the_text(chunk: str) -> None:
    text = chunk * 20_000
    for t in find_times(text, ANCHOR):
        assert text[t.span.start : t.span.end] == t.text


TIME_WORDS = st.sampled_from(
    [
        "Sunday",
        "last",
        "week",
        "3",
        "days",
        "ago",
        "November",
        "8,",
        "2025",
        "the",
        "past",
        "two",
        "years",
        "every",
        "p.m.",
        "May",
        "-",
        "/",
        "early",
        "this",
        "month",
        "quarter",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TIME_WORDS | st.text(max_size=6), max_size=25), st.sampled_from([ANCHOR, None]))
def test_spans_lie_inside_the_text(parts: list[str], anchor: str | None) -> None:
    text = " ".join(parts)
    times = find_times(text, anchor)
    previous_end = 0
    for t in times:
        assert 0 <= t.span.start < t.span.end <= len(text)
        assert t.text == text[t.span.start : t.span.end]
        assert t.span.start >= previous_end  # no overlaps, in text order
        previous_end = t.span.end
        assert t.type in ("date", "time", "duration", "set")
        if anchor is None:
            assert t.anchor is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_does_not_crash(text: str) -> None:
    for t in find_times(text, ANCHOR):
        assert t.text == text[t.span.start : t.span.end]


SEED_BENCH = ROOT / "benchmarks" / "bench_seed_times.py"


@pytest.mark.skipif(not (SEEDS / "gold.json").is_file(), reason="../shared/seeds is absent")
def test_seed_timeline_phrases_resolve_into_their_intervals(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The benchmark imports its helpers (benchmarks/shared.py) from its own folder, first on
    # sys.path when it runs as a script.
    monkeypatch.syspath_prepend(str(SEED_BENCH.parent))
    spec = importlib.util.spec_from_file_location("bench_seed_times", SEED_BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main() == 0, capsys.readouterr().out
