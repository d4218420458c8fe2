"""`crosswire ingest`: thin over the desk, on a real store file (the real pipeline, invented
pages)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from crosswire import cli
from crosswire.store.database import ENV_VAR
from tests.store.conftest import write_pages

runner = CliRunner()


def _articles(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_ingest_stores_the_articles_and_says_what_failed(tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "pages", range(3))
    (tmp_path / "pages" / "blank.txt").write_text("")
    db = tmp_path / "desk.db"

    first = runner.invoke(cli.app, ["ingest", str(tmp_path / "pages"), "--db", str(db)])
    again = runner.invoke(cli.app, ["ingest", *map(str, pages[:2]), "--db", str(db)])

    assert first.exit_code == 1, first.output
    assert first.stdout == "3 articles stored (3 new, 0 new versions, 0 already there), 1 failed\n"
    assert "blank.txt: empty file" in first.stderr
    assert again.exit_code == 0, again.output
    assert again.stdout == "2 articles stored (0 new, 0 new versions, 2 already there), 0 failed\n"
    assert _articles(db) == 3


def test_the_db_option_wins_over_the_environment_variable(tmp_path: Path) -> None:
    (page,) = write_pages(tmp_path / "pages", [4])
    from_env, given = tmp_path / "from-env.db", tmp_path / "given.db"
    environment = {ENV_VAR: str(from_env)}

    by_env = runner.invoke(cli.app, ["ingest", str(page)], env=environment)
    by_option = runner.invoke(cli.app, ["ingest", str(page), "--db", str(given)], env=environment)

    assert by_env.exit_code == by_option.exit_code == 0, by_env.output + by_option.output
    assert _articles(from_env) == _articles(given) == 1


def test_a_file_that_is_not_a_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    (page,) = write_pages(tmp_path / "pages", [5])
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 100)

    result = runner.invoke(cli.app, ["ingest", str(page), "--db", str(notes)])

    assert result.exit_code == 1
    assert "is not an SQLite database" in result.stderr
    assert notes.read_text() == "not a database\n" * 100


def test_a_missing_input_is_a_usage_error_and_no_store_is_made(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    result = runner.invoke(cli.app, ["ingest", str(tmp_path / "missing.txt"), "--db", str(db)])
    assert result.exit_code == 2
    assert not db.exists()
