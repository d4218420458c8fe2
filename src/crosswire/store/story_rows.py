"""The desk's stories, kept in step with the incremental story index (`StoryIndex`).

The index is saved in the store (`story_index`: its bytes and the name of its embeddings), and
`stories` / `story_members` say what it says. `index_new_articles` runs inside one write
transaction: it reads the index, adds the current articles no story holds yet, writes the
stories the assignments touched (new ones, joins, merged stories removed with their members
moved, titles), queues their dossiers and saves the index, so a crash leaves the index and the
stories both as they were before or both as after. It takes every article no story holds, not
only the ones just stored: an ingest killed between storing and indexing is caught up by the next.
A desk may hand it the index it kept from its last write (`KeptIndex`): used when the saved row
is still the one it saved (`index_stamp`), else the saved index is read; either way the index is
saved in the same transaction as the stories, so a crash never leaves them apart.

The index knows each article by a key of its own (`article-ID`, the id of the version it was
given), not by its source: two versions of one page share a source and two inputs may too.

A new version of an article takes the old one's place in its story (the index is not told):
the index cannot remove an article, a corrected page tells the same story, and rebuilding the
index (`StoryIndex.from_stories`) would embed the whole pile again for each correction. The
index keeps the first version's words under the old key, which `current_ids` follows to the
version now current.

The stories are grouped from the articles as extracted (without annotations), as `crosswire
stories` and `crosswire dossier` group them, so that the desk's stories are theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    Text,
    delete,
    insert,
    select,
    text,
    type_coerce,
    update,
)

from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.compare.story_index import Assignment, StoryIndex
from crosswire.compare.story_titles import story_title
from crosswire.errors import StoreError
from crosswire.model import Article
from crosswire.report.article_json import article_from_dict
from crosswire.store.queue import QUEUED, enqueue, payload_text
from crosswire.store.schema import (
    articles,
    dossiers,
    jobs,
    pages,
    stories,
    story_index,
    story_members,
    story_summaries,
)
from crosswire.store.story_summaries import refresh_summaries

log = logging.getLogger(__name__)

INDEX_ROW = 1  # the story index is one row
DOSSIER = "dossier"  # the job kind of a dossier to rebuild; its payload {"story": key}
KEY_PREFIX = "article-"


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A story of the desk: its key (the index's id), title, and current articles' ids."""

    key: str
    title: str
    articles: tuple[int, ...]  # in the order they were stored
    sources: tuple[str, ...]  # their sources as given (as `crosswire stories` lists them)
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Indexed:
    """What one indexing did: articles added, stories whose membership changed, stories gone."""

    added: int
    changed: tuple[str, ...]
    gone: tuple[str, ...]


def index_key(article_id: int) -> str:
    return f"{KEY_PREFIX}{article_id}"


def saved_backend(connection: Connection) -> str | None:
    """The name of the embeddings the store's index was built with (None: no index yet)."""
    return connection.execute(
        select(story_index.c.backend).where(story_index.c.id == INDEX_ROW)
    ).scalar()


@dataclass(frozen=True, slots=True)
class KeptIndex:
    """The index as a desk keeps it between ingests, with the stamp of the saved row it equals:
    loading and saving the whole index is most of the time of putting one article in a large
    desk's stories, so it is read again only when the saved row is not the one it was."""

    index: StoryIndex
    stamp: tuple[int, datetime] | None


def index_stamp(connection: Connection) -> tuple[int, datetime] | None:
    """What tells one saved index from another: its articles and when it was saved (None: no
    index yet). The index only grows (an article is never taken out) and every save that adds
    articles happens under the write lock, so a count names one state of this store's index."""
    row = connection.execute(
        select(story_index.c.articles, story_index.c.updated_at).where(
            story_index.c.id == INDEX_ROW
        )
    ).first()
    return None if row is None else (int(row.articles), row.updated_at)


def load_index(connection: Connection, backend: EmbeddingBackend) -> StoryIndex:
    data = connection.execute(
        select(story_index.c.data).where(story_index.c.id == INDEX_ROW)
    ).scalar()
    return StoryIndex(backend) if data is None else StoryIndex.from_bytes(data, backend=backend)


def save_index(connection: Connection, index: StoryIndex, backend: str, now: datetime) -> None:
    values = {
        "backend": backend,
        "data": index.to_bytes(),
        "articles": len(index),
        "updated_at": now,
    }
    done = connection.execute(
        update(story_index).where(story_index.c.id == INDEX_ROW).values(**values)
    )
    if not done.rowcount:
        connection.execute(insert(story_index).values(id=INDEX_ROW, **values))


