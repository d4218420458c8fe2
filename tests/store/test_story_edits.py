"""An editor's decisions about stories (move, exclude, merge, split) kept in the store and
applied again after every regrouping, on a real SQLite file (word embeddings, articles not
annotated: fast).

The desk of every test starts with three stories: the harbour storm (articles 1-5), the council
repairs (6-10) and the ferry (11). More pages of each make the index regroup them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crosswire.compare.story_titles import story_title
from crosswire.errors import StoreError
from crosswire.store.desk import Desk
from tests.compare.test_story_index import BOTH, FERRY
from tests.store.conftest import story_text, story_url
from tests.store.test_story_rows import burst, jsonl, opened, queued_dossiers

# The ferry story, told again the day after.
FERRY_AGAIN = (
    "Norlink kept its Dunmere ferry crossings suspended on Monday after Sunday's engine failure; "
    "passengers stranded at the Dunmere quay were put up in hotels, a Norlink spokesman said."
)
STORM, COUNCIL, FERRY_STORY = 1, 6, 11  # an article of each story


def council(numbers: range, edition: int = 0) -> list[tuple[str, str]]:
    return [(story_url(n), story_text(n, edition)) for n in numbers]


def started(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    """A desk of the three stories; each story's key by one of its articles."""
    db = tmp_path / "desk.db"
    first = burst(5) + council(range(5)) + [("https://f.example/ferry", FERRY)]
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "first.jsonl", first)], annotate=False)
        keys = {a: key_of(desk, a) for a in (STORM, COUNCIL, FERRY_STORY)}
    assert len(set(keys.values())) == 3
    done_with_jobs(db)
    return db, keys


def ingest(desk: Desk, path: Path, pages: list[tuple[str, str]]) -> None:
    desk.ingest([jsonl(path, pages)], annotate=False)


def key_of(desk: Desk, article_id: int) -> str:
    return next(s.key for s in desk.stories() if article_id in s.articles)


def members(desk: Desk) -> dict[str, tuple[int, ...]]:
    return {s.key: s.articles for s in desk.stories()}


def done_with_jobs(db: Path) -> None:
    """The dossier jobs waiting marked done, as a worker would: the next ones are the edits'."""
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE jobs SET state = 'done' WHERE state = 'queued'")


def test_a_moved_article_stays_through_regrouping_new_versions_and_reopening(
    tmp_path: Path,
) -> None:
    db, keys = started(tmp_path)
    storm, kept = keys[STORM], keys[COUNCIL]
    with opened(db) as desk:
        moved = desk.move_article(COUNCIL, storm)
        assert moved.articles == (1, 2, 3, 4, 5, COUNCIL)
        assert desk.story(kept).articles == (7, 8, 9, 10)
        assert queued_dossiers(db) == sorted([storm, kept])
    with opened(db) as desk:  # more of both stories, and a corrected version of the moved one
        more = burst(2, start=5) + council(range(5, 7)) + council(range(1), edition=1)
        ingest(desk, tmp_path / "more.jsonl", more)
        (corrected,) = (a.id for a in desk.articles() if a.version == 2)
        after = members(desk)
        edits = desk.story_edits(storm)

    assert after[storm] == (1, 2, 3, 4, 5, 12, 13, corrected)
    assert after[kept] == (7, 8, 9, 10, 14, 15)
    assert [(e.kind, e.article_id, e.from_key, e.to_key, e.by_editor) for e in edits] == [
        ("move", COUNCIL, kept, storm, True)
    ]


def test_an_excluded_article_becomes_a_story_of_its_own_and_stays_out(tmp_path: Path) -> None:
    db, keys = started(tmp_path)
    storm = keys[STORM]
    with opened(db) as desk:
        alone = desk.exclude_article(2)
        assert queued_dossiers(db) == sorted([storm, alone.key])
    with opened(db) as desk:
        ingest(desk, tmp_path / "more.jsonl", burst(3, start=5))
        after = members(desk)

    assert alone.key.startswith("edit-") and alone.articles == (2,)
    assert alone.title.startswith("Storm floods Velmora harbour (report 1)")
    assert after[alone.key] == (2,)
    assert after[storm] == (1, 3, 4, 5, 12, 13, 14)


def test_an_excluded_article_stays_out_when_the_index_merges_its_story_away(
    tmp_path: Path,
) -> None:
    db, keys = started(tmp_path)
    storm, ferry = keys[STORM], keys[FERRY_STORY]
    with opened(db) as desk:
        ingest(desk, tmp_path / "again.jsonl", [("https://g.example/ferry", FERRY_AGAIN)])
        assert desk.story(ferry).articles == (FERRY_STORY, 12)
        alone = desk.exclude_article(12)
        ingest(desk, tmp_path / "both.jsonl", [("https://d.example/both", BOTH)])
        after = members(desk)

    assert ferry not in after
    assert after[storm] == (1, 2, 3, 4, 5, FERRY_STORY, 13)
    assert after[alone.key] == (12,)


