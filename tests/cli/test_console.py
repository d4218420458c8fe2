"""The CLI's console: errors, warnings, progress, whole writes, and no terminal escapes anywhere."""

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
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import crosswire.pipeline
from crosswire import atomic_files, cli
from crosswire.model import Article, InputFailure
from tests.cli.helpers import FERRY_TELLINGS, WORDS, FakePipeline, runner
from tests.conftest import article
from tests.paths import ROOT


def test_error_text_is_not_read_as_rich_markup(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "broken[bold].txt"])
    assert result.exit_code == 1
    assert "broken[bold].txt: cannot read it" in result.stderr


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
