"""Metadata of pages of outlets and languages crosswire has never seen: title, authors, date, body.

    .venv/bin/python benchmarks/bench_metadata.py [--url] [--fetched] [--render text ...] [-v]
        [--misses FIELD]

Data: ../shared/data/fundus (116 pages of 87 publishers in 30 countries; gold title, authors,
publication time and body per page; three renders of each page as a reader copies it: w3m `text/`,
lynx `text-lynx/`, Chromium's innerText `text-chromium/`; the HTML `html/*.html.gz`).

Each render is read through `crosswire.extract` one page at a time, as a user gives a page dump:
without the page's address by default (`--url` gives it, as `crosswire extract --url` does); the
HTML is read with its address, by crosswire and by trafilatura (the library crosswire's HTML mode
wraps; `bare_extraction` with metadata) in the same run.

`--fetched` reads every page a second time through crosswire with a fetch day, as `crosswire
extract --fetched-at DAY` does: the day in its fundus id (`<country>-<Publisher>_<YYYY_MM_DD>`, the
day the page was saved for the fundus test set; the time is not known), so that "3 hours ago" on a
page names a day. The date column of that run is printed as an extra line under each reader's row
("+ fetch day"), and its misses (with --misses date or -v) as "READER+f". The default run gives no
fetch time.

Scores, as ../shared/data/README.md says: titles and author names compared after casefolding and
collapsing runs of non-word characters to one space; a page's authors are right when the set of
names equals the gold's (order aside; no names where the gold has none); the date is right when the
published value's calendar day equals the gold's (the day as the gold writes it, in its own
offset); body F1 is the extraction benchmark's bag-of-4-shingles F1 (benchmarks/scoring.py).

Printed: one row per render (title, authors, date, body F1) with trafilatura's HTML row beside
crosswire's, then the table per language (the language of the gold body, as crosswire's detector
reads it), and with -v every page's misses. Bars (issue 11): each render title >= .75, authors >=
.65, date >= .90, body F1 >= .90; on the HTML each of title, authors, date at least trafilatura's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

import crosswire
from crosswire.extract.language import detect_language
from crosswire.model import Article
from scoring import score_corpus
from shared import DATA, absent

FUNDUS = DATA / "fundus"
RENDERS = ("text", "text-lynx", "text-chromium")
HTML = "html"
TRAFILATURA = "trafilatura (html)"
FIELDS = ("title", "authors", "date")
BARS = {"title": 0.75, "authors": 0.65, "date": 0.90, "body": 0.90}
NON_WORD = re.compile(r"[\W_]+")
FETCH_DAY = re.compile(r"_(\d{4})_(\d{2})_(\d{2})$")


@dataclass(frozen=True, slots=True)
class Found:
    """What one reader found on one page."""

    title: str | None
    authors: tuple[str, ...]
    date: str | None
    body: str
    error: str | None = None


def norm(text: str | None) -> str:
    return NON_WORD.sub(" ", (text or "").casefold()).strip()


def right(field: str, found: Found, gold: dict[str, Any]) -> bool:
    if field == "title":
        return bool(found.title) and norm(found.title) == norm(gold["title"])
    if field == "authors":
        return {norm(a) for a in found.authors} - {""} == {norm(a) for a in gold["authors"]}
    return bool(found.date) and str(found.date)[:10] == str(gold["published"])[:10]


def fetch_day(key: str) -> str | None:
    """The day in a fundus id (`de-Publisher_2024_04_26` -> 2024-04-26): when it was saved."""
    found = FETCH_DAY.search(key)
    return "-".join(found.groups()) if found else None


def read_crosswire(path: Path, url: str | None, fetched: str | None = None) -> Found:
    (result,) = crosswire.extract([str(path)], url=url, fetched_at=fetched)
    if not isinstance(result, Article):
        return Found(None, (), None, "", error=str(result))
    return Found(result.title.value, result.authors, result.published.value, result.text)


def read_trafilatura(path: Path, url: str | None, fetched: str | None = None) -> Found:
    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if not extracted:
        return Found(None, (), None, "")
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    names = [a.strip() for a in re.split(r";", doc.get("author") or "") if a.strip()]
    return Found(doc.get("title"), tuple(names), doc.get("date"), doc.get("text") or "")


def render_path(render: str, key: str) -> Path:
    return FUNDUS / render / (f"{key}.html.gz" if render == HTML else f"{key}.txt")


def run(
    reader: str, gold: dict[str, dict[str, Any]], with_url: bool, with_fetch_day: bool = False
) -> tuple[dict[str, Found], float]:
    render = HTML if reader in (HTML, TRAFILATURA) else reader
    read = read_trafilatura if reader == TRAFILATURA else read_crosswire
    found: dict[str, Found] = {}
    started = time.perf_counter()
    for key, entry in gold.items():
        path = render_path(render, key)
        url = entry["url"] if with_url or render == HTML else None
        if not path.exists():
            found[key] = Found(None, (), None, "", error=f"missing {path.name}")
            continue
        found[key] = read(path, url, fetch_day(key) if with_fetch_day else None)
    return found, time.perf_counter() - started


def share(keys: Sequence[str], test: Any) -> float:
    return sum(1 for key in keys if test(key)) / len(keys) if keys else 0.0


def row(
    name: str, found: dict[str, Found], gold: dict[str, dict[str, Any]], keys: Sequence[str]
) -> tuple[dict[str, float], float]:
    scores = {f: share(keys, lambda k, f=f: right(f, found[k], gold[k])) for f in FIELDS}
    body = score_corpus({k: gold[k]["body"] for k in keys}, {k: found[k].body for k in keys})
    return scores, body.f1


def languages(gold: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {key: detect_language(entry["body"][:2000]) or "?" for key, entry in gold.items()}


def show_misses(reader: str, found: dict[str, Found], gold: dict[str, Any], field: str) -> None:
    for key in sorted(gold):
        if right(field, found[key], gold[key]):
            continue
        got = {"title": found[key].title, "authors": found[key].authors, "date": found[key].date}
        want = {"title": gold[key]["title"], "authors": gold[key]["authors"]}
        want["date"] = gold[key]["published"]
        print(f"  {reader:14} {key:32} {field}: got {got[field]!r} want {want[field]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", action="store_true", help="give each page dump its address")
    parser.add_argument(
        "--fetched", action="store_true", help="also read each page with its fundus id's day"
    )
    parser.add_argument("--render", nargs="*", default=[*RENDERS, HTML, TRAFILATURA])
    parser.add_argument("--misses", choices=FIELDS, help="list every page's misses of one field")
    parser.add_argument("-v", action="store_true", help="list misses of every field")
    args = parser.parse_args()
    if absent("the fundus pages", FUNDUS / "gold.json"):
        return 0
    gold: dict[str, dict[str, Any]] = json.loads((FUNDUS / "gold.json").read_text("utf-8"))
    keys = sorted(gold)
    print(f"fundus: {len(keys)} pages; page dumps read {'with' if args.url else 'without'} URL")
    print(f"{'reader':22} {'title':>6} {'authors':>8} {'date':>6} {'body F1':>8} {'pages/s':>8}")
    results: dict[str, dict[str, Found]] = {}
    fetched_results: dict[str, dict[str, Found]] = {}
    failed = []
    for reader in args.render:
        found, seconds = run(reader, gold, args.url)
        results[reader] = found
        scores, body = row(reader, found, gold, keys)
        speed = len(keys) / seconds if seconds else 0.0
        cells = " ".join(f"{scores[f]:>{w}.3f}" for f, w in zip(FIELDS, (6, 8, 6), strict=True))
        print(f"{reader:22} {cells} {body:>8.3f} {speed:>8.1f}")
        if reader in RENDERS:
            failed += [
                f"{reader} {f}" for f, bar in BARS.items() if f != "body" and scores[f] < bar
            ]
            failed += [f"{reader} body"] if body < BARS["body"] else []
        if args.fetched and reader != TRAFILATURA:
            with_day, _ = run(reader, gold, args.url, with_fetch_day=True)
            fetched_results[reader] = with_day
            day_scores, _ = row(reader, with_day, gold, keys)
            print(f"{'  + fetch day':22} {'':>6} {'':>8} {day_scores['date']:>6.3f}")
        errors = [k for k in keys if found[k].error]
        if errors:
            print(f"  {len(errors)} page(s) not read: {found[errors[0]].error}")
    if HTML in results and TRAFILATURA in results:
        ours = row(HTML, results[HTML], gold, keys)[0]
        theirs = row(TRAFILATURA, results[TRAFILATURA], gold, keys)[0]
        failed += [f"html {f} below trafilatura" for f in FIELDS if ours[f] < theirs[f]]
    per_language(results, gold)
    shown = [*results.items(), *((f"{r}+f", found) for r, found in fetched_results.items())]
    for reader, found in shown:
        for field in FIELDS if args.v else [args.misses] if args.misses else []:
            show_misses(reader, found, gold, field)
    print("bars: " + ("met" if not failed else "NOT met: " + ", ".join(failed)))
    return 0


def per_language(results: dict[str, dict[str, Found]], gold: dict[str, dict[str, Any]]) -> None:
    by_language: dict[str, list[str]] = defaultdict(list)
    for key, language in languages(gold).items():
        by_language[language].append(key)
    readers = list(results)
    print("\nper language (title / authors / date):")
    print(f"{'language':9} {'pages':>5} " + " ".join(f"{r[:17]:>17}" for r in readers))
    order = sorted(by_language, key=lambda lang: (-len(by_language[lang]), lang))
    for language in order:
        keys = sorted(by_language[language])
        cells = []
        for reader in readers:
            scores, _ = row(reader, results[reader], gold, keys)
            cells.append(" / ".join(_two_places(scores[f]) for f in FIELDS))
        print(f"{language:9} {len(keys):>5} " + " ".join(f"{c:>17}" for c in cells))


def _two_places(score: float) -> str:
    return "1.0" if score >= 1 else f"{score:.2f}"[1:]


if __name__ == "__main__":
    sys.exit(main())
