"""The steps' own work, without Ray: staged files read back and marked."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from crosswire.batch.records import article_row, failure_row
from crosswire.batch.steps import file_slices, marked_files, rows_table
from crosswire.model import Article


def _stage(path: Path, *rows: dict[str, object]) -> str:
    pq.write_table(rows_table(list(rows)), path)
    return str(path)


def test_staged_files_are_read_back_whole_without_their_failures_and_marked(
    tmp_path: Path,
) -> None:
    first = article_row(Article(source="a.warc#1", text="The quay reopened."), "s1")
    copy = article_row(Article(source="a.warc#2", text="The quay reopened again."), "s1")
    other = article_row(Article(source="b.warc#1", text="Ferries ran late."), "s2")
    files = [
        _stage(tmp_path / "0.parquet", first, failure_row("a.warc#3", "s1", "read", "broken")),
        _stage(tmp_path / "1.parquet", copy, other),
    ]
    paths = pa.table({"path": files})  # as Ray gives them: one row per staged file

    marked = marked_files(paths, {copy["article_id"]: first["article_id"]}).to_pylist()

    assert [r["source"] for r in marked] == ["a.warc#1", "a.warc#2", "b.warc#1"]
    assert [r["duplicate_of"] for r in marked] == [None, first["article_id"], None]
    assert all(r["kind"] == "article" for r in marked)


def test_no_staged_file_gives_an_empty_table_with_the_marked_columns() -> None:
    marked = marked_files(pa.table({"path": pa.array([], pa.string())}), {})

    assert marked.num_rows == 0
    assert "duplicate_of" in marked.column_names


def test_files_are_read_in_slices_of_the_given_rows_with_only_the_given_columns(
    tmp_path: Path,
) -> None:
    articles = [
        article_row(Article(source=f"a.warc#{n}", text=f"Line {n}."), "s1") for n in range(5)
    ]
    files = [
        _stage(tmp_path / "0.parquet", *articles[:3]),
        _stage(tmp_path / "1.parquet", *articles[3:]),
    ]

    slices = list(file_slices(pa.table({"path": files}), columns=["source", "kind"], rows=2))

    assert [s.num_rows for s in slices] == [2, 1, 2]
    assert all(s.column_names == ["source", "kind"] for s in slices)
    assert [r["source"] for s in slices for r in s.to_pylist()] == [f"a.warc#{n}" for n in range(5)]
