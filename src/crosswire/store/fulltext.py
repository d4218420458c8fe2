"""Full-text search over the store, with SQLite's FTS5.

The migrations make three FTS5 tables where the database is SQLite: `articles_fts` (title and
body; its rowid is the article's id), `quotes_fts` (each quote's words and speaker, with its
article's id) and `facts_fts` (a dossier's fact statements, with their story, dossier version
and fact id; filled when dossiers are stored). They are written in the transaction that stores
what they index, so a search never finds half an article.

A query is words, not FTS5 syntax: each word must appear (in any order), so that a quote mark,
a hyphen or "NOT" in what a user types is a word to find, never a syntax error.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from crosswire.model import Article
from crosswire.store.records import SearchHit

WORD = re.compile(r"\w+")
SNIPPET_WORDS = 16
DEFAULT_MARKS = ("[", "]")

_INDEX_ARTICLE = text("INSERT INTO articles_fts (rowid, title, body) VALUES (:id, :title, :body)")
_INDEX_QUOTE = text(
    "INSERT INTO quotes_fts (text, speaker, article_id) VALUES (:text, :speaker, :article_id)"
)
# The page of hits is ranked first, then only its rows are read and given snippets: a common
# word matches thousands of articles, whose long rows and snippets would otherwise all be made.
_SEARCH_ARTICLES = text(
    "SELECT a.id, a.title, a.url, a.outlet, "
    "snippet(articles_fts, 1, :open, :close, '…', :words) AS snippet "
    "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
    "WHERE articles_fts MATCH :query AND articles_fts.rowid IN ("
    "SELECT a.id FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
    "WHERE articles_fts MATCH :query AND a.is_current "
    "ORDER BY bm25(articles_fts), a.id LIMIT :limit OFFSET :offset) "
    "ORDER BY bm25(articles_fts), a.id"
)


def index_article(connection: Connection, article_id: int, article: Article) -> None:
    """Make the article, and its quotes when it is annotated, findable."""
    connection.execute(
        _INDEX_ARTICLE, {"id": article_id, "title": article.title.value or "", "body": article.text}
    )
    quotes = article.annotations.quotes if article.annotations else ()
    if quotes:
        connection.execute(
            _INDEX_QUOTE,
            [
                {
                    "text": quote.text,
                    "speaker": quote.speaker or quote.speaker_description or "",
                    "article_id": article_id,
                }
                for quote in quotes
            ],
        )


def match_expression(query: str) -> str | None:
    """The FTS5 expression that finds every word of `query` (None: no word in it)."""
    words = WORD.findall(query)
    return " ".join(f'"{word}"' for word in words) if words else None


def search_articles(
    connection: Connection,
    query: str,
    *,
    limit: int,
    offset: int = 0,
    marks: tuple[str, str] = DEFAULT_MARKS,
) -> list[SearchHit]:
    """The current articles whose title or body holds every word of `query`, best first (the
    `limit` from `offset`: a page of them)."""
    expression = match_expression(query)
    if expression is None:
        return []
    rows = connection.execute(
        _SEARCH_ARTICLES,
        {
            "query": expression,
            "open": marks[0],
            "close": marks[1],
            "words": SNIPPET_WORDS,
            "limit": limit,
            "offset": max(offset, 0),
        },
    )
    return [SearchHit(row.id, row.title, row.url, row.outlet, row.snippet) for row in rows]
