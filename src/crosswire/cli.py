"""The `crosswire` command: argument parsing and output over the library (`crosswire.pipeline`).

Exit codes: 0 when every input became an article, 1 when any input failed (the others still
complete and are written), 2 for usage errors (bad options, a missing input path, unwritable
output), in which case nothing is written. Results go to stdout or --output (written whole or not
at all: the old file stays until the new one is complete); progress, per-input errors and warnings
go to stderr, never with a page's control characters (terminal escapes) or read as rich markup.
"""

from __future__ import annotations

import logging
import math
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from crosswire import __version__
from crosswire.atomic_files import write_atomically
from crosswire.budget import PAGE_TIMEOUT
from crosswire.errors import ConfigError, CrosswireError
from crosswire.model import Article, ChosenStory, InputFailure, Story
from crosswire.report.control_chars import without_controls
from crosswire.report.formats import (
    ARTICLE_FORMATS,
    DOSSIER_FORMATS,
    DOSSIER_SUFFIXES,
    STORY_FORMATS,
    format_named,
)

if TYPE_CHECKING:
    from crosswire.batch.run import BatchSummary
    from crosswire.pipeline import Progress as ProgressHook

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2
# The largest --max-bytes: readers ask for one byte more than the limit, which must still be an
# index-sized integer (sys.maxsize).
MAX_BYTES_LIMIT = sys.maxsize - 1
MAX_PAGE_TIMEOUT = 86_400.0  # seconds: a day (a timer past it is no limit, only an overflow risk)
# The most --processes: each worker loads its own English parser (hundreds of MB); far more than
# any machine's cores only costs memory, and an absurd count would try to start that many.
MAX_PROCESSES = 256
Results = Sequence[Article | InputFailure]
# A file of a million bad lines is not a million lines of stderr: past this many failures of one
# input, the rest are counted by reason (every one is still in the outputs that list failures).
FAILURES_SHOWN_PER_INPUT = 10
BATCH_STAGES = ("extract", "annotate", "stories", "dossiers")
BATCH_REASONS_SHOWN = 8  # failure reasons listed in `crosswire batch`'s summary, most common first
ARCHIVE_PART = re.compile(r"#(?:line|offset)=\d+\Z")  # a JSONL line's or WARC record's place

app = typer.Typer(
    name="crosswire",
    help="Turn many outlets' coverage of one story into clean articles and a story dossier.",
    epilog="Run `crosswire COMMAND --help` for a command's options and examples.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"crosswire {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Turn many outlets' coverage of one story into clean articles and a story dossier."""


# ---------------------------------------------------------------- options, declared once


def _format_checker(allowed: Sequence[str]) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        try:
            return None if value is None else format_named(value, allowed)
        except ConfigError as error:
            raise typer.BadParameter(str(error)) from None

    return check


def _format_option(allowed: Sequence[str], what: str) -> typer.models.OptionInfo:
    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(allowed),
        help=what + " (md and markdown are the same).",
        callback=_format_checker(allowed),
    )


def _check_published(value: str | None) -> str | None:
    from crosswire.pipeline import hints_for

    try:
        return hints_for(published=value).published
    except ConfigError as error:
        raise typer.BadParameter(str(error)) from None


def _check_fetched_at(value: str | None) -> str | None:
    from crosswire.pipeline import hints_for

    try:
        return hints_for(fetched_at=value).fetched_at
    except ConfigError as error:
        raise typer.BadParameter(str(error)) from None


def _check_url(value: str | None) -> str | None:
    from crosswire.pipeline import hints_for

    try:
        return hints_for(url=value).url
    except ConfigError as error:
        raise typer.BadParameter(f"{error}; give the page's own http(s) address") from None


ArticleFormatOpt = Annotated[
    str,
    _format_option(
        ARTICLE_FORMATS, "Output: one JSON array, JSON lines, Markdown with metadata, or text"
    ),
]
InputsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH_OR_URL...",
        help="Files (.txt, .html, .gz, .jsonl, .warc), folders (read recursively) or http(s) URLs.",
        show_default=False,
    ),
]
StoreInputsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[PATH_OR_URL...]",
        help="Files (.txt, .html, .gz, .jsonl, .warc), folders (read recursively) or http(s) URLs; "
        "none with --db.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write here instead of stdout.", dir_okay=False
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="DATE",
        help="The publication date you know, ISO 8601 as precise as known (2025-11, 2025-11-09, "
        "2025-11-09T15:22+02:00): the anchor of relative dates.",
        callback=_check_published,
    ),
]
FetchedAtOpt = Annotated[
    str | None,
    typer.Option(
        "--fetched-at",
        metavar="DATE",
        help="When the pages were fetched, ISO 8601: a day (2025-11-09, time unknown) or a moment "
        "(2025-11-09T15:22+02:00); '3 hours ago' on a page counts back from it. A page's own "
        "fetch time (WARC, JSONL, URL) comes first.",
        callback=_check_fetched_at,
    ),
]
MaxBytesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-bytes",
        metavar="N",
        min=1,
        max=MAX_BYTES_LIMIT,
        help="Refuse any input larger than this many bytes (default 50 MB).",
    ),
]
AllowPrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also fetch URLs on this machine or a private network (localhost, 10.x, 192.168.x, "
        "link-local, ...): refused by default, so that a URL cannot reach inside.",
    ),
]


