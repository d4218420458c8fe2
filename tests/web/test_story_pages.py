"""The Stories and Story pages: the list with its filters, the dossier in the desk's layout, what
is new since the last visit, exports, live updates, and the editors' actions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosswire.store.desk import Desk
from crosswire.web import story_pages
from crosswire.web.charts import coverage_svg
from crosswire.web.security import CSRF_COOKIE

HOSTILE = (
    "<script>alert('title')</script> Harbour cranes <img src=x onerror=alert(1)>\n\n"
    "The harbour cranes of Talvik stopped on Monday, <script>alert('body')</script> the port "
    "authority said, after a storm damaged their rails overnight.\n\n"
    "Engineer Teodor Kask said the cranes would be back within a week if the weather held.\n"
)


def _desk(client: TestClient) -> Desk:
    return client.app.state.desk  # type: ignore[attr-defined, no-any-return]


def _key(client: TestClient) -> str:
    return _desk(client).stories()[0].key


def _csrf(client: TestClient) -> str:
    client.get("/add")
    return client.cookies[CSRF_COOKIE]


def test_the_story_list_shows_each_story_with_its_counts_and_chart(client: TestClient) -> None:
    html = client.get("/").text
    key = _key(client)
    assert f'href="/stories/{key}"' in html
    assert "1 story, newest activity first" in html
    assert '<svg class="chart" role="img"' in html
    dossier = _desk(client).dossier(key)
    assert dossier is not None
    corroborated = sum(1 for f in dossier.dossier["facts"] if f["status"] == "corroborated")
    assert f'<td class="num">{corroborated}</td>' in html


def test_the_story_list_filters_by_words_outlet_language_and_dates(client: TestClient) -> None:
    outlet = _desk(client).articles()[0].outlet
    assert outlet
    assert "1 story" in client.get("/", params={"outlet": outlet}).text
    assert "0 stories" in client.get("/", params={"outlet": "No Such Gazette"}).text
    assert "0 stories" in client.get("/", params={"language": "fi"}).text
    assert "1 story" in client.get("/", params={"language": "en"}).text
    assert "0 stories" in client.get("/", params={"q": "zeppelin"}).text
    assert "0 stories" in client.get("/", params={"until": "1990-01-01"}).text
    assert "matches these filters" in client.get("/", params={"q": "zeppelin"}).text
    assert client.get("/", params={"since": "not a date"}).status_code == 200


def test_a_story_page_shows_the_dossier_in_the_desk_layout_with_the_shared_stylesheet(
    client: TestClient,
) -> None:
    key = _key(client)
    html = client.get(f"/stories/{key}").text
    assert '<link rel="stylesheet" href="/static/dossier.css">' in html
    assert '<ul class="lead">' in html and 'id="facts"' in html and 'id="quotes"' in html
    assert "<style>" not in html  # the stylesheet is linked: no inline style under the policy
    for article_id in _desk(client).story(key).articles:
        assert f'href="/articles/{article_id}"' in html
    for fmt in ("html", "md", "json"):
        assert f"/stories/{key}/export.{fmt}" in html


def test_a_story_is_exported_as_the_dossier_file_markdown_and_json(client: TestClient) -> None:
    key = _key(client)
    html = client.get(f"/stories/{key}/export.html")
    assert html.headers["content-disposition"] == f'attachment; filename="{key}-v1.html"'
    assert html.text.startswith("<!doctype html>") and "<style>" in html.text
    markdown = client.get(f"/stories/{key}/export.md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    exported = json.loads(client.get(f"/stories/{key}/export.json").text)
    assert exported["title"] == _desk(client).dossier(key).dossier["title"]  # type: ignore[union-attr]
    assert client.get(f"/stories/{key}/export.pdf").status_code == 404


def test_a_second_visit_shows_what_is_new_since_the_first(client: TestClient) -> None:
    key = _key(client)
    first = client.get(f"/stories/{key}")
    assert "New since your last visit" not in first.text
    assert f"{key}:1" in first.cookies.get(story_pages.SEEN_COOKIE, "")
    _desk(client).rebuild_dossier(key)
    second = client.get(f"/stories/{key}").text
    assert "New since your last visit (version 1 → 2)" in second
    assert "New since your last visit" not in client.get(f"/stories/{key}").text


def test_the_live_stream_tells_the_dossier_version(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(story_pages, "LIVE_SECONDS", 0.05)  # the stream ends by itself
    key = _key(client)
    with client.stream("GET", f"/stories/{key}/events") as answer:
        assert answer.headers["content-type"].startswith("text/event-stream")
        told = "".join(answer.iter_text())
    assert "event: version\ndata: 1\n\n" in told
    assert client.get("/stories/story-000000000000/events").status_code == 404


def test_a_hostile_page_shows_as_text_in_the_list_and_on_its_story(
    client: TestClient, tmp_path: Path
) -> None:
    page = tmp_path / "hostile.txt"
    page.write_text(HOSTILE, encoding="utf-8")
    desk = _desk(client)
    before = {s.key for s in desk.stories()}
    # A text dump's tags are dropped as markup; an outlet's name is kept as given, whatever it is.
    desk.ingest([str(page)], annotate=False, outlet="<script>alert('outlet')</script> Post")
    [key] = [s.key for s in desk.stories() if s.key not in before]
    desk.rebuild_dossier(key)
    for html in (client.get("/").text, client.get(f"/stories/{key}").text):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;outlet&#39;)&lt;/script&gt; Post" in html


def test_an_article_taken_out_of_its_story_becomes_a_story_of_its_own(client: TestClient) -> None:
    key = _key(client)
    article_id = _desk(client).story(key).articles[-1]
    answer = client.post(
        f"/stories/{key}/exclude",
        data={"article_id": str(article_id), "csrf": _csrf(client)},
        follow_redirects=False,
    )
    assert (
        answer.status_code == 303 and answer.headers["location"] == f"/stories/{key}?done=excluded"
    )
    assert article_id not in _desk(client).story(key).articles
    assert "taken out of the story" in client.get(answer.headers["location"]).text


def test_split_then_move_back_then_merge_from_the_story_page(client: TestClient) -> None:
    desk = _desk(client)
    key = _key(client)
    first, second, *_ = desk.story(key).articles
    split = client.post(
        f"/stories/{key}/split",
        data={"article_ids": [str(first), str(second)], "csrf": _csrf(client)},
        follow_redirects=False,
    )
    new_key = split.headers["location"].split("/stories/")[1].split("?")[0]
    assert new_key != key and set(desk.story(new_key).articles) == {first, second}
    moved = client.post(
        f"/stories/{new_key}/move",
        data={"article_id": str(first), "to_story": key, "csrf": _csrf(client)},
        follow_redirects=False,
    )
    assert moved.headers["location"].startswith(f"/stories/{key}?")
    assert first in desk.story(key).articles
    merged = client.post(
        f"/stories/{key}/merge",
        data={"other": new_key, "csrf": _csrf(client)},
        follow_redirects=False,
    )
    assert merged.status_code == 303 and set(desk.story(key).articles) >= {first, second}
    unknown = client.post(
        f"/stories/{key}/merge", data={"other": "story-nope", "csrf": _csrf(client)}
    )
    assert unknown.status_code in (400, 404)


def test_the_coverage_chart_is_built_from_numbers_alone() -> None:
    svg = coverage_svg([["2031-03-01", 2], ["2031-03-03", 4], ["not a day", 9]])
    assert svg.count("<rect") == 2
    assert 'aria-label="6 articles from 2031-03-01 to 2031-03-03; most on 2031-03-03 (4)"' in svg
    assert coverage_svg([]) == ""
