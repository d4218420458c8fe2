"""relative_dates: "3 hours ago" and its kin on invented pages, against a fetch day or moment."""

from datetime import UTC, date, datetime

import pytest

from crosswire.extract.relative_dates import (
    FetchTime,
    fetch_time,
    find_relative,
    relative_date,
    resolve,
)
from crosswire.model import Basis, LineLabel
from tests.conftest import lines_of

L = LineLabel
BODY = "The ferry to Osterholm stayed in port as the storm reached the outer islands."
DAY = FetchTime(date(2031, 3, 10), None, "the fetch day given, 2031-03-10")
MOMENT = datetime(2031, 3, 10, 1, 30, tzinfo=UTC)


def page(line: str, label: LineLabel = L.FURNITURE) -> list:  # type: ignore[type-arg]
    return lines_of(
        (L.TITLE, "Storm keeps the Osterholm ferry in port"), (label, line), (L.BODY, BODY)
    )


def test_the_pages_own_fetch_time_comes_before_the_users() -> None:
    own = fetch_time(MOMENT, "2031-03-01")
    assert own is not None and (own.day, own.moment) == (date(2031, 3, 10), MOMENT)
    day = fetch_time(None, "2031-03-01")
    assert day is not None and (day.day, day.moment) == (date(2031, 3, 1), None)
    moment = fetch_time(None, "2031-03-01T23:10+01:00")
    assert moment is not None and moment.moment is not None and moment.moment.hour == 23
    assert fetch_time(None, "next week") is None and fetch_time(None, None) is None


def test_hours_ago_from_a_fetch_day_leave_the_day_before_open() -> None:
    found = relative_date(page("Published 3 hours ago"), DAY)
    assert (found.value, found.basis, found.ambiguous) == ("2031-03-10", Basis.INFERRED, True)
    assert found.alternatives == ("2031-03-09", "2031-03-10")
    assert "3 hours ago" in found.evidence and "03:00" in found.evidence
    # Most of a day ago, the day before is the likelier.
    assert relative_date(page("vor 20 Stunden"), DAY).value == "2031-03-09"


def test_hours_ago_from_a_fetch_moment_name_one_day() -> None:
    fetch = FetchTime(MOMENT.date(), MOMENT, "the page's fetch time")
    found = relative_date(page("il y a 2 heures"), fetch)
    assert (found.value, found.ambiguous) == ("2031-03-09", False)


def test_days_ago_are_a_day_either_way() -> None:
    found = relative_date(page("2 days ago"), DAY)
    assert (found.value, found.ambiguous) == ("2031-03-08", True)
    assert found.alternatives == ("2031-03-07", "2031-03-08", "2031-03-09")


@pytest.mark.parametrize("line", ["Published 3 seconds ago", "just now", "gerade eben"])
def test_moments_ago_are_the_fetch_day(line: str) -> None:
    found = relative_date(page(line), DAY)
    assert (found.value, found.ambiguous) == ("2031-03-10", False)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Today at 8:05 pm", "2031-03-10T20:05"),
        ("Vandaag om 20:07", "2031-03-10T20:07"),
        ("Gestern, 18:30 Uhr", "2031-03-09T18:30"),
        ("Published yesterday", "2031-03-09"),
    ],
)
def test_named_days_count_from_the_fetch_day(line: str, value: str) -> None:
    found = relative_date(page(line), DAY)
    assert (found.value, found.basis) == (value, Basis.INFERRED)


def test_today_in_a_phrase_is_no_date() -> None:
    assert find_relative("Storm warnings are in force for the islands today") is None


def test_a_lone_time_under_the_title_is_todays_but_not_elsewhere() -> None:
    found = relative_date(page("13:37 Uhr"), DAY)
    assert found.value == "2031-03-10T13:37" and "no date" in found.evidence
    ticker = lines_of(
        (L.FURNITURE, "09:26"),
        *[(L.FURNITURE, f"Latest story {k}") for k in range(8)],
        (L.TITLE, "Storm keeps the Osterholm ferry in port"),
        (L.BODY, BODY),
    )
    assert relative_date(ticker, DAY).value is None


def test_a_meta_bar_is_read_by_segments_and_the_publication_comes_first() -> None:
    bar = "Islands, News | Updated: 1 hour ago | Published: 5 hours ago | By Tove Ralling"
    mention = find_relative(bar)
    assert mention is not None and (mention.hours, mention.cue) == (5, "published")
    found = relative_date(page("Updated 2 hours ago"), DAY)
    assert found.value == "2031-03-10" and "on or before" in found.evidence


def test_a_count_closing_a_byline_is_an_age() -> None:
    mention = find_relative("Tove Ralling 7 hours")
    assert mention is not None and mention.hours == 7
    assert find_relative("Reading time 7 minutes") is None


def test_without_a_fetch_time_nothing_is_guessed_but_the_words_are_kept() -> None:
    found = relative_date(page("vor 3 Stunden"), None)
    assert found.value is None and "vor 3 Stunden" in found.evidence
    assert relative_date(page("Storm warnings remain in force."), DAY).value is None


def test_resolve_counts_a_named_day_back() -> None:
    mention = find_relative("yesterday")
    assert mention is not None and resolve(mention, DAY).value == "2031-03-09"


def test_a_body_line_under_the_title_counts_only_as_a_lone_time() -> None:
    assert relative_date(page("16:30", L.BODY), DAY).value == "2031-03-10T16:30"
    prose = "2 hours ago the harbour master closed the port."
    assert relative_date(page(prose, L.BODY), DAY).value is None
