"""Fact alignment of the seed pages against their hand annotation (../shared/seeds/gold.json).

    .venv/bin/python benchmarks/bench_seed_facts.py [-v]

The three pages are extracted and annotated as `crosswire annotate` does, their derivations found
(crosswire.compare.derivation.find_derivations) and their facts aligned
(crosswire.compare.facts.align_facts with the packaged MiniLM). A gold fact reported by two or more
pages is found when ONE crosswire fact has support on one of its gold lines in every gold page and
no support from a page outside them. A support's page line is read through the article's paragraph
provenance (for text pages: an offset into the .txt file). Bar: 80% of those gold facts found. Also
checked: facts carried only by 000 and 001 (001 is a rewrite of 000) count one independent outlet.

Peer in the same run: a plain baseline, MiniLM cosine alone, each sentence linked to its nearest
sentence in every other article at BASELINE_COSINE or more, groups by single link; scored alike.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from shared import (
    ECB_PLUS,
    GOLD,
    TimedBackend,
    absent,
    load_gold,
    page_key,
    page_line,
    seed_articles,
    seed_files,
)

BAR = 0.80
BASELINE_COSINE = 0.6  # a usual "same meaning" cut for MiniLM sentence pairs
Group = list[tuple[str, int]]  # a fact as (page key, page line) of each support


def lines_of(supports: Sequence[tuple[str, int]], articles: dict[str, Any]) -> Group:
    """(page key, page line) of each support (source, offset) that a paragraph holds."""
    out = []
    for source, start in supports:
        line = page_line(articles[source], start)
        if line is not None:
            out.append((page_key(source), line))
    return out


def found(gold: dict[str, Any], groups: Sequence[Group]) -> bool:
    wanted = {page: set(lines) for page, lines in gold["reported_by"].items()}
    for group in groups:
        pages = {page for page, _ in group}
        if pages - wanted.keys():
            continue
        if all(
            any(p == page and line in lines for p, line in group) for page, lines in wanted.items()
        ):
            return True
    return False


def score(name: str, gold: dict[str, Any], groups: Sequence[Group], verbose: bool) -> float:
    golds = [g for g in gold["facts"] if len(g["reported_by"]) >= 2]
    hits = [found(g, groups) for g in golds]
    share = sum(hits) / len(golds)
    pairs, right = pair_precision(gold["facts"], groups)
    print(
        f"{name:9} found {sum(hits)}/{len(golds)} = {share:.0%}; cross-page support pairs on "
        f"lines sharing a gold fact: {right}/{pairs} = {right / max(1, pairs):.0%}"
    )
    if verbose:
        for g, hit in zip(golds, hits, strict=True):
            if not hit:
                print(f"    MISS {g['id']} {g['fact']} {g['reported_by']}")
    return share


def pair_precision(gold_facts: list[dict[str, Any]], groups: Sequence[Group]) -> tuple[int, int]:
    """Pairs of supports from different pages inside one group, and how many of them stand on
    lines that share a gold fact (any gold fact, single-page ones included)."""
    facts_on: dict[tuple[str, int], set[str]] = {}
    for g in gold_facts:
        for page, lines in g["reported_by"].items():
            for line in lines:
                facts_on.setdefault((page, line), set()).add(g["id"])
    pairs = right = 0
    for group in groups:
        for n, a in enumerate(group):
            for b in group[n + 1 :]:
                if a[0] != b[0]:
                    pairs += 1
                    right += bool(facts_on.get(a, set()) & facts_on.get(b, set()))
    return pairs, right


def baseline_groups(articles: Sequence[Any], backend: Any) -> list[list[tuple[str, int]]]:
    """MiniLM cosine alone: each sentence linked to its nearest in every other article."""
    units = [
        (a.source, s.start, a.text[s.start : s.end])
        for a in articles
        if a.annotations is not None
        for s in a.annotations.sentences
    ]
    vectors = backend.encode([u[2] for u in units])
    sims = vectors @ vectors.T
    parent = list(range(len(units)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sources = np.array([u[0] for u in units])
    for i, (source, _, _) in enumerate(units):
        for other in sorted(set(sources) - {source}):
            candidates = np.nonzero(sources == other)[0]
            j = int(candidates[np.argmax(sims[i, candidates])])
            if sims[i, j] >= BASELINE_COSINE:
                parent[root(i)] = root(j)
    groups: dict[int, list[tuple[str, int]]] = {}
    for i, (source, start, _) in enumerate(units):
        groups.setdefault(root(i), []).append((source, start))
    return list(groups.values())


def timed_alignment(
    articles: Sequence[Any], derivations: Sequence[Any], backend: Any
) -> tuple[list[Any], float, float]:
    """The facts, the seconds beyond encoding and the seconds encoding."""
    from crosswire.compare.facts import align_facts

    timed = TimedBackend(backend)
    began = time.perf_counter()
    facts = align_facts(articles, derivations, backend=timed)
    return facts, time.perf_counter() - began - timed.seconds, timed.seconds


def thirty_articles(articles: Sequence[Any]) -> list[Any]:
    """Thirty articles from the three seeds: each under ten sources, each copy told apart by a
    last line of its own (verbatim copies are aligned once; these near-copies are the worst case
    for grouping: every sentence has many close partners)."""
    from dataclasses import replace

    return [
        replace(a, source=f"{a.source}#{n}", text=f"{a.text}\n\nEdition {n}.")
        for n in range(10)
        for a in articles
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--scale", action="store_true", help="also time big stories made of ECB+ articles"
    )
    args = parser.parse_args()
    if absent("the seed pages", GOLD):
        return 0
    from crosswire.compare.derivation import count_independent, find_derivations
    from crosswire.compare.embeddings import quantised_minilm_backend

    gold = load_gold()
    articles = seed_articles()
    by_source = {a.source: a for a in articles}
    derivations = find_derivations(articles)
    backend = quantised_minilm_backend()
    backend.encode(["warm up"])
    facts, took, encoding = timed_alignment(articles, derivations, backend)
    ours = [lines_of([(s.article, s.span.start) for s in f.support], by_source) for f in facts]
    share = score("crosswire", gold, ours, args.verbose)
    peer = [lines_of(g, by_source) for g in baseline_groups(articles, backend)]
    score("baseline", gold, peer, args.verbose)
    pair = {a.source for a in articles if page_key(a.source) in ("000", "001")}
    only_pair = [f for f in facts if set(f.articles) == pair]
    one = all(f.independent_outlets == 1 for f in only_pair)
    expected = count_independent(sorted(pair), derivations) == 1
    print(
        f"{'PASS' if one and expected else 'FAIL'}  facts carried only by 000 and 001: "
        f"{len(only_pair)}, all with independent_outlets == 1: {one}"
    )
    multi = sum(len(f.articles) >= 2 for f in facts)
    print(f"facts: {len(facts)}, multi-article: {multi}")
    print(f"speed, 3 seeds: {took:.2f} s aligning beyond {encoding:.2f} s encoding")
    _, took30, encoding30 = timed_alignment(thirty_articles(articles), derivations, backend)
    print(f"speed, 30 articles: {took30:.2f} s aligning beyond {encoding30:.2f} s encoding")
    if args.verbose:
        for f in facts:
            if len(f.articles) >= 2:
                where = lines_of([(s.article, s.span.start) for s in f.support], by_source)
                print(
                    f"  {f.id} [{f.independent_outlets}] {where} {f.statement[:90]!r} {f.numbers}"
                )
    if args.scale:
        scale_runs()
    dossier_check(gold)
    print(f"{'PASS' if share >= BAR else 'FAIL'}  gold facts found {share:.0%} (bar {BAR:.0%})")
    return 0


def dossier_check(gold: dict[str, Any]) -> bool:
    """The seeds as `crosswire dossier` gives them (crosswire.make_dossier of the page files, in
    one run with every stage): the gold facts found in its facts, F01 (the claim all three pages
    tell) among them with two independent outlets and in the summary's first two lines."""
    import crosswire

    dossier = crosswire.make_dossier(seed_files())
    by_source = {a.source: a for a in dossier.articles}
    groups = [
        lines_of([(s.article, s.span.start) for s in f.support], by_source) for f in dossier.facts
    ]
    share = score("dossier", gold, groups, verbose=False)
    main = next(g for g in gold["facts"] if g["id"] == "F01")
    told = [f for f, g in zip(dossier.facts, groups, strict=True) if found(main, [g])]
    outlets = told[0].independent_outlets if told else 0
    opening = any(told[0].statement in line for line in dossier.summary[:2]) if told else False
    ok = share >= BAR and outlets == 2 and opening
    print(
        f"{'PASS' if ok else 'FAIL'}  dossier: F01 found {bool(told)} with {outlets} independent "
        f"outlets, in the summary's first two lines: {opening}"
    )
    for line in dossier.summary:
        print(f"    summary: {line[:120]}")
    return ok


