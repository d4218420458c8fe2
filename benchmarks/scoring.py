"""The extraction benchmark's own metric: bag-of-4-shingles precision/recall/F1 over `\\w+` tokens.

Per document: count 4-token shingles of gold and prediction as bags; hits = min counts, extras and
misses the rest; normalise the three to sum 1; precision = mean over documents of hits/(hits+extras)
(skip documents where hits+extras = 0; 1.0 where extras = misses = 0), recall likewise with misses;
F1 from the two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0)))


@dataclass(frozen=True)
class DocScore:
    hits: float
    extras: float
    misses: float

    @property
    def precision(self) -> float | None:
        if self.extras == 0 and self.misses == 0:
            return 1.0
        return None if self.hits + self.extras == 0 else self.hits / (self.hits + self.extras)

    @property
    def recall(self) -> float | None:
        if self.extras == 0 and self.misses == 0:
            return 1.0
        return None if self.hits + self.misses == 0 else self.hits / (self.hits + self.misses)

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score_document(gold: str, predicted: str) -> DocScore:
    g, p = shingles(gold), shingles(predicted)
    hits = sum((g & p).values())
    extras = sum(p.values()) - hits
    misses = sum(g.values()) - hits
    total = hits + extras + misses
    if total == 0:
        return DocScore(0.0, 0.0, 0.0)
    return DocScore(hits / total, extras / total, misses / total)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    documents: int


def score_corpus(gold: Mapping[str, str], predicted: Mapping[str, str]) -> Score:
    """Score every gold document; a missing prediction counts as empty."""
    precisions: list[float] = []
    recalls: list[float] = []
    for key, gold_text in gold.items():
        doc = score_document(gold_text, predicted.get(key, ""))
        if doc.precision is not None:
            precisions.append(doc.precision)
        if doc.recall is not None:
            recalls.append(doc.recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return Score(p, r, f1, len(gold))
