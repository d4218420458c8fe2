"""The `crosswire` command: thin argument parsing over `crosswire.pipeline` and
`crosswire.report.render`.

Exit codes: 0 when every input became an article, 1 when any input failed (the others still
complete and are written), 2 for usage errors (bad options, unwritable output).
Results go to stdout or --output; progress, per-input errors and warnings go to stderr.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from crosswire import __version__
from crosswire.errors import ConfigError, CrosswireError
from crosswire.model import Article, Hints, InputFailure, Story
from crosswire.report.article_json import article_to_dict
from crosswire.report.render import ArticleFormat, DossierFormat, render_article, render_dossier

if TYPE_CHECKING:
    from crosswire.compare.embeddings import EmbeddingBackend

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2

# Inputs that may expand to many pages, so the number of items is not known up front.
MULTI_PAGE_SUFFIXES = (".jsonl", ".warc", ".warc.gz")
DOSSIER_SUFFIXES: dict[str, DossierFormat] = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}
# Articles annotated per step of the progress bar (spaCy's own batch size: no parsing speed lost).
ANNOTATE_BATCH = 32
# ISO 8601 as precise as the user knows: 2025, 2025-11, 2025-11-09, 2025-11-09T15:22[:00][+02:00].
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?")

Results = list[Article | InputFailure]

app = typer.Typer(
    name="crosswire",
    help="Turn many outlets' coverage of one story into clean articles and a story dossier.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    text = "text"


class StoriesFormat(StrEnum):
    json = "json"
    text = "text"


class EmbeddingChoice(StrEnum):
    minilm = "minilm"
    words = "words"


class AnnotateFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


class DossierChoice(StrEnum):
    html = "html"
    md = "md"
    json = "json"


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


# ---------------------------------------------------------------- option types and checks

InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files (.txt, .html, .gz, .jsonl, .warc), folders (read recursively) or http(s) URLs.",
        show_default=False,
    ),
]
MaxBytesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-bytes", min=1, help="Refuse any input larger than this many bytes (default 50 MB)."
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write here instead of stdout.", dir_okay=False),
]
ProcessesOpt = Annotated[
    int, typer.Option("--processes", "-p", min=1, help="Parser processes (spaCy n_process).")
]
EmbeddingsOpt = Annotated[
    EmbeddingChoice,
    typer.Option(
        help="Text similarity: the MiniLM sentence model, or plain word overlap (no model)."
    ),
]


def _check_published(value: str | None) -> str | None:
    if value is None or PARTIAL_DATE.fullmatch(value):
        return value
    try:
        parse = date.fromisoformat if len(value) <= len("2025-11-09") else datetime.fromisoformat
        parse(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO 8601 date (e.g. 2025-11-09 or 2025-11-09T15:22+02:00)"
        ) from None
    return value


def _check_url(value: str | None) -> str | None:
    if value is not None and not value.lower().startswith(("http://", "https://")):
        raise typer.BadParameter(f"{value!r} is not an http(s) address")
    return value


# ---------------------------------------------------------------- running the pipeline


def run_pipeline(
    inputs: Sequence[str],
    *,
    hints: Hints,
    max_bytes: int | None,
    on_item: Callable[[str], None] | None = None,
) -> Results:
    """Every input through `crosswire.pipeline.extract_all`, with the CLI's source options."""
    # Imported here so `crosswire --help` and `--version` stay fast (the pipeline loads models).
    from crosswire.pipeline import extract_all
    from crosswire.sources.options import SourceOptions

    options = SourceOptions() if max_bytes is None else SourceOptions(max_bytes=max_bytes)
    return extract_all(inputs, hints=hints, options=options, on_item=on_item)


def _expected_items(inputs: Sequence[str]) -> int | None:
    for item in inputs:
        if item.lower().endswith(MULTI_PAGE_SUFFIXES) or Path(item).is_dir():
            return None
    return len(inputs)


