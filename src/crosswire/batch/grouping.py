"""The archive's stories: the grouping `crosswire stories` decides, at archive scale.

    committed articles ─ furniture (driver, hashes) ─ traits + vectors (actors: the sentence
    model loaded once each) ─> stories/_traits ─ grouping (driver) ─> stories/stories.parquet

What grouping reads of an article (its traits: title and lead without its site's furniture, its
words and names, its dates) is read on the workers; the decision, which needs the whole archive,
runs on the driver from those traits alone: `group_traits`, the function `crosswire stories`
calls (near-linear candidate pairs), for up to EXACT_MAX articles, then `group_archive`, which
runs it window by window of publication days so that memory follows the busiest window. A
site's furniture (paragraphs its pages repeat under other headlines) needs every page of the
site: the driver finds it from hashes of (outlet, paragraph), 8 bytes each, not from the texts.
Traits are read from articles without their annotations, as `crosswire stories` and `crosswire
dossier` read them, so that the batch groups a pile as they do. A duplicate joins the story of
the article it copies.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from crosswire.atomic_files import write_atomically
from crosswire.batch.layout import Layout, committed_files, committed_waves
from crosswire.compare.archive_stories import group_archive, traits_from_row, traits_row
from crosswire.compare.embeddings import backend_named
from crosswire.compare.site_furniture import outlet_key, paragraph_key, paragraphs
from crosswire.compare.stories import group_traits, story_id_for
from crosswire.compare.story_titles import TitleTraits, title_from_traits, title_traits
from crosswire.compare.story_traits import ArticleTraits, embed, read_traits
from crosswire.model import Article, Evidenced
from crosswire.report.article_json import article_from_dict

log = logging.getLogger(__name__)

STORIES_FILE = "stories.parquet"
# What the stories were grouped from (the waves): a re-run groups again only after new waves.
# Its name starts with "_" so that readers of stories/ as a Parquet dataset pass it by.
DONE_RECORD = "_grouping.json"
TRAIT_ROWS = 64  # articles per embedding batch
# Articles grouped in one block (benchmarks/bench_archive_grouping.py: group_traits on 100,000
# articles in one block peaks at 3.1 GB, by windows at 1.3 GB; 20,000 in one block stay under
# 1 GB on the driver).
EXACT_MAX = 20_000
MANY = b"*"  # a paragraph seen under two headlines or more: furniture
STORY_SCHEMA = pa.schema(
    [
        ("story_id", pa.string()),
        ("title", pa.string()),
        ("articles", pa.int64()),
        ("outlets", pa.int64()),
        ("article_ids", pa.list_(pa.string())),
        ("sources", pa.list_(pa.string())),
        ("duplicates", pa.int64()),
        ("first_seen", pa.string()),
        ("last_seen", pa.string()),
    ]
)


def group_archive_stories(layout: Layout, *, embeddings: str, workers: int) -> int:
    """Group the committed articles into stories (stories/stories.parquet); how many stories.
    Done again only when waves were committed since the last grouping."""
    waves = sorted(committed_waves(layout))
    record = layout.stories / DONE_RECORD
    if record.exists() and json.loads(record.read_text())["waves"] == waves:
        return int(json.loads(record.read_text())["stories"])
    record.unlink(missing_ok=True)
    files = [str(p) for p in committed_files(layout, "articles")]
    backend_named(embeddings)  # the int8 model is prepared here once, not by every actor at once
    furniture = find_furniture(files)
    traits_dir = layout.stories / "_traits"
    shutil.rmtree(traits_dir, ignore_errors=True)
    if files:
        _write_traits(files, traits_dir, furniture, embeddings, workers)
    rows = story_rows(*_read_traits(traits_dir), _members(files))
    layout.stories.mkdir(parents=True, exist_ok=True)
    temporary = layout.stories / f".{STORIES_FILE}.tmp"
    pq.write_table(pa.Table.from_pylist(rows, schema=STORY_SCHEMA), temporary)
    temporary.replace(layout.stories / STORIES_FILE)
    shutil.rmtree(traits_dir, ignore_errors=True)
    write_atomically(record, json.dumps({"waves": waves, "stories": len(rows)}) + "\n")
    return len(rows)


# --- furniture ----------------------------------------------------------------------------------


def find_furniture(files: list[str]) -> frozenset[bytes]:
    """The (outlet, paragraph) hashes of the archive's furniture: paragraphs two pages of one
    outlet carry under different headlines (as `site_furniture` finds them in a pile)."""
    headlines: dict[bytes, bytes] = {}
    for row in _rows(files, ["source", "outlet", "url", "title", "text", "duplicate_of"]):
        if row["duplicate_of"] is not None:
            continue
        outlet = outlet_key(_light_article(row))
        if outlet.startswith("source:"):
            continue
        headline = _hash(paragraph_key(row["title"] or "") or row["source"])
        for key in {paragraph_key(p) for p in paragraphs(row["text"])}:
            seen = headlines.setdefault(furniture_key(outlet, key), headline)
            if seen != headline:
                headlines[furniture_key(outlet, key)] = MANY
    return frozenset(k for k, v in headlines.items() if v == MANY)


def furniture_key(outlet: str, paragraph: str) -> bytes:
    return _hash(f"{outlet}\n{paragraph}")


def article_furniture(article: Article, furniture: frozenset[bytes]) -> frozenset[str]:
    """The article's paragraphs (as `paragraph_key` gives them) that are its site's furniture."""
    outlet = outlet_key(article)
    keys = {paragraph_key(p) for p in paragraphs(article.text)}
    return frozenset(k for k in keys if furniture_key(outlet, k) in furniture)


def _light_article(row: dict[str, Any]) -> Article:
    return Article(source=row["source"], text="", url=row["url"], outlet=Evidenced(row["outlet"]))


def _hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


def _rows(files: list[str], columns: list[str]) -> Iterator[dict[str, Any]]:
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(columns=columns, batch_size=1024):
            yield from batch.to_pylist()


# --- traits, on the workers ---------------------------------------------------------------------


class TraitsTable:
    """An actor reading each article's traits and embedding them (the model loaded once)."""

    def __init__(self, furniture: Any, embeddings: str) -> None:
        import ray

        self._furniture = furniture if isinstance(furniture, frozenset) else ray.get(furniture)
        self._backend = backend_named(embeddings)

    def __call__(self, rows: pa.Table) -> pa.Table:
        articles = [
            replace(article_from_dict(json.loads(text)), annotations=None)
            for text, copy in zip(
                rows["article_json"].to_pylist(), rows["duplicate_of"].to_pylist(), strict=True
            )
            if copy is None
        ]
        traits = [read_traits(a, article_furniture(a, self._furniture)) for a in articles]
        vectors = embed(traits, self._backend) if traits else np.zeros((0, 0), np.float32)
        out = [
            {**traits_row(t), **title_traits(a).to_row(), "vector": v.tolist()}
            for t, a, v in zip(traits, articles, vectors, strict=True)
        ]
        return pa.Table.from_pylist(out, schema=TRAITS_SCHEMA)


