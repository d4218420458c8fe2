"""Story grouping at archive scale: 100,000 articles whose traits and vectors are given.

    .venv/bin/python benchmarks/bench_archive_grouping.py [--articles 100000] [--equivalence 5000]

The pile: the ECB+ dev topics' articles (read as benchmarks/bench_ecbplus.py reads them, no date)
and invented articles up to `--articles` (benchmarks/bench_grouping_speed.py's generator: stories
of 10 retellings, annotated with their names), each invented story given a day over two years
and each retelling that day or up to 3 days later, as a wire of many outlets would run. Traits
(`read_traits`, after `site_furniture` over the whole pile) and vectors (the int8 MiniLM,
`quantised_minilm_backend()`, for every article, invented ones too) are computed first and not
timed: batch mode computes them on workers. The vectors are cached by text under out/bench/
(encoding 100,000 leads takes ~10 minutes on 2 cores; later runs read them).

Timed: `group_archive` on the whole pile (wall and CPU seconds, peak RSS of the process).
Reported next to it:
- B-cubed F1 on the ECB+ subset: the archive grouping restricted to the ECB+ articles against
  ECB+ gold, next to the exact grouping (`group_stories` on the ECB+ dev articles alone, as
  bench_ecbplus.py runs it); bar: within .01 of it;
- B-cubed F1 on the invented articles against their invented stories;
- equivalence: B-cubed of `group_archive` against `group_traits` (the grouping `crosswire stories`
  runs) on the first `--equivalence` articles of the pile; bar: >= .99.
Bar: 100,000 articles in <= 10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import random
import resource
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from bench_ecbplus import DEV_TOPICS, bcubed, load
from bench_grouping_speed import ARTICLES_PER_STORY, invented_pile
from crosswire.compare.archive_stories import group_archive
from crosswire.compare.embeddings import EmbeddingBackend, quantised_minilm_backend
from crosswire.compare.site_furniture import site_furniture
from crosswire.compare.stories import group_stories, group_traits
from crosswire.compare.story_traits import ArticleTraits, embed, read_traits
from crosswire.model import Article, DateValue
from shared import ECB_PLUS, absent

SECONDS_BAR = 600.0
ECB_MARGIN_BAR = 0.01
EQUIVALENCE_BAR = 0.99
CACHE = Path(__file__).resolve().parents[1] / "out" / "bench"
FIRST_DAY = date(2024, 1, 1)
SPAN_DAYS = 730  # the invented stories' days spread over two years
LATE_DAYS = 3  # a retelling runs up to this many days after the story's day
ENCODE_CHUNK = 2_000


def dated(articles: Sequence[Article], stories: int, seed: int = 11) -> list[Article]:
    """The invented articles with a publication day: their story's, or up to LATE_DAYS later."""
    rng = random.Random(seed)
    out = []
    for n, article in enumerate(articles):
        story = n // ARTICLES_PER_STORY
        day = FIRST_DAY + timedelta(days=story * SPAN_DAYS // max(stories, 1))
        day += timedelta(days=rng.randint(0, LATE_DAYS))
        out.append(dataclasses.replace(article, published=DateValue(day.isoformat())))
    return out


def make_pile(
    count: int, ecb_day: date | None = None
) -> tuple[list[Article], dict[str, str], set[str]]:
    """The pile (ECB+ dev articles first, all published on `ecb_day` if given, else undated),
    gold labels, and the ECB+ sources."""
    ecb, ecb_gold = load(DEV_TOPICS)
    if ecb_day is not None:
        ecb = [dataclasses.replace(a, published=DateValue(ecb_day.isoformat())) for a in ecb]
    invented, invented_gold = invented_pile(max(count - len(ecb), 0))
    invented = dated(invented, len(invented) // ARTICLES_PER_STORY)
    gold = {**{s: f"ecb:{g}" for s, g in ecb_gold.items()}, **invented_gold}
    return [*ecb, *invented], gold, set(ecb_gold)


def all_traits(articles: Sequence[Article]) -> list[ArticleTraits]:
    furniture = site_furniture(articles)
    return [read_traits(a, furniture.get(a.source, frozenset())) for a in articles]


def text_key(traits: ArticleTraits) -> bytes:
    return hashlib.blake2b(f"{traits.language}\x00{traits.text}".encode(), digest_size=12).digest()


def cached_vectors(
    traits: Sequence[ArticleTraits], name: str, backend: EmbeddingBackend
) -> np.ndarray:
    """Each article's vector as `story_traits.embed` gives it, read from the cache where known."""
    file = CACHE / f"archive-vectors-{name}.npz"
    known: dict[bytes, np.ndarray] = {}
    if file.exists():
        with np.load(file) as saved:
            known = dict(zip((bytes(k) for k in saved["keys"]), saved["vectors"], strict=True))
    keys = [text_key(t) for t in traits]
    missing = list({k: t for k, t in zip(keys, traits, strict=True) if k not in known}.items())
    started = time.perf_counter()
    for start in range(0, len(missing), ENCODE_CHUNK):
        chunk = missing[start : start + ENCODE_CHUNK]
        for (key, _), vector in zip(chunk, embed([t for _, t in chunk], backend), strict=True):
            known[key] = vector
        print(
            f"  encoded {start + len(chunk)} / {len(missing)} "
            f"({time.perf_counter() - started:.0f}s)",
            flush=True,
        )
        if (start // ENCODE_CHUNK) % 10 == 9 or start + ENCODE_CHUNK >= len(missing):
            _save(file, known)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def _save(file: Path, known: dict[bytes, np.ndarray]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    keys = np.array([np.frombuffer(k, dtype=np.uint8) for k in known], dtype=np.uint8)
    scratch = file.with_suffix(".partial.npz")
    np.savez(scratch, keys=keys, vectors=np.stack(list(known.values())))
    scratch.replace(file)


def labels_of(groups: Sequence[tuple[str | None, list[str]]]) -> dict[str, str]:
    return {source: str(n) for n, (_, sources) in enumerate(groups) for source in sources}


def b3(groups: Sequence[tuple[str | None, list[str]]], gold: dict[str, str], only: set[str]) -> str:
    predicted = labels_of(groups)
    precision, recall, f1 = bcubed(predicted, {s: gold[s] for s in only})
    return f"B3 P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (getrusage), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Start the kernel's peak-RSS count (VmHWM) afresh (Linux), so a step's own peak shows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def exact_ecb(ecb_articles: list[Article], gold: dict[str, str]) -> float:
    """bench_ecbplus.py's grouping: group_stories on the ECB+ dev articles alone."""
    stories = group_stories(ecb_articles, backend=quantised_minilm_backend())
    labels = {source: story.id for story in stories for source in story.articles}
    f1 = bcubed(labels, {s: gold[s] for s in labels})[2]
    print(f"exact grouping (group_stories, ECB+ dev alone): B3 F1 {f1:.3f}, {len(stories)} stories")
    return f1


def equivalence(
    traits: list[ArticleTraits], vectors: np.ndarray, gold: dict[str, str], ecb: set[str]
) -> None:
    """group_archive against group_traits (crosswire stories' grouping) on the same pile."""
    started = time.perf_counter()
    reference = group_traits(traits, vectors)
    seconds = time.perf_counter() - started
    archive = group_archive(traits, vectors)
    sources = {t.source for t in traits}
    precision, recall, f1 = bcubed(labels_of(archive), labels_of(reference))
    verdict = "met" if f1 >= EQUIVALENCE_BAR else "NOT met"
    print(
        f"equivalence on {len(traits)} articles: group_archive vs group_traits B3 P "
        f"{precision:.3f} R {recall:.3f} F1 {f1:.3f} (bar >= {EQUIVALENCE_BAR}: {verdict}); "
        f"group_traits {seconds:.1f}s"
    )
    mixed = sources & ecb
    print(
        f"  ECB+ subset ({len(mixed)}): group_traits {b3(reference, gold, mixed)}, "
        f"group_archive {b3(archive, gold, mixed)}"
    )
    invented = sources - ecb
    print(
        f"  invented ({len(invented)}): group_traits {b3(reference, gold, invented)}, "
        f"group_archive {b3(archive, gold, invented)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--equivalence", type=int, default=5_000, help="pile for group_traits")
    parser.add_argument("--encode-only", action="store_true", help="fill the vector cache only")
    parser.add_argument(
        "--ecb-day",
        type=date.fromisoformat,
        help="publish every ECB+ article on this day (e.g. 2025-01-01: among the invented ones)",
    )
    args = parser.parse_args()
    if absent("ECB+", ECB_PLUS):
        return 0
    started = time.perf_counter()
    articles, gold, ecb = make_pile(args.articles, args.ecb_day)
    traits = all_traits(articles)
    print(
        f"pile: {len(articles)} articles ({len(ecb)} ECB+ dev, published "
        f"{args.ecb_day or 'never'}; invented over "
        f"{SPAN_DAYS} days), traits in {time.perf_counter() - started:.0f}s, "
        f"RSS {status_mb('VmRSS'):.0f} MB"
    )
    vectors = cached_vectors(traits, "minilm-int8", quantised_minilm_backend())
    if args.encode_only:
        return 0
    exact = exact_ecb([a for a in articles if a.source in ecb], gold)
    before = status_mb("VmRSS")
    reset = reset_peak_rss()
    started, cpu = time.perf_counter(), time.process_time()
    groups = group_archive(traits, vectors)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = f"peak RSS {status_mb('VmHWM'):.0f} MB during grouping" if reset else ""
    verdict = "met" if wall <= SECONDS_BAR else "NOT met"
    print(
        f"group_archive: {len(traits)} articles in {wall:.1f}s wall, {cpu:.1f}s CPU, "
        f"{len(groups)} groups; RSS before {before:.0f} MB, {peak}; process peak (getrusage) "
        f"{peak_rss_mb():.0f} MB (bar {SECONDS_BAR:.0f}s: {verdict})"
    )
    f1 = bcubed(labels_of(groups), {s: gold[s] for s in ecb})[2]
    verdict = "met" if abs(f1 - exact) <= ECB_MARGIN_BAR else "NOT met"
    print(
        f"  ECB+ subset: {b3(groups, gold, ecb)} against exact {exact:.3f} "
        f"(bar within {ECB_MARGIN_BAR}: {verdict})"
    )
    print(f"  invented: {b3(groups, gold, set(gold) - ecb)}")
    size = min(args.equivalence, len(traits))
    equivalence(traits[:size], vectors[:size], gold, ecb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
