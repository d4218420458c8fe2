"""sitename: the outlet's name as the page gives it."""

from crosswire.extract.sitename import (
    best_site_name,
    clean_name,
    site_votes,
    split_title,
    title_affix,
)
from crosswire.model import Line, LineLabel
from tests.conftest import lines_of


def test_split_title_only_strips_the_site() -> None:
    assert split_title("Floods: what we know | Harbour Times", ["Harbour Times"], None) == (
        "Floods: what we know",
        "Harbour Times",
    )
    assert split_title("Analysis: the floods", ["Harbour Times"], None) == (
        "Analysis: the floods",
        None,
    )
    assert split_title("Harbour Times - Floods", [], "harbourtimes.example")[0] == "Floods"


def test_clean_name() -> None:
    assert clean_name("The Valley Courier’s") == "The Valley Courier"
    assert clean_name("Harbour Times Ltd.") == "Harbour Times"
    assert clean_name("Us") is None
    assert clean_name("our newsletter") is None


def test_title_affix() -> None:
    headline = "Valley towns count the cost"
    assert title_affix(f"North Wire: {headline}", headline) == ("North Wire", headline)
    assert title_affix(f"{headline} | North Wire", headline) == ("North Wire", headline)
    assert title_affix(headline, headline) is None


def _lines(*texts: str) -> list[Line]:
    return lines_of(*((LineLabel.FURNITURE, text) for text in texts))


def test_votes_and_abbreviations() -> None:
    lines = _lines(
        "Get The Valley Courier’s Daily Edition",
        "Support The Valley Courier’s independent journalism",
        "Support TVC and get our documentary series",
        "Support TVC and get our documentary series",
        "www.valleycourier.example",
    )
    votes = site_votes(lines, None)
    kinds = sorted({v.kind for v in votes})
    assert kinds == ["domain line", "self-reference"]
    best = best_site_name(votes, None)
    assert best is not None and best[0] == "The Valley Courier"
    assert len(best[1]) == 5  # both spellings, the abbreviation twice, and the domain line


def test_no_votes_no_name() -> None:
    assert best_site_name(site_votes(_lines("Home", "Menu", "Sign in"), None), None) is None


def test_a_name_found_mid_sentence_stands_capitalised() -> None:
    lines = _lines(
        "Get the Valley Courier’s Evening Brief",
        "Marta Holm, Editor of the Valley Courier",
        "All rights reserved to the Valley Courier",
    )
    best = best_site_name(site_votes(lines, None), None)
    assert best is not None and best[0] == "The Valley Courier"
