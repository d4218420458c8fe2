"""`run_batch`: an archive through the whole job on Ray Data, resumable, with a summary.

    from crosswire.batch import run_batch

    summary = run_batch(["crawl/*.warc.gz"], "out/batch")   # all cores of this machine
    summary = run_batch(["s3://bucket/cc-news/"], "out/batch", address="auto")

The record stages (extract, annotate) run wave by wave over the shards not yet finished (a re-run
over the same output resumes); the archive stages (stories, dossiers) then run over everything
committed. `stage` stops after the stage it names.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosswire.batch.cluster import check_ray_options, ray_session
from crosswire.batch.dossiers import build_dossiers
from crosswire.batch.grouping import group_archive_stories
from crosswire.batch.layout import (
    STAGES,
    Layout,
    committed_waves,
    finished_shards,
    open_layout,
    remove_uncommitted,
)
from crosswire.batch.shards import Shard, list_shards, waves
from crosswire.batch.waves import WaveSettings, actor_cpus, run_wave, seen_before
from crosswire.budget import PAGE_TIMEOUT
from crosswire.compare.embeddings import EMBEDDINGS
from crosswire.errors import ConfigError

log = logging.getLogger(__name__)

# Told as work gets done: the step, how much of it is done, and of how much (None: not known).
BatchProgress = Callable[[str, int, int | None], None]
READING = "reading, extracting and annotating the input files"
EXTRACTING = "reading and extracting the input files"
GROUPING = "grouping the archive into stories"
DOSSIERS = "building dossiers"


def _quiet(step: str, done: int, total: int | None) -> None:
    """The progress of a caller that does not follow it."""


@dataclass(slots=True)
class BatchSummary:
    """What a batch output holds (every committed wave, this run's and earlier ones') and how
    long this run's stages took."""

    out: Path
    shards: int = 0
    shards_done_before: int = 0
    records: int = 0
    articles: int = 0
    duplicates: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    stories: int | None = None
    dossiers: int | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def add_wave(self, record: dict[str, Any]) -> None:
        self.records += record["records"]
        self.articles += record["articles"]
        self.duplicates += record["duplicates"]
        self.failures.update(record["failures"])

    def add_seconds(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + seconds, 3)


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    *,
    stage: str = "dossiers",
    address: str | None = None,
    num_cpus: int | None = None,
    page_timeout: float | None = PAGE_TIMEOUT,
    embeddings: str = "minilm",
    progress_bars: bool = False,
    on_progress: BatchProgress = _quiet,
) -> BatchSummary:
    """Take the inputs (WARC, WARC.gz, JSONL, pages; folders, globs, URIs pyarrow reads) through
    the job up to `stage`, writing Parquet under `out`; resume where a run over `out` stopped.
    ConfigError for bad arguments or an `out` that holds something else."""
    if not inputs:
        raise ConfigError("give at least one input (a WARC, a JSONL, a folder or a glob)")
    if page_timeout is not None and not page_timeout > 0:
        raise ConfigError(f"page_timeout must be a positive number of seconds, not {page_timeout}")
    if embeddings not in EMBEDDINGS:  # found now, not when the stories stage comes, hours later
        raise ConfigError(f"unknown embeddings {embeddings!r}: use one of {', '.join(EMBEDDINGS)}")
    check_ray_options(address, num_cpus)  # before anything is written
    shards = list_shards(inputs)
    layout = open_layout(Path(out), stage=stage, inputs=list(inputs))
    remove_uncommitted(layout)
    done = finished_shards(layout)
    pending = [s for s in shards if s.id not in done]
    summary = BatchSummary(
        layout.root, shards=len(shards), shards_done_before=len(shards) - len(pending)
    )
    with ray_session(address, num_cpus, progress=progress_bars) as cpus:
        workers = max(1, int(cpus))
        settings = WaveSettings(
            annotate=stage != "extract",
            workers=workers,
            actor_cpus=actor_cpus(cpus, workers),
            page_timeout=page_timeout,
        )
        _record_stages(layout, pending, settings, summary, on_progress)
        if STAGES.index(stage) >= STAGES.index("stories"):
            _archive_stages(layout, stage, embeddings, settings, summary, on_progress)
    for record in committed_waves(layout).values():
        summary.add_wave(record)
    log.info("batch into %s: %s", layout.root, summary)
    return summary


def _record_stages(
    layout: Layout,
    pending: list[Shard],
    settings: WaveSettings,
    summary: BatchSummary,
    on_progress: BatchProgress,
) -> None:
    seen = seen_before(layout)
    total = len(pending)
    finished = 0
    step = READING if settings.annotate else EXTRACTING
    on_progress(step, 0, total)
    for wave in waves(pending):
        record = run_wave(layout, wave, seen, settings)
        for stage, seconds in record["seconds"].items():
            summary.add_seconds(stage, seconds)
        finished += len(wave)
        on_progress(step, finished, total)


def _archive_stages(
    layout: Layout,
    stage: str,
    embeddings: str,
    settings: WaveSettings,
    summary: BatchSummary,
    on_progress: BatchProgress,
) -> None:
    started = time.monotonic()
    on_progress(GROUPING, 0, None)
    summary.stories = group_archive_stories(layout, embeddings=embeddings, workers=settings.workers)
    summary.add_seconds("stories", time.monotonic() - started)
    if stage == "dossiers":
        started = time.monotonic()
        on_progress(DOSSIERS, 0, None)
        summary.dossiers = build_dossiers(layout, embeddings=embeddings, workers=settings.workers)
        summary.add_seconds("dossiers", time.monotonic() - started)
