"""The story list's summaries kept in step with stories and dossiers, and listed with filters and
pages, on a real SQLite file (word embeddings, articles not annotated: fast)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from crosswire.store.desk import Desk
from tests.compare.test_story_index import BOTH, FERRY, HARBOUR
from tests.store.conftest import Ticking, topic_story
from tests.store.test_story_rows import burst, jsonl


def opened(path: Path) -> Desk:
    return Desk(path, clock=Ticking(), embeddings="words")


def summary_rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT * FROM story_summaries ORDER BY story_id").fetchall()


def topic(n: int, telling: int = 0) -> tuple[str, str]:
    """Story n as outlet `telling` tells it, at its address (no two stories alike)."""
    return f"https://news{telling}.example/topic-{n}", topic_story(n, telling)


def headline(n: int) -> str:
    return topic_story(n).split("\n", 1)[0]


def test_a_story_is_summarized_from_its_articles_then_from_its_dossier(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "a.jsonl", burst(3))], annotate=False, published="2031-03-01")
        (story,) = desk.stories()
        (before,) = desk.story_summaries().items
        built = desk.rebuild_dossier(story.key)
        (after,) = desk.story_summaries().items

    assert (before.key, before.title, before.articles, before.outlets) == (
        story.key,
        "Storm floods Velmora harbour (report 0)",
        3,
        3,
    )
    assert before.outlet_names == ("outlet0.example", "outlet1.example", "outlet2.example")
    assert before.languages == ("en",)
    assert before.coverage == (("2031-03-01", 3),)  # the day stated, not the day stored
    assert before.first_seen == datetime(2031, 3, 1, tzinfo=UTC)
    assert before.dossier_version is None
    assert before.independent_outlets is before.corroborated is before.contested is None

    facts = built.dossier["facts"]
    statuses = [f["status"] for f in facts]
    assert after.dossier_version == 1
    assert (after.corroborated, after.single_source, after.contested) == (
        statuses.count("corroborated"),
        statuses.count("single-source"),
        statuses.count("contested"),
    )
    assert after.corroborated + after.single_source + after.contested == len(facts) > 0
    assert after.conflicts == len(built.dossier["conflicts"])
    # Retellings 0 and 2 share their paragraph on the storm: one derived from the other, their
    # two outlets count as one independent outlet.
    linked = {(d["article"], d["derived_from"]) for d in built.dossier["derivations"]}
    ((first, second),) = {tuple(sorted(pair)) for pair in linked}
    assert (first[-7:], second[-7:]) == ("#line=1", "#line=3")
    assert after.independent_outlets == 2
    assert after.last_updated == built.created_at > before.last_updated


def test_the_list_is_newest_activity_first_and_a_rebuild_moves_a_story_up(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "a.jsonl", burst(2))], annotate=False)
        desk.ingest([jsonl(tmp_path / "b.jsonl", [topic(0)])], annotate=False)
        desk.ingest([jsonl(tmp_path / "c.jsonl", [topic(1)])], annotate=False)
        listed = [s.title for s in desk.story_summaries().items]
        storm = next(s.key for s in desk.stories() if "Storm" in s.title)
        desk.rebuild_dossier(storm)
        rebuilt = [s.key for s in desk.story_summaries().items]

    assert listed == [headline(1), headline(0), "Storm floods Velmora harbour (report 0)"]
    assert rebuilt[0] == storm


def test_pages_of_the_list_count_every_story_and_repeat_none(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with opened(db) as desk:
        for n in range(7):  # one ingest each: seven stories, each later than the one before
            desk.ingest([jsonl(tmp_path / f"{n}.jsonl", [topic(n)])], annotate=False)
        pages = [desk.story_summaries(offset=start, limit=3) for start in (0, 3, 6, 9)]

    assert [page.total for page in pages] == [7, 7, 7, 7]
    assert [len(page.items) for page in pages] == [3, 3, 1, 0]
    keys = [s.key for page in pages for s in page.items]
    assert len(set(keys)) == 7
    assert [s.last_updated for page in pages for s in page.items] == sorted(
        (s.last_updated for page in pages for s in page.items), reverse=True
    )


def test_filters_by_days_outlet_language_and_words(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "a.jsonl", burst(2))], annotate=False, published="2031-03-01")
        desk.ingest([jsonl(tmp_path / "b.jsonl", [topic(3)])], annotate=False)  # stored 03-04
        place, thing = headline(3).split()[:2]

        def titles(**filters: object) -> list[str]:
            page = desk.story_summaries(**filters)  # type: ignore[arg-type]
            assert page.total == len(page.items)
            return [s.title.split()[0] for s in page.items]

        assert titles() == [place, "Storm"]
        assert titles(since=date(2031, 3, 1), until=date(2031, 3, 1)) == ["Storm"]
        assert titles(since=date(2031, 3, 2)) == [place]
        assert titles(until=date(2031, 2, 28)) == []
        assert titles(outlet="outlet1.example") == ["Storm"]
        assert titles(outlet="outlet1") == []  # the exact name only
        assert titles(language="en") == [place, "Storm"]
        assert titles(language="de") == []
        assert titles(query="inspection gate") == [place]  # words of an article's body
        assert titles(query=f"{thing.upper()} halted") == [place]  # of the title, any case
        assert titles(query="velmora STORM") == ["Storm"]
        assert titles(query=f"storm {place}") == []  # every word, in one story
        assert titles(query="  !! ") == [place, "Storm"]  # no word: no filter
        assert titles(query='"unbalanced AND (') == []  # words, never FTS syntax
        assert titles(since=date(2031, 3, 1), outlet="outlet0.example", query="harbour") == [
            "Storm"
        ]


def test_a_merge_drops_the_merged_storys_summary_and_counts_the_whole(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    apart = [
        ("https://a.example/h0", HARBOUR[0]),
        ("https://b.example/h1", HARBOUR[1]),
        ("https://c.example/ferry", FERRY),
    ]
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "apart.jsonl", apart)], annotate=False)
        assert desk.story_summaries().total == 2
        desk.ingest([jsonl(tmp_path / "b.jsonl", [("https://d.example/b", BOTH)])], annotate=False)
        page = desk.story_summaries()
        (story,) = desk.stories()

    assert page.total == 1 and len(summary_rows(db)) == 1
    assert (page.items[0].key, page.items[0].articles, page.items[0].outlets) == (story.key, 4, 4)


def test_a_new_version_of_an_article_keeps_the_counts(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    corrected = HARBOUR[0] + " Correction: the storm struck on Sunday night, not Sunday morning."
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "a.jsonl", burst(2))], annotate=False)
        desk.ingest(
            [jsonl(tmp_path / "b.jsonl", [("https://outlet0.example/storm", corrected)])],
            annotate=False,
        )
        (summary,) = desk.story_summaries().items
    assert (summary.articles, summary.outlets) == (2, 2)


def test_the_backfill_rewrites_every_summary_as_kept_and_again_the_same(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with opened(db) as desk:
        desk.ingest([jsonl(tmp_path / "a.jsonl", [*burst(3), topic(5)])], annotate=False)
        storm = next(s.key for s in desk.stories() if "Storm" in s.title)
        desk.rebuild_dossier(storm)
        kept = summary_rows(db)
        with sqlite3.connect(db) as connection:  # a store from before the summaries
            connection.execute("DELETE FROM story_summaries")
        assert desk.story_summaries().total == 0
        assert desk.refresh_summaries() == 2
        once = summary_rows(db)
        assert desk.refresh_summaries() == 2
        twice = summary_rows(db)
    assert once == kept == twice
