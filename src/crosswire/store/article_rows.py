"""An article stored whole, or found already stored; and stored articles read back.

One article once (`identity`): a page whose address and text the store has is already there; a
changed text at a known address is a new version of that article (the old kept, marked
superseded by the new); a text the store has, from a page with no address or arriving where
none was known, is already there; the same text at another address is a copy, stored as an
article of its own (the dossier tells copies apart from their originals).

`store_article` runs inside one write transaction (`Store.write`), which holds the lock from the
check to the last row: the page's raw content, the article's JSON and its full-text rows are
written together or not at all.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from crosswire.model import Article, Page
from crosswire.report.annotation_json import annotations_to_dict
from crosswire.report.article_json import article_from_dict, article_to_dict
from crosswire.store.fulltext import index_article
from crosswire.store.identity import Identity
from crosswire.store.records import ArticleRecord, Outcome, StoredArticle
from crosswire.store.schema import articles, pages, stories, story_members


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article goes: what it is to the store, the stored article it is (already there)
    or supersedes (a new version), and the version number it takes."""

    outcome: Outcome
    known_id: int | None
    version: int


def place(connection: Connection, identity: Identity) -> Placement:
    """Where an article of `identity` goes, as the store stands."""
    if identity.url_key is not None:
        current = connection.execute(
            select(articles.c.id, articles.c.text_hash, articles.c.version).where(
                articles.c.url_key == identity.url_key, articles.c.is_current
            )
        ).first()
        if current is not None:
            if current.text_hash == identity.text_hash:
                return Placement(Outcome.ALREADY_THERE, current.id, current.version)
            return Placement(Outcome.NEW_VERSION, current.id, current.version + 1)
    same_text = select(articles.c.id, articles.c.version).where(
        articles.c.text_hash == identity.text_hash, articles.c.is_current
    )
    if identity.url_key is not None:  # another address's copy is an article of its own
        same_text = same_text.where(articles.c.url_key.is_(None))
    known = connection.execute(same_text.order_by(articles.c.id).limit(1)).first()
    if known is not None:
        return Placement(Outcome.ALREADY_THERE, known.id, known.version)
    return Placement(Outcome.NEW, None, 1)


def store_article(
    connection: Connection,
    page: Page,
    article: Article,
    identity: Identity,
    now: datetime,
    *,
    full_text: bool,
) -> tuple[Outcome, int]:
    """Store the article and the page it came from, unless the store has it; what it was to the
    store, and its id. `full_text`: index it for search too (SQLite)."""
    placement = place(connection, identity)
    if placement.outcome is Outcome.ALREADY_THERE:
        assert placement.known_id is not None
        return placement.outcome, placement.known_id
    page_id = _insert_page(connection, page, identity, now)
    article_id = _insert_article(connection, page_id, article, identity, placement.version, now)
    if placement.outcome is Outcome.NEW_VERSION:
        connection.execute(
            update(articles)
            .where(articles.c.id == placement.known_id)
            .values(is_current=False, superseded_by=article_id)
        )
    if full_text:
        index_article(connection, article_id, article)
    return placement.outcome, article_id


def _insert_page(connection: Connection, page: Page, identity: Identity, now: datetime) -> int:
    result = connection.execute(
        insert(pages).values(
            source=page.source,
            url=page.url,
            url_key=identity.url_key,
            text_hash=identity.text_hash,
            raw=zlib.compress(page.content.encode("utf-8")),
            kind=page.kind,
            encoding=page.encoding,
            fetched_at=_aware(page.fetched_at),
            first_seen=now,
        )
    )
    return _new_id(result.inserted_primary_key)


def _insert_article(
    connection: Connection,
    page_id: int,
    article: Article,
    identity: Identity,
    version: int,
    now: datetime,
) -> int:
    annotations = (
        annotations_to_dict(article.text, article.annotations)
        if article.annotations is not None
        else None
    )
    result = connection.execute(
        insert(articles).values(
            page_id=page_id,
            url=identity.url,
            url_key=identity.url_key,
            text_hash=identity.text_hash,
            version=version,
            is_current=True,
            article=article_to_dict(replace(article, annotations=None), with_page_text=True),
            annotations=annotations,
            title=article.title.value,
            outlet=article.outlet.value,
            published=article.published.value,
            language=article.language,
            created_at=now,
        )
    )
    return _new_id(result.inserted_primary_key)


def _new_id(key: Any) -> int:
    (new_id,) = key
    assert isinstance(new_id, int)
    return new_id


