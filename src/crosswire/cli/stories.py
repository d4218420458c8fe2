"""`crosswire stories` and `crosswire dossier`: a pile grouped into stories, one story's dossier."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from crosswire.budget import PAGE_TIMEOUT
from crosswire.cli.app import app
from crosswire.cli.console import (
    counted,
    fail,
    finish,
    library_errors,
    logging_to,
    report_outcomes,
    running,
    write_output,
)
from crosswire.cli.options import (
    EXIT_OK,
    AllowPrivateOpt,
    EmbeddingsOpt,
    FetchedAtOpt,
    FollowLinksOpt,
    MaxArchiveBytesOpt,
    MaxBytesOpt,
    OutputOpt,
    PageTimeoutOpt,
    ProcessesOpt,
    PublishedOpt,
    StoreInputsArg,
    TimeoutOpt,
    format_option,
)
from crosswire.cli.pages import read_inputs, reading_limits
from crosswire.model import ChosenStory, Story
from crosswire.report.control_chars import without_controls
from crosswire.report.formats import (
    DOSSIER_FORMATS,
    DOSSIER_SUFFIXES,
    STORY_FORMATS,
)


@app.command()
def stories(
    inputs: StoreInputsArg = None,
    fmt: Annotated[
        str,
        format_option(
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
        finish(Console(stderr=True), render_stories(_stored_stories(db), fmt), output, [])
    with running(inputs) as (err, on_progress):
        results = read_inputs(
            inputs,
            published,
            fetched_at,
            on_progress,
            reading_limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
        )
        found = pipeline.stories(results, embeddings=embeddings, on_progress=on_progress)
    finish(err, render_stories(found, fmt), output, results)


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
    with library_errors(err), logging_to(err), Desk(db, create=False) as desk:
        return [Story(s.key, s.title, s.sources) for s in desk.stories()]


STORY_TITLE_CHARS = 70  # a story's title in the terminal message is cut here


def story_message(story: ChosenStory) -> str:
    """Which story the dossier covers and how to choose another, for the terminal."""
    title = story.title
    if len(title) > STORY_TITLE_CHARS:
        title = title[: STORY_TITLE_CHARS - 1].rstrip() + "…"
    how = "(as asked)" if story.asked else "chosen"
    told = (
        f"Story {story.id} {how}: '{title}' ({counted(story.articles, 'article')}, "
        f"{counted(story.outlets, 'outlet')})"
    )
    if not story.others:
        return told + "."
    aside = counted(story.others, "other story", "other stories")
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
        format_option(DOSSIER_FORMATS, "Dossier format; by default the output file's suffix"),
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
    with running(inputs) as (err, on_progress):
        found = pipeline.make_dossier(
            inputs,
            published=published,
            fetched_at=fetched_at,
            story=story,
            keep_all=keep_all,
            embeddings=embeddings,
            processes=processes,
            **reading_limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
            on_progress=on_progress,
        )
    write_output(err, render_dossier(found, chosen), output)
    code = report_outcomes(err, [*found.articles, *found.set_aside, *found.failures])
    if found.story is not None:
        err.print(Text(without_controls(story_message(found.story))), soft_wrap=True)
    read = len(found.articles) + len(found.set_aside)
    typer.echo(
        without_controls(
            f"Dossier written to {output} ({len(found.articles)} of {read} articles, "
            f"{counted(len(found.facts), 'fact')}, {counted(len(found.conflicts), 'conflict')}, "
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
    with library_errors(err), logging_to(err), Desk(db, create=False) as desk:
        if story is None:
            held = desk.stories()
            if not held:
                fail(err, f"error: {desk.where} holds no story yet (`crosswire ingest`)", 1)
            story = held[0].key
        kept = desk.dossier(story)
        if kept is None or desk.dossier_is_stale(story):
            kept = desk.rebuild_dossier(story)
    write_output(err, render_dossier_dict(kept.dossier, fmt), output)
    built = kept.dossier
    typer.echo(
        without_controls(
            f"Dossier of {story} (version {kept.version}) written to {output} "
            f"({counted(len(built['articles']), 'article')}, "
            f"{counted(len(built['facts']), 'fact')}, "
            f"{counted(len(built['conflicts']), 'conflict')})"
        )
    )
    raise typer.Exit(EXIT_OK)