TRAITS_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("text", pa.string()),
        ("words", pa.list_(pa.string())),
        ("title", pa.string()),
        ("names", pa.list_(pa.string())),
        ("quotes", pa.list_(pa.string())),
        ("published", pa.string()),
        ("year", pa.int64()),
        ("language", pa.string()),
        ("headline", pa.string()),
        ("text_words", pa.list_(pa.string())),
        ("lead_sentences", pa.list_(pa.string())),
        ("opening", pa.string()),
        ("vector", pa.list_(pa.float32())),
    ]
)


def _write_traits(
    files: list[str], target: Path, furniture: frozenset[bytes], embeddings: str, workers: int
) -> None:
    import ray
    import ray.data

    from crosswire.batch.steps import file_slices
    from crosswire.batch.waves import LIGHT_CPUS, actor_cpus, light_tasks, light_writes

    # Read by crosswire's light tasks in blocks of TRAIT_ROWS, not by read_parquet and a
    # repartition: the repartition's process held 0.5 GB of a 1.9 GB peak for 2,000 articles.
    (
        ray.data.from_items([{"path": f} for f in files], override_num_blocks=max(1, len(files)))
        .map_batches(
            partial(file_slices, columns=["article_json", "duplicate_of"], rows=TRAIT_ROWS),
            batch_size=1,
            batch_format="pyarrow",
            num_cpus=LIGHT_CPUS,
            compute=ray.data.TaskPoolStrategy(size=light_tasks(workers)),
        )
        .map_batches(
            TraitsTable,
            batch_size=TRAIT_ROWS,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=actor_cpus(float(workers), workers),
            fn_constructor_kwargs={"furniture": ray.put(furniture), "embeddings": embeddings},
        )
        .write_parquet(str(target), **light_writes(workers))
    )


def _read_traits(folder: Path) -> tuple[list[ArticleTraits], list[TitleTraits], np.ndarray]:
    if not folder.exists():
        return [], [], np.zeros((0, 1), np.float32)
    table = pq.read_table(folder)
    rows = table.drop_columns(["vector"]).to_pylist()
    vectors = np.asarray(table["vector"].to_pylist(), dtype=np.float32).reshape(len(rows), -1)
    return [traits_from_row(r) for r in rows], [TitleTraits.from_row(r) for r in rows], vectors


# --- stories, on the driver ---------------------------------------------------------------------


def _members(files: list[str]) -> dict[str, dict[str, Any]]:
    """Each article's id, outlet, date and copies, by source (copies listed with the original)."""
    columns = ["article_id", "source", "outlet", "url", "published", "duplicate_of"]
    by_id: dict[str, dict[str, Any]] = {}
    copies: list[dict[str, Any]] = []
    for row in _rows(files, columns):
        if row["duplicate_of"]:
            copies.append(row)
        else:
            by_id.setdefault(row["article_id"], row)
    for copy in copies:
        kept = by_id.get(copy["duplicate_of"])
        if kept is not None:
            kept.setdefault("copies", []).append(copy)
    return {row["source"]: row for row in by_id.values()}


def story_rows(
    traits: list[ArticleTraits],
    titles: list[TitleTraits],
    vectors: np.ndarray,
    members: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """One row per story, biggest first: the grouping of `crosswire stories` on these traits."""
    title_of = {t.source: t for t in titles}
    # Up to EXACT_MAX articles the archive is grouped in one block, exactly as `crosswire stories`
    # groups a pile; beyond, window by window (`group_archive`: memory follows the busiest
    # window; two articles further apart than FAR_APART_DAYS are not compared).
    group = group_traits if len(traits) <= EXACT_MAX else group_archive
    rows = []
    for _, sources in group(traits, vectors):
        known = [members[s] for s in sources]
        copies = [c for m in known for c in m.get("copies", ())]
        everyone = known + copies
        days = sorted(m["published"][:10] for m in everyone if m["published"])
        rows.append(
            {
                "story_id": story_id_for(sources),
                "title": title_from_traits([title_of[s] for s in sources]),
                "articles": len(everyone),
                "outlets": len({outlet_key(_light_article(m)) for m in everyone}),
                "article_ids": [m["article_id"] for m in everyone],
                "sources": [m["source"] for m in everyone],
                "duplicates": len(copies),
                "first_seen": days[0] if days else None,
                "last_seen": days[-1] if days else None,
            }
        )
    return rows
