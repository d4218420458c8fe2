"""The outlets page (each outlet's articles and stories; who copies whom, from the dossiers) and
the article page (versions, raw page, story), on a real SQLite file (articles not annotated)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.errors import StoreError
from crosswire.store.desk import Desk
from tests.compare.test_derivation import INDEPENDENT_TEXT, REWRITE_TEXT, WIRE_TEXT
from tests.pages import HTML_PAGE
from tests.store.conftest import Ticking, topic_story

WIRE, COURIER, GAZETTE = "Harbour Wire", "Velmora Courier", "Northshore Gazette"


def _page(path: Path, url: str, text: str) -> Path:
    path.write_text(json.dumps({"url": url, "text": text}) + "\n")
    return path


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """The strike: the wire's report (1 March), the courier's rewrite of it and the gazette's
    own report (2 March); then another story of the wire's, stored later."""
    with Desk(tmp_path / "desk.db", clock=Ticking(), embeddings="words") as opened:
        for name, text, outlet, day in (
            ("wire", WIRE_TEXT, WIRE, "2031-03-01"),
            ("courier", REWRITE_TEXT, COURIER, "2031-03-02"),
            ("gazette", INDEPENDENT_TEXT, GAZETTE, "2031-03-02"),
        ):
            page = _page(tmp_path / f"{name}.jsonl", f"https://{name}.example/strike", text)
            opened.ingest([page], annotate=False, outlet=outlet, published=day)
        other = _page(tmp_path / "other.jsonl", "https://wire.example/other", topic_story(4))
        opened.ingest([other], annotate=False, outlet=WIRE, published="2031-03-03")
        yield opened


def strike(desk: Desk) -> str:
    return next(s.key for s in desk.stories() if len(s.articles) == 3)


def test_each_outlet_is_listed_with_its_articles_and_stories(desk: Desk) -> None:
    listed = {o.name: (o.articles, o.stories, o.last_published) for o in desk.outlets()}
    assert listed == {
        WIRE: (2, 2, "2031-03-03"),
        COURIER: (1, 1, "2031-03-02"),
        GAZETTE: (1, 1, "2031-03-02"),
    }
    assert [o.name for o in desk.outlets()] == [WIRE, GAZETTE, COURIER]  # most, then by name


def test_an_outlets_articles_come_newest_first_in_pages(desk: Desk) -> None:
    first = desk.outlet(WIRE, limit=1)
    second = desk.outlet(WIRE, offset=1, limit=1)
    assert (first.total_articles, second.total_articles) == (2, 2)
    assert [a.url for a in first.articles + second.articles] == [
        "https://wire.example/other",
        "https://wire.example/strike",
    ]
    assert desk.outlet("Nobody's Paper").articles == ()


def test_copy_relations_come_from_the_latest_dossiers(desk: Desk) -> None:
    before = desk.outlet(COURIER)
    built = desk.rebuild_dossier(strike(desk))
    derivations = [
        (Path(d["article"]).name, Path(d["derived_from"]).name, d["kind"])
        for d in built.dossier["derivations"]
    ]

    assert (before.copies, before.copied_by) == ((), ())
    assert derivations == [("courier.jsonl#line=1", "wire.jsonl#line=1", "rewrite")]
    assert desk.outlet(COURIER).copies == ((WIRE, 1),)
    assert desk.outlet(COURIER).copied_by == ()
    assert desk.outlet(WIRE).copied_by == ((COURIER, 1),)
    assert desk.outlet(WIRE).copies == ()
    assert (desk.outlet(GAZETTE).copies, desk.outlet(GAZETTE).copied_by) == ((), ())
    (summary,) = [s for s in desk.story_summaries().items if s.key == strike(desk)]
    assert (summary.outlets, summary.independent_outlets) == (3, 2)  # the rewrite counts with


def test_an_article_page_has_its_versions_raw_page_and_story(desk: Desk, tmp_path: Path) -> None:
    changed = topic_story(4).rstrip() + " Correction: the works were halted on a Friday.\n"
    later = _page(tmp_path / "later.jsonl", "https://wire.example/other", changed)
    newer = desk.ingest([later], annotate=False, outlet=WIRE).ingested[0].article_id
    older = desk.article_versions(newer)[0].id
    html = tmp_path / "bridge.html"
    html.write_text(HTML_PAGE)
    page_id = desk.ingest([html], annotate=False).ingested[0].article_id

    versions = desk.article_versions(newer)
    assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert desk.article_versions(older) == versions
    assert desk.article_versions(page_id) == [desk.article(page_id).record]  # no address
    assert desk.raw_page(newer) == ("text", changed)
    assert desk.raw_page(page_id) == ("html", HTML_PAGE)
    story = desk.story_of(newer)
    assert story is not None and newer in desk.story(story).articles
    assert desk.story_of(older) == story  # its current version's
    with pytest.raises(StoreError, match="no article 99"):
        desk.raw_page(99)
    with pytest.raises(StoreError, match="no article 99"):
        desk.article_versions(99)
    assert desk.story_of(99) is None