def _finite(value: float | None) -> float | None:
    """click's range check lets NaN through (every comparison with it is false)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number of seconds")
    return value


TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        min=0.1,
        max=MAX_PAGE_TIMEOUT,
        callback=_finite,
        help="The most one URL may take, from looking up its name to its last byte, redirects "
        "included (default 120).",
    ),
]
MaxArchiveBytesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-archive-bytes",
        metavar="N",
        min=1,
        max=MAX_BYTES_LIMIT,
        help="Stop reading a compressed input (.gz, .jsonl.gz, .warc.gz) once it has "
        "decompressed to this many bytes (default 4 GB).",
    ),
]
PageTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--page-timeout",
        metavar="SECONDS",
        min=0.1,
        max=MAX_PAGE_TIMEOUT,
        callback=_finite,
        help="The most one page may take to extract, and again to annotate; past it the page "
        "fails (extraction) or keeps its times only (annotation), and the others go on.",
    ),
]
FollowLinksOpt = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        help="Also read what a folder's symlinks to outside the folder point to (refused by "
        "default: a folder given is that folder).",
    ),
]
ProcessesOpt = Annotated[
    int,
    typer.Option(
        "--processes",
        "-p",
        metavar="N",
        min=1,
        max=MAX_PROCESSES,
        help="Worker processes for the English parser.",
    ),
]


def _checked_embeddings(value: str) -> str:
    from crosswire.compare.embeddings import EMBEDDINGS

    if value not in EMBEDDINGS:
        raise typer.BadParameter(f"unknown embeddings {value!r}: use {' or '.join(EMBEDDINGS)}")
    return value


EmbeddingsOpt = Annotated[
    str,
    typer.Option(
        "--embeddings",
        metavar="minilm|words",
        help="Text similarity: the packaged MiniLM sentence model, or plain word overlap (no "
        "model).",
        callback=_checked_embeddings,
    ),
]

DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="The desk's store (an SQLite file, created if missing); default $CROSSWIRE_DB, else "
        "crosswire.db in the working directory.",
        dir_okay=False,
    ),
]


# ---------------------------------------------------------------- running the library


@contextmanager
def _library_errors(err: Console) -> Iterator[None]:
    """Library errors as exit codes: bad arguments 2, anything else raised on purpose 1."""
    try:
        yield
    except ConfigError as exc:
        _fail(err, f"error: {exc}", EXIT_USAGE)
    except CrosswireError as exc:
        _fail(err, f"error: {exc}", EXIT_INPUT_FAILED)


def _check_inputs(err: Console, inputs: Sequence[str]) -> None:
    """A path that does not exist is a usage error, found before anything is read or written."""
    from crosswire.sources.inputs import missing_paths

    missing = missing_paths(inputs)
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        _fail(
            err,
            f"error: no such file or folder: {', '.join(missing[:5])}{more} (check the path; web "
            "addresses start with http:// or https://)",
            EXIT_USAGE,
        )


@contextmanager
def _progress(err: Console) -> Iterator[ProgressHook]:
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
def _running(inputs: Sequence[str]) -> Iterator[tuple[Console, ProgressHook]]:
    """A command's work on its inputs: missing paths refused first, library errors turned into
    exit codes, progress on stderr. Yields stderr's console and the progress callback."""
    err = Console(stderr=True)
    _check_inputs(err, inputs)
    with _library_errors(err), _progress(err) as on_progress, _logging_to(err):
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
def _logging_to(err: Console) -> Iterator[None]:
    handler = _ConsoleLogHandler(err)
    logger = logging.getLogger("crosswire")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _finish(err: Console, content: str, output: Path | None, results: Results) -> NoReturn:
    """Write the result, report per-input errors and warnings, exit with the code they imply."""
    _write(err, content, output)
    raise typer.Exit(_report_outcomes(err, results))


