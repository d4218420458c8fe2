"""A worker in a process of its own, for the worker's kill -9 test.

    python -m tests.store.worker_child DB [--statement-pause SECONDS]

Works through the store's due jobs once (`Worker.run_once`, without annotation: the parser is
not what the test is about) and prints the report's summary. `--statement-pause` sleeps before
every SQL statement: a real database, slowed down so that a kill lands mid-queue.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from sqlalchemy import Engine, event

from crosswire.store.desk import Desk
from crosswire.store.worker import Worker


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--statement-pause", type=float, default=0.0)
    args = parser.parse_args()
    if args.statement_pause:
        pause = args.statement_pause

        def slowly(*_: Any) -> None:
            time.sleep(pause)

        event.listen(Engine, "before_cursor_execute", slowly)
    with Desk(args.db) as desk:
        report = Worker(desk, annotate=False).run_once()
    print(report.summary(), flush=True)


if __name__ == "__main__":
    main()