@contextmanager
def _progress(err: Console, inputs: Sequence[str]) -> Iterator[Callable[[str], None] | None]:
    """A progress bar on stderr for several inputs, when stderr is a terminal."""
    if len(inputs) < 2 or not err.is_terminal:
        yield None
        return
    columns = (
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("", total=_expected_items(inputs))

        def advance(source: str) -> None:
            progress.update(task, advance=1, description=Path(source).name[-40:])

        yield advance


def _extract(err: Console, inputs: Sequence[str], hints: Hints, max_bytes: int | None) -> Results:
    try:
        with _progress(err, inputs) as on_item:
            return run_pipeline(inputs, hints=hints, max_bytes=max_bytes, on_item=on_item)
    except ConfigError as exc:
        _error(err, f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except CrosswireError as exc:
        _error(err, f"error: {exc}")
        raise typer.Exit(EXIT_INPUT_FAILED) from None


def _report_outcomes(err: Console, results: Results) -> int:
    """Per-input errors and article problems on stderr; the exit code they imply."""
    failed = 0
    for item in results:
        if isinstance(item, InputFailure):
            failed += 1
            _error(err, f"error: {item.source}: {item.message}")
        else:
            for problem in item.problems:
                err.print(
                    Text(f"warning: {item.source}: {problem.stage}: {problem.message}", "yellow"),
                    soft_wrap=True,
                )
    return EXIT_INPUT_FAILED if failed else EXIT_OK


def _error(err: Console, message: str) -> None:
    # Text, not a markup string: sources and messages come from users and pages and may hold "[".
    err.print(Text(message, style="bold red"), soft_wrap=True)


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
        output.write_text(content, encoding="utf-8")
    except OSError as exc:
        _error(err, f"error: cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_USAGE) from None


# ---------------------------------------------------------------- commands


def format_articles(articles: Sequence[Article], fmt: ExtractFormat) -> str:
    """The articles as `crosswire extract` prints them."""
    if fmt is ExtractFormat.json:
        return (
            json.dumps([article_to_dict(a) for a in articles], ensure_ascii=False, indent=2) + "\n"
        )
    if fmt is ExtractFormat.jsonl:
        return "".join(json.dumps(article_to_dict(a), ensure_ascii=False) + "\n" for a in articles)
    style: ArticleFormat = "markdown" if fmt is ExtractFormat.markdown else "text"
    separator = "\n---\n\n" if fmt is ExtractFormat.markdown else "\n"
    return separator.join(render_article(a, style) for a in articles)


@app.command()
def extract(
    inputs: InputsArg,
    fmt: Annotated[
        ExtractFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format: one JSON array, JSON lines, Markdown "
            "with metadata, or plain text.",
        ),
    ] = ExtractFormat.json,
    output: OutputOpt = None,
    url: Annotated[
        str | None,
        typer.Option(
            help="The page's own address, when the input is a saved copy (one input).",
            callback=_check_url,
        ),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="The outlet's name; wins over what the page says.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date/time you know (ISO 8601, as precise as known).",
            callback=_check_published,
        ),
    ] = None,
    max_bytes: MaxBytesOpt = None,
) -> None:
    """Extract the clean article and its metadata from each page dump, HTML page or URL."""
    err = Console(stderr=True)
    if url is not None and len(inputs) > 1:
        raise typer.BadParameter("--url names one page; give one input with it", param_hint="--url")
    results = _extract(err, inputs, Hints(url=url, outlet=outlet, published=published), max_bytes)
    articles = [r for r in results if isinstance(r, Article)]
    _write(err, format_articles(articles, fmt), output)
    raise typer.Exit(_report_outcomes(err, results))


def _annotate(err: Console, articles: list[Article], processes: int) -> list[Article]:
    """`annotate_articles` in batches, with a progress bar over articles for many inputs."""
    from crosswire.annotate.annotator import annotate_articles

    show = len(articles) > 1 and err.is_terminal
    batch = ANNOTATE_BATCH if show else max(len(articles), 1)
    done: list[Article] = []
    columns = (TextColumn("annotating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=err, transient=True, disable=not show) as progress:
            task = progress.add_task("", total=len(articles))
            for first in range(0, len(articles), batch):
                chunk = articles[first : first + batch]
                done.extend(annotate_articles(chunk, n_process=processes))
                progress.update(task, advance=len(chunk))
    except ConfigError as exc:
        _error(err, f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    return done


@app.command()
def annotate(
    inputs: InputsArg,
    fmt: Annotated[
        AnnotateFormat,
        typer.Option("--format", "-f", help="Output format: one JSON array or JSON lines."),
    ] = AnnotateFormat.json,
    output: OutputOpt = None,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date/time you know (ISO 8601): the anchor of relative dates.",
            callback=_check_published,
        ),
    ] = None,
    processes: ProcessesOpt = 1,
    max_bytes: MaxBytesOpt = None,
) -> None:
    """Extract each article, then find who said what, and when: entities, quotes, sources, times."""
    err = Console(stderr=True)
    results = _extract(err, inputs, Hints(published=published), max_bytes)
    articles = _annotate(err, [r for r in results if isinstance(r, Article)], processes)
    annotated = iter(articles)
    results = [r if isinstance(r, InputFailure) else next(annotated) for r in results]
    _write(err, format_articles(articles, ExtractFormat(fmt.value)), output)
    raise typer.Exit(_report_outcomes(err, results))


@app.command()
def stories(
    inputs: InputsArg,
    fmt: Annotated[
        StoriesFormat,
        typer.Option("--format", "-f", help="JSON ({'stories': [...]}) or a readable list."),
    ] = StoriesFormat.json,
    output: OutputOpt = None,
    embeddings: EmbeddingsOpt = EmbeddingChoice.minilm,
    max_bytes: MaxBytesOpt = None,
) -> None:
    """Group the articles into stories: every article in exactly one (an off-topic one alone)."""
    err = Console(stderr=True)
    results = _extract(err, inputs, Hints(), max_bytes)
    articles = [r for r in results if isinstance(r, Article)]
    found = _group(err, articles, embeddings)
    _write(err, format_stories(found, fmt), output)
    raise typer.Exit(_report_outcomes(err, results))


def _group(err: Console, articles: Sequence[Article], embeddings: EmbeddingChoice) -> list[Story]:
    from crosswire.compare.stories import group_stories

    return group_stories(articles, backend=_backend(err, embeddings))


def _backend(err: Console, embeddings: EmbeddingChoice) -> EmbeddingBackend:
    """The chosen text-similarity backend, or a usage error when its model is not installed."""
    from crosswire.compare.embeddings import (
        HashingBackend,
        packaged_model_path,
        quantised_minilm_backend,
        quantised_model_file,
    )

    try:
        if embeddings is EmbeddingChoice.minilm:
            if not quantised_model_file(packaged_model_path()).exists():
                err.print(
                    "Preparing the sentence model (int8, first run only, about 10 s); it is "
                    "cached for later runs.",
                    style="dim",
                )
            return quantised_minilm_backend()
        return HashingBackend()
    except ConfigError as exc:
        _error(err, f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None


def format_stories(found: Sequence[Story], fmt: StoriesFormat) -> str:
    """The stories as `crosswire stories` prints them."""
    if fmt is StoriesFormat.json:
        data = {
            "stories": [{"id": s.id, "title": s.title, "articles": list(s.articles)} for s in found]
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for story in found:
        lines.append(f"{story.id}  {story.title}  ({len(story.articles)} article(s))")
        lines.extend(f"    {source}" for source in story.articles)
    return "\n".join(lines) + ("\n" if lines else "")


@app.command()
def dossier(
    inputs: InputsArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Dossier file: .html, .md or .json.", dir_okay=False),
    ],
    fmt: Annotated[
        DossierChoice | None,
        typer.Option("--format", "-f", help="Dossier format (default: from the output's suffix)."),
    ] = None,
    embeddings: EmbeddingsOpt = EmbeddingChoice.minilm,
    keep_all: Annotated[
        bool,
        typer.Option(
            "--keep-all",
            help="Compare every article, even those that seem to be about other stories.",
        ),
    ] = False,
    processes: ProcessesOpt = 1,
    max_bytes: MaxBytesOpt = None,
) -> None:
    """The story dossier: facts lined up across outlets, conflicts, quotes, timeline, actors."""
    from crosswire.compare.dossier import build_dossier, choose_story

    err = Console(stderr=True)
    suffix = f".{fmt.value}" if fmt is not None else output.suffix.lower()
    chosen = DOSSIER_SUFFIXES.get(suffix)
    if chosen is None:
        raise typer.BadParameter(
            f"cannot tell the format from {output.name!r}; use .html, .md or .json, or --format",
            param_hint="--output",
        )
    backend = _backend(err, embeddings)
    results = _extract(err, inputs, Hints(), max_bytes)
    articles = [r for r in results if isinstance(r, Article)]
    failures = [r for r in results if isinstance(r, InputFailure)]
    with _status(err, "Grouping the articles into stories"):
        choice = choose_story(articles, backend=backend, keep_all=keep_all)
    annotated = _annotate(err, list(choice.articles), processes)
    with _status(err, "Lining up the story across outlets"):
        found = build_dossier(annotated, backend=backend, failures=failures, choice=choice)
    content = render_dossier(found, fmt=chosen, generated_at=datetime.now(UTC))
    _write(err, content, output)
    code = _report_outcomes(err, results)
    typer.echo(
        f"Dossier written to {output} ({len(found.articles)} of {len(articles)} articles, "
        f"{len(found.facts)} facts, {len(found.conflicts)} conflicts, {len(failures)} failed)"
    )
    raise typer.Exit(code)


@contextmanager
def _status(err: Console, message: str) -> Iterator[None]:
    """A spinner on stderr while a step with no countable progress runs."""
    if not err.is_terminal:
        yield
        return
    with err.status(message):
        yield
