"""The CLI over a fake pipeline: formats, outputs, hints, exit codes and error reporting."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

import crosswire.pipeline
from crosswire import __version__, cli
from crosswire.errors import ConfigError, CrosswireError
from crosswire.model import Article, InputFailure
from tests.conftest import article
from tests.paths import ROOT

runner = CliRunner()
WORDS = ["--embeddings", "words"]  # no sentence model needed for the CLI's own behaviour
EXAMPLES = ROOT / "examples"


@dataclass
class FakePipeline:
    """Stands in for crosswire.pipeline.extract: 'broken' inputs fail, the others succeed."""

    calls: list[dict[str, Any]]
    raises: Exception | None = None
    results: list[Article | InputFailure] | None = None  # what to give instead of fake results

    def __call__(
        self,
        inputs: Sequence[str],
        *,
        on_progress: Callable[[str, int, int | None], None] = lambda *_: None,
        **options: Any,
    ) -> list[Article | InputFailure]:
        self.calls.append({"inputs": list(inputs), **options})
        if self.raises is not None:
            raise self.raises
        if self.results is not None:
            return self.results
        results: list[Article | InputFailure] = []
        for item in inputs:
            results.append(fake_result(item))
            on_progress("extracting", len(results), len(inputs))
        return results


def fake_result(source: str) -> Article | InputFailure:
    if "broken" in source:
        return InputFailure(source, "cannot read it")
    body = f"Floodwater reached the square ({Path(source).name})."
    title = f"Title of {Path(source).stem}"
    return article(source, body, title=title, paragraphed=True, language="en")


INPUT_NAMES = ("a.txt", "b.txt", "b.html", "c.txt", "broken.txt", "broken[bold].txt", "menu.txt")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakePipeline:
    """The library's extraction faked, in a folder where the inputs the tests name exist."""
    monkeypatch.chdir(tmp_path)
    for name in INPUT_NAMES:
        (tmp_path / name).write_text("stand-in page", encoding="utf-8")
    pipeline = FakePipeline(calls=[])
    monkeypatch.setattr(crosswire.pipeline, "extract", pipeline)
    return pipeline


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


def test_extract_json_to_stdout(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [a["source"] for a in out] == ["a.txt"]
    assert out[0]["body"] == "Floodwater reached the square (a.txt)."
    assert out[0]["title"] == "Title of a"
    assert fake.calls[0]["inputs"] == ["a.txt"]


def test_extract_jsonl_one_line_per_article(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "b.html", "--format", "jsonl"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == ["a.txt", "b.html"]


@pytest.mark.parametrize("spelling", ["md", "markdown", "MD"])
def test_extract_markdown_and_text(fake: FakePipeline, spelling: str) -> None:
    md = runner.invoke(cli.app, ["extract", "a.txt", "b.txt", "-f", spelling]).stdout
    assert md.count("## Title of") == 2 and "\n---\n" in md
    text = runner.invoke(cli.app, ["extract", "a.txt", "-f", "text"]).stdout
    assert text == "==> a.txt <==\n\nTitle of a\n\nFloodwater reached the square (a.txt).\n"


def test_every_command_spells_its_formats_alike(fake: FakePipeline) -> None:
    for command in (["extract", "a.txt"], ["annotate", "a.txt"], ["stories", "a.txt", *WORDS]):
        for fmt in ("json", "jsonl", "md", "markdown", "text"):
            result = runner.invoke(cli.app, [*command, "-f", fmt])
            assert result.exit_code == 0, (command, fmt, result.output)
        assert runner.invoke(cli.app, [*command, "-f", "html"]).exit_code == 2


def test_failed_input_reported_and_exit_code_one(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "broken.txt", "c.txt"])
    assert result.exit_code == 1
    assert "error: broken.txt: cannot read it" in result.stderr
    assert [a["source"] for a in json.loads(result.stdout)] == ["a.txt", "c.txt"]


def test_error_text_is_not_read_as_rich_markup(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "broken[bold].txt"])
    assert result.exit_code == 1
    assert "broken[bold].txt: cannot read it" in result.stderr


def test_hints_and_max_bytes_reach_the_pipeline(fake: FakePipeline) -> None:
    args = ["extract", "a.txt", "--url", "https://orvik-ledger.example/2030/06/07/dam"]
    args += ["--outlet", "Orvik Ledger", "--published", "2030-06-07T14:05+02:00"]
    args += ["--max-bytes", "123"]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    call = fake.calls[0]
    assert call["url"] == "https://orvik-ledger.example/2030/06/07/dam"
    assert call["outlet"] == "Orvik Ledger"
    assert call["published"] == "2030-06-07T14:05+02:00"
    assert call["max_bytes"] == 123


def test_dossier_passes_published_to_the_pipeline(fake: FakePipeline) -> None:
    args = ["dossier", "a.txt", "b.txt", "-o", "d.json", "--published", "2030-06-07", *WORDS]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert fake.calls[0]["published"] == "2030-06-07"


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_fetched_at_reaches_the_pipeline(fake: FakePipeline, command: str) -> None:
    args = [command, "a.txt", "--fetched-at", "2030-06-07"]
    args += ["-o", "d.json", *WORDS] if command == "dossier" else []
    args += WORDS if command == "stories" else []
    result = runner.invoke(cli.app, args)
    assert fake.calls and fake.calls[0]["fetched_at"] == "2030-06-07", result.output


