"""The desk's stories and dossiers over one store: what `Desk` hands its story methods to.

- `index()`: the current articles no story holds yet put in their stories (`story_rows`), in one
  write transaction; the desk calls it at the end of each ingest, so a burst of articles queues
  one dossier job per story it touched. The index is kept in memory between calls and read from
  the store again only when another desk has saved one since;
- `rebuild(key)`: the story's dossier built from its stored articles and kept as a new version
  with what changed (`dossier_rows`); the worker calls it for "dossier" jobs;
- `stories()`, `story(key)`, `dossier(key, version)`, `changes(key, since)`: reading back;
- `move_article`, `exclude_article`, `merge_stories`, `split_story`: an editor's decisions,
  kept and applied (`story_edits`); `index()` applies them again after the index has written,
  in the same transaction, so that no regrouping undoes them.

The embeddings: those named (or given) when the desk was opened, else those the store's index
was built with, else MiniLM, as `crosswire stories`. An index is read back with the embeddings
it was built with only: opening a store with others is refused (StoreError) rather than mixing
two kinds of vectors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection

from crosswire.compare.embeddings import EmbeddingBackend, backend_named
from crosswire.errors import StoreError
from crosswire.report.dossier_json import dossier_to_dict
from crosswire.report.render import render_dossier_body
from crosswire.store import story_edits
from crosswire.store.changes import Changes, compare_dossiers
from crosswire.store.database import Store
from crosswire.store.dossier_rows import (
    DossierVersion,
    RenderedVersion,
    build_story_dossier,
    dossier_version,
    latest_rendered,
    latest_version,
    store_version,
    story_articles,
    version_at,
)
from crosswire.store.story_edits import StoryEdit
from crosswire.store.story_rows import (
    Indexed,
    KeptIndex,
    StoryRecord,
    has_pending,
    index_new_articles,
    saved_backend,
    story_record,
    story_records,
    story_row_id,
)

log = logging.getLogger(__name__)
DEFAULT_EMBEDDINGS = "minilm"  # as `crosswire stories`


class StoryDesk:
    """Stories and dossiers over `store` (see the module's docstring)."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        embeddings: str | EmbeddingBackend | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._embeddings = embeddings
        self._backend: tuple[str, EmbeddingBackend] | None = None
        self._kept: KeptIndex | None = None  # the index between ingests (`index`)

    def backend(self) -> tuple[str, EmbeddingBackend]:
        """The embeddings' name and backend (made on first use: loading a model takes time)."""
        if self._backend is None:
            with self._store.reading() as connection:
                saved = saved_backend(connection)
            chosen = self._embeddings
            if isinstance(chosen, str) or chosen is None:
                name = chosen or saved or DEFAULT_EMBEDDINGS
                if saved is not None and name != saved:
                    raise StoreError(
                        f"the stories of {self._store.where} were grouped with {saved!r} "
                        f"embeddings: open it with those, not {name!r}"
                    )
                self._backend = (name, backend_named(name))
            else:
                self._backend = (saved or type(chosen).__name__, chosen)
        return self._backend

    def index(self) -> Indexed:
        """The articles no story holds put in their stories. The index is kept in memory
        between calls and read from the store again only when another desk (another process)
        has saved one since: at 10,000 articles reading it takes most of a second."""
        with self._store.reading() as connection:
            if not has_pending(connection):  # no embeddings to load for nothing
                return Indexed(0, (), ())
        name, backend = self.backend()
        # Taken out while the write changes it: kept again only once the write has committed,
        # and a write run again after a lost race starts from the saved index, not a changed one.
        offered, self._kept = [self._kept], None

        def work(connection: Connection) -> tuple[Indexed, KeptIndex | None]:
            kept = offered.pop() if offered else None
            now = self._clock()
            # The edits are applied here, not in story_rows: story_edits uses story_rows'
            # writers, and a module of the store does not import one that imports it.
            before = story_edits.before_regrouping(connection)
            indexed, kept = index_new_articles(connection, backend, name, now, kept)
            changed, removed = story_edits.after_regrouping(connection, before, now)
            return _with_edits(indexed, changed, removed), kept

        indexed, self._kept = self._store.write(work)
        return indexed

    def stories(self) -> list[StoryRecord]:
        with self._store.reading() as connection:
            return story_records(connection)

    def story(self, key: str) -> StoryRecord:
        with self._store.reading() as connection:
            return story_record(connection, key)

    def rebuild(self, key: str) -> DossierVersion:
        """Build the story's dossier from its stored articles and keep it as a new version."""
        with self._store.reading() as connection:
            record = story_record(connection, key)
            articles = story_articles(connection, record.articles)
        if not articles:
            raise StoreError(f"story {key!r} holds no article")
        built = dossier_to_dict(build_story_dossier(key, articles, backend=self.backend()[1]))
        made = self._clock()
        html = str(render_dossier_body(built, generated_at=made))  # outside the write lock

        def keep(connection: Connection) -> DossierVersion:
            story_id = story_row_id(connection, key)
            return store_version(connection, story_id, key, built, record.articles, made, html)

        version: DossierVersion = self._store.write(keep)
        log.info("dossier of %s: version %d", key, version.version)
        return version

    def dossier(self, key: str, version: int | None = None) -> DossierVersion | None:
        """The story's latest dossier version (or `version`); None when there is none yet."""
        with self._store.reading() as connection:
            story_id = story_row_id(connection, key)
            if version is None:
                return latest_version(connection, story_id, key)
            return dossier_version(connection, story_id, key, version)

    def rendered(self, key: str) -> RenderedVersion | None:
        """The story's latest dossier as the web desk shows it (None: none yet)."""
        with self._store.reading() as connection:
            return latest_rendered(connection, story_row_id(connection, key), key)

    def is_stale(self, key: str) -> bool:
        """Whether the story has no dossier, or one built from other articles than it holds."""
        latest = self.dossier(key)
        return latest is None or latest.articles != self.story(key).articles

    def changes(self, key: str, since: int | datetime) -> Changes:
        """What the latest version adds to version `since` (or to the latest made at or before
        that moment; to nothing when none was)."""
        with self._store.reading() as connection:
            story_id = story_row_id(connection, key)
            latest = latest_version(connection, story_id, key)
            if isinstance(since, datetime):
                earlier = version_at(connection, story_id, key, since)
            else:
                earlier = dossier_version(connection, story_id, key, since)
                if earlier is None:
                    raise StoreError(f"story {key!r} has no dossier version {since}")
        if latest is None:
            raise StoreError(f"story {key!r} has no dossier yet")
        before = None if earlier is None else earlier.dossier
        return compare_dossiers(
            before, latest.dossier, None if earlier is None else earlier.version
        )

    # ------------------------------------------------------------ an editor's decisions

    def move_article(self, article_id: int, to_key: str) -> StoryRecord:
        """The article moved to the story `to_key`, and kept there; that story."""

        def work(connection: Connection) -> StoryRecord:
            story_edits.move_article(connection, article_id, to_key, self._clock())
            return story_record(connection, to_key)

        return self._store.write(work)

    def exclude_article(self, article_id: int) -> StoryRecord:
        """The article out of its story, as a story of its own, never to go back; that story."""

        def work(connection: Connection) -> StoryRecord:
            key = story_edits.exclude_article(connection, article_id, self._clock())
            return story_record(connection, key)

        return self._store.write(work)

    def merge_stories(self, into: str, other: str) -> StoryRecord:
        """The story `other` merged into `into`, now and for what the index puts in it later."""

        def work(connection: Connection) -> StoryRecord:
            story_edits.merge_stories(connection, into, other, self._clock())
            return story_record(connection, into)

        return self._store.write(work)

    def split_story(self, key: str, article_ids: Sequence[int]) -> StoryRecord:
        """Those articles of the story made a new story, kept apart; the new story."""

        def work(connection: Connection) -> StoryRecord:
            made = story_edits.split_story(connection, key, article_ids, self._clock())
            return story_record(connection, made)

        return self._store.write(work)

    def edits(self, key: str | None = None) -> list[StoryEdit]:
        with self._store.reading() as connection:
            return story_edits.edits_of(connection, key)


def _with_edits(indexed: Indexed, changed: set[str], removed: set[str]) -> Indexed:
    """What an indexing did, with what applying the edits after it changed."""
    if not changed and not removed:
        return indexed
    return replace(
        indexed,
        changed=tuple(sorted((set(indexed.changed) | changed) - removed)),
        gone=tuple(sorted(set(indexed.gone) | removed)),
    )
