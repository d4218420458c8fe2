"""Derivation and independence (crosswire.compare.derivation) on the seeds and on ECB+ dev topics.

    .venv/bin/python benchmarks/bench_derivation.py [-v] [--speed]

1. Seeds (../shared/seeds, gold.json "derivation"): extracted (crosswire.extract) and
   annotated (crosswire.annotate, for quotes). Bar: 001 found derived
   from 000, no derivation touching 002, so 000+001 count one independent outlet.
2. ECB+ dev topics (../shared/data/ecbplus; tokens joined into text): the articles of one subtopic
   are mostly independent reports of one event, but ECB+ also holds wire variants of one agency
   story; derivations found among them are counted, and those between articles sharing less than
   a tenth of their 8-word runs verbatim are counted as possible false positives (all printed
   with their scores under -v).
3. Injected: every ECB+ dev article gets a reprint (identical text, new source, a later date) and a
   rewrite (a later date, a quarter of its sentences dropped, words dropped and swapped inside the
   others, sentence order kept), added to its subtopic. Recall of reprints and of rewrites (found
   derived from their original), and precision over all derivations found.
   Measured twice in the same run: with the candidate step (the default: a story of more than
   crosswire.compare.derivation_candidates.SMALL_STORY articles compares candidate pairs only) and
   comparing all pairs (`all_pairs=True`), with the number of pairs compared in full.
4. Speed (--speed): one event told by 50, 200 and 1,000 articles (the 39 articles of one ECB+
   topic, then reprints and rewrites of them in turn: every pair shares the story's vocabulary,
   the costly case); a wire story run everywhere in 1,000 articles (30% reprints of one article,
   the rest ECB+ articles drawn at random, each with an injected reprint and rewrite); and 1,000
   articles of ECB+ topics in order (a third originals, with their reprints and rewrites); one
   article reprinted 1,999 times (candidates only: all pairs would take minutes).
   find_derivations timed with candidates and with all pairs (about three minutes in all), with
   the recall of the injected articles (found linked to their original) and whether both give
   the same derivations.
Peer in the same run: a MinHash near-duplicate detector (datasketch, 128 permutations, 5-word
shingles, estimated Jaccard >= .5, the later as the copy) — the usual syndication check. No
published figure exists for this task on these data.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from bench_ecbplus import DEV_TOPICS
from crosswire.compare.derivation import (
    candidate_pairs,
    count_independent,
    find_derivations,
    independent_groups,
)
from crosswire.model import Article, Basis, DateValue, Derivation
from shared import ECB_PLUS, GOLD, absent, page_key, seed_articles

ORIGINAL_DATE = "2020-01-01"
LATER_DATE = "2020-01-02"
SPEED_TOPIC = 1  # the ECB+ topic with the most articles (39)


def seeds_check(verbose: bool) -> bool:
    articles = seed_articles()
    by_id = {page_key(a.source): a.source for a in articles}
    found = find_derivations(articles)
    for d in found:
        print(f"  {page_key(d.article)} <- {page_key(d.derived_from)} {d.kind} "
              f"{d.score:.2f}: {'; '.join(d.evidence)}")  # fmt: skip
    derived = any(d.article == by_id["001"] and d.derived_from == by_id["000"] for d in found)
    clean_002 = not any(by_id["002"] in (d.article, d.derived_from) for d in found)
    pair = count_independent([by_id["000"], by_id["001"]], found)
    print(f"seeds: 001 derived from 000: {derived}; no derivation with 002: {clean_002}; "
          f"000+001 independent outlets: {pair} (bar: True, True, 1)")  # fmt: skip
    peer = minhash_peer(articles)
    print(f"  peer (MinHash near-duplicates): {len(peer)} derivations found")
    return derived and clean_002 and pair == 1


def ecb_articles(topics: Sequence[int] = DEV_TOPICS) -> dict[str, list[Article]]:
    """Articles by subtopic ("2/ecb", "2/ecbplus"), text joined from tokens."""
    stories: dict[str, list[Article]] = defaultdict(list)
    for topic in topics:
        for path in sorted((ECB_PLUS / str(topic)).glob("*.xml")):
            plus = path.stem.endswith("ecbplus")
            text = detokenise(path, skip_first=plus)  # ecbplus: the first sentence is the URL
            article = Article(source=path.name, text=text,
                              published=DateValue(ORIGINAL_DATE, Basis.USER))  # fmt: skip
            stories[f"{topic}/{'ecbplus' if plus else 'ecb'}"].append(article)
    return stories


def detokenise(path: Path, *, skip_first: bool) -> str:
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    keys = sorted(sentences)[1:] if skip_first else sorted(sentences)
    text = " ".join(" ".join(sentences[k]) for k in keys)
    text = re.sub(r"``|''", '"', text)  # the corpus writes quotation marks as `` and ''
    text = re.sub(r" ([.,;:!?%)]|'s|n't|'re|'ll|'ve|'d)", r"\1", text)
    return re.sub(r"([($]) ", r"\1", text)


def paraphrase(text: str, rng: random.Random) -> str:
    """A rewrite that keeps the order of facts: drop a quarter of the sentences (never the first),
    and inside each kept one drop a word in six and swap one adjacent pair of words."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = [s for i, s in enumerate(sentences) if i == 0 or rng.random() >= 0.25]
    out = []
    for sentence in kept:
        words = [w for i, w in enumerate(sentence.split()) if i == 0 or rng.random() >= 1 / 6]
        if len(words) > 3:
            k = rng.randrange(1, len(words) - 1)
            words[k], words[k + 1] = words[k + 1], words[k]
        out.append(" ".join(words))
    return " ".join(out)


