"""Conflicts of the seed pages against their hand annotation (../shared/seeds/gold.json "facts").

    .venv/bin/python benchmarks/bench_seed_conflicts.py [-v]

The three pages are extracted and annotated (as benchmarks/bench_seed_quotes.py does), their
derivations found (crosswire.compare.derivation.find_derivations), their facts aligned
(crosswire.compare.facts.align_facts, or with --stand-in a stand-in written here: each sentence
joined with its nearest sentence of every other article at MiniLM cosine >= .6) and
their conflicts found (crosswire.compare.conflicts.find_conflicts with quantised_minilm_backend(),
the backend the CLI uses). Spans are mapped to page lines through the articles' paragraph
provenance.

Checks (gold): the POSITION conflict between F18 (000 lines 37, 43) and F19 (002 lines 63, 72),
one side on those 000 lines and the other on those 002 lines; the CERTAINTY difference of F09
(000 line 7 hedged vs 001 line 8 asserted). Also printed: the number of conflicts (every one that
is not one of these is a false alarm by gold, which lists no other), listed with -v, and as a peer
in the same run a naive baseline: any two sentences of two articles at cosine >= .6 whose numbers
differ or of which one only is negated.

`--ecb TOPIC...` also runs ECB+ topics (../shared/data/ecbplus/ECB+, each subtopic one story of
one event told by several outlets; facts by the stand-in) and prints the conflicts found per
article: ECB+ has no conflict annotation, so this is an exposure to false alarms on agreeing
coverage, read with -v.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from typing import Any

from shared import ECB_PLUS, GOLD, absent, page_key, page_line, seed_articles

POSITION_GOLD = ({"000": {37, 43}}, {"002": {63, 72}})
CERTAINTY_GOLD = ("000", 7, "001", 8)  # hedged side, asserted side
NEGATION = re.compile(r"\b(?:not|no|never|none|without)\b|n't\b", re.IGNORECASE)
NUMBER = re.compile(r"\b\d[\d,.]*\b")
NEAR = 0.6


def stand_in_facts(articles: Sequence[Any], backend: Any) -> list[Any]:
    """Sentences joined with their nearest sentence of every other article (cosine >= NEAR)."""
    from crosswire.compare.tellings import support_of
    from crosswire.model import Fact, FactStatus

    rows = [(a, s) for a in articles if a.annotations is not None for s in a.annotations.statements]
    if not rows:
        return []
    vectors = backend.encode([a.text[s.span.start : s.span.end] for a, s in rows])
    similar = vectors @ vectors.T
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, (article, _) in enumerate(rows):
        for other in articles:
            if other.source == article.source:
                continue
            js = [j for j, (a, _) in enumerate(rows) if a.source == other.source]
            best = max(js, key=lambda j: similar[i, j], default=None)
            if best is not None and similar[i, best] >= NEAR:
                parent[root(best)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(root(i), []).append(i)
    facts: list[Any] = []
    for members in sorted(groups.values()):
        if len({rows[i][0].source for i in members}) < 2:
            continue
        support = tuple(support_of(*rows[i]) for i in members)
        facts.append(
            Fact(f"F{len(facts) + 1}", support[0].text, support, 2, FactStatus.CORROBORATED)
        )
    return facts


def naive_baseline(articles: Sequence[Any], backend: Any) -> int:
    """How many pairs `naive_pairs` gives."""
    return len(naive_pairs(articles, backend))


def naive_pairs(articles: Sequence[Any], backend: Any) -> list[tuple[str, str]]:
    """Pairs of similar sentences (cosine >= NEAR) across articles whose numbers differ or of
    which only one is negated."""
    rows = [
        (a.source, a.text[s.span.start : s.span.end])
        for a in articles
        if a.annotations is not None
        for s in a.annotations.statements
    ]
    if not rows:
        return []
    vectors = backend.encode([t for _, t in rows])
    similar = vectors @ vectors.T
    pairs = []
    for i, (source_a, a) in enumerate(rows):
        for j in range(i + 1, len(rows)):
            source_b, b = rows[j]
            if source_a == source_b or similar[i, j] < NEAR:
                continue
            numbers_a, numbers_b = set(NUMBER.findall(a)), set(NUMBER.findall(b))
            differ = bool(numbers_a and numbers_b and numbers_a != numbers_b)
            if differ or bool(NEGATION.search(a)) != bool(NEGATION.search(b)):
                pairs.append((a, b))
    return pairs


def lines_of(side: Sequence[Any], by_source: dict[str, Any]) -> set[Any]:
    return {(page_key(s.article), page_line(by_source[s.article], s.span.start)) for s in side}


def check(conflicts: Sequence[Any], by_source: dict[str, Any]) -> dict[str, bool]:
    position = certainty = False
    for c in conflicts:
        a, b = lines_of(c.side_a, by_source), lines_of(c.side_b, by_source)
        if c.kind == "position":
            for one, other in ((a, b), (b, a)):
                on_000 = any(key == "000" and n in POSITION_GOLD[0]["000"] for key, n in one)
                on_002 = any(key == "002" and n in POSITION_GOLD[1]["002"] for key, n in other)
                position = position or (on_000 and on_002)
        if c.kind == "certainty":
            hedged = ("000", 7) in a and ("001", 8) in b and c.values[0] != "asserted"
            hedged_b = ("000", 7) in b and ("001", 8) in a and c.values[1] != "asserted"
            certainty = certainty or hedged or hedged_b
    return {"F18/F19 position": position, "F09 certainty": certainty}


def joined_numbers(text: str) -> str:
    """ECB+ text is tokenised ("120 , 000 people", "$2 . 6 - million"): its numbers are written
    back as a page writes them ("120,000", "$2.6-million"), so that a page's numbers are read."""
    for _ in range(2):  # "1 , 000 , 000": the second group after the first is joined
        text = re.sub(r"(\d) , (\d{3})\b", r"\1,\2", text)
    text = re.sub(r"(\d) \. (\d)", r"\1.\2", text)
    return re.sub(r"(\d) - (?=[^\W\d_])", r"\1-", text)


