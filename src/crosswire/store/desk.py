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
`ingest_articles` stores articles extracted elsewhere (a batch run's) the same way.

The CLI commands over the store (`crosswire ingest`, ...) are thin over this class.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection

from crosswire import pipeline
from crosswire.budget import PAGE_TIMEOUT
from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.errors import StoreError
from crosswire.model import Article, InputFailure, Page
from crosswire.store import (
    article_rows,
    feed_rows,
    outlet_rows,
    queue,
    search_rows,
    story_summaries,
)
from crosswire.store.article_intake import STORING, failure_of_article, store_articles
from crosswire.store.article_rows import article_records, place, store_article, stored_article
from crosswire.store.changes import Changes
from crosswire.store.database import Store, open_store
from crosswire.store.dossier_rows import DossierVersion, RenderedVersion
from crosswire.store.feed_rows import DEFAULT_EVERY_SECONDS, Feed
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
from crosswire.store.story_desk import StoryDesk
from crosswire.store.story_edits import StoryEdit
from crosswire.store.story_rows import StoryRecord
from crosswire.store.story_summaries import StoryPage

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
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
        embeddings: str | EmbeddingBackend | None = None,
    ) -> None:
        self._store = open_store(path, create=create)
        self._clock = clock
        self._stories = StoryDesk(self._store, clock, embeddings)

    @property
    def where(self) -> str:
        """The store's file (or URL, without its password)."""
        return self._store.where

    @property
    def store(self) -> Store:
        """The open store: for the job queue and the worker, which write to it directly."""
        return self._store

    @property
    def clock(self) -> Clock:
        """What tells the desk the time it stamps rows with."""
        return self._clock

    def ingest(
        self,
        inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        annotate: bool = True,
        processes: int = 1,
        page_timeout: float | None = PAGE_TIMEOUT,
        on_progress: pipeline.Progress = _quiet,
        keep_failures: bool = True,
        **extract_options: Any,
    ) -> IngestReport:
        """Read the inputs (as `crosswire.extract` does, with its options: `url`, `outlet`,
        `published`, `fetched_at`, `max_bytes`, `allow_private`, `timeout`,
        `max_archive_bytes`, `follow_links`, `fetch`) and store each article once: new, a new
        version of an article at the same address, or already there. New articles are annotated
        first (with `processes` and `page_timeout`, as `crosswire.annotate`), unless `annotate`
        is False. Inputs that give no article are counted as failures and kept as failed jobs
        (unless `keep_failures` is False: a worker's job that failed is that record already)."""
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
            fresh = self._triage(batch, ingested, failures, keep_failures=keep_failures)
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
        on_progress(pipeline.GROUPING, 0, None)
        self._stories.index()  # once per ingest: a burst queues one dossier job per story
        report = IngestReport(tuple(ingested), tuple(failures))
        log.info("ingest into %s: %s", self.where, report.summary())
        return report

    def ingest_articles(
        self,
        articles: Iterable[Article],
        *,
        on_progress: pipeline.Progress = _quiet,
        total: int | None = None,
    ) -> IngestReport:
        """Store articles made elsewhere (a batch run's: `crosswire.batch.results`) as `ingest`
        stores what it extracts, each once, without extracting or annotating them again (one
        with no annotations is stored so). They stream: any number, written a batch at a time,
        `on_progress` told of each (of `total`, when known). Articles with no text are failures
        (kept as no failed job). The stories are regrouped once, at the end."""
        report = store_articles(
            self._store, articles, self._clock, on_progress=on_progress, total=total
        )
        on_progress(pipeline.GROUPING, 0, None)
        self._stories.index()
        log.info("ingest of articles into %s: %s", self.where, report.summary())
        return report

    def _triage(
        self,
        batch: Sequence[tuple[Page | InputFailure, Article | InputFailure]],
        ingested: list[Ingested],
        failures: list[InputFailure],
        *,
        keep_failures: bool = True,
    ) -> list[tuple[Page, Article, Identity]]:
        """The batch's articles the store does not have yet; the ones it has are told to
        `ingested`, the inputs that gave no article to `failures` (and kept as failed jobs)."""
        fresh = []
        for item, result in batch:
            failure = _failure_of(item, result)
            if failure is not None:
                if keep_failures:
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
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        marks: tuple[str, str] = DEFAULT_MARKS,
    ) -> list[SearchHit]:
        """The current articles whose title or body holds every word of `query`, best first
        (`limit` from `offset`), each with a snippet where the words found stand between
        `marks`."""
        if not self._store.is_sqlite:
            raise StoreError(f"full-text search needs an SQLite store, not {self.where}")
        with self._store.reading() as connection:
            return search_articles(connection, query, limit=limit, offset=offset, marks=marks)

    def enqueue(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue a job for a worker ("ingest" {"input": path or URL}, "poll" {"feed": id},
        "dossier" {"story": key}); its id (the same job's, when one alike is waiting)."""
        return self._store.write(lambda c: queue.enqueue(c, kind, payload, self._clock()))

    def jobs(self, state: str | None = None) -> list[queue.Job]:
        """The jobs, oldest first: those in `state` (queued, running, done, failed), or all."""
        with self._store.reading() as connection:
            return queue.list_jobs(connection, state=state)

    def retry_job(self, job_id: int) -> queue.Job:
        """Queue a failed job again, with its tries counted afresh."""
        return self._store.write(lambda c: queue.retry(c, job_id, self._clock()))

    def add_feed(self, url: str, every_seconds: int = DEFAULT_EVERY_SECONDS) -> Feed:
        """Poll the feed at `url` every `every_seconds` (at least 60), from now on."""
        return self._store.write(lambda c: feed_rows.add_feed(c, url, every_seconds, self._clock()))

    def feeds(self) -> list[Feed]:
        """The feeds polled, in the order they were added."""
        with self._store.reading() as connection:
            return feed_rows.list_feeds(connection)

    def remove_feed(self, id_or_url: str | int) -> Feed:
        """Stop polling the feed of that id or URL (what it brought stays)."""
        return self._store.write(lambda c: feed_rows.remove_feed(c, id_or_url))

    def stories(self) -> list[StoryRecord]:
        """The desk's stories, biggest first: each with its key, title and articles' ids."""
        return self._stories.stories()

    def story(self, key: str) -> StoryRecord:
        """The story of that key (StoreError when there is none)."""
        return self._stories.story(key)

    def rebuild_dossier(self, story: str) -> DossierVersion:
        """Build the story's dossier from its stored articles (as `crosswire dossier` builds the
        dossier of those articles) and keep it as a new version, with what changed since the
        version before. What the worker runs for a "dossier" job."""
        return self._stories.rebuild(story)

    def dossier(self, story: str, version: int | None = None) -> DossierVersion | None:
        """The story's latest stored dossier (or that `version`); None when none is stored."""
        return self._stories.dossier(story, version)

    def rendered_dossier(self, story: str) -> RenderedVersion | None:
        """The story's latest dossier as the web desk shows it: its HTML body (as the worker
        rendered it) and its articles' names, without the dossier itself; None: none yet."""
        return self._stories.rendered(story)

    def dossier_is_stale(self, story: str) -> bool:
        """Whether the story has no dossier, or one built from other articles than it holds."""
        return self._stories.is_stale(story)

    def changes(self, story: str, *, since: int | datetime) -> Changes:
        """What the story's latest dossier adds to version `since`, or to the version that was
        the latest at that moment (everything, when there was none)."""
        return self._stories.changes(story, since)

    # ------------------------------------------------ an editor's decisions about stories
    # Kept (`story_edits`) and applied again after every regrouping: no ingest undoes them.
    # Each touched story gets a dossier job; a story an edit leaves empty is removed.

    def move_article(self, article_id: int, to_story: str) -> StoryRecord:
        """Move the current article to the story `to_story` and keep it there, whatever the
        story index later says; that story as it is now."""
        return self._stories.move_article(article_id, to_story)

    def exclude_article(self, article_id: int) -> StoryRecord:
        """Take the current article out of its story, as a story of its own (a new key) that
        it stays in unless moved; the new story."""
        return self._stories.exclude_article(article_id)

    def merge_stories(self, into: str, other: str) -> StoryRecord:
        """Merge the story `other` into `into`: its articles, and those the story index puts in
        it later, go to `into`; `other` leaves the story list. The merged story."""
        return self._stories.merge_stories(into, other)

    def split_story(self, key: str, article_ids: Sequence[int]) -> StoryRecord:
        """Make those current articles of the story a new story (some, not all); the new
        story."""
        return self._stories.split_story(key, article_ids)

    def story_edits(self, key: str | None = None) -> list[StoryEdit]:
        """The edits of the story `key` (from it or to it), or all, oldest first: the editor's,
        and the rows the desk wrote to keep them (`by_editor` False)."""
        return self._stories.edits(key)

    # ------------------------------------------------ what the web desk reads (story list, ...)

    def story_summaries(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        outlet: str | None = None,
        language: str | None = None,
        query: str | None = None,
        offset: int = 0,
        limit: int = story_summaries.DEFAULT_LIMIT,
    ) -> StoryPage:
        """A page of the story list, newest activity first, with how many stories pass the
        filters: an article on a day from `since` to `until`, of `outlet`, in `language`, every
        word of `query` in the title or an article (`story_summaries.list_stories`)."""
        with self._store.reading() as connection:
            return story_summaries.list_stories(
                connection,
                since=since,
                until=until,
                outlet=outlet,
                language=language,
                query=query,
                offset=offset,
                limit=limit,
            )

    def refresh_summaries(self) -> int:
        """Rewrite every story's summary (a store made before they were kept); how many."""
        return self._store.write(lambda c: story_summaries.refresh_all_summaries(c, self._clock()))

    def search_facts(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        marks: tuple[str, str] = DEFAULT_MARKS,
    ) -> list[search_rows.FactHit]:
        """The facts of the stories' latest dossiers holding every word of `query`, best first,
        each with its story, status and a snippet (the words found between `marks`)."""
        with self._full_text() as connection:
            return search_rows.search_facts(
                connection, query, limit=limit, offset=offset, marks=marks
            )

    def search_quotes(
        self,
        query: str = "",
        *,
        speaker: str | None = None,
        limit: int = 20,
        offset: int = 0,
        marks: tuple[str, str] = DEFAULT_MARKS,
    ) -> list[search_rows.QuoteHit]:
        """The current articles' quotes holding every word of `query`, of `speaker` only when
        given ("what X said": every word of the name), best first, with article and story."""
        with self._full_text() as connection:
            return search_rows.search_quotes(
                connection, query, speaker=speaker, limit=limit, offset=offset, marks=marks
            )

    def speakers(self, prefix: str = "", *, limit: int = 10) -> list[search_rows.Speaker]:
        """The speakers quoted whose name has words starting as `prefix`'s, most quoted first."""
        with self._full_text() as connection:
            return search_rows.speakers(connection, prefix, limit=limit)

    def outlets(self) -> list[outlet_rows.OutletSummary]:
        """Every outlet of the current articles, with its articles and stories, most first."""
        with self._store.reading() as connection:
            return outlet_rows.outlet_summaries(connection)

    def outlet(self, name: str, *, offset: int = 0, limit: int = 50) -> outlet_rows.OutletDetail:
        """The outlet's current articles (a page, newest first), whom it copies, who copies it."""
        with self._store.reading() as connection:
            return outlet_rows.outlet_detail(connection, name, offset=offset, limit=limit)

    def article_versions(self, article_id: int) -> list[ArticleRecord]:
        """Every version at the article's address, oldest first (StoreError: no such article)."""
        with self._store.reading() as connection:
            found = article_rows.article_versions(connection, article_id)
        if not found:
            raise StoreError(f"no article {article_id} in {self.where}")
        return found

    def raw_page(self, article_id: int) -> tuple[str, str]:
        """The page the article was made from, as read: ("html" or "text", its content)."""
        with self._store.reading() as connection:
            found = article_rows.raw_page(connection, article_id)
        if found is None:
            raise StoreError(f"no article {article_id} in {self.where}")
        return found

    def story_of(self, article_id: int) -> str | None:
        """The key of the story the article (or its current version) is in; None: none yet."""
        with self._store.reading() as connection:
            return article_rows.story_of_article(connection, article_id)

    def articles_of_sources(self, sources: Sequence[str]) -> dict[str, int]:
        """The current article made from each source read (a path or URL as an ingest job
        names it); sources no page was stored from are left out."""
        with self._store.reading() as connection:
            return article_rows.articles_of_sources(connection, sources)

    def _full_text(self) -> AbstractContextManager[Connection]:
        """A reading connection for full-text search (StoreError: the store is not SQLite)."""
        if not self._store.is_sqlite:
            raise StoreError(f"full-text search needs an SQLite store, not {self.where}")
        return self._store.reading()

    def jobs_page(
        self,
        *,
        state: str | None = None,
        ids: Sequence[int] | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[queue.Job], int]:
        """A page of the jobs, newest first (in `state`, or of those `ids`), and their total."""
        with self._store.reading() as connection:
            return queue.page_jobs(connection, state=state, ids=ids, offset=offset, limit=limit)

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
    """Why an input gave no article to store (None: it gave one)."""
    if isinstance(result, InputFailure):
        return result
    if not isinstance(item, Page):
        return item
    return failure_of_article(result)
