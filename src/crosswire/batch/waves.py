"""One wave of shards through the record-by-record stages: read, extract, drop duplicates,
annotate, write.

    shards ─ read (generator, streams) ─ extract (tasks, a time limit per page)
           ─> _staging/<wave>/extracted/*.parquet
    duplicates: decided on the driver from three columns of the staged rows
    staged ─ annotate (actors, spaCy loaded once each) ─> articles/<wave>   failures/<wave>

Extraction is staged on disk before annotation because which copy of a duplicate is kept must
not depend on which worker finished first: the driver decides from the whole wave, in source
order (and against every wave committed before), then annotation skips the copies.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow.dataset as pads
import pyarrow.parquet as pq

from crosswire.batch.layout import DIGITS, Layout, commit_wave, committed_files, natural_key
from crosswire.batch.output import FAILURE_SCHEMA
from crosswire.batch.shards import Shard, wave_name
from crosswire.batch.steps import (
    AnnotateTable,
    extract_shards,
    marked_files,
    unannotated_table,
)
from crosswire.budget import PAGE_TIMEOUT

log = logging.getLogger(__name__)

# Articles per annotation batch: spaCy parses them together (its own batch size is 32).
ANNOTATE_ROWS = 32
# Reading and writing are light beside extraction and annotation: they ask for a sliver of a CPU,
# and run in few tasks at once: each task runs in a worker process of its own that imports
# crosswire (about 150 MB), and Ray ran twenty slivers at once on 2 CPUs (3.7 GB of processes
# for 2,000 records, benchmarks/bench_batch_memory.py).
LIGHT_CPUS = 0.1
LIGHT_SHARE = 4  # one light task at a time per this many CPUs (at least one)
FILE_ROWS = 256  # rows per Parquet file of articles/ at least (Ray's small blocks gathered)
# An annotation actor or an extraction task asks Ray for half a CPU (it uses a whole one), so that
# N of them on N CPUs leave room for the rest of the dataset: with whole CPUs, Ray Data's listing
# of Parquet files (a task asking for a whole CPU) waited forever behind 2 actors on 2 CPUs, and
# the light writer's sliver left room for one extraction task on 2 CPUs.
ACTOR_CPUS = 0.5


@dataclass(slots=True)
class Seen:
    """The articles kept so far, by text hash and by address: what a later copy duplicates."""

    by_text: dict[str, str] = field(default_factory=dict)
    by_url: dict[str, str] = field(default_factory=dict)

    def duplicate_of(self, article_id: str, url_key: str | None, text_hash: str) -> str | None:
        """The id of the article this one copies, or None (and then it is kept from now on)."""
        kept = self.by_text.get(text_hash) or (self.by_url.get(url_key) if url_key else None)
        if kept is None:
            self.by_text[text_hash] = article_id
            if url_key:
                self.by_url.setdefault(url_key, article_id)
        return kept


def actor_cpus(cpus: float, workers: int) -> float:
    """The CPUs one of `workers` actors asks for: ACTOR_CPUS, less where a whole CPU would not
    be left for the rest (with one CPU the actor asks for none, else the run waits forever)."""
    return min(ACTOR_CPUS, max(0.0, cpus - 1.0) / workers)


def light_tasks(workers: int) -> int:
    """How many light tasks (reading, marking, writing) run at once."""
    return max(1, workers // LIGHT_SHARE)


@dataclass(frozen=True, slots=True)
class WaveSettings:
    annotate: bool
    workers: int
    actor_cpus: float
    page_timeout: float | None = PAGE_TIMEOUT


def seen_before(layout: Layout) -> Seen:
    """The articles kept by committed waves."""
    seen = Seen()
    columns = ["article_id", "url_key", "text_hash", "duplicate_of", "source"]
    for path in committed_files(layout, "articles"):
        table = pq.read_table(path, columns=columns).to_pylist()
        for row in sorted(table, key=lambda r: natural_key(r["source"])):
            if row["duplicate_of"] is None:
                seen.duplicate_of(row["article_id"], row["url_key"], row["text_hash"])
    return seen


def run_wave(
    layout: Layout, shards: Sequence[Shard], seen: Seen, settings: WaveSettings
) -> dict[str, Any]:
    """Take the shards through extraction (and annotation), commit them; the wave's record."""
    import ray
    import ray.data

    wave = wave_name(shards)
    staged = layout.wave_staging(wave)
    started = time.monotonic()
    shard_rows = [{"id": s.id, "path": s.path} for s in shards]
    (
        ray.data.from_items(shard_rows, override_num_blocks=len(shard_rows))
        # A shard a task, `workers` at once, each asking for the actors' share of a CPU (with a
        # whole CPU each, bench_batch_memory.py ran at one core's pace on 2 CPUs).
        .map_batches(
            extract_shards,
            batch_size=1,
            batch_format="pyarrow",
            num_cpus=settings.actor_cpus,
            compute=ray.data.TaskPoolStrategy(size=settings.workers),
            fn_kwargs={"page_timeout": settings.page_timeout},
        )
        .write_parquet(
            str(staged / "extracted"), **light_writes(settings.workers, max_rows=ANNOTATE_ROWS)
        )
    )
    extracted = time.monotonic()
    counts, duplicates = _triage(staged / "extracted", seen)
    _write_failures(staged / "extracted", staged / "failures")
    reference = ray.put(duplicates)
    files = [{"path": str(p)} for p in sorted((staged / "extracted").glob("*.parquet"))]
    # One block per staged file (ANNOTATE_ROWS rows): blocks are what Ray shares out among the
    # actors. Read by crosswire's own light tasks, not by read_parquet and a repartition: the
    # repartition's one process held 0.8 GB for 2,000 records (bench_batch_memory.py).
    rows = ray.data.from_items(files, override_num_blocks=max(1, len(files))).map_batches(
        partial(marked_files, duplicates=reference),
        batch_size=1,
        batch_format="pyarrow",
        num_cpus=LIGHT_CPUS,
        compute=ray.data.TaskPoolStrategy(size=light_tasks(settings.workers)),
    )
    if settings.annotate:
        rows = rows.map_batches(
            AnnotateTable,
            batch_size=ANNOTATE_ROWS,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=settings.workers),
            num_cpus=settings.actor_cpus,
            fn_constructor_kwargs={"page_timeout": settings.page_timeout},
        )
    else:
        rows = rows.map_batches(
            unannotated_table,
            batch_format="pyarrow",
            num_cpus=LIGHT_CPUS,
            compute=ray.data.TaskPoolStrategy(size=light_tasks(settings.workers)),
        )
    rows.write_parquet(
        str(staged / "articles"), min_rows_per_file=FILE_ROWS, **light_writes(settings.workers)
    )
    finished = time.monotonic()
    record = {
        "shards": [s.id for s in shards],
        "paths": [s.path for s in shards],
        **counts,
        "seconds": {
            "extract": round(extracted - started, 3),
            "annotate" if settings.annotate else "write": round(finished - extracted, 3),
        },
    }
    commit_wave(layout, wave, record)
    return record


