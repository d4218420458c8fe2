"""Numbers read whole, with what they count, in invented sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.compare.numbers import Count, agree, counts_in, same_thing, shown


def _one(text: str) -> Count:
    found = counts_in(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "noun"),
    [
        ("The walkout idled 4,200 dockworkers.", 4200, "dockworkers"),
        ("The walkout idled 4,300 dockworkers.", 4300, "dockworkers"),
        ("The cranes cost 1.5 million crowns.", 1_500_000, "crowns"),
        ("The cranes cost 2.5 million crowns.", 2_500_000, "crowns"),
        ("The port paid $3.5bn for the berths.", 3_500_000_000, "dollars"),
        ("Forty-two ships waited off Kelvport.", 42, "ships"),
        ("Two dozen tugs left the harbour.", 24, "tugs"),
        ("A dozen trucks stood at the gate.", 12, "trucks"),
        ("Two hundred and fifty people marched.", 250, "people"),
        ("The union counted 1,200,000 votes.", 1_200_000, "votes"),
        ("The deal guarantees wages with a three-year promise.", 3, "year"),
    ],
)
def test_a_number_is_read_whole_with_the_noun_it_counts(text: str, value: float, noun: str) -> None:
    count = _one(text)
    assert count.value == value and count.noun == noun
    assert text[count.start : count.end] == count.written


def test_the_noun_is_the_first_plural_after_the_number() -> None:
    assert (
        _one("Port of Sorn left 37 container ships waiting at anchor.").phrase == "container ships"
    )
    assert _one("Four men smash the gate of the depot.").noun == "men"
    assert _one("Ten police officers stood by.").noun == "officers"
    assert _one("At least one line has begun sending cargo north.").noun == "line"


@pytest.mark.parametrize(
    ("text", "hedge", "words"),
    [
        ("about 4,200 dockworkers", "about", "about"),
        ("Roughly 4,000 union members", "about", "Roughly"),
        ("more than 4,000 strikers", "at least", "more than"),
        ("up to 30 barges", "at most", "up to"),
        ("4,100 strikers", "", ""),
    ],
)
def test_the_words_before_a_number_hedge_it(text: str, hedge: str, words: str) -> None:
    count = _one(text)
    assert (count.hedge, count.hedge_words) == (hedge, words)


@pytest.mark.parametrize(
    "text",
    [
        "The bridge opened in 2031 after a long wait.",
        "The ferry left at 18:05 for the island.",
        "Published on 12-03-2031 by the desk.",
        "Of the members, 81 percent backed the strike.",
        "A 38-year-old man was detained.",
        "A magnitude 6 quake shook the coast.",
        "A 5.6 quake shook the coast.",
        "Families there have 2.5 children on average.",
        "Twelve F-16 jets flew over.",
        "No one knows where the barges went.",
        "Two of them escaped.",
    ],
)
def test_years_times_dates_ages_measures_and_labels_are_no_counts(text: str) -> None:
    assert counts_in(text) == []


def test_offsets_and_skipped_spans() -> None:
    text = "Sorn said 12 barges sank."
    (count,) = counts_in(text, offset=100)
    assert (count.start, count.end) == (110, 112)
    assert counts_in(text, offset=100, skip=[(110, 112)]) == []


def test_two_estimates_that_differ_disagree_and_a_rounding_agrees() -> None:
    estimate, other_estimate = _one("about 4,200 dockworkers"), _one("roughly 4,000 dockworkers")
    assert not agree(estimate, other_estimate)
    assert not agree(_one("4,200 dockworkers"), _one("4,300 dockworkers"))
    assert not agree(_one("1.5 million crowns"), _one("2.5 million crowns"))
    assert agree(_one("about 40 officials"), _one("37 officials"))
    assert not agree(estimate, _one("4,000 dockworkers"))
    assert agree(_one("two fishermen"), _one("2 fishermen"))


def test_floors_and_ceilings_agree_with_what_they_let_through() -> None:
    floor = _one("more than 4,000 strikers")
    assert agree(floor, _one("4,200 strikers")) and not agree(floor, _one("3,900 strikers"))
    ceiling = _one("up to 30 barges")
    assert agree(ceiling, _one("25 barges")) and not agree(ceiling, _one("35 barges"))
    assert agree(floor, _one("at least 5,000 strikers"))
    assert not agree(_one("at least 40 barges"), _one("up to 30 barges"))


def test_nouns_listed_as_alike_count_the_same_thing() -> None:
    ships, vessels = _one("37 ships waited"), _one("40 vessels waited")
    assert same_thing(ships, vessels) and same_thing(ships, _one("42 ships waited"))
    assert not same_thing(ships, _one("37 cranes waited"))


def test_a_count_is_shown_with_its_hedge() -> None:
    assert shown(_one("Roughly 4,000 union members")) == "roughly 4,000"
    assert shown(_one("1.5 million crowns")) == "1.5 million"
    assert shown(_one("forty-two ships")) == "42"


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=160), st.integers(min_value=0, max_value=500))
def test_counts_never_crash_and_point_into_the_text(text: str, offset: int) -> None:
    for count in counts_in(text, offset):
        assert offset <= count.start < count.end <= offset + len(text)
        assert text[count.start - offset : count.end - offset] == count.written
        assert count.end <= count.noun_end and count.value >= 0
        assert agree(count, count)
