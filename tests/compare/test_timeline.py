"""The story's timeline and estimated publication dates (timeline.py), on invented stories."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.compare.publication_dates import estimate_publication
from crosswire.compare.timeline import build_timeline, event_interval
from crosswire.model import Article, Fact, FactStatus, PublicationDate, Support
from tests.conftest import HARBOUR, HARBOUR_RETOLD, ambiguous, stated, timed_article


def timeline(articles: list[Article], facts: list[Fact] | None = None) -> list:
    return build_timeline(articles, estimate_publication(articles), facts or [])


# --- intervals ---


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024-W23", date(2024, 6, 3), date(2024, 6, 9)),
        ("2024-W23-WE", date(2024, 6, 8), date(2024, 6, 9)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-06-02T15:00", date(2024, 6, 2), date(2024, 6, 2)),
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("2024-03-01/2024-W10", date(2024, 3, 1), date(2024, 3, 10)),
    ],
)
def test_event_interval(value: str, first: date, last: date) -> None:
    assert event_interval(value) == (first, last)


@pytest.mark.parametrize("value", [None, "", "P2Y", "PAST_REF", "2024-02-30", "2024-W60", "x/y"])
def test_event_interval_of_values_without_days(value: str | None) -> None:
    assert event_interval(value) is None


# --- publication dates ---


def test_same_event_in_two_outlets_is_merged_with_both_supports() -> None:
    articles = [
        timed_article("a", HARBOUR, stated("2024-06-03")),
        timed_article("b", HARBOUR_RETOLD, stated("2024-06-04")),
    ]
    events = timeline(articles)
    [budget] = [e for e in events if "harbour" in e.what]
    assert (budget.start, budget.end) == ("2024-06-02", "2024-06-02")
    assert [s.article for s in budget.support] == ["a", "b"]
    assert budget.reported == ("2024-06-03", "2024-06-04")  # when told, apart from when it was
    assert budget.expressions == ("Sunday",)


def test_different_events_are_kept_apart() -> None:
    events = timeline([timed_article("a", HARBOUR, stated("2024-06-03"))])
    assert len(events) == 2
    terminal = next(e for e in events if "ferry" in e.what)
    assert (terminal.start, terminal.end, terminal.value) == (
        "2024-05-27",
        "2024-06-02",
        "2024-W22",
    )
    assert [e.id for e in events] == ["T1", "T2"]  # chronological: the week before Sunday


def test_same_words_on_unrelated_days_are_not_merged() -> None:
    a = timed_article(
        "a", "The parliament approved the harbour budget on Sunday.", stated("2024-06-03")
    )
    b = timed_article(
        "b", "The parliament approved the harbour budget on Sunday.", stated("2024-06-11")
    )
    events = timeline([a, b])
    assert sorted(e.start for e in events) == ["2024-06-02", "2024-06-09"]


def test_a_shared_fact_links_less_similar_sentences_across_outlets() -> None:
    a = timed_article(
        "a", "Last week, Osterholm opened a ferry terminal on the shore.", stated("2024-06-03")
    )
    b = timed_article("b", "The first boats docked in Osterholm last week.", stated("2024-06-03"))
    apart = timeline([a, b])
    assert len(apart) == 2
    fact = Fact(
        "F3", "Osterholm opened a ferry terminal",
        (Support("a", "A", a.annotations.sentences[0], a.text),  # type: ignore[union-attr]
         Support("b", "B", b.annotations.sentences[0], b.text)),  # type: ignore[union-attr]
        2, FactStatus.CORROBORATED,
    )  # fmt: skip
    [event] = timeline([a, b], [fact])
    assert event.facts == ("F3",) and len(event.support) == 2


def test_week_month_and_past_event_clipped_at_publication() -> None:
    text = (
        "Prices at the Dunmere market rose sharply last month. "
        "Earlier this week the Dunmere growers union called a strike over the prices."
    )
    events = timeline([timed_article("a", text, stated("2024-06-05"))])  # a Wednesday
    spans = {e.value: (e.start, e.end) for e in events}
    assert spans["2024-05"] == ("2024-05-01", "2024-05-31")
    assert spans["2024-W23"] == ("2024-06-03", "2024-06-05")  # not after the report


def test_future_event_in_this_week_is_not_clipped() -> None:
    text = "The Dunmere growers union will meet later this week to vote on a strike."
    [event] = timeline([timed_article("a", text, stated("2024-06-05"))])
    assert (event.start, event.end) == ("2024-06-03", "2024-06-09")


def test_publication_itself_is_no_event() -> None:
    text = "The Dunmere growers union called a strike over falling prices."
    assert timeline([timed_article("a", text, stated("2024-06-05"))]) == []


def test_a_new_reading_of_an_ambiguous_date_moves_the_relative_times() -> None:
    first = timed_article("a", HARBOUR, stated("2024-04-02"))
    retold = timed_article("b", HARBOUR_RETOLD, ambiguous("2024-03-04", "2024-04-03"))
    events = timeline([first, retold])
    assert all(e.start >= "2024-03-25" for e in events)  # nothing left near 4 March


@pytest.mark.parametrize(
    "articles",
    [
        [],
        [Article(source="x", text="On Sunday the port reopened.")],  # not annotated
        [timed_article("e", "")],
        [
            timed_article("u", "The port reopened on Sunday after last week's storm.")
        ],  # no date at all
        [timed_article("n", "Der Hafen wurde am Sonntag wieder geöffnet.", stated("2024-06-03"))],
    ],
)
def test_no_crash_on_odd_articles(articles: list[Article]) -> None:
    pubs = estimate_publication(articles)
    assert len(pubs) == len(articles)
    for event in build_timeline(articles, pubs, []):
        assert event.start <= event.end


def test_published_list_may_miss_articles() -> None:
    a = timed_article("a", HARBOUR, stated("2024-06-03"))
    assert len(build_timeline([a], [PublicationDate("other", None)], [])) == 2


STORY = [
    timed_article("a", HARBOUR, stated("2024-06-03")),
    timed_article("b", HARBOUR_RETOLD, stated("2024-06-04")),
    timed_article("c", "Last week, Osterholm opened a ferry terminal on the northern shore."),
    timed_article(
        "d", "Prices in Dunmere rose last month, the growers union said.", stated("2024-06-05")
    ),
]


@settings(max_examples=25, deadline=None)
@given(st.permutations(STORY))
def test_order_independent(shuffled: list[Article]) -> None:
    expected = timeline(STORY)
    assert timeline(list(shuffled)) == expected
    pubs = {p.article: p for p in estimate_publication(list(shuffled))}
    assert [pubs[a.source] for a in STORY] == estimate_publication(STORY)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Sunday last week month 2024 May 3, .\n"), max_size=120))
def test_spans_stay_inside_the_text(text: str) -> None:
    a = timed_article("a", text, stated("2024-06-03"))
    for event in timeline([a]):
        for s in event.support:
            assert 0 <= s.span.start <= s.span.end <= len(text)
            assert s.text == text[s.span.start : s.span.end] and s.text.strip() == s.text
