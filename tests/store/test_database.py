"""Opening a store: a fresh file made whole (tables, full text, WAL), an older schema migrated, a
newer one refused, a corrupt file or another program's database refused and left unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from crosswire.errors import StoreError
from crosswire.store.database import ENV_VAR, open_store, store_location
from crosswire.store.schema import metadata
from crosswire.store.upgrade import head_revision, upgrade_schema

FULL_TEXT = {"articles_fts", "facts_fts", "quotes_fts"}


def _names(path: Path, kind: str) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
        return {name for (name,) in rows}


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_a_fresh_file_gets_every_table_full_text_search_and_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    store = open_store(path)
    with store.reading() as connection:
        foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    store.close()
    tables = _names(path, "table")
    assert set(metadata.tables) <= tables
    assert tables >= FULL_TEXT
    assert foreign_keys == 1
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        sql = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'"
        ).fetchone()[0]
    assert "fts5" in sql.lower()
    assert _revision(path) == head_revision()
    assert {"ix_pages_url_key", "ix_articles_text_hash", "ix_jobs_state_not_before"} <= _names(
        path, "index"
    )


def test_the_migrations_make_what_the_schema_module_says(tmp_path: Path) -> None:
    store = open_store(tmp_path / "desk.db")
    with store.reading() as connection:
        differences = compare_metadata(
            MigrationContext.configure(
                connection,
                opts={
                    # the full-text tables are the migrations' alone (SQLite's FTS5)
                    "include_name": lambda name, kind, _parent: (
                        not (kind == "table" and name and "_fts" in name)
                    )
                },
            ),
            metadata,
        )
    store.close()
    assert differences == []


def test_a_database_at_the_first_revision_is_migrated_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")  # a store as the first crosswire left it
    with engine.begin() as connection:
        upgrade_schema(connection, str(path), target="0001")
        connection.exec_driver_sql(
            "INSERT INTO stories (title, created_at, updated_at) "
            "VALUES ('Ferry fares', '2031-03-04 10:00:00', '2031-03-04 10:00:00')"
        )
    engine.dispose()
    assert _revision(path) == "0001"
    assert "ix_story_members_article_id" not in _names(path, "index")

    open_store(path).close()

    assert _revision(path) == head_revision() == "0004"
    assert "ix_story_members_article_id" in _names(path, "index")
    assert {"story_summaries", "story_edits"} <= set(_names(path, "table"))
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT title FROM stories").fetchall() == [("Ferry fares",)]


def test_a_database_made_by_a_newer_crosswire_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        open_store(path)
    assert "newer crosswire (schema 0099)" in str(refused.value)
    assert f"knows up to {head_revision()}" in str(refused.value)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = b"Harbour Ledger notes, not a database\n" + bytes(range(256)) * 20
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not an SQLite database"):
        open_store(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_damaged_sqlite_file_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)")
        connection.execute("CREATE INDEX ib ON t (b)")
        connection.executemany(
            "INSERT INTO t (b) VALUES (?)", [(f"row {i} " * 5,) for i in range(3000)]
        )
    connection.close()
    damaged = bytearray(path.read_bytes())
    for i in range(4096 * 3, 4096 * 6):  # the header page is whole: only SQLite's check finds it
        damaged[i] = (i * 7) % 256
    path.write_bytes(bytes(damaged))
    with pytest.raises(StoreError, match="damaged"):
        open_store(path)
    assert path.read_bytes() == bytes(damaged)


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"not a crosswire store .*recipes"):
        open_store(path)
    assert path.read_bytes() == before
    assert _names(path, "table") == {"recipes"}


def test_a_missing_store_is_created_only_when_asked(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    open_store(tmp_path / "sub" / "made.db").close()
    assert (tmp_path / "sub" / "made.db").is_file()


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "touched.db"
    path.touch()
    open_store(path).close()
    assert set(metadata.tables) <= _names(path, "table")


def test_the_path_given_wins_over_the_environment_which_wins_over_the_default() -> None:
    environ = {ENV_VAR: "/data/desk.db"}
    assert store_location("given.db", environ) == "given.db"
    assert store_location(None, environ) == "/data/desk.db"
    assert store_location(None, {}) == "crosswire.db"
    assert store_location(None, {ENV_VAR: ""}) == "crosswire.db"


def test_the_store_opens_from_the_environment_variable(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    open_store(environ={ENV_VAR: str(path)}).close()
    assert path.is_file()


def test_a_database_url_is_opened_too(tmp_path: Path) -> None:
    path = tmp_path / "by-url.db"
    store = open_store(f"sqlite:///{path}")
    assert store.is_sqlite
    store.close()
    assert _revision(path) == head_revision()
