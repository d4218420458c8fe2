"""`crosswire extract` and `crosswire annotate`: pages to articles, articles to annotations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from crosswire.budget import PAGE_TIMEOUT
from crosswire.cli.app import app
from crosswire.cli.console import finish, running
from crosswire.cli.options import (
    AllowPrivateOpt,
    ArticleFormatOpt,
    FetchedAtOpt,
    FollowLinksOpt,
    InputsArg,
    MaxArchiveBytesOpt,
    MaxBytesOpt,
    OutputOpt,
    PageTimeoutOpt,
    ProcessesOpt,
    PublishedOpt,
    Results,
    TimeoutOpt,
    check_url,
)
from crosswire.model import Article

if TYPE_CHECKING:
    from crosswire.pipeline import Progress as ProgressHook


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
            callback=check_url,
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
    with running(inputs) as (err, on_progress):
        results = pipeline.extract(
            inputs,
            url=url,
            outlet=outlet,
            published=published,
            fetched_at=fetched_at,
            **reading_limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
            on_progress=on_progress,
        )
    finish(err, _articles(results, fmt), output, results)


def reading_limits(
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


def read_inputs(
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

    with running(inputs) as (err, on_progress):
        read = read_inputs(
            inputs,
            published,
            fetched_at,
            on_progress,
            reading_limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
        )
        results = pipeline.annotate(
            read, processes=processes, page_timeout=page_timeout, on_progress=on_progress
        )
    finish(err, _articles(results, fmt), output, results)