def scale_runs() -> None:
    """Time and memory of aligning 100, 200 and 500 ECB+ articles taken as one story (hashed
    words for vectors: this measures the alignment, not the encoder), every pair scored in one
    matrix against each statement's best partners."""
    import resource
    import time

    from bench_ecbplus import read_document
    from crosswire.compare import fact_scores, facts
    from crosswire.compare.embeddings import HashingBackend
    from crosswire.model import Article

    if absent("scale runs: ECB+", ECB_PLUS):
        return
    paths = sorted(ECB_PLUS.glob("*/*.xml"))
    for n in (100, 200, 500):
        articles = [Article(source=str(p), text=read_document(p)) for p in paths[:n]]
        for name, limit in (("partners", 0), ("one matrix", 10**9)):
            if name == "one matrix" and n > 200:
                continue  # minutes and gigabytes: the reason for the partner path
            fact_scores.DENSE_LIMIT, kept = limit, fact_scores.DENSE_LIMIT
            start = time.perf_counter()
            found = facts.align_facts(articles, [], backend=HashingBackend())
            took = time.perf_counter() - start
            fact_scores.DENSE_LIMIT = kept
            multi = sum(len(f.articles) > 1 for f in found)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            print(
                f"scale: {n} articles, {name:10}: {took:5.1f} s, {multi} multi-article facts "
                f"(peak memory so far {peak} MB)"
            )


if __name__ == "__main__":
    raise SystemExit(main())
