"""authors: bylines in many languages and shapes, and the names they are not."""

from dataclasses import dataclass

import pytest

from crosswire.extract.authors import authors_from_byline, find_authors
from crosswire.model import Basis, LineLabel
from tests.conftest import lines_of

L = LineLabel

BODY = (
    "The harbour board voted on Tuesday to close the northern quay for repairs, a decision "
    "that will move the ferry to the old pier until the end of the summer."
)
MORE_BODY = (
    "Traders on the quay said they had not been told how long the works would last, and "
    "several asked the board to publish its timetable before the season begins."
)


@dataclass(frozen=True)
class FakeHtmlMeta:
    authors: tuple[str, ...] = ()


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Marta Lindqvist", ["Marta Lindqvist"]),
        ("by  Marta Lindqvist", ["Marta Lindqvist"]),
        ("Marta Lindqvist - Nov 19, 2019", ["Marta Lindqvist"]),
        ("By Ana Ruiz and Tom Berg | November 19, 2019 10:31 pm", ["Ana Ruiz", "Tom Berg"]),
        ("By Ana Ruiz, Tom Berg and Li Wei", ["Ana Ruiz", "Tom Berg", "Li Wei"]),
        ("By Ana Ruiz, Senior Correspondent", ["Ana Ruiz"]),
        ("By The North Wire Staff", ["The North Wire Staff"]),
        ("Par Claire Dubois", ["Claire Dubois"]),
        ("By signing up, you agree to the terms", []),
        ("Von Lena Fischer und Jonas Brandt, dpa", ["Lena Fischer", "Jonas Brandt", "dpa"]),
        ("Por Ana Ruiz y Tomás Berg", ["Ana Ruiz", "Tomás Berg"]),
        ("Texto: Lucía Peña", ["Lucía Peña"]),
        ("[avatar-k]byKofi Mensah", ["Kofi Mensah"]),
        ("• Von Lena Fischer", ["Lena Fischer"]),
        ("By Kofi Mensah, in News, Harbour, Business", ["Kofi Mensah"]),
        ("Von Mara Klein mit Agenturen", ["Mara Klein"]),
        ("By Kofi Mensah Follow", ["Kofi Mensah"]),
        ("By Kofi Mensah kofi.mensah@harbour.example", ["Kofi Mensah"]),
        ("By Kofi MensahSenior Writer", ["Kofi Mensah"]),
        ("By Kofi Mensah Business Reporter", ["Kofi Mensah"]),
    ],
)
def test_bylines(byline: str, expected: list[str]) -> None:
    assert authors_from_byline(byline) == expected


def _authors(*rows: tuple[LineLabel, str]) -> tuple[str, ...]:
    return find_authors(lines_of(*rows), None)[0]


def test_a_name_line_beside_the_date_at_the_head() -> None:
    rows = [
        (L.FURNITURE, "• Politik"),
        (L.TITLE, "Hafenamt schließt den Nordkai"),
        (L.FURNITURE, "Lena Fischer"),
        (L.DATELINE, "3. Mai 2024, 17:47"),
        (L.BODY, BODY),
    ]
    names, basis = find_authors(lines_of(*rows), None)
    assert names == ("Lena Fischer",) and basis is Basis.STATED
    rows[2] = (L.FURNITURE, "Lena Fischer, Jonas Brandt")
    assert _authors(*rows) == ("Lena Fischer", "Jonas Brandt")


def test_the_byline_nearest_the_text_wins_over_a_related_posts() -> None:
    names = _authors(
        (L.FURNITURE, "Ferry fares to rise in spring"),
        (L.FURNITURE, "Tom Berg and Li Wei"),
        (L.FURNITURE, "January 16, 2023"),
        (L.TITLE, "Harbour board closes the northern quay"),
        (L.FURNITURE, "Ana Ruiz"),
        (L.DATELINE, "April 28, 2023"),
        (L.BODY, BODY),
    )
    assert names == ("Ana Ruiz",)


def test_a_lone_prefix_with_the_names_under_it() -> None:
    names = _authors(
        (L.TITLE, "Harbour board closes the northern quay"),
        (L.FURNITURE, "By"),
        (L.FURNITURE, "Lucy ThorntonNews Reporter"),
        (L.FURNITURE, "Tim Hanlon"),
        (L.DATELINE, "• 14:00, 28 Apr 2024"),
        (L.BODY, BODY),
    )
    assert names == ("Lucy Thornton", "Tim Hanlon")


