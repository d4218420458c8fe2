"""urls: the site and the date a page's own address tells."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from crosswire.extract.urls import date_in_url, domain_of, name_matches_domain, site_label, squash


def test_domain_strips_variant_prefixes_and_ports() -> None:
    assert domain_of("https://www.valleypost.example/news/a-story") == "valleypost.example"
    assert domain_of("http://m.valleypost.example:8080/x") == "valleypost.example"
    assert domain_of("valleypost.example/x") == "valleypost.example"
    assert domain_of("https://news.harbour-times.co.uk/a") == "news.harbour-times.co.uk"


def test_domain_of_nothing_is_none() -> None:
    assert domain_of(None) is None
    assert domain_of("") is None
    assert domain_of("not a url") is None


def test_site_label_skips_country_second_levels() -> None:
    assert site_label("harbour-times.co.uk") == "harbour-times"
    assert site_label("news.valleypost.com") == "valleypost"
    assert site_label("example.org") == "example"


def test_name_matches_domain_by_letters_or_initials() -> None:
    assert name_matches_domain("The Valley Post", "valleypost.example")
    assert name_matches_domain("Valley Post", "thevalleypost.com")
    assert name_matches_domain("Harbour Times", "harbour-times.co.uk")
    assert name_matches_domain("Northern Broadcasting Corporation", "nbc-north.example") is False
    assert name_matches_domain("Northern Broadcasting Corporation", "nbc.example")
    assert not name_matches_domain("The Daily Planet", "valleypost.example")


def test_squash_keeps_letters_and_digits() -> None:
    assert squash("The Valley-Post 24!") == "thevalleypost24"


def test_dates_in_paths() -> None:
    cases = {
        "https://www.valleypost.example/2025/12/11/river-floods/": date(2025, 12, 11),
        "https://valleypost.example/news/20251211/river-floods": date(2025, 12, 11),
        "https://valleypost.example/news/river-floods-2025-12-11-story.html": date(2025, 12, 11),
        "https://valleypost.example/2025/3/4/x": date(2025, 3, 4),
    }
    for url, expected in cases.items():
        found = date_in_url(url)
        assert found is not None and found.day == expected, url
        assert "the address holds" in found.evidence


def test_no_date_in_ids_or_impossible_dates() -> None:
    assert date_in_url("https://valleypost.example/article/123456789") is None
    assert date_in_url("https://valleypost.example/2025/13/45/x") is None
    assert date_in_url("https://valleypost.example/news/river-floods") is None
    assert date_in_url(None) is None


@given(st.text())
def test_odd_addresses_never_raise(text: str) -> None:
    domain_of(text)
    date_in_url(text)
