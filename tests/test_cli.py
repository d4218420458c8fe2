"""The CLI over a fake pipeline: formats, outputs, hints, exit codes and error reporting."""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

import crosswire.pipeline
from crosswire import __version__, atomic_files, cli
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
    with cli.console.showing_progress(quiet) as on_progress:
        on_progress("extracting", 1, 2)
    assert quiet.file.getvalue() == ""  # type: ignore[attr-defined]
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    with cli.console.showing_progress(terminal) as on_progress:
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
        cli.stories.story_message(alone)
        == "Story story-1 chosen: 'Ferry aground' (1 article, 1 outlet)."
    )
    long = ChosenStory("story-2", "word " * 40, 4, 2, 3, asked=True)
    message = cli.stories.story_message(long)
    assert "…' (4 articles, 2 outlets); 3 other stories set aside." in message
    assert message.count("word") == 14  # cut at STORY_TITLE_CHARS


# ---------------------------------------------------------------- outputs whole, numbers, dates


def full_disk(_descriptor: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", ["extract", "dossier"])
def test_a_failed_write_keeps_the_old_output_and_says_why(
    fake: FakePipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    target = tmp_path / "out.json"
    target.write_text('{"old": true}', encoding="utf-8")
    monkeypatch.setattr(atomic_files.os, "fsync", full_disk)
    extra = WORDS if command == "dossier" else []
    result = runner.invoke(cli.app, [command, "a.txt", "-o", str(target), *extra])
    assert result.exit_code == 2
    assert f"cannot write {target}: No space left on device" in result.stderr
    assert "written" not in result.stdout
    assert target.read_text(encoding="utf-8") == '{"old": true}'
    assert leftovers(tmp_path) == []


# The CLI in a process whose files may not grow past 100 kB (RLIMIT_FSIZE): the write of a larger
# output fails half-way with EFBIG, as on a full disk.
SIZE_LIMITED_RUN = """
import resource, signal, sys
sys.path.insert(0, sys.argv[1])
import crosswire.pipeline
from crosswire import cli
from tests.conftest import article

crosswire.pipeline.extract = lambda inputs, **_: [article("a.txt", "Floodwater rose. " * 20_000)]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
cli.app(["extract", "a.txt", "-o", "out.json"])
"""


def test_an_output_cut_off_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a page", encoding="utf-8")
    old = json.dumps([{"source": "a.txt", "body": "yesterday's text"}])
    (tmp_path / "out.json").write_text(old, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", SIZE_LIMITED_RUN, str(ROOT)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "cannot write out.json: File too large" in run.stderr
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == old
    assert leftovers(tmp_path) == []


def test_concurrent_writers_leave_whole_outputs_at_every_moment(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("[]", encoding="utf-8")
    contents = [json.dumps([{"writer": n, "body": "x" * 200_000 * (n + 1)}]) for n in (0, 1)]
    err = Console(file=io.StringIO())

    def write_many(content: str) -> None:
        for _ in range(20):
            cli.console.write_output(err, content, target)

    writers = [threading.Thread(target=write_many, args=(c,)) for c in contents]
    for writer in writers:
        writer.start()
    seen = set()
    while any(writer.is_alive() for writer in writers):
        seen.add(target.read_text(encoding="utf-8"))  # a reader never sees a part
    for writer in writers:
        writer.join()
    assert seen <= {"[]", *contents}
    assert target.read_text(encoding="utf-8") in contents
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "a.txt", "--max-bytes", "99999999999999999999999"],
        ["extract", "a.txt", "--max-bytes", "-1"],
        ["stories", "a.txt", "--max-bytes", "0", *WORDS],
        ["annotate", "a.txt", "-p", "0"],
        ["annotate", "a.txt", "--processes", "-2"],
        ["annotate", "a.txt", "-p", "99999999999999999999999"],
        ["dossier", "a.txt", "-o", "d.json", "-p", "100000", *WORDS],
        ["dossier", "a.txt", "-o", "d.json", "--max-bytes", "9223372036854775807", *WORDS],
        ["extract", "a.txt", "--page-timeout", "0"],
        ["annotate", "a.txt", "--page-timeout", "1e12"],
        ["extract", "a.txt", "--timeout", "inf"],
    ],
)
def test_numbers_out_of_range_are_usage_errors(fake: FakePipeline, args: list[str]) -> None:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 2, result.output
    assert "is not in the range" in shown(result.stderr) and "Traceback" not in result.output
    assert fake.calls == []


def shown(stderr: str) -> str:
    """A usage error's message without the box typer draws around it."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", stderr).split())


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--published", "2025-13"),
        ("--published", "2025-02-30"),
        ("--published", "2025-1-5"),
        ("--published", "20251211"),
        ("--published", "2025-12-11T24:00"),
        ("--fetched-at", "2025-12-11T10:00+25:00"),
        ("--fetched-at", "2025-W50-1"),
    ],
)
def test_impossible_or_loose_dates_are_usage_errors_naming_the_forms(
    fake: FakePipeline, option: str, value: str
) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", option, value])
    assert result.exit_code == 2 and not fake.calls
    assert f"{value!r} is not an ISO 8601" in shown(result.stderr)
    assert "2025-11-09T15:22+02:00" in shown(result.stderr)


@pytest.mark.parametrize(
    "value",
    ["2025-12-11T10:00Z", "2025-12-11T10:00:30.5+0200", "2025-12-11T10:00-05:00", "2025-02-28"],
)
def test_every_documented_moment_is_accepted(fake: FakePipeline, value: str) -> None:
    for option in ("--published", "--fetched-at"):
        result = runner.invoke(cli.app, ["extract", "a.txt", option, value])
        assert result.exit_code == 0, result.output


# A page with terminal escapes (a window title, an OSC 8 link, colours, a C1 CSI) and text that
# rich would read as markup.
EVIL_TITLE = "Bridge \x1b]0;PWNED\x07closed \x9b1m[bold red]x[/] [link=http://evil.example]y[/link]"
EVIL_BODY = (
    "The \x1b[31mbridge\x1b[0m over the Orvik closed on Friday, engineers said.\n\n"
    "\x1b]8;;http://evil.example\x1b\\Read more\x1b]8;;\x1b\\ about the \x9b2Jcracks in its span."
)
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def evil_results() -> list[Article | InputFailure]:
    from crosswire.model import Problem

    problem = Problem("extract", "odd line \x1b[2J dropped")
    page = article("a.txt", EVIL_BODY, title=EVIL_TITLE, paragraphed=True, language="en")
    return [replace(page, problems=(problem,)), InputFailure("broken\x1b[2J.txt", "cannot read")]


@pytest.mark.parametrize(
    "command",
    [
        ["extract", "-f", "text"],
        ["extract", "-f", "md"],
        ["annotate", "-f", "text"],
        ["annotate", "-f", "md"],
        ["stories", "-f", "text", *WORDS],
        ["stories", "-f", "md", *WORDS],
        ["dossier", "-o", "d.md", *WORDS],
        ["dossier", "-o", "d.html", *WORDS],
    ],
)
def test_no_terminal_escape_reaches_what_people_read(
    fake: FakePipeline, tmp_path: Path, command: list[str]
) -> None:
    fake.results = evil_results()
    result = runner.invoke(cli.app, [command[0], "a.txt", *command[1:]])
    assert result.exit_code == 1, result.output
    written = result.stdout if command[0] != "dossier" else (tmp_path / command[2]).read_text()
    for text in (written, result.stdout, result.stderr):
        assert not CONTROLS.search(text), repr(text)
    assert "31mbridge" in written  # the page's text is otherwise kept
    assert "error: broken[2J.txt: cannot read" in result.stderr
    assert "warning: a.txt: extract: odd line [2J dropped" in result.stderr


def test_the_story_title_on_the_terminal_is_plain_text(fake: FakePipeline, tmp_path: Path) -> None:
    title = "Ferry \x1b]0;PWNED\x07aground near Tavel [bold red]x[/]"
    fake.results = [
        article(f"{n}.txt", text, outlet=outlet, title=title, paragraphed=True, language="en")
        for n, (outlet, _, text) in enumerate(FERRY_TELLINGS)
    ]
    result = runner.invoke(cli.app, ["dossier", "a.txt", "-o", str(tmp_path / "d.md"), *WORDS])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "]0;PWNEDaground near Tavel [bold red]x[/]" in said
    assert not CONTROLS.search(result.stderr + result.stdout)


@pytest.mark.parametrize(
    "command", [["extract"], ["extract", "-f", "jsonl"], ["stories", *WORDS], ["dossier"]]
)
def test_json_keeps_page_text_exactly_with_every_control_escaped(
    fake: FakePipeline, tmp_path: Path, command: list[str]
) -> None:
    fake.results = evil_results()[:1]
    args = [*command, "a.txt"] + (["-o", "d.json", *WORDS] if command == ["dossier"] else [])
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    written = (tmp_path / "d.json").read_text() if command == ["dossier"] else result.stdout
    assert not CONTROLS.search(written)
    first = json.loads(written.splitlines()[0] if "jsonl" in command else written)
    if command[0] == "stories":
        assert first["stories"][0]["title"].startswith("The \x1b[31mbridge\x1b[0m over")
    else:
        kept = first["articles"][0] if command == ["dossier"] else first
        kept = kept[0] if isinstance(kept, list) else kept
        assert (kept["title"], kept["body"]) == (EVIL_TITLE, EVIL_BODY)


def test_an_error_naming_a_file_carries_no_escape(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "gone\x1b]0;PWNED\x07\x9b.txt"])
    assert result.exit_code == 2
    assert "no such file or folder: gone]0;PWNED.txt" in result.stderr
    assert not CONTROLS.search(result.stderr)


def test_library_warnings_reach_stderr_without_escapes(
    fake: FakePipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    def warn_and_extract(inputs: Sequence[str], **options: Any) -> list[Article | InputFailure]:
        logging.getLogger("crosswire.extract.htmlmode").warning(
            "trafilatura failed on %s", "http://x.example/\x1b]0;PWNED\x07"
        )
        return fake(inputs, **options)

    monkeypatch.setattr(crosswire.pipeline, "extract", warn_and_extract)
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    assert result.exit_code == 0
    assert "trafilatura failed on http://x.example/]0;PWNED" in result.stderr
    assert not CONTROLS.search(result.stderr)


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_allow_private_and_timeout_reach_the_pipeline(fake: FakePipeline, command: str) -> None:
    args = [command, "a.txt", "--allow-private", "--timeout", "7.5"]
    args += ["-o", "d.json", *WORDS] if command == "dossier" else []
    args += WORDS if command == "stories" else []
    result = runner.invoke(cli.app, args)
    assert fake.calls, result.output
    assert (fake.calls[0]["allow_private"], fake.calls[0]["timeout"]) == (True, 7.5)


def test_a_url_on_this_machine_is_refused_unless_allow_private() -> None:
    from tests.sources.local_server import local_server, respond

    page = b"<html><head><title>Dam gates open</title></head><body><p>x</p></body></html>"
    with local_server(respond("200 OK", {"Content-Type": "text/html"}, page)) as server:
        refused = runner.invoke(cli.app, ["extract", server.url + "/dam"])
        allowed = runner.invoke(cli.app, ["extract", server.url + "/dam", "--allow-private"])
    assert refused.exit_code == 1
    assert f"error: {server.url}/dam: refused: 127.0.0.1 is a loopback address" in refused.stderr
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout)[0]["url"] == server.url + "/dam"


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_follow_links_and_max_archive_bytes_reach_the_pipeline(
    fake: FakePipeline, command: str
) -> None:
    args = [command, "a.txt", "--follow-links", "--max-archive-bytes", "1000"]
    args += ["-o", "d.json", *WORDS] if command == "dossier" else []
    args += WORDS if command == "stories" else []
    result = runner.invoke(cli.app, args)
    assert fake.calls, result.output
    assert (fake.calls[0]["follow_links"], fake.calls[0]["max_archive_bytes"]) == (True, 1000)


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_the_page_timeout_reaches_the_pipeline(fake: FakePipeline, command: str) -> None:
    args = [command, "a.txt", "--page-timeout", "2.5"]
    args += ["-o", "d.json", *WORDS] if command == "dossier" else []
    args += WORDS if command == "stories" else []
    result = runner.invoke(cli.app, args)
    assert fake.calls, result.output
    assert all(call["page_timeout"] == 2.5 for call in fake.calls)


@pytest.mark.parametrize("option", ["--page-timeout", "--timeout"])
def test_a_time_limit_that_is_not_a_number_is_a_usage_error(
    fake: FakePipeline, option: str
) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", option, "nan"])
    assert result.exit_code == 2, result.output
    assert "nan is not a number of seconds" in shown(result.stderr)
    assert fake.calls == []


def test_many_failures_of_one_archive_are_summed_up_by_reason(fake: FakePipeline) -> None:
    fake.results = [
        *[
            InputFailure(f"feed.jsonl#line={n}", f"bad JSONL line: not valid JSON (column {n})")
            for n in range(1, 31)
        ],
        *[
            InputFailure(f"feed.jsonl#line={n}", "bad JSONL line: empty page")
            for n in range(31, 36)
        ],
        InputFailure("broken.txt", "cannot read it"),
        fake_result("a.txt"),
    ]
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.exit_code == 1
    assert errors[:10] == [
        f"error: feed.jsonl#line={n}: bad JSONL line: not valid JSON (column {n})"
        for n in range(1, 11)
    ]
    assert errors[10:] == [
        "error: broken.txt: cannot read it",
        "error: feed.jsonl: 20 more failed (not listed one by one): bad JSONL line: not valid JSON",
        "error: feed.jsonl: 5 more failed (not listed one by one): bad JSONL line: empty page",
    ]


def test_a_compressed_bomb_stops_at_max_archive_bytes_and_says_how_to_raise_it(
    tmp_path: Path,
) -> None:
    from tests.sources.hostile import MEGABYTE, gzip_bomb

    good = json.dumps({"text": "Orvik Ledger\n\nThe dam gates opened at dawn."}).encode() + b"\n"
    bomb = gzip_bomb(tmp_path / "feed.jsonl.gz", 64 * MEGABYTE, head=good)
    result = runner.invoke(cli.app, ["extract", str(bomb), "--max-archive-bytes", "4000000"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 1
    assert (
        f"error: {bomb}: too large after decompression (over 3.8 MB, the limit set by "
        "max_archive_bytes; raise it with --max-archive-bytes)"
    ) in result.stderr


def test_a_folder_link_to_outside_is_read_only_with_follow_links(tmp_path: Path) -> None:
    folder, outside = tmp_path / "pages", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    (outside / "dam.txt").write_text("Orvik Ledger\n\nThe dam gates opened at dawn.\n")
    (folder / "dam.txt").symlink_to(outside / "dam.txt")
    refused = runner.invoke(cli.app, ["extract", str(folder)])
    followed = runner.invoke(cli.app, ["extract", str(folder), "--follow-links"])
    assert refused.exit_code == 1
    assert (
        f"error: {folder / 'dam.txt'}: symlink to outside the folder; --follow-links to follow it"
    ) in refused.stderr
    assert followed.exit_code == 0, followed.output
    assert [a["source"] for a in json.loads(followed.stdout)] == [str(folder / "dam.txt")]
