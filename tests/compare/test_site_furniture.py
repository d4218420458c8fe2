"""A site's repeated paragraphs over invented pages: furniture for one outlet, content across."""

from __future__ import annotations

from crosswire.compare.site_furniture import (
    outlet_count,
    outlet_key,
    site_furniture,
    without_furniture,
)
from tests.conftest import article

NOTICE = "Comments that insult other readers will not be approved by the moderator."
PROMPT = "Click the picture above to see this season's standings."


def test_a_paragraph_one_outlet_repeats_under_other_headlines_is_furniture() -> None:
    pages = [
        article(
            "a.txt",
            f"Rally drivers test in the Kessel hills.\n\n{NOTICE}\n\n{PROMPT}",
            outlet="Motor Weekly",
            title="Kessel rally test",
        ),
        article(
            "b.txt",
            f"A new circuit opens near Varn.\n\n{NOTICE}\n\n{PROMPT}",
            outlet="Motor Weekly",
            title="Varn circuit opens",
        ),
    ]
    found = site_furniture(pages)
    assert set(found) == {"a.txt", "b.txt"} and len(found["a.txt"]) == 2
    assert (
        without_furniture(pages[0].text, found["a.txt"])
        == "Rally drivers test in the Kessel hills."
    )


def test_shared_paragraphs_of_different_outlets_or_of_copies_are_content() -> None:
    quote = '"We will rebuild the bridge by spring," Mayor Ilsa Thorne said.'
    outlets = [
        article(
            "a.txt", f"The bridge fell.\n\n{quote}", outlet="Harbour Wire", title="Bridge falls"
        ),
        article(
            "b.txt", f"A bridge collapsed.\n\n{quote}", outlet="Velmora Courier", title="Collapse"
        ),
    ]
    assert site_furniture(outlets) == {}
    copies = [
        article(
            "a.txt", f"The bridge fell.\n\n{quote}", outlet="Harbour Wire", title="Bridge falls"
        ),
        article(
            "b.txt", f"The bridge fell.\n\n{quote}", outlet="Harbour Wire", title="Bridge falls"
        ),
    ]
    assert site_furniture(copies) == {}


def test_an_unknown_outlet_counts_as_one_of_its_own() -> None:
    known = article("a.txt", "x", outlet="Harbour Wire")
    same = article("b.txt", "y", outlet=" harbour  wire ")
    hosted = article("c.txt", "z", url="https://www.harbourwire.example/story")
    unknown = [article("d.txt", "w"), article("e.txt", "v")]
    assert outlet_key(known) == outlet_key(same)
    assert outlet_key(hosted) == "host:harbourwire.example"
    assert outlet_count([known, same, hosted, *unknown]) == 4
