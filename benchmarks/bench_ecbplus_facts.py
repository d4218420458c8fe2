"""Fact alignment against ECB+ cross-document event coreference (held-out: the dev topics).

    .venv/bin/python benchmarks/bench_ecbplus_facts.py [--train | --topics 2 5] [--limit N] [-v]

Each subtopic of the chosen topics (the topic plus the file kind: `ecb` files report one event,
`ecbplus` files a look-alike one) is one story. Its files (../shared/data/ecbplus/ECB+/<topic>/)
become Articles laid out as bench_ecbplus.py lays them out (tokens joined by sentence, one line
per sentence, the `ecbplus` files' URL sentence dropped), annotated with
crosswire.annotate.annotator.annotate_articles, their derivations found
(crosswire.compare.derivation) and their facts aligned (crosswire.compare.facts.align_facts with the
int8 MiniLM). Default: the dev topics 2, 5, 12, 18, 21, 23, 34, 35 (nothing in crosswire was tuned
on them); `--train` the other topics.

Scoring, on the validated sentences only (ECBplus_coreference_sentences.csv):
- gold pair: two validated sentences of different files of one subtopic that both hold an event
  mention (ACTION_* or NEG_ACTION_* markable) of the same CROSS_DOC_COREF chain;
- predicted pair: two validated sentences of different files that both hold a support of the same
  fact (a support belongs to the ECB+ sentence holding its span's start).
Pairwise precision, recall and F1 over all subtopics together (pair counts summed).
Gold is event coreference, looser than "the same fact": two sentences about one event that state
different things about it are a gold pair, so a fact aligner's recall stays far below 1 and the
pairwise F1 favours loose grouping. Precision (is a predicted pair at least about one event?) and
recall compared between versions of crosswire are the telling figures.

Peer in the same run: bench_seed_facts.py's baseline, MiniLM cosine alone, each annotated sentence
linked to its nearest sentence in every other article at BASELINE_COSINE or more, groups by single
link; scored alike.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import time
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_ecbplus import DEV_TOPICS, read_document  # the same article text layout
from bench_seed_facts import BASELINE_COSINE, baseline_groups  # the same peer
from shared import ECB_PLUS, absent

VALIDATED = ECB_PLUS.parent / "ECBplus_coreference_sentences.csv"
EVENT_TAGS = ("ACTION_", "NEG_ACTION_")  # markables of events (not participants, times, places)
SentenceKey = tuple[str, int]  # (file name = the article's source, ECB+ sentence number)
Pair = tuple[SentenceKey, SentenceKey]  # sorted, of two different files


@dataclass(frozen=True, slots=True)
class Document:
    """One ECB+ file: its article text, where its sentences start, and its event chains."""

    name: str
    text: str
    starts: tuple[int, ...]  # char offset in `text` of each kept sentence, ascending
    numbers: tuple[int, ...]  # the ECB+ sentence number of each kept sentence
    chains: dict[int, frozenset[str]]  # sentence number -> cross-document event chains in it

    def sentence_at(self, offset: int) -> SentenceKey | None:
        """The ECB+ sentence holding char `offset` of the text."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0 or offset >= len(self.text):
            return None
        return (self.name, self.numbers[index])


def read_file(path: Path) -> Document:
    root = ET.parse(path).getroot()
    sentence_of: dict[str, int] = {}
    words: dict[int, list[str]] = {}
    for token in root.iter("token"):
        number = int(token.get("sentence", "-1"))
        sentence_of[token.get("t_id", "")] = number
        words.setdefault(number, []).append(token.text or "")
    numbers = sorted(words)
    lines = [" ".join(words[n]) for n in numbers]
    # read_document's rule: an ecbplus file's first sentence is its source URL
    if path.stem.endswith("ecbplus") and lines and "http" in lines[0]:
        numbers, lines = numbers[1:], lines[1:]
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    text = "\n".join(lines)
    if text != read_document(path):
        raise RuntimeError(f"{path.name}: the text layout differs from bench_ecbplus's")
    return Document(path.name, text, tuple(starts), tuple(numbers), event_chains(root, sentence_of))


def event_chains(root: ET.Element, sentence_of: dict[str, int]) -> dict[int, frozenset[str]]:
    """Sentence number -> the CROSS_DOC_COREF chains (`note`) of the event mentions in it."""
    mention_sentences: dict[str, set[int]] = {}
    for markable in root.iterfind("Markables/*"):
        anchors = markable.findall("token_anchor")
        if markable.tag.startswith(EVENT_TAGS) and anchors:
            mention_sentences[markable.get("m_id", "")] = {
                sentence_of[a.get("t_id", "")] for a in anchors
            }
    chains: dict[int, set[str]] = {}
    for relation in root.iterfind("Relations/CROSS_DOC_COREF"):
        chain = relation.get("note", "")
        for source in relation.iterfind("source"):
            for number in mention_sentences.get(source.get("m_id", ""), ()):
                chains.setdefault(number, set()).add(chain)
    return {number: frozenset(found) for number, found in chains.items()}


def read_validated() -> set[SentenceKey]:
    with VALIDATED.open(encoding="utf-8", newline="") as handle:
        return {
            (f"{row['Topic']}_{row['File']}.xml", int(row["Sentence Number"]))
            for row in csv.DictReader(handle)
        }


