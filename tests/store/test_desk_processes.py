"""The desk under real processes on a real SQLite file: two ingests at once give what one after
the other gives; an ingest killed with SIGKILL leaves only whole articles, and the next ingest
finishes the job with every page stored once."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

from crosswire.store.desk import Desk
from crosswire.store.identity import text_hash
from tests.store.conftest import run_child, story_text, story_url, write_jsonl

CHILD_SECONDS = 60  # a child that takes longer is stuck: the test fails rather than hangs


def _versions(path: Path) -> list[tuple[str, str, int, int]]:
    """What a store holds, whatever order it was written in: its articles by address ("" for
    none), text, version and whether current."""
    with sqlite3.connect(path) as connection:
        return sorted(
            connection.execute(
                "SELECT coalesce(url_key, ''), text_hash, version, is_current FROM articles"
            )
        )


def _counts(path: Path) -> dict[str, int]:
    """How many rows the store's articles, pages, indexed texts and ingest jobs have (dossier
    jobs are one per story touched, and which ingest touched a story first depends on the race)."""
    with sqlite3.connect(path) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "pages", "articles_fts")
        }
        counts["jobs"] = connection.execute(
            "SELECT count(*) FROM jobs WHERE kind = 'ingest'"
        ).fetchone()[0]
        return counts


def _stories(path: Path) -> list[list[str]]:
    """The store's stories, each as its articles' text hashes: whatever ids they were given."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT m.story_id, a.text_hash FROM story_members AS m "
            "JOIN articles AS a ON a.id = m.article_id"
        ).fetchall()
    found: dict[int, list[str]] = {}
    for story, text in rows:
        found.setdefault(story, []).append(text)
    return sorted(sorted(texts) for texts in found.values())


def _pages(numbers: range, changed: int | None = None) -> list[tuple[str | None, str]]:
    return [(story_url(n), story_text(n, edition=int(n == changed))) for n in numbers]


def _finished(child: object) -> str:
    assert hasattr(child, "communicate")
    out, err = child.communicate(timeout=CHILD_SECONDS)
    assert child.returncode == 0, err  # type: ignore[attr-defined]
    return out


def test_two_ingests_at_once_give_what_one_after_the_other_gives(tmp_path: Path) -> None:
    # Pages 0-9 are stored first. Then A and B start with the same pages, in the same order, so
    # that they race for each: a new version of page 5, pages 100-109 without an address (one
    # article once by their text alone), pages 30-59, a verbatim copy of page 40 at another
    # address; then A brings pages 10-29 and B pages 60-89.
    shared = [
        *_pages(range(5, 6), changed=5),
        *[(None, story_text(n)) for n in range(100, 110)],
        *_pages(range(30, 60)),
        ("https://wire.example/copy-of-40", story_text(40)),
    ]
    first = write_jsonl(tmp_path / "first.jsonl", _pages(range(10)))
    a = write_jsonl(tmp_path / "a.jsonl", [*shared, *_pages(range(10, 30))])
    b = write_jsonl(tmp_path / "b.jsonl", [*shared, *_pages(range(60, 90))])

    one_after_the_other = tmp_path / "sequential.db"
    with Desk(one_after_the_other) as desk:
        for given in (first, a, b):
            desk.ingest([given], annotate=False)

    at_once = tmp_path / "concurrent.db"
    with Desk(at_once) as desk:
        desk.ingest([first], annotate=False)
    ready_a, ready_b = tmp_path / "ready-a", tmp_path / "ready-b"
    pause = ("--statement-pause", "0.002")
    children = [
        run_child(str(at_once), str(a), *pause, "--barrier", str(ready_a), str(ready_b)),
        run_child(str(at_once), str(b), *pause, "--barrier", str(ready_b), str(ready_a)),
    ]
    summaries = [_finished(child) for child in children]

    assert _versions(at_once) == _versions(one_after_the_other)
    assert _counts(at_once) == _counts(one_after_the_other)
    assert _stories(at_once) == _stories(one_after_the_other)
    counts = _counts(at_once)
    # 90 pages, 10 without an address, page 5's new version and the copy
    assert counts["articles"] == counts["pages"] == counts["articles_fts"] == 102
    assert [v[2] for v in _versions(at_once)].count(2) == 1  # page 5's new version, once
    # Both stored some of the pages they share: they did run at once.
    assert all("already there" in summary for summary in summaries)


def test_an_ingest_killed_mid_way_leaves_whole_articles_and_the_next_finishes(
    tmp_path: Path,
) -> None:
    total = 300
    pile = write_jsonl(tmp_path / "pile.jsonl", _pages(range(total)))
    path = tmp_path / "desk.db"
    # The child dwells between each page row and its article: where a store that did not write
    # both in one transaction would be killed with a page and no article.
    child = run_child(
        str(path), str(pile), "--statement-pause", "0.02", "--before", "INSERT INTO articles"
    )
    stored_before_kill = _wait_for_articles(path, at_least=40, child=child)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=CHILD_SECONDS)
    assert child.returncode == -signal.SIGKILL

    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    counts = _counts(path)
    assert stored_before_kill <= counts["articles"] < total  # killed mid-way
    assert counts["articles"] == counts["pages"] == counts["articles_fts"]
    with Desk(path) as desk:
        for record in desk.articles():
            whole = desk.article(record.id).article
            assert record.url == whole.url
            assert whole.text.endswith("settle the budget.")
            assert _stored_hash(path, record.id) == text_hash(whole.text)
        report = desk.ingest([pile], annotate=False)

    assert report.already_there == counts["articles"]
    assert report.new == total - counts["articles"]
    assert not report.failures
    finished = _counts(path)
    assert finished["articles"] == finished["pages"] == finished["articles_fts"] == total
    assert len({key for key, *_ in _versions(path)}) == total  # each address once


def _wait_for_articles(path: Path, *, at_least: int, child: object) -> int:
    """How many articles the store holds, once it holds `at_least` (read while the child
    writes: WAL lets a reader in)."""
    deadline = time.monotonic() + CHILD_SECONDS
    while time.monotonic() < deadline:
        assert child.poll() is None, "the child finished before it could be killed"  # type: ignore[attr-defined]
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
                count = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:  # not made yet
            count = 0
        if count >= at_least:
            return count
        time.sleep(0.01)
    raise AssertionError("the child stored too few articles in time")


def _stored_hash(path: Path, article_id: int) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT text_hash FROM articles WHERE id = ?", (article_id,)
        ).fetchone()[0]


def test_two_processes_making_one_fresh_store_at_once_both_use_it(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    inputs = [write_jsonl(tmp_path / f"{n}.jsonl", _pages(range(n, n + 1))) for n in (1, 2)]
    # Started together, both open the missing store at about the same moment: one makes it
    # (under the write lock), the other waits for the lock and finds it made.
    children = [run_child(str(path), str(given)) for given in inputs]
    for child in children:
        _finished(child)
    assert _counts(path)["articles"] == 2
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