def light_writes(workers: int, max_rows: int = FILE_ROWS) -> dict[str, Any]:
    """How Parquet is written: by a few light tasks at once, in files of at most `max_rows` rows
    (a file is what one reading task holds in memory)."""
    return {
        "ray_remote_args": {"num_cpus": LIGHT_CPUS},
        "concurrency": light_tasks(workers),
        "max_rows_per_file": max_rows,
    }


def _triage(extracted: Path, seen: Seen) -> tuple[dict[str, Any], dict[str, str]]:
    """The wave's counts, and its duplicates (article id -> the id of the one kept), decided in
    source order after every article kept before."""
    columns = ["kind", "source", "stage", "reason", "article_id", "url_key", "text_hash"]
    table = pads.dataset(str(extracted), format="parquet").to_table(columns=columns)
    rows = sorted(table.to_pylist(), key=lambda r: natural_key(r["source"]))
    failures: Counter[str] = Counter()
    duplicates: dict[str, str] = {}
    for row in rows:
        if row["kind"] == "failure":
            failures[f"{row['stage']}: {reason_kind(row['reason'])}"] += 1
            continue
        kept = seen.duplicate_of(row["article_id"], row["url_key"], row["text_hash"])
        if kept is not None:
            duplicates[row["article_id"]] = kept
    articles = sum(1 for r in rows if r["kind"] == "article")
    counts = {
        "records": len(rows),
        "articles": articles,
        "duplicates": len(duplicates),
        "failures": dict(failures),
    }
    return counts, duplicates


def _write_failures(extracted: Path, target: Path) -> None:
    """The failure rows of the staged wave, as `failures/` rows (none: no file)."""
    dataset = pads.dataset(str(extracted), format="parquet")
    table = dataset.to_table(
        columns=["source", "shard", "stage", "reason"], filter=pads.field("kind") == "failure"
    )
    if table.num_rows:
        target.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.cast(FAILURE_SCHEMA), target / "failures.parquet")


def reason_kind(reason: str | None) -> str:
    """A failure's reason without the parts that differ record by record (sizes, offsets), so
    that the summary counts failures by kind."""
    text = DIGITS.sub("N", reason or "unknown")
    return text.split(" (", 1)[0][:80]
