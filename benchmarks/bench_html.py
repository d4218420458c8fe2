"""HTML-mode benchmark: crosswire's HTML extraction next to trafilatura on the scrapinghub HTML set.

Run from the repo root: `.venv/bin/python benchmarks/bench_html.py`. Reads
../shared/data/scrapinghub/{html/*.html.gz, ground-truth.json, reference-outputs/trafilatura.json};
prints (1) the scorer's reproduction of trafilatura's published .958 from its reference outputs,
(2) F1/P/R of crosswire HTML mode and of trafilatura 2.x run live in this process, and (3) the speed
of both, measured side by side (page by page, alternating, pinned to one core; the median
of 3 rounds, since the machine is shared; crosswire's memo caches are emptied before each).
Bars (issue 2): F1 >= .958; crosswire no slower than 1.5x trafilatura alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import trafilatura

from crosswire.extract.htmlmode import HtmlExtraction, extract_html
from crosswire.model import LineLabel
from scoring import Score, score_corpus
from shared import SCRAPINGHUB, absent

F1_BAR = 0.958
SPEED_BAR = 1.5  # crosswire may take at most this many times trafilatura's time


def load_pages(data: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str | None]]:
    """Gold bodies, page HTML and page URLs by document id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {key: entry["articleBody"] for key, entry in truth.items()}
    urls = {key: entry.get("url") for key, entry in truth.items()}
    pages = {}
    for key in gold:
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        pages[key] = raw.decode("utf-8", errors="replace")
    return gold, pages, urls


def reference_score(data: Path, gold: dict[str, str]) -> Score:
    ref = json.loads((data / "reference-outputs" / "trafilatura.json").read_text(encoding="utf-8"))
    outputs = ref.get("output", ref)
    return score_corpus(gold, {key: v.get("articleBody") or "" for key, v in outputs.items()})


CROSSWIRE = "crosswire html mode"
KEPT_APART = (LineLabel.BODY, LineLabel.CAPTION, LineLabel.EMBED)
extractions: dict[str, HtmlExtraction] = {}  # by html, to score the captions/embeds variant


def crosswire_body(html: str, url: str | None) -> str:
    extraction = extract_html(html, url=url)
    extractions[html] = extraction
    return extraction.body_text()


def trafilatura_body(html: str, url: str | None) -> str:
    return trafilatura.extract(html, url=url) or ""


def with_captions_and_embeds(html: str) -> str:
    """crosswire's body with captions and embeds put back (the gold bodies hold tweets)."""
    lines = extractions[html].lines
    return "\n".join(line.text for line in lines if line.label in KEPT_APART)


def run_side_by_side(
    systems: Mapping[str, Callable[[str, str | None], str]],
    pages: dict[str, str],
    urls: dict[str, str | None],
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Each page through every system in turn, so both meet the same machine load."""
    outputs: dict[str, dict[str, str]] = {name: {} for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for key, html in pages.items():
        for name, system in systems.items():
            began = time.perf_counter()
            outputs[name][key] = system(html, urls[key])
            seconds[name] += time.perf_counter() - began
    return outputs, seconds


def line(name: str, score: Score, pages_per_second: float | None = None) -> str:
    speed = f"  {pages_per_second:6.1f} pages/s" if pages_per_second else ""
    return f"{name:<34} F1 {score.f1:.3f}  P {score.precision:.3f}  R {score.recall:.3f}{speed}"


def clear_crosswire_caches() -> None:
    """Empty crosswire's memo caches, so a round gains nothing from having seen these pages."""
    for name, module in list(sys.modules.items()):
        if name.startswith("crosswire"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def report_bars(f1: float, ratio: float) -> None:
    print(f"median time ratio crosswire/trafilatura: {ratio:.2f}x (bar <= {SPEED_BAR}x)")
    print(
        f"bars: F1 {'PASS' if f1 >= F1_BAR else 'FAIL'} ({f1:.3f} vs {F1_BAR}), "
        f"speed {'PASS' if ratio <= SPEED_BAR else 'FAIL'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SCRAPINGHUB, help="scrapinghub data folder")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (median is kept)")
    args = parser.parse_args()
    if absent("the extraction benchmark's HTML pages", args.data / "ground-truth.json"):
        return 0
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    gold, pages, urls = load_pages(args.data)
    print(f"scrapinghub HTML: {len(gold)} pages")
    print(line("trafilatura reference outputs", reference_score(args.data, gold)))
    for key, html in list(pages.items())[:3]:  # warm up imports and lazy models of both
        crosswire_body(html, urls[key]), trafilatura_body(html, urls[key])
    systems: dict[str, Callable[[str, str | None], str]] = {
        CROSSWIRE: crosswire_body,
        f"trafilatura {trafilatura.__version__} (live)": trafilatura_body,
    }
    rounds = []
    for _ in range(max(args.rounds, 1)):
        clear_crosswire_caches()
        rounds.append(run_side_by_side(systems, pages, urls))
    outputs = rounds[0][0]
    seconds = {name: statistics.median(r[1][name] for r in rounds) for name in systems}
    scores = {name: score_corpus(gold, outputs[name]) for name in systems}
    for name in systems:
        print(line(name, scores[name], len(pages) / seconds[name]))
    inclusive = {key: with_captions_and_embeds(html) for key, html in pages.items()}
    print(line("  (crosswire, captions+embeds as body)", score_corpus(gold, inclusive)))
    ratios = [r[1][CROSSWIRE] / min(r[1].values()) for r in rounds]
    print("time ratio per round: " + ", ".join(f"{ratio:.2f}x" for ratio in ratios))
    report_bars(scores[CROSSWIRE].f1, statistics.median(ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
