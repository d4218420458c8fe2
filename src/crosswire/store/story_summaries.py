"""Each story's counts as the story list shows them (`story_summaries`), kept in step and listed.

A story list of a thousand stories must not read a thousand dossiers, nor ten thousand articles:
each story has one short row, rewritten when what it counts changes:
- by `index_new_articles` (story_rows), for the stories whose members it changed, in the same
  transaction (a story merged away loses its row with its story);
- by `store_version` (dossier_rows), when a new dossier version is stored.
`refresh_all_summaries` (the desk's `refresh_summaries()`) rewrites every row: the backfill of
a store whose stories were made before the summaries were, and harmless any time (idempotent).

What a row says:
- from the story's members (its current articles): `articles`; `outlets`, the distinct outlet
  names, an article with no outlet counting as one of its own; `outlet_names` and `languages`,
  sorted; `coverage`, the articles per day ([["2031-03-04", 3], ...], days ascending), an
  article's day being the date its publication states (as stated, its own zone), else the day
  it was stored (UTC); `first_seen`, the earliest of each article's moment (its publication, a
  date alone being its midnight UTC, else when it was stored);
- from the story's latest dossier (null while it has none): `independent_outlets`, the outlets
  left when outlets linked by a copy or rewrite count as one (an article with no outlet one of
  its own); `corroborated`, `single_source` and `contested`, its facts by status, so the three
  add up to its facts: a fact is contested when a conflict about a number, date, name or
  position involves it (`compare.conflicts.mark_contested`), whatever its outlets;
  `conflicts`, all its conflicts (a difference of certainty contests no fact but is one);
  `fact_statuses` (fact id -> status, for search hits) and `copies` ([copier outlet, source
  outlet, kind] of each derivation between two named outlets, for the outlets page);
- `last_updated`: the story's newest activity, the later of its last change of members and its
  latest dossier version.

Listing (`list_stories`) reads these rows only, newest activity first, with filters on coverage
days, outlet, language and words (full text: SQLite; as search is).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    column,
    delete,
    func,
    insert,
    select,
    text,
)

from crosswire.compare.derivation import independent_groups
from crosswire.errors import StoreError
from crosswire.model import Derivation, FactStatus
from crosswire.store.fulltext import WORD, match_expression
from crosswire.store.schema import articles, dossiers, stories, story_members, story_summaries

log = logging.getLogger(__name__)
JsonDict = dict[str, Any]
DEFAULT_LIMIT = 50
DAY_CHARS = 10  # "2031-03-04"
BATCH = 500  # stories refreshed per round by the backfill


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One story as the story list shows it (see the module's docstring for each count)."""

    key: str
    title: str
    articles: int
    outlets: int
    independent_outlets: int | None  # None: no dossier yet (so for the fact counts)
    corroborated: int | None
    single_source: int | None
    contested: int | None
    conflicts: int | None
    first_seen: datetime | None
    last_updated: datetime
    languages: tuple[str, ...]
    outlet_names: tuple[str, ...]
    coverage: tuple[tuple[str, int], ...]  # (day, articles), days ascending
    dossier_version: int | None


@dataclass(frozen=True, slots=True)
class StoryPage:
    """One page of the story list: its stories, and how many the filters let through in all."""

    items: tuple[StorySummary, ...]
    total: int
    offset: int
    limit: int


# ---------------------------------------------------------------- keeping the rows


def refresh_summaries(
    connection: Connection, story_ids_or_keys: Iterable[int | str], now: datetime
) -> None:
    """Rewrite the summaries of those stories (ids or keys) from their members and latest
    dossier; a story that is gone loses its row. `now` stands in for a story's last activity
    when its rows tell none (they always do as the desk writes them)."""
    wanted = _story_ids(connection, story_ids_or_keys)
    if not wanted:
        return
    found = connection.execute(
        select(stories.c.id, stories.c.updated_at).where(stories.c.id.in_(wanted))
    ).all()
    gone = set(wanted) - {row.id for row in found}
    if gone:
        connection.execute(delete(story_summaries).where(story_summaries.c.story_id.in_(gone)))
    members = _member_rows(connection, [row.id for row in found])
    for row in found:
        values = _member_values(members.get(row.id, []))
        values.update(_dossier_values(connection, row.id))
        moments = [m for m in (row.updated_at, values.pop("dossier_at")) if m is not None]
        values["last_updated"] = max(moments, default=now)
        connection.execute(delete(story_summaries).where(story_summaries.c.story_id == row.id))
        connection.execute(insert(story_summaries).values(story_id=row.id, **values))


