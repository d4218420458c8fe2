"""A batch output's articles read back: committed waves only, in the order of their commits,
dropped copies skipped, unreadable rows counted (never raised), the count from metadata alone.
Batch outputs written here with pyarrow, of invented articles."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crosswire.batch import results
from crosswire.batch.results import batch_articles, count_batch_articles
from crosswire.errors import ConfigError, InputError
from crosswire.model import Annotations, Article, QuoteKind
from crosswire.report.article_json import article_to_dict
from tests.conftest import article, entity_at, quote_at

TEXT = (
    "The ferry to Varnholt will stop on Sundays, the harbour office said.\n\n"
    "Pilot Liv Harrow said the crossing would resume in the spring."
)


def invented(n: int) -> Article:
    return article(
        f"/archive/crawl-{n // 10}.warc.gz#offset={1000 * n}",
        f"Report {n}. {TEXT}",
        outlet="Harbour Ledger",
        title=f"Ferry report {n}",
        url=f"https://harbour-ledger.example/ferry/{n}",
        language="en",
        mode="html",
        paragraphed=True,
    )


def row(item: Article | str | None, duplicate_of: str | None = None) -> dict[str, object]:
    """A row of the articles table: the article (or the JSON text given) and whether a copy."""
    document = json.dumps(article_to_dict(item)) if isinstance(item, Article) else item
    source = item.source if isinstance(item, Article) else "damaged"
    return {
        "article_id": source,
        "source": source,
        "authors": ["Liv Harrow"],
        "duplicate_of": duplicate_of,
        "article_json": document,
    }


def write_wave(
    root: Path,
    wave: str,
    parts: Sequence[Sequence[dict[str, object]]],
    *,
    committed: bool = True,
    row_group_size: int = 2,
) -> None:
    folder = root / "articles" / wave
    folder.mkdir(parents=True)
    for number, rows in enumerate(parts):
        table = pa.Table.from_pylist(list(rows))
        pq.write_table(table, folder / f"part-{number}.parquet", row_group_size=row_group_size)
    if committed:
        (root / "_done").mkdir(exist_ok=True)
        (root / "_done" / f"{wave}.json").write_text(json.dumps({"shards": [wave]}))


def batch_dir(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    root.mkdir()
    (root / "batch.json").write_text(json.dumps({"crosswire": "0.1", "stage": "annotate"}))
    return root


def committed_at(root: Path, wave: str, seconds: int) -> None:
    """Date the wave's commit record (commits are read in the order of their dates)."""
    os.utime(root / "_done" / f"{wave}.json", (seconds, seconds))


def sources(articles: Iterable[Article]) -> list[str]:
    return [a.source for a in articles]


def test_the_committed_waves_articles_come_back_in_commit_order(tmp_path: Path) -> None:
    root = batch_dir(tmp_path)
    one, two, three, four = (invented(n) for n in range(4))
    write_wave(root, "wave-b", [[row(one), row(two)], [row(three)]])
    write_wave(root, "wave-a", [[row(four)]])
    write_wave(root, "wave-c", [[row(invented(9))]], committed=False)  # a killed run's
    committed_at(root, "wave-b", 1_000)
    committed_at(root, "wave-a", 2_000)

    read = list(batch_articles(root))

    assert read == [one, two, three, four]


def test_the_copies_a_run_dropped_are_not_read(tmp_path: Path) -> None:
    root = batch_dir(tmp_path)
    kept, copy = invented(1), invented(2)
    write_wave(root, "wave-1", [[row(kept), row(copy, duplicate_of=kept.source)]])

    assert sources(batch_articles(root)) == [kept.source]
    assert count_batch_articles(root) == 1


def test_annotations_come_back_with_their_article(tmp_path: Path) -> None:
    root = batch_dir(tmp_path)
    plain = invented(1)
    text = plain.text
    annotations = Annotations(
        entities=(entity_at(text, "e1", "Liv Harrow", "person"),),
        quotes=(quote_at(text, "the crossing would resume", "Liv Harrow", QuoteKind.INDIRECT),),
    )
    marked = replace(plain, annotations=annotations)
    write_wave(root, "wave-1", [[row(marked)]])

    (read,) = batch_articles(root)

    assert read == marked and read.annotations == annotations


def test_a_row_that_does_not_read_back_is_counted_and_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = batch_dir(tmp_path)
    first, last = invented(1), invented(2)
    no_body = json.dumps({"source": "x.html", "mode": "html"})
    write_wave(root, "wave-1", [[row(first), row("{not json"), row(no_body), row(None), row(last)]])
    articles = batch_articles(root)

    with caplog.at_level(logging.WARNING, logger="crosswire.batch.results"):
        read = sources(articles)
        again = sources(articles)

    assert read == again == [first.source, last.source]
    assert articles.unreadable == 3  # counted afresh each time through
    assert len(caplog.records) == 6
    assert "part-0.parquet row 2 does not read back" in caplog.records[0].getMessage()


def test_the_count_comes_from_metadata_over_row_groups_and_files(tmp_path: Path) -> None:
    root = batch_dir(tmp_path)
    one, two, three = (invented(n) for n in range(3))
    rows = [row(one), row(two, one.source), row(three), row(two, three.source), row("{damaged")]
    write_wave(root, "wave-1", [rows, [row(invented(5))]], row_group_size=2)
    all_kept = pa.Table.from_pylist([row(invented(6)), row(invented(7))])
    assert all_kept.schema.field("duplicate_of").type == pa.null()  # no statistics kept
    write_wave(root, "wave-2", [])
    pq.write_table(all_kept, root / "articles" / "wave-2" / "part-0.parquet")

    assert count_batch_articles(root) == 3 + 1 + 2  # unreadable rows counted: read to know
    assert len(list(batch_articles(root))) == 2 + 1 + 2


def test_the_rows_are_read_a_batch_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = batch_dir(tmp_path)
    write_wave(root, "wave-1", [[row(invented(n)) for n in range(5)]], row_group_size=5)
    monkeypatch.setattr(results, "ROWS_PER_READ", 2)
    sizes: list[int] = []
    real = pq.ParquetFile.iter_batches

    def watched(self: pq.ParquetFile, *args: object, **kwargs: object) -> object:
        for batch in real(self, *args, **kwargs):
            sizes.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", watched)

    assert len(list(batch_articles(root))) == 5
    assert sizes == [2, 2, 1]


def test_a_folder_that_is_no_batch_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    with pytest.raises(ConfigError, match=r"pages is not a batch output \(no batch.json\)"):
        batch_articles(tmp_path / "pages")
    with pytest.raises(ConfigError, match="not a batch output"):
        count_batch_articles(tmp_path / "pages")


def test_a_batch_output_without_a_committed_wave_is_refused(tmp_path: Path) -> None:
    root = batch_dir(tmp_path)
    write_wave(root, "wave-1", [[row(invented(1))]], committed=False)
    with pytest.raises(ConfigError, match="has no committed wave"):
        batch_articles(root)


def test_a_damaged_mark_or_file_is_an_error_not_a_silent_skip(tmp_path: Path) -> None:
    root = batch_dir(tmp_path)
    write_wave(root, "wave-1", [[row(invented(1))]])
    (root / "articles" / "wave-1" / "part-1.parquet").write_bytes(b"PAR1 torn off")
    with pytest.raises(InputError, match=r"part-1.parquet as Parquet"):
        list(batch_articles(root))
    (root / "batch.json").write_text("[1, 2]")
    with pytest.raises(ConfigError, match="not a batch run's record"):
        batch_articles(root)
