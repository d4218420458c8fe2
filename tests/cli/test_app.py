"""The `crosswire` command as a whole: version, help, exit codes, the bundled example end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from crosswire import __version__, cli
from crosswire.errors import ConfigError, CrosswireError
from tests.cli.helpers import EXAMPLES, FakePipeline, runner


def test_version() -> None:
    result = runner.invoke(cli.app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"crosswire {__version__}"


def test_every_option_has_help() -> None:
    group = typer.main.get_command(cli.app)
    assert isinstance(group, typer.main.TyperGroup)
    for command in group.commands.values():
        for param in command.params:
            assert getattr(param, "help", None), f"{command.name} {param.name} has no help"


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],
        ["extract", "a.txt", "--published", "last Tuesday"],
        ["extract", "a.txt", "--published", "2030-13-01"],
        ["extract", "a.txt", "--url", "ftp://x.example/a"],
        ["extract", "a.txt", "b.txt", "--url", "https://x.example/a"],
        ["extract", "a.txt", "--max-bytes", "0"],
        ["extract", "a.txt", "--format", "pdf"],
        ["dossier", "a.txt"],
        ["dossier", "a.txt", "-o", "out.txt"],
        ["dossier", "a.txt", "-o", "d.html", "--keep-all", "--story", "story-1"],
        ["dossier", "a.txt", "-o", "d.html", "--embeddings", "glove"],
        ["stories", "a.txt", "--format", "html"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_two(fake: FakePipeline, args: list[str]) -> None:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 2, result.output
    assert fake.calls == []


def test_pipeline_errors_map_to_exit_codes(fake: FakePipeline) -> None:
    fake.raises = ConfigError("bad option value")
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    assert result.exit_code == 2 and "bad option value" in result.stderr
    fake.raises = CrosswireError("store unavailable")
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    assert result.exit_code == 1 and "store unavailable" in result.stderr


def test_help_shows_examples_and_no_placeholder_for_flags() -> None:
    for command in ("extract", "annotate", "stories", "dossier"):
        result = runner.invoke(cli.app, [command, "--help"], terminal_width=100)
        assert result.exit_code == 0
        assert "Examples" in result.stdout and f"crosswire {command} " in result.stdout
        assert "<bool>" not in result.stdout and "<list" not in result.stdout


def test_real_pipeline_on_bundled_examples(tmp_path: Path) -> None:
    inputs = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    assert len(inputs) >= 4
    target = tmp_path / "dossier.json"
    result = runner.invoke(cli.app, ["dossier", *inputs, "-o", str(target)])
    assert result.exit_code == 0, result.output
    articles = json.loads(target.read_text(encoding="utf-8"))["articles"]
    assert len(articles) == len(inputs)
    assert all(a["body"] for a in articles)
