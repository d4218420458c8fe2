"""The work Ray Data's operators do, batch by batch: read shards, extract, annotate, write rows.

Each function takes and gives Arrow tables (`batch_format="pyarrow"`) with one fixed schema, so
that blocks made by different workers stack and Parquet gets real types, never guessed ones.
Reading and extraction are one generator: a shard's records are extracted EXTRACT_ROWS at a time
as they are read, so a WARC of any size streams through. Annotation is an actor: spaCy's pipeline
is loaded once per actor, in its constructor, and serves every batch the actor is given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from crosswire.batch.output import ARTICLE_SCHEMA, article_output
from crosswire.batch.records import FIELDS, Row, article_of, extract_rows, read_shard
from crosswire.budget import PAGE_TIMEOUT
from crosswire.model import Article

log = logging.getLogger(__name__)

# Pages extracted together: outlet templates are learnt among the pages of one batch.
EXTRACT_ROWS = 64
ROW_SCHEMA = pa.schema(
    [(name, pa.binary() if name == "payload" else pa.string()) for name in FIELDS]
)


def rows_table(rows: list[Row]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=ROW_SCHEMA)


def extract_shards(
    shards: pa.Table, page_timeout: float | None = PAGE_TIMEOUT
) -> Iterator[pa.Table]:
    """The article (or failure) row of every record of the shards (a table of `id`, `path`),
    EXTRACT_ROWS records at a time. A shard is read and extracted in one process: its pages, the
    largest data of a run, never travel through Ray's object store."""
    for shard in shards.to_pylist():
        rows: list[Row] = []
        for row in read_shard(shard):
            rows.append(row)
            if len(rows) >= EXTRACT_ROWS:
                yield rows_table(extract_rows(rows, page_timeout=page_timeout))
                rows = []
        if rows:
            yield rows_table(extract_rows(rows, page_timeout=page_timeout))


def marked_table(rows: pa.Table, duplicates: Any) -> pa.Table:
    """The staged article rows, each with `duplicate_of` (the id of the article it copies, or
    None); failure rows are left out (they are written from the staging table directly)."""
    copies = _resolved(duplicates)
    kept = rows.filter(pc.equal(rows["kind"], "article"))
    marks = [copies.get(n) for n in kept["article_id"].to_pylist()]
    return kept.append_column("duplicate_of", pa.array(marks, type=pa.string()))


def marked_files(files: pa.Table, duplicates: Any) -> pa.Table:
    """`marked_table` of the staged Parquet files named in `files` (a table of `path`)."""
    tables = [pq.read_table(path, schema=ROW_SCHEMA) for path in files["path"].to_pylist()]
    return marked_table(
        pa.concat_tables(tables) if tables else ROW_SCHEMA.empty_table(), duplicates
    )


def file_slices(files: pa.Table, columns: list[str], rows: int) -> Iterator[pa.Table]:
    """The `columns` of the Parquet files named in `files` (a table of `path`), `rows` rows a
    block: blocks are what Ray shares out among actors, and a file of articles/ holds hundreds."""
    for path in files["path"].to_pylist():
        table = pq.read_table(path, columns=columns)
        for offset in range(0, table.num_rows, rows):
            yield table.slice(offset, rows)


def output_table(rows: pa.Table, annotate: Any = None) -> pa.Table:
    """Marked rows as `articles/` rows; the articles that copy none are annotated by `annotate`
    (a list of articles in, the same annotated out) when given."""
    given = rows.to_pylist()
    articles = [article_of(r) for r in given]
    fresh = [n for n, r in enumerate(given) if r["duplicate_of"] is None]
    if annotate is not None and fresh:
        for n, article in zip(fresh, annotate([articles[n] for n in fresh]), strict=True):
            articles[n] = article
    out = [
        article_output(
            article,
            article_id=r["article_id"],
            shard=r["shard"],
            url_key=r["url_key"],
            text_hash=r["text_hash"],
            duplicate_of=r["duplicate_of"],
        )
        for r, article in zip(given, articles, strict=True)
    ]
    return pa.Table.from_pylist(out, schema=ARTICLE_SCHEMA)


class AnnotateTable:
    """An annotation actor: loads spaCy once, then annotates every table it is given."""

    def __init__(self, page_timeout: float | None = PAGE_TIMEOUT) -> None:
        from crosswire.annotate.annotator import annotate_articles
        from crosswire.annotate.spacy_model import load_nlp

        load_nlp()  # here, once per actor: not in the first batch's time
        self._timeout = page_timeout
        self._annotate_articles = annotate_articles

    def __call__(self, rows: pa.Table) -> pa.Table:
        return output_table(rows, annotate=self._annotate)

    def _annotate(self, articles: list[Article]) -> list[Article]:
        annotated: list[Article] = self._annotate_articles(articles, article_timeout=self._timeout)
        return annotated


def unannotated_table(rows: pa.Table) -> pa.Table:
    """`articles/` rows without annotation (`--stage extract`)."""
    return output_table(rows)


def _resolved(duplicates: Any) -> Mapping[str, str]:
    """The duplicates map, fetched from Ray's object store when it was put there."""
    if isinstance(duplicates, Mapping):
        return duplicates
    import ray

    resolved = ray.get(duplicates)
    assert isinstance(resolved, Mapping)
    return resolved