@pytest.mark.parametrize("fetched_at", ["2030-06", "yesterday", "2030-06-31", "2030-06-07T25:00"])
def test_a_bad_fetch_time_is_a_usage_error(fake: FakePipeline, fetched_at: str) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "--fetched-at", fetched_at])
    assert result.exit_code == 2 and not fake.calls


@pytest.mark.parametrize(
    "published", ["2030", "2030-06", "2030-06-07", "2030-06-07T14:05", "2030-06-07 14:05Z"]
)
def test_partial_iso_dates_are_accepted(fake: FakePipeline, published: str) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "--published", published])
    assert result.exit_code == 0, result.output


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


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_a_missing_input_fails_before_anything_is_written(
    fake: FakePipeline, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "out" / "result.json"
    result = runner.invoke(
        cli.app,
        [command, "a.txt", "nowhere.txt", "-o", str(target), *WORDS]
        if command in ("stories", "dossier")
        else [command, "a.txt", "nowhere.txt", "-o", str(target)],
    )
    assert result.exit_code == 2
    assert "no such file or folder: nowhere.txt" in result.stderr
    assert not target.exists() and fake.calls == []


def test_output_file(fake: FakePipeline, tmp_path: Path) -> None:
    target = tmp_path / "nested" / "articles.jsonl"
    result = runner.invoke(cli.app, ["extract", "a.txt", "-f", "jsonl", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["source"] == "a.txt"


def test_unwritable_output_is_a_usage_error(fake: FakePipeline, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(cli.app, ["extract", "a.txt", "-o", str(blocker / "out.json")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_pipeline_errors_map_to_exit_codes(fake: FakePipeline) -> None:
    fake.raises = ConfigError("bad option value")
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    assert result.exit_code == 2 and "bad option value" in result.stderr
    fake.raises = CrosswireError("store unavailable")
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    assert result.exit_code == 1 and "store unavailable" in result.stderr


def test_dossier_html_written_and_located(fake: FakePipeline, tmp_path: Path) -> None:
    target = tmp_path / "dossier.html"
    args = ["dossier", "a.txt", "b.txt", "broken.txt", "-o", str(target), "--keep-all", *WORDS]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 1
    assert f"Dossier written to {target}" in result.stdout
    assert "articles," in result.stdout and "1 failed)" in result.stdout
    counts = re.search(r"(\d+) facts?, (\d+) conflicts?,", result.stdout)
    assert counts is not None
    for number, word in zip(counts.groups(), ("fact", "conflict"), strict=True):
        assert (f"{number} {word}," if number == "1" else f"{number} {word}s,") in result.stdout
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert html.count('<article class="card"') == 2
    assert "broken.txt" in html and "cannot read it" in html


@pytest.mark.parametrize(
    ("name", "extra", "check"),
    [
        ("d.md", [], lambda s: "Story dossier · 1 article" in s),
        ("d.json", [], lambda s: len(json.loads(s)["articles"]) == 1),
        ("d.txt", ["--format", "md"], lambda s: "Story dossier · 1 article" in s),
        ("d.txt", ["--format", "markdown"], lambda s: "Story dossier · 1 article" in s),
        ("d.out", ["-f", "json"], lambda s: "generated_at" in json.loads(s)),
    ],
)
def test_dossier_format_from_suffix_or_option(
    fake: FakePipeline, tmp_path: Path, name: str, extra: list[str], check: Callable[[str], bool]
) -> None:
    target = tmp_path / name
    result = runner.invoke(cli.app, ["dossier", "a.txt", "-o", str(target), *extra, *WORDS])
    assert result.exit_code == 0, result.output
    assert check(target.read_text(encoding="utf-8"))


def test_dossier_of_a_story_named_by_stories(fake: FakePipeline, tmp_path: Path) -> None:
    listed = runner.invoke(cli.app, ["stories", "a.txt", "b.txt", *WORDS])
    story = json.loads(listed.stdout)["stories"][0]
    target = tmp_path / "d.json"
    args = ["dossier", "a.txt", "b.txt", "-o", str(target), *WORDS]
    result = runner.invoke(cli.app, [*args, "--story", story["id"]])
    assert result.exit_code == 0, result.output
    covered = [a["source"] for a in json.loads(target.read_text("utf-8"))["articles"]]
    assert sorted(covered) == sorted(story["articles"])
    unknown = runner.invoke(cli.app, [*args, "--story", "story-000000000000"])
    assert unknown.exit_code == 2 and "no story 'story-000000000000'" in unknown.stderr


def test_problems_are_warnings_not_failures(fake: FakePipeline) -> None:
    from crosswire.model import Problem

    empty = article("menu.txt", problems=(Problem("extract", "no body found"),))
    fake.results = [empty]
    result = runner.invoke(cli.app, ["extract", "menu.txt"])
    assert result.exit_code == 0
    assert "warning: menu.txt: extract: no body found" in result.stderr


def test_progress_shows_on_a_terminal_only() -> None:
    quiet = Console(file=io.StringIO(), force_terminal=False)
    with cli._progress(quiet) as on_progress:
        on_progress("extracting", 1, 2)
    assert quiet.file.getvalue() == ""  # type: ignore[attr-defined]
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    with cli._progress(terminal) as on_progress:
        on_progress("extracting", 1, 2)
        on_progress("extracting", 2, 2)
        terminal.file.seek(0)
        terminal.file.truncate()  # type: ignore[attr-defined]
        on_progress("annotating", 1, 3)
    shown = terminal.file.getvalue()  # type: ignore[attr-defined]
    assert "annotating" in shown and "1/3" in shown


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


OFF_TOPIC = """Gardeners in the northern valleys report the best apple harvest in a decade.

Orchard owners said a mild spring and a dry, warm September let the fruit ripen slowly, \
and cider makers expect to press twice as much juice as last year.
"""


def test_stories_puts_every_input_in_exactly_one_story(tmp_path: Path) -> None:
    examples = sorted(str(p) for p in EXAMPLES.glob("0*.txt"))
    apples = tmp_path / "apples.txt"
    apples.write_text(OFF_TOPIC, encoding="utf-8")
    inputs = [*examples, str(apples)]
    result = CliRunner().invoke(cli.app, ["stories", *inputs, "--embeddings", "words"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["stories"]
    members = [source for story in found for source in story["articles"]]
    assert sorted(members) == sorted(inputs)
    by_size = sorted(found, key=lambda s: len(s["articles"]))
    assert by_size[0]["articles"] == [str(apples)]
    assert sorted(by_size[-1]["articles"]) == examples


def test_first_run_says_the_sentence_model_is_being_prepared(
    fake: FakePipeline, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from crosswire.compare import embeddings
    from crosswire.compare.embeddings import HashingBackend

    monkeypatch.setattr(embeddings, "quantised_model_file", lambda _path: tmp_path / "none.onnx")
    monkeypatch.setattr(embeddings, "packaged_model_path", lambda: tmp_path)
    monkeypatch.setattr(embeddings, "quantised_minilm_backend", HashingBackend)
    result = runner.invoke(cli.app, ["stories", "a.txt"])
    assert result.exit_code == 0, result.output
    assert "Preparing the sentence model" in result.stderr
    (tmp_path / "none.onnx").write_bytes(b"")
    assert "Preparing" not in runner.invoke(cli.app, ["stories", "a.txt"]).stderr


FERRY_TELLINGS = [
    (
        "Tavel Times",
        "Night ferry runs aground near Tavel",
        "The night ferry from Orsk Harbour ran "
        "aground near Tavel on Friday, Captain Ilse Brandvik said. All 212 passengers are safe.",
    ),
    (
        "Orsk Post",
        "Ferry passengers rescued near Tavel",
        "All 212 passengers of the Orsk Harbour "
        "ferry were rescued near Tavel on Friday after it ran aground, Captain Ilse Brandvik said.",
    ),
    (
        "Coast Radio",
        "Orsk Harbour ferry aground off Tavel",
        "The Orsk Harbour ferry ran aground "
        "off Tavel on Friday; Captain Ilse Brandvik said all 212 passengers were taken ashore.",
    ),
]


def test_dossier_says_which_story_it_chose_and_how_to_choose_another(
    fake: FakePipeline, tmp_path: Path
) -> None:
    ferry = [
        article(f"{n}.txt", text, outlet=outlet, title=title, paragraphed=True, language="en")
        for n, (outlet, title, text) in enumerate(FERRY_TELLINGS)
    ]
    apples = article("apples.txt", OFF_TOPIC, title="Apple harvest", paragraphed=True)
    fake.results = [*ferry, apples]
    args = ["dossier", "a.txt", "-o", str(tmp_path / "d.json"), *WORDS]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "Story story-" in said and " chosen: '" in said
    assert (
        "(3 articles, 3 outlets); 1 other story set aside — list them with `crosswire stories`, "
        "choose one with `--story ID`." in said
    )
    listed = json.loads(runner.invoke(cli.app, ["stories", "a.txt", *WORDS]).stdout)["stories"]
    other = next(s for s in listed if s["articles"] == ["apples.txt"])
    asked = runner.invoke(cli.app, [*args, "--story", other["id"]])
    assert f"Story {other['id']} (as asked): " in " ".join(asked.stderr.split())


def test_story_message_counts_and_cuts() -> None:
    from crosswire.model import ChosenStory

    alone = ChosenStory("story-1", "Ferry aground", 1, 1, 0)
    assert (
        cli.story_message(alone) == "Story story-1 chosen: 'Ferry aground' (1 article, 1 outlet)."
    )
    long = ChosenStory("story-2", "word " * 40, 4, 2, 3, asked=True)
    message = cli.story_message(long)
    assert "…' (4 articles, 2 outlets); 3 other stories set aside." in message
    assert message.count("word") == 14  # cut at STORY_TITLE_CHARS
