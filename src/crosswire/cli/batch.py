"""`crosswire batch`: archives on Ray, and the summary of a batch's output."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from crosswire.budget import PAGE_TIMEOUT
from crosswire.cli.app import app
from crosswire.cli.console import library_errors, logging_to
from crosswire.cli.options import BATCH_REASONS_SHOWN, BATCH_STAGES, EmbeddingsOpt, PageTimeoutOpt
from crosswire.report.control_chars import without_controls

if TYPE_CHECKING:
    from crosswire.batch.run import BatchSummary


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

    with library_errors(err), logging_to(err):
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