def _report_outcomes(err: Console, results: Results) -> int:
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
                _error(err, f"error: {item.source}: {item.message}")
            else:
                untold.setdefault(given, Counter())[item.message.split(" (", 1)[0]] += 1
        else:
            for problem in item.problems:
                warning = f"warning: {item.source}: {problem.stage}: {problem.message}"
                err.print(Text(without_controls(warning), "yellow"), soft_wrap=True)
    for given, reasons in untold.items():
        for reason, count in reasons.most_common():
            _error(err, f"error: {given}: {count} more failed (not listed one by one): {reason}")
    return EXIT_INPUT_FAILED if failed else EXIT_OK


def _error(err: Console, message: str) -> None:
    # Text, not a markup string: sources and messages come from users and pages and may hold "[";
    # and no control characters: a file's name or a page may carry terminal escapes.
    err.print(Text(without_controls(message), style="bold red"), soft_wrap=True)


def _fail(err: Console, message: str, code: int) -> NoReturn:
    _error(err, message)
    raise typer.Exit(code)


def _write(err: Console, content: str, output: Path | None) -> None:
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
        _fail(err, f"error: cannot write {output}: {exc.strerror or exc}", EXIT_USAGE)


# ---------------------------------------------------------------- commands


@app.command()
def extract(
    inputs: InputsArg,
    fmt: ArticleFormatOpt = "json",
    output: OutputOpt = None,
    url: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="The page's own address, when the input is a saved copy (one input).",
            callback=_check_url,
        ),
    ] = None,
    outlet: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="The outlet's name; wins over what the page says."),
    ] = None,
    published: PublishedOpt = None,
    fetched_at: FetchedAtOpt = None,
    max_bytes: MaxBytesOpt = None,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = None,
    max_archive_bytes: MaxArchiveBytesOpt = None,
    follow_links: FollowLinksOpt = False,
    page_timeout: PageTimeoutOpt = PAGE_TIMEOUT,
) -> None:
    """Extract the clean article and its metadata from each page dump, HTML page or URL.

    Examples:

      crosswire extract saved-page.txt
      crosswire extract pages/ crawl.warc.gz -f jsonl -o articles.jsonl
      crosswire extract copy.html --url https://example.com/story --published 2025-11-09
    """
    from crosswire import pipeline

    if url is not None and len(inputs) > 1:
        raise typer.BadParameter("--url names one page; give one input with it", param_hint="--url")
    with _running(inputs) as (err, on_progress):
        results = pipeline.extract(
            inputs,
            url=url,
            outlet=outlet,
            published=published,
            fetched_at=fetched_at,
            **_limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
            on_progress=on_progress,
        )
    _finish(err, _articles(results, fmt), output, results)


def _limits(
    max_bytes: int | None,
    allow_private: bool,
    timeout: float | None,
    max_archive_bytes: int | None,
    follow_links: bool,
    page_timeout: float,
) -> dict[str, Any]:
    """The reading limits every command takes, as the library's keyword arguments."""
    return {
        "max_bytes": max_bytes,
        "allow_private": allow_private,
        "timeout": timeout,
        "max_archive_bytes": max_archive_bytes,
        "follow_links": follow_links,
        "page_timeout": page_timeout,
    }


def _read(
    inputs: Sequence[str],
    published: str | None,
    fetched_at: str | None,
    on_progress: ProgressHook,
    limits: dict[str, Any],
) -> Results:
    """The inputs' articles, for the commands that read them with no hints but the dates."""
    from crosswire import pipeline

    return pipeline.extract(
        inputs, published=published, fetched_at=fetched_at, on_progress=on_progress, **limits
    )


def _articles(results: Results, fmt: str) -> str:
    from crosswire.report.render import render_articles

    return render_articles([r for r in results if isinstance(r, Article)], fmt)


@app.command()
def annotate(
    inputs: InputsArg,
    fmt: ArticleFormatOpt = "json",
    output: OutputOpt = None,
    published: PublishedOpt = None,
    fetched_at: FetchedAtOpt = None,
    processes: ProcessesOpt = 1,
    max_bytes: MaxBytesOpt = None,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = None,
    max_archive_bytes: MaxArchiveBytesOpt = None,
    follow_links: FollowLinksOpt = False,
    page_timeout: PageTimeoutOpt = PAGE_TIMEOUT,
) -> None:
    """Extract each article, then find who said what, and when: entities, quotes, sources, times.

    Examples:

      crosswire annotate story.html
      crosswire annotate pages/ -p 2 -f jsonl -o annotated.jsonl
    """
    from crosswire import pipeline

    with _running(inputs) as (err, on_progress):
        read = _read(
            inputs,
            published,
            fetched_at,
            on_progress,
            _limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
        )
        results = pipeline.annotate(
            read, processes=processes, page_timeout=page_timeout, on_progress=on_progress
        )
    _finish(err, _articles(results, fmt), output, results)


