"""A batch's inputs as shards: globs expanded, folders walked in order without hidden files, every
file once and absolute, URIs passed through; shards gathered into waves by count and by bytes,
each wave named by its shards (no Ray)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crosswire.batch import shards as shards_module
from crosswire.batch.shards import Shard, list_shards, shard_id, wave_name, waves
from crosswire.errors import ConfigError


def touch(path: Path, size: int = 10) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    return path


def paths_of(found: list[Shard]) -> list[str]:
    return [shard.path for shard in found]


def test_a_file_is_one_shard_named_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path / "crawl.warc.gz", size=1234)
    monkeypatch.chdir(tmp_path)
    (shard,) = list_shards(["crawl.warc.gz"])
    assert shard.path == str(tmp_path / "crawl.warc.gz")
    assert os.path.isabs(shard.path)
    assert shard.size == 1234
    assert shard.id == shard_id(shard.path)


def test_a_folder_is_walked_sorted_without_hidden_files_or_folders(tmp_path: Path) -> None:
    for name in ("b.warc", "a.jsonl", "sub/z.html", "sub/deeper/c.html", "a2/y.html"):
        touch(tmp_path / "in" / name)
    for hidden in (".DS_Store", ".git/objects/pack", "sub/.partial.warc", ".cache/page.html"):
        touch(tmp_path / "in" / hidden)
    found = paths_of(list_shards([str(tmp_path / "in")]))
    names = [str(Path(p).relative_to(tmp_path / "in")) for p in found]
    assert names == ["a.jsonl", "b.warc", "a2/y.html", "sub/z.html", "sub/deeper/c.html"]


def test_a_glob_is_expanded_sorted(tmp_path: Path) -> None:
    for name in ("c.warc.gz", "a.warc.gz", "b.jsonl", "d/e.warc.gz"):
        touch(tmp_path / name)
    found = paths_of(list_shards([str(tmp_path / "*.warc.gz")]))
    assert found == [str(tmp_path / "a.warc.gz"), str(tmp_path / "c.warc.gz")]
    recursive = paths_of(list_shards([str(tmp_path / "**" / "*.warc.gz")]))
    assert recursive == [str(tmp_path / n) for n in ("a.warc.gz", "c.warc.gz", "d/e.warc.gz")]


def test_a_file_named_twice_is_one_shard_in_its_first_place(tmp_path: Path) -> None:
    for name in ("a.warc", "b.warc"):
        touch(tmp_path / name)
    given = [str(tmp_path / "b.warc"), str(tmp_path), str(tmp_path / "*.warc")]
    assert paths_of(list_shards(given)) == [str(tmp_path / "b.warc"), str(tmp_path / "a.warc")]


@pytest.mark.parametrize("given", ["missing.warc.gz", "nothing-*.warc.gz"])
def test_an_input_that_names_nothing_is_refused(tmp_path: Path, given: str) -> None:
    touch(tmp_path / "there.warc.gz")
    with pytest.raises(ConfigError, match="no such file or folder"):
        list_shards([str(tmp_path / "there.warc.gz"), str(tmp_path / given)])


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    touch(tmp_path / "in" / ".hidden")
    with pytest.raises(ConfigError, match="no such file or folder"):
        list_shards([str(tmp_path / "in")])


@pytest.mark.parametrize(
    "uri", ["s3://bucket/cc-news/2026/a.warc.gz", "gs://b/x.jsonl", "hdfs://namenode/p/*.warc"]
)
def test_a_uri_passes_through_as_one_shard(uri: str) -> None:
    (shard,) = list_shards([uri])
    assert shard == Shard(shard_id(uri), uri, 0)


def test_a_file_uri_is_no_remote_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        list_shards([f"file://{tmp_path}/absent.warc"])


def test_shard_ids_are_stable_and_differ_by_path() -> None:
    assert shard_id("/a/b.warc") == shard_id("/a/b.warc")
    assert shard_id("/a/b.warc") != shard_id("/a/c.warc")
    assert len(shard_id("/a/b.warc")) == 16


def shards_of(*sizes: int) -> list[Shard]:
    return [Shard(shard_id(f"/in/{n}"), f"/in/{n}", size) for n, size in enumerate(sizes)]


def test_waves_hold_at_most_wave_shards_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards_module, "WAVE_SHARDS", 3)
    given = shards_of(*[1] * 7)
    assert list(waves(given)) == [given[:3], given[3:6], given[6:]]


def test_waves_hold_about_wave_bytes_a_larger_file_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards_module, "WAVE_BYTES", 100)
    given = shards_of(40, 60, 1, 250, 30, 30, 30, 0)
    assert [[s.size for s in wave] for wave in waves(given)] == [
        [40, 60],
        [1],
        [250],
        [30, 30, 30, 0],
    ]


def test_waves_keep_every_shard_once_in_order() -> None:
    most = shards_module.WAVE_SHARDS
    given = shards_of(*[1] * (2 * most + 5))
    found = list(waves(given))
    assert [s for wave in found for s in wave] == given
    assert [len(wave) for wave in found] == [most, most, 5]
    assert list(waves([])) == []


def test_a_wave_is_named_by_its_shards() -> None:
    given = shards_of(1, 2, 3)
    assert wave_name(given) == wave_name(list(shards_of(1, 2, 3)))
    assert wave_name(given).startswith("wave-")
    assert wave_name(given) != wave_name(given[:2])
    assert wave_name(given) != wave_name(given[::-1])