def minhash_peer(articles: Sequence[Article]) -> list[Derivation]:
    from datasketch import MinHash

    def sketch(text: str) -> MinHash:
        words = re.findall(r"\w+", text.lower())
        m = MinHash(num_perm=128, seed=1)
        for i in range(max(1, len(words) - 4)):
            m.update(" ".join(words[i : i + 5]).encode())
        return m

    sketches = [(a, sketch(a.text)) for a in articles]
    found = []
    for i, (a, ma) in enumerate(sketches):
        for b, mb in sketches[i + 1 :]:
            if ma.jaccard(mb) >= 0.5:
                copy, source = (a, b) if (a.published.value or "") >= (b.published.value or "") \
                    else (b, a)  # fmt: skip
                found.append(Derivation(copy.source, source.source, "copy", ma.jaccard(mb)))
    return found


def ecb_check(verbose: bool) -> None:
    stories = ecb_articles()
    n_articles = sum(len(v) for v in stories.values())
    start = time.perf_counter()
    false = [d for arts in stories.values() for d in find_derivations(arts)]
    took = time.perf_counter() - start
    peer_false = [d for arts in stories.values() for d in minhash_peer(arts)]
    pairs = sum(len(v) * (len(v) - 1) // 2 for v in stories.values())
    print(f"ECB+ dev: {n_articles} articles, {len(stories)} subtopics, {pairs} pairs; "
          f"derivations found among same-subtopic articles: {len(false)} "
          f"({len(false) / pairs:.2%} of pairs) in {took:.1f}s; "
          f"peer: {len(peer_false)}")  # fmt: skip
    # ECB+ holds wire variants (one agency story run by several sites); a pair sharing a tenth of
    # its 8-word runs verbatim is textually dependent, the rest are possible false positives.
    texts = {a.source: a.text for arts in stories.values() for a in arts}
    unsupported = [
        d for d in false if verbatim_share(texts[d.article], texts[d.derived_from]) < 0.1
    ]
    print(f"  of which without verbatim reuse (<10% of 8-word runs shared; possible false "
          f"positives): {len(unsupported)} ({len(unsupported) / pairs:.2%} of pairs)")  # fmt: skip
    if verbose:
        for d in false:
            mark = "?" if d in unsupported else " "
            print(f"  {mark} {d.article} <- {d.derived_from} {d.kind} {d.score:.2f}: {d.evidence}")
    injected_check(stories, verbose)


def verbatim_share(a: str, b: str) -> float:
    """The share of the shorter text's 8-word runs found in the other."""

    def runs(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    ra, rb = runs(a), runs(b)
    return len(ra & rb) / min(len(ra), len(rb)) if ra and rb else 0.0


def injected_check(stories: dict[str, list[Article]], verbose: bool) -> None:
    """Recall: an injected article lands in its original's independent group. Precision: a
    derivation touching an injected article links it to its original, a sibling, or an article
    the method links to the original without the injections (ECB+ holds real wire variants)."""
    rng = random.Random(4)
    origin: dict[str, tuple[str, str]] = {}  # injected source -> (original, kind)
    runs: list[tuple[list[Article], list[Article]]] = []
    for articles in stories.values():
        extended = list(articles)
        for a in articles:
            for kind, text in (("copy", a.text), ("rewrite", paraphrase(a.text, rng))):
                source = f"{a.source}#{kind}"
                origin[source] = (a.source, kind)
                extended.append(Article(source=source, text=text,
                                        published=DateValue(LATER_DATE, Basis.USER)))  # fmt: skip
        runs.append((articles, extended))
    every_pair = partial(find_derivations, all_pairs=True)
    finders: tuple[tuple[str, Finder], ...] = (
        ("crosswire (candidates)", find_derivations),
        ("crosswire (all pairs)", every_pair),
        ("peer MinHash", minhash_peer),
    )
    measure("injected, one story per subtopic", runs, origin, finders, verbose)
    # One story of all subtopics (591 articles): the candidate step in every comparison.
    merged = [([a for o, _ in runs for a in o], [a for _, e in runs for a in e])]
    measure("injected, one story of all subtopics", merged, origin, finders[:2], verbose)


Finder = Callable[[Sequence[Article]], list[Derivation]]


def measure(
    label: str,
    runs: list[tuple[list[Article], list[Article]]],
    origin: dict[str, tuple[str, str]],
    finders: Sequence[tuple[str, Finder]],
    verbose: bool,
) -> None:
    compared = sum(len(candidate_pairs(extended)) for _, extended in runs)
    every = sum(len(e) * (len(e) - 1) // 2 for _, e in runs)
    print(f"  {label}: {len(runs)} stories of {min(len(e) for _, e in runs)}-"
          f"{max(len(e) for _, e in runs)} articles; pairs compared with candidates "
          f"{compared} of {every}")  # fmt: skip
    for name, finder in finders:
        found: list[Derivation] = []
        native: list[Derivation] = []
        start = time.perf_counter()
        for articles, extended in runs:
            found.extend(finder(extended))
            native.extend(finder(articles))
        print(f"  {name}: {time.perf_counter() - start:.1f}s")
        report(name, found, native, origin, verbose and name.startswith("crosswire"))


def report(
    name: str,
    found: list[Derivation],
    native: list[Derivation],
    origin: dict[str, tuple[str, str]],
    verbose: bool,
) -> None:
    base = {s: o for s, (o, _) in origin.items()}
    every = sorted({s for d in found for s in (d.article, d.derived_from)} | set(origin))
    group_of = {s: i for i, g in enumerate(independent_groups(every, found)) for s in g}
    native_group = {s: i for i, g in enumerate(independent_groups(every, native)) for s in g}
    for kind in ("copy", "rewrite"):
        wanted = [s for s, (_, k) in origin.items() if k == kind]
        got = [s for s in wanted if group_of[s] == group_of[origin[s][0]]]
        print(f"  {name}: injected {kind} recall {len(got) / len(wanted):.3f} "
              f"({len(got)}/{len(wanted)})")  # fmt: skip
    touching = [d for d in found if d.article in base or d.derived_from in base]

    def right(d: Derivation) -> bool:
        a, b = base.get(d.article, d.article), base.get(d.derived_from, d.derived_from)
        return native_group[a] == native_group[b]

    good = [d for d in touching if right(d)]
    precision = len(good) / len(touching) if touching else 0.0
    print(f"  {name}: precision of derivations touching injected articles {precision:.3f} "
          f"({len(good)}/{len(touching)})")  # fmt: skip
    if verbose:
        for d in touching:
            if not right(d):
                print(f"    wrong: {d.article} <- {d.derived_from} {d.kind} {d.score:.2f}")


def inject(articles: Sequence[Article], rng: random.Random) -> tuple[list[Article], dict[str, str]]:
    """The articles with a reprint and a rewrite of each (a day later); injected -> original."""
    story, origin = list(articles), {}
    for a in articles:
        for kind, text in (("copy", a.text), ("rewrite", paraphrase(a.text, rng))):
            origin[f"{a.source}#{kind}"] = a.source
            story.append(Article(source=f"{a.source}#{kind}", text=text,
                                 published=DateValue(LATER_DATE, Basis.USER)))  # fmt: skip
    return story, origin


def wire_everywhere(
    originals: Sequence[Article], size: int, share: float = 0.3
) -> tuple[list[Article], dict[str, str]]:
    """`size` articles: reprints of the first original making `share` of them (each with its own
    closing line and a later date), the rest originals drawn at random (articles as long at every
    size) with injected reprints and rewrites."""
    wire, reprints = originals[0], min(size - 1, int(size * share))
    rng = random.Random(size)
    drawn = sorted(rng.sample(range(1, len(originals)), (size - reprints - 1) // 3))
    story, origin = inject([originals[k] for k in drawn], rng)
    story.append(wire)
    for k in range(reprints):
        source = f"{wire.source}#reprint{k:03d}"
        origin[source] = wire.source
        text = f"{wire.text}\n\nThis story was distributed to subscriber {k} of the wire."
        day = f"2020-01-{2 + k % 27:02d}"
        story.append(Article(source=source, text=text, published=DateValue(day, Basis.USER)))
    return story, origin


def recall(found: Sequence[Derivation], origin: dict[str, str]) -> str:
    sources = sorted(set(origin) | set(origin.values()))
    groups = {s: i for i, g in enumerate(independent_groups(sources, found)) for s in g}
    linked = {s: groups[o] == groups[s] for s, o in origin.items()}
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for source, ok in linked.items():
        by_kind[source.rsplit("#", 1)[1].rstrip("0123456789")].append(ok)
    return ", ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in sorted(by_kind.items()))


def one_event(originals: Sequence[Article], size: int) -> tuple[list[Article], dict[str, str]]:
    """`size` articles of one ECB+ topic: its articles, then in turn a reprint (own closing line)
    or a rewrite of each until `size` (every article shares the story's vocabulary)."""
    rng, story, origin = random.Random(size), list(originals), {}
    for k in range(size - len(originals)):
        original = originals[k % len(originals)]
        if (k // len(originals)) % 3 == 0:
            kind, text = "copy", f"{original.text}\n\nDistributed to subscriber {k} of the wire."
        else:
            kind, text = "rewrite", paraphrase(original.text, rng)
        source = f"{original.source}#{kind}{k:04d}"
        origin[source] = original.source
        day = f"2020-01-{2 + k % 27:02d}"
        story.append(Article(source=source, text=text, published=DateValue(day, Basis.USER)))
    return story, origin


def speed_check() -> None:
    topic = [a for arts in ecb_articles([SPEED_TOPIC]).values() for a in arts]
    originals = [a for arts in ecb_articles(range(1, 46)).values() for a in arts]
    cases = [(f"one event, {n}", *one_event(topic, n)) for n in (50, 200, 1000)]
    cases.append(("wire story, 1000", *wire_everywhere(originals, 1000)))
    cases.append(("ECB+ topics in order, 1000", *inject(originals[:333], random.Random(1000))))
    cases.append(("one article reprinted 2000 times", *wire_everywhere(originals, 2000, 1.0)))
    for name, story, origin in cases:
        results = []
        for label, every in (("candidates", False), ("all pairs", True)):
            if every and len(story) > 1000:  # 2 million pairs: a minute or two
                print(f"  speed {name}: {label} skipped (2 million pairs)")
                continue
            start = time.perf_counter()
            found = find_derivations(story, all_pairs=every)
            took = time.perf_counter() - start
            pairs = len(candidate_pairs(story, all_pairs=every))
            results.append(found)
            print(f"  speed {name} ({len(story)}): {label}: {took:.1f}s, {pairs} pairs considered, "
                  f"{len(found)} derivations; recall {recall(found, origin)}")  # fmt: skip
        if len(results) == 2:
            print(f"  speed {name}: same derivations with and without candidates: "
                  f"{results[0] == results[1]}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--speed", action="store_true", help="time 50 / 200 / 1,000 articles")
    args = parser.parse_args(argv)
    ok = True
    if not absent("the seed pages", GOLD):
        ok = seeds_check(args.verbose)
    if not absent("ECB+", ECB_PLUS):
        ecb_check(args.verbose)
        if args.speed:
            speed_check()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