def ecb_exposure(topics: Sequence[str], backend: Any, verbose: bool) -> None:
    """Conflicts on ECB+ subtopics (same event, several outlets), facts by the stand-in."""
    from bench_ecbplus import read_document
    from crosswire.annotate.annotator import annotate_articles
    from crosswire.compare.conflicts import find_conflicts
    from crosswire.model import Article, Basis, Evidenced

    if absent("ECB+ topics", ECB_PLUS):
        return
    total_articles = total_conflicts = total_naive = 0
    for topic in topics:
        for kind in ("ecb.xml", "ecbplus.xml"):
            paths = [
                p
                for p in sorted((ECB_PLUS / topic).glob(f"*_*{kind}"))
                if p.name.split("_")[1].removesuffix(kind).isdigit()
            ]
            pile = [
                Article(
                    p.name, joined_numbers(read_document(p)), outlet=Evidenced(p.name, Basis.USER)
                )
                for p in paths
            ]
            articles = annotate_articles(pile)
            found = find_conflicts(articles, stand_in_facts(articles, backend), backend=backend)
            total_articles += len(articles)
            total_conflicts += len(found)
            naive = naive_baseline(articles, backend)
            total_naive += naive
            print(
                f"  ECB+ {topic} {kind}: {len(articles)} articles, {len(found)} conflicts "
                f"(naive baseline {naive})"
            )
            for c in found if verbose else ():
                print(f"      {c.kind:9} {c.values} {c.summary[:160]}")
    print(
        f"ECB+ topics {' '.join(topics)}: {total_conflicts} conflicts on {total_articles} "
        f"articles (naive baseline {total_naive})"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--stand-in", action="store_true", help="use the stand-in fact aligner")
    parser.add_argument("--ecb", nargs="*", default=[], help="ECB+ topics to run as well")
    args = parser.parse_args()
    if absent("the seed pages", GOLD):
        return 0
    from crosswire.compare.conflicts import find_conflicts, mark_contested
    from crosswire.compare.derivation import find_derivations
    from crosswire.compare.embeddings import quantised_minilm_backend
    from crosswire.compare.facts import align_facts

    articles = seed_articles()
    by_source = {a.source: a for a in articles}
    backend = quantised_minilm_backend()
    derivations = find_derivations(articles)
    if args.stand_in:
        facts, how = stand_in_facts(articles, backend), "stand-in (nearest sentence, cosine >= .6)"
    else:
        facts = list(align_facts(articles, derivations, backend=backend))
        how = "crosswire.compare.facts"
    started = time.perf_counter()
    conflicts = find_conflicts(articles, facts, backend=backend)
    seconds = time.perf_counter() - started
    contested = [f.id for f in mark_contested(facts, conflicts) if f.status == "contested"]
    print(f"facts: {len(facts)} from {how}; contested: {len(contested)}")
    print(f"conflicts: {len(conflicts)} (find_conflicts {seconds:.2f} s, model loaded)")
    if args.verbose:
        for c in conflicts:
            a, b = sorted(lines_of(c.side_a, by_source)), sorted(lines_of(c.side_b, by_source))
            print(f"  {c.id} {c.kind:9} {c.values} facts={c.facts} actor={c.actor}")
            print(f"      {c.summary}")
            print(f"      a: {a}  b: {b}")
    print(
        f"naive baseline (similar sentences, numbers differ or one negated): "
        f"{naive_baseline(articles, backend)}"
    )
    if args.ecb:
        ecb_exposure(args.ecb, backend, args.verbose)
    checks = check(conflicts, by_source)
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'MISS'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
