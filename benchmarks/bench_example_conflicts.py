"""Conflicts of the bundled example (examples/: four invented pages of a port strike).

    .venv/bin/python benchmarks/bench_example_conflicts.py [-v]

examples/README.md says the outlets disagree on purpose: 37, 40, 41 or 42 ships at anchor, and
"about 4,200" or "roughly 4,000" strikers. The four pages go through crosswire.make_dossier as the
CLI runs them (MiniLM embeddings), and its conflicts are checked:
- ships: one NUMBER conflict whose sides hold the four ship counts, its heading naming the four
  outlets (no input path);
- strikers: a NUMBER conflict whose sides hold the two estimates (found once the fact aligner
  tells the two sentences as one fact: crosswire.compare.count_questions links counts of people
  of different nouns only within a fact);
- false alarms: every other NUMBER conflict (none of the other counts disagree).
As a peer in the same run, the naive baseline of bench_seed_conflicts.py: pairs of sentences of two
articles at MiniLM cosine >= .6 whose figures differ (or of which one only is negated), and which
of the expected differences its pairs hold.

Bar: ships found as one conflict with the four outlets; no false alarm; strikers reported.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from pathlib import Path

from bench_seed_conflicts import naive_pairs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# What each expected difference's sentences say, as the pages write it.
SHIPS = ("37 container ships", "40 vessels", "41 vessels", "42 ships")
STRIKERS = ("about 4,200 dockworkers", "Roughly 4,000 union members")
OUTLETS = ("Velmora Courier", "Harbour Wire", "Northshore Gazette", "Coastline Review")


def holds(texts: Sequence[str], expected: Sequence[str]) -> bool:
    return all(any(e in t for t in texts) for e in expected)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    import crosswire
    from crosswire.compare.embeddings import quantised_minilm_backend

    paths = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    started = time.perf_counter()
    dossier = crosswire.make_dossier(paths)
    seconds = time.perf_counter() - started
    numbers = [c for c in dossier.conflicts if c.kind == "number"]
    ships = strikers = None
    for c in numbers:
        texts = [s.text for s in (*c.side_a, *c.side_b)]
        ships = c if ships is None and holds(texts, SHIPS) else ships
        strikers = c if strikers is None and holds(texts, STRIKERS) else strikers
    alarms = [c for c in numbers if c not in (ships, strikers)]
    print(f"conflicts: {len(dossier.conflicts)} ({len(numbers)} number; dossier {seconds:.1f} s)")
    for c in dossier.conflicts if args.verbose else ():
        print(f"  {c.id} {c.kind:9} {c.values} {c.summary}")
    named = ships is not None and all(o in ships.summary for o in OUTLETS)
    no_path = ships is not None and not re.search(r"examples/|\.txt|\.html", ships.summary)
    print(f"  {'ok  ' if named and no_path else 'MISS'} ships: {ships.summary if ships else '-'}")
    print(f"  {'ok  ' if strikers else 'MISS'} strikers: {strikers.summary if strikers else '-'}")
    print(f"  {'ok  ' if not alarms else 'FAIL'} other number conflicts: {len(alarms)}")
    for c in alarms:
        print(f"      {c.summary}")
    articles = [a for a in crosswire.annotate(crosswire.extract(paths)) if hasattr(a, "text")]
    pairs = naive_pairs(articles, quantised_minilm_backend())
    naive_ships = sum(1 for pair in pairs if sum(any(e in t for t in pair) for e in SHIPS) == 2)
    naive_strikers = any(holds(pair, STRIKERS) for pair in pairs)
    print(
        f"naive baseline (similar sentences, figures differ or one negated): {len(pairs)} pairs; "
        f"{naive_ships} of the 6 ship-count pairs; strikers {'yes' if naive_strikers else 'no'}"
    )
    return 0 if named and no_path and not alarms else 1


if __name__ == "__main__":
    raise SystemExit(main())
