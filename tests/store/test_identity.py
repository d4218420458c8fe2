"""One article once: the keys that make two pages one article."""

from __future__ import annotations

import pytest

from crosswire.store.identity import identity_of, text_hash, url_key
from tests.conftest import article


@pytest.mark.parametrize(
    "given",
    [
        "https://harbour-ledger.example/news/ferry",
        "HTTPS://Harbour-Ledger.EXAMPLE/news/ferry",
        "https://harbour-ledger.example:443/news/ferry",
        "https://harbour-ledger.example/news/ferry/",
        "https://harbour-ledger.example/news/ferry#comments",
        "https://harbour-ledger.example/news/ferry?utm_source=feed&UTM_Medium=rss",
        " https://reader:secret@harbour-ledger.example/news/ferry ",
    ],
)
def test_the_links_to_one_page_share_a_key(given: str) -> None:
    assert url_key(given) == "https://harbour-ledger.example/news/ferry"


@pytest.mark.parametrize(
    "other",
    [
        "http://harbour-ledger.example/news/ferry",  # another scheme may serve another page
        "https://www.harbour-ledger.example/news/ferry",
        "https://harbour-ledger.example/news/Ferry",  # paths are case-sensitive
        "https://harbour-ledger.example:8443/news/ferry",
        "https://harbour-ledger.example/news/ferry?page=2",
    ],
)
def test_other_addresses_keep_other_keys(other: str) -> None:
    assert url_key(other) != url_key("https://harbour-ledger.example/news/ferry")


def test_the_query_keeps_what_is_not_tracking() -> None:
    key = url_key("https://ledger.example/a?id=7&utm_campaign=x&lang=en")
    assert key == "https://ledger.example/a?id=7&lang=en"


def test_a_bare_host_is_its_root_page() -> None:
    assert url_key("http://ledger.example") == url_key("http://ledger.example/")


@pytest.mark.parametrize(
    "given", [None, "", "ftp://ledger.example/a", "not a url", "https://[broken/a", "https://"]
)
def test_no_http_address_no_key(given: str | None) -> None:
    assert url_key(given) is None


def test_the_text_hash_ignores_how_white_space_falls() -> None:
    assert text_hash("The council voted.\n\nRepairs begin.") == text_hash(
        "The council  voted.\nRepairs begin. "
    )
    assert text_hash("The council voted.") != text_hash("The council voted again.")


def test_an_articles_identity_is_its_address_and_its_text() -> None:
    found = identity_of(
        article("a.txt", "The council voted.", url="https://ledger.example/a/?utm_x=1")
    )
    assert found.url == "https://ledger.example/a/?utm_x=1"
    assert found.url_key == "https://ledger.example/a"
    assert found.text_hash == text_hash("The council voted.")