@app.command()
def stories(
    inputs: StoreInputsArg = None,
    fmt: Annotated[
        str,
        _format_option(
            STORY_FORMATS, "Output: JSON ({'stories': [...]}), JSON lines, Markdown, or a list"
        ),
    ] = "json",
    output: OutputOpt = None,
    published: PublishedOpt = None,
    fetched_at: FetchedAtOpt = None,
    embeddings: EmbeddingsOpt = "minilm",
    max_bytes: MaxBytesOpt = None,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = None,
    max_archive_bytes: MaxArchiveBytesOpt = None,
    follow_links: FollowLinksOpt = False,
    page_timeout: PageTimeoutOpt = PAGE_TIMEOUT,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="List the stories of the desk's store instead (`crosswire ingest` fills it).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Group the articles into stories: every article in exactly one (an off-topic one alone).

    A story's id stays the same for the same inputs: give it to `crosswire dossier --story`.
    With --db, the stories the desk's store holds, as its ingests grouped them.

    Examples:

      crosswire stories pages/ -f text
      crosswire stories *.html --embeddings words -o stories.json
      crosswire stories --db desk.db -f text
    """
    from crosswire import pipeline
    from crosswire.report.render import render_stories

    inputs = _inputs_or_store(inputs, db)
    if db is not None:
        _finish(Console(stderr=True), render_stories(_stored_stories(db), fmt), output, [])
    with _running(inputs) as (err, on_progress):
        results = _read(
            inputs,
            published,
            fetched_at,
            on_progress,
            _limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
        )
        found = pipeline.stories(results, embeddings=embeddings, on_progress=on_progress)
    _finish(err, render_stories(found, fmt), output, results)


def _inputs_or_store(inputs: list[str] | None, db: Path | None) -> list[str]:
    """The inputs, or none with --db (which reads the store instead): one or the other."""
    if db is not None and inputs:
        raise typer.BadParameter("give inputs or --db, not both", param_hint="--db")
    if db is None and not inputs:
        raise typer.BadParameter("give PATH_OR_URL... (or --db to read the desk's store)")
    return inputs or []


def _stored_stories(db: Path) -> list[Story]:
    from crosswire.store.desk import Desk

    err = Console(stderr=True)
    with _library_errors(err), _logging_to(err), Desk(db, create=False) as desk:
        return [Story(s.key, s.title, s.sources) for s in desk.stories()]


STORY_TITLE_CHARS = 70  # a story's title in the terminal message is cut here


def _counted(n: int, what: str, many: str | None = None) -> str:
    return f"{n} {what if n == 1 else (many or what + 's')}"


def story_message(story: ChosenStory) -> str:
    """Which story the dossier covers and how to choose another, for the terminal."""
    title = story.title
    if len(title) > STORY_TITLE_CHARS:
        title = title[: STORY_TITLE_CHARS - 1].rstrip() + "…"
    how = "(as asked)" if story.asked else "chosen"
    told = (
        f"Story {story.id} {how}: '{title}' ({_counted(story.articles, 'article')}, "
        f"{_counted(story.outlets, 'outlet')})"
    )
    if not story.others:
        return told + "."
    aside = _counted(story.others, "other story", "other stories")
    if story.asked:
        return f"{told}; {aside} set aside."
    return (
        f"{told}; {aside} set aside — list them with `crosswire stories`, choose one with "
        "`--story ID`."
    )


@app.command()
def dossier(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The dossier file: .html, .md or .json (or give --format).",
            dir_okay=False,
        ),
    ],
    inputs: StoreInputsArg = None,
    fmt: Annotated[
        str | None,
        _format_option(DOSSIER_FORMATS, "Dossier format; by default the output file's suffix"),
    ] = None,
    published: PublishedOpt = None,
    fetched_at: FetchedAtOpt = None,
    story: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="Build the dossier of this story, as `crosswire stories` listed it for the same "
            "inputs (default: the biggest story).",
        ),
    ] = None,
    embeddings: EmbeddingsOpt = "minilm",
    keep_all: Annotated[
        bool,
        typer.Option(
            "--keep-all",
            help="Compare every article, even those that seem to be about other stories.",
        ),
    ] = False,
    processes: ProcessesOpt = 1,
    max_bytes: MaxBytesOpt = None,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = None,
    max_archive_bytes: MaxArchiveBytesOpt = None,
    follow_links: FollowLinksOpt = False,
    page_timeout: PageTimeoutOpt = PAGE_TIMEOUT,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="The dossier of a story of the desk's store (--story KEY; default its biggest): "
            "its latest version, built again first when missing or stale. The store's own "
            "embeddings are used.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """The story dossier: facts lined up across outlets, conflicts, quotes, timeline, actors.

    Examples:

      crosswire dossier a.html b.txt https://example.com/story -o story.html
      crosswire stories pages/ -f text
      crosswire dossier pages/ --story story-3f2a9c1d04be -o story.md
      crosswire dossier --db desk.db --story story-3f2a9c1d04be -o story.html
    """
    from crosswire import pipeline
    from crosswire.report.render import render_dossier

    chosen = fmt or DOSSIER_SUFFIXES.get(output.suffix.lower())
    if chosen is None:
        raise typer.BadParameter(
            f"cannot tell the format from {output.name!r}: name the file .html, .md or .json, or "
            "give --format",
            param_hint="--output",
        )
    inputs = _inputs_or_store(inputs, db)
    if db is not None:
        _stored_dossier(db, story, output, chosen)
    with _running(inputs) as (err, on_progress):
        found = pipeline.make_dossier(
            inputs,
            published=published,
            fetched_at=fetched_at,
            story=story,
            keep_all=keep_all,
            embeddings=embeddings,
            processes=processes,
            **_limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
            on_progress=on_progress,
        )
    _write(err, render_dossier(found, chosen), output)
    code = _report_outcomes(err, [*found.articles, *found.set_aside, *found.failures])
    if found.story is not None:
        err.print(Text(without_controls(story_message(found.story))), soft_wrap=True)
    read = len(found.articles) + len(found.set_aside)
    typer.echo(
        without_controls(
            f"Dossier written to {output} ({len(found.articles)} of {read} articles, "
            f"{_counted(len(found.facts), 'fact')}, {_counted(len(found.conflicts), 'conflict')}, "
            f"{len(found.failures)} failed)"
        )
    )
    raise typer.Exit(code)


def _stored_dossier(db: Path, story: str | None, output: Path, fmt: str) -> NoReturn:
    """The latest dossier of the store's story (built again first when missing or stale),
    written to `output`."""
    from crosswire.report.render import render_dossier_dict
    from crosswire.store.desk import Desk

    err = Console(stderr=True)
    with _library_errors(err), _logging_to(err), Desk(db, create=False) as desk:
        if story is None:
            held = desk.stories()
            if not held:
                _fail(err, f"error: {desk.where} holds no story yet (`crosswire ingest`)", 1)
            story = held[0].key
        kept = desk.dossier(story)
        if kept is None or desk.dossier_is_stale(story):
            kept = desk.rebuild_dossier(story)
    _write(err, render_dossier_dict(kept.dossier, fmt), output)
    built = kept.dossier
    typer.echo(
        without_controls(
            f"Dossier of {story} (version {kept.version}) written to {output} "
            f"({_counted(len(built['articles']), 'article')}, "
            f"{_counted(len(built['facts']), 'fact')}, "
            f"{_counted(len(built['conflicts']), 'conflict')})"
        )
    )
    raise typer.Exit(EXIT_OK)


@app.command()
def ingest(
    ctx: typer.Context,
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH_OR_URL...]",
            help="Files (.txt, .html, .gz, .jsonl, .warc), folders (read recursively) or http(s) "
            "URLs; none with --from-batch.",
            show_default=False,
        ),
    ] = None,
    db: DbOpt = None,
    url: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="The page's own address, when the input is a saved copy (one input).",
            callback=_check_url,
        ),
    ] = None,
    outlet: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="The outlet's name; wins over what the page says."),
    ] = None,
    published: PublishedOpt = None,
    fetched_at: FetchedAtOpt = None,
    processes: ProcessesOpt = 1,
    max_bytes: MaxBytesOpt = None,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = None,
    max_archive_bytes: MaxArchiveBytesOpt = None,
    follow_links: FollowLinksOpt = False,
    page_timeout: PageTimeoutOpt = PAGE_TIMEOUT,
    queue: Annotated[
        bool,
        typer.Option(
            "--queue", help="Queue each input as a job for `crosswire worker` instead of now."
        ),
    ] = False,
    from_batch: Annotated[
        Path | None,
        typer.Option(
            "--from-batch",
            metavar="DIR",
            help="Store the articles of a `crosswire batch` run (its --out directory) instead "
            "of reading inputs: as extracted and annotated there, not again.",
            exists=True,
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Store each page's article in the desk: once, however often it comes; a changed page at a
    known address as a new version.

    Examples:

      crosswire ingest pages/ crawl.warc.gz
      crosswire ingest https://example.com/story --db desk.db
      crosswire ingest --from-batch out/ --db archive.db
    """
    from crosswire.store.desk import Desk

    if from_batch is not None:
        _ingest_batch(ctx, from_batch, db)
    if not inputs:
        raise typer.BadParameter("give PATH_OR_URL... (or --from-batch DIR)")
    if url is not None and len(inputs) > 1:
        raise typer.BadParameter("--url names one page; give one input with it", param_hint="--url")
    if queue:
        _queue_inputs(inputs, db, hints=(url, outlet, published, fetched_at))
    with _running(inputs) as (err, on_progress), Desk(db) as desk:
        report = desk.ingest(
            inputs,
            url=url,
            outlet=outlet,
            published=published,
            fetched_at=fetched_at,
            processes=processes,
            **_limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
            on_progress=on_progress,
        )
    code = _report_outcomes(err, report.failures)
    typer.echo(without_controls(report.summary()))
    raise typer.Exit(code)


def _ingest_batch(ctx: typer.Context, out_dir: Path, db: Path | None) -> NoReturn:
    """`ingest --from-batch DIR`: the batch run's articles stored as they are (the options for
    reading and extracting inputs have nothing to do: refused, not ignored). Rows that did not
    read back fail the command, as failed inputs do."""
    from crosswire.batch.results import batch_articles, count_batch_articles
    from crosswire.store.desk import Desk

    if ctx.params.get("inputs"):
        raise typer.BadParameter("give inputs or --from-batch, not both", param_hint="--from-batch")
    given = [
        param.opts[0]
        for param in ctx.command.params
        if param.name not in ("inputs", "db", "from_batch")
        and ctx.params.get(param.name or "") != param.default
    ]
    if given:
        raise typer.BadParameter(
            f"{', '.join(given)} read inputs; a batch run's articles are read already",
            param_hint="--from-batch",
        )
    err = Console(stderr=True)
    with _library_errors(err), _progress(err) as on_progress, _logging_to(err):
        articles = batch_articles(out_dir)  # checked before a store is made: no empty crosswire.db
        total = count_batch_articles(out_dir)
        with Desk(db) as desk:
            report = desk.ingest_articles(articles, on_progress=on_progress, total=total)
    code = _report_outcomes(err, report.failures)
    if articles.unreadable:
        _error(err, f"error: {_counted(articles.unreadable, 'row')} of {out_dir} did not read back")
        code = EXIT_INPUT_FAILED
    typer.echo(without_controls(report.summary()))
    raise typer.Exit(code)


# ---------------------------------------------------------------- the worker and its feeds


def _check_every(value: str | None) -> str | None:
    from crosswire.store.feed_rows import parse_duration

    if value is not None:
        try:
            parse_duration(value)
        except ConfigError as exc:
            raise typer.BadParameter(str(exc)) from exc
    return value


@app.command()
def worker(
    db: DbOpt = None,
    once: Annotated[
        bool, typer.Option("--once", help="Work through what is due now, then stop.")
    ] = False,
    allow_private: AllowPrivateOpt = False,
    every: Annotated[
        float,
        typer.Option(
            metavar="SECONDS",
            min=0.01,
            max=MAX_PAGE_TIMEOUT,
            help="How long to wait, when no job is due, before looking again (default 30).",
            callback=_finite,
        ),
    ] = 30.0,
    annotate: Annotated[
        bool,
        typer.Option("--annotate/--no-annotate", help="Annotate new articles as they are stored."),
    ] = True,
) -> None:
    """Poll the feeds that are due and work through the job queue (ingest, poll, dossier), until
    stopped (Ctrl-C or SIGTERM: the job under way is finished first), or once with --once.

    Examples:

      crosswire worker --db desk.db
      crosswire worker --once
    """
    import signal
    import threading

    from crosswire.sources.options import SourceOptions
    from crosswire.store.desk import Desk
    from crosswire.store.worker import Worker

    err = Console(stderr=True)
    with _library_errors(err), _logging_to(err), Desk(db) as desk:
        working = Worker(
            desk, options=SourceOptions(allow_private=allow_private), annotate=annotate
        )
        if once:
            report = working.run_once()
        else:
            stop = threading.Event()
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda _signum, _frame: stop.set())
            report = working.run(stop, idle_seconds=every)
    typer.echo(report.summary())


