"""`crosswire batch` gives what the library gives: the same articles, stories and facts.

    .venv/bin/python benchmarks/bench_batch_equivalence.py [--out out/bench/batch/equivalence]
        [--no-ecbplus] [--reuse]   (~10 minutes on two shared cores)

Inputs: the three seed pages (../shared/seeds/*.txt, read in place under their absolute paths)
and a WARC of the ECB+ development documents (batch_pile.ecbplus_dev_pile: one text/plain record
per document, 197 of them). The batch runs over them to the end (`run_batch(..., stage=
"dossiers", embeddings="minilm")`, a local Ray on this machine's cores). The peer, in the same
run, is the library on the same absolute inputs (so that sources match): `pipeline.extract`,
`pipeline.annotate`, `pipeline.stories(results, embeddings="minilm")` (as `crosswire stories`,
on the extracted articles), and, for each story the batch made a dossier of,
`pipeline.make_dossier(<that story's articles as the library extracted them>, keep_all=True)`
(as `crosswire dossier` on that story's pages).

Measured:
- articles: the batch rows whose `article_json` equals the library's `article_to_dict` of the same
  source (annotated; a copy the batch marks `duplicate_of` is not annotated, and is compared with
  the library's extracted article), n/N, with the first differences;
- stories: B-cubed F1 of the batch's stories (a copy in its original's story, as stories.parquet
  lists it) against the library's, and of both against the ECB+ gold subtopics;
- facts: per dossier, whether the multiset of (statement, independent_outlets) of its facts equals
  the library dossier's, n/N stories; the Jaccard of the statements when not.
Bar (issue 15): every article equal, B-cubed >= .99 against `crosswire stories`, the same facts
per story as `crosswire dossier`. Without ../shared: skipped, exit 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from batch_pile import ecbplus_dev_pile
from bench_batch_memory import load_average
from bench_ecbplus import bcubed
from crosswire import pipeline
from crosswire.batch.layout import Layout, committed_files
from crosswire.batch.run import run_batch
from crosswire.model import Article
from crosswire.report.article_json import article_to_dict
from shared import ECB_PLUS, SEEDS, absent

B3_BAR = 0.99
SHOWN_DIFFERENCES = 5
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "out" / "bench" / "batch" / "equivalence"


def batch_articles(out: Path) -> dict[str, dict[str, Any]]:
    """The committed article rows of a batch output, by source."""
    columns = ["source", "article_id", "duplicate_of", "annotated", "article_json"]
    rows: dict[str, dict[str, Any]] = {}
    for path in committed_files(Layout(out), "articles"):
        for row in pq.read_table(path, columns=columns).to_pylist():
            rows[row["source"]] = row
    return rows


def batch_stories(out: Path) -> dict[str, str]:
    """source -> story id, copies with their original (as stories.parquet lists them)."""
    table = pq.read_table(out / "stories" / "stories.parquet", columns=["story_id", "sources"])
    return {s: row["story_id"] for row in table.to_pylist() for s in row["sources"]}


def batch_dossiers(out: Path) -> list[dict[str, Any]]:
    """The dossiers the batch wrote (as `crosswire dossier -f json` writes them), with story id."""
    index = pq.read_table(out / "dossiers" / "index.parquet").to_pylist()
    found = []
    for row in index:
        if row["error"] is not None:
            print(f"  batch dossier of {row['story_id']} failed: {row['error']}")
            continue
        content = json.loads((out / "dossiers" / row["file"]).read_text(encoding="utf-8"))
        found.append({"story_id": row["story_id"], **content})
    return found


def compare_articles(
    rows: dict[str, dict[str, Any]], extracted: dict[str, Article], annotated: dict[str, Article]
) -> None:
    equal = 0
    differences: list[str] = []
    for source in sorted(set(rows) | set(extracted)):
        row = rows.get(source)
        if row is None or source not in extracted:
            differences.append(f"{source}: only in {'the library' if row is None else 'batch'}")
            continue
        peer = annotated[source] if row["duplicate_of"] is None else extracted[source]
        ours, theirs = json.loads(row["article_json"]), article_to_dict(peer)
        if ours == theirs:
            equal += 1
        else:
            differences.append(f"{source}: {_first_difference(ours, theirs)}")
    total = len(set(rows) | set(extracted))
    copies = sum(1 for r in rows.values() if r["duplicate_of"] is not None)
    print(f"articles: {equal}/{total} article_json equal to the library's ({copies} copies)")
    for line in differences[:SHOWN_DIFFERENCES]:
        print(f"  differs: {line}")
    if len(differences) > SHOWN_DIFFERENCES:
        print(f"  ... and {len(differences) - SHOWN_DIFFERENCES} more")


def _first_difference(ours: Any, theirs: Any, path: str = "") -> str:
    """Where two JSON values first differ, and how (a short path and both values)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if ours.get(key) != theirs.get(key):
                return _first_difference(ours.get(key), theirs.get(key), f"{path}.{key}")
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return f"{path}: {len(ours)} items in batch, {len(theirs)} in the library"
        for n, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}[{n}]")
    return f"{path}: batch {str(ours)[:80]!r} vs library {str(theirs)[:80]!r}"


