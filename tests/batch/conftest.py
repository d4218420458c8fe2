"""What the batch tests share: one local Ray for the session, a pile of invented inputs taken
through the whole batch once, and readers of a batch output's files.

Fixtures (ask for them by name):
  ray_local  Ray on this machine (2 CPUs, a small object store), started once per session and
             shut down at its end; `run_batch` finds it started and uses it as it is
  pile       the pile (a damaged WARC.gz with non-page records, a plain WARC, a JSONL with a bad
             line and an exact copy of a page under another URL, a folder of two page files)
             taken to the dossiers stage once, with word-overlap similarity (no sentence model)

Every test that asks for Ray is marked `xdist_group("ray")`: `make test` distributes with
`--dist loadgroup`, so they run in one worker, which starts Ray once.

Helpers (import them: `from tests.batch.conftest import read_rows, mtimes`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from crosswire.batch.run import BatchSummary, run_batch
from crosswire.model import Hints, InputFailure, Page
from crosswire.sources.inputs import iter_pages
from crosswire.sources.options import SourceOptions
from tests.batch.warcs import DAMAGES, WarcPage, invented_pages, write_damaged_warc, write_warc

RAY_CPUS = 2
RAY_OBJECT_STORE_BYTES = 256 * 1024 * 1024
# The pile's pages: twelve invented pages tell five invented stories, most by two outlets or more.
PILE_PAGES = invented_pages(12, seed=11)
BAD_JSON_LINE = '{"url": "https://northline-news.example/cut", "html": "<p>Cut'


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers the marker; without it (-p no:xdist) it is registered here.
    config.addinivalue_line("markers", "xdist_group(name): run the group in one xdist worker")


@pytest.fixture(scope="session")
def ray_local() -> Iterator[None]:
    import ray

    ray.init(
        num_cpus=RAY_CPUS,
        include_dashboard=False,
        log_to_driver=False,
        object_store_memory=RAY_OBJECT_STORE_BYTES,
        runtime_env={"env_vars": {"OMP_NUM_THREADS": "1"}},
    )
    try:
        yield
    finally:
        ray.shutdown()


# --- a batch output read back -------------------------------------------------------------------


def read_rows(out: Path, kind: str) -> list[dict[str, Any]]:
    """Every row of `out/<kind>/*/*.parquet`, committed or not (what a careless reader sees)."""
    rows: list[dict[str, Any]] = []
    for path in sorted((out / kind).glob("*/*.parquet")):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def read_table(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def mtimes(root: Path, *, leave_out: Sequence[str] = ()) -> dict[str, int]:
    """Every file under `root` (but those named in `leave_out`) and when it was last written."""
    return {
        str(path.relative_to(root)): path.stat().st_mtime_ns
        for path in sorted(root.rglob("*"))
        if path.is_file() and str(path.relative_to(root)) not in leave_out
    }


def read_items(inputs: Sequence[str]) -> list[Page | InputFailure]:
    """What crosswire's reader gives for the inputs: a page or a failure per readable record."""
    return list(iter_pages(list(inputs), options=SourceOptions(), hints=Hints()))


def jsonl_line(page: WarcPage, url: str | None = None) -> str:
    return json.dumps({"url": url or page.url, "html": page.content, "fetched_at": page.warc_date})


# --- the pile -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pile:
    """The pile's inputs (absolute paths), the output of its batch, and the copy in it."""

    inputs: tuple[str, ...]
    out: Path
    summary: BatchSummary
    copied: tuple[str, str]  # the URLs of a page and of its exact copy


def write_pile(folder: Path) -> tuple[list[str], tuple[str, str]]:
    """The pile's inputs, written into `folder`; and the URLs of the page copied and its copy."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = PILE_PAGES
    write_damaged_warc(folder / "crawl.warc.gz", pages[:5], DAMAGES, non_pages=True)
    write_warc(folder / "more.warc", pages[5:8], gzip=False)
    copy_url = "https://mirror.example/syndicated/harbour-story"
    lines = [
        jsonl_line(pages[8]),
        BAD_JSON_LINE,
        jsonl_line(pages[9]),
        jsonl_line(pages[5], copy_url),
    ]
    (folder / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "pages").mkdir()
    (folder / "pages" / "first.html").write_text(pages[10].content, encoding="utf-8")
    (folder / "pages" / "second.html").write_text(pages[11].content, encoding="utf-8")
    names = ["crawl.warc.gz", "more.warc", "lines.jsonl", "pages"]
    return [str((folder / name).resolve()) for name in names], (pages[5].url, copy_url)


@pytest.fixture(scope="session")
def pile(ray_local: None, tmp_path_factory: pytest.TempPathFactory) -> Pile:
    root = tmp_path_factory.mktemp("pile")
    inputs, copied = write_pile(root / "inputs")
    summary = run_batch(inputs, root / "out", stage="dossiers", embeddings="words")
    return Pile(tuple(inputs), root / "out", summary, copied)