feeds_app = typer.Typer(
    name="feeds", help="The feeds the worker polls for new articles.", no_args_is_help=True
)
app.add_typer(feeds_app)


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(metavar="URL", help="The feed's address (RSS or Atom).")],
    db: DbOpt = None,
    every: Annotated[
        str,
        typer.Option(
            metavar="DURATION",
            help="How often to poll it: 90s, 30m, 2h, 1d (at least 1m).",
            callback=_check_every,
        ),
    ] = "30m",
) -> None:
    """Poll a feed from now on (the worker fetches what it links to); again: a new interval.

    Examples:

      crosswire feeds add https://example.com/rss.xml --every 15m
    """
    from crosswire.store.desk import Desk
    from crosswire.store.feed_rows import parse_duration

    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise typer.BadParameter("a feed's address starts with http:// or https://")
    err = Console(stderr=True)
    with _library_errors(err), Desk(db) as desk:
        feed = desk.add_feed(url, parse_duration(every))
    typer.echo(f"feed {feed.id}: {without_controls(feed.url)}, every {feed.every_seconds} s")


@feeds_app.command("list")
def feeds_list(db: DbOpt = None) -> None:
    """The feeds polled: id, interval, last and next poll, address."""
    from crosswire.store.desk import Desk

    err = Console(stderr=True)
    with _library_errors(err), Desk(db) as desk:
        found = desk.feeds()
    for feed in found:
        last = feed.last_polled.isoformat(timespec="seconds") if feed.last_polled else "never"
        due = feed.next_poll.isoformat(timespec="seconds") if feed.next_poll else "now"
        line = f"{feed.id}\tevery {feed.every_seconds} s\tpolled {last}\tnext {due}\t{feed.url}"
        typer.echo(without_controls(line))


