"""Articles extracted elsewhere stored in the desk: a batch run's archive, browsed on the web.

`crosswire batch` extracts and annotates an archive on Ray Data and writes the articles as
Parquet; `store_articles` keeps them in the desk's store as `Desk.ingest` keeps what it extracts
(`article_rows.store_article`: one article once, a changed text at a known address a new version,
the rest already there), without extracting or annotating again. An article comes as it was
made: annotated, or not (stored unannotated, as `ingest(annotate=False)` stores it).

The articles stream: an archive's hundreds of thousands are read, placed and written
INTAKE_BATCH at a time, one write transaction each, never held all at once. A killed intake
loses at most the batch being written; run again, it finds the rest already there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import partial
from itertools import islice

from sqlalchemy import Connection

from crosswire.extract.article import NO_TEXT
from crosswire.model import Article, InputFailure, Page
from crosswire.pipeline import Progress
from crosswire.store.article_rows import store_article
from crosswire.store.database import Store
from crosswire.store.identity import identity_of
from crosswire.store.records import Ingested, IngestReport

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
STORING = "storing"  # the progress step of writing the articles
# Articles written per transaction. Measured (issue 15's intake report: 2,000 invented articles,
# unannotated, into a new SQLite store): 483 articles/s at 64 a transaction against 302/s at one,
# a batch holding the write lock about 0.13 s, which a worker waiting for it hardly notices.
INTAKE_BATCH = 64
DAY_CHARS = len("2025-11-09")


def store_articles(
    store: Store,
    articles: Iterable[Article],
    clock: Clock,
    *,
    on_progress: Progress,
    total: int | None = None,
) -> IngestReport:
    """Store each article once, INTAKE_BATCH per transaction, telling `on_progress` of each
    batch written (of `total`, when known). An article with no text is a failure, as in an
    ingest, but kept as no failed job: it failed in the run that extracted it, which kept it."""
    ingested: list[Ingested] = []
    failures: list[InputFailure] = []
    read = 0
    on_progress(STORING, 0, total)
    for batch in _batches(iter(articles), INTAKE_BATCH):
        read += len(batch)
        storable = []
        for article in batch:
            failure = failure_of_article(article)
            if failure is None:
                storable.append(article)
            else:
                failures.append(failure)
        if storable:
            write = partial(_store_all, articles=storable, clock=clock, full_text=store.is_sqlite)
            ingested.extend(store.write(write))
        on_progress(STORING, read, total)
    return IngestReport(tuple(ingested), tuple(failures))


def _store_all(
    connection: Connection, *, articles: list[Article], clock: Clock, full_text: bool
) -> list[Ingested]:
    """The batch written in one transaction; each article placed as the store stands, with the
    batch's earlier articles in it (a copy later in the batch is found already there)."""
    done = []
    for article in articles:
        page = page_of(article)
        outcome, article_id = store_article(
            connection, page, article, identity_of(article), clock(), full_text=full_text
        )
        done.append(Ingested(page.source, outcome, article_id))
    return done


def page_of(article: Article) -> Page:
    """The page the article came from, as far as the article tells it: its source, address and
    fetch time, and for content the text the extractor classified (`page_text`, the page with its
    furniture) or else the article's own text. What is lost is the page as read, the HTML or the
    dump with its markup: it stays in the archive (the WARC) the batch read, under `source`. So
    the page is stored as kind "text" whatever the extractor's `mode` (which the article keeps):
    the web desk shows the stored page as HTML or text by its kind, and this content is text."""
    return Page(
        source=article.source,
        content=article.page_text or article.text,
        kind="text",
        url=article.url,
        fetched_at=_fetch_moment(article.fetched_at),
    )


def _fetch_moment(fetched_at: str | None) -> datetime | None:
    """The article's fetch time as a moment; None when unknown or only a day (a page's fetch
    time is a moment: midnight would say more than the article knows)."""
    if fetched_at is None or len(fetched_at) <= DAY_CHARS:
        return None
    try:
        return datetime.fromisoformat(fetched_at)
    except ValueError:
        log.debug("fetch time %r is no ISO 8601 moment: not kept with the page", fetched_at)
        return None


def failure_of_article(article: Article) -> InputFailure | None:
    """Why an article is not stored (None: it is). A page of furniture alone has an article with
    no text: nothing to store, and every such page would be one same text."""
    if article.text.strip():
        return None
    reason = next((p.message for p in article.problems if p.stage == "extract"), NO_TEXT)
    return InputFailure(article.source, reason)


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(articles, size)):
        yield batch