def _pending() -> Select[Any]:
    """The current articles no story holds, oldest first."""
    return (
        select(articles.c.id)
        .where(articles.c.is_current)
        .where(articles.c.id.not_in(select(story_members.c.article_id)))
        .order_by(articles.c.id)
    )


def has_pending(connection: Connection) -> bool:
    return connection.execute(_pending().limit(1)).first() is not None


def index_new_articles(
    connection: Connection,
    backend: EmbeddingBackend,
    backend_name: str,
    now: datetime,
    kept: KeptIndex | None = None,
) -> tuple[Indexed, KeptIndex | None]:
    """Put the current articles no story holds in their stories (see the module's docstring);
    what was done, and the index as saved (`kept` when nothing was). `kept` is used instead of
    the saved index when it is the one saved; it is changed in place (a caller whose write
    fails must not keep it)."""
    pending: list[int] = list(connection.execute(_pending()).scalars())
    if not pending:
        return Indexed(0, (), ()), kept
    touched = set(_take_old_places(connection, pending))
    fresh = [i for i in pending if not _in_story(connection, i)]
    if kept is not None and kept.stamp == index_stamp(connection):
        index = kept.index
    else:
        index = load_index(connection, backend)
    assignments = index.add_many(_unannotated(connection, fresh))
    gone = {key for a in assignments for key in a.merged if not index.story(key)}
    touched |= {key for a in assignments for key in _touched(a)} - gone
    for key in sorted(gone):
        _remove_story(connection, key, now)
    for key in sorted(touched):
        _write_story(connection, key, index.story(key), now)
        _queue_dossier(connection, key, now)
    refresh_summaries(connection, sorted(touched), now)
    save_index(connection, index, backend_name, now)
    log.info(
        "%d articles into stories; %d changed, %d merged away", len(fresh), len(touched), len(gone)
    )
    indexed = Indexed(len(fresh), tuple(sorted(touched)), tuple(sorted(gone)))
    return indexed, KeptIndex(index, index_stamp(connection))


def _touched(assignment: Assignment) -> Iterable[str]:
    if assignment.repeated:
        return ()
    return (assignment.story, *assignment.changed)


def _take_old_places(connection: Connection, pending: Sequence[int]) -> list[str]:
    """New versions put where their old versions were; the keys of those stories."""
    moved = connection.execute(
        select(articles.c.id, articles.c.superseded_by, stories.c.key)
        .join(story_members, story_members.c.article_id == articles.c.id)
        .join(stories, stories.c.id == story_members.c.story_id)
        .where(articles.c.superseded_by.in_(pending))
    ).all()
    for old, new, _ in moved:
        connection.execute(
            update(story_members).where(story_members.c.article_id == old).values(article_id=new)
        )
    return [key for _, _, key in moved]


def _in_story(connection: Connection, article_id: int) -> bool:
    found = select(story_members.c.story_id).where(story_members.c.article_id == article_id)
    return connection.execute(found.limit(1)).first() is not None


def _unannotated(connection: Connection, ids: Sequence[int]) -> list[Article]:
    """The articles as extracted, each under its index key."""
    rows = connection.execute(
        select(articles.c.id, articles.c.article)
        .where(articles.c.id.in_(ids))
        .order_by(articles.c.id)
    )
    return [replace(article_from_dict(row.article), source=index_key(row.id)) for row in rows]


def current_ids(connection: Connection, keys: Sequence[str]) -> list[int]:
    """The current version's id of each index key (following `superseded_by`)."""
    found = []
    for key in keys:
        article_id = int(key.removeprefix(KEY_PREFIX))
        while True:
            later = connection.execute(
                select(articles.c.superseded_by).where(articles.c.id == article_id)
            ).scalar()
            if later is None:
                break
            article_id = later
        found.append(article_id)
    return found


def _write_story(connection: Connection, key: str, members: Sequence[str], now: datetime) -> None:
    """The story's row and members as the index says (made if new), its title from its members."""
    wanted = current_ids(connection, members)
    title = story_title(_articles(connection, wanted))
    story_id = connection.execute(select(stories.c.id).where(stories.c.key == key)).scalar()
    if story_id is None:
        result = connection.execute(
            insert(stories).values(key=key, title=title, created_at=now, updated_at=now)
        )
        (story_id,) = result.inserted_primary_key or (None,)
    else:
        connection.execute(
            update(stories).where(stories.c.id == story_id).values(title=title, updated_at=now)
        )
    held = set(
        connection.execute(
            select(story_members.c.article_id).where(story_members.c.story_id == story_id)
        ).scalars()
    )
    for article_id in held - set(wanted):
        connection.execute(
            delete(story_members).where(
                story_members.c.story_id == story_id, story_members.c.article_id == article_id
            )
        )
    for article_id in wanted:
        if article_id not in held:  # moved from a story merged away or split: out of it first
            connection.execute(
                delete(story_members).where(story_members.c.article_id == article_id)
            )
            connection.execute(
                insert(story_members).values(
                    story_id=story_id, article_id=article_id, joined_at=now
                )
            )


