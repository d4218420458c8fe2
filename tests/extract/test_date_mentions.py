"""datetext: dates as pages write them, and date lines told from sentences."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.extract.date_mentions import date_cue, find_date_mentions, line_has_date, parse_iso


@pytest.mark.parametrize(
    "text",
    [
        "Published on  12-11-2025 15:22",
        "Last modified: 12-11-2025 15:24",
        "Nov 19, 2019, 10:31 pm CST",
        "Sunday Jan 25, 2026",
        "Marta Lindqvist - Nov 19, 2019",
        "By Ana Ruiz and Tom Berg | November 19, 2019 10:31 pm",
        "Updated: 3:05 p.m. ET Nov. 19, 2019",
        "2025-12-11T15:22:00+02:00",
        "Publié le 9 novembre 2025 à 14h05",
        "9. November 2025 um 14:05 Uhr",
        "25 Ocak 2026 Pazar",
        "Tuesday, 19 November 2019 14:02 GMT+2",
        "2025年11月9日",
    ],
)
def test_date_lines(text: str) -> None:
    assert line_has_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Sunday",
        "The paper first appeared on July 30, 2007, and was free of charge.",
        "— Mayor Ilse Varga (@ilsevarga) November 9, 2025",
        "Call 0800 123 4567 for help",
        "12/11/25",
        "Rescue crews worked through the night of March 3, 2025 to reach the last of the "
        "stranded families on the far bank of the river.",
    ],
)
def test_not_date_lines(text: str) -> None:
    assert not line_has_date(text)


def test_time_and_zone_are_read() -> None:
    [m] = find_date_mentions("Nov 19, 2019, 10:31 pm CST")
    assert (m.readings, m.time, m.offset) == ((date(2019, 11, 19),), "22:31", "-06:00")
    [m] = find_date_mentions("June 3, 2019 3:05 pm ET")  # daylight saving in June
    assert m.offset == "-04:00"
    [m] = find_date_mentions("Updated: 3:05 p.m. ET Nov. 19, 2019")  # time before the date
    assert (m.time, m.offset) == ("15:05", "-05:00")
    [m] = find_date_mentions("Tuesday, 19 November 2019 14:02 GMT+2")
    assert (m.weekday, m.offset) == (1, "+02:00")


def test_numeric_order() -> None:
    [m] = find_date_mentions("12-11-2025")
    assert m.ambiguous and set(m.readings) == {date(2025, 12, 11), date(2025, 11, 12)}
    [m] = find_date_mentions("25-11-2025")
    assert not m.ambiguous and m.day_first is True
    [m] = find_date_mentions("11/25/2025")
    assert m.readings == (date(2025, 11, 25),) and m.day_first is False
    [m] = find_date_mentions("05.05.2025")
    assert m.readings == (date(2025, 5, 5),)


def test_months_in_several_languages() -> None:
    for text in ("9 de noviembre de 2025", "9 novembre 2025", "9. November 2025", "9 Kasım 2025"):
        [m] = find_date_mentions(text)
        assert m.readings == (date(2025, 11, 9),), text


def test_cues() -> None:
    assert date_cue("Published on 3 May 2025") == "published"
    assert date_cue("Last updated 3 May 2025") == "modified"
    assert date_cue("Mis à jour le 3 mai 2025") == "modified"
    assert date_cue("3 May 2025") is None


def test_parse_iso() -> None:
    m = parse_iso("2019-11-19T22:31:00-06:00")
    assert m is not None and (m.time, m.offset) == ("22:31", "-06:00")
    assert parse_iso("yesterday") is None
    assert parse_iso(None) is None


@given(st.text(max_size=200))
def test_odd_text_never_raises(text: str) -> None:
    line_has_date(text)
    for m in find_date_mentions(text):
        assert 0 <= m.start < m.end <= len(text)


def test_file_names_holding_dates_are_not_dates() -> None:
    assert find_date_mentions("[Screen-Shot-2018-07-02-at-16]") == []
    assert not line_has_date("[IMG_2018-07-02_1234.jpg]")


def test_indonesian_months() -> None:
    [m] = find_date_mentions("Posted on Maret 30, 2015 by Admin")
    assert m.readings == (date(2015, 3, 30),)
