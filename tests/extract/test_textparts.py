"""Labels of the head of an article in a page dump (title, kicker, byline, date, standfirst)."""

from __future__ import annotations

from crosswire.extract.headline import KICKER_REASON
from crosswire.extract.textmode import classify_lines
from crosswire.model import LineLabel

BODY = (
    "The harbour board of Velmora voted on Tuesday to close the old ferry pier for good, ending "
    "a service that had carried islanders across the bay for more than a century, officials "
    "said.\n\n"
    "Board members said the repairs the pier needed would cost more than the town spends on its "
    "roads in a year, and that a new landing stage would be built further along the quay.\n\n"
    "The last crossing is planned for the end of the month, when the island's own boat club will "
    "take over a smaller service for residents who have no car, the board's chair told reporters.\n"
)


def _labelled(text: str, label: LineLabel) -> list[str]:
    return [line.text for line in classify_lines(text) if line.label is label]


def test_the_title_is_the_headline_not_the_author_line_below_it() -> None:
    page = (
        "Menu\n\n• Home\n• News\n\nVelmora shuts its ferry pier after 112 years\n\n"
        "Ilse Marrow\n\nBy Ilse Marrow\n\n12 March 2025, 09:14\n\n" + BODY
    )
    assert _labelled(page, LineLabel.TITLE) == ["Velmora shuts its ferry pier after 112 years"]
    assert "By Ilse Marrow" in _labelled(page, LineLabel.BYLINE)


def test_a_kicker_is_labelled_as_part_of_the_title() -> None:
    page = (
        "• Home\n• News\n\n[harbour-photo]\n\n"
        "After the vote\n\nVelmora shuts its ferry pier for good\n\n"
        "By Ilse Marrow\n\n12 March 2025, 09:14\n\n" + BODY
    )
    lines = classify_lines(page)
    titles = [line for line in lines if line.label is LineLabel.TITLE]
    assert [line.text for line in titles] == [
        "After the vote",
        "Velmora shuts its ferry pier for good",
    ]
    assert titles[0].reason == KICKER_REASON


def test_the_standfirst_between_headline_and_byline() -> None:
    page = (
        "• Home\n• News\n\nVelmora shuts its ferry pier for good\n\n"
        "The island's link to the mainland ends after more than a century of crossings.\n\n"
        "By Ilse Marrow\n\n12 March 2025, 09:14\n\n" + BODY
    )
    standfirst = _labelled(page, LineLabel.STANDFIRST)
    assert standfirst == [
        "The island's link to the mainland ends after more than a century of crossings."
    ]


def test_no_title_on_a_page_copied_from_its_first_paragraph() -> None:
    assert _labelled(BODY, LineLabel.TITLE) == []
