"""The outlets of the store: each with its articles and stories, and who copies whom.

An outlet is an article's outlet name as extracted (`articles.outlet`), exactly: the store does
not merge names spelled otherwise. Articles without an outlet belong to none.

Copy relations come from the stories' latest dossiers: each derivation says that an article
copies or rewrites another (`compare.derivation`); between two named outlets it is a relation
of the first (the copier) to the second (the source). They are kept with each story's summary
when its dossier is stored (`story_summaries.copies`), so the outlets page reads a thousand
short lists, not a thousand dossiers. Each derivation counts once: an outlet that rewrote two
of another's articles in one story copies it twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, distinct, func, select

from crosswire.store.article_rows import RECORD_COLUMNS, article_record
from crosswire.store.records import ArticleRecord
from crosswire.store.schema import articles, story_members, story_summaries

DEFAULT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class OutletSummary:
    """One outlet as the outlets page lists it (its current articles)."""

    name: str
    articles: int
    stories: int  # the stories holding one of its articles
    last_published: str | None  # the latest publication date its articles state (ISO text)
    last_stored: datetime  # when its latest article was stored


@dataclass(frozen=True, slots=True)
class OutletDetail:
    """One outlet: a page of its current articles, newest stored first, and its copy
    relations with other outlets ((outlet, derivations), most first)."""

    name: str
    articles: tuple[ArticleRecord, ...]
    total_articles: int
    offset: int
    limit: int
    copies: tuple[tuple[str, int], ...]  # the outlets it copies or rewrites
    copied_by: tuple[tuple[str, int], ...]  # the outlets that copy or rewrite it


def outlet_summaries(connection: Connection) -> list[OutletSummary]:
    """Every outlet of the current articles, most articles first (of two as many, by name)."""
    count = func.count(distinct(articles.c.id)).label("articles")
    rows = connection.execute(
        select(
            articles.c.outlet,
            count,
            func.count(distinct(story_members.c.story_id)).label("stories"),
            func.max(articles.c.published).label("last_published"),
            func.max(articles.c.created_at).label("last_stored"),
        )
        .outerjoin(story_members, story_members.c.article_id == articles.c.id)
        .where(articles.c.is_current, articles.c.outlet.is_not(None), articles.c.outlet != "")
        .group_by(articles.c.outlet)
        .order_by(count.desc(), articles.c.outlet)
    )
    return [
        OutletSummary(row.outlet, row.articles, row.stories, row.last_published, row.last_stored)
        for row in rows
    ]


def outlet_detail(
    connection: Connection, outlet: str, *, offset: int = 0, limit: int = DEFAULT_LIMIT
) -> OutletDetail:
    """The outlet's current articles (`limit` from `offset`, newest stored first) and its copy
    relations (an outlet with no article is empty, not an error: a link may outlive it)."""
    mine = (articles.c.outlet == outlet, articles.c.is_current)
    total = connection.execute(select(func.count()).select_from(articles).where(*mine)).scalar()
    rows = connection.execute(
        select(*RECORD_COLUMNS)
        .where(*mine)
        .order_by(articles.c.created_at.desc(), articles.c.id.desc())
        .offset(max(offset, 0))
        .limit(max(limit, 0))
    )
    copies, copied_by = copy_relations(connection, outlet)
    return OutletDetail(
        name=outlet,
        articles=tuple(article_record(row) for row in rows),
        total_articles=int(total or 0),
        offset=offset,
        limit=limit,
        copies=copies,
        copied_by=copied_by,
    )


def copy_relations(
    connection: Connection, outlet: str
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """Whom the outlet copies and who copies it, as the stories' latest dossiers say: each
    other outlet with its derivations counted, most first (of two as many, by name)."""
    copies: Counter[str] = Counter()
    copied_by: Counter[str] = Counter()
    listed = connection.execute(
        select(story_summaries.c.copies).where(story_summaries.c.copies.is_not(None))
    ).scalars()
    for relations in listed:
        for copier, source, *_ in relations:
            if copier == outlet:
                copies[source] += 1
            elif source == outlet:
                copied_by[copier] += 1
    return _ranked(copies), _ranked(copied_by)


def _ranked(counted: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counted.items(), key=lambda item: (-item[1], item[0])))
