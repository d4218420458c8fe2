"""date_lines: which lines of an invented page may carry its own date."""

from crosswire.extract.date_lines import dated_lines, footer_date, nearest_the_head
from crosswire.model import LineLabel
from tests.conftest import lines_of

L = LineLabel
BODY = "The harbour wall gave way at high tide, and the lower town was flooded by morning."


def test_head_lines_and_cued_lines_hold_the_page_date_related_posts_do_not() -> None:
    lines = lines_of(
        (L.FURNITURE, "Monday 4 May 2026"),
        (L.TITLE, "Harbour wall gives way"),
        (L.DATELINE, "4 May 2026, 09:12"),
        (L.BODY, BODY),
        (L.BODY, "Updated 4 May 2026, 11:30"),
        (L.BODY, BODY),
        (L.FURNITURE, "Related stories"),
        (L.FURNITURE, "Published 2 May 2026"),
    )
    found = dated_lines(lines)
    assert [(x.index, x.cue) for x in found] == [(0, None), (2, None), (4, "modified")]
    # The date line under the title is nearer the article's head than the site header.
    assert nearest_the_head([x for x in found if x.cue is None], 1)[0].index == 2


def test_a_cue_after_the_date_with_its_own_time_is_not_the_dates() -> None:
    lines = lines_of((L.TITLE, "Harbour wall"), (L.FURNITURE, "04/05/2026 Updated at 11:30h."))
    [found] = dated_lines(lines)
    assert found.cue is None
    [cued] = dated_lines(lines_of((L.TITLE, "Harbour wall"), (L.FURNITURE, "04/05/2026 updated")))
    assert cued.cue == "modified"


def test_a_lone_closing_date_line_but_not_a_list_of_them() -> None:
    closing = lines_of((L.TITLE, "Harbour wall"), (L.BODY, BODY), (L.FURNITURE, "4 May 2026"))
    found = footer_date(closing)
    assert found is not None and found.index == 2
    listed = [*closing, *lines_of((L.FURNITURE, "Sea defences"), (L.FURNITURE, "1 May 2026"))]
    assert footer_date(listed) is None
    far = [*closing[:2], *lines_of(*[(L.FURNITURE, f"Link {k}") for k in range(9)]), closing[2]]
    assert footer_date(far) is None


def test_a_lone_date_line_among_the_body_lines_closes_the_article() -> None:
    note = (
        L.BODY,
        "Since 2019 at the Courier. Writes about coasts and the people who defend them.",
    )
    inside = lines_of((L.TITLE, "Harbour wall"), (L.BODY, BODY), (L.FURNITURE, "4. 5. 2026"), note)
    found = footer_date(inside)
    assert found is not None and found.index == 2
    # Two such lines are a list, not the article's date; one below the body still comes first.
    listed = lines_of(
        (L.BODY, BODY), (L.FURNITURE, "4. 5. 2026"), (L.FURNITURE, "3. 5. 2026"), note
    )
    assert footer_date(listed) is None
    below = [*inside, *lines_of((L.FURNITURE, "1 May 2026"))]
    assert (found := footer_date(below)) is not None and found.index == 4
