"""Are the dossier's facts claims a reader can quote? The share of fragment statements.

    .venv/bin/python benchmarks/bench_fact_claims.py [-v]

Dossiers are built as `crosswire dossier` builds them (crosswire.make_dossier, packaged MiniLM)
from: the bundled example (examples/), the three seed pages (../shared/seeds/) and, as stories
never looked at while writing the rules, the first ECB+ dev subtopics (../shared/data/ecbplus,
each subtopic one story, laid out as bench_ecbplus.py lays it out). Every fact statement is judged
by spaCy's parse, independently of how crosswire chose it: a fragment starts in lower case or
holds no subject whose verb is finite (itself or through its auxiliary: "has remained").
Bar: at most 5% fragments over all dossiers.

Peer in the same run: the sentence each fact's first support stands in (what a sentence-level
aligner shows), judged alike.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from shared import ECB_PLUS, SEEDS, absent

BAR = 0.05
ROOT = Path(__file__).resolve().parents[1]
ECB_SUBTOPICS = 6  # dev subtopics taken (a minute or two of annotation)
SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}
FINITE = {"VBD", "VBZ", "VBP", "MD"}


def is_fragment(doc: Any) -> bool:
    """Lower-case start, or no subject of a finite verb."""
    first = next((c for c in doc.text if c.isalpha()), "")
    if first.islower():
        return True
    for token in doc:
        if token.dep_ in SUBJECTS:
            verb = token.head
            if verb.tag_ in FINITE or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE for c in verb.children
            ):
                return False
    return True


def sentence_of(article: Any, start: int) -> str:
    for sentence in article.annotations.sentences if article.annotations else ():
        if sentence.start <= start < sentence.end:
            return str(article.text[sentence.start : sentence.end])
    return ""


def ecb_piles() -> list[tuple[str, list[Any]]]:
    from bench_ecbplus import DEV_TOPICS, read_document
    from crosswire.model import Article

    piles = []
    for topic in sorted(DEV_TOPICS):
        folder = ECB_PLUS / str(topic)
        for kind in ("ecb", "ecbplus"):
            plus = kind == "ecbplus"
            paths = sorted(p for p in folder.glob("*.xml") if p.stem.endswith("plus") == plus)
            if len(paths) >= 2:
                articles = [Article(source=p.name, text=read_document(p)) for p in paths]
                piles.append((f"ECB+ {topic} {kind}", articles))
    return piles[:ECB_SUBTOPICS]


def judge(name: str, dossier: Any, nlp: Any, verbose: bool) -> tuple[int, int, int]:
    by_source = {a.source: a for a in dossier.articles}
    ours = [f.statement for f in dossier.facts]
    peer = [
        sentence_of(by_source[f.support[0].article], f.support[0].span.start) for f in dossier.facts
    ]
    ours_bad = [s for s, d in zip(ours, nlp.pipe(ours), strict=True) if is_fragment(d)]
    peer_bad = sum(is_fragment(d) for d in nlp.pipe(peer))
    print(
        f"{name:22} facts {len(ours):4}  fragments: crosswire {len(ours_bad):3} "
        f"({len(ours_bad) / max(1, len(ours)):.0%})  peer {peer_bad:3} "
        f"({peer_bad / max(1, len(ours)):.0%})"
    )
    if verbose:
        for statement in ours_bad:
            print(f"    FRAGMENT {statement[:110]}")
    return len(ours), len(ours_bad), peer_bad


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the fragments")
    args = parser.parse_args(argv)
    import crosswire
    from crosswire.annotate.spacy_model import load_nlp

    nlp = load_nlp()
    piles: list[tuple[str, Any]] = [("bundled example", sorted((ROOT / "examples").glob("0*")))]
    if not absent("the seed pages", SEEDS):
        piles.append(("seeds", sorted(SEEDS.glob("*.txt"))))
    if not absent("ECB+", ECB_PLUS):
        piles.extend(ecb_piles())
    totals = [0, 0, 0]
    for name, pile in piles:
        dossier = crosswire.make_dossier(pile, keep_all=True)
        for n, value in enumerate(judge(name, dossier, nlp, args.verbose)):
            totals[n] += value
    facts, ours, peer = totals
    share = ours / max(1, facts)
    print(f"all: {facts} facts; fragments crosswire {share:.1%}, peer {peer / max(1, facts):.1%}")
    verdict = "PASS" if share <= BAR else "FAIL"
    print(f"{verdict}  fragment statements {share:.1%} (bar at most {BAR:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
