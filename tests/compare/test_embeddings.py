"""The embedding backends: the hashing fallback, the packaged MiniLM and its int8 ONNX export."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.compare import embeddings
from crosswire.compare.embeddings import (
    HashingBackend,
    OnnxMiniLMBackend,
    cache_dir,
    first_words,
    minilm_backend,
    packaged_model_path,
    quantised_minilm_backend,
    quantised_model_file,
)
from tests.paths import ROOT


@given(st.lists(st.text(max_size=200), max_size=5))
def test_hashing_rows_are_unit_or_zero_and_deterministic(texts: list[str]) -> None:
    backend = HashingBackend(dimension=64)
    vectors = backend.encode(texts)
    assert vectors.shape == (len(texts), 64)
    norms = np.linalg.norm(vectors, axis=1)
    assert np.all((np.abs(norms - 1) < 1e-5) | (norms == 0))
    assert np.array_equal(vectors, HashingBackend(dimension=64).encode(texts))


def test_hashing_similar_wording_is_closer() -> None:
    a, b, c = HashingBackend().encode(
        [
            "The bridge closed after engineers found cracked cables",
            "Engineers found cracked cables and the bridge closed",
            "A frost destroyed the apple blossom in the valley",
        ]
    )
    assert float(a @ b) > 0.8 and float(a @ c) < 0.3


def test_first_words_cuts_long_texts() -> None:
    assert first_words("one two  three\nfour", 2) == "one two"
    assert first_words("", 5) == ""


def test_minilm_loads_from_the_package_and_encodes() -> None:
    backend = minilm_backend()
    assert backend is minilm_backend()  # loaded once per process
    vectors = backend.encode(["The harbour bridge closed on Tuesday.", "The bridge shut Tuesday."])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert float(vectors[0] @ vectors[1]) > 0.6
    assert backend.encode([]).shape == (0, 384)


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CROSSWIRE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "crosswire"
    monkeypatch.setenv("CROSSWIRE_CACHE_DIR", str(tmp_path / "own"))
    assert cache_dir() == tmp_path / "own"


def test_quantised_file_is_named_after_the_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CROSSWIRE_CACHE_DIR", str(tmp_path / "cache"))
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"hidden_size": 384}')
    first = quantised_model_file(model)
    assert first.parent == tmp_path / "cache" and first.suffix == ".onnx"
    assert quantised_model_file(model) == first  # stable
    (model / "config.json").write_text('{"hidden_size": 768}')
    assert quantised_model_file(model) != first  # another model, another file


def test_quantised_minilm_is_exported_once_and_close_to_full_precision(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Exports the packaged model into an empty cache (~10 s), then reads it back from the cache.
    monkeypatch.setenv("CROSSWIRE_CACHE_DIR", str(tmp_path))
    quantised_minilm_backend.cache_clear()
    try:
        backend = quantised_minilm_backend()
        assert isinstance(backend, OnnxMiniLMBackend)
        assert [p.name for p in tmp_path.iterdir()] == [
            quantised_model_file(packaged_model_path()).name
        ]
        texts = [
            "The harbour bridge closed on Tuesday.",
            "The bridge shut Tuesday.",
            "Apple growers count their frost losses in the valley.",
        ]
        vectors = backend.encode(texts)
        assert vectors.shape == (3, 384)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
        full = minilm_backend().encode(texts)
        assert np.all(np.sum(vectors * full, axis=1) > 0.9)
        assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])
        # Batches depend on the set of texts only, so the order of the input does not matter.
        assert np.array_equal(backend.encode(texts[::-1])[::-1], vectors)
        assert backend.encode([]).shape == (0, 384)
        quantised_minilm_backend.cache_clear()
        assert isinstance(quantised_minilm_backend(), OnnxMiniLMBackend)  # from the cache
        # A damaged cached file is exported again (here: the good file put back, not a second
        # ten-second export).
        cached = quantised_model_file(packaged_model_path())
        good = cached.read_bytes()
        cached.write_bytes(good[:1000])
        exports: list[Path] = []

        def export_again(model_path: Path, target: Path) -> None:
            exports.append(target)
            target.write_bytes(good)

        monkeypatch.setattr(embeddings, "export_quantised", export_again)
        quantised_minilm_backend.cache_clear()
        assert isinstance(quantised_minilm_backend(), OnnxMiniLMBackend)
        assert exports == [cached] and cached.read_bytes() == good
    finally:
        quantised_minilm_backend.cache_clear()


# A first-run export killed while it works: `_export_full_precision` stands in for the ten-second
# torch export, saying where it writes and waiting (for stdin) until the process is killed.
KILLED_EXPORT = """
import sys
from pathlib import Path
from crosswire.compare import embeddings

def announce_and_wait(file):
    print(file.parent, flush=True)
    sys.stdin.readline()

embeddings._export_full_precision = announce_and_wait
embeddings.export_quantised(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_the_scratch_of_a_killed_export_is_removed_on_the_next_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "cache" / "model-int8.onnx"
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, str(tmp_path), str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as export:
        assert export.stdout is not None
        scratch = Path(export.stdout.readline().strip())
        export.send_signal(signal.SIGKILL)
        export.wait()
    assert scratch.parent == target.parent and scratch.is_dir()
    target.write_bytes(b"an int8 graph exported meanwhile by another run")
    loaded: list[Path] = []
    monkeypatch.setattr(embeddings, "OnnxMiniLMBackend", lambda file, _tok: loaded.append(file))
    embeddings._cached_or_exported(tmp_path, target)
    assert loaded == [target]
    assert [p.name for p in target.parent.iterdir()] == [target.name]
