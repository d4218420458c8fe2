"""The story desk's Python API: a store that keeps the coverage of stories as it arrives.

    import crosswire

    with crosswire.Desk("desk.db") as desk:
        report = desk.ingest(["pages/", "https://example.com/story"])
        print(report.summary())  # "12 articles stored (10 new, 1 new version, ...), 0 failed"
        for hit in desk.search("dock strike"):
            print(hit.article_id, hit.title, hit.snippet)

`ingest` reads inputs as `crosswire extract` does (files, folders, JSONL, WARC, URLs, with the
same options), annotates the articles the store does not have yet (as `crosswire annotate`),
and stores each page with its article in a transaction of its own: a crash or a kill loses at
most the page being written, never leaves half of it. Every input ends as an article or as a
failed job with its reason. Two processes ingesting into one store at once give what one after
the other would: each write re-checks, under the write lock, what the store already has.

The CLI commands over the store (`crosswire ingest`, ...) are thin over this class.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from crosswire import pipeline
from crosswire.budget import PAGE_TIMEOUT
from crosswire.errors import StoreError
from crosswire.extract.article import NO_TEXT
from crosswire.model import Article, InputFailure, Page
from crosswire.store.article_rows import article_records, place, store_article, stored_article
from crosswire.store.database import open_store
from crosswire.store.fulltext import DEFAULT_MARKS, search_articles
from crosswire.store.identity import Identity, identity_of
from crosswire.store.jobs import INGEST, record_failed_job
from crosswire.store.records import (
    ArticleRecord,
    Ingested,
    IngestReport,
    Outcome,
    SearchHit,
    StoredArticle,
)

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
STORING = "storing"  # the progress step of writing the articles
# Articles are annotated this many at a time, then stored: few enough that a kill loses little
# work, enough that parser processes (`processes` > 1) each get a share.
ANNOTATION_BATCH = 16


def _quiet(step: str, done: int, total: int | None, /) -> None:
    """The progress of a caller that does not follow it."""


def utc_now() -> datetime:
    """The current moment, in UTC: the desk's default clock."""
    return datetime.now(UTC)


