"""Fuzzing at length: hostile and freak pages through reading and extraction, with their cost.

    python benchmarks/bench_fuzz.py [--pages 400] [--scale 2] [--seed 1] [--budget 60]

Builds `--pages` pages with tests/hostile_pages.py (long lines, thousands of repeats, deep or broken
markup, escapes, controls, odd encodings, garbage), reads each from bytes and extracts it within
the page budget, and prints inputs per second, the outcomes, the slowest inputs (seed, kind, size,
seconds) and the cost per MB of the pages. A page that raises, or that runs past its budget, is a
defect: the benchmark exits 1 naming it. The peer measured in the same run is trafilatura alone
(`bare_extraction` on the HTML pages), which crosswire's HTML mode wraps.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hostile_pages import hostile_page

from crosswire.errors import InputError
from crosswire.extract.article import extract_pages
from crosswire.model import Hints, InputFailure
from crosswire.sources.decode import page_from_bytes

MEGABYTE = 1024 * 1024


@dataclass
class Run:
    seed: int
    kind: str
    size: int
    seconds: float
    outcome: str


def main() -> int:
    args = _arguments()
    logging.disable(logging.WARNING)  # trafilatura and the stages log every odd page
    runs = [
        _run(seed, args.scale, args.budget) for seed in range(args.seed, args.seed + args.pages)
    ]
    peer = _peer(args)
    _report(runs, peer, args.budget)
    defects = [r for r in runs if r.outcome.startswith(("raised", "over budget"))]
    for run in defects:
        print(f"DEFECT seed {run.seed} ({run.kind}): {run.outcome}")
    return 1 if defects else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400, help="how many pages (default 400)")
    parser.add_argument("--scale", type=int, default=2, help="size multiplier (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    parser.add_argument("--budget", type=float, default=60.0, help="page budget, s (default 60)")
    return parser.parse_args()


def _run(seed: int, scale: int, budget: float) -> Run:
    kind, data = hostile_page(random.Random(seed), scale)
    started = time.perf_counter()
    try:
        page = page_from_bytes("fuzz", data, what="file", hints=Hints())
        (result,) = extract_pages([page], page_timeout=budget)
        if isinstance(result, InputFailure):
            outcome = f"over budget: {result.message}"
        else:
            outcome = "article" if result.text else "article without text"
    except InputError as error:
        outcome = f"refused: {str(error).split(' (')[0]}"
    except Exception as error:  # the defect this benchmark exists to find
        outcome = f"raised {type(error).__name__}: {error}"
    return Run(seed, kind, len(data), time.perf_counter() - started, outcome)


def _peer(args: argparse.Namespace) -> tuple[int, float]:
    """trafilatura's bare_extraction on the same HTML pages: (pages, seconds)."""
    from trafilatura import bare_extraction

    pages, seconds = 0, 0.0
    for seed in range(args.seed, args.seed + args.pages):
        kind, data = hostile_page(random.Random(seed), args.scale)
        if not kind.startswith("html"):
            continue
        started = time.perf_counter()
        # The peer's failures are its own; only its time counts here.
        with contextlib.suppress(Exception):
            bare_extraction(data.decode(kind.split("/")[1], errors="replace"))
        seconds += time.perf_counter() - started
        pages += 1
    return pages, seconds


def _report(runs: list[Run], peer: tuple[int, float], budget: float) -> None:
    total = sum(r.seconds for r in runs)
    size = sum(r.size for r in runs)
    print(f"{len(runs)} hostile pages, {size / MEGABYTE:.1f} MB, budget {budget:g} s per page")
    print(f"crosswire: {len(runs) / total:.1f} inputs/s, {total / (size / MEGABYTE):.2f} s per MB")
    html = [r for r in runs if r.kind.startswith("html")]
    html_seconds = sum(r.seconds for r in html)
    print(
        f"HTML pages: crosswire {html_seconds:.1f} s for {len(html)} (reading and extraction); "
        f"trafilatura alone (bare_extraction) {peer[1]:.1f} s for {peer[0]}"
    )
    outcomes: dict[str, int] = {}
    for run in runs:
        key = run.outcome.split(":")[0]
        outcomes[key] = outcomes.get(key, 0) + 1
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print("slowest inputs:")
    for run in sorted(runs, key=lambda r: -r.seconds)[:5]:
        print(
            f"  seed {run.seed:>5} {run.kind:<18} {run.size / 1024:>8.0f} KB "
            f"{run.seconds:>6.2f} s  {run.outcome[:60]}"
        )


if __name__ == "__main__":
    sys.exit(main())
