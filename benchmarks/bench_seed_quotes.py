"""Quotes of the seed pages against their hand annotation (../shared/seeds/gold.json "quotes").

    .venv/bin/python benchmarks/bench_seed_quotes.py [-v]

The three pages are extracted (crosswire.extract) and annotated as `crosswire annotate` does
(crosswire.annotate: speakers linked to entities). A gold
quote is found when a crosswire quote's text overlaps it (quotation marks and spaces normalised).
Reported: recall of direct and partial quotes together and of indirect quotes, the speaker
accuracy among those found (the speaker `crosswire annotate` reports, its canonical name, against
gold's speaker by last name), and that scare quotes get no speaker. Bars: direct+partial
recall .95 with right speaker .90; indirect recall .70 with right speaker .80; scare quotes no
speaker. Peer in the same run: textacy's `direct_quotations` (direct quotes only; no published
figure exists for these pages).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
from dataclasses import dataclass
from typing import Any

from shared import GOLD, absent, load_gold, page_key, seed_articles

BARS = {"direct+partial": (0.95, 0.90), "indirect": (0.70, 0.80)}
MARKS = re.compile(r"[“”„«»‹›\"'‘’「」『』.,;:…—–-]")


def normalise(text: str) -> str:
    return " ".join(MARKS.sub(" ", text.lower()).split())


def overlap(a: str, b: str) -> float:
    """How much two texts share: the longest common run of words over the shorter's words."""
    wa, wb = normalise(a).split(), normalise(b).split()
    if not wa or not wb:
        return 0.0
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    joined = " " + " ".join(long) + " "
    for size in range(len(short), 0, -1):
        if any(
            f" {' '.join(short[i : i + size])} " in joined for i in range(len(short) - size + 1)
        ):
            return size / len(short)
    return 0.0


def overlaps(a: str, b: str) -> bool:
    """Texts overlap when they share a run of at least half the shorter one's words (and 2 words
    unless the shorter has only one)."""
    share = overlap(a, b)
    shortest = min(len(normalise(a).split()), len(normalise(b).split()))
    return share >= 0.5 and share * shortest >= min(2, shortest)


def last_name(name: str) -> str:
    words = re.findall(r"[\w’']+", name)
    return words[-1].lower().replace("’", "'") if words else ""


def speaker_text(quote: Any, text: str) -> str | None:
    """The speaker as the product reports it: the linked entity's canonical name, else the words
    the speaker was resolved to, else the unnamed speaker's description."""
    if getattr(quote, "speaker", None):
        return str(quote.speaker)
    if quote.speaker_mention is not None:
        return text[quote.speaker_mention.start : quote.speaker_mention.end]
    return quote.speaker_description


def speaker_matches(gold: str, found: str | None) -> bool:
    if not found:
        return False
    gold_last = last_name(gold)
    return any(last_name(w) == gold_last for w in re.findall(r"[\w’']+", found))


def _group(kind: str) -> str:
    return "indirect" if kind == "indirect" else "direct+partial" if kind != "scare" else "scare"


def evaluate(
    gold_quotes: list[dict[str, Any]], found: dict[str, tuple[str, list[Any]]], verbose: bool
) -> dict[str, list[tuple[bool, bool]]]:
    """Per group: (found, right speaker) of each gold quote."""
    rows: dict[str, list[tuple[bool, bool]]] = {}
    for gold in gold_quotes:
        text, quotes = found[gold["file"]]
        group = _group(gold["kind"])
        hits = [q for q in quotes if overlaps(gold["text"], q.text)]
        # The quote of gold's kind where one overlaps (a scare quote may sit inside an indirect
        # quote that overlaps it too).
        if group == "scare":
            hits = [q for q in hits if q.kind == "scare"] or hits
        elif group == "direct+partial":
            hits = [q for q in hits if q.kind in ("direct", "partial")] or hits
        hit = bool(hits)
        if group == "scare":
            right = hit and all(
                q.speaker_mention is None and q.speaker_description is None for q in hits
            )
            speaker = None
        else:
            hits.sort(key=lambda q: (-overlap(gold["text"], q.text), q.kind != gold["kind"]))
            speaker = speaker_text(hits[0], text) if hits else None
            right = hit and speaker_matches(gold["speaker"], speaker)
        rows.setdefault(group, []).append((hit, right))
        if verbose or not (hit and right):
            mark = "ok " if hit and right else "MISS" if not hit else "SPKR"
            print(f"  {mark} {gold['file']} {gold['kind']:8} {gold['text'][:60]!r} -> {speaker!r}")
    return rows


