"""Verbatim copies: the seed pages plus hundreds of word-for-word reprints of one of them.

    .venv/bin/python benchmarks/bench_copies.py [--copies N]

A wire story reprinted by many outlets arrives as many identical texts. The three seed pages are
extracted and annotated once; page 000 is then repeated N times (default 600) under other
sources, and `build_dossier` (int8 MiniLM) runs on the pile. Checked: every seed page stays in
the story (copies must not become the pile's background and push the other reports aside), the
facts are those of the seeds alone, and the time of each stage. Peer in the same run: the
dossier of the three seed pages alone (the floor any pile of copies adds to).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from shared import GOLD, absent, seed_articles


def timed_dossier(articles: list[Any], backend: Any) -> tuple[Any, float, dict[str, float]]:
    """The dossier, its seconds, and the seconds of each stage."""
    from crosswire.compare import dossier

    stages: dict[str, float] = {}
    run_stage = dossier._stage

    def timed(name: str, notes: list[str], run: Any, fallback: Any) -> Any:
        began = time.perf_counter()
        try:
            return run_stage(name, notes, run, fallback)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - began

    dossier._stage = timed
    try:
        began = time.perf_counter()
        result = dossier.build_dossier(articles, backend=backend)
        return result, time.perf_counter() - began, stages
    finally:
        dossier._stage = run_stage


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=600, help="reprints of page 000")
    args = parser.parse_args()
    if absent("the seed pages", GOLD):
        return 0
    from crosswire.compare.embeddings import quantised_minilm_backend

    seeds = seed_articles()
    backend = quantised_minilm_backend()
    alone, alone_seconds, _ = timed_dossier(seeds, backend)
    copies = [replace(seeds[0], source=f"reprint-{n}.txt") for n in range(args.copies)]
    pile, seconds, stages = timed_dossier([*copies, *seeds], backend)
    kept = {a.source for a in pile.articles}
    every_seed = all(a.source in kept for a in seeds)
    same_facts = sorted(f.statement for f in pile.facts) == sorted(f.statement for f in alone.facts)
    print(
        f"{len(seeds)} seed pages + {args.copies} verbatim copies of {Path(seeds[0].source).name}"
    )
    print(
        f"  crosswire dossier of the pile        {seconds:6.1f} s  ({len(pile.articles)} articles)"
    )
    print("    " + ", ".join(f"{name} {took:.1f} s" for name, took in stages.items()))
    print(f"  peer: the three seed pages alone     {alone_seconds:6.1f} s")
    print(f"  every seed page in the story: {every_seed}; the seeds' facts: {same_facts}")
    return 0 if every_seed and same_facts else 1


if __name__ == "__main__":
    raise SystemExit(main())
