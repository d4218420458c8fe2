"""date_lines: which lines of an invented page may carry its own date."""

from crosswire.extract.date_lines import (
    dated_lines,
    entry_meta_date,
    footer_date,
    nearest_the_head,
)
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


RELATED = [(L.FURNITURE, "Related posts:"), (L.FURNITURE, " 1. Sea defences fail again")]


def test_a_blog_entrys_meta_line_below_its_related_links_dates_it() -> None:
    for meta in (
        "Von harbour desk am 21/02/2021. Abgelegt unter Region. Sie können Antworten verfolgen.",
        "Posted by Ines Varga on March 3, 2024. Filed under Coast, Weather. Comments are closed.",
        "Publié par la rédaction le 3 mars 2024. Classé dans : Littoral.",
    ):
        lines = lines_of((L.TITLE, "Harbour wall"), (L.BODY, BODY), *RELATED, (L.FURNITURE, meta))
        found = entry_meta_date(lines)
        assert found is not None, meta
        assert (found.index, found.cue) == (4, "published")
        # The classifier may take the links and the line for the article's end.
        as_body = lines_of((L.TITLE, "Harbour wall"), (L.BODY, BODY), (L.BODY, meta))
        assert entry_meta_date(as_body) is not None


def test_not_an_entry_meta_line() -> None:
    def entry(*rows: tuple[LineLabel, str]) -> object:
        return entry_meta_date(lines_of((L.TITLE, "Harbour wall"), (L.BODY, BODY), *rows))

    # Each related post signed so: a list, not the entry's own line.
    teaser = "Posted by Ines Varga on March {}, 2024. Filed under Coast."
    listed = [(L.FURNITURE, teaser.format(day)) for day in (1, 2)]
    assert entry(*listed) is None
    # No category, no byline, two dates, or an embedded post: none of them is the entry's meta.
    assert entry((L.FURNITURE, "Posted by Ines Varga on March 3, 2024.")) is None
    assert entry((L.FURNITURE, "March 3, 2024. Filed under Coast.")) is None
    two = "By Ines Varga on March 3, 2024, updated March 4, 2024. Filed under Coast."
    assert entry((L.FURNITURE, two)) is None
    assert entry((L.EMBED, "By Ines Varga on March 3, 2024. Filed under Coast.")) is None
    # A sentence of the body that opens with "By" and files something: its date is far off.
    sentence = (
        "By the time the claim was filed under the new harbour law on March 3, 2024, it was late."
    )
    assert entry((L.BODY, sentence), (L.BODY, BODY)) is None
    # Above the body it is the head's business (dated_lines), not a closing line.
    above = lines_of((L.FURNITURE, "By Ines Varga on March 3, 2024. Filed under Coast."))
    assert entry_meta_date([*above, *lines_of((L.BODY, BODY))]) is None