@feeds_app.command("remove")
def feeds_remove(
    feed: Annotated[str, typer.Argument(metavar="ID_OR_URL", help="The feed's id or address.")],
    db: DbOpt = None,
) -> None:
    """Stop polling a feed (the articles it brought stay)."""
    from crosswire.store.desk import Desk

    err = Console(stderr=True)
    with _library_errors(err), Desk(db) as desk:
        removed = desk.remove_feed(feed)
    typer.echo(without_controls(f"feed {removed.id} removed: {removed.url}"))


def _queue_inputs(inputs: Sequence[str], db: Path | None, hints: Sequence[str | None]) -> NoReturn:
    """`ingest --queue`: each input an "ingest" job (paths made absolute: the worker may run
    elsewhere); what is known of a page (--url, --outlet, ...) is not carried by a job."""
    from crosswire.store.desk import Desk
    from crosswire.store.worker import is_web_url

    if any(hint is not None for hint in hints):
        raise typer.BadParameter(
            "--url, --outlet, --published and --fetched-at are not kept with queued inputs",
            param_hint="--queue",
        )
    err = Console(stderr=True)
    _check_inputs(err, inputs)
    with _library_errors(err), Desk(db) as desk:
        for given in inputs:
            desk.enqueue(
                "ingest", {"input": given if is_web_url(given) else os.path.abspath(given)}
            )
    typer.echo(f"{_counted(len(inputs), 'job')} queued")
    raise typer.Exit(EXIT_OK)


