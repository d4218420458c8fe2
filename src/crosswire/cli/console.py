"""The terminal: progress, logging, per-input errors, exit codes, and writing outputs whole."""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from crosswire.atomic_files import write_atomically
from crosswire.cli.options import (
    ARCHIVE_PART,
    EXIT_INPUT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    FAILURES_SHOWN_PER_INPUT,
    Results,
)
from crosswire.errors import ConfigError, CrosswireError
from crosswire.model import InputFailure
from crosswire.report.control_chars import without_controls

if TYPE_CHECKING:
    from crosswire.pipeline import Progress as ProgressHook


@contextmanager
def library_errors(err: Console) -> Iterator[None]:
    """Library errors as exit codes: bad arguments 2, anything else raised on purpose 1."""
    try:
        yield
    except ConfigError as exc:
        fail(err, f"error: {exc}", EXIT_USAGE)
    except CrosswireError as exc:
        fail(err, f"error: {exc}", EXIT_INPUT_FAILED)


def check_inputs(err: Console, inputs: Sequence[str]) -> None:
    """A path that does not exist is a usage error, found before anything is read or written."""
    from crosswire.sources.inputs import missing_paths

    missing = missing_paths(inputs)
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        fail(
            err,
            f"error: no such file or folder: {', '.join(missing[:5])}{more} (check the path; web "
            "addresses start with http:// or https://)",
            EXIT_USAGE,
        )


@contextmanager
def showing_progress(err: Console) -> Iterator[ProgressHook]:
    """The library's progress on stderr (a terminal only): a bar where the amount of work is
    known, a spinner where it is not; each step replaces the one before."""
    from crosswire.pipeline import PREPARING_MODEL

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.fields[count]}"),  # "3/12"; nothing while the amount is unknown
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        shown: dict[str, object] = {}

        def show(step: str, done: int, total: int | None, /) -> None:
            if step == PREPARING_MODEL:
                bar.console.print(
                    "Preparing the sentence model (int8, first run only, about 10 s); it is "
                    "cached for later runs.",
                    style="dim",
                )
                return
            if step not in shown:
                for task in list(bar.task_ids):
                    bar.remove_task(task)
                shown.clear()
                shown[step] = bar.add_task(without_controls(step), total=total, count="")
            count = f"{done}/{total}" if total is not None else (str(done) if done else "")
            bar.update(shown[step], completed=done, total=total, count=count)  # type: ignore[arg-type]

        yield show


@contextmanager
def running(inputs: Sequence[str]) -> Iterator[tuple[Console, ProgressHook]]:
    """A command's work on its inputs: missing paths refused first, library errors turned into
    exit codes, progress on stderr. Yields stderr's console and the progress callback."""
    err = Console(stderr=True)
    check_inputs(err, inputs)
    with library_errors(err), showing_progress(err) as on_progress, logging_to(err):
        yield err, on_progress


class _ConsoleLogHandler(logging.Handler):
    """The library's log messages on stderr's console: above the progress bar, not through it,
    and without the control characters a page's address or text may bring into them."""

    def __init__(self, console: Console) -> None:
        super().__init__(logging.WARNING)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.console.print(Text(without_controls(self.format(record))), soft_wrap=True)
        except Exception:
            self.handleError(record)


@contextmanager
def logging_to(err: Console) -> Iterator[None]:
    handler = _ConsoleLogHandler(err)
    logger = logging.getLogger("crosswire")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def finish(err: Console, content: str, output: Path | None, results: Results) -> NoReturn:
    """Write the result, report per-input errors and warnings, exit with the code they imply."""
    write_output(err, content, output)
    raise typer.Exit(report_outcomes(err, results))


def report_outcomes(err: Console, results: Results) -> int:
    """Per-input errors and article problems on stderr; the exit code they imply. Past the first
    FAILURES_SHOWN_PER_INPUT failures of one input (lines of a JSONL, records of a WARC), the rest
    are counted by reason and told at the end, one line per reason."""
    failed = 0
    shown: Counter[str] = Counter()
    untold: dict[str, Counter[str]] = {}
    for item in results:
        if isinstance(item, InputFailure):
            failed += 1
            given = ARCHIVE_PART.sub("", item.source)
            shown[given] += 1
            if shown[given] <= FAILURES_SHOWN_PER_INPUT:
                print_error(err, f"error: {item.source}: {item.message}")
            else:
                untold.setdefault(given, Counter())[item.message.split(" (", 1)[0]] += 1
        else:
            for problem in item.problems:
                warning = f"warning: {item.source}: {problem.stage}: {problem.message}"
                err.print(Text(without_controls(warning), "yellow"), soft_wrap=True)
    for given, reasons in untold.items():
        for reason, count in reasons.most_common():
            print_error(
                err, f"error: {given}: {count} more failed (not listed one by one): {reason}"
            )
    return EXIT_INPUT_FAILED if failed else EXIT_OK


def print_error(err: Console, message: str) -> None:
    # Text, not a markup string: sources and messages come from users and pages and may hold "[";
    # and no control characters: a file's name or a page may carry terminal escapes.
    err.print(Text(without_controls(message), style="bold red"), soft_wrap=True)


def fail(err: Console, message: str, code: int) -> NoReturn:
    print_error(err, message)
    raise typer.Exit(code)


def write_output(err: Console, content: str, output: Path | None) -> None:
    if output is None:
        try:
            typer.echo(content, nl=False)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`crosswire extract ... | head`): stop quietly, and keep
            # Python from reporting the same broken pipe again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, content)
    except OSError as exc:
        fail(err, f"error: cannot write {output}: {exc.strerror or exc}", EXIT_USAGE)


# ---------------------------------------------------------------- commands


def counted(n: int, what: str, many: str | None = None) -> str:
    return f"{n} {what if n == 1 else (many or what + 's')}"