@dataclass(frozen=True)
class PeerQuote:
    """A textacy direct quotation in the shape evaluate() reads."""

    kind: str
    text: str
    speaker_description: str | None
    speaker_mention: None = None


def textacy_quotes(doc: Any) -> list[PeerQuote]:
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # it gives up on a page with unbalanced marks
        return []
    return [
        PeerQuote("direct", t.content.text.strip("“”\"'"), " ".join(w.text for w in t.speaker))
        for t in triples
    ]


def recall_rows(rows: dict[str, list[tuple[bool, bool]]]) -> dict[str, tuple[float, float]]:
    """Per group: (recall, right speaker among found)."""
    out = {}
    for group, hits in rows.items():
        found = sum(h for h, _ in hits)
        out[group] = (
            found / len(hits) if hits else 0.0,
            sum(r for h, r in hits if h) / max(1, found),
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if absent("the seed pages", GOLD):
        return 0
    from crosswire.annotate.spacy_model import parse

    gold = load_gold()
    # The whole annotation stage, as `crosswire annotate` runs it: speakers linked to entities.
    articles = seed_articles()
    keys = [page_key(a.source) for a in articles]
    texts = [a.text for a in articles]
    docs = parse(texts)
    found = {
        key: (a.text, list(a.annotations.quotes if a.annotations else ()))
        for key, a in zip(keys, articles, strict=True)
    }
    if args.verbose:
        for key, (text, quotes) in found.items():
            for q in quotes:
                print(
                    f"    {key} {q.kind:8} {q.text[:50]!r} <- {speaker_text(q, text)!r} "
                    f"[{q.cue}] {q.confidence}"
                )
    rows = evaluate(gold["quotes"], found, args.verbose)
    peer_found = {k: (t, textacy_quotes(d)) for k, t, d in zip(keys, texts, docs, strict=True)}
    peer = recall_rows(_quietly(evaluate, gold["quotes"], peer_found))
    failed = 0
    for group, (recall_bar, speaker_bar) in BARS.items():
        hits = rows.get(group, [])
        recall, right = recall_rows(rows).get(group, (0.0, 0.0))
        ok = recall >= recall_bar and right >= speaker_bar
        failed += not ok
        p_recall, p_right = peer.get(group, (0.0, 0.0))
        print(
            f"{'PASS' if ok else 'FAIL'}  {group:15} recall {recall:.2f} (bar {recall_bar})  "
            f"right speaker {right:.2f} (bar {speaker_bar})  n={len(hits)}   "
            f"textacy (peer): recall {p_recall:.2f}, right speaker {p_right:.2f}"
        )
    scare = rows.get("scare", [])
    ok = all(h and r for h, r in scare)
    failed += not ok
    print(
        f"{'PASS' if ok else 'FAIL'}  scare quotes    found with no speaker "
        f"{sum(h and r for h, r in scare)}/{len(scare)}"
    )
    print(f"{failed} bar(s) failed")
    return 0


def _quietly(
    evaluate_fn: Any, gold: list[dict[str, Any]], found: dict[str, tuple[str, list[Any]]]
) -> dict[str, list[tuple[bool, bool]]]:
    with contextlib.redirect_stdout(io.StringIO()):
        rows: dict[str, list[tuple[bool, bool]]] = evaluate_fn(gold, found, False)
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
