"""The store's schema brought up to date on open, with the migrations in `migrations/`.

Alembic runs them programmatically (no alembic.ini): on the connection the caller holds, inside
its write transaction, so the check of the current revision and the migration are one step and
two processes opening one fresh store never both create it. A database whose revision this
crosswire does not know was made by a newer one: it is refused, never migrated backwards or
guessed at; a database with tables but no revision is another program's, and refused too.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, inspect

from crosswire.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
REVISION_TABLE = "alembic_version"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    """The newest schema revision this crosswire knows."""
    head = _scripts().get_current_head()
    assert head is not None, "the migrations have one head"
    return head


def schema_revision(connection: Connection) -> str | None:
    """The revision a database is at (None: no crosswire schema yet)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(connection: Connection, where: str, target: str = "head") -> None:
    """Migrate the database to `target` (default: the newest), inside the caller's transaction.
    StoreError when the database was made by a newer crosswire, or by another program; `where`
    names the database in the message."""
    current = schema_revision(connection)
    if current is None:
        _check_empty(connection, where)
    elif not _known(current):
        raise StoreError(
            f"{where} was made by a newer crosswire (schema {current}); this one knows up to "
            f"{head_revision()}: open it with a newer crosswire"
        )
    config = _config()
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def _known(revision: str) -> bool:
    try:
        return _scripts().get_revision(revision) is not None
    except CommandError:
        return False


def _check_empty(connection: Connection, where: str) -> None:
    """A database with no schema revision must hold no tables: one that does belongs to another
    program, and adding the store's tables to it would mix two things in one file."""
    tables = [
        name
        for name in inspect(connection).get_table_names()
        if not name.startswith("sqlite_") and name != REVISION_TABLE
    ]
    if tables:
        shown = ", ".join(sorted(tables)[:5])
        raise StoreError(
            f"{where} is not a crosswire store (it holds other tables: {shown}); give another "
            "file with --db or $CROSSWIRE_DB"
        )
