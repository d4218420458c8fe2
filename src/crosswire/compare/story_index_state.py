"""A story index as plain data, to save between ingests: numpy arrays, and JSON for text.

`IndexState` is what a `StoryIndex` is made of, in a form a store can keep as one blob
(`to_bytes`: an npz, its vectors stored as they are and the rest deflated, read back without
pickles) or spread over its own rows (the arrays are one per kind of data, rows of the index in
order). Per row (one distinct text; copies ride with the first): its vector, its word counts,
what `pair_score` reads of its traits, its copy key, the rows it linked to, its story; per
article: its source and row, in the order they came; per story: its id and when it started; and
the site furniture remembered. Candidate indexes, group sums and the background sample are
derived from these when the state is read back.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np

from crosswire.compare.story_traits import ArticleTraits
from crosswire.errors import ConfigError

FORMAT_VERSION = 1
ARRAYS = (
    "vectors",  # rows x width, float32
    "term_offsets",  # rows + 1: where each row's words start in term_ids and term_counts
    "term_ids",  # int32 word ids (into `words`)
    "term_counts",  # uint16: how often each occurs in its row
    "copy_keys",  # rows x 16 bytes: the copy key of each row
    "arrival_rows",  # int32, per article: its row
    "story_of_row",  # int32, per row: its story (into `stories`)
    "link_offsets",  # rows + 1: where each row's linked rows start in link_rows
    "link_rows",  # int32
    "furniture_keys",  # uint64 digests of (outlet, paragraph)
    "furniture_headlines",  # uint64 digests of the headline each was first seen under, or 0
)

# The vectors are stored as they are: deflating float32 embeddings gains ~10% and was most of the
# time of saving a 10,000-article index (0.5 s of 0.6 s, benchmarks/bench_desk_speed.py).
STORED = {"vectors": zipfile.ZIP_STORED}


@dataclass(frozen=True, slots=True)
class IndexState:
    """A story index's state (see the module's docstring)."""

    vectors: np.ndarray
    term_offsets: np.ndarray
    term_ids: np.ndarray
    term_counts: np.ndarray
    copy_keys: np.ndarray
    arrival_rows: np.ndarray
    story_of_row: np.ndarray
    link_offsets: np.ndarray
    link_rows: np.ndarray
    furniture_keys: np.ndarray
    furniture_headlines: np.ndarray
    words: list[str]  # the vocabulary, by id
    traits: list[list[Any]]  # per row: names, quotes, published, year, language, has words
    arrivals: list[str]  # the articles' sources, in the order they came
    stories: list[tuple[str, int]]  # per story: its id and when it started
    stories_started: int
    background: tuple[float, int]  # the background measured last, and the rows then
    settled: tuple[float, int]  # the background and rows when the stories were last grouped
    tables_cut_at: int  # rows when the hyperplane tables were last cut

    def to_bytes(self) -> bytes:
        arrays = {name: getattr(self, name) for name in ARRAYS}
        text = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ARRAYS}
        text["version"] = FORMAT_VERSION
        arrays["text"] = np.frombuffer(json.dumps(text).encode("utf-8"), dtype=np.uint8)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:  # an npz, as np.savez writes one
            for name, array in arrays.items():
                member = zipfile.ZipInfo(f"{name}.npy")
                member.compress_type = STORED.get(name, zipfile.ZIP_DEFLATED)
                with archive.open(member, "w", force_zip64=True) as stream:
                    np.lib.format.write_array(stream, np.asanyarray(array), allow_pickle=False)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IndexState:
        """The state `to_bytes` wrote. Raises ConfigError for another format version or for
        data that is not a saved index."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as loaded:
                arrays = {name: loaded[name] for name in loaded.files}
            text = json.loads(arrays.pop("text").tobytes().decode("utf-8"))
        except (OSError, ValueError, KeyError) as error:
            raise ConfigError(f"not a saved story index ({error})") from error
        if text.pop("version", None) != FORMAT_VERSION:
            raise ConfigError(
                f"a story index of another format: this crosswire reads format {FORMAT_VERSION}; "
                "rebuild it (StoryIndex.from_stories)"
            )
        text["stories"] = [(str(story), int(born)) for story, born in text["stories"]]
        for pair in ("background", "settled"):
            text[pair] = (float(text[pair][0]), int(text[pair][1]))
        return cls(**arrays, **text)


def saved_traits(traits: ArticleTraits) -> list[Any]:
    """What `pair_score` reads of the traits, as JSON-able values."""
    published = traits.published.isoformat() if traits.published else None
    names, quotes = sorted(traits.names), sorted(traits.quotes)
    return [names, quotes, published, traits.year, traits.language, bool(traits.words)]


def restored_traits(source: str, saved: list[Any]) -> ArticleTraits:
    """The traits `saved_traits` kept (text and title empty, words a one-word stand-in)."""
    names, quotes, published, year, language, has_words = saved
    return ArticleTraits(
        source=source,
        text="",
        words=("",) if has_words else (),
        title="",
        names=frozenset(names),
        quotes=frozenset(quotes),
        published=date.fromisoformat(published) if isinstance(published, str) else None,
        year=year if isinstance(year, int) else None,
        language=language if isinstance(language, str) else None,
    )


def flat(rows: Sequence[Sequence[int] | np.ndarray], dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """Ragged rows of numbers as offsets (rows + 1) and one flat array of `dtype`."""
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    values: list[np.ndarray] = [np.asarray(r, dtype=dtype) for r in rows]
    return offsets, np.concatenate([np.zeros(0, dtype=dtype), *values])