# ---------------------------------------------------------------- the web desk


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS",
            help="The address to listen on; another than 127.0.0.1 needs --token.",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(metavar="PORT", min=1, max=65535, help="The port to listen on.")
    ] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            metavar="TOKEN",
            envvar="CROSSWIRE_TOKEN",
            show_envvar=True,
            help="An access token: browsers log in with it, API clients send it as a bearer "
            "token. Required to listen on any address but a loopback one.",
        ),
    ] = None,
    allow_private: AllowPrivateOpt = False,
    max_upload: Annotated[
        int,
        typer.Option(metavar="MB", min=1, max=4096, help="The largest upload taken, in megabytes."),
    ] = 50,
    processes: Annotated[
        int,
        typer.Option(
            metavar="N",
            min=1,
            max=64,
            help="Server processes answering requests (one per core the desk may use).",
        ),
    ] = 1,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Run the desk's worker beside the server (reads pages, polls feeds, rebuilds "
            "dossiers); --no-worker when one runs elsewhere.",
        ),
    ] = True,
) -> None:
    """Serve the desk in a browser: stories, dossiers, articles, search, outlets, adding pages,
    the job queue, and a JSON API (docs at /docs). Stop it with Ctrl-C.

    Examples:

      crosswire serve --db desk.db
      CROSSWIRE_TOKEN=s3cret crosswire serve --host 0.0.0.0 --port 8080
    """
    from crosswire.web.server import serve as run_server
    from crosswire.web.settings import WebSettings

    err = Console(stderr=True)
    settings = WebSettings(
        db=None if db is None else str(db),
        token=token or None,
        allow_private=allow_private,
        max_upload_bytes=max_upload * 1024 * 1024,
    )

    def ready(address: str) -> None:
        shown = f"crosswire desk at [bold]{address}[/] (store: {db or 'default'}); Ctrl-C stops it"
        err.print(shown, soft_wrap=True)

    with _library_errors(err), _logging_to(err):
        run_server(settings, host, port, worker=worker, processes=processes, on_ready=ready)