def _aware(moment: datetime | None) -> datetime | None:
    """A fetch time with its zone: one read without a zone is taken as UTC (WARC dates are)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


# ---------------------------------------------------------------- reading back

_RECORD_COLUMNS = (
    articles.c.id,
    articles.c.url,
    articles.c.title,
    articles.c.outlet,
    articles.c.published,
    articles.c.language,
    articles.c.version,
    articles.c.is_current,
    articles.c.superseded_by,
    articles.c.created_at,
)


def article_records(connection: Connection, *, current_only: bool) -> list[ArticleRecord]:
    """The stored articles' rows, oldest first (every version, or the current ones only)."""
    query = select(*_RECORD_COLUMNS).order_by(articles.c.id)
    if current_only:
        query = query.where(articles.c.is_current)
    return [_record(row) for row in connection.execute(query)]


def stored_article(connection: Connection, article_id: int) -> StoredArticle | None:
    """The stored article of that id, read back whole (None: no such article)."""
    row = connection.execute(
        select(*_RECORD_COLUMNS, articles.c.article, articles.c.annotations).where(
            articles.c.id == article_id
        )
    ).first()
    if row is None:
        return None
    fields = {**row.article, **(row.annotations or {})}
    return StoredArticle(_record(row), article_from_dict(fields))


def _record(row: Row[Any, *tuple[Any, ...]]) -> ArticleRecord:
    return ArticleRecord(
        id=row.id,
        url=row.url,
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        language=row.language,
        version=row.version,
        is_current=bool(row.is_current),
        superseded_by=row.superseded_by,
        created_at=row.created_at,
    )


# The columns and reading of an `ArticleRecord`, for the other modules that list articles.
RECORD_COLUMNS = _RECORD_COLUMNS
article_record = _record


def article_versions(connection: Connection, article_id: int) -> list[ArticleRecord]:
    """Every version at the article's address, oldest first (the article alone when it has no
    address; none when there is no such article)."""
    url_key = connection.execute(
        select(articles.c.url_key).where(articles.c.id == article_id)
    ).first()
    if url_key is None:
        return []
    query = select(*_RECORD_COLUMNS)
    if url_key.url_key is None:
        query = query.where(articles.c.id == article_id)
    else:
        query = query.where(articles.c.url_key == url_key.url_key).order_by(articles.c.version)
    return [_record(row) for row in connection.execute(query)]


def raw_page(connection: Connection, article_id: int) -> tuple[str, str] | None:
    """The page the article was made from, as read: its kind ("html" or "text") and its
    content (None: no such article)."""
    row = connection.execute(
        select(pages.c.kind, pages.c.raw)
        .join(articles, articles.c.page_id == pages.c.id)
        .where(articles.c.id == article_id)
    ).first()
    if row is None:
        return None
    return str(row.kind), zlib.decompress(row.raw).decode("utf-8")


def story_of_article(connection: Connection, article_id: int) -> str | None:
    """The key of the story the article is in; an earlier version's is its current version's
    (the story holds the current one). None: in no story (yet), or no such article."""
    key = connection.execute(
        select(stories.c.key)
        .join(story_members, story_members.c.story_id == stories.c.id)
        .where(story_members.c.article_id == article_id)
    ).scalar()
    if key is not None:
        return str(key)
    later = connection.execute(
        select(articles.c.superseded_by).where(articles.c.id == article_id)
    ).scalar()
    return None if later is None else story_of_article(connection, int(later))


def articles_of_sources(connection: Connection, sources: Sequence[str]) -> dict[str, int]:
    """The current article made from the page read from each of `sources` (a path or URL as
    given, as an ingest job names it); a source no page came from is left out. What the web
    desk links a finished job to."""
    if not sources:
        return {}
    rows = connection.execute(
        select(pages.c.source, articles.c.id, articles.c.superseded_by)
        .join(articles, articles.c.page_id == pages.c.id)
        .where(pages.c.source.in_(list(sources)))
        .order_by(articles.c.id)
    )
    found = {str(row.source): int(row.id) for row in rows}
    return {source: _current_id(connection, article_id) for source, article_id in found.items()}


def _current_id(connection: Connection, article_id: int) -> int:
    """The current version of an article (itself when none superseded it)."""
    later = connection.execute(
        select(articles.c.superseded_by).where(articles.c.id == article_id)
    ).scalar()
    return article_id if later is None else _current_id(connection, int(later))
