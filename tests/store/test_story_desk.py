"""Stories' dossiers kept as versions with what changed, and `crosswire stories --db` / `crosswire
dossier --db` over them, on a real SQLite file (word embeddings, articles not annotated: fast)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire import cli
from crosswire.errors import StoreError
from crosswire.store.desk import Desk
from tests.store.conftest import START, Ticking
from tests.store.test_story_rows import burst, jsonl

runner = CliRunner()


def test_a_rebuild_keeps_version_1_then_version_2_with_what_changed(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    clock = Ticking()
    with Desk(db, clock=clock, embeddings="words") as desk:
        desk.ingest([jsonl(tmp_path / "a.jsonl", burst(2))], annotate=False)
        (story,) = desk.stories()
        first = desk.rebuild_dossier(story.key)
        between = clock.now
        assert not desk.dossier_is_stale(story.key)
        desk.ingest([jsonl(tmp_path / "b.jsonl", burst(1, start=2))], annotate=False)
        assert desk.dossier_is_stale(story.key)
        second = desk.rebuild_dossier(story.key)
        kept_first = desk.dossier(story.key, version=1)
        latest = desk.dossier(story.key)
        since_one = desk.changes(story.key, since=1)
        since_moment = desk.changes(story.key, since=between)
        since_start = desk.changes(story.key, since=START)
        with pytest.raises(StoreError, match="no dossier version 7"):
            desk.changes(story.key, since=7)

    assert (first.version, first.changes, first.articles) == (1, None, (1, 2))
    assert second.version == 2 and second.articles == (1, 2, 3)
    assert second.changes is not None and second.changes.since == 1
    assert second.changes.new_outlets == ("outlet2.example",)
    assert second.changes.new_facts or second.changes.stronger_facts
    assert "New outlet: outlet2.example" in second.changes.lines()
    # Only the latest version keeps its rendered HTML (the web desk shows no other).
    assert first.html is not None and "<h1" in first.html
    assert kept_first == replace(first, html=None) and latest == second
    assert latest.html is not None and "· 3 articles" in latest.html
    assert since_one == since_moment == second.changes
    assert since_start.since is None and len(since_start.new_outlets) == 3
    with sqlite3.connect(db) as connection:
        indexed = connection.execute("SELECT DISTINCT dossier_version FROM facts_fts").fetchall()
    assert indexed == [(2,)]  # the latest version's facts only


def test_the_rendered_dossier_is_read_without_the_dossier_with_its_articles_names(
    tmp_path: Path,
) -> None:
    with Desk(tmp_path / "desk.db", clock=Ticking(), embeddings="words") as desk:
        desk.ingest([jsonl(tmp_path / "a.jsonl", burst(2))], annotate=False)
        (story,) = desk.stories()
        assert desk.rendered_dossier(story.key) is None
        built = desk.rebuild_dossier(story.key)
        shown = desk.rendered_dossier(story.key)
    assert shown is not None and shown.html == built.html and shown.version == 1
    assert (shown.articles, shown.created_at) == (built.articles, built.created_at)
    assert shown.labels == {a["source"]: a["label"] for a in built.dossier["articles"]}
    assert len(shown.labels) == 2


def test_stories_and_dossier_read_the_store_through_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with Desk(db, embeddings="words") as desk:
        desk.ingest([jsonl(tmp_path / "a.jsonl", burst(3))], annotate=False)
        (story,) = desk.stories()

    listed = runner.invoke(cli.app, ["stories", "--db", str(db)])
    text = runner.invoke(cli.app, ["stories", "--db", str(db), "-f", "text"])
    out = tmp_path / "story.json"
    built = runner.invoke(
        cli.app, ["dossier", "--db", str(db), "--story", story.key, "-o", str(out)]
    )
    again = runner.invoke(cli.app, ["dossier", "--db", str(db), "-o", str(tmp_path / "s.md")])

    assert listed.exit_code == 0, listed.output
    (shown,) = json.loads(listed.stdout)["stories"]
    assert shown["id"] == story.key and shown["articles"] == list(story.sources)
    assert story.key in text.stdout
    assert built.exit_code == 0, built.output
    assert f"Dossier of {story.key} (version 1) written" in built.stdout
    dossier = json.loads(out.read_text())
    assert [a["source"] for a in dossier["articles"]] == list(story.sources)
    assert again.exit_code == 0, again.output
    assert "(version 1)" in again.stdout  # not stale: the stored version, not a new one
    assert (tmp_path / "s.md").read_text().startswith("#")


def test_the_cli_refuses_inputs_with_db_and_an_unknown_story(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    Desk(db).close()
    both = runner.invoke(cli.app, ["stories", "a.txt", "--db", str(db)])
    neither = runner.invoke(cli.app, ["stories"])
    unknown = runner.invoke(cli.app, ["dossier", "--db", str(db), "--story", "x", "-o", "x.json"])
    missing = runner.invoke(cli.app, ["stories", "--db", str(tmp_path / "none.db")])
    assert both.exit_code == neither.exit_code == 2
    assert unknown.exit_code == 1 and "no story 'x'" in unknown.stderr
    assert missing.exit_code == 1 and "no store at" in missing.stderr
    assert not (tmp_path / "none.db").exists()