def subtopics(topics: Sequence[int]) -> list[tuple[str, list[Path]]]:
    out = []
    for topic in topics:
        paths = sorted((ECB_PLUS / str(topic)).glob("*.xml"))
        for kind in ("ecb", "ecbplus"):
            files = [p for p in paths if p.stem.endswith("ecbplus") == (kind == "ecbplus")]
            if files:
                out.append((f"{topic}{kind}", files))
    return out


def cross_file_pairs(keys: Iterable[SentenceKey]) -> set[Pair]:
    return {(a, b) for a, b in itertools.combinations(sorted(set(keys)), 2) if a[0] != b[0]}


def gold_pairs(documents: Sequence[Document], validated: set[SentenceKey]) -> set[Pair]:
    members: dict[str, set[SentenceKey]] = {}
    for document in documents:
        for number, chains in document.chains.items():
            if (document.name, number) in validated:
                for chain in chains:
                    members.setdefault(chain, set()).add((document.name, number))
    return {pair for keys in members.values() for pair in cross_file_pairs(keys)}


def predicted_pairs(
    groups: Iterable[Iterable[tuple[str, int]]],
    documents: dict[str, Document],
    validated: set[SentenceKey],
) -> set[Pair]:
    """Pairs of validated sentences of different files that hold supports of one group."""
    out: set[Pair] = set()
    for group in groups:
        keys = {documents[source].sentence_at(start) for source, start in group}
        out |= cross_file_pairs(k for k in keys if k is not None and k in validated)
    return out


def score(name: str, predicted: set[Pair], gold: set[Pair], seconds: float) -> None:
    right = len(predicted & gold)
    precision = right / len(predicted) if predicted else 0.0
    recall = right / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    print(
        f"  {name:<40} pairs P {precision:.3f} R {recall:.3f} F1 {f1:.3f}  "
        f"(predicted {len(predicted)}, right {right})  {seconds:.1f}s"
    )


def crossing_sentences(articles: Sequence[Any]) -> tuple[int, int]:
    """Annotated sentences spanning an ECB+ sentence break, and all annotated sentences."""
    spans = [
        (a.text, s) for a in articles if a.annotations is not None for s in a.annotations.sentences
    ]
    return sum("\n" in text[s.start : s.end].strip() for text, s in spans), len(spans)


def chosen_topics(args: argparse.Namespace) -> list[int]:
    if args.topics:
        return sorted(args.topics)
    every = sorted(int(p.name) for p in ECB_PLUS.iterdir() if p.name.isdigit())
    return [t for t in every if (t in DEV_TOPICS) != args.train]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", action="store_true", help="the training topics, not dev")
    parser.add_argument("--topics", type=int, nargs="+", help="these topics instead")
    parser.add_argument("--limit", type=int, help="only the first N subtopics (a quick run)")
    parser.add_argument("-v", "--verbose", action="store_true", help="figures per subtopic")
    args = parser.parse_args()
    if absent("ECB+ and its validated sentences", ECB_PLUS, VALIDATED):
        return 0
    from crosswire.annotate.annotator import annotate_articles
    from crosswire.compare.derivation import find_derivations
    from crosswire.compare.embeddings import quantised_minilm_backend
    from crosswire.compare.facts import align_facts
    from crosswire.model import Article

    began = time.perf_counter()
    topics = chosen_topics(args)
    chosen = subtopics(topics)[: args.limit]
    validated = read_validated()
    documents = {p.name: read_file(p) for _, paths in chosen for p in paths}
    articles = annotate_articles(
        [Article(source=d.name, text=d.text) for d in documents.values()], n_process=2
    )
    by_source = {a.source: a for a in articles}
    annotated = time.perf_counter() - began
    backend = quantised_minilm_backend()
    backend.encode(["warm up"])
    gold: set[Pair] = set()
    ours: set[Pair] = set()
    peer: set[Pair] = set()
    ours_seconds = peer_seconds = 0.0
    for name, paths in chosen:
        story = [by_source[p.name] for p in paths]
        gold_here = gold_pairs([documents[p.name] for p in paths], validated)
        started = time.perf_counter()
        facts = align_facts(story, find_derivations(story), backend=backend)
        ours_here = predicted_pairs(
            ([(s.article, s.span.start) for s in f.support] for f in facts), documents, validated
        )
        ours_seconds += time.perf_counter() - started
        started = time.perf_counter()
        peer_here = predicted_pairs(baseline_groups(story, backend), documents, validated)
        peer_seconds += time.perf_counter() - started
        if args.verbose:
            print(f"{name}: {len(story)} articles, {len(gold_here)} gold pairs")
            score("crosswire", ours_here, gold_here, 0.0)
            score("peer", peer_here, gold_here, 0.0)
        gold, ours, peer = gold | gold_here, ours | ours_here, peer | peer_here
    kept = {(d.name, number) for d in documents.values() for number in d.numbers}
    in_use = validated & kept
    used = sorted({int(paths[0].parent.name) for _, paths in chosen})
    print(
        f"ECB+ topics {' '.join(map(str, used))}: {len(chosen)} subtopics, {len(articles)} "
        f"articles, {len(in_use)} validated sentences, {len(gold)} gold pairs"
    )
    score("crosswire align_facts", ours, gold, ours_seconds)
    score(f"peer MiniLM nearest >= {BASELINE_COSINE} single link", peer, gold, peer_seconds)
    crossing, total = crossing_sentences(articles)
    print(
        f"annotated in {annotated:.1f}s (annotated sentences spanning an ECB+ sentence break: "
        f"{crossing}/{total}); total {time.perf_counter() - began:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