def test_a_merged_story_takes_what_the_index_assigns_it_later(tmp_path: Path) -> None:
    db, keys = started(tmp_path)
    storm, gone = keys[STORM], keys[COUNCIL]
    with opened(db) as desk:
        merged = desk.merge_stories(storm, gone)
        assert merged.articles == tuple(range(1, 11))
        assert queued_dossiers(db) == [storm]
        done_with_jobs(db)
    with opened(db) as desk:
        ingest(desk, tmp_path / "more.jsonl", council(range(5, 7)))
        after = members(desk)
        edits = desk.story_edits(gone)

    assert gone not in after
    assert after[storm] == (*range(1, 11), 12, 13)
    assert queued_dossiers(db) == [storm]  # the merged-away story's job was withdrawn
    assert [(e.kind, e.article_id, e.by_editor) for e in edits] == [
        ("merge", None, True),
        *(("merge", n, False) for n in (6, 7, 8, 9, 10, 12, 13)),
    ]


def test_a_split_keeps_its_articles_apart_as_a_new_story(tmp_path: Path) -> None:
    db, keys = started(tmp_path)
    storm = keys[STORM]
    with opened(db) as desk:
        part = desk.split_story(storm, [4, 5])
        assert queued_dossiers(db) == sorted([storm, part.key])
        titled = story_title([desk.article(4).article, desk.article(5).article])
    with opened(db) as desk:
        ingest(desk, tmp_path / "more.jsonl", burst(2, start=5))
        after = members(desk)
        edits = desk.story_edits(part.key)

    assert part.key.startswith("edit-") and part.articles == (4, 5)
    assert part.title == titled
    assert after[part.key] == (4, 5)
    assert after[storm] == (1, 2, 3, 12, 13)
    assert [(e.kind, e.article_id, e.from_key) for e in edits] == [
        ("split", 4, storm),
        ("split", 5, storm),
    ]


def test_edits_follow_a_story_the_index_merges_away(tmp_path: Path) -> None:
    db, keys = started(tmp_path)
    storm, ferry = keys[STORM], keys[FERRY_STORY]
    with opened(db) as desk:
        desk.move_article(COUNCIL, ferry)
        ingest(desk, tmp_path / "both.jsonl", [("https://d.example/both", BOTH)])  # ferry + storm
        after = members(desk)
        ingest(desk, tmp_path / "more.jsonl", council(range(5, 7)))
        later = members(desk)
        edits = desk.story_edits(ferry)

    assert ferry not in after
    assert after[storm] == (1, 2, 3, 4, 5, COUNCIL, FERRY_STORY, 12)
    assert later[storm] == after[storm]
    assert [(e.kind, e.from_key, e.to_key, e.by_editor) for e in edits][-1] == (
        "follow",
        ferry,
        storm,
        False,
    )


def test_the_index_merging_a_story_the_editor_merged_away_takes_nothing_back(
    tmp_path: Path,
) -> None:
    db, keys = started(tmp_path)
    storm, kept, gone = keys[STORM], keys[COUNCIL], keys[FERRY_STORY]
    with opened(db) as desk:
        desk.merge_stories(kept, gone)
        again = [("https://g.example/ferry", FERRY_AGAIN)]
        ingest(desk, tmp_path / "again.jsonl", again)  # the index puts it in the ferry story
        sent_on = members(desk)
        ingest(desk, tmp_path / "both.jsonl", [("https://d.example/both", BOTH)])
        after = members(desk)

    assert gone not in sent_on and sent_on[kept] == (*range(6, 12), 12)
    assert gone not in after
    assert after[kept] == (*range(6, 12), 12)  # not taken into the storm with the ferry story
    assert after[storm] == (1, 2, 3, 4, 5, 13)


def test_a_story_emptied_by_a_move_is_removed_and_the_index_may_make_it_again(
    tmp_path: Path,
) -> None:
    db, keys = started(tmp_path)
    kept, ferry = keys[COUNCIL], keys[FERRY_STORY]
    with opened(db) as desk:
        desk.enqueue("dossier", {"story": ferry})
        desk.move_article(FERRY_STORY, kept)
        emptied = members(desk)
        assert queued_dossiers(db) == [kept]
        ingest(desk, tmp_path / "again.jsonl", [("https://g.example/ferry", FERRY_AGAIN)])
        after = members(desk)

    assert ferry not in emptied
    assert after[kept] == (*range(6, 11), FERRY_STORY)
    assert after[ferry] == (12,)


def test_edits_that_make_no_sense_are_refused(tmp_path: Path) -> None:
    db, keys = started(tmp_path)
    storm, ferry = keys[STORM], keys[FERRY_STORY]
    with opened(db) as desk:
        ingest(desk, tmp_path / "fix.jsonl", council(range(1), edition=1))  # article 6, again
        refusals = [
            ("no article 99", lambda: desk.move_article(99, storm)),
            ("no story 'story-none'", lambda: desk.move_article(1, "story-none")),
            ("in story .* already", lambda: desk.move_article(1, storm)),
            ("article 6 is not current: article 12", lambda: desk.move_article(6, storm)),
            ("only article of story", lambda: desk.exclude_article(FERRY_STORY)),
            ("into itself", lambda: desk.merge_stories(storm, storm)),
            ("no story 'story-none'", lambda: desk.merge_stories(storm, "story-none")),
            ("no article chosen", lambda: desk.split_story(storm, [])),
            ("every article", lambda: desk.split_story(storm, [1, 2, 3, 4, 5])),
            ("article 7 is not in story", lambda: desk.split_story(storm, [1, 7])),
            ("no story 'story-none'", lambda: desk.split_story("story-none", [1])),
        ]
        for message, refused in refusals:
            with pytest.raises(StoreError, match=message):
                refused()
        assert desk.story_edits() == []
        assert desk.story(ferry).articles == (FERRY_STORY,)
