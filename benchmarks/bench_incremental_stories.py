"""Stories as articles arrive: a StoryIndex fed one article at a time, next to group_stories.

    .venv/bin/python benchmarks/bench_incremental_stories.py [--backend minilm-int8|hashing]
        [--size 10000] [--adds 50]

1. ECB+ dev topics (2, 5, 12, 18, 21, 23, 34, 35; read as bench_ecbplus.py reads them): the
   articles are added to an empty index one at a time in three shuffled orders (seeds 1, 2, 3);
   B-cubed P/R/F1 of each order against the gold subtopics, next to `group_stories` on the whole
   pile (what `crosswire stories` gives) in the same run. Bar: each order's F1 within .02.
2. Seeds: 000, 001 and 002 (extracted and annotated through crosswire.extract / annotate; 002 is
   a month after the others) added in date order, to an empty index and to one holding the ECB+
   dev pile (a desk with a background): one story, as `group_stories` on the three?
3. Speed: the invented pile of bench_grouping_speed.py (`--size` articles, 10 retellings of each
   story, with names), grouped by `group_stories` (the peer: what regrouping the whole pile costs
   without an index), then made an index of its stories (`StoryIndex.from_stories`); `--adds`
   held-out retellings of its stories are added one at a time. Median, 90th percentile and
   largest seconds per article (encoding included, and the encoder's share), and how many joined
   their own story. Bar: median <= 1 s. Also: the background on the index's 2,000-row sample
   against the whole pile's, the saved index's size and its save and load times, and what
   grouping every story again costs (the index does so as the pile grows by a quarter).
4. The costliest kind of article: one joining a story of 1,000 articles (regrouped whole), and
   one joining a story past REGROUP_MAX_ROWS (merged one pair at a time).
The default backend is the int8 ONNX MiniLM that grouping large piles uses.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence

from bench_ecbplus import DEV_TOPICS, bcubed, load
from bench_grouping_speed import invented_pile
from crosswire.compare.embeddings import (
    EmbeddingBackend,
    HashingBackend,
    RememberingBackend,
    quantised_minilm_backend,
)
from crosswire.compare.stories import background, group_stories, word_vectors
from crosswire.compare.story_index import (
    BACKGROUND_DRIFT,
    BACKGROUND_SAMPLE,
    PILE_GROWTH,
    StoryIndex,
)
from crosswire.compare.story_regrouping import REGROUP_MAX_ROWS
from crosswire.compare.story_traits import embed, read_traits
from crosswire.model import Article, Story
from shared import ECB_PLUS, SEEDS, TimedBackend, absent, page_key, seed_articles

B3_BAR = 0.02
SECONDS_BAR = 1.0
ORDERS = (1, 2, 3)
BACKENDS: dict[str, Callable[[], EmbeddingBackend]] = {
    "minilm-int8": quantised_minilm_backend,
    "hashing": HashingBackend,
}


def labels_of(index: StoryIndex) -> dict[str, str]:
    return {source: story for story, members in index.stories().items() for source in members}


def ecb_orders(backend: EmbeddingBackend) -> StoryIndex | None:
    """Section 1; the index of the last order (for the seeds in a desk)."""
    if absent("ECB+", ECB_PLUS):
        return None
    articles, gold = load(DEV_TOPICS)
    started = time.perf_counter()
    stories = group_stories(articles, backend=backend)
    batch = {source: story.id for story in stories for source in story.articles}
    precision, recall, f1 = bcubed(batch, gold)
    print(f"ECB+ dev topics: {len(articles)} articles, {len(set(gold.values()))} subtopics")
    print(
        f"  group_stories, whole pile        B3 P {precision:.3f} R {recall:.3f} F1 {f1:.3f}  "
        f"stories {len(stories)}  {time.perf_counter() - started:.1f}s"
    )
    index = None
    worst = 0.0
    for seed in ORDERS:
        order = articles[:]
        random.Random(seed).shuffle(order)
        index = StoryIndex(backend)
        seconds = []
        for article in order:
            began = time.perf_counter()
            index.add(article)
            seconds.append(time.perf_counter() - began)
        p, r, f = bcubed(labels_of(index), gold)
        worst = max(worst, abs(f - f1))
        print(
            f"  StoryIndex, one by one, order {seed}  B3 P {p:.3f} R {r:.3f} F1 {f:.3f}  "
            f"stories {len(index.stories())}  {sum(seconds):.1f}s "
            f"(median {1000 * statistics.median(seconds):.1f} ms an article)  "
            f"F1 - batch {f - f1:+.3f}"
        )
    verdict = "met" if worst <= B3_BAR else "NOT met"
    print(f"bar: each order's B3 F1 within {B3_BAR:.2f} of group_stories: {verdict} ({worst:.3f})")
    return index


def seeds_check(backend: EmbeddingBackend, desk: StoryIndex | None) -> None:
    """Section 2."""
    if absent("the seed pages", SEEDS):
        return
    articles = sorted(seed_articles(), key=lambda a: page_key(a.source))
    batch = group_stories(articles, backend=backend)
    for name, index in (("an empty index", StoryIndex(backend)), ("the ECB+ dev desk", desk)):
        if index is None:
            continue
        assignments = [index.add(article) for article in articles]
        stories = {a.story for a in assignments} | {index.story_of(a.source) for a in articles}
        dates = ", ".join(f"{page_key(a.source)} {a.published.value or '?'}" for a in articles)
        print(
            f"seeds ({dates}) added one by one to {name} (background "
            f"{index.background():.3f}): {len(stories - {None})} story "
            f"(group_stories on the three: {len(batch)})"
        )


def held_out(size: int, adds: int) -> tuple[list[Article], list[Article], dict[str, str]]:
    """The invented pile of `size` articles, and `adds` more retellings of its stories."""
    articles, gold = invented_pile(size + adds)
    stories = sorted({gold[a.source] for a in articles}, key=int)
    step = max(len(stories) // adds, 1)
    chosen = {stories[n] for n in range(0, len(stories), step)[:adds]}
    last = {story: max(a.source for a in articles if gold[a.source] == story) for story in chosen}
    later = [a for a in articles if a.source in set(last.values())]
    pile = [a for a in articles if a.source not in set(last.values())][:size]
    return pile, later, gold


def speed(model: EmbeddingBackend, size: int, adds: int) -> EmbeddingBackend:
    """Section 3; the backend that remembers the pile's vectors."""
    pile, later, gold = held_out(size, adds)
    timed = TimedBackend(model)
    remembered = RememberingBackend(timed)  # the index is built from the peer's vectors
    started = time.perf_counter()
    stories = group_stories(pile, backend=remembered)
    peer = time.perf_counter() - started
    print(
        f"{len(pile)} invented articles: group_stories on the whole pile (the peer) "
        f"{peer:.1f}s (encoding {timed.seconds:.1f}s), {len(stories)} stories"
    )
    started = time.perf_counter()
    index = StoryIndex.from_stories(pile, stories, backend=remembered)
    print(f"  StoryIndex.from_stories {time.perf_counter() - started:.1f}s (vectors reused)")
    index.backend = timed
    seconds, encoding, joined = [], [], 0
    for article in later:
        encoded, began = timed.seconds, time.perf_counter()
        assignment = index.add(article)
        seconds.append(time.perf_counter() - began)
        encoding.append(timed.seconds - encoded)
        mates = [s for s in index.story(assignment.story) if s != article.source]
        joined += bool(mates) and all(gold[m] == gold[article.source] for m in mates)
    median = statistics.median(seconds)
    print(
        f"  add one article into {len(pile)}: median {median:.3f}s "
        f"(encoding {statistics.median(encoding):.3f}s), 90th percentile "
        f"{statistics.quantiles(seconds, n=10)[-1]:.3f}s, largest {max(seconds):.3f}s; "
        f"{joined} of {len(later)} joined their own story"
    )
    report_state(index, pile, remembered)
    started = time.perf_counter()
    gone, changed = index.regroup_all()
    print(
        f"  every story grouped again (regroup_all: done by itself once the pile grows by "
        f"{PILE_GROWTH:.0%} or the background moves by {BACKGROUND_DRIFT}): "
        f"{time.perf_counter() - started:.1f}s, {len(gone)} ids gone, {len(changed)} changed"
    )
    verdict = "met" if median <= SECONDS_BAR else "NOT met"
    print(
        f"bar: median seconds to add one article into {len(pile)} <= {SECONDS_BAR:.0f}: {verdict}"
    )
    return remembered


