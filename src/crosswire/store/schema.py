"""The store's tables, as SQLAlchemy Core metadata, in portable SQL.

The tables use only types every database SQLAlchemy speaks has (integers, strings, text, binary,
JSON, booleans, timestamps), so that a PostgreSQL URL can follow; the full-text tables
(`articles_fts`, `facts_fts`, `quotes_fts`) are SQLite's FTS5 and live in the migrations alone,
made only where the database is SQLite (see `fulltext`).

This module says what the newest schema is; the migrations in `migrations/versions/` say how a
database gets there, each a frozen step (they never import these tables, which move on). A test
checks that a freshly migrated database matches this metadata.

What the tables hold:
- pages: each page an article was made from, raw (its content as read, zlib-compressed; kind and
  the encoding it was decoded from), with the keys that identify it (`identity`);
- articles: the article JSON (`report.article_json`, with the page text) and its annotations
  JSON; a changed page at a known URL is a new version, the old one kept and marked superseded;
- stories, story_members, dossiers: stories as they develop (each named by the story index's id,
  `key`), and each story's dossier versions with what changed and the articles they were built from;
- story_index: the incremental story index itself, saved with the stories it says;
- feeds: what to poll, how often, and the validators of the last response;
- jobs: durable work (queued, running, done, failed), with its attempts, its last error, and the
  lease of the worker that holds it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

JOB_STATES = ("queued", "running", "done", "failed")
URL_CHARS = 2048  # longer addresses exist but are not pages anyone cites
HASH_CHARS = 64  # a SHA-256 in hex


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and read back aware of it: SQLite keeps no offset, so a naive value
    read back is UTC by construction, and an aware one written is converted first."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored (which zone?): {value}")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),  # the path or URL as given
    Column("url", String(URL_CHARS)),
    Column("url_key", String(URL_CHARS)),
    Column("text_hash", String(HASH_CHARS), nullable=False),  # of the article made from it
    Column("raw", LargeBinary, nullable=False),  # zlib of the content as read, UTF-8
    Column("kind", String(8), nullable=False),  # "html" or "text"
    Column("encoding", String(40)),  # how the input's bytes were decoded
    Column("fetched_at", UtcDateTime),
    Column("first_seen", UtcDateTime, nullable=False),
    Index("ix_pages_url_key", "url_key"),
    Index("ix_pages_text_hash", "text_hash"),
    Index("ix_pages_source", "source"),  # revision 0004: the page an ingest job read
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("page_id", Integer, ForeignKey("pages.id"), nullable=False),
    Column("url", String(URL_CHARS)),
    Column("url_key", String(URL_CHARS)),
    Column("text_hash", String(HASH_CHARS), nullable=False),
    Column("version", Integer, nullable=False),  # 1, 2, ... per url_key
    Column("is_current", Boolean, nullable=False),
    Column("superseded_by", Integer, ForeignKey("articles.id")),
    Column("article", JSON, nullable=False),  # article_to_dict(with_page_text=True)
    Column("annotations", JSON),  # annotations_to_dict; null when not annotated
    Column("title", Text),
    Column("outlet", Text),
    Column("published", String(40)),  # ISO 8601 as precise as known
    Column("language", String(16)),
    Column("created_at", UtcDateTime, nullable=False),
    # One version number per address: two writers racing to add a version cannot both win.
    UniqueConstraint("url_key", "version", name="uq_articles_url_key_version"),
    Index("ix_articles_url_key", "url_key"),
    Index("ix_articles_text_hash", "text_hash"),
    # Revision 0004: an outlet's articles without reading the long rows (the outlets page).
    Index("ix_articles_outlet", "outlet", "is_current", "created_at", "published"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("key", String(64)),  # revision 0003: the story index's id of the story
    Index("ux_stories_key", "key", unique=True),
)

# Revision 0003: the incremental story index (`StoryIndex.to_bytes`), one row, written in the
# transaction that writes the stories it says, so the two never disagree.
story_index = Table(
    "story_index",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("backend", String(80), nullable=False),  # the embeddings it was built with
    Column("data", LargeBinary, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

story_members = Table(
    "story_members",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("joined_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("story_id", "article_id", name="pk_story_members"),
    Index("ix_story_members_article_id", "article_id"),  # revision 0002: an article's story
)

dossiers = Table(
    "dossiers",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("dossier", JSON, nullable=False),  # dossier_to_dict
    Column("changes", JSON),  # what changed since the version before; null for the first
    Column("articles", JSON),  # revision 0003: the ids of the articles it was built from
    Column("created_at", UtcDateTime, nullable=False),
    # Revision 0004: the latest version's HTML as the web desk shows it, rendered once by the
    # worker that built it (null for earlier versions, and in stores made before).
    Column("html", Text),
    PrimaryKeyConstraint("story_id", "version", name="pk_dossiers"),
)

# Revision 0004: each story's counts as the story list shows them (see the migration).
story_summaries = Table(
    "story_summaries",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id"), primary_key=True),
    Column("articles", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("independent_outlets", Integer),  # null until the story has a dossier
    Column("corroborated", Integer),
    Column("single_source", Integer),
    Column("contested", Integer),  # facts a conflict contests (status "contested")
    Column("conflicts", Integer),  # the dossier's conflicts, whatever their kind
    Column("first_seen", UtcDateTime),  # the earliest publication date known, else first stored
    Column("last_updated", UtcDateTime, nullable=False),
    Column("languages", JSON, nullable=False),  # ["en", "de"]
    Column("outlet_names", JSON, nullable=False),  # ["The Harbour Post", ...]
    Column("coverage", JSON, nullable=False),  # [["2026-11-30", 3], ...] articles per day
    Column("dossier_version", Integer),  # the version the fact counts come from
    Column("fact_statuses", JSON),  # {"F1": "corroborated", ...} of that version
    Column("copies", JSON),  # [[copier outlet, source outlet, kind], ...] of that version
    Index("ix_story_summaries_last_updated", "last_updated"),
)

# Revision 0004: an editor's decisions about stories, applied after every regrouping.
story_edits = Table(
    "story_edits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # "move", "exclude", "merge", "split", "follow"
    Column("article_id", Integer, ForeignKey("articles.id")),
    Column("from_key", String(64)),
    Column("to_key", String(64)),
    # False: a row the desk wrote itself to keep an editor's decision ("merge": an article the
    # index put in a story merged away, sent on; "follow": a story the index merged away)
    Column("by_editor", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_story_edits_article_id", "article_id"),
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(URL_CHARS), nullable=False),
    Column("every_seconds", Integer, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),  # the Last-Modified header as sent, for If-Modified-Since
    Column("last_polled", UtcDateTime),
    Column("next_poll", UtcDateTime),
    UniqueConstraint("url", name="uq_feeds_url"),
    Index("ix_feeds_next_poll", "next_poll"),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(40), nullable=False),  # "ingest", "poll", "dossier", ...
    Column("payload", JSON, nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("not_before", UtcDateTime),  # retry with backoff: not picked up before this
    Column("last_error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("locked_by", String(200)),  # the worker holding it, until its lease ends
    Column("locked_until", UtcDateTime),
    CheckConstraint(
        "state IN (" + ", ".join(f"'{state}'" for state in JOB_STATES) + ")", name="ck_jobs_state"
    ),
    Index("ix_jobs_state_not_before", "state", "not_before"),
)
