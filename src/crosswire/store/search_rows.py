"""Search over the dossiers' facts and the articles' quotes, and the speakers quoted (FTS5).

- `search_facts`: the facts of each story's latest dossier (`facts_fts` holds the latest
  version's only: `dossier_rows` replaces a story's rows with each version), with the story and
  the fact's status (from the story's summary, `story_summaries.fact_statuses`);
- `search_quotes`: the quotes of the current articles, with the article, its outlet and the
  story it is in; `speaker` keeps the quotes of that speaker (every word of it in the speaker
  column): "what X said", across stories;
- `speakers`: the speakers quoted whose name has words starting so, with their quotes counted
  (an autocomplete of actors).

As `fulltext`: a query is words, never FTS5 syntax (`match_expression`); a search with no word
finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, text

from crosswire.store.fulltext import DEFAULT_MARKS, SNIPPET_WORDS, WORD, match_expression
from crosswire.store.schema import story_summaries


@dataclass(frozen=True, slots=True)
class FactHit:
    """A fact of a story's latest dossier a search found."""

    story_key: str
    story_title: str
    fact_id: str  # "F1", ... in that dossier version
    dossier_version: int
    status: str | None  # "corroborated", "single-source", "contested" (None: not known)
    snippet: str  # the matched words between the marks given to the search


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A quote of a current article a search found."""

    article_id: int
    title: str | None
    outlet: str | None
    speaker: str | None  # the name, else how the article describes the speaker
    story_key: str | None  # the story the article is in (None: not grouped yet)
    snippet: str


@dataclass(frozen=True, slots=True)
class Speaker:
    """Someone quoted, as the articles name them, with how many quotes they have."""

    name: str
    quotes: int


_SEARCH_FACTS = text(
    "SELECT s.id AS story_id, s.key, s.title, facts_fts.fact_id, facts_fts.dossier_version, "
    "snippet(facts_fts, 0, :open, :close, '…', :words) AS snippet "
    "FROM facts_fts JOIN stories AS s ON s.id = facts_fts.story_id "
    "WHERE facts_fts MATCH :query AND s.key IS NOT NULL "
    "ORDER BY bm25(facts_fts), s.id, facts_fts.fact_id LIMIT :limit OFFSET :offset"
)
# As `fulltext` searches articles: the page ranked first, then only its rows read and given
# snippets (a common word is in thousands of quotes).
_SEARCH_QUOTES = text(
    "SELECT a.id, a.title, a.outlet, quotes_fts.speaker, s.key, "
    "snippet(quotes_fts, 0, :open, :close, '…', :words) AS snippet "
    "FROM quotes_fts JOIN articles AS a ON a.id = quotes_fts.article_id "
    "LEFT JOIN story_members AS m ON m.article_id = a.id "
    "LEFT JOIN stories AS s ON s.id = m.story_id "
    "WHERE quotes_fts MATCH :query AND quotes_fts.rowid IN ("
    "SELECT quotes_fts.rowid FROM quotes_fts JOIN articles AS a ON a.id = quotes_fts.article_id "
    "WHERE quotes_fts MATCH :query AND a.is_current "
    "ORDER BY bm25(quotes_fts), a.id, quotes_fts.rowid LIMIT :limit OFFSET :offset) "
    "ORDER BY bm25(quotes_fts), a.id, quotes_fts.rowid"
)
_SPEAKERS = (
    "SELECT quotes_fts.speaker AS name, count(*) AS quotes "
    "FROM quotes_fts JOIN articles AS a ON a.id = quotes_fts.article_id "
    "WHERE a.is_current AND quotes_fts.speaker != '' {match}"
    "GROUP BY quotes_fts.speaker ORDER BY quotes DESC, name LIMIT :limit"
)


def search_facts(
    connection: Connection,
    query: str,
    *,
    limit: int,
    offset: int = 0,
    marks: tuple[str, str] = DEFAULT_MARKS,
) -> list[FactHit]:
    """The facts of the stories' latest dossiers whose statement holds every word of `query`,
    best first (`limit` of them from `offset`)."""
    expression = match_expression(query)
    if expression is None:
        return []
    rows = connection.execute(
        _SEARCH_FACTS, _paging(expression, limit, offset, marks) | {"words": SNIPPET_WORDS}
    ).all()
    statuses = _fact_statuses(connection, {row.story_id for row in rows})
    return [
        FactHit(
            story_key=row.key,
            story_title=row.title,
            fact_id=str(row.fact_id),
            dossier_version=int(row.dossier_version),
            status=statuses.get(row.story_id, {}).get(str(row.fact_id)),
            snippet=row.snippet,
        )
        for row in rows
    ]


def _fact_statuses(connection: Connection, story_ids: set[int]) -> dict[int, dict[str, str]]:
    rows = connection.execute(
        select(story_summaries.c.story_id, story_summaries.c.fact_statuses).where(
            story_summaries.c.story_id.in_(story_ids)
        )
    )
    return {row.story_id: row.fact_statuses or {} for row in rows}


def search_quotes(
    connection: Connection,
    query: str,
    *,
    speaker: str | None = None,
    limit: int,
    offset: int = 0,
    marks: tuple[str, str] = DEFAULT_MARKS,
) -> list[QuoteHit]:
    """The quotes of the current articles holding every word of `query` (in their words or
    their speaker), of `speaker` only when given (every word of it in the speaker's name),
    best first (`limit` of them from `offset`). With a speaker and no query: all that speaker's
    quotes."""
    parts = [match_expression(query)]
    if speaker is not None:
        words = WORD.findall(speaker)
        if not words:
            return []
        parts.append(" AND ".join(f'speaker : "{word}"' for word in words))
    expression = " AND ".join(f"({part})" for part in parts if part)
    if not expression:
        return []
    rows = connection.execute(
        _SEARCH_QUOTES, _paging(expression, limit, offset, marks) | {"words": SNIPPET_WORDS}
    )
    return [
        QuoteHit(row.id, row.title, row.outlet, row.speaker or None, row.key, row.snippet)
        for row in rows
    ]


def speakers(connection: Connection, prefix: str = "", *, limit: int = 10) -> list[Speaker]:
    """The speakers of the current articles' quotes, most quoted first, whose name has a word
    starting with each word of `prefix` (the last word a beginning: "mara vel" finds "Mara
    Velden"); every speaker when `prefix` has no word."""
    words = WORD.findall(prefix)
    values: dict[str, object] = {"limit": limit}
    match = ""
    if words:
        terms = [f'speaker : "{word}"' for word in words[:-1]] + [f'speaker : "{words[-1]}"*']
        values["query"] = " AND ".join(terms)
        match = "AND quotes_fts MATCH :query "
    rows = connection.execute(text(_SPEAKERS.format(match=match)), values)
    return [Speaker(row.name, int(row.quotes)) for row in rows]


def _paging(expression: str, limit: int, offset: int, marks: tuple[str, str]) -> dict[str, object]:
    return {
        "query": expression,
        "open": marks[0],
        "close": marks[1],
        "limit": limit,
        "offset": max(offset, 0),
    }
