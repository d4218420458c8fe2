"""How Alembic runs the store's migrations: on the connection `upgrade` hands over, inside the
write transaction it already holds (so a migration and the check before it are one step, and two
processes opening a fresh store never both create it).

Run without a connection (the `alembic` command, for a developer), it connects to the URL of the
`sqlalchemy.url` option.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from crosswire.store.schema import metadata

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///crosswire.db")
    with engine.begin() as fresh:
        _run_on(fresh)
    engine.dispose()


def _run_on(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        # SQLite alters a table by copying it; "batch" mode lets a later revision do that.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
