"""Scaling of `crosswire batch --stage annotate`: 1 worker against 2, and against plain annotate.

    .venv/bin/python benchmarks/bench_batch_scaling.py [--pages 2000] [--files 4]
        [--out out/bench/batch]   (~12 minutes at 2,000 pages on two shared cores)

Pages: 2,000 distinct ones, the development pages (batch_pile.development_pages: scrapinghub and
fundus HTML, ECB+ documents as text) and invented news pages (tests/batch/warcs.invented_pages)
to make up the number, shuffled and written into `--files` WARC files (cached under
out/bench/batch/scaling-<pages>/). `--pages N` takes the first N of them, for a quick run.

First `run_batch(files, stage="extract")` once: how many articles, how many exact copies the batch
drops (they are not annotated), and which. Then, on fresh outputs, `run_batch(files,
stage="annotate", num_cpus=1)` and `num_cpus=2`: annotate throughput = annotated articles / the
"annotate" seconds of the wave records (`_done/*.json`, summed over waves: from the end of
extraction to the last article written, so reading the staged rows and writing Parquet count),
and the whole run's wall time (Ray's start, extraction and stop included). Each batch runs in a
child process of its own, as the CLI runs it: in this process it shared a heap with the peer's
articles and spaCy, and sampling every process's memory cost CPU the two workers needed (the
2-worker figure was 1.42x here, 1.82x alone, 2026-12-03). The peer, in the same run:
`crosswire.pipeline.annotate(articles)` in this process, sequentially, on the same articles (read
with `pipeline.extract` first, not timed; the copies the batch drops left out; spaCy loaded before
the clock starts, as the batch's actors load it in their constructor).

Printed: articles/s of each, CPU seconds (the batch's: every process of the child's tree, Ray's
included, sampled every 0.5 s), and the load average before and after each measurement (the
machine is shared: a busy neighbour lowers the 2-worker figure most).
Bars (issue 15): 2 workers >= 1.6x the annotate throughput of 1 worker; batch with 1 worker
within 15% of sequential `crosswire annotate` (Ray's overhead).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.batch.warcs: the writer

from tests.batch.warcs import WarcPage, invented_pages, write_warc

from batch_pile import development_pages
from bench_batch_memory import RESULT, load_average, sampled_child
from crosswire import pipeline
from crosswire.batch.layout import Layout, committed_files
from crosswire.batch.run import run_batch
from crosswire.model import Article
from shared import DATA, absent

TOTAL_PAGES = 2000
SPEEDUP_BAR = 1.6
OVERHEAD_BAR = 0.15
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "out" / "bench" / "batch"


def scaling_pages(count: int) -> list[WarcPage]:
    """The first `count` of the TOTAL_PAGES pages: development pages and invented ones."""
    pages = development_pages()
    pages += invented_pages(max(0, TOTAL_PAGES - len(pages)))
    random.Random(0).shuffle(pages)
    return pages[:count]


def cached_files(folder: Path, count: int, files: int) -> list[str]:
    """The pages in `files` WARC files under `folder` (written unless there already)."""
    done = folder / "files.json"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        pages = scaling_pages(count)
        paths = []
        for n in range(files):
            path = folder / f"pages-{n:02d}.warc.gz"
            write_warc(path, pages[n * len(pages) // files : (n + 1) * len(pages) // files])
            paths.append(str(path.resolve()))
        done.write_text(json.dumps(paths), encoding="utf-8")
    listed: list[str] = json.loads(done.read_text(encoding="utf-8"))
    return listed


def copies_of(out: Path) -> set[str]:
    """The sources a batch output marks as copies of an article kept before them."""
    copies = set()
    for path in committed_files(Layout(out), "articles"):
        for row in pq.read_table(path, columns=["source", "duplicate_of"]).to_pylist():
            if row["duplicate_of"] is not None:
                copies.add(row["source"])
    return copies


def wave_seconds(out: Path, stage: str) -> float:
    """The seconds the committed waves of a batch output spent on `stage`."""
    records = [json.loads(p.read_text()) for p in (out / "_done").glob("*.json")]
    return sum(r["seconds"].get(stage, 0.0) for r in records)


def batch_child(out: str, workers: int, files: list[str]) -> None:
    """In the child: `run_batch(files, out, stage="annotate", num_cpus=workers)`, as the CLI
    runs it (a fresh process); its counts as JSON after RESULT on stdout."""
    summary = run_batch(files, out, stage="annotate", num_cpus=workers)
    print(RESULT + json.dumps({"articles": summary.articles, "duplicates": summary.duplicates}))


def measure_batch(files: list[str], out: Path, workers: int) -> dict[str, Any]:
    """One batch in a child process of its own, its tree's CPU sampled (not its memory: reading
    each process's PSS every 0.5 s costs CPU the two workers need)."""
    shutil.rmtree(out, ignore_errors=True)
    before = load_average()
    arguments = ["--child", str(out), str(workers), *files]
    result, sampler, wall = sampled_child(
        arguments, out.with_suffix(".child.log"), script=Path(__file__), memory=False
    )
    annotated = result["articles"] - result["duplicates"]
    seconds = wave_seconds(out, "annotate")
    rate = annotated / seconds
    print(
        f"batch {workers} worker{'s' if workers > 1 else ' '}: {annotated} articles annotated in "
        f"{seconds:6.1f}s = {rate:5.2f} articles/s (extract {wave_seconds(out, 'extract'):.0f}s, "
        f"whole run {wall:.0f}s wall, CPU {sampler.cpu:.0f}s); load {before} -> {load_average()}"
    )
    return {"rate": rate, "annotated": annotated}


