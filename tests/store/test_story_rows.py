"""The desk's stories kept in step with the story index, on a real SQLite file (word embeddings:
no model): the index saved and read back across sessions, merges, new versions, dossier jobs."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.story_index import StoryIndex
from crosswire.store.desk import Desk
from crosswire.store.story_rows import index_key
from tests.compare.test_story_index import BOTH, FERRY, HARBOUR
from tests.store.conftest import PEOPLE, WORKS, story_text, story_url

MOMENT = datetime(2031, 3, 4, 10, 15, tzinfo=UTC)


def jsonl(path: Path, pages: Sequence[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"url": u, "text": t}) + "\n" for u, t in pages))
    return path


def opened(path: Path) -> Desk:
    return Desk(path, clock=lambda: MOMENT, embeddings="words")


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def queued_dossiers(path: Path) -> list[str]:
    found = rows(path, "SELECT payload FROM jobs WHERE kind = 'dossier' AND state = 'queued'")
    return sorted(json.loads(str(payload))["story"] for (payload,) in found)


def retelling(n: int) -> str:
    """Outlet n's report of the harbour storm: its own wording, the same story."""
    return (
        f"Storm floods Velmora harbour (report {n})\n\n{HARBOUR[n % 2]}\n\n"
        f"Resident {PEOPLE[n % len(PEOPLE)]} said the water reached the doors of the "
        f"{WORKS[n % len(WORKS)]} on the quay, report {n} says.\n\n"
        f"The harbour office will publish a damage estimate once the basin is drained, note {n}.\n"
    )


def burst(count: int, start: int = 0) -> list[tuple[str, str]]:
    return [(f"https://outlet{n}.example/storm", retelling(n)) for n in range(start, start + count)]


def pile_pages() -> list[tuple[str, str]]:
    """Ten reports of the harbour storm and twenty other pages, shuffled."""
    pages = burst(10) + [(story_url(n), story_text(n)) for n in range(20)]
    random.Random(7).shuffle(pages)
    return pages


def test_the_saved_index_assigns_later_articles_as_one_kept_in_memory(tmp_path: Path) -> None:
    pages = pile_pages()
    first = jsonl(tmp_path / "first.jsonl", pages[:18])
    later = jsonl(tmp_path / "later.jsonl", pages[18:])
    db = tmp_path / "desk.db"
    with opened(db) as desk:
        desk.ingest([first], annotate=False)
    with opened(db) as desk:  # a new session: the index is read back from the store
        desk.ingest([later], annotate=False)
        stored = {s.key: {index_key(i) for i in s.articles} for s in desk.stories()}
        keyed = [
            replace(desk.article(a.id).article, source=index_key(a.id)) for a in desk.articles()
        ]

    index = StoryIndex(HashingBackend())
    index.add_many(keyed[:18])
    index.add_many(keyed[18:])
    assert stored == {key: set(members) for key, members in index.stories().items()}
    assert len(stored) >= 2
    assert rows(db, "SELECT backend, articles FROM story_index") == [("words", 30)]


def test_an_article_bridging_two_stories_merges_them_and_moves_the_members(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.db"
    apart = jsonl(
        tmp_path / "apart.jsonl",
        [
            ("https://a.example/h0", HARBOUR[0]),
            ("https://b.example/h1", HARBOUR[1]),
            ("https://c.example/ferry", FERRY),
        ],
    )
    with opened(db) as desk:
        desk.ingest([apart], annotate=False)
        before = {s.key: s.articles for s in desk.stories()}
        bridging = jsonl(tmp_path / "both.jsonl", [("https://d.example/both", BOTH)])
        desk.ingest([bridging], annotate=False)
        after = desk.stories()

    harbour_key = next(key for key, ids in before.items() if ids == (1, 2))
    ferry = next(key for key, ids in before.items() if ids == (3,))
    assert [(s.key, s.articles) for s in after] == [(harbour_key, (1, 2, 3, 4))]
    assert rows(db, "SELECT count(*) FROM stories") == [(1,)]
    assert queued_dossiers(db) == [harbour_key]  # the merged story's job is withdrawn
    withdrawn = rows(db, "SELECT state, last_error FROM jobs WHERE payload LIKE '%" + ferry + "%'")
    assert withdrawn == [("done", f"story {ferry} was merged into another")]


def test_a_burst_of_articles_of_one_story_queues_one_dossier_job(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "burst.jsonl", burst(10))], annotate=False)
        (story,) = desk.stories()
        assert len(story.articles) == 10
        assert queued_dossiers(db) == [story.key]
        desk.ingest([jsonl(tmp_path / "more.jsonl", burst(2, start=10))], annotate=False)
        assert queued_dossiers(db) == [story.key]  # one is waiting already
        assert len(desk.story(story.key).articles) == 12


def test_a_new_version_takes_the_old_ones_place_in_its_story(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    first = [("https://a.example/h0", HARBOUR[0]), ("https://b.example/h1", HARBOUR[1])]
    corrected = HARBOUR[0] + " Correction: the storm struck on Sunday night, not Sunday morning."
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "first.jsonl", first)], annotate=False)
        report = desk.ingest(
            [jsonl(tmp_path / "fix.jsonl", [("https://a.example/h0", corrected)])], annotate=False
        )
        (story,) = desk.stories()
    new_id = report.ingested[0].article_id
    assert story.articles == (2, new_id)
    assert rows(db, "SELECT articles FROM story_index") == [(2,)]  # the index was not told
