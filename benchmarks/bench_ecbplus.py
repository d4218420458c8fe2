"""Story grouping against ECB+ subtopics (dev topics as one mixed pile).

    .venv/bin/python benchmarks/bench_ecbplus.py [--backend minilm-int8|minilm|hashing] [--annotate]
        [--tune]

Each ECB+ file (../shared/data/ecbplus/ECB+/<topic>/*.xml) becomes an Article whose text is its
tokens joined by sentence (the `ecbplus` files' first sentence is the source URL and is dropped).
Gold = subtopic: the topic plus the file kind (`ecb` files report one event, `ecbplus` files a
look-alike event). `group_stories` runs once over all dev topics together (2, 5, 12, 18, 21, 23,
34, 35) and once over all training topics together; B-cubed P/R/F1 and pairwise F1 are printed
next to the peer in the same run: TF-IDF (scikit-learn) + agglomerative clustering (cosine, average
linkage) whose distance threshold is tuned here on the training topics only.
`--tune` grid-searches stories.py's thresholds on the training topics (never dev) and ranks them
by train F1 averaged over neighbouring grid points (a smooth optimum generalises better).
The default backend is the int8 ONNX MiniLM that grouping large piles uses.
Bar: dev B-cubed F1 >= .90.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from crosswire.compare import stories as grouping
from crosswire.compare.embeddings import (
    EmbeddingBackend,
    HashingBackend,
    RememberingBackend,
    minilm_backend,
    quantised_minilm_backend,
)
from crosswire.model import Article
from shared import ECB_PLUS, absent

DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
B3_F1_BAR = 0.90
TOKEN = re.compile(r'<token[^>]*\bsentence="(\d+)"[^>]*>([^<]*)</token>')
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def read_document(path: Path) -> str:
    """The file's tokens as text, one line per sentence (the ecbplus URL sentence dropped)."""
    sentences: dict[int, list[str]] = {}
    for number, token in TOKEN.findall(path.read_text(encoding="utf-8")):
        for entity, char in ENTITIES.items():
            token = token.replace(entity, char)
        sentences.setdefault(int(number), []).append(token)
    ordered = [" ".join(sentences[k]) for k in sorted(sentences)]
    if path.stem.endswith("ecbplus") and ordered and "http" in ordered[0]:
        ordered = ordered[1:]
    return "\n".join(ordered)


def load(topics: Sequence[int]) -> tuple[list[Article], dict[str, str]]:
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for topic in topics:
        for path in sorted((ECB_PLUS / str(topic)).glob("*.xml")):
            kind = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
            articles.append(Article(source=path.name, text=read_document(path)))
            gold[path.name] = f"{topic}{kind}"
    return articles, gold


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster label) against gold."""
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item in gold:
        by_pred.setdefault(predicted[item], set()).add(item)
        by_gold.setdefault(gold[item], set()).add(item)
    precision = recall = 0.0
    for item in gold:
        same = by_pred[predicted[item]] & by_gold[gold[item]]
        precision += len(same) / len(by_pred[predicted[item]])
        recall += len(same) / len(by_gold[gold[item]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def pairwise_f1(predicted: dict[str, str], gold: dict[str, str]) -> float:
    pred_pairs = _pairs(predicted)
    gold_pairs = _pairs(gold)
    hits = len(pred_pairs & gold_pairs)
    if not hits:
        return 0.0
    precision, recall = hits / len(pred_pairs), hits / len(gold_pairs)
    return 2 * precision * recall / (precision + recall)


def _pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for item, label in labels.items():
        groups.setdefault(label, []).append(item)
    return {p for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


def crosswire_labels(articles: list[Article], backend: EmbeddingBackend) -> dict[str, str]:
    stories = grouping.group_stories(articles, backend=backend)
    return {source: story.id for story in stories for source in story.articles}


def tfidf_labels(articles: list[Article], threshold: float) -> dict[str, str]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [a.text for a in articles]
    )
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    )
    found = model.fit_predict(matrix.toarray())
    return {a.source: str(label) for a, label in zip(articles, found, strict=True)}


def tune_tfidf(articles: list[Article], gold: dict[str, str]) -> float:
    """The distance threshold with the best training B-cubed F1."""
    grid = [round(0.50 + 0.02 * k, 2) for k in range(25)]
    return max(grid, key=lambda t: bcubed(tfidf_labels(articles, t), gold)[2])


TUNE_SHARES = (0.3, 0.4, 0.5, 0.6)
TUNE_AVERAGES = (0.15, 0.2, 0.25, 0.3)
TUNE_YEAR_PENALTIES = (0.0, 0.15)


def tune_crosswire(
    articles: list[Article], gold: dict[str, str], backend: EmbeddingBackend
) -> None:
    """Print the grid of stories.py's thresholds ranked by smoothed training B-cubed F1."""
    cached = RememberingBackend(backend)  # the grid regroups the same texts many times
    f1: dict[tuple[float, float, float], float] = {}
    for penalty, share, average in itertools.product(
        TUNE_YEAR_PENALTIES, TUNE_SHARES, TUNE_AVERAGES
    ):
        grouping.YEAR_MISMATCH_PENALTY = penalty
        grouping.EMBEDDING_SHARE, grouping.GROUP_AVERAGE_MIN = share, average
        f1[penalty, share, average] = bcubed(crosswire_labels(articles, cached), gold)[2]
    smoothed = {
        (p, s, a): float(
            np.mean(
                [
                    value
                    for (p2, s2, a2), value in f1.items()
                    if p2 == p and abs(s2 - s) < 0.11 and abs(a2 - a) < 0.026
                ]
            )
        )
        for p, s, a in f1
    }
    for key in sorted(smoothed, key=lambda k: -smoothed[k])[:10]:
        penalty, share, average = key
        print(
            f"  train B3 F1 smoothed {smoothed[key]:.3f} (own {f1[key]:.3f})  "
            f"YEAR_MISMATCH_PENALTY {penalty} EMBEDDING_SHARE {share} GROUP_AVERAGE_MIN {average}"
        )


