"""A story's dossier built from its stored articles, and kept as versions with what changed.

`build_story_dossier` builds it as `crosswire dossier` builds the dossier of those articles: the
story is chosen (the desk's story, its articles in the order they were stored, its title
`story_title` of them, as `group_stories` names a story), and `compare.build_dossier` lines them
up. The articles are read back annotated, as the ingest annotated them.

`store_version` writes the next version (`dossier_to_dict` JSON), with what changed since the
one before (`changes.compare_dossiers`) and the ids of the articles it was built from, and
indexes its fact statements for search (`facts_fts`: the latest version's only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, text, update

from crosswire.compare.dossier import StoryChoice, build_dossier
from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.compare.site_furniture import outlet_count
from crosswire.compare.story_titles import story_title
from crosswire.errors import StoreError
from crosswire.model import Article, ChosenStory, Dossier, Story
from crosswire.store.article_rows import stored_article
from crosswire.store.changes import Changes, compare_dossiers
from crosswire.store.schema import dossiers
from crosswire.store.story_summaries import refresh_summaries

JsonDict = dict[str, Any]
_LABELS = text(
    "SELECT json_extract(a.value, '$.source'), "
    "coalesce(json_extract(a.value, '$.label'), json_extract(a.value, '$.title'), "
    "json_extract(a.value, '$.source')) "
    "FROM dossiers AS d, json_each(d.dossier, '$.articles') AS a "
    "WHERE d.story_id = :id AND d.version = :version"
)
_INDEX_FACT = text(
    "INSERT INTO facts_fts (statement, story_id, dossier_version, fact_id) "
    "VALUES (:statement, :story_id, :version, :fact_id)"
)


@dataclass(frozen=True, slots=True)
class DossierVersion:
    """One stored version of a story's dossier."""

    story: str  # the story's key
    version: int  # 1, 2, ...
    dossier: JsonDict  # dossier_to_dict
    changes: Changes | None  # since the version before (None for the first)
    articles: tuple[int, ...]  # the ids of the articles it was built from
    created_at: datetime
    html: str | None = None  # its body as the web desk shows it (the latest version's only)


@dataclass(frozen=True, slots=True)
class RenderedVersion:
    """A dossier version as the web desk's story page shows it: its rendered body and the names
    of its articles, without the dossier itself (reading that costs more than the page)."""

    story: str
    version: int
    html: str | None  # None: not rendered when stored (a store made before it was kept)
    articles: tuple[int, ...]
    created_at: datetime
    labels: dict[str, str]  # each article's source -> its name for people ("Outlet, 9 Nov")


def story_articles(connection: Connection, ids: Sequence[int]) -> list[Article]:
    """The stored articles, whole (annotated as ingested), in the order of `ids`."""
    found = [stored_article(connection, i) for i in ids]
    missing = [i for i, stored in zip(ids, found, strict=True) if stored is None]
    if missing:
        raise StoreError(f"articles {missing} of the story are not in the store")
    return [stored.article for stored in found if stored is not None]


def build_story_dossier(
    key: str, articles: Sequence[Article], *, backend: EmbeddingBackend
) -> Dossier:
    """The dossier of the story's articles, the story chosen as the desk holds it."""
    title = story_title(articles)
    story = Story(key, title, tuple(a.source for a in articles))
    told = ChosenStory(key, title, len(articles), outlet_count(articles), 0, asked=True)
    choice = StoryChoice(story, tuple(articles), chosen=told)
    return build_dossier(articles, backend=backend, choice=choice)


def store_version(
    connection: Connection,
    story_id: int,
    key: str,
    built: JsonDict,
    article_ids: Sequence[int],
    now: datetime,
    html: str | None = None,
) -> DossierVersion:
    """Keep `built` as the story's next dossier version, with what changed since the last (and
    its `html`, rendered made at `now`; the versions before it lose theirs)."""
    previous = latest_version(connection, story_id, key)
    number = 1 if previous is None else previous.version + 1
    changes = (
        None
        if previous is None
        else compare_dossiers(previous.dossier, built, since=previous.version)
    )
    connection.execute(
        insert(dossiers).values(
            story_id=story_id,
            version=number,
            dossier=built,
            changes=None if changes is None else changes.to_dict(),
            articles=list(article_ids),
            created_at=now,
            html=html,
        )
    )
    connection.execute(
        update(dossiers)
        .where(dossiers.c.story_id == story_id, dossiers.c.version < number)
        .values(html=None)
    )
    if connection.dialect.name == "sqlite":
        _index_facts(connection, story_id, number, built)
    refresh_summaries(connection, [story_id], now)
    return DossierVersion(key, number, built, changes, tuple(article_ids), now, html)


def _index_facts(connection: Connection, story_id: int, version: int, built: JsonDict) -> None:
    """The latest version's fact statements, findable; the earlier versions' rows go."""
    connection.execute(text("DELETE FROM facts_fts WHERE story_id = :id"), {"id": story_id})
    rows = [
        {"statement": f["statement"], "story_id": story_id, "version": version, "fact_id": f["id"]}
        for f in built.get("facts", [])
    ]
    if rows:
        connection.execute(_INDEX_FACT, rows)


def latest_version(connection: Connection, story_id: int, key: str) -> DossierVersion | None:
    row = connection.execute(
        select(dossiers)
        .where(dossiers.c.story_id == story_id)
        .order_by(dossiers.c.version.desc())
        .limit(1)
    ).first()
    return None if row is None else _version(row, key)


def latest_rendered(connection: Connection, story_id: int, key: str) -> RenderedVersion | None:
    """The latest version's rendered body and its articles' names (SQLite reads the names out
    of the stored JSON itself; another database gets them from the dossier, read whole)."""
    row = connection.execute(
        select(dossiers.c.version, dossiers.c.html, dossiers.c.articles, dossiers.c.created_at)
        .where(dossiers.c.story_id == story_id)
        .order_by(dossiers.c.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    if connection.dialect.name == "sqlite":
        labels = dict(connection.execute(_LABELS, {"id": story_id, "version": row.version}).all())
    else:
        whole = dossier_version(connection, story_id, key, row.version)
        articles = [] if whole is None else whole.dossier["articles"]
        labels = {a["source"]: a.get("label") or a.get("title") or a["source"] for a in articles}
    return RenderedVersion(
        key, row.version, row.html, tuple(row.articles or ()), row.created_at, labels
    )


def dossier_version(
    connection: Connection, story_id: int, key: str, version: int
) -> DossierVersion | None:
    row = connection.execute(
        select(dossiers).where(dossiers.c.story_id == story_id, dossiers.c.version == version)
    ).first()
    return None if row is None else _version(row, key)


def version_at(
    connection: Connection, story_id: int, key: str, moment: datetime
) -> DossierVersion | None:
    """The latest version made at or before `moment` (None: none was)."""
    row = connection.execute(
        select(dossiers)
        .where(dossiers.c.story_id == story_id, dossiers.c.created_at <= moment)
        .order_by(dossiers.c.version.desc())
        .limit(1)
    ).first()
    return None if row is None else _version(row, key)


def _version(row: Row[Any], key: str) -> DossierVersion:
    return DossierVersion(
        story=key,
        version=row.version,
        dossier=row.dossier,
        changes=None if row.changes is None else Changes.from_dict(row.changes),
        articles=tuple(row.articles or ()),
        created_at=row.created_at,
        html=row.html,
    )
