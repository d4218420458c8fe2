"""The Search page (articles, facts, quotes; quotes by speaker) and the Outlets pages: what they
find and list, their snippets' marks, their pages; hostile page text shows as text."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from crosswire.store.desk import Desk
from crosswire.store.outlet_rows import OutletDetail
from crosswire.web import finder_pages
from crosswire.web.finder_pages import fact_href, marked
from tests.web.conftest import story_key

HOSTILE_OUTLET = "Evil <script>alert(1)</script> & Co / #1?"
HOSTILE = (
    "Quay <script>alert(1)</script> ballot <img src=x onerror=alert(1)>\n\n"
    "The stevedores of Velmora said on Monday that the <script>alert(1)</script> quayside "
    "ballot would go ahead, a union spokesperson told reporters outside the hall.\n"
)


def _desk(client: TestClient) -> Desk:
    desk: Desk = client.app.state.desk  # type: ignore[attr-defined]
    return desk


def _results(text: str) -> list[str]:
    return re.findall(r'<a class="headline" href="([^"]+)"', text)


def test_an_empty_search_shows_the_forms_and_the_most_quoted(client: TestClient) -> None:
    text = client.get("/search").text
    assert text.count("<h1") == 1 and 'role="search"' in text
    assert 'name="q"' in text and 'name="speaker"' in text and "<ol" not in text
    assert '<a href="/search?kind=quotes&amp;speaker=Anselm%20Rook"' in text


def test_articles_are_found_by_a_word_with_the_word_marked(client: TestClient) -> None:
    text = client.get("/search", params={"q": "dockworkers"}).text
    assert _results(text) and all(href.startswith("/articles/") for href in _results(text))
    assert "<mark>dockworkers</mark>" in text.lower() or "<mark>Dockworkers</mark>" in text


def test_facts_are_found_and_link_to_their_row_on_the_story_page(client: TestClient) -> None:
    key = story_key(client)
    text = client.get("/search", params={"q": "arbitration", "kind": "facts"}).text
    found = _results(text)
    assert found and all(href.startswith(f"/stories/{key}#fact-") for href in found)
    latest = _desk(client).dossier(key)
    assert latest is not None
    number = int(found[0].rpartition("-")[2])
    assert "arbitration" in latest.dossier["facts"][number - 1]["statement"]
    assert "<mark>arbitration</mark>" in text


def test_quotes_are_found_with_their_speaker_and_story(client: TestClient) -> None:
    text = client.get("/search", params={"q": "quay", "kind": "quotes"}).text
    assert _results(text) and "<mark>quay</mark>" in text
    assert f'href="/stories/{story_key(client)}">its story</a>' in text


def test_what_someone_said_is_found_by_the_speaker_alone(client: TestClient) -> None:
    text = client.get("/search", params={"speaker": "Anselm Rook"}).text
    assert "Quotes of “<span" in text
    said = _desk(client).search_quotes("", speaker="Anselm Rook", limit=100)
    assert len(_results(text)) == len(said) > 1
    assert text.count('· <span dir="auto">Anselm Rook</span>') == len(said)
    narrowed = client.get("/search", params={"speaker": "Anselm Rook", "q": "quay"}).text
    assert 0 < len(_results(narrowed)) < len(said)


def test_results_come_a_page_at_a_time(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finder_pages, "PER_PAGE", 4)
    total = len(_desk(client).search_quotes("", speaker="Anselm Rook", limit=100))
    assert total > 8
    first = client.get("/search", params={"speaker": "Anselm Rook"}).text
    assert len(_results(first)) == 4 and 'rel="next"' in first and 'rel="prev"' not in first
    pages = -(-total // 4)
    last = client.get("/search", params={"speaker": "Anselm Rook", "page": pages}).text
    assert len(_results(last)) == total - 4 * (pages - 1)
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert f'<ol class="results" start="{4 * (pages - 1) + 1}">' in last
    beyond = client.get("/search", params={"speaker": "Anselm Rook", "page": pages + 1}).text
    assert "No more results." in beyond


def test_a_snippet_is_escaped_before_its_marks_become_markup() -> None:
    assert marked("a <b>\x02x\x03</b>") == "a &lt;b&gt;<mark>x</mark>&lt;/b&gt;"
    assert marked("\x03stray \x02open") == "stray <mark>open</mark>"  # always balanced
    assert fact_href("story-1", "F12") == "/stories/story-1#fact-12"
    assert fact_href("story-1", "odd") == "/stories/story-1"


def test_the_outlets_are_listed_with_their_counts(client: TestClient) -> None:
    text = client.get("/outlets").text
    assert text.count("<h1") == 1
    for name in ("The Velmora Courier", "Harbour Wire", "The Northshore Gazette"):
        assert f'<a href="/outlets/{quote(name)}" dir="auto">{name}</a>' in text
    assert '<td class="num">1</td>' in text


def test_an_outlet_shows_its_articles_and_its_copy_relations(client: TestClient) -> None:
    text = client.get("/outlets/The%20Velmora%20Courier").text
    assert '<h1 id="outlet-title" dir="auto">The Velmora Courier</h1>' in text
    article = next(a for a in _desk(client).articles() if a.outlet == "The Velmora Courier")
    assert f'href="/articles/{article.id}"' in text
    assert "It copies" in text and "Copied by" in text
    assert client.get("/outlets/Nobody%20Here").status_code == 404


def test_whom_an_outlet_copies_and_who_copies_it_link_to_those_outlets(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = OutletDetail("Harbour Wire", (), 0, 0, 50, (("A/B <i>", 2),), (("Tide & Co", 1),))
    monkeypatch.setattr(_desk(client), "outlet", lambda name, **paging: told)
    text = client.get("/outlets/Harbour%20Wire").text
    copies = text[text.index("It copies") : text.index("Copied by")]
    assert '<a href="/outlets/A/B%20%3Ci%3E" dir="auto">A/B &lt;i&gt;</a>' in copies
    assert "(2 times)" in copies
    assert '<a href="/outlets/Tide%20%26%20Co" dir="auto">Tide &amp; Co</a>' in text


def test_hostile_page_text_shows_as_text_in_search_and_outlet_pages(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = []
    for n in (1, 2):
        page = tmp_path / f"hostile-{n}.txt"
        page.write_text(HOSTILE + f"\nThis is dispatch number {n} of the quayside ballot.\n")
        pages.append(str(page))
    _desk(client).ingest(pages, outlet=HOSTILE_OUTLET, annotate=False)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    found = client.get("/search", params={"q": "stevedores"}).text
    assert len(_results(found)) == 2 and "<mark>stevedores</mark>" in found
    listed = client.get("/outlets").text
    href = "/outlets/" + quote(HOSTILE_OUTLET)  # its "/" kept: the route takes a path
    assert f'href="{href}"' in listed
    monkeypatch.setattr(finder_pages, "OUTLET_PAGE", 1)
    outlet = client.get(href)
    assert outlet.status_code == 200 and len(re.findall(r'href="/articles/\d+"', outlet.text)) == 1
    assert "Page 1 of 2" in outlet.text and 'rel="next"' in outlet.text
    assert client.get("/outlets/" + quote(HOSTILE_OUTLET, safe="")).status_code == 200
    for text in (found, listed, outlet.text):
        assert "<script>alert" not in text and "<img src=x" not in text
        assert escaped in text