class Desk:
    """The story desk over one store (a file: `path`, else `$CROSSWIRE_DB`, else crosswire.db
    here; or a database URL). Opened, the store is created if missing (unless `create` is
    False) and migrated to this crosswire's schema; StoreError when it cannot be (damaged, made
    by a newer crosswire, another program's). `clock` tells the time the desk stamps rows with.
    Use it in a `with` block, or `close()` it."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        clock: Clock = utc_now,
        create: bool = True,
    ) -> None:
        self._store = open_store(path, create=create)
        self._clock = clock

    @property
    def where(self) -> str:
        """The store's file (or URL, without its password)."""
        return self._store.where

    def ingest(
        self,
        inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        annotate: bool = True,
        processes: int = 1,
        page_timeout: float | None = PAGE_TIMEOUT,
        on_progress: pipeline.Progress = _quiet,
        **extract_options: Any,
    ) -> IngestReport:
        """Read the inputs (as `crosswire.extract` does, with its options: `url`, `outlet`,
        `published`, `fetched_at`, `max_bytes`, `allow_private`, `timeout`,
        `max_archive_bytes`, `follow_links`, `fetch`) and store each article once: new, a new
        version of an article at the same address, or already there. New articles are annotated
        first (with `processes` and `page_timeout`, as `crosswire.annotate`), unless `annotate`
        is False. Inputs that give no article are counted as failures and kept as failed jobs."""
        read: list[Page | InputFailure] = []
        results = pipeline.extract(
            inputs,
            page_timeout=page_timeout,
            on_progress=on_progress,
            on_read=read.append,
            **extract_options,
        )
        items = list(zip(read, results, strict=True))
        ingested: list[Ingested] = []
        failures: list[InputFailure] = []
        for start in range(0, len(items), ANNOTATION_BATCH):
            batch = items[start : start + ANNOTATION_BATCH]
            fresh = self._triage(batch, ingested, failures)
            if annotate and fresh:
                articles = pipeline.annotate(
                    [article for _, article, _ in fresh],
                    processes=processes,
                    page_timeout=page_timeout,
                )
                fresh = [(p, a, key) for (p, _, key), a in zip(fresh, articles, strict=True)]
            for page, article, identity in fresh:
                ingested.append(self._store_one(page, article, identity))
            on_progress(STORING, start + len(batch), len(items))
        report = IngestReport(tuple(ingested), tuple(failures))
        log.info("ingest into %s: %s", self.where, report.summary())
        return report

    def _triage(
        self,
        batch: Sequence[tuple[Page | InputFailure, Article | InputFailure]],
        ingested: list[Ingested],
        failures: list[InputFailure],
    ) -> list[tuple[Page, Article, Identity]]:
        """The batch's articles the store does not have yet; the ones it has are told to
        `ingested`, the inputs that gave no article to `failures` (and kept as failed jobs)."""
        fresh = []
        for item, result in batch:
            failure = _failure_of(item, result)
            if failure is not None:
                self._record_failure(failure)
                failures.append(failure)
                continue
            assert isinstance(item, Page) and isinstance(result, Article)
            identity = identity_of(result)
            with self._store.reading() as connection:
                placement = place(connection, identity)
            if placement.outcome is Outcome.ALREADY_THERE and placement.known_id is not None:
                ingested.append(Ingested(item.source, placement.outcome, placement.known_id))
            else:  # placed again when written: another process may have stored it meanwhile
                fresh.append((item, result, identity))
        return fresh

    def _store_one(self, page: Page, article: Article, identity: Identity) -> Ingested:
        outcome, article_id = self._store.write(
            lambda connection: store_article(
                connection,
                page,
                article,
                identity,
                self._clock(),
                full_text=self._store.is_sqlite,
            )
        )
        return Ingested(page.source, outcome, article_id)

    def _record_failure(self, failure: InputFailure) -> None:
        self._store.write(
            lambda connection: record_failed_job(
                connection, INGEST, {"source": failure.source}, failure.message, self._clock()
            )
        )

    def articles(self, *, all_versions: bool = False) -> list[ArticleRecord]:
        """The stored articles, oldest first: the current version of each (every version with
        `all_versions`), without their JSON (`article(id)` reads one whole)."""
        with self._store.reading() as connection:
            return article_records(connection, current_only=not all_versions)

    def article(self, article_id: int) -> StoredArticle:
        """The stored article of that id, whole (StoreError when there is none)."""
        with self._store.reading() as connection:
            found = stored_article(connection, article_id)
        if found is None:
            raise StoreError(f"no article {article_id} in {self.where}")
        return found

    def search(
        self, query: str, *, limit: int = 20, marks: tuple[str, str] = DEFAULT_MARKS
    ) -> list[SearchHit]:
        """The current articles whose title or body holds every word of `query`, best first,
        each with a snippet where the words found stand between `marks`."""
        if not self._store.is_sqlite:
            raise StoreError(f"full-text search needs an SQLite store, not {self.where}")
        with self._store.reading() as connection:
            return search_articles(connection, query, limit=limit, marks=marks)

    def close(self) -> None:
        """Close the store (its connections); the desk is not used after."""
        self._store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _failure_of(item: Page | InputFailure, result: Article | InputFailure) -> InputFailure | None:
    """Why an input gave no article to store (None: it gave one). A page of furniture alone has
    an article with no text: nothing to store, and every such page would be one same text."""
    if isinstance(result, InputFailure):
        return result
    if not isinstance(item, Page):
        return item
    if not result.text.strip():
        reason = next((p.message for p in result.problems if p.stage == "extract"), NO_TEXT)
        return InputFailure(result.source, reason)
    return None
