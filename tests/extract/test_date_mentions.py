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


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("3. März 2024", date(2024, 3, 3)),
        ("12. MÄR 2025 18:03", date(2025, 3, 12)),
        ("le 5 juin 2025", date(2025, 6, 5)),
        ("5 de junio de 2025", date(2025, 6, 5)),
        ("5 gennaio 2025", date(2025, 1, 5)),
        ("5 de março de 2025", date(2025, 3, 5)),
        ("2. února 2024", date(2024, 2, 2)),
        ("d. 2. februar 2025", date(2025, 2, 2)),
        ("söndag 2 augusti 2026", date(2026, 8, 2)),
        ("3 mei 2024", date(2024, 5, 3)),
        ("14. lokakuuta 2024", date(2024, 10, 14)),
        ("7 października 2024", date(2024, 10, 7)),
        ("7 октября 2024", date(2024, 10, 7)),
        ("7 Ekim 2024", date(2024, 10, 7)),
    ],
)
def test_month_names_in_many_languages(text: str, day: date) -> None:
    [m] = find_date_mentions(text)
    assert m.readings == (day,)


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        ("2024年5月3日", date(2024, 5, 3), None),
        ("2024年05月03日18:20 | 来源：晨光网", date(2024, 5, 3), "18:20"),  # time glued on
        ("2024. 5. 3.", date(2024, 5, 3), None),
        ("2024.05.03", date(2024, 5, 3), None),
        ("2026. 01. 29. 18시 40분", date(2026, 1, 29), "18:40"),
        ("桜井一郎2025年1月13日 21時37分", date(2025, 1, 13), "21:37"),
    ],
)
def test_year_first_and_cjk_dates(text: str, day: date, time: str | None) -> None:
    [m] = find_date_mentions(text)
    assert (m.readings, m.time) == ((day,), time)
    assert line_has_date(text)


def test_european_times_after_the_date() -> None:
    [m] = find_date_mentions("03.05.2024 um 15:47 Uhr")
    assert (m.readings[-1], m.time) == (date(2024, 5, 3), "15:47")
    [pub, mod] = find_date_mentions(
        "Publisert 05.08.2024, kl. 13.05 Oppdatert 05.08.2024, kl. 13.52"
    )
    assert (pub.time, mod.time) == ("13:05", "13:52")
    [m] = find_date_mentions("Sendung: Radio Nord, 25.04.2024, 10.45 Uhr")
    assert m.time == "10:45"
    # Without "kl." or "Uhr" a dotted pair of numbers is no time.
    [m] = find_date_mentions("25.04.2024 13.05")
    assert m.time is None


def test_thin_spaces_and_two_digit_years_in_dotted_dates() -> None:
    [m] = find_date_mentions("• 28.\u20094.\u20092023, 18:41 Uhr")
    assert (m.readings[-1], m.time, m.layout) == (date(2023, 4, 28), "18:41", "nn.nn.yyyy")
    [m] = find_date_mentions("Veröffentlicht am 27.04.24 um 07:39 Uhr")
    assert (m.readings, m.layout) == ((date(2024, 4, 27),), "nn.nn.yy")
    assert find_date_mentions("Version 1.2.24 is out") == []
    assert find_date_mentions("12/11/25") == []


def test_dates_glued_to_their_neighbours_by_a_text_browser() -> None:
    [m] = find_date_mentions("by Harbour GazetteNovember 21, 202501747")  # a view count after
    assert m.readings == (date(2025, 11, 21),)
    [m] = find_date_mentions("Published Fri, Apr 28 20232:23 PM EDT")
    assert (m.readings, m.time, m.offset) == ((date(2023, 4, 28),), "14:23", "-04:00")
    [m] = find_date_mentions("Glaube12.06.202312. Juni 2023")
    assert m.readings[-1] == date(2023, 6, 12)
    assert find_date_mentions("in 2025. 3 people") == []


def test_date_lines_with_abbreviations_and_cjk_sentences() -> None:
    assert line_has_date("15.04.2026 - 15:48 UhrLesedauer: 2 Min.")
    assert line_has_date("25/04/2026 Actualizado a las 15:10h.")
    assert not line_has_date("The bridge reopened to traffic on 12 May 2024.")
    caption = "• 港の新しい灯台を見学する市民たち。市長が2025年1月11日に開所式で挨拶した"
    assert not line_has_date(caption)


def test_cues_in_more_languages() -> None:
    assert date_cue("Publisert 05.08.2024") == "published"
    assert date_cue("Udgivet 5. august 2024") == "published"
    assert date_cue("Oppdatert 05.08.2024") == "modified"
    assert date_cue("( modifica il 6 gennaio 2025 | 15:24)") == "modified"