def report_state(index: StoryIndex, pile: Sequence[Article], backend: EmbeddingBackend) -> None:
    traits = [read_traits(a) for a in pile]  # the whole pile's background, as group_stories has it
    whole = background(embed(traits, backend), word_vectors(traits))
    print(
        f"  background: the index's (a sample of {BACKGROUND_SAMPLE:,}) {index.background():.4f}, "
        f"group_stories' (the whole pile) {whole:.4f}"
    )
    started = time.perf_counter()
    saved = index.to_bytes()
    saving = time.perf_counter() - started
    started = time.perf_counter()
    StoryIndex.from_bytes(saved, backend=index.backend)
    print(
        f"  saved index {len(saved) / 1e6:.1f} MB, to_bytes {saving:.1f}s, "
        f"from_bytes {time.perf_counter() - started:.1f}s"
    )


def large_story(model: EmbeddingBackend, sizes: Sequence[int]) -> None:
    """Section 4: the invented pile's first `size` articles taken as one story."""
    for size in sizes:
        pile, later, _ = held_out(size, 1)
        story = Story("story-large", "", tuple(a.source for a in pile))
        index = StoryIndex.from_stories(pile, [story], backend=model)
        began = time.perf_counter()
        index.add(later[0])
        how = "regrouped" if size < REGROUP_MAX_ROWS else "merged one pair at a time"
        print(
            f"  an article joining a story of {size} articles ({how}): "
            f"{time.perf_counter() - began:.3f}s"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=BACKENDS, default="minilm-int8")
    parser.add_argument("--size", type=int, default=10_000, help="articles in the speed pile")
    parser.add_argument("--adds", type=int, default=50, help="articles added into it, timed")
    args = parser.parse_args()
    model = BACKENDS[args.backend]()
    model.encode(["warm up"])
    print(f"backend: {args.backend}")
    desk = ecb_orders(RememberingBackend(model))
    seeds_check(model, desk)
    remembered = speed(model, args.size, args.adds)
    large_story(remembered, (REGROUP_MAX_ROWS - 1, 2 * REGROUP_MAX_ROWS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