def report(name: str, predicted: dict[str, str], gold: dict[str, str], seconds: float) -> float:
    precision, recall, f1 = bcubed(predicted, gold)
    clusters = len(set(predicted.values()))
    print(
        f"  {name:<34} B3 P {precision:.3f} R {recall:.3f} F1 {f1:.3f}  "
        f"pairwise F1 {pairwise_f1(predicted, gold):.3f}  clusters {clusters}  {seconds:.1f}s"
    )
    return f1


def run_split(
    name: str,
    articles: list[Article],
    gold: dict[str, str],
    backend: EmbeddingBackend,
    threshold: float,
) -> float:
    print(f"{name}: {len(articles)} articles, {len(set(gold.values()))} subtopics")
    started = time.perf_counter()
    f1 = report(
        "crosswire group_stories",
        crosswire_labels(articles, backend),
        gold,
        time.perf_counter() - started,
    )
    started = time.perf_counter()
    report(
        f"peer TF-IDF + agglomerative ({threshold})",
        tfidf_labels(articles, threshold),
        gold,
        time.perf_counter() - started,
    )
    return f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backend", choices=("minilm-int8", "minilm", "hashing"), default="minilm-int8"
    )
    parser.add_argument("--annotate", action="store_true", help="annotate articles first")
    parser.add_argument("--tune", action="store_true", help="grid-search thresholds on train")
    args = parser.parse_args()
    if absent("ECB+", ECB_PLUS):
        return 0
    topics = sorted(int(p.name) for p in ECB_PLUS.iterdir() if p.name.isdigit())
    train, train_gold = load([t for t in topics if t not in DEV_TOPICS])
    dev, dev_gold = load(DEV_TOPICS)
    backends: dict[str, Callable[[], EmbeddingBackend]] = {
        "minilm-int8": quantised_minilm_backend,
        "minilm": minilm_backend,
        "hashing": HashingBackend,
    }
    backend: EmbeddingBackend = backends[args.backend]()
    if args.annotate:
        from crosswire.annotate.annotator import annotate_articles

        started = time.perf_counter()
        train, dev = annotate_articles(train, n_process=2), annotate_articles(dev, n_process=2)
        print(f"annotated {len(train) + len(dev)} articles in {time.perf_counter() - started:.1f}s")
    if args.tune:
        tune_crosswire(train, train_gold, backend)
        return 0
    threshold = tune_tfidf(train, train_gold)
    run_split("ECB+ training topics (mixed pile)", train, train_gold, backend, threshold)
    f1 = run_split("ECB+ dev topics (mixed pile)", dev, dev_gold, backend, threshold)
    print(f"bar: dev B3 F1 >= {B3_F1_BAR:.2f}: {'met' if f1 >= B3_F1_BAR else 'NOT met'}")
    print(f"gold subtopic sizes (dev): {sorted(Counter(dev_gold.values()).values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