# ---------------------------------------------------------------- archives on Ray


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            help="WARC or WARC.gz files, JSONL files, pages, folders or globs (quote them); "
            "s3:// and other URIs pyarrow reads pass through.",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="The output directory (Parquet); a run over the same one resumes.",
            file_okay=False,
        ),
    ],
    address: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="A Ray cluster: 'auto' on one of its nodes, or ray://HEAD:10001. "
            "Default: Ray on this machine.",
        ),
    ] = None,
    num_cpus: Annotated[
        int | None,
        typer.Option(
            metavar="N", min=1, help="CPUs Ray uses on this machine (default: all of them)."
        ),
    ] = None,
    stage: Annotated[
        str,
        typer.Option(
            metavar="STAGE",
            help="Stop after this stage: extract, annotate, stories or dossiers.",
        ),
    ] = "dossiers",
    embeddings: EmbeddingsOpt = "minilm",
    page_timeout: PageTimeoutOpt = PAGE_TIMEOUT,
) -> None:
    """Take an archive through the whole job on Ray Data, writing Parquet a researcher loads in
    pandas, DuckDB or Spark: articles/ and failures/ (every record in one of them, once),
    stories/, dossiers/ (one per story of two outlets or more, with index.parquet).

    Examples:

      crosswire batch crawl/*.warc.gz --out out/batch
      crosswire batch pages.jsonl --out out/batch --stage annotate --num-cpus 2
      crosswire batch 's3://bucket/cc-news/*.warc.gz' --out /data/batch --address auto
    """
    from crosswire.batch.run import run_batch

    err = Console(stderr=True)
    if stage not in BATCH_STAGES:
        raise typer.BadParameter(f"choose one of {', '.join(BATCH_STAGES)}", param_hint="--stage")
    started = time.monotonic()

    def step(name: str, done: int, total: int | None) -> None:
        # Ray Data draws the bars of each stage's operators; crosswire says which stage runs.
        count = f" ({done}/{total} files)" if total else ""
        err.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {name}{count}", highlight=False)

    with _library_errors(err), _logging_to(err):
        summary = run_batch(
            inputs,
            out,
            stage=stage,
            address=address,
            num_cpus=num_cpus,
            page_timeout=page_timeout,
            embeddings=embeddings,
            progress_bars=err.is_terminal,
            on_progress=step,
        )
    err.print(_batch_summary(summary, time.monotonic() - started))
    raise typer.Exit(0)


def _batch_summary(summary: BatchSummary, seconds: float) -> Table:
    """What the batch output holds, and what this run took."""
    table = Table(title=f"crosswire batch: {summary.out}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    done_before = (
        f" ({summary.shards_done_before} done before)" if summary.shards_done_before else ""
    )
    table.add_row("shards", f"{summary.shards}{done_before}")
    table.add_row("records read", str(summary.records))
    table.add_row("articles", f"{summary.articles} ({summary.duplicates} duplicates)")
    failed = sum(summary.failures.values())
    table.add_row("failures", str(failed))
    for reason, count in summary.failures.most_common(BATCH_REASONS_SHOWN):
        table.add_row("", f"{count} × {without_controls(reason)}")
    if summary.stories is not None:
        table.add_row("stories", str(summary.stories))
    if summary.dossiers is not None:
        table.add_row("dossiers", str(summary.dossiers))
    for stage, spent in summary.seconds.items():
        table.add_row(f"{stage} time", f"{spent:.1f} s")
    table.add_row("run time", f"{seconds:.1f} s")
    return table
