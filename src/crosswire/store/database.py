"""Opening the desk's store: the file checked, the schema migrated, and the transactions over it.

`open_store(path_or_url)` opens (and by default creates) a store: a path is an SQLite file, a URL
any database SQLAlchemy speaks (`sqlite:///desk.db`; PostgreSQL may follow). Where no path is
given, `$CROSSWIRE_DB` names it, else `crosswire.db` in the working directory.

An SQLite store runs in WAL mode (readers never wait for the writer, and a commit survives a
killed process), with foreign keys enforced and a busy timeout, so that a second process waits
for the lock instead of failing. A write takes the lock at its start (BEGIN IMMEDIATE): the
checks it makes ("is this page already stored?") still hold when it writes, whatever other
processes do; a write that loses a race anyway (the lock waited out, a unique key taken) is run
again from the start.

A file that is not an SQLite database, or fails SQLite's quick check, is refused and left exactly
as it is: a store is never created over something else.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError

from crosswire.errors import StoreError
from crosswire.store.upgrade import upgrade_schema

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_FILE = "crosswire.db"
ENV_VAR = "CROSSWIRE_DB"
SQLITE_HEADER = b"SQLite format 3\x00"
# How long a writer waits for another's lock before its attempt fails (and is tried again): one
# article's write takes milliseconds, a migration a second; minutes would mean a stuck process.
BUSY_TIMEOUT_SECONDS = 30.0
WRITE_ATTEMPTS = 5
RETRY_PAUSE_SECONDS = 0.05  # doubled at each attempt
BEGIN_MODE = "crosswire_begin"  # execution option: how an SQLite transaction begins


def store_location(given: str | os.PathLike[str] | None, environ: Mapping[str, str]) -> str:
    """Where the store is: `given` (a `--db` option), else `$CROSSWIRE_DB`, else crosswire.db in
    the working directory."""
    if given is not None:
        return os.fspath(given)
    return environ.get(ENV_VAR) or DEFAULT_FILE


@dataclass(frozen=True, slots=True)
class Store:
    """An open store: its engine, and where it is (for messages)."""

    engine: Engine
    where: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection in a read transaction: one consistent view of the store."""
        with self.engine.connect() as connection, connection.begin():
            yield connection

    def write(self, work: Callable[[Connection], T]) -> T:
        """`work(connection)` in one write transaction, holding the write lock from its start;
        run again (up to WRITE_ATTEMPTS times) when it loses a race with another writer.
        `work` must do nothing but read and write the store: it may run more than once."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.engine.connect() as connection:
                    connection.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
                    with connection.begin():
                        return work(connection)
            except (IntegrityError, OperationalError) as error:
                if attempt == WRITE_ATTEMPTS or not _lost_race(error):
                    raise
                log.info("write to %s lost a race (%s); again", self.where, error.orig)
                time.sleep(RETRY_PAUSE_SECONDS * 2 ** (attempt - 1))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def close(self) -> None:
        self.engine.dispose()


def _lost_race(error: DBAPIError) -> bool:
    """A unique key another writer took first, or a lock held past the busy timeout."""
    if isinstance(error, IntegrityError):
        return "UNIQUE" in str(error.orig).upper()
    return "locked" in str(error.orig) or "busy" in str(error.orig)


def open_store(
    path_or_url: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    environ: Mapping[str, str] = os.environ,
) -> Store:
    """The store at `path_or_url` (None: `$CROSSWIRE_DB`, else crosswire.db here), migrated to
    the newest schema. With `create`, a missing file is a new store. StoreError when it is
    missing (without `create`), not an SQLite database, damaged, another program's, or made by a
    newer crosswire."""
    location = store_location(path_or_url, environ)
    url = _url_of(location)
    where = url.render_as_string(hide_password=True) if "://" in location else location
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        _check_file(Path(str(url.database)), where, create=create)
    engine = _engine(url)
    store = Store(engine, where)
    try:
        store.write(lambda connection: upgrade_schema(connection, where))
        if store.is_sqlite:
            _use_wal(engine, where)
    except OperationalError as error:
        engine.dispose()
        raise StoreError(f"cannot open {where}: {error.orig}") from error
    except BaseException:
        engine.dispose()
        raise
    return store


def _url_of(location: str) -> URL:
    if "://" not in location:
        return URL.create("sqlite", database=str(Path(location).expanduser()))
    try:
        return make_url(location)
    except ArgumentError as error:
        raise StoreError(f"{location!r} is neither a file path nor a database URL") from error


def _check_file(path: Path, where: str, *, create: bool) -> None:
    """Refuse what must not be opened as a store, before SQLite writes a byte to it."""
    if not path.exists():
        if not create:
            raise StoreError(f"no store at {where}")
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    if not path.is_file():
        raise StoreError(f"{where} is not a file")
    if path.stat().st_size == 0:
        return  # an empty file holds nothing to lose: SQLite makes it a new database
    with path.open("rb") as stream:
        header = stream.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise StoreError(
            f"{where} is not an SQLite database: refused, and left as it is (give another file "
            "with --db or $CROSSWIRE_DB)"
        )
    _quick_check(path, where)


def _quick_check(path: Path, where: str) -> None:
    """SQLite's quick check, on a read-only connection (a damaged file is never written to)."""
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
        )
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {where}: {error}") from error
    try:
        found = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        found = [str(error)]
    finally:
        connection.close()
    if found != ["ok"]:
        raise StoreError(
            f"{where} is damaged ({found[0]}): refused, and left as it is; restore it from a "
            "copy, or try `sqlite3 FILE .recover`"
        )


def _engine(url: URL) -> Engine:
    engine = create_engine(url, json_serializer=_compact_json)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_settings)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _compact_json(value: object) -> str:
    """JSON columns as compact UTF-8: a page's text is most of a row, and \\u escapes double it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling begins lazily and commits before DDL; `_sqlite_begin`
    # says BEGIN itself, so the driver must say nothing (the recipe of SQLAlchemy's SQLite docs).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # In WAL mode a commit reaches the file at once and survives a killed process; NORMAL only
        # lets the last commits wait for a checkpoint to be synced against power loss.
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _use_wal(engine: Engine, where: str) -> None:
    """Switch the file to WAL mode, once it is known to be a crosswire store (the mode is kept in
    the file: switching another program's database would change it). Outside any transaction, on
    the driver's connection: SQLite switches only there."""
    with engine.connect() as connection:
        driver_connection = connection.connection.dbapi_connection
        assert driver_connection is not None
        mode = driver_connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() not in ("wal", "memory"):  # an in-memory database has no WAL
        raise StoreError(f"cannot switch {where} to WAL mode (it stays in {mode} mode)")


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_MODE, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
