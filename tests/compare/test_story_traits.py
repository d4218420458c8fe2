"""What story grouping reads of an invented article: its year, its names."""

from __future__ import annotations

from crosswire.compare.story_traits import lead_year, read_traits, surface_names
from tests.conftest import article


def test_lead_year_is_the_most_named_year() -> None:
    assert lead_year("The 2013 gala, like the 2013 rehearsal; unlike 2009.") == 2013
    assert lead_year("Held in 2011 and again in 2012.") == 2012  # a tie: the latest
    assert lead_year("Room 12345 and 3 items, no year here") is None


def test_surface_names_are_capitalised_runs_that_do_not_open_a_sentence() -> None:
    text = (
        "Rescuers reached the Orrin bridge in Tamsk on Monday. The mayor, Ivo Brenner, "
        "thanked the crews of the Velmora Fire Service."
    )
    assert surface_names(text) == {
        "orrin",
        "tamsk",
        "monday",
        "ivo brenner",
        "velmora fire service",
    }


def test_unannotated_articles_share_names_from_their_text() -> None:
    crews = article("a.txt", "Crews in Tamsk closed the Orrin bridge on Monday.")
    assert {"tamsk", "orrin"} <= read_traits(crews).names
