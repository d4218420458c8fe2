"""`crosswire batch`: the summary of what the output holds and what the run took, exit 0; bad
arguments exit 2 with a message saying what is wrong (those found before Ray starts need no Ray)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from crosswire.cli import app
from tests.batch.conftest import BAD_JSON_LINE, PILE_PAGES, Pile, jsonl_line

runner = CliRunner(env={"COLUMNS": "200"})  # a wide table: one summary row per line
WORDS = ["--embeddings", "words"]
ray_group = pytest.mark.xdist_group("ray")


def batch(*args: str) -> Result:
    return runner.invoke(app, ["batch", *args])


def row(output: str, label: str) -> str:
    """The summary's row of `label` (its value and what follows it on the line)."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.replace("│", "|").split("|") if cell.strip()]
        if cells and cells[0] == label:
            return " ".join(cells[1:])
    raise AssertionError(f"no {label!r} row in the summary:\n{output}")


def pages_file(folder: Path) -> Path:
    """A JSONL of two pages and a bad line."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pages.jsonl"
    lines = [jsonl_line(PILE_PAGES[0]), BAD_JSON_LINE, jsonl_line(PILE_PAGES[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- runs -----------------------------------------------------------------------------------------


@ray_group
def test_the_summary_of_a_finished_output_names_everything_it_holds(
    ray_local: None, pile: Pile, tmp_path: Path
) -> None:
    out = Path(shutil.copytree(pile.out, tmp_path / "out"))
    result = batch(*pile.inputs, "--out", str(out), *WORDS)
    assert result.exit_code == 0, result.output
    summary, err = pile.summary, result.stderr
    assert row(err, "shards") == f"{summary.shards} ({summary.shards} done before)"
    assert row(err, "records read") == str(summary.records)
    assert row(err, "articles") == f"{summary.articles} ({summary.duplicates} duplicates)"
    assert row(err, "failures") == str(sum(summary.failures.values()))
    for reason, count in summary.failures.items():
        assert f"{count} × {reason}" in err
    assert row(err, "stories") == str(summary.stories)
    assert row(err, "dossiers") == str(summary.dossiers)
    for stage in ("stories", "dossiers", "run"):
        assert row(err, f"{stage} time").endswith(" s")
    assert result.stdout == ""


@ray_group
def test_a_run_to_the_extract_stage_says_what_it_read_and_how_long_it_took(
    ray_local: None, tmp_path: Path
) -> None:
    given = pages_file(tmp_path / "in")
    result = batch(str(given), "--out", str(tmp_path / "out"), "--stage", "extract")
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert row(err, "shards") == "1"
    assert row(err, "records read") == "3"
    assert row(err, "articles") == "2 (0 duplicates)"
    assert row(err, "failures") == "1"
    assert "1 × read: bad JSONL line: not valid JSON" in err
    for stage in ("extract", "write"):
        assert float(row(err, f"{stage} time").removesuffix(" s")) > 0
    assert "stories" not in err and "dossiers" not in err
    assert json.loads((tmp_path / "out" / "batch.json").read_text())["stage"] == "extract"


# --- bad arguments --------------------------------------------------------------------------------


def test_an_unknown_stage_exits_2_saying_which_there_are(tmp_path: Path) -> None:
    given = pages_file(tmp_path / "in")
    result = batch(str(given), "--out", str(tmp_path / "out"), "--stage", "nonsense")
    assert result.exit_code == 2
    assert "--stage" in result.output
    assert "choose one of extract, annotate, stories, dossiers" in result.output
    assert not (tmp_path / "out").exists()


def test_an_out_that_is_a_file_exits_2(tmp_path: Path) -> None:
    given = pages_file(tmp_path / "in")
    taken = tmp_path / "notes.txt"
    taken.write_text("mine", encoding="utf-8")
    result = batch(str(given), "--out", str(taken))
    assert result.exit_code == 2
    assert "--out" in result.output and "is a file" in result.output
    assert taken.read_text(encoding="utf-8") == "mine"


def test_a_missing_input_exits_2_naming_it(tmp_path: Path) -> None:
    given = pages_file(tmp_path / "in")
    missing = tmp_path / "in" / "missing.warc.gz"
    result = batch(str(given), str(missing), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{missing}: no such file or folder" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("count", ["0", "-2"])
def test_no_cpus_exits_2(tmp_path: Path, count: str) -> None:
    given = pages_file(tmp_path / "in")
    result = batch(str(given), "--out", str(tmp_path / "out"), "--num-cpus", count)
    assert result.exit_code == 2
    assert "--num-cpus" in result.output
    assert not (tmp_path / "out").exists()


def test_num_cpus_with_a_cluster_address_exits_2(tmp_path: Path) -> None:
    given = pages_file(tmp_path / "in")
    result = batch(str(given), "--out", str(tmp_path / "o"), "--address", "auto", "--num-cpus", "2")
    assert result.exit_code == 2
    assert "--num-cpus is for a local run" in result.output


def test_a_refused_address_and_num_cpus_leave_no_output_behind(tmp_path: Path) -> None:
    given = pages_file(tmp_path / "in")
    result = batch(str(given), "--out", str(tmp_path / "o"), "--address", "auto", "--num-cpus", "2")
    assert result.exit_code == 2
    assert not (tmp_path / "o").exists()