def measure_sequential(articles: list[Article]) -> float:
    from crosswire.annotate.spacy_model import load_nlp

    load_nlp()  # before the clock, as an actor loads it in its constructor
    before = load_average()
    started, cpu = time.perf_counter(), time.process_time()
    pipeline.annotate(articles)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rate = len(articles) / seconds
    print(
        f"sequential pipeline.annotate: {len(articles)} articles in {seconds:6.1f}s = "
        f"{rate:5.2f} articles/s (CPU {cpu:.0f}s); load {before} -> {load_average()}"
    )
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=TOTAL_PAGES, help="pages (quick: 200)")
    parser.add_argument("--files", type=int, default=4, help="WARC files the pages are in")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="pages and batch outputs")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)  # OUT WORKERS FILE...
    args = parser.parse_args()
    if args.child:
        batch_child(args.child[0], int(args.child[1]), args.child[2:])
        return 0
    if absent("the development pages", DATA):
        return 0
    out = args.out.resolve()
    files = cached_files(out / f"scaling-{args.pages}", args.pages, args.files)
    extracted_out = out / f"scaling-{args.pages}-extract"
    shutil.rmtree(extracted_out, ignore_errors=True)
    summary = run_batch(files, extracted_out, stage="extract")
    copies = copies_of(extracted_out)
    print(
        f"pages: {args.pages} in {len(files)} files; batch extract: {summary.articles} articles, "
        f"{summary.duplicates} exact copies dropped, {sum(summary.failures.values())} failures "
        f"({dict(summary.failures)}); {summary.seconds.get('extract', 0):.0f}s"
    )
    results = pipeline.extract(files)
    articles = [r for r in results if isinstance(r, Article) and r.source not in copies]
    sequential = measure_sequential(articles)
    one = measure_batch(files, out / f"scaling-{args.pages}-1w", 1)
    two = measure_batch(files, out / f"scaling-{args.pages}-2w", 2)
    if one["annotated"] != len(articles) or two["annotated"] != len(articles):
        print(f"  note: the batch annotated {one['annotated']}, sequential {len(articles)}")
    speedup = two["rate"] / one["rate"]
    overhead = 1 - one["rate"] / sequential
    print(
        f"bar: 2 workers / 1 worker = {speedup:.2f}x (>= {SPEEDUP_BAR}x: "
        f"{'met' if speedup >= SPEEDUP_BAR else 'NOT met'})"
    )
    print(
        f"bar: batch 1 worker {one['rate']:.2f} vs sequential {sequential:.2f} articles/s = "
        f"{-overhead:+.0%} (within {OVERHEAD_BAR:.0%}: "
        f"{'met' if overhead <= OVERHEAD_BAR else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
