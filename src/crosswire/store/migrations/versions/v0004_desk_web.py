"""What the web desk reads fast and what its editors decide.

- `story_summaries`: one row per story, its counts as the story list shows them (articles,
  outlets, independent outlets, corroborated / single-source / contested facts, first seen and
  last updated, languages, outlets, coverage per day; from its latest dossier, its conflicts,
  its facts' statuses and who copies whom), written when its members or its dossier change, so
  that listing a thousand stories reads a thousand short rows, not their dossiers;
- `ix_articles_outlet`: an outlet's articles found, counted and dated from the index alone, not
  from the article rows (long: their JSON comes before these columns);
- `dossiers.html`: the latest version's body as the web desk shows it, rendered once by the
  worker (rendering a dossier costs more than all the rest of its page);
- `pages.source` indexed: the page an ingest job read, found again to link the job to its article;
- `story_edits`: an editor's decisions about stories (an article moved to another story or
  marked as not belonging, two stories merged, a story split), kept apart from the story index
  so that they outlive every regrouping and rebuild: they are applied after each one.

Revision 0004, after 0003.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_pages_source", "pages", ["source"])
    with op.batch_alter_table("dossiers") as dossiers:
        dossiers.add_column(sa.Column("html", sa.Text))
    op.create_table(
        "story_summaries",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), primary_key=True),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("independent_outlets", sa.Integer),
        sa.Column("corroborated", sa.Integer),
        sa.Column("single_source", sa.Integer),
        sa.Column("contested", sa.Integer),
        sa.Column("conflicts", sa.Integer),
        sa.Column("first_seen", sa.DateTime(timezone=True)),
        sa.Column("last_updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("outlet_names", sa.JSON, nullable=False),
        sa.Column("coverage", sa.JSON, nullable=False),
        sa.Column("dossier_version", sa.Integer),
        sa.Column("fact_statuses", sa.JSON),
        sa.Column("copies", sa.JSON),
    )
    op.create_index("ix_story_summaries_last_updated", "story_summaries", ["last_updated"])
    op.create_index(
        "ix_articles_outlet", "articles", ["outlet", "is_current", "created_at", "published"]
    )
    op.create_table(
        "story_edits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id")),
        sa.Column("from_key", sa.String(64)),
        sa.Column("to_key", sa.String(64)),
        sa.Column("by_editor", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_story_edits_article_id", "story_edits", ["article_id"])


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as dossiers:
        dossiers.drop_column("html")
    op.drop_index("ix_pages_source", table_name="pages")
    op.drop_index("ix_story_edits_article_id", table_name="story_edits")
    op.drop_table("story_edits")
    op.drop_index("ix_articles_outlet", table_name="articles")
    op.drop_index("ix_story_summaries_last_updated", table_name="story_summaries")
    op.drop_table("story_summaries")
