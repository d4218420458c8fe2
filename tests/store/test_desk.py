"""The desk's Python API on a real SQLite file: ingest (one article once, new versions, failures
kept), reading articles back, full-text search."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import crosswire
from crosswire import pipeline
from crosswire.errors import StoreError
from crosswire.store.desk import Desk
from crosswire.store.records import Outcome
from tests.pages import BROWSER_DUMP, HTML_PAGE, ONLY_FURNITURE
from tests.store.conftest import story_text, story_url, write_jsonl, write_pages

MOMENT = datetime(2031, 3, 4, 10, 15, tzinfo=UTC)


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with Desk(tmp_path / "desk.db", clock=lambda: MOMENT) as opened:
        yield opened


def test_the_desk_is_in_the_public_api() -> None:
    assert crosswire.Desk is Desk


def test_a_page_ingested_twice_is_one_article(desk: Desk, tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "pages", range(3))
    first = desk.ingest([tmp_path / "pages"], annotate=False)
    again = desk.ingest([pages[1]], annotate=False)
    assert (first.new, first.already_there) == (3, 0)
    assert [(i.outcome, i.article_id) for i in again.ingested] == [
        (Outcome.ALREADY_THERE, first.ingested[1].article_id)
    ]
    assert len(desk.articles()) == 3


def test_the_same_text_without_an_address_is_one_article(desk: Desk, tmp_path: Path) -> None:
    (tmp_path / "saved.txt").write_text(story_text(4))
    (tmp_path / "saved-again.txt").write_text(story_text(4).replace("\n\n", "\n\n\n"))
    report = desk.ingest([tmp_path / "saved.txt", tmp_path / "saved-again.txt"], annotate=False)
    assert [i.outcome for i in report.ingested] == [Outcome.NEW, Outcome.ALREADY_THERE]
    assert len(desk.articles()) == 1


def test_one_address_written_differently_is_one_article(desk: Desk, tmp_path: Path) -> None:
    url = story_url(5)
    write_jsonl(tmp_path / "a.jsonl", [(url, story_text(5))])
    write_jsonl(
        tmp_path / "b.jsonl",
        [(url.upper().replace("NEWS/5", "news/5/?utm_source=x"), story_text(5))],
    )
    first = desk.ingest([tmp_path / "a.jsonl"], annotate=False)
    again = desk.ingest([tmp_path / "b.jsonl"], annotate=False)
    assert again.ingested[0].outcome is Outcome.ALREADY_THERE
    assert again.ingested[0].article_id == first.ingested[0].article_id


def test_a_verbatim_copy_at_another_address_is_its_own_article(desk: Desk, tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "copies.jsonl",
        [(story_url(6), story_text(6)), ("https://wire.example/copy-of-6", story_text(6))],
    )
    report = desk.ingest([tmp_path / "copies.jsonl"], annotate=False)
    assert [i.outcome for i in report.ingested] == [Outcome.NEW, Outcome.NEW]
    assert [a.url for a in desk.articles()] == [story_url(6), "https://wire.example/copy-of-6"]


def test_a_changed_page_at_a_known_address_is_a_new_version(desk: Desk, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "v1.jsonl", [(story_url(7), story_text(7))])
    write_jsonl(tmp_path / "v2.jsonl", [(story_url(7), story_text(7, edition=1))])
    first = desk.ingest([tmp_path / "v1.jsonl"], annotate=False)
    second = desk.ingest([tmp_path / "v2.jsonl"], annotate=False)
    assert second.summary() == (
        "1 article stored (0 new, 1 new version, 0 already there), 0 failed"
    )
    old_id, new_id = first.ingested[0].article_id, second.ingested[0].article_id
    versions = desk.articles(all_versions=True)
    assert [(a.id, a.version, a.is_current, a.superseded_by) for a in versions] == [
        (old_id, 1, False, new_id),
        (new_id, 2, True, None),
    ]
    assert [a.id for a in desk.articles()] == [new_id]
    assert "Correction 1" not in desk.article(old_id).article.text  # the old text is kept
    assert "Correction 1" in desk.article(new_id).article.text
    assert desk.ingest([tmp_path / "v2.jsonl"], annotate=False).already_there == 1


def test_200_inputs_with_20_bad_store_180_articles_and_20_failed_jobs(
    desk: Desk, tmp_path: Path
) -> None:
    folder = tmp_path / "pile"
    write_pages(folder, range(180))
    for n in range(8):
        (folder / f"empty-{n}.txt").write_bytes(b"")
        (folder / f"binary-{n}.txt").write_bytes(bytes(range(256)) * (n + 1))
    for n in range(4):
        (folder / f"menu-{n}.txt").write_text(ONLY_FURNITURE)

    report = desk.ingest([folder], annotate=False)

    assert report.summary() == (
        "180 articles stored (180 new, 0 new versions, 0 already there), 20 failed"
    )
    assert len(desk.articles()) == 180
    failed = _rows(
        Path(desk.where),
        "SELECT kind, state, attempts, payload, last_error FROM jobs WHERE kind != 'dossier'",
    )
    assert len(failed) == 20
    assert {(kind, state, attempts) for kind, state, attempts, _, _ in failed} == {
        ("ingest", "failed", 1)
    }
    reasons = " ".join(str(row[4]) for row in failed)
    assert "empty file" in reasons and "furniture" in reasons
    assert all('"source"' in str(row[3]) for row in failed)


def test_a_stored_article_reads_back_as_extracted_with_its_raw_page(
    desk: Desk, tmp_path: Path
) -> None:
    page = tmp_path / "bridge.html"
    page.write_text(HTML_PAGE)
    report = desk.ingest([page], annotate=False)
    stored = desk.article(report.ingested[0].article_id)
    assert stored.article == pipeline.extract([page])[0]
    assert stored.record.title == "Bridge reopens after repairs"
    assert stored.record.created_at == MOMENT
    ((raw, kind),) = _rows(Path(desk.where), "SELECT raw, kind FROM pages")
    assert kind == "html"
    assert isinstance(raw, bytes)
    assert zlib.decompress(raw).decode("utf-8") == HTML_PAGE  # the markup, not the text


def test_an_annotated_article_keeps_its_annotations_and_its_quotes_are_indexed(
    desk: Desk, tmp_path: Path
) -> None:
    page = tmp_path / "flood.txt"
    page.write_text(BROWSER_DUMP)
    report = desk.ingest([page])
    stored = desk.article(report.ingested[0].article_id).article
    assert stored.annotations is not None and stored.annotations.quotes
    quotes = _rows(
        Path(desk.where),
        "SELECT speaker, article_id FROM quotes_fts WHERE quotes_fts MATCH 'model predicted'",
    )
    assert quotes and quotes[0][1] == report.ingested[0].article_id


def test_search_finds_an_article_by_a_word_of_its_body(desk: Desk, tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", range(12))
    desk.ingest([tmp_path / "pages"], annotate=False)
    hits = desk.search("Mornay inspectors")  # the only page of Mornay among the twelve
    assert [hit.title for hit in hits] == [
        "Mornay council approves repairs to the tram depot (report 7)"
    ]
    assert hits[0].snippet.startswith("The council of [Mornay] voted")
    assert len(desk.search("Harbour Ledger")) == 12
    assert desk.search('"unbalanced AND (quote') == []  # words, never FTS syntax errors
    assert desk.search("  ") == []


def test_search_finds_the_current_version_only(desk: Desk, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "v1.jsonl", [(story_url(3), story_text(3))])
    write_jsonl(tmp_path / "v2.jsonl", [(story_url(3), story_text(3, edition=2))])
    desk.ingest([tmp_path / "v1.jsonl"], annotate=False)
    newer = desk.ingest([tmp_path / "v2.jsonl"], annotate=False).ingested[0].article_id
    assert [hit.article_id for hit in desk.search("council")] == [newer]


def test_an_unknown_article_is_a_store_error(desk: Desk) -> None:
    with pytest.raises(StoreError, match="no article 42"):
        desk.article(42)
