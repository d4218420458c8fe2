"""Site furniture as pages arrive: the paragraphs an outlet has already repeated on its pages.

`site_furniture` finds, in a whole pile, the paragraphs two pages of one outlet carry word for word
under different headlines. A story index sees pages one at a time, so it remembers, per outlet, the
headline each paragraph was first seen under: a page's paragraph that the outlet already gave under
another headline is furniture, and the page is read without it. The first page of an outlet that
carries a notice keeps it (nothing was repeated yet); every later page reads without it, so the
notice never links two of the outlet's pages. Paragraphs are kept as 8-byte digests.
"""

from __future__ import annotations

import hashlib

import numpy as np

from crosswire.compare.site_furniture import outlet_key, paragraph_key, paragraphs
from crosswire.model import Article

SEVERAL = 0  # the headline of a paragraph seen under two or more headlines (digests are never 0)


def _digest(text: str) -> int:
    value = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
    return value | 1  # never SEVERAL


class FurnitureMemory:
    """For each (outlet, paragraph) seen, the headline it was seen under, or SEVERAL."""

    def __init__(self) -> None:
        self._headline: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._headline)

    def furniture_of(self, article: Article) -> frozenset[str]:
        """The article's paragraphs (as `paragraph_key` gives them) that its outlet already
        gave under another headline; the article's paragraphs are remembered."""
        outlet = outlet_key(article)
        if outlet.startswith("source:"):
            return frozenset()  # an unknown outlet: no page of the same site to compare with
        headline = _digest(paragraph_key(article.title.value or "") or article.source)
        found = set()
        for paragraph in {paragraph_key(p) for p in paragraphs(article.text)}:
            key = _digest(f"{outlet}\n{paragraph}")
            seen = self._headline.setdefault(key, headline)
            if seen != headline:
                self._headline[key] = SEVERAL
                found.add(paragraph)
        return frozenset(found)

    def to_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The memory as two uint64 arrays: paragraph keys and their headlines."""
        keys = np.fromiter(self._headline.keys(), dtype=np.uint64, count=len(self._headline))
        values = np.fromiter(self._headline.values(), dtype=np.uint64, count=len(self._headline))
        return keys, values

    @classmethod
    def from_arrays(cls, keys: np.ndarray, headlines: np.ndarray) -> FurnitureMemory:
        memory = cls()
        memory._headline = dict(zip(keys.tolist(), headlines.tolist(), strict=True))
        return memory