def _articles(connection: Connection, ids: Sequence[int]) -> list[Article]:
    rows = connection.execute(
        select(articles.c.id, articles.c.article).where(articles.c.id.in_(ids))
    )
    found = {row.id: article_from_dict(row.article) for row in rows}
    return [found[i] for i in ids]


def _remove_story(connection: Connection, key: str, now: datetime) -> None:
    """A story merged into another: its members are moved by the other's write; its row, its
    dossier versions (the surviving story's next version covers its articles) and its dossier
    job waiting in the queue go."""
    story_id = connection.execute(select(stories.c.id).where(stories.c.key == key)).scalar()
    if story_id is None:
        return
    if connection.dialect.name == "sqlite":
        connection.execute(text("DELETE FROM facts_fts WHERE story_id = :id"), {"id": story_id})
    connection.execute(delete(story_members).where(story_members.c.story_id == story_id))
    connection.execute(delete(story_summaries).where(story_summaries.c.story_id == story_id))
    connection.execute(delete(dossiers).where(dossiers.c.story_id == story_id))
    connection.execute(delete(stories).where(stories.c.id == story_id))
    connection.execute(
        update(jobs)
        .where(jobs.c.kind == DOSSIER, jobs.c.state == QUEUED)
        .where(_payload_is(key))
        .values(state="done", last_error=f"story {key} was merged into another", updated_at=now)
    )


def _payload_is(key: str) -> ColumnElement[bool]:
    # Compared as the JSON text the queue stores (keys sorted): portable, unlike JSON paths.
    return type_coerce(jobs.c.payload, Text) == payload_text({"story": key})


def _queue_dossier(connection: Connection, key: str, now: datetime) -> None:
    """A dossier job for the story, unless one is waiting already (a burst of articles gives one
    job per story). A running one is not enough: it builds from the membership it read."""
    waiting = connection.execute(
        select(jobs.c.id)
        .where(jobs.c.kind == DOSSIER, jobs.c.state == QUEUED)
        .where(_payload_is(key))
    ).first()
    if waiting is None:
        enqueue(connection, DOSSIER, {"story": key}, now, dedupe=False)


# ---------------------------------------------------------------- reading back


def _members(
    connection: Connection, story_id: int | None = None
) -> dict[int, list[tuple[int, str]]]:
    """Each story's articles (id and source), in the order they were stored."""
    query = (
        select(story_members.c.story_id, story_members.c.article_id, pages.c.source)
        .join(articles, articles.c.id == story_members.c.article_id)
        .join(pages, pages.c.id == articles.c.page_id)
        .order_by(story_members.c.article_id)
    )
    if story_id is not None:
        query = query.where(story_members.c.story_id == story_id)
    found: dict[int, list[tuple[int, str]]] = {}
    for story, article_id, source in connection.execute(query):
        found.setdefault(story, []).append((article_id, source))
    return found


def _record(row: Row[Any], members: Sequence[tuple[int, str]]) -> StoryRecord:
    return StoryRecord(
        row.key,
        row.title,
        tuple(i for i, _ in members),
        tuple(s for _, s in members),
        row.created_at,
        row.updated_at,
    )


def story_records(connection: Connection) -> list[StoryRecord]:
    """The desk's stories, biggest first (of two as big, the one made first)."""
    members = _members(connection)
    rows = connection.execute(
        select(stories).where(stories.c.key.is_not(None)).order_by(stories.c.id)
    )
    found = [_record(row, members.get(row.id, [])) for row in rows]
    return sorted(found, key=lambda s: -len(s.articles))


def story_record(connection: Connection, key: str) -> StoryRecord:
    row = connection.execute(select(stories).where(stories.c.key == key)).first()
    if row is None:
        raise StoreError(f"no story {key!r} in the store (`crosswire stories --db` lists them)")
    return _record(row, _members(connection, row.id).get(row.id, []))


def story_row_id(connection: Connection, key: str) -> int:
    found = connection.execute(select(stories.c.id).where(stories.c.key == key)).scalar()
    if found is None:
        raise StoreError(f"no story {key!r} in the store (`crosswire stories --db` lists them)")
    return int(found)
