"""The desk's commands: `ingest`, `worker`, `feeds`, `serve`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from crosswire.budget import PAGE_TIMEOUT
from crosswire.cli.app import app
from crosswire.cli.console import (
    check_inputs,
    counted,
    library_errors,
    logging_to,
    print_error,
    report_outcomes,
    running,
    showing_progress,
)
from crosswire.cli.options import (
    EXIT_INPUT_FAILED,
    EXIT_OK,
    MAX_PAGE_TIMEOUT,
    AllowPrivateOpt,
    DbOpt,
    FetchedAtOpt,
    FollowLinksOpt,
    MaxArchiveBytesOpt,
    MaxBytesOpt,
    PageTimeoutOpt,
    ProcessesOpt,
    PublishedOpt,
    TimeoutOpt,
    check_url,
    finite,
)
from crosswire.cli.pages import reading_limits
from crosswire.errors import ConfigError
from crosswire.report.control_chars import without_controls


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
            callback=check_url,
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
    with running(inputs) as (err, on_progress), Desk(db) as desk:
        report = desk.ingest(
            inputs,
            url=url,
            outlet=outlet,
            published=published,
            fetched_at=fetched_at,
            processes=processes,
            **reading_limits(
                max_bytes, allow_private, timeout, max_archive_bytes, follow_links, page_timeout
            ),
            on_progress=on_progress,
        )
    code = report_outcomes(err, report.failures)
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
    with library_errors(err), showing_progress(err) as on_progress, logging_to(err):
        articles = batch_articles(out_dir)  # checked before a store is made: no empty crosswire.db
        total = count_batch_articles(out_dir)
        with Desk(db) as desk:
            report = desk.ingest_articles(articles, on_progress=on_progress, total=total)
    code = report_outcomes(err, report.failures)
    if articles.unreadable:
        print_error(
            err, f"error: {counted(articles.unreadable, 'row')} of {out_dir} did not read back"
        )
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
            callback=finite,
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
    with library_errors(err), logging_to(err), Desk(db) as desk:
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
    with library_errors(err), Desk(db) as desk:
        feed = desk.add_feed(url, parse_duration(every))
    typer.echo(f"feed {feed.id}: {without_controls(feed.url)}, every {feed.every_seconds} s")


@feeds_app.command("list")
def feeds_list(db: DbOpt = None) -> None:
    """The feeds polled: id, interval, last and next poll, address."""
    from crosswire.store.desk import Desk

    err = Console(stderr=True)
    with library_errors(err), Desk(db) as desk:
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
    with library_errors(err), Desk(db) as desk:
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
    check_inputs(err, inputs)
    with library_errors(err), Desk(db) as desk:
        for given in inputs:
            desk.enqueue(
                "ingest", {"input": given if is_web_url(given) else os.path.abspath(given)}
            )
    typer.echo(f"{counted(len(inputs), 'job')} queued")
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

    with library_errors(err), logging_to(err):
        run_server(settings, host, port, worker=worker, processes=processes, on_ready=ready)


# ---------------------------------------------------------------- archives on Ray
