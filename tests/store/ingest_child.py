"""An ingest in a process of its own, for the store's process tests (concurrency, kill -9).

    python -m tests.store.ingest_child DB INPUT [--statement-pause SECONDS [--before SQL]]
                                                [--barrier MINE THEIRS]

Ingests INPUT into the store DB (without annotation: the parser is not what these tests are
about) and prints the report's summary. `--statement-pause` sleeps before every SQL statement,
or before those that start with `--before` (a real database, slowed down where a test wants a
kill to land, or two writers to overlap); `--barrier` makes the file MINE once the inputs are
read, then waits for THEIRS, so that two processes store at the same time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from crosswire.store.desk import Desk

BARRIER_WAIT_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("input")
    parser.add_argument("--statement-pause", type=float, default=0.0)
    parser.add_argument("--before", default="")
    parser.add_argument("--barrier", nargs=2, type=Path)
    args = parser.parse_args()
    if args.statement_pause:
        pause, before = args.statement_pause, args.before

        def slowly(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if statement.lstrip().startswith(before):
                time.sleep(pause)

        event.listen(Engine, "before_cursor_execute", slowly)
    progress = _barrier(*args.barrier) if args.barrier else _ignore
    with Desk(args.db) as desk:
        report = desk.ingest([args.input], annotate=False, on_progress=progress)
    print(report.summary(), flush=True)


def _ignore(step: str, done: int, total: int | None, /) -> None:
    pass


def _barrier(mine: Path, theirs: Path) -> Any:
    """A progress callback that, once reading is over, says so and waits for the other."""
    waited = False

    def progress(step: str, done: int, total: int | None, /) -> None:
        nonlocal waited
        if waited or step == "reading":
            return
        waited = True
        mine.touch()
        deadline = time.monotonic() + BARRIER_WAIT_SECONDS
        while not theirs.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    return progress


if __name__ == "__main__":
    main()
