"""`run_batch` on a local Ray: every record of a pile once in articles/ or failures/, copies marked,
the same articles as the library gives, every article in one story, a dossier per story of two
outlets; a second run resumes (nothing done twice, what a crash left removed), a new file is a new
shard, and an output of one stage is not taken on by another."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crosswire.batch.run import BatchSummary, run_batch
from crosswire.batch.shards import shard_id
from crosswire.batch.waves import reason_kind
from crosswire.errors import ConfigError
from crosswire.model import Article, InputFailure
from crosswire.pipeline import annotate, extract
from crosswire.report.article_json import article_to_dict
from tests.batch.conftest import (
    PILE_PAGES,
    Pile,
    jsonl_line,
    mtimes,
    read_items,
    read_rows,
    read_table,
)
from tests.batch.warcs import DAMAGES, write_warc

pytestmark = pytest.mark.xdist_group("ray")

WORDS = "words"  # word-overlap similarity: no sentence model to load on every actor
MARKER = "batch.json"  # rewritten by every run: what made the output, last
INDEX = "dossiers/index.parquet"


def by_source(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {row["source"]: row for row in rows}
    assert len(found) == len(rows), "a source is in the rows twice"
    return found


def copy_of(out: Path, tmp_path: Path) -> Path:
    """A copy of a batch output (files and their times), for a run that changes it."""
    return Path(shutil.copytree(out, tmp_path / "out"))


def counts(summary: BatchSummary) -> tuple[Any, ...]:
    return (
        summary.shards,
        summary.records,
        summary.articles,
        summary.duplicates,
        summary.failures,
        summary.stories,
        summary.dossiers,
    )


def the_copy(pile: Pile) -> tuple[dict[str, Any], dict[str, Any]]:
    """The article rows of the page copied and of its exact copy: (the one kept, the copy)."""
    rows = read_rows(pile.out, "articles")
    first, second = ([r for r in rows if r["url"] == url] for url in pile.copied)
    assert len(first) == len(second) == 1
    pair = [first[0], second[0]]
    pair.sort(key=lambda r: r["duplicate_of"] is not None)
    return pair[0], pair[1]


# --- one pile, through every stage ----------------------------------------------------------------


def test_every_readable_record_is_in_articles_or_failures_once(pile: Pile) -> None:
    items = read_items(pile.inputs)
    articles = read_rows(pile.out, "articles")
    failures = read_rows(pile.out, "failures")
    written = [row["source"] for row in articles + failures]
    assert sorted(written) == sorted(item.source for item in items)
    assert len(set(written)) == len(written)
    # Each page an article (these pages all extract), each record the reader refused a failure.
    pages = {item.source for item in items if not isinstance(item, InputFailure)}
    unread = {item.source for item in items if isinstance(item, InputFailure)}
    assert {row["source"] for row in articles} == pages
    assert {row["source"] for row in failures} == unread
    assert {row["stage"] for row in failures} == {"read"}
    # The pile holds what it was made to hold: every damage once, and the bad JSONL line.
    assert len(unread) == len(DAMAGES) + 1
    assert any(row["source"].endswith("lines.jsonl#line=2") for row in failures)


def test_the_exact_copy_is_marked_and_not_annotated_the_others_are(pile: Pile) -> None:
    kept, copy = the_copy(pile)
    assert kept["duplicate_of"] is None
    assert copy["duplicate_of"] == kept["article_id"]
    assert copy["text_hash"] == kept["text_hash"]
    assert not copy["annotated"]
    assert "sentences" not in json.loads(copy["article_json"])
    others = [r for r in read_rows(pile.out, "articles") if r["article_id"] != copy["article_id"]]
    assert all(row["duplicate_of"] is None for row in others)
    assert all(row["annotated"] for row in others)
    assert all("sentences" in json.loads(row["article_json"]) for row in others)
    assert sum(row["entities"] for row in others) > 0


def test_every_article_is_in_exactly_one_story_a_copy_in_its_originals(pile: Pile) -> None:
    stories = read_table(pile.out / "stories" / "stories.parquet")
    rows = read_rows(pile.out, "articles")
    placed = Counter(article for story in stories for article in story["article_ids"])
    assert placed == Counter(row["article_id"] for row in rows)
    kept, copy = the_copy(pile)
    (home,) = [s for s in stories if copy["article_id"] in s["article_ids"]]
    assert kept["article_id"] in home["article_ids"]
    assert home["duplicates"] == 1
    assert sum(story["duplicates"] for story in stories) == 1
    for story in stories:
        assert story["articles"] == len(story["article_ids"]) == len(story["sources"])
    # The invented pages tell five stories; grouping finds stories of several articles.
    assert max(story["articles"] for story in stories) >= 2


def test_a_dossier_for_every_story_of_two_outlets_with_its_index_row(pile: Pile) -> None:
    stories = read_table(pile.out / "stories" / "stories.parquet")
    index = {row["story_id"]: row for row in read_table(pile.out / INDEX)}
    copies = {r["source"] for r in read_rows(pile.out, "articles") if r["duplicate_of"]}
    compared = [story for story in stories if story["outlets"] >= 2]
    assert compared, "the pile has no story of two outlets: nothing is tested"
    assert set(index) == {story["story_id"] for story in compared}
    for story in compared:
        row = index[story["story_id"]]
        assert row["error"] is None
        dossier = json.loads((pile.out / "dossiers" / row["file"]).read_text(encoding="utf-8"))
        sources = {article["source"] for article in dossier["articles"]}
        assert sources == set(story["sources"]) - copies
        assert row["articles"] == len(dossier["articles"])
    files = {path.name for path in (pile.out / "dossiers").glob("*.json")}
    assert files == {index[story["story_id"]]["file"] for story in compared}


def test_the_summary_agrees_with_the_files(pile: Pile) -> None:
    summary = pile.summary
    articles = read_rows(pile.out, "articles")
    failures = read_rows(pile.out, "failures")
    assert summary.out == pile.out
    assert summary.shards == 5  # the two WARCs, the JSONL, the folder's two files
    assert summary.shards_done_before == 0
    assert summary.records == len(articles) + len(failures)
    assert summary.articles == len(articles)
    assert summary.duplicates == sum(1 for row in articles if row["duplicate_of"]) == 1
    assert summary.failures == Counter(
        f"{row['stage']}: {reason_kind(row['reason'])}" for row in failures
    )
    assert summary.stories == len(read_table(pile.out / "stories" / "stories.parquet"))
    assert summary.dossiers == len(read_table(pile.out / INDEX))
    assert set(summary.seconds) == {"extract", "annotate", "stories", "dossiers"}


def test_the_articles_are_those_the_library_gives(pile: Pile) -> None:
    """`extract` then `annotate` over the same inputs (absolute paths, as the batch names them):
    each batch row's article_json is the library's article as JSON (the copy as extracted: the
    batch does not annotate it)."""
    extracted = extract(list(pile.inputs))
    annotated = annotate(extracted)
    as_extracted = {a.source: a for a in extracted if isinstance(a, Article)}
    as_annotated = {a.source: a for a in annotated if isinstance(a, Article)}
    rows = by_source(read_rows(pile.out, "articles"))
    assert set(rows) == set(as_annotated)
    for source, row in rows.items():
        library = as_extracted[source] if row["duplicate_of"] else as_annotated[source]
        expected = json.loads(json.dumps(article_to_dict(library)))
        assert json.loads(row["article_json"]) == expected, source


# --- resuming -------------------------------------------------------------------------------------


def test_a_second_run_does_nothing_new(pile: Pile, tmp_path: Path) -> None:
    out = copy_of(pile.out, tmp_path)
    before = mtimes(out, leave_out=(MARKER, INDEX))
    summary = run_batch(pile.inputs, out, stage="dossiers", embeddings=WORDS)
    assert summary.shards_done_before == summary.shards == pile.summary.shards
    assert counts(summary) == counts(pile.summary)
    assert "extract" not in summary.seconds and "annotate" not in summary.seconds
    assert mtimes(out, leave_out=(MARKER, INDEX)) == before
    by_source(read_rows(out, "articles") + read_rows(out, "failures"))  # no row twice


def test_a_second_run_writes_no_file_again(pile: Pile, tmp_path: Path) -> None:
    out = copy_of(pile.out, tmp_path)
    before = mtimes(out, leave_out=(MARKER,))
    run_batch(pile.inputs, out, stage="dossiers", embeddings=WORDS)
    assert mtimes(out, leave_out=(MARKER,)) == before


def test_what_a_crashed_run_left_is_removed_and_not_counted(pile: Pile, tmp_path: Path) -> None:
    out = copy_of(pile.out, tmp_path)
    (wave,) = [p.name for p in (out / "articles").iterdir()]
    # A wave moved into place without its commit record, and a wave still being staged.
    for kind in ("articles", "failures"):
        shutil.copytree(out / kind / wave, out / kind / "wave-crashed")
    shutil.copytree(out / "articles" / wave, out / "_staging" / "wave-staged" / "articles")
    assert len(read_rows(out, "articles")) == 2 * pile.summary.articles
    summary = run_batch(pile.inputs, out, stage="dossiers", embeddings=WORDS)
    assert not (out / "articles" / "wave-crashed").exists()
    assert not (out / "failures" / "wave-crashed").exists()
    assert not (out / "_staging").exists()
    assert counts(summary) == counts(pile.summary)
    rows = by_source(read_rows(out, "articles") + read_rows(out, "failures"))
    assert len(rows) == pile.summary.records


# --- an extract-only output that grows ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grown:
    folder: Path
    out: Path
    first: BatchSummary
    second: BatchSummary
    added: Path
    before: dict[str, int]  # the output's files after the first run
    first_rows: list[dict[str, Any]]


@pytest.fixture(scope="module")
def grown(ray_local: None, tmp_path_factory: pytest.TempPathFactory) -> Grown:
    """Two files taken to the extract stage; then a third file added to their folder, and the
    folder taken there again."""
    root = tmp_path_factory.mktemp("grown")
    folder, out = root / "crawl", root / "out"
    folder.mkdir()
    write_warc(folder / "a.warc.gz", PILE_PAGES[:3])
    lines = [jsonl_line(page) for page in PILE_PAGES[3:5]]
    (folder / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = run_batch([str(folder)], out, stage="extract")
    before = mtimes(out, leave_out=(MARKER,))
    first_rows = read_rows(out, "articles")
    added = folder / "c.html"
    added.write_text(PILE_PAGES[5].content, encoding="utf-8")
    second = run_batch([str(folder)], out, stage="extract")
    return Grown(folder, out, first, second, added, before, first_rows)


def test_an_extract_run_writes_unannotated_articles(grown: Grown) -> None:
    assert grown.first.shards == 2
    assert grown.first.articles == grown.first.records == len(grown.first_rows) == 5
    assert not any(row["annotated"] for row in grown.first_rows)
    assert set(grown.first.seconds) == {"extract", "write"}
    assert (grown.first.stories, grown.first.dossiers) == (None, None)
    assert not (grown.out / "stories").exists()


def test_a_file_added_is_a_new_shard_and_the_old_ones_are_skipped(grown: Grown) -> None:
    assert (grown.second.shards, grown.second.shards_done_before) == (3, 2)
    records = sorted((grown.out / "_done").glob("*.json"))
    assert len(records) == 2
    shards = [json.loads(path.read_text())["shards"] for path in records]
    assert sorted(shards, key=len)[0] == [shard_id(str(grown.added))]
    # The first run's files are as it left them; the new file's one article is added.
    after = mtimes(grown.out, leave_out=(MARKER,))
    assert {name: after.get(name) for name in grown.before} == grown.before
    rows = by_source(read_rows(grown.out, "articles"))
    assert set(rows) == {row["source"] for row in grown.first_rows} | {str(grown.added)}
    assert grown.second.articles == grown.second.records == 6


def test_annotating_an_extract_output_is_refused_and_leaves_it_as_it_is(grown: Grown) -> None:
    before = mtimes(grown.out)
    for stage in ("annotate", "dossiers"):
        with pytest.raises(ConfigError, match="extract"):
            run_batch([str(grown.folder)], grown.out, stage=stage)
    assert mtimes(grown.out) == before
