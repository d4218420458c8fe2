"""`crosswire ingest --from-batch DIR`: a batch run's articles stored in the desk, on a real store
file (invented pages, extracted by the real pipeline, written as a batch output here)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire import cli, pipeline
from crosswire.model import Article
from crosswire.store.database import DEFAULT_FILE, ENV_VAR
from tests.batch.test_results import batch_dir, row, write_wave
from tests.store.conftest import write_jsonl
from tests.store.test_story_rows import burst

runner = CliRunner()


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _said(stderr: str) -> str:
    """What stderr says, without rich's box around a usage error and its line breaks."""
    return " ".join(stderr.replace("│", " ").split())


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A batch output of three reports of one storm and a copy the run dropped."""
    pages = write_jsonl(tmp_path / "pages.jsonl", burst(3))
    articles = [r for r in pipeline.extract([pages]) if isinstance(r, Article)]
    root = batch_dir(tmp_path)
    copy = row(articles[0], duplicate_of=articles[0].source)
    write_wave(root, "wave-1", [[row(a) for a in articles[:2]] + [copy], [row(articles[2])]])
    return root


def test_a_batch_runs_articles_are_stored_once_and_grouped(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "desk.db"

    first = runner.invoke(cli.app, ["ingest", "--from-batch", str(batch), "--db", str(db)])
    again = runner.invoke(cli.app, ["ingest", "--from-batch", str(batch), "--db", str(db)])

    assert first.exit_code == 0, first.output
    assert first.stdout == "3 articles stored (3 new, 0 new versions, 0 already there), 0 failed\n"
    assert again.exit_code == 0, again.output
    assert again.stdout == "3 articles stored (0 new, 0 new versions, 3 already there), 0 failed\n"
    assert _count(db, "articles") == 3
    assert _count(db, "story_members") == 3  # the stories were regrouped


def test_rows_that_do_not_read_back_fail_the_command(batch: Path, tmp_path: Path) -> None:
    write_wave(batch, "wave-2", [[row("{torn"), row("[]")]])
    db = tmp_path / "desk.db"

    result = runner.invoke(cli.app, ["ingest", "--from-batch", str(batch), "--db", str(db)])

    assert result.exit_code == 1, result.output
    assert f"error: 2 rows of {batch} did not read back" in _said(result.stderr)
    assert result.stdout.startswith("3 articles stored (3 new,")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["pages/"], "give inputs or --from-batch, not both"),
        (["--outlet", "Ledger", "--queue"], "--outlet, --queue read inputs"),
        (["--processes", "2"], "--processes read inputs"),
    ],
)
def test_inputs_and_their_options_are_refused_with_from_batch(
    batch: Path, tmp_path: Path, extra: list[str], message: str
) -> None:
    db = tmp_path / "desk.db"

    result = runner.invoke(cli.app, ["ingest", "--from-batch", str(batch), "--db", str(db), *extra])

    assert result.exit_code == 2
    assert message in _said(result.stderr)
    assert not db.exists()


def test_a_folder_that_is_no_batch_output_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a store opened without --db would be made
    monkeypatch.delenv(ENV_VAR, raising=False)
    (tmp_path / "pages").mkdir()
    db = tmp_path / "desk.db"

    result = runner.invoke(cli.app, ["ingest", "--from-batch", str(tmp_path / "pages")])
    missing = runner.invoke(cli.app, ["ingest", "--from-batch", str(tmp_path / "none")])
    nothing = runner.invoke(cli.app, ["ingest", "--db", str(db)])

    assert result.exit_code == missing.exit_code == nothing.exit_code == 2
    assert "is not a batch output (no batch.json)" in _said(result.stderr)
    assert "does not exist" in _said(missing.stderr)
    assert "give PATH_OR_URL... (or --from-batch DIR)" in _said(nothing.stderr)
    assert not db.exists() and not (tmp_path / DEFAULT_FILE).exists()