def test_a_name_with_its_role_on_the_line_under_it() -> None:
    names = _authors(
        (L.TITLE, "El puerto cierra el muelle norte"),
        (L.FURNITURE, "Marta Ruiz"),
        (L.FURNITURE, "Corresponsal en Lima"),
        (L.FURNITURE, "Compartir"),
        (L.BODY, BODY),
    )
    assert names == ("Marta Ruiz",)


def test_a_byline_inside_a_line_of_page_details() -> None:
    details = "Harbour, News, Top Story | Published: 5 hours ago | Written by Kofi Mensah"
    assert _authors((L.FURNITURE, details), (L.BODY, BODY)) == ("Kofi Mensah",)


def test_co_authors_with_their_roles_on_lines_around() -> None:
    names = _authors(
        (L.BODY, BODY),
        (L.BODY, MORE_BODY),
        (L.FURNITURE, "Publisert 5. august 2024"),
        (L.FURNITURE, "Ola Nordmann – Journalist"),
        (L.FURNITURE, "[avatar]"),
        (L.FURNITURE, "Kari Holm – Journalist i Bergen"),
    )
    assert names == ("Ola Nordmann", "Kari Holm")


def test_an_author_box_under_the_text() -> None:
    rows = [
        *[(L.BODY, BODY), (L.BODY, MORE_BODY)] * 6,  # the box stands under a whole article
        (L.FURNITURE, "Kommentar von"),
        (L.FURNITURE, "Lena Fischer"),
        (L.FURNITURE, "Redakteurin"),
    ]
    assert _authors(*rows) == ("Lena Fischer",)
    rows[-1] = (L.FURNITURE, "Mehr zum Thema")  # no role under the name: a related post's
    assert _authors(*rows) == ()


def test_a_reporters_signature_in_korean() -> None:
    names = _authors(
        (L.TITLE, "항구 북쪽 부두 폐쇄"),
        (L.BODY, "항만청은 화요일 북쪽 부두를 수리를 위해 폐쇄하기로 결정했다고 밝혔다."),
        (L.FURNITURE, "김민수 기자 minsoo@harbour.example"),
    )
    assert names == ("김민수",)


def test_photo_credits_menus_and_single_words_are_no_authors() -> None:
    names = _authors(
        (L.FURNITURE, "Sport"),
        (L.DATELINE, "3. Mai 2024"),
        (L.FURNITURE, "Primary Menu"),
        (L.CAPTION, "Foto: Jan Weber/dpa"),
        (L.FURNITURE, "Lesezeit"),
        (L.BODY, BODY),
    )
    assert names == ()


def test_an_appeals_signer_is_no_author() -> None:
    names = _authors(
        (L.BODY, BODY),
        (L.FURNITURE, "Thank you,"),
        (L.BYLINE, "Petra Novak, Founding Editor of The Valley Courier"),
    )
    assert names == ()


def test_html_metadata_fills_in_without_roles() -> None:
    lines = lines_of((L.BODY, BODY))
    html = FakeHtmlMeta(authors=("Tom Berg", "AP Auto Writer"))
    assert find_authors(lines, html) == (("Tom Berg",), Basis.METADATA)
    assert find_authors(lines, None) == ((), Basis.UNKNOWN)


@pytest.mark.parametrize(
    "control", ["Lesen Hören", "Front Page", "Vorlesen Teilen", "Listen Share"]
)
def test_a_players_or_sections_labels_beside_the_date_are_no_authors(control: str) -> None:
    rows = [
        (L.TITLE, "Hafenamt schließt den Nordkai"),
        (L.FURNITURE, control),
        (L.DATELINE, "3. Mai 2024, 17:47"),
        (L.BODY, BODY),
    ]
    assert find_authors(lines_of(*rows), None) == ((), Basis.UNKNOWN)


def test_a_long_run_without_white_space_is_read_in_linear_time() -> None:
    # The contact pattern once started a match at every character of such a run: 45 s for this
    # line. Ten seconds is far above what a linear reading takes (milliseconds).
    from crosswire.budget import time_budget
    from crosswire.extract.authors import CONTACT

    run = "harbour" * 24_000
    with time_budget(10):
        assert CONTACT.sub(" ", run) == run
        assert CONTACT.sub(" ", run + " desk@harbourtimes.example") == run + "  "
