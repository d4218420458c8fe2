"""Options and arguments the commands share, declared once, with their checks and limits."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from crosswire.errors import ConfigError
from crosswire.model import Article, InputFailure
from crosswire.report.formats import (
    ARTICLE_FORMATS,
    format_named,
)

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


def _format_checker(allowed: Sequence[str]) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        try:
            return None if value is None else format_named(value, allowed)
        except ConfigError as error:
            raise typer.BadParameter(str(error)) from None

    return check


def format_option(allowed: Sequence[str], what: str) -> typer.models.OptionInfo:
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


def check_url(value: str | None) -> str | None:
    from crosswire.pipeline import hints_for

    try:
        return hints_for(url=value).url
    except ConfigError as error:
        raise typer.BadParameter(f"{error}; give the page's own http(s) address") from None


ArticleFormatOpt = Annotated[
    str,
    format_option(
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


def finite(value: float | None) -> float | None:
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
        callback=finite,
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
        callback=finite,
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
