"""The story index kept in the store, stories named by its ids, and what each dossier covers.

- `story_index`: one row, the incremental story index's bytes (`StoryIndex.to_bytes`) and the
  name of the embeddings it was built with (an index is read back with those alone);
- `stories.key`: the index's id of the story ("story-3f2a9c1d04be"), unique;
- `dossiers.articles`: the ids of the articles a dossier version was built from, so that a
  dossier is known stale when its story's membership has moved on.

Revision 0003, after 0002.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_index",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("backend", sa.String(80), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("stories") as stories:
        stories.add_column(sa.Column("key", sa.String(64)))
    op.create_index("ux_stories_key", "stories", ["key"], unique=True)
    with op.batch_alter_table("dossiers") as dossiers:
        dossiers.add_column(sa.Column("articles", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as dossiers:
        dossiers.drop_column("articles")
    op.drop_index("ux_stories_key", table_name="stories")
    with op.batch_alter_table("stories") as stories:
        stories.drop_column("key")
    op.drop_table("story_index")
