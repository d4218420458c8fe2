"""The story index a desk keeps in memory between ingests, on a real SQLite file (word
embeddings: no model): read from the store only when another desk saved one since, and never kept
from a write that failed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.story_index import StoryIndex
from crosswire.store import story_rows
from crosswire.store.desk import Desk
from crosswire.store.story_rows import index_key
from tests.store.conftest import story_text, story_url
from tests.store.test_story_rows import burst, jsonl, opened, rows


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Calls of story_rows' function `name` counted (one item a call)."""
    calls: list[int] = []
    original: Callable[..., Any] = getattr(story_rows, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(story_rows, name, counted)
    return calls


def in_memory(desk: Desk) -> dict[str, set[str]]:
    """The stories one index kept in memory gives the desk's articles, added in their order."""
    index = StoryIndex(HashingBackend())
    for record in desk.articles():
        index.add(replace(desk.article(record.id).article, source=index_key(record.id)))
    return {key: set(members) for key, members in index.stories().items()}


def stored(desk: Desk) -> dict[str, set[str]]:
    return {s.key: {index_key(i) for i in s.articles} for s in desk.stories()}


def test_a_desk_reads_its_index_once_then_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = counting(monkeypatch, "load_index")
    with opened(tmp_path / "desk.db") as desk:
        for n in range(4):
            desk.ingest([jsonl(tmp_path / f"{n}.jsonl", burst(2, start=2 * n))], annotate=False)
        assert len(loads) == 1  # the first ingest's (an empty store: no index to read)
        (story,) = desk.stories()
        assert len(story.articles) == 8


def test_a_second_desk_on_the_file_sees_the_first_ones_new_stories(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with opened(db) as first, opened(db) as second:
        second.ingest(
            [jsonl(tmp_path / "other.jsonl", [(story_url(0), story_text(0))])], annotate=False
        )
        first.ingest([jsonl(tmp_path / "storm.jsonl", burst(4))], annotate=False)
        # The second desk keeps an index of one article: stale, it must read the saved one.
        second.ingest([jsonl(tmp_path / "more.jsonl", burst(2, start=4))], annotate=False)
        storm = [s for s in second.stories() if len(s.articles) > 1]
        assert [len(s.articles) for s in storm] == [6]
        first.ingest([jsonl(tmp_path / "last.jsonl", burst(1, start=6))], annotate=False)
        assert stored(first) == in_memory(first)
    assert rows(db, "SELECT articles FROM story_index") == [(8,)]


def test_an_index_changed_by_a_failed_write_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    with opened(tmp_path / "desk.db") as desk:
        desk.ingest([jsonl(tmp_path / "one.jsonl", burst(2))], annotate=False)
        saving = story_rows.save_index
        monkeypatch.setattr(story_rows, "save_index", failing)
        with pytest.raises(RuntimeError, match="disk full"):
            desk.ingest([jsonl(tmp_path / "two.jsonl", burst(2, start=2))], annotate=False)
        monkeypatch.setattr(story_rows, "save_index", saving)
        desk.ingest([jsonl(tmp_path / "three.jsonl", burst(1, start=4))], annotate=False)
        assert stored(desk) == in_memory(desk)
        assert sum(len(s.articles) for s in desk.stories()) == 5
