"""The store's schema migrations (Alembic): `env.py` runs them, `versions/` holds one file per
revision. `crosswire.store.upgrade` applies them on open, programmatically: no alembic.ini.

A new revision is the next numbered file in `versions/` (its `down_revision` the last one), its
`upgrade` written with `op` calls and never importing `schema` (a migration is a frozen step: the
tables move on, the step does not); `schema.py` is then changed to match, and a test compares a
freshly migrated database with it.
"""