def refresh_all_summaries(connection: Connection, now: datetime) -> int:
    """Rewrite every story's summary (and drop the rows of stories gone): the backfill of a
    store made before the summaries, idempotent. How many stories were summarized."""
    ids = list(connection.execute(select(stories.c.id).order_by(stories.c.id)).scalars())
    connection.execute(
        delete(story_summaries).where(story_summaries.c.story_id.not_in(select(stories.c.id)))
    )
    for start in range(0, len(ids), BATCH):  # a statement's parameters are limited
        refresh_summaries(connection, ids[start : start + BATCH], now)
    log.info("summaries of %d stories rewritten", len(ids))
    return len(ids)


def _story_ids(connection: Connection, given: Iterable[int | str]) -> list[int]:
    """The ids of the stories named (keys resolved; an unknown key names nothing)."""
    named = list(given)
    ids = {item for item in named if isinstance(item, int)}
    keys = [item for item in named if isinstance(item, str)]
    if keys:
        ids.update(
            connection.execute(select(stories.c.id).where(stories.c.key.in_(keys))).scalars()
        )
    return sorted(ids)


def _member_rows(connection: Connection, story_ids: Sequence[int]) -> dict[int, list[Any]]:
    query = (
        select(
            story_members.c.story_id,
            articles.c.outlet,
            articles.c.language,
            articles.c.published,
            articles.c.created_at,
        )
        .join(articles, articles.c.id == story_members.c.article_id)
        .where(story_members.c.story_id.in_(story_ids))
    )
    found: dict[int, list[Any]] = {}
    for row in connection.execute(query):
        found.setdefault(row.story_id, []).append(row)
    return found


def _member_values(members: Sequence[Any]) -> JsonDict:
    """The columns the story's members say (see the module's docstring)."""
    names = {m.outlet.strip() for m in members if m.outlet and m.outlet.strip()}
    unnamed = sum(1 for m in members if not (m.outlet and m.outlet.strip()))
    days = Counter(_day(m.published, m.created_at) for m in members)
    moments = [_moment(m.published, m.created_at) for m in members]
    return {
        "articles": len(members),
        "outlets": len(names) + unnamed,
        "outlet_names": sorted(names),
        "languages": sorted({m.language for m in members if m.language}),
        "coverage": [[day, days[day]] for day in sorted(days)],
        "first_seen": min(moments, default=None),
    }


def _published_date(published: str | None) -> date | None:
    """The day a publication date states (None: none, or not a day)."""
    if not published or len(published) < DAY_CHARS:
        return None
    try:
        return date.fromisoformat(published[:DAY_CHARS])
    except ValueError:
        return None


def _day(published: str | None, stored: datetime) -> str:
    stated = _published_date(published)
    return (stated or stored.astimezone(UTC).date()).isoformat()


