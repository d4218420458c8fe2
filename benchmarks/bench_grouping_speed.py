"""Story grouping speed on invented piles of 1k, 3k and 10k articles, with the real MiniLM model.

    .venv/bin/python benchmarks/bench_grouping_speed.py [--sizes 1000 3000 10000]
        [--backends minilm-int8 minilm hashing]

Each pile is made of invented stories (10 articles each): a story is a handful of invented names,
a place, a number and topic words drawn from a word bank; each of its articles retells it in its
own order with its own filler words (noise), as outlets do. Articles carry entity annotations (the
story's names), so grouping reads embeddings, names and words as it would on annotated articles.
Reported per size and backend: encode time (MiniLM int8 ONNX by default, the full-precision torch
model with `--backends minilm`; batched, 2 cores), grouping time without encoding, total, CPU time
(the machine may be shared: CPU seconds compare better across runs than wall seconds), and B-cubed
F1 against the invented stories. Several backends run on the same piles in one run, for ratios.
The peer in the same run: TF-IDF + agglomerative clustering (scikit-learn, average linkage; all
pairs, so only up to 3k). Bar: 10k in <= 60 s total, near-linear growth (time per article
roughly flat).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence

from bench_ecbplus import bcubed  # the same B-cubed as the ECB+ grouping benchmark
from crosswire.compare.embeddings import (
    EmbeddingBackend,
    HashingBackend,
    minilm_backend,
    quantised_minilm_backend,
)
from crosswire.compare.stories import group_stories
from crosswire.model import Annotations, Article, Entity, Mention, Span
from shared import TimedBackend

TOTAL_SECONDS_BAR = 60.0
ARTICLES_PER_STORY = 10
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ten",
    "vo",
    "su",
    "del",
    "an",
    "bri",
    "mor",
    "fa",
    "zu",
    "qu",
    "ni",
    "pel",
    "tor",
    "sa",
    "ve",
    "gro",
]
TOPIC_WORDS = [
    "bridge",
    "flood",
    "election",
    "strike",
    "fire",
    "court",
    "vaccine",
    "merger",
    "drought",
    "protest",
    "budget",
    "airport",
    "storm",
    "school",
    "hospital",
    "railway",
    "border",
    "festival",
    "verdict",
    "treaty",
    "refinery",
    "harbour",
    "mine",
    "dam",
    "museum",
    "tariff",
    "satellite",
    "ferry",
    "pipeline",
    "factory",
    "reactor",
    "stadium",
    "curfew",
    "ceasefire",
    "audit",
    "vote",
]
VERBS = [
    "closed",
    "opened",
    "announced",
    "rejected",
    "approved",
    "delayed",
    "cancelled",
    "suspended",
    "seized",
    "won",
]
FILLER = [
    "the",
    "a",
    "of",
    "in",
    "on",
    "and",
    "said",
    "told",
    "reporters",
    "officials",
    "according",
    "to",
    "after",
    "before",
    "while",
    "on",
    "tuesday",
    "monday",
    "local",
    "residents",
    "spokesperson",
    "statement",
    "earlier",
    "later",
    "week",
    "month",
]


def invented_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def invented_pile(count: int, seed: int = 7) -> tuple[list[Article], dict[str, str]]:
    rng = random.Random(seed)
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for story in range(count // ARTICLES_PER_STORY):
        people = [f"{invented_name(rng)} {invented_name(rng)}" for _ in range(2)]
        place = invented_name(rng)
        facts = [
            f"{people[0]} said the {rng.choice(TOPIC_WORDS)} in {place} was {rng.choice(VERBS)}.",
            f"{rng.randint(2, 900)} people were affected by the {rng.choice(TOPIC_WORDS)}.",
            f"{people[1]} of the {place} {rng.choice(TOPIC_WORDS)} office {rng.choice(VERBS)} it.",
            f"The {rng.choice(TOPIC_WORDS)} and the {rng.choice(TOPIC_WORDS)} were discussed.",
        ]
        for copy in range(ARTICLES_PER_STORY):
            order = rng.sample(facts, k=len(facts))
            noise = " ".join(rng.choice(FILLER) for _ in range(rng.randint(10, 30)))
            text = " ".join(order) + " " + noise
            source = f"story{story:05d}-{copy}.txt"
            articles.append(Article(source=source, text=text, annotations=_names(text, people)))
            gold[source] = str(story)
    return articles, gold


def _names(text: str, names: Sequence[str]) -> Annotations:
    entities = []
    for n, name in enumerate(names):
        start = max(text.find(name), 0)
        span = Span(start, start + len(name))
        entities.append(Entity(f"e{n}", name, "person", (Mention(span, name),)))
    return Annotations(entities=tuple(entities))


def peer(articles: list[Article], gold: dict[str, str]) -> str:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    started = time.perf_counter()
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([a.text for a in articles])
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.8
    ).fit_predict(matrix.toarray())
    seconds = time.perf_counter() - started
    predicted = {a.source: str(label) for a, label in zip(articles, labels, strict=True)}
    return f"peer TF-IDF+agglomerative {seconds:6.1f}s  B3 F1 {bcubed(predicted, gold)[2]:.3f}"


BACKENDS: dict[str, Callable[[], EmbeddingBackend]] = {
    "minilm-int8": quantised_minilm_backend,
    "minilm": minilm_backend,
    "hashing": HashingBackend,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--backends", choices=BACKENDS, nargs="+", default=["minilm-int8"])
    parser.add_argument("--no-peer", action="store_true", help="skip the TF-IDF peer")
    args = parser.parse_args()
    models: dict[str, EmbeddingBackend] = {}
    for name in args.backends:
        started = time.perf_counter()
        models[name] = BACKENDS[name]()
        models[name].encode(["warm up"])
        print(f"model load {time.perf_counter() - started:.1f}s ({name})")
    totals = []
    for size in args.sizes:
        articles, gold = invented_pile(size)
        for name, model in models.items():
            backend = TimedBackend(model)
            started, cpu = time.perf_counter(), time.process_time()
            stories = group_stories(articles, backend=backend)
            total, cpu = time.perf_counter() - started, time.process_time() - cpu
            totals.append((size, name, total))
            predicted = {source: s.id for s in stories for source in s.articles}
            print(
                f"{size:>6} articles {name:<12} total {total:6.1f}s = "
                f"encode {backend.seconds:6.1f}s + grouping {total - backend.seconds:6.1f}s  "
                f"cpu {cpu:6.1f}s  "
                f"({1000 * total / size:.1f} ms/article)  stories {len(stories)}  "
                f"B3 F1 {bcubed(predicted, gold)[2]:.3f}"
            )
        if size <= 3000 and not args.no_peer:
            print("       " + peer(articles, gold))
    for size, name, seconds in totals:
        if size >= 10_000:
            verdict = "met" if seconds <= TOTAL_SECONDS_BAR else "NOT met"
            print(
                f"bar: {size} articles in <= {TOTAL_SECONDS_BAR:.0f}s ({name}): {verdict} "
                f"({seconds:.1f}s)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
