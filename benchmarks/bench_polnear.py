"""Quote attribution on PolNeAR dev (../shared/data/polnear), next to textacy and Citron's figures.

    .venv/bin/python benchmarks/bench_polnear.py [--limit N] [--split dev]

Each document's text is parsed (crosswire.annotate.spacy_model.parse) and its quotes found
(crosswire.annotate.quotes); every quote but a scare quote becomes an attribution: content (the
quote, with its quotation marks), cue (the cue's words) and source (the speaker's words in the
quote's own sentence, before coreference, as PolNeAR marks them). Paragraphs of a quote split around
its cue ("“…,” he said. “…”") are one attribution, and an attribution nested in another's content is
left out (PolNeAR gives each token to one attribution). One annotator per document (the first by
name).

Scores: precision, recall and F1 of source, cue and content spans, exact (equal after trimming
spaces and edge punctuation) and overlap (sharing a character), for attributions whose content
holds quotation marks, those without, and all. A predicted source is right when it matches the
source of a gold attribution whose content its content overlaps. Peer in the same run: textacy's
`direct_quotations`. Published reference (PARC 3.0, another corpus): BBC's Citron, source F1 82.0
exact, content F1 59.3 exact / 83.3 overlap.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared import POLNEAR, absent

QUOTE_MARKS = '“”„«»‹›"「」『』'
EDGE = " \t\n.,;:!?"
FIELDS = ("source", "cue", "content")
Segments = tuple[tuple[int, int], ...]


@dataclass
class Attribution:
    content: Segments = ()
    cue: Segments = ()
    source: Segments = ()
    quoted: bool = False  # the content holds quotation marks


@dataclass
class Counts:
    """Per field and match kind: predictions right, predictions, gold found, gold."""

    tallies: dict[str, list[int]] = field(default_factory=dict)

    def add(self, key: str, right: int, predicted: int, found: int, gold: int) -> None:
        row = self.tallies.setdefault(key, [0, 0, 0, 0])
        for n, value in enumerate((right, predicted, found, gold)):
            row[n] += value

    def prf(self, key: str) -> tuple[float, float, float]:
        right, predicted, found, gold = self.tallies.get(key, [0, 0, 0, 0])
        p = right / predicted if predicted else 0.0
        r = found / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --- reading PolNeAR -------------------------------------------------------------------------


def read_gold(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, Segments] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _kind, _, offsets = parts[1].partition(" ")
            segments = []
            for piece in offsets.split(";"):
                start, end = piece.split()
                segments.append((int(start), int(end)))
            spans[parts[0]] = tuple(segments)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    gold = []
    for event in events:
        content = spans.get(event.get("Content", ""), ())
        gold.append(
            Attribution(
                content=content,
                cue=spans.get(event.get("Cue", ""), ()),
                source=spans.get(event.get("Source", ""), ()),
                quoted=_has_marks(text, content),
            )
        )
    return gold


def _has_marks(text: str, segments: Segments) -> bool:
    return any(ch in QUOTE_MARKS for s, e in segments for ch in text[s:e])


def documents(split: str, limit: int | None) -> list[tuple[str, Path]]:
    """(text path, one annotator's .ann) per document, in name order."""
    base = POLNEAR / split
    chosen = []
    for text_path in sorted((base / "text").glob("*.txt")):
        anns = sorted((base / "attributions").glob(f"{text_path.stem}_*.ann"))
        if anns:
            chosen.append((str(text_path), anns[0]))
    return chosen[:limit] if limit else chosen


# --- crosswire and textacy as attributions ---------------------------------------------------


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote's content widened to its quotation marks (PolNeAR's contents hold them)."""
    s, e = start, end
    while s > 0 and text[s - 1] in " " + QUOTE_MARKS + "‘’'" and start - s < 2:
        s -= 1
    while e < len(text) and text[e] in " " + QUOTE_MARKS + "‘’'" and e - end < 2:
        e += 1
    s = s if text[s:start].strip() else start
    e = e if text[end:e].strip() else end
    return s, e


def crosswire_attributions(doc: Any) -> list[Attribution]:
    from crosswire.annotate.quotes import find_quote_records
    from crosswire.model import QuoteKind

    text = doc.text
    by_cue: dict[int, Attribution] = {}
    out: list[Attribution] = []
    last: Attribution | None = None
    last_end = -1
    for record in find_quote_records(doc):
        quote = record.quote
        if quote.kind == QuoteKind.SCARE:
            continue
        marked = quote.kind != QuoteKind.INDIRECT
        span = (
            _with_marks(text, quote.span.start, quote.span.end)
            if marked
            else (quote.span.start, quote.span.end)
        )
        if record.cue_token is None:
            same_paragraph = last is not None and "\n\n" not in text[last_end : span[0]]
            if last is not None and same_paragraph:
                last.content = _merge(last.content, (span,))
                last_end = span[1]
                continue
            attribution = Attribution(content=(span,))
            out.append(attribution)
        else:
            key = record.cue_token.i
            attribution = by_cue.get(key) or Attribution()
            if key not in by_cue:
                by_cue[key] = attribution
                out.append(attribution)
                cue = quote.cue_span
                attribution.cue = ((cue.start, cue.end),) if cue else ()
                if record.source is not None:
                    attribution.source = ((record.source.start_char, record.source.end_char),)
            attribution.content = _merge(attribution.content, (span,))
        last, last_end = attribution, span[1]
    for attribution in out:
        attribution.quoted = _has_marks(text, attribution.content)
    return _outermost(out)


def _outermost(found: list[Attribution]) -> list[Attribution]:
    """PolNeAR is univocal (a token belongs to one attribution): "Ann said she thinks X" is one
    attribution, so one whose cue lies inside another's content is dropped."""

    def inside(cue: Segments, other: Attribution) -> bool:
        return any(s <= c_s and c_e <= e for c_s, c_e in cue for s, e in other.content)

    return [a for a in found if not (a.cue and any(inside(a.cue, o) for o in found if o is not a))]


