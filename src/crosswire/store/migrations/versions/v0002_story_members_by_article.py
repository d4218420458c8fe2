"""An index on story_members.article_id: which story an article is in, without a scan (the
primary key leads with the story).

Revision 0002, after 0001.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_story_members_article_id", "story_members", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_story_members_article_id", table_name="story_members")
