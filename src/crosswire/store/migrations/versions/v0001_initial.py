"""The first schema: pages, articles, stories and their members, dossiers, feeds, jobs; and on
SQLite the FTS5 tables over article titles and bodies, fact statements and quotes.

Revision 0001, the first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

URL = sa.String(2048)
HASH = sa.String(64)
MOMENT = sa.DateTime(timezone=True)

# SQLite's own full-text tables: an article's rowid is its id; facts and quotes name theirs in
# columns that are stored but not indexed. unicode61 with diacritics removed: "Malmo" finds "Malmö".
FULL_TEXT_TABLES = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE facts_fts USING fts5("
    "statement, story_id UNINDEXED, dossier_version UNINDEXED, fact_id UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5("
    "text, speaker, article_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
)


def upgrade() -> None:
    _pages_and_articles()
    _stories_and_dossiers()
    _feeds_and_jobs()
    if op.get_bind().dialect.name == "sqlite":
        for statement in FULL_TEXT_TABLES:
            op.execute(statement)


def _pages_and_articles() -> None:
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", URL),
        sa.Column("url_key", URL),
        sa.Column("text_hash", HASH, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("encoding", sa.String(40)),
        sa.Column("fetched_at", MOMENT),
        sa.Column("first_seen", MOMENT, nullable=False),
    )
    op.create_index("ix_pages_url_key", "pages", ["url_key"])
    op.create_index("ix_pages_text_hash", "pages", ["text_hash"])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("page_id", sa.Integer, sa.ForeignKey("pages.id"), nullable=False),
        sa.Column("url", URL),
        sa.Column("url_key", URL),
        sa.Column("text_hash", HASH, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey("articles.id")),
        sa.Column("article", sa.JSON, nullable=False),
        sa.Column("annotations", sa.JSON),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("language", sa.String(16)),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.UniqueConstraint("url_key", "version", name="uq_articles_url_key_version"),
    )
    op.create_index("ix_articles_url_key", "articles", ["url_key"])
    op.create_index("ix_articles_text_hash", "articles", ["text_hash"])


def _stories_and_dossiers() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
    )
    op.create_table(
        "story_members",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("joined_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("story_id", "article_id", name="pk_story_members"),
    )
    op.create_table(
        "dossiers",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("dossier", sa.JSON, nullable=False),
        sa.Column("changes", sa.JSON),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("story_id", "version", name="pk_dossiers"),
    )


def _feeds_and_jobs() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", URL, nullable=False),
        sa.Column("every_seconds", sa.Integer, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_polled", MOMENT),
        sa.Column("next_poll", MOMENT),
        sa.UniqueConstraint("url", name="uq_feeds_url"),
    )
    op.create_index("ix_feeds_next_poll", "feeds", ["next_poll"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("not_before", MOMENT),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("locked_by", sa.String(200)),
        sa.Column("locked_until", MOMENT),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed')", name="ck_jobs_state"
        ),
    )
    op.create_index("ix_jobs_state_not_before", "jobs", ["state", "not_before"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in ("quotes_fts", "facts_fts", "articles_fts"):
            op.execute(f"DROP TABLE {table}")
    for table in ("jobs", "feeds", "dossiers", "story_members", "stories", "articles", "pages"):
        op.drop_table(table)
