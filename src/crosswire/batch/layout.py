"""The batch output directory: where each kind of result goes, and how a wave is committed.

    DIR/batch.json                  what made it (crosswire version, stage, inputs)
    DIR/articles/<wave>/*.parquet   one row per extracted article (duplicates marked)
    DIR/failures/<wave>/*.parquet   one row per record that gave no article, with the reason
    DIR/stories/stories.parquet     the stories (stage "stories")
    DIR/dossiers/<story>.json       a dossier per story of two outlets or more, and index.parquet
    DIR/_done/<wave>.json           the commit record of a wave: its shards and its counts

Exactly once: a wave's results are written under `DIR/_staging/<wave>/`, moved into
`articles/<wave>` and `failures/<wave>`, and only then committed by writing `_done/<wave>.json`
(atomically). A wave directory without its commit record is what a killed run left: the next run
removes it before doing anything, and its shards are done again. Readers (pandas, DuckDB, Spark)
read `articles/*/*.parquet`; a run in progress may show a wave's files a moment before its commit.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosswire import __version__
from crosswire.atomic_files import write_atomically
from crosswire.errors import ConfigError

log = logging.getLogger(__name__)

MARKER = "batch.json"
STAGES = ("extract", "annotate", "stories", "dossiers")
# The stages done record by record, wave by wave (the later ones work on the whole archive).
ROW_STAGES = ("extract", "annotate")
DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True, slots=True)
class Layout:
    """The paths of one batch output directory."""

    root: Path

    @property
    def marker(self) -> Path:
        return self.root / MARKER

    @property
    def articles(self) -> Path:
        return self.root / "articles"

    @property
    def failures(self) -> Path:
        return self.root / "failures"

    @property
    def stories(self) -> Path:
        return self.root / "stories"

    @property
    def dossiers(self) -> Path:
        return self.root / "dossiers"

    @property
    def done(self) -> Path:
        return self.root / "_done"

    @property
    def staging(self) -> Path:
        return self.root / "_staging"

    def wave_staging(self, wave: str) -> Path:
        return self.staging / wave


def row_stage(stage: str) -> str:
    """The record-by-record stage a run goes to: annotate for every stage past it."""
    return "extract" if stage == "extract" else "annotate"


def open_layout(root: Path, *, stage: str, inputs: list[str]) -> Layout:
    """The output directory, made if new. An existing one must be a batch output whose records
    were taken as far as this run takes them (resuming an extract-only output with annotation
    would leave its finished waves unannotated): ConfigError otherwise."""
    if stage not in STAGES:
        raise ConfigError(f"unknown stage {stage!r}: choose one of {', '.join(STAGES)}")
    layout = Layout(root)
    if root.exists() and not root.is_dir():
        raise ConfigError(f"{root} is a file, not an output directory")
    if root.exists() and any(root.iterdir()):
        made = read_marker(layout)
        if committed_waves(layout) and row_stage(made.get("stage", "")) != row_stage(stage):
            raise ConfigError(
                f"{root} holds records taken to the {row_stage(made.get('stage', ''))} stage; "
                f"this run takes them to {row_stage(stage)}: use another --out, or the same "
                "--stage as before"
            )
    root.mkdir(parents=True, exist_ok=True)
    write_marker(layout, {"crosswire": __version__, "stage": stage, "inputs": inputs})
    return layout


def read_marker(layout: Layout) -> dict[str, Any]:
    """What batch.json says; ConfigError when the directory is no batch output."""
    try:
        made = json.loads(layout.marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{layout.root} is not a crosswire batch output (no {MARKER}); give an empty or "
            "new directory to --out"
        ) from None
    except (OSError, ValueError) as error:  # a UnicodeDecodeError is a ValueError
        raise ConfigError(
            f"{layout.marker} cannot be read as a batch run's record: {error}"
        ) from error
    if not isinstance(made, dict):
        raise ConfigError(f"{layout.marker} is not a batch run's record (no JSON object)")
    return made


def natural_key(source: str) -> tuple[Any, ...]:
    """Names in reading order, numbers as numbers: "a.warc#offset=900" before
    "a.warc#offset=1200", part-9 before part-10."""
    return tuple(int(part) if part.isdigit() else part for part in DIGITS.split(source))


def write_marker(layout: Layout, content: dict[str, Any]) -> None:
    write_atomically(layout.marker, json.dumps(content, indent=2, sort_keys=True) + "\n")


def committed_waves(layout: Layout) -> dict[str, dict[str, Any]]:
    """The commit record of every committed wave, by wave name."""
    records = {}
    for path in sorted(layout.done.glob("*.json")):
        try:
            records[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(f"{path} is unreadable: {error}") from error
    return records


def finished_shards(layout: Layout) -> set[str]:
    """The shards of every committed wave."""
    return {shard for record in committed_waves(layout).values() for shard in record["shards"]}


def remove_uncommitted(layout: Layout) -> list[Path]:
    """Remove what a killed run left: staging, and wave directories without a commit record."""
    committed = set(committed_waves(layout))
    removed = []
    for folder in (layout.articles, layout.failures):
        for wave in _subfolders(folder):
            if wave.name not in committed:
                shutil.rmtree(wave)
                removed.append(wave)
    if layout.staging.exists():
        shutil.rmtree(layout.staging)
        removed.append(layout.staging)
    for path in removed:
        log.info("removed %s, left by a run that did not finish", path)
    return removed


def commit_wave(layout: Layout, wave: str, record: dict[str, Any]) -> None:
    """Move the wave's staged results into place, then write its commit record (the commit)."""
    staged = layout.wave_staging(wave)
    for kind, target in (("articles", layout.articles), ("failures", layout.failures)):
        target.mkdir(parents=True, exist_ok=True)
        source = staged / kind
        if source.exists():
            source.rename(target / wave)
    layout.done.mkdir(parents=True, exist_ok=True)
    write_atomically(layout.done / f"{wave}.json", json.dumps(record, sort_keys=True) + "\n")
    shutil.rmtree(staged, ignore_errors=True)


def committed_files(layout: Layout, kind: str) -> list[Path]:
    """The Parquet files of committed waves, of `kind` ("articles" or "failures")."""
    folder = layout.articles if kind == "articles" else layout.failures
    committed = set(committed_waves(layout))
    return [
        path
        for wave in _subfolders(folder)
        if wave.name in committed
        for path in sorted(wave.glob("*.parquet"))
    ]


def _subfolders(folder: Path) -> Iterator[Path]:
    if folder.exists():
        yield from sorted(p for p in folder.iterdir() if p.is_dir())