def _moment(published: str | None, stored: datetime) -> datetime:
    """When the article appeared: its publication (to the second when stated), else stored."""
    stated = _published_date(published)
    if stated is None or published is None:
        return stored
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        moment = datetime.combine(stated, time(), UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _dossier_values(connection: Connection, story_id: int) -> JsonDict:
    """The columns the story's latest dossier says (nulls while it has none), and its time
    (`dossier_at`)."""
    latest = connection.execute(
        select(dossiers.c.version, dossiers.c.created_at)
        .where(dossiers.c.story_id == story_id)
        .order_by(dossiers.c.version.desc())
        .limit(1)
    ).first()
    if latest is None:
        return {"dossier_at": None}
    kept = connection.execute(
        select(story_summaries).where(
            story_summaries.c.story_id == story_id,
            story_summaries.c.dossier_version == latest.version,
        )
    ).first()
    if kept is not None:  # the members changed, the dossier did not: its counts stand
        values = {name: kept._mapping[name] for name in _DOSSIER_COLUMNS}
    else:
        built = connection.execute(
            select(dossiers.c.dossier).where(
                dossiers.c.story_id == story_id, dossiers.c.version == latest.version
            )
        ).scalar_one()
        values = dossier_counts(built)
    return {**values, "dossier_version": latest.version, "dossier_at": latest.created_at}


_DOSSIER_COLUMNS = (
    "independent_outlets",
    "corroborated",
    "single_source",
    "contested",
    "conflicts",
    "fact_statuses",
    "copies",
)


def dossier_counts(built: JsonDict) -> JsonDict:
    """The summary's columns a dossier (`dossier_to_dict`) says."""
    statuses = {str(f["id"]): str(f["status"]) for f in built.get("facts", [])}
    counted = Counter(statuses.values())
    outlet = {a["source"]: _outlet_node(a) for a in built.get("articles", [])}
    derivations = built.get("derivations", [])
    return {
        "independent_outlets": _independent_outlets(outlet, derivations),
        "corroborated": counted[str(FactStatus.CORROBORATED)],
        "single_source": counted[str(FactStatus.SINGLE_SOURCE)],
        "contested": counted[str(FactStatus.CONTESTED)],
        "conflicts": len(built.get("conflicts", [])),
        "fact_statuses": statuses,
        "copies": _copies(built, derivations),
    }


def _outlet_node(article: JsonDict) -> str:
    name = (article.get("outlet") or "").strip()
    return f"outlet:{name.casefold()}" if name else f"source:{article['source']}"


def _independent_outlets(outlet: dict[str, str], derivations: Sequence[JsonDict]) -> int:
    """The story's outlets, those linked by a copy or rewrite counted as one."""
    links = [
        Derivation(outlet[d["article"]], outlet[d["derived_from"]], str(d["kind"]), 1.0)
        for d in derivations
        if d["article"] in outlet and d["derived_from"] in outlet
    ]
    return len(independent_groups(list(dict.fromkeys(outlet.values())), links))


def _copies(built: JsonDict, derivations: Sequence[JsonDict]) -> list[list[str]]:
    """[copier outlet, source outlet, kind] of each derivation between two named outlets (an
    outlet repeating itself is not a copy relation between outlets)."""
    names = {a["source"]: (a.get("outlet") or "").strip() for a in built.get("articles", [])}
    found = []
    for d in derivations:
        copier, source = names.get(d["article"], ""), names.get(d["derived_from"], "")
        if copier and source and copier != source:
            found.append([copier, source, str(d["kind"])])
    return found


# ---------------------------------------------------------------- listing


def list_stories(
    connection: Connection,
    *,
    since: date | None = None,
    until: date | None = None,
    outlet: str | None = None,
    language: str | None = None,
    query: str | None = None,
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
) -> StoryPage:
    """The stories, newest activity first (of two as new, the later made first), `limit` of
    them from `offset`, with how many pass the filters: `since` / `until`, an article on a day
    in that range (inclusive; a story's coverage days); `outlet`, an article of that outlet
    (its exact name); `language`, an article in that language (its code); `query`, every word
    in the story's title or in one of its articles (as search finds them). An empty query
    filters nothing."""
    # A story of the index (a key), as a condition on the joined row: so the newest first are
    # read down the last_updated index, `offset + limit` of them, not all sorted for a page.
    conditions = [
        stories.c.key.is_not(None),
        *_filters(connection, since, until, outlet, language, query),
    ]
    listed = story_summaries.join(stories, stories.c.id == story_summaries.c.story_id)
    total = connection.execute(
        select(func.count()).select_from(listed).where(*conditions)
    ).scalar_one()
    rows = connection.execute(
        select(*_LISTED, stories.c.key, stories.c.title)
        .select_from(listed)
        .where(*conditions)
        .order_by(story_summaries.c.last_updated.desc(), story_summaries.c.story_id.desc())
        .offset(max(offset, 0))
        .limit(max(limit, 0))
    )
    return StoryPage(tuple(_summary(row) for row in rows), int(total), offset, limit)


def _filters(
    connection: Connection,
    since: date | None,
    until: date | None,
    outlet: str | None,
    language: str | None,
    query: str | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None or until is not None:
        conditions.append(_covered(connection, since, until))
    for listed, wanted in (("outlet_names", outlet), ("languages", language)):
        if wanted is not None:
            conditions.append(_listing(connection, listed, wanted))
    if query is not None and match_expression(query) is not None:
        conditions.append(_telling(connection, query))
    return conditions


def _sqlite_only(connection: Connection, what: str) -> None:
    if connection.dialect.name != "sqlite":
        raise StoreError(f"{what} needs an SQLite store, not {connection.dialect.name}")


def _covered(connection: Connection, since: date | None, until: date | None) -> ColumnElement[bool]:
    """A story with an article on a day of the range (its coverage's days, read in place)."""
    _sqlite_only(connection, "filtering stories by date")
    bounds, values = [], {}
    if since is not None:
        bounds.append("json_extract(day.value, '$[0]') >= :since")
        values["since"] = since.isoformat()
    if until is not None:
        bounds.append("json_extract(day.value, '$[0]') <= :until")
        values["until"] = until.isoformat()
    clause = text(
        "EXISTS (SELECT 1 FROM json_each(story_summaries.coverage) AS day WHERE "
        + " AND ".join(bounds)
        + ")"
    ).bindparams(**values)
    return clause  # type: ignore[return-value]


def _listing(connection: Connection, listed: str, wanted: str) -> ColumnElement[bool]:
    """A story whose JSON list `listed` (its outlets' names, its languages) holds `wanted`:
    read in the summary row, not in its articles (whose rows are long)."""
    _sqlite_only(connection, f"filtering stories by {listed}")
    clause = text(
        f"EXISTS (SELECT 1 FROM json_each(story_summaries.{listed}) WHERE value = :{listed})"
    ).bindparams(**{listed: wanted})
    return clause  # type: ignore[return-value]


def _telling(connection: Connection, query: str) -> ColumnElement[bool]:
    """A story whose title holds every word of `query`, or one of whose articles does."""
    _sqlite_only(connection, "full-text search")
    found = (
        text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :query")
        .bindparams(query=match_expression(query))
        .columns(column("rowid", Integer))
    )
    by_article = select(story_members.c.story_id).where(story_members.c.article_id.in_(found))
    by_title = select(stories.c.id).where(
        *(stories.c.title.like(f"%{_escaped(word)}%", escape="\\") for word in WORD.findall(query))
    )
    return story_summaries.c.story_id.in_(by_article) | story_summaries.c.story_id.in_(by_title)


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# The columns a listed story shows: not the fact statuses and copies kept for search and the
# outlets page, which make a row several times longer (bench_web_load.py's story list).
_LISTED = [
    story_summaries.c[name]
    for name in (
        "story_id",
        "articles",
        "outlets",
        "independent_outlets",
        "corroborated",
        "single_source",
        "contested",
        "conflicts",
        "first_seen",
        "last_updated",
        "languages",
        "outlet_names",
        "coverage",
        "dossier_version",
    )
]


def _summary(row: Any) -> StorySummary:
    return StorySummary(
        key=row.key,
        title=row.title,
        articles=row.articles,
        outlets=row.outlets,
        independent_outlets=row.independent_outlets,
        corroborated=row.corroborated,
        single_source=row.single_source,
        contested=row.contested,
        conflicts=row.conflicts,
        first_seen=row.first_seen,
        last_updated=row.last_updated,
        languages=tuple(row.languages),
        outlet_names=tuple(row.outlet_names),
        coverage=tuple((str(day), int(count)) for day, count in row.coverage),
        dossier_version=row.dossier_version,
    )
