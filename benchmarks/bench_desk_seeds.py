"""The desk following the seed story as it arrives, against `crosswire dossier` of the whole pile.

    .venv/bin/python benchmarks/bench_desk_seeds.py

The three seed pages are ingested one at a time in date order (000, 001, 002) into a fresh store,
the story's dossier rebuilt after each (versions 1, 2, 3, each with what changed); the last
version is compared with `crosswire.make_dossier` of the three files: one story, the same facts
(statements, support, independent outlets, status), conflicts and quotes. Bar: equal.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import crosswire
from crosswire.report.dossier_json import dossier_to_dict
from crosswire.store.desk import Desk
from shared import SEEDS, absent, seed_files


def _facts(built: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            f["statement"],
            f["status"],
            f["independent_outlets"],
            tuple(sorted((s["article"], s["start"], s["end"]) for s in f["support"])),
        )
        for f in built["facts"]
    )


def _conflicts(built: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted((c["kind"], c["summary"], tuple(c["values"])) for c in built["conflicts"])


def _quotes(built: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            q["text"],
            q["speaker"],
            tuple((v["article"], v["start"], v["kind"]) for v in q["variants"]),
        )
        for q in built["quotes"]
    )


def _row(name: str, met: bool, detail: str) -> bool:
    print(f"  {name:<10} {'met' if met else 'not met':<8} {detail}")
    return met


def main() -> int:
    if absent("the seed pages", SEEDS):
        return 0
    files = [str(path) for path in seed_files()]
    with tempfile.TemporaryDirectory() as folder, Desk(Path(folder) / "desk.db") as desk:
        started = time.perf_counter()
        for number, path in enumerate(files, 1):
            report = desk.ingest([path])
            held = desk.stories()
            print(f"ingest {Path(path).name}: {report.summary()}; {len(held)} stories")
            version = desk.rebuild_dossier(held[0].key)
            told = ["first version"] if version.changes is None else version.changes.lines()
            print(f"  dossier version {version.version} of {held[0].key}:")
            for line in told:
                print(f"    {line}")
            assert version.version == number or len(held) > 1
        desk_seconds = time.perf_counter() - started
        stories = desk.stories()
        stored = desk.dossier(stories[0].key)
    assert stored is not None
    started = time.perf_counter()
    whole = dossier_to_dict(crosswire.make_dossier(files))
    whole_seconds = time.perf_counter() - started
    print(
        f"desk: {desk_seconds:.1f} s (3 ingests, 3 dossiers); make_dossier: {whole_seconds:.1f} s"
    )
    desk_built = stored.dossier
    results = [
        _row(
            "story",
            len(stories) == 1 and sorted(stories[0].sources) == sorted(files),
            f"{len(stories)} stories; the first holds {len(stories[0].sources)} of {len(files)}",
        ),
        _row(
            "articles",
            [a["source"] for a in desk_built["articles"]]
            == [a["source"] for a in whole["articles"]],
            f"{len(desk_built['articles'])} against {len(whole['articles'])}",
        ),
        _row(
            "facts",
            _facts(desk_built) == _facts(whole),
            f"{len(desk_built['facts'])} against {len(whole['facts'])}",
        ),
        _row(
            "conflicts",
            _conflicts(desk_built) == _conflicts(whole),
            f"{len(desk_built['conflicts'])} against {len(whole['conflicts'])}",
        ),
        _row(
            "quotes",
            _quotes(desk_built) == _quotes(whole),
            f"{len(desk_built['quotes'])} against {len(whole['quotes'])}",
        ),
    ]
    print("all met" if all(results) else "not all met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