def compare_stories(batch: dict[str, str], library: dict[str, str], gold: dict[str, str]) -> float:
    common = {s: library[s] for s in library if s in batch}
    if len(common) != len(library) or len(common) != len(batch):
        print(f"  stories: {len(batch)} sources in batch, {len(library)} in the library")
    precision, recall, f1 = bcubed(batch, common)
    verdict = "met" if f1 >= B3_BAR else "NOT met"
    print(
        f"stories: batch {len(set(batch.values()))}, library {len(set(library.values()))}; "
        f"B3 batch vs library P {precision:.3f} R {recall:.3f} F1 {f1:.3f} "
        f"(bar >= {B3_BAR}: {verdict})"
    )
    if gold:
        batch_f1 = bcubed(batch, gold)[2]
        library_f1 = bcubed(library, gold)[2]
        print(
            f"  against the ECB+ gold subtopics ({len(gold)} documents): "
            f"batch B3 F1 {batch_f1:.3f}, library B3 F1 {library_f1:.3f}"
        )
    return f1


def fact_multiset(dossier: dict[str, Any]) -> Counter[tuple[str, int]]:
    return Counter((f["statement"], f["independent_outlets"]) for f in dossier["facts"])


def compare_facts(dossiers: list[dict[str, Any]], extracted: dict[str, Article]) -> float:
    """Each batch dossier's facts against make_dossier on its story's articles; seconds the
    library took."""
    from crosswire.report.dossier_json import dossier_to_dict

    equal = 0
    seconds = 0.0
    for ours in dossiers:
        sources = [a["source"] for a in ours["articles"]]
        started = time.perf_counter()
        dossier = pipeline.make_dossier(
            [extracted[s] for s in sources], keep_all=True, embeddings="minilm"
        )
        seconds += time.perf_counter() - started
        theirs = dossier_to_dict(dossier)
        mine, peer = fact_multiset(ours), fact_multiset(theirs)
        if mine == peer:
            equal += 1
            verdict = "equal"
        else:
            statements = {s for s, _ in mine}, {s for s, _ in peer}
            union = statements[0] | statements[1]
            jaccard = len(statements[0] & statements[1]) / len(union) if union else 1.0
            verdict = f"DIFFER (statement Jaccard {jaccard:.3f})"
        print(
            f"  story {ours['story_id']} ({len(sources)} articles): batch {sum(mine.values())} "
            f"facts, library {sum(peer.values())}: {verdict}"
        )
    print(f"facts: {equal}/{len(dossiers)} stories with the same facts as `crosswire dossier`")
    return seconds


def run(inputs: Sequence[str], out: Path, gold_by_url: dict[str, str], args: Any) -> int:
    batch_out = out / "run"
    if not args.reuse and batch_out.exists():
        shutil.rmtree(batch_out)
    print(f"load average before: {load_average()}")
    started = time.perf_counter()
    summary = run_batch(inputs, batch_out, stage="dossiers", embeddings="minilm")
    batch_seconds = time.perf_counter() - started
    stages = ", ".join(f"{k} {v:.0f}s" for k, v in summary.seconds.items())
    print(
        f"batch: {summary.records} records, {summary.articles} articles, {summary.duplicates} "
        f"copies, {sum(summary.failures.values())} failures, {summary.stories} stories, "
        f"{summary.dossiers} dossiers in {batch_seconds:.0f}s ({stages}); load {load_average()}"
    )
    started = time.perf_counter()
    results = pipeline.extract(list(inputs))
    extracted = {r.source: r for r in results if isinstance(r, Article)}
    annotated = {a.source: a for a in pipeline.annotate(list(extracted.values()))}
    library = pipeline.stories(results, embeddings="minilm")
    library_seconds = time.perf_counter() - started
    print(
        f"library: {len(results)} results, {len(extracted)} articles, {len(library)} stories "
        f"in {library_seconds:.0f}s (extract, annotate, stories); load {load_average()}"
    )
    compare_articles(batch_articles(batch_out), extracted, annotated)
    library_of = {s: story.id for story in library for s in story.articles}
    gold = {a.source: gold_by_url[a.url] for a in extracted.values() if a.url in gold_by_url}
    compare_stories(batch_stories(batch_out), library_of, gold)
    seconds = compare_facts(batch_dossiers(batch_out), extracted)
    print(f"library dossiers: {seconds:.0f}s; load after {load_average()}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="outputs and the pile")
    parser.add_argument("--no-ecbplus", action="store_true", help="the seeds only (quick)")
    parser.add_argument("--reuse", action="store_true", help="keep an earlier batch output")
    args = parser.parse_args()
    if absent("the seed pages", SEEDS):
        return 0
    inputs = [os.path.abspath(p) for p in sorted(SEEDS.glob("*.txt"))]
    gold_by_url: dict[str, str] = {}
    if not args.no_ecbplus and not absent("the ECB+ corpus", ECB_PLUS):
        pile = (args.out / "ecbplus-dev.warc.gz").resolve()
        gold_by_url = ecbplus_dev_pile(pile)
        inputs.append(str(pile))
        print(f"inputs: {len(inputs) - 1} seed pages and {pile} ({len(gold_by_url)} documents)")
    return run(inputs, args.out.resolve(), gold_by_url, args)


if __name__ == "__main__":
    sys.exit(main())
