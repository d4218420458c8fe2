"""The desk's store: pages, articles, stories, dossiers, feeds and jobs in one database.

SQLite by default (one file, WAL mode, FTS5 search), behind SQLAlchemy Core with its schema
versioned by Alembic migrations shipped in `migrations/` and applied on open.

- `schema`: the tables, in portable SQL (the full-text tables are SQLite's own, made by the
  migrations only where the database is SQLite);
- `database`: opening a store (`open_store`): the file checked, the schema migrated, and the
  transactions that write to it, one writer at a time;
- `upgrade`: the migrations, applied programmatically; a schema newer than this crosswire refused;
- `identity`: what makes two pages one article (a normalised URL, a hash of the text);
- `article_rows`: an article stored whole (page, article, full text) or found already there;
- `fulltext`: FTS5 search over the articles (and the words of a query, never its syntax);
- `jobs`: durable work, and the inputs that failed, kept with their reasons;
- `records`: what the desk hands back (stored articles, ingest reports, search hits);
- `story_rows`: the story index kept in the store, and the stories and members it says;
- `dossier_rows`, `changes`: stories' dossiers kept as versions, with what changed;
- `story_edits`: an editor's moves, exclusions, merges and splits, applied after every regrouping;
- `story_summaries`: each story's counts as the story list shows them, and the list's filters;
- `search_rows`: search over the facts and quotes (what one speaker said), with snippets;
- `outlet_rows`: each outlet's articles, and whom it copies and who copies it;
- `queue`, `worker`, `feed_rows`: the job queue, the worker that runs it, the feeds it polls;
- `story_desk`: the desk's stories and dossiers (indexing after ingest, rebuilding, reading);
- `desk`: `Desk`, the Python API the CLI and the web app call.
"""
