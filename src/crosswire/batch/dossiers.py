"""A dossier per story of two outlets or more, built in parallel: `dossiers/<story>.json` (the
JSON `crosswire dossier -f json` writes) and `dossiers/index.parquet`, a row of counts per story.

    articles ─ story of each (a map from the driver) ─ groupby(story) ─ make_dossier (actors,
    the sentence model loaded once each) ─> dossiers/<story>.json

A story's dossier is `make_dossier` on its articles as annotated in `articles/` (copies left out:
they add nothing a dossier compares), every one of them kept. A story id names its members, so a
dossier already written for an id is the same dossier: a re-run skips it.
"""

from __future__ import annotations

import json
import logging
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from crosswire.atomic_files import write_atomically
from crosswire.batch.grouping import STORIES_FILE
from crosswire.batch.layout import Layout, committed_files
from crosswire.compare.derivation import count_independent
from crosswire.compare.embeddings import backend_named
from crosswire.compare.site_furniture import outlet_count
from crosswire.model import FactStatus
from crosswire.report.article_json import article_from_dict

log = logging.getLogger(__name__)

INDEX_FILE = "index.parquet"
MIN_OUTLETS = 2  # a story one outlet tells has nothing to compare
INDEX_SCHEMA = pa.schema(
    [
        ("story_id", pa.string()),
        ("title", pa.string()),
        ("articles", pa.int64()),
        ("outlets", pa.int64()),
        ("independent", pa.int64()),
        ("facts", pa.int64()),
        ("corroborated", pa.int64()),
        ("contested", pa.int64()),
        ("conflicts", pa.int64()),
        ("quotes", pa.int64()),
        ("file", pa.string()),
        ("error", pa.string()),
    ]
)


def build_dossiers(layout: Layout, *, embeddings: str, workers: int) -> int:
    """A dossier for every story of MIN_OUTLETS outlets or more not yet written; the index of
    all of them. How many stories have a dossier."""
    stories = pq.read_table(layout.stories / STORIES_FILE)
    wanted = stories.filter(pc.greater_equal(stories["outlets"], MIN_OUTLETS)).to_pylist()
    layout.dossiers.mkdir(parents=True, exist_ok=True)
    written = _written_rows(layout)
    todo = [s for s in wanted if s["story_id"] not in written]
    story_of = {a: s["story_id"] for s in todo for a in s["article_ids"]}
    if story_of:
        backend_named(embeddings)  # the int8 model is prepared here once, not by every actor
        written.update(_run(layout, story_of, embeddings, workers))
    rows = [written[s["story_id"]] for s in wanted if s["story_id"] in written]
    index = pa.Table.from_pylist(rows, schema=INDEX_SCHEMA)
    if not story_of and _index_holds(layout, index):
        return len(rows)  # nothing new: the index stays as it is (a resumed run writes nothing)
    temporary = layout.dossiers / f".{INDEX_FILE}.tmp"
    pq.write_table(index, temporary)
    temporary.replace(layout.dossiers / INDEX_FILE)
    return len(rows)


def _index_holds(layout: Layout, index: pa.Table) -> bool:
    path = layout.dossiers / INDEX_FILE
    return path.exists() and pq.read_table(path).equals(index)


def _written_rows(layout: Layout) -> dict[str, dict[str, Any]]:
    """The index rows of dossiers already written (by an earlier run), by story id."""
    index = layout.dossiers / INDEX_FILE
    if not index.exists():
        return {}
    rows = pq.read_table(index).to_pylist()
    return {
        r["story_id"]: r
        for r in rows
        if r["error"] is None and (layout.dossiers / r["file"]).exists()
    }


def _run(
    layout: Layout, story_of: dict[str, str], embeddings: str, workers: int
) -> dict[str, dict[str, Any]]:
    import ray
    import ray.data

    from crosswire.batch.waves import LIGHT_CPUS, actor_cpus, light_tasks

    files = [str(p) for p in committed_files(layout, "articles")]
    reference = ray.put(story_of)
    rows = (
        ray.data.read_parquet(files, num_cpus=LIGHT_CPUS, concurrency=light_tasks(workers))
        .select_columns(["article_id", "article_json", "duplicate_of"])
        .map_batches(
            partial(with_story, story_of=reference),
            batch_format="pyarrow",
        )
        .groupby("story_id")
        .map_groups(
            DossierMaker,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=actor_cpus(float(workers), workers),
            fn_constructor_kwargs={"folder": str(layout.dossiers), "embeddings": embeddings},
        )
        .take_all()
    )
    return {r["story_id"]: r for r in rows}


def with_story(rows: pa.Table, story_of: Any) -> pa.Table:
    """The rows of articles in a story that wants a dossier, each with its story's id (copies
    left out)."""
    import ray

    stories = story_of if isinstance(story_of, dict) else ray.get(story_of)
    ids = rows["article_id"].to_pylist()
    keep = [
        n
        for n, (i, copy) in enumerate(zip(ids, rows["duplicate_of"].to_pylist(), strict=True))
        if copy is None and i in stories
    ]
    kept = rows.take(pa.array(keep, type=pa.int64())).drop_columns(["duplicate_of"])
    return kept.append_column("story_id", pa.array([stories[ids[n]] for n in keep], pa.string()))


class DossierMaker:
    """An actor making one story's dossier per group it is given (the model loaded once)."""

    def __init__(self, folder: str, embeddings: str) -> None:
        self._folder = Path(folder)
        self._backend = backend_named(embeddings)

    def __call__(self, group: pa.Table) -> pa.Table:
        story_id = group["story_id"][0].as_py()
        articles = sorted(
            (article_from_dict(json.loads(j)) for j in group["article_json"].to_pylist()),
            key=lambda a: a.source,
        )
        try:
            row = self._dossier_row(story_id, articles)
        except Exception as error:  # one story's failure is its index row, the run goes on
            log.exception("dossier of story %s failed", story_id)
            row = {"story_id": story_id, "articles": len(articles), "error": repr(error)}
        return pa.Table.from_pylist([{**dict.fromkeys(INDEX_SCHEMA.names), **row}], INDEX_SCHEMA)

    def _dossier_row(self, story_id: str, articles: list[Any]) -> dict[str, Any]:
        from crosswire.pipeline import make_dossier
        from crosswire.report.render import render_dossier

        dossier = make_dossier(articles, keep_all=True, embeddings=self._backend)
        name = f"{story_id}.json"
        write_atomically(self._folder / name, render_dossier(dossier, "json"))
        statuses = [f.status for f in dossier.facts]
        return {
            "story_id": story_id,
            "title": dossier.title,
            "articles": len(dossier.articles),
            "outlets": outlet_count(dossier.articles),
            "independent": count_independent(
                [a.source for a in dossier.articles], dossier.derivations
            ),
            "facts": len(dossier.facts),
            "corroborated": statuses.count(FactStatus.CORROBORATED),
            "contested": statuses.count(FactStatus.CONTESTED),
            "conflicts": len(dossier.conflicts),
            "quotes": len(dossier.quotes),
            "file": name,
            "error": None,
        }
