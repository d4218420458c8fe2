"""The desk's stories against ECB+ subtopics: files ingested one at a time, in shuffled orders.

    .venv/bin/python benchmarks/bench_desk_ecbplus.py [--orders 3]

Each ECB+ development file is written as a page dump (`bench_ecbplus.read_document`: one line per
sentence) into a temporary folder. For each order (seeds 1, 2, 3), a fresh store ingests the files
one `Desk.ingest` call at a time (not annotated: the desk groups articles as extracted, as
`crosswire stories` does) and its stories are scored by B-cubed against the gold subtopics; the
peer, in the same run, is `crosswire.stories` over `crosswire.extract` of the same files at once.
Both use the desk's default embeddings (the int8 MiniLM). Bar: each order within .02 of the peer.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import crosswire
from bench_ecbplus import DEV_TOPICS, bcubed, read_document
from shared import ECB_PLUS, absent

BAR = 0.02


def write_pages(folder: Path) -> dict[str, str]:
    """The dev files as page dumps in `folder`; the gold subtopic of each page's path."""
    gold: dict[str, str] = {}
    for topic in DEV_TOPICS:
        for path in sorted((ECB_PLUS / str(topic)).glob("*.xml")):
            kind = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
            page = folder / f"{path.stem}.txt"
            page.write_text(read_document(path), encoding="utf-8")
            gold[str(page)] = f"{topic}{kind}"
    return gold


def desk_labels(pages: list[str], store: Path) -> tuple[dict[str, str], int]:
    """Each page's story in the desk, and how many pages it did not store (a page with no
    article text is a failed job there: it is scored as a story of its own)."""
    with crosswire.Desk(store) as desk:
        for page in pages:
            desk.ingest([page], annotate=False)
        labels = {source: story.key for story in desk.stories() for source in story.sources}
    unstored = [page for page in pages if page not in labels]
    return labels | {page: f"unstored {page}" for page in unstored}, len(unstored)


def peer_labels(pages: list[str]) -> dict[str, str]:
    results = crosswire.extract(sorted(pages))
    return {source: story.id for story in crosswire.stories(results) for source in story.articles}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=3, help="shuffled orders (seeds 1..N)")
    args = parser.parse_args()
    if absent("ECB+", ECB_PLUS):
        return 0
    with tempfile.TemporaryDirectory(prefix="crosswire-desk-ecb-") as scratch:
        folder = Path(scratch)
        gold = write_pages(folder)
        started = time.perf_counter()
        peer = bcubed(peer_labels(list(gold)), gold)
        print(f"ECB+ dev: {len(gold)} pages of {len(set(gold.values()))} subtopics")
        print(
            f"  crosswire stories, all at once   B3 P {peer[0]:.3f} R {peer[1]:.3f} "
            f"F1 {peer[2]:.3f}  {time.perf_counter() - started:.1f}s"
        )
        worst = 0.0
        for seed in range(1, args.orders + 1):
            pages = list(gold)
            random.Random(seed).shuffle(pages)
            started = time.perf_counter()
            labels, unstored = desk_labels(pages, folder / f"desk-{seed}.db")
            p, r, f1 = bcubed(labels, gold)
            worst = max(worst, abs(f1 - peer[2]))
            print(
                f"  desk, one ingest a page, order {seed}  B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}  "
                f"{time.perf_counter() - started:.1f}s  (F1 - peer {f1 - peer[2]:+.3f}; "
                f"{unstored} pages without article text not stored)"
            )
    verdict = "met" if worst <= BAR else "NOT met"
    print(f"bar: each order's B3 F1 within {BAR} of crosswire stories: {verdict} ({worst:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
