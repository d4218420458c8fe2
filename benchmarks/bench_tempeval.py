"""Time expressions against TempEval-3 training data (TimeBank + AQUAINT, TimeML).

    .venv/bin/python benchmarks/bench_tempeval.py [--limit N] [--no-peer] [--errors N]

Each document's <TEXT> is stripped of its tags (offsets kept), `find_times(text, DCT)` runs with
the document's creation time as anchor, and the found expressions are scored against the gold
TIMEX3 tags: detection precision/recall/F1 with relaxed (overlapping) and strict (exact) spans,
value and type accuracy over relaxed matches, and value F1 = relaxed F1 x value accuracy (as
TempEval-3 reports it). The peer is dateparser's `search_dates` with the DCT as RELATIVE_BASE,
scored the same way (its values are days: YYYY-MM-DD). Published on the TempEval-3 *test* set:
HeidelTime value F1 77.6 (relaxed 90.3), SUTime 67.4, ClearTK 64.7.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crosswire.annotate.timex import find_times
from shared import TEMPEVAL, absent

PUBLISHED = "HeidelTime value F1 77.6 (relaxed 90.3); SUTime value F1 67.4; ClearTK 64.7 (test set)"
VALUE_F1_AIM = 0.80
MARKUP = re.compile(r"<(/?)(\w+)([^>]*)>|&(#?\w+);")
ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class Doc:
    name: str
    dct: str
    text: str
    gold: tuple[Timex, ...]


def strip_markup(body: str) -> tuple[str, list[Timex]]:
    """The plain text of a TimeML fragment and its TIMEX3 tags as spans into it."""
    out: list[str] = []
    size = 0
    gold: list[Timex] = []
    opened: dict[str, str] | None = None
    start = 0
    pos = 0
    for m in MARKUP.finditer(body):
        out.append(body[pos : m.start()])
        size += m.start() - pos
        pos = m.end()
        if m.group(4):
            char = html.unescape(m.group(0))
            out.append(char)
            size += len(char)
        elif m.group(2) == "TIMEX3" and not m.group(1):
            opened, start = dict(ATTR.findall(m.group(3))), size
        elif m.group(2) == "TIMEX3" and opened is not None:
            text = "".join(out)[start:size]
            gold.append(Timex(start, size, opened.get("type", ""), opened.get("value", ""), text))
            opened = None
    out.append(body[pos:])
    return "".join(out), gold


def load(limit: int | None) -> list[Doc]:
    docs = []
    for path in sorted(TEMPEVAL.glob("*/*.tml"))[:limit]:
        raw = path.read_text(encoding="utf-8")
        dct = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        if not dct or not body:
            continue
        value = dict(ATTR.findall(dct.group(0))).get("value", "")
        text, gold = strip_markup(body.group(1))
        docs.append(Doc(path.name, value, text, tuple(gold)))
    return docs


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    relaxed: int = 0
    strict: int = 0
    value_ok: int = 0
    type_ok: int = 0

    def f1(self, hits: int) -> tuple[float, float, float]:
        p = hits / self.found if self.found else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0


Finder = Callable[[str, str], list[Timex]]
Errors = list[tuple[str, str, str, str]]


def score(docs: Sequence[Doc], finder: Finder, errors: Errors | None = None) -> Tally:
    tally = Tally()
    for doc in docs:
        found = finder(doc.text, doc.dct)
        tally.gold += len(doc.gold)
        tally.found += len(found)
        used: set[int] = set()
        for g in doc.gold:
            match = next(
                (
                    i
                    for i, f in enumerate(found)
                    if i not in used and f.start < g.end and g.start < f.end
                ),
                None,
            )
            if match is None:
                if errors is not None:
                    errors.append(("missed", g.text, g.value, doc.dct))
                continue
            used.add(match)
            f = found[match]
            tally.relaxed += 1
            tally.strict += (f.start, f.end) == (g.start, g.end)
            tally.type_ok += f.type.lower() == g.type.lower()
            if f.value.lower() == g.value.lower():
                tally.value_ok += 1
            elif errors is not None:
                errors.append(("value", f"{g.text} | {f.text}", f"{g.value} | {f.value}", doc.dct))
        if errors is not None:
            for i, f in enumerate(found):
                if i not in used:
                    errors.append(("extra", f.text, f.value, doc.dct))
    return tally


def crosswire_finder(text: str, dct: str) -> list[Timex]:
    return [
        Timex(t.span.start, t.span.end, t.type, t.value or "", t.text)
        for t in find_times(text, dct)
    ]


def dateparser_finder(text: str, dct: str) -> list[Timex]:
    from datetime import datetime

    from dateparser.search import search_dates

    base = datetime.fromisoformat(dct[:10])
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out, pos = [], 0
    for words, when in found:
        start = text.find(words, pos)
        if start < 0:
            continue
        pos = start + len(words)
        out.append(Timex(start, pos, "date", when.date().isoformat(), words))
    return out


def report(name: str, tally: Tally, seconds: float) -> None:
    _, _, relaxed = tally.f1(tally.relaxed)
    p, r, _ = tally.f1(tally.relaxed)
    _, _, strict = tally.f1(tally.strict)
    value_acc = tally.value_ok / tally.relaxed if tally.relaxed else 0.0
    type_acc = tally.type_ok / tally.relaxed if tally.relaxed else 0.0
    print(
        f"{name:<12} relaxed F1 {relaxed:.3f} (P {p:.3f} R {r:.3f})  strict F1 {strict:.3f}  "
        f"value acc {value_acc:.3f}  type acc {type_acc:.3f}  value F1 {relaxed * value_acc:.3f}"
        f"  [{tally.found} found / {tally.gold} gold, {seconds:.1f}s]"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents")
    parser.add_argument("--no-peer", action="store_true", help="skip dateparser (slow)")
    parser.add_argument("--errors", type=int, default=0, help="print N errors of each kind")
    args = parser.parse_args(argv)
    if absent("TempEval-3 training data", TEMPEVAL):
        return 0
    docs = load(args.limit)
    print(
        f"TempEval-3 training data: {len(docs)} documents, {sum(len(d.gold) for d in docs)} TIMEX3"
    )
    errors: Errors | None = [] if args.errors else None
    began = time.perf_counter()
    ours = score(docs, crosswire_finder, errors)
    report("crosswire", ours, time.perf_counter() - began)
    if not args.no_peer:
        began = time.perf_counter()
        report("dateparser", score(docs, dateparser_finder), time.perf_counter() - began)
    print(f"published    {PUBLISHED}")
    _, _, relaxed = ours.f1(ours.relaxed)
    value_f1 = relaxed * (ours.value_ok / ours.relaxed if ours.relaxed else 0.0)
    verdict = "met" if value_f1 >= VALUE_F1_AIM else "NOT met"
    print(f"aim          value F1 >= {VALUE_F1_AIM:.2f} (training data): {verdict}")
    for kind in ("missed", "extra", "value"):
        for row in [e for e in errors or [] if e[0] == kind][: args.errors]:
            print("  ", " | ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