def _merge(a: Segments, b: Segments) -> Segments:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(a + b):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return tuple(merged)


PEER_FAILURES: list[str] = []


def textacy_attributions(doc: Any) -> list[Attribution]:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError as error:  # it bails out on unbalanced marks: no output for the document
        PEER_FAILURES.append(str(error)[:60])
        return []
    for triple in triples:
        content = _with_marks(doc.text, triple.content.start_char, triple.content.end_char)
        out.append(
            Attribution(
                content=(content,),
                cue=_token_span(triple.cue),
                source=_token_span(triple.speaker),
                quoted=True,
            )
        )
    return out


def _token_span(tokens: Iterable[Any]) -> Segments:
    tokens = list(tokens)
    if not tokens:
        return ()
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return ((start, end),)


# --- scoring ---------------------------------------------------------------------------------


def _trimmed(text: str, segments: Segments) -> str:
    return " ".join(text[s:e].strip(EDGE + QUOTE_MARKS) for s, e in segments).strip()


def _overlap(a: Segments, b: Segments, text: str) -> bool:
    for s1, e1 in a:
        for s2, e2 in b:
            lo, hi = max(s1, s2), min(e1, e2)
            if lo < hi and text[lo:hi].strip():
                return True
    return False


def _matcher(kind: str, text: str) -> Callable[[Segments, Segments], bool]:
    if kind == "exact":
        return lambda a, b: bool(a and b) and _trimmed(text, a) == _trimmed(text, b)
    return lambda a, b: bool(a and b) and _overlap(a, b, text)


def score(counts: Counts, text: str, gold: list[Attribution], found: list[Attribution]) -> None:
    near = _matcher("overlap", text)
    for group in ("quoted", "unquoted", "all"):
        g = [a for a in gold if group == "all" or a.quoted == (group == "quoted")]
        f = [a for a in found if group == "all" or a.quoted == (group == "quoted")]
        for kind in ("exact", "overlap"):
            same = _matcher(kind, text)
            for name in FIELDS:
                preds = [a for a in f if getattr(a, name)]
                golds = [a for a in g if getattr(a, name)]

                def hit(
                    p: Attribution,
                    q: Attribution,
                    name: str = name,
                    same: Callable[[Segments, Segments], bool] = same,
                ) -> bool:
                    if not same(getattr(p, name), getattr(q, name)):
                        return False
                    return name != "source" or near(p.content, q.content)

                right = sum(any(hit(p, q) for q in gold if getattr(q, name)) for p in preds)
                recalled = sum(any(hit(p, q) for p in found if getattr(p, name)) for q in golds)
                counts.add(f"{group}/{kind}/{name}", right, len(preds), recalled, len(golds))


def report(title: str, counts: Counts) -> None:
    print(f"\n{title}")
    print(f"  {'group':9} {'match':8} " + "  ".join(f"{n + ' P/R/F1':>20}" for n in FIELDS))
    for group in ("quoted", "unquoted", "all"):
        for kind in ("exact", "overlap"):
            cells = []
            for name in FIELDS:
                p, r, f = counts.prf(f"{group}/{kind}/{name}")
                cells.append(f"{p:6.3f} {r:6.3f} {f:6.3f}")
            print(f"  {group:9} {kind:8} " + "  ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    if absent(f"PolNeAR {args.split}", POLNEAR / args.split):
        return 0
    from crosswire.annotate.spacy_model import parse

    docs_paths = documents(args.split, args.limit)
    texts = [Path(t).read_text(encoding="utf-8") for t, _ in docs_paths]
    started = time.perf_counter()
    docs = parse(texts)
    parsed = time.perf_counter() - started
    ours, peer = Counts(), Counts()
    ours_time = peer_time = 0.0
    n_gold = n_quoted = 0
    for (_, ann), text, doc in zip(docs_paths, texts, docs, strict=True):
        gold = read_gold(ann, text)
        n_gold += len(gold)
        n_quoted += sum(a.quoted for a in gold)
        t0 = time.perf_counter()
        score(ours, text, gold, crosswire_attributions(doc))
        t1 = time.perf_counter()
        score(peer, text, gold, textacy_attributions(doc))
        ours_time += t1 - t0
        peer_time += time.perf_counter() - t1
    print(
        f"PolNeAR {args.split}: {len(docs_paths)} documents, {n_gold} attributions "
        f"({n_quoted} with quotation marks); spaCy parse {parsed:.1f}s"
    )
    report(f"crosswire quotes ({ours_time:.1f}s after the parse)", ours)
    report(f"textacy direct_quotations, peer ({peer_time:.1f}s after the parse)", peer)
    if PEER_FAILURES:
        print(f"  (textacy gave up on {len(PEER_FAILURES)} documents: {PEER_FAILURES[0]}...)")
    print(
        "\nCitron (BBC), published on PARC 3.0: source F1 82.0 exact; content F1 59.3 exact, "
        "83.3 overlap"
    )
    _, _, quoted_source = ours.prf("quoted/overlap/source")
    _, _, all_source = ours.prf("all/overlap/source")
    print(
        f"aim: source F1 (overlap) .85 with quotation marks: {quoted_source:.3f}; "
        f".70 overall: {all_source:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
