"""Records as they travel through a batch: a shard read into pages, pages into articles.

Rows are plain dicts that Arrow stores: `kind` ("page", "article" or "failure"), `source`,
`shard`, `stage` (where a failure happened), `reason`, and the model object pickled in `payload`
(a Page, an Article; pickle only between crosswire's own workers, never read from outside). The
Parquet files a researcher reads hold JSON instead (`output.py`).

Reading streams: a shard's records are yielded as warcio reads them, never the whole file at once.
A file that pyarrow's file systems read (`s3://...`) is first copied to a local temporary file,
in chunks, and read there under its own name.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from crosswire.budget import PAGE_TIMEOUT
from crosswire.errors import CrosswireError
from crosswire.extract.article import extract_article, extract_pages
from crosswire.model import Article, Hints, InputFailure, Page
from crosswire.sources.inputs import iter_pages
from crosswire.sources.options import SourceOptions
from crosswire.store.identity import text_hash, url_key

log = logging.getLogger(__name__)

Row = dict[str, Any]
COPY_CHUNK = 1 << 20
# Every row has every field (Arrow wants one schema per block); what a kind lacks is None.
FIELDS = (
    "kind",
    "source",
    "shard",
    "stage",
    "reason",
    "payload",
    "article_id",
    "url_key",
    "text_hash",
)


def row(**fields: Any) -> Row:
    """A row with the given fields and None for the others."""
    return {name: fields.get(name) for name in FIELDS}


def article_id(source: str) -> str:
    """A stable id of an article, from its source (a file and where in it)."""
    return hashlib.blake2b(source.encode("utf-8"), digest_size=8).hexdigest()


def read_shard(shard: Row) -> Iterator[Row]:
    """Every record of a shard: a page row, or a failure row saying why it gave no page. A file
    that cannot be read at all is one failure row."""
    path, shard_id = shard["path"], shard["id"]
    try:
        with _local_copy(path) as local:
            for item in iter_pages([local], options=SourceOptions(), hints=Hints()):
                yield _read_row(_renamed(item, local, path), shard_id)
    except (CrosswireError, OSError) as error:
        yield failure_row(path, shard_id, "read", str(error))


def _read_row(item: Page | InputFailure, shard_id: str) -> Row:
    if isinstance(item, InputFailure):
        return failure_row(item.source, shard_id, "read", item.message)
    payload = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    return row(kind="page", source=item.source, shard=shard_id, payload=payload)


def failure_row(source: str, shard_id: str, stage: str, reason: str) -> Row:
    return row(kind="failure", source=source, shard=shard_id, stage=stage, reason=reason)


@contextlib.contextmanager
def _local_copy(path: str) -> Iterator[str]:
    """The path itself when local; else a temporary local copy of what pyarrow reads there."""
    if "://" not in path:
        yield path
        return
    from pyarrow import fs

    filesystem, inner = fs.FileSystem.from_uri(path)
    suffix = "".join(os.path.splitext(inner)[1:]) or ""
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        with filesystem.open_input_stream(inner) as stream:
            shutil.copyfileobj(stream, copy, COPY_CHUNK)
        copy.flush()
        yield copy.name


def _renamed(item: Page | InputFailure, local: str, path: str) -> Page | InputFailure:
    """The item named after the shard's own path, not its temporary copy."""
    if local == path or not item.source.startswith(local):
        return item
    return replace(item, source=path + item.source[len(local) :])


@functools.cache
def warm_up_extraction() -> None:
    """Extract a small page of each kind once per process, without a time budget: the first page
    a fresh worker extracts would otherwise pay for importing trafilatura and loading the
    language detector (0.3-0.8 s, more under load) out of its own budget."""
    text = "Warm-up\n\nThe harbour reopened on Tuesday after the storm, officials said."
    html = f"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1><p>{text}</p>"
    for content, kind in ((text, "text"), (html + "</article></body></html>", "html")):
        extract_article(Page(source="warm-up", content=content, kind=kind))  # type: ignore[arg-type]


def extract_rows(rows: list[Row], page_timeout: float | None = PAGE_TIMEOUT) -> list[Row]:
    """The article of each page row (or a failure row saying why not); failure rows pass."""
    warm_up_extraction()
    pages = [pickle.loads(r["payload"]) for r in rows if r["kind"] == "page"]
    extracted = iter(extract_pages(pages, page_timeout=page_timeout))
    out = []
    for given in rows:
        if given["kind"] != "page":
            out.append(given)
            continue
        result = next(extracted)
        if isinstance(result, InputFailure):
            out.append(failure_row(result.source, given["shard"], "extract", result.message))
        else:
            out.append(article_row(result, given["shard"]))
    return out


def article_row(article: Article, shard_id: str) -> Row:
    return row(
        kind="article",
        source=article.source,
        shard=shard_id,
        payload=pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL),
        article_id=article_id(article.source),
        url_key=url_key(article.url),
        text_hash=text_hash(article.text),
    )


def article_of(given: Row) -> Article:
    article = pickle.loads(given["payload"])
    assert isinstance(article, Article)
    return article
