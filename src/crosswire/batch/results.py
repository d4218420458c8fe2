"""A batch run's articles read back from its output directory, for the desk to store.

`crosswire batch ... --out DIR` writes its articles as Parquet, wave by wave:
`DIR/articles/<wave>/*.parquet`, one row per article, its whole article in `article_json`
(`article_to_dict`, annotations included). A wave counts once committed, when
`DIR/_done/<wave>.json` exists: a crashed run may leave a wave half written, which the next run
deletes. A row whose `duplicate_of` names another article is an exact copy the run dropped: not
read here either.

The articles stream, a row batch at a time, from the committed waves in the order they were
committed (a wave's name is a hash of its shards: it tells no order), so that a version of a page
from a later wave is stored as the later version.
A row that does not read back as an article is logged and counted (`BatchArticles.unreadable`),
never raised: one bad row does not stop an archive. A directory that is no batch output, or has
no committed wave, is a ConfigError.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq

from crosswire.batch.layout import MARKER, Layout, natural_key, read_marker
from crosswire.errors import ConfigError, InputError
from crosswire.model import Article
from crosswire.report.article_json import article_from_dict

log = logging.getLogger(__name__)
ARTICLE_COLUMN = "article_json"
DUPLICATE_COLUMN = "duplicate_of"
ROWS_PER_READ = 512  # rows decoded at a time: a few MB of article JSON, whatever the file's size
UNREADABLE_LOGGED = 20  # unreadable rows each told as a warning; the rest at debug level only


class BatchArticles:
    """The articles of a batch output directory, read as iterated (again from the start each
    time). `unreadable` counts the rows of the last iteration that did not read back. Made by
    `batch_articles`, which checks the directory first."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files
        self.unreadable = 0

    def __iter__(self) -> Iterator[Article]:
        self.unreadable = 0
        for path in self.files:
            yield from self._articles_of(path)

    def _articles_of(self, path: Path) -> Iterator[Article]:
        parquet = _open(path)
        rows = parquet.iter_batches(
            batch_size=ROWS_PER_READ, columns=[ARTICLE_COLUMN, DUPLICATE_COLUMN]
        )
        row = 0
        for batch in rows:
            documents = batch.column(ARTICLE_COLUMN).to_pylist()
            duplicates = batch.column(DUPLICATE_COLUMN).to_pylist()
            for document, duplicate_of in zip(documents, duplicates, strict=True):
                row += 1
                if duplicate_of is not None:
                    continue
                article = self._read(document, path, row)
                if article is not None:
                    yield article

    def _read(self, document: object, path: Path, row: int) -> Article | None:
        try:
            if not isinstance(document, str):
                raise InputError(f"{ARTICLE_COLUMN} is {type(document).__name__}, not text")
            return article_from_dict(json.loads(document))
        # Whatever a damaged row makes the reader raise (JSON, a missing field, a bad span): the
        # row is lost, the archive's other articles are not.
        except (InputError, ValueError, TypeError, KeyError, AttributeError) as error:
            self.unreadable += 1
            level = logging.WARNING if self.unreadable <= UNREADABLE_LOGGED else logging.DEBUG
            log.log(level, "%s row %d does not read back as an article: %s", path, row, error)
            return None


def batch_articles(out_dir: str | os.PathLike[str]) -> BatchArticles:
    """The articles of the batch output `out_dir` (its committed waves, no dropped copies), to
    iterate; ConfigError when it is no batch output or has no committed wave."""
    return BatchArticles(article_files(out_dir))


def count_batch_articles(out_dir: str | os.PathLike[str]) -> int:
    """How many articles `batch_articles` gives at most, from the Parquet files' metadata alone
    (no row is read): the rows whose `duplicate_of` is null, by the row groups' statistics (all
    of a row group's rows where it has none: a column of nulls only keeps none)."""
    return sum(_kept_rows(path) for path in article_files(out_dir))


def article_files(out_dir: str | os.PathLike[str]) -> list[Path]:
    """The article files of the committed waves: waves in the order of their commits, the
    files of one wave by name (numbers as numbers: part-9 before part-10)."""
    layout = Layout(Path(out_dir))
    if not layout.marker.is_file():
        raise ConfigError(
            f"{layout.root} is not a batch output (no {MARKER}): give the --out directory of a "
            "`crosswire batch` run"
        )
    read_marker(layout)
    commits = sorted(layout.done.glob("*.json"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    if not commits:
        raise ConfigError(
            f"{layout.root} has no committed wave of articles (nothing in {layout.done}): the "
            "batch run has not finished one yet"
        )
    files = []
    for commit in commits:
        folder = layout.articles / commit.stem
        found = (p for p in folder.rglob("*.parquet") if not p.name.startswith((".", "_")))
        files.extend(sorted(found, key=lambda p: natural_key(str(p.relative_to(folder)))))
    return files


def _open(path: Path) -> pq.ParquetFile:
    """The Parquet file, with the columns read; InputError when it is damaged or lacks them
    (a file, unlike a row, is not skipped: a committed wave's file should read)."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"cannot read {path} as Parquet: {error}") from error
    missing = {ARTICLE_COLUMN, DUPLICATE_COLUMN} - set(parquet.schema_arrow.names)
    if missing:
        raise InputError(f"{path} has no column {', '.join(sorted(missing))}")
    return parquet


def _kept_rows(path: Path) -> int:
    metadata = _open(path).metadata
    kept = 0
    for index in range(metadata.num_row_groups):
        group = metadata.row_group(index)
        kept += group.num_rows
        for column in range(group.num_columns):
            chunk = group.column(column)
            if chunk.path_in_schema == DUPLICATE_COLUMN:
                stats = chunk.statistics
                if stats is not None and stats.has_null_count:
                    kept -= group.num_rows - stats.null_count
    return kept
