"""The batch output directory: what it must be to be opened, how a wave is committed, what a
crashed run left is removed, and what counts as done (no Ray)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crosswire import __version__
from crosswire.batch.layout import (
    MARKER,
    Layout,
    commit_wave,
    committed_files,
    committed_waves,
    finished_shards,
    open_layout,
    read_marker,
    remove_uncommitted,
    row_stage,
)
from crosswire.errors import ConfigError

INPUTS = ["/crawl/a.warc.gz"]


def staged_wave(layout: Layout, wave: str, *, failures: bool = True) -> None:
    """A wave's results as a run stages them before its commit."""
    staged = layout.wave_staging(wave)
    (staged / "articles").mkdir(parents=True)
    (staged / "articles" / "part-0.parquet").write_bytes(b"articles of " + wave.encode())
    (staged / "articles" / "part-1.parquet").write_bytes(b"more articles")
    if failures:
        (staged / "failures").mkdir()
        (staged / "failures" / "failures.parquet").write_bytes(b"failures of " + wave.encode())


def record(*shards: str) -> dict[str, object]:
    return {"shards": list(shards), "records": 3, "articles": 2, "failures": {"read: x": 1}}


def committed(layout: Layout, wave: str, *shards: str, failures: bool = True) -> None:
    staged_wave(layout, wave, failures=failures)
    commit_wave(layout, wave, record(*shards))


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    return open_layout(tmp_path / "out", stage="annotate", inputs=INPUTS)


def test_a_new_output_is_made_and_marked(tmp_path: Path) -> None:
    layout = open_layout(tmp_path / "new" / "out", stage="dossiers", inputs=INPUTS)
    assert layout.root.is_dir()
    assert read_marker(layout) == {"crosswire": __version__, "stage": "dossiers", "inputs": INPUTS}


def test_an_empty_folder_is_taken(tmp_path: Path) -> None:
    open_layout(tmp_path, stage="extract", inputs=INPUTS)
    assert (tmp_path / MARKER).is_file()


def test_a_folder_that_holds_something_else_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a crosswire batch output"):
        open_layout(tmp_path, stage="extract", inputs=INPUTS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_file_is_refused(tmp_path: Path) -> None:
    given = tmp_path / "out"
    given.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="is a file"):
        open_layout(given, stage="extract", inputs=INPUTS)


def test_an_unknown_stage_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown stage 'nonsense'"):
        open_layout(tmp_path / "out", stage="nonsense", inputs=INPUTS)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_an_unreadable_marker_is_refused(tmp_path: Path, content: str) -> None:
    (tmp_path / MARKER).write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(MARKER)):
        open_layout(tmp_path, stage="extract", inputs=INPUTS)


def test_the_row_stage_of_every_stage() -> None:
    assert [row_stage(s) for s in ("extract", "annotate", "stories", "dossiers")] == [
        "extract",
        "annotate",
        "annotate",
        "annotate",
    ]


def test_records_taken_to_one_stage_are_not_taken_on_by_another(layout: Layout) -> None:
    committed(layout, "wave-1", "s1")
    with pytest.raises(ConfigError, match="annotate stage; this run takes them to extract"):
        open_layout(layout.root, stage="extract", inputs=INPUTS)
    # The later stages take articles to the annotate stage too: they resume it.
    for stage in ("annotate", "stories", "dossiers"):
        open_layout(layout.root, stage=stage, inputs=INPUTS)


def test_an_output_without_committed_waves_takes_any_stage(layout: Layout) -> None:
    staged_wave(layout, "wave-1")
    reopened = open_layout(layout.root, stage="extract", inputs=["/other"])
    assert read_marker(reopened)["stage"] == "extract"
    assert read_marker(reopened)["inputs"] == ["/other"]


def test_a_commit_moves_the_staged_results_into_place_then_records_them(layout: Layout) -> None:
    staged_wave(layout, "wave-1")
    commit_wave(layout, "wave-1", record("s1", "s2"))
    assert (layout.articles / "wave-1" / "part-0.parquet").read_bytes() == b"articles of wave-1"
    assert (layout.failures / "wave-1" / "failures.parquet").is_file()
    assert not layout.wave_staging("wave-1").exists()
    assert committed_waves(layout) == {"wave-1": record("s1", "s2")}
    assert json.loads((layout.done / "wave-1.json").read_text()) == record("s1", "s2")


def test_a_wave_without_failures_commits_its_articles(layout: Layout) -> None:
    committed(layout, "wave-1", "s1", failures=False)
    assert (layout.articles / "wave-1").is_dir()
    assert not (layout.failures / "wave-1").exists()
    assert committed_files(layout, "failures") == []


def test_the_finished_shards_are_those_of_committed_waves(layout: Layout) -> None:
    assert finished_shards(layout) == set()
    committed(layout, "wave-1", "s1", "s2")
    committed(layout, "wave-2", "s3")
    staged_wave(layout, "wave-3")  # staged, never committed
    assert finished_shards(layout) == {"s1", "s2", "s3"}


def test_committed_files_leave_out_uncommitted_waves(layout: Layout) -> None:
    committed(layout, "wave-b", "s1")
    committed(layout, "wave-a", "s2")
    (layout.articles / "wave-crashed").mkdir()
    (layout.articles / "wave-crashed" / "part-0.parquet").write_bytes(b"half")
    files = committed_files(layout, "articles")
    assert files == [
        layout.articles / "wave-a" / "part-0.parquet",
        layout.articles / "wave-a" / "part-1.parquet",
        layout.articles / "wave-b" / "part-0.parquet",
        layout.articles / "wave-b" / "part-1.parquet",
    ]
    assert committed_files(layout, "failures") == [
        layout.failures / "wave-a" / "failures.parquet",
        layout.failures / "wave-b" / "failures.parquet",
    ]


def test_what_a_killed_run_left_is_removed_and_the_committed_waves_kept(layout: Layout) -> None:
    committed(layout, "wave-1", "s1")
    # Killed between moving a wave into place and writing its record, while staging another.
    staged_wave(layout, "wave-2")
    for kind in ("articles", "failures"):
        (layout.staging / "wave-2" / kind).rename(layout.root / kind / "wave-2")
    staged_wave(layout, "wave-3")
    removed = remove_uncommitted(layout)
    assert set(removed) == {
        layout.articles / "wave-2",
        layout.failures / "wave-2",
        layout.staging,
    }
    assert not layout.staging.exists()
    assert sorted(p.name for p in layout.articles.iterdir()) == ["wave-1"]
    assert sorted(p.name for p in layout.failures.iterdir()) == ["wave-1"]
    assert remove_uncommitted(layout) == []


def test_an_unreadable_commit_record_is_refused(layout: Layout) -> None:
    layout.done.mkdir()
    (layout.done / "wave-1.json").write_text("{cut", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"wave-1\.json"):
        finished_shards(layout)


def test_unknown_embeddings_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    from crosswire.batch.run import run_batch

    page = tmp_path / "page.txt"
    page.write_text("Harbour reopens\n\nThe harbour reopened on Tuesday.\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown embeddings 'nope'"):
        run_batch([str(page)], tmp_path / "out", embeddings="nope")
    assert not (tmp_path / "out").exists()
