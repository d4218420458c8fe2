"""The Article page: the clean text with its story's facts and quotes highlighted and linked to
the story page, the metadata with how each value was known, the furniture taken out and the
raw page behind toggles, the versions; a hostile page shows as text, never as markup."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosswire.store.desk import Desk
from crosswire.web import article_pages
from tests.web.conftest import story_key

HOSTILE = (
    "Harbour <script>alert(1)</script> vote <img src=x onerror=alert(1)>\n\n"
    "The dockers of Velmora said on Monday that the <script>alert(1)</script> crane vote would "
    "go ahead on Tuesday, a union spokesperson told reporters outside the hall.\n\n"
    '"We will vote <img src=x onerror=alert(1)> and we will win," said Petra Haldane, the '
    "union's general secretary, as the harbour stayed closed for a ninth day.\n"
)
HOSTILE_OUTLET = "Evil <script>alert(1)</script> & Co"


def _desk(client: TestClient) -> Desk:
    desk: Desk = client.app.state.desk  # type: ignore[attr-defined]
    return desk


def _example_article(client: TestClient) -> int:
    """The id of the example's article of the Velmora Courier (a text page, with furniture)."""
    return next(a.id for a in _desk(client).articles() if a.outlet == "The Velmora Courier")


def test_the_text_shows_its_story_facts_and_quotes_linked_to_the_story_page(
    client: TestClient,
) -> None:
    article_id = _example_article(client)
    key = story_key(client)
    desk = _desk(client)
    latest = desk.dossier(key)
    assert latest is not None
    source = desk.article(article_id).article.source
    facts = [
        n
        for n, f in enumerate(latest.dossier["facts"], 1)
        if any(s["article"] == source for s in f["support"])
    ]
    quotes = [
        n
        for n, q in enumerate(latest.dossier["quotes"], 1)
        if any(v["article"] == source for v in q["variants"])
    ]
    assert facts and quotes
    shown = client.get(f"/articles/{article_id}")
    assert shown.status_code == 200
    text = shown.text
    assert text.count("<h1") == 1
    assert '<mark class="fact"' in text and '<mark class="quote"' in text
    assert f'href="/stories/{key}#fact-{facts[0]}"' in text
    assert f'href="/stories/{key}#quote-{quotes[0]}"' in text
    assert 'href="#fact-' not in text  # every mark links to the story page, not to this one
    assert "Talks to end the week-long strike at the Port of Velmora" in text
    assert f'href="/stories/{key}"' in text  # the story it is in


def test_the_metadata_says_how_each_value_was_known(client: TestClient) -> None:
    text = client.get(f"/articles/{_example_article(client)}").text
    assert '<th scope="row">Outlet</th>' in text and '<th scope="row">Published</th>' in text
    assert '<span class="basis-tag">stated</span>' in text  # the outlet names itself
    assert '<span class="basis-tag">inferred</span>' in text  # the date, from the text
    assert "the latest embedded post is dated Sunday 2024-03-10" in text
    assert '<a href="/outlets/The%20Velmora%20Courier">' in text


def test_the_furniture_and_the_raw_page_are_behind_toggles(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = _example_article(client)
    text = client.get(f"/articles/{article_id}").text
    assert text.count("<details") == 2
    removed = text[text.index('id="removed"') : text.index('id="raw"')]
    assert "by email and never miss a sailing" in removed and "sign-up appeal" in removed
    kind, raw = _desk(client).raw_page(article_id)
    assert kind == "text" and 'class="raw"' in text
    assert html.escape(raw[:60], quote=False) in text
    monkeypatch.setattr(article_pages, "RAW_SHOWN", 100)
    capped = client.get(f"/articles/{article_id}").text
    assert f"Showing the first 100 of its {len(raw):,} characters." in capped
    assert raw[200:260] not in capped


def test_every_version_at_its_address_is_listed_the_shown_one_marked(
    client: TestClient, tmp_path: Path
) -> None:
    desk = _desk(client)
    first, second = tmp_path / "v1.txt", tmp_path / "v2.txt"
    first.write_text(HOSTILE, encoding="utf-8")
    second.write_text(HOSTILE + "\nThe vote was postponed to Wednesday.\n", encoding="utf-8")
    address = "https://evil.example/vote"
    old = desk.ingest([str(first)], url=address, annotate=False).ingested[0].article_id
    new = desk.ingest([str(second)], url=address, annotate=False).ingested[0].article_id
    assert old != new
    page = client.get(f"/articles/{old}").text
    assert "This version was superseded" in page and f'href="/articles/{new}"' in page
    versions = page[page.index('id="versions"') :]
    assert f'<a href="/articles/{old}" aria-current="page">Version 1 (shown)</a>' in versions
    assert f'<a href="/articles/{new}">Version 2</a>' in versions
    assert versions.count("<strong>current</strong>") == 1


def test_a_hostile_page_shows_as_text(client: TestClient, tmp_path: Path) -> None:
    page = tmp_path / "hostile.txt"
    page.write_text(HOSTILE, encoding="utf-8")
    report = _desk(client).ingest([str(page)], outlet=HOSTILE_OUTLET)
    article_id = report.ingested[0].article_id
    shown = client.get(f"/articles/{article_id}")
    assert shown.status_code == 200
    text = shown.text
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # the outlet, and the raw page
    assert "&lt;img src=x onerror=alert(1)&gt;" in text  # the raw page, as text
    assert "<script" not in text.replace('<script src="/static/app.js" defer></script>', "")


def test_an_article_not_in_a_dossier_shows_its_own_quotes(
    client: TestClient, tmp_path: Path
) -> None:
    page = tmp_path / "ferry.txt"
    page.write_text(
        "Ferry crews return to work at Kelmere\n\n"
        "Crews of the Kelmere ferry returned to work on Friday after night talks.\n\n"
        '"We have a deal that keeps every crossing staffed," said union steward Liv Harrow.\n',
        encoding="utf-8",
    )
    article_id = _desk(client).ingest([str(page)]).ingested[0].article_id
    text = client.get(f"/articles/{article_id}").text
    assert '<mark class="quote"' in text and 'href="#quote-1"' in text
    assert 'id="quote-1"' in text and "Liv Harrow" in text


def test_an_unknown_article_is_not_found(client: TestClient) -> None:
    assert client.get("/articles/9999").status_code == 404
    assert client.get("/articles/99999999999999999999").status_code == 422  # not a crash
