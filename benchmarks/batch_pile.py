"""A pile of .warc.gz files for `crosswire batch`: the development pages over and over, under their
own invented URLs, with broken records mixed in.

    .venv/bin/python benchmarks/batch_pile.py --records 20000 --out PATH [--broken-every K]
        [--per-file 2000] [--level 6] [--seed 0]

    from batch_pile import write_pile, ecbplus_dev_pile
    summary = write_pile(Path("out/bench/pile"), 20000, broken_every=500)
    gold = ecbplus_dev_pile(Path("out/bench/ecbplus-dev.warc.gz"))  # url -> "2ecb", "2ecbplus", ...

What the pile holds (`write_pile`): `records` records in files of `per_file` (pile-00000.warc.gz,
...), so that a batch has many shards. Each record is a development page from ../shared/data,
in a shuffled order that mixes the three sets in every file:
- the scrapinghub pages (181 English news pages, HTML, loaded by bench_html.load_pages),
- the fundus pages (116 pages of 87 publishers in 30 countries, HTML, gold.json's URLs),
- the ECB+ documents (every topic, as text/plain page dumps: bench_ecbplus.read_document).
Copy k of a page has the URL `https://<its host>/pile-<k>/<its path>` (ECB+ documents, which
have none here, an invented host of their own), so every record has its own URL while its text
repeats: past the first round (about 1,070 records), every page is an exact copy of one before
it, as a crawl of mirrors and syndicated copies is.

Every `broken_every`-th record of a file (never its first) is a broken record instead of a page,
the damages taking turns (tests/batch/warcs.py's WarcAppender.broken): a Content-Length too
long, garbage bytes between records, a Content-Length too short, a corrupt gzip member. The last
record of the last file is cut off (the file ends mid-record, as a crawl killed while writing
leaves it). A reader of the pile gives `records` items: one Page per page record, one
InputFailure per broken one (`--check` reads it back and says where it does not).

It streams: records are written as they are made, and only the development pages (about 70 MB
of text) are held, never the pile. Measured 2026-12-03 on two shared cores, `--records 20000
--broken-every 500`: 10 files, 19,960 pages and 40 broken records, 300 MB, written in 30 s
(33 s in all, 240 MB resident); `--check` (crosswire's reader over the pile) 18 s more.

`ecbplus_dev_pile(path)`: the ECB+ dev-topic documents (bench_ecbplus.DEV_TOPICS) as text/plain
records of one .warc.gz, each under a stable invented URL; returns url -> gold subtopic (the
topic and the file kind, "2ecb" or "2ecbplus", as bench_ecbplus scores), for a benchmark that
checks batch grouping against `crosswire.stories` and against gold.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.batch.warcs: the writer

from tests.batch.warcs import (
    CORRUPT_MEMBER,
    GARBAGE,
    GZIP_LEVEL,
    LENGTH_TOO_LONG,
    LENGTH_TOO_SHORT,
    TRUNCATED,
    WarcAppender,
    WarcPage,
)

from bench_ecbplus import DEV_TOPICS, read_document
from bench_html import load_pages
from bench_metadata import FUNDUS, fetch_day
from shared import ECB_PLUS, SCRAPINGHUB, absent

PER_FILE = 2000
# zlib level of each record's gzip member: 1 writes 3,000 records in 4.7 s where 6 takes 8.9 s,
# for files 18% larger (measured by this script on the development pages, 2026-12-03).
PILE_LEVEL = 1
# The damages of the broken records, in turn (a truncated record only ends the pile).
DAMAGE_TURNS = (LENGTH_TOO_LONG, GARBAGE, LENGTH_TOO_SHORT, CORRUPT_MEMBER)
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
# The scrapinghub pages are from 2019; the day each was saved is not known.
SCRAPINGHUB_FETCHED = "2020-01-01T00:00:00Z"
# ECB+ documents carry no fetch time here: one fixed moment for all, so none is nearer another.
ECBPLUS_FETCHED = "2026-01-01T00:00:00Z"


@dataclass(frozen=True, slots=True)
class FileSummary:
    """One file of the pile: its path, how many records it holds (pages and broken ones), and
    the offset and damage of each broken record."""

    path: Path
    records: int
    broken: tuple[tuple[int, str], ...]

    @property
    def pages(self) -> int:
        return self.records - len(self.broken)


@dataclass(frozen=True, slots=True)
class PileSummary:
    files: tuple[FileSummary, ...]
    seconds: float

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)

    @property
    def broken(self) -> int:
        return sum(len(f.broken) for f in self.files)


# --- the development pages ----------------------------------------------------------------------


def development_pages(seed: int = 0) -> list[WarcPage]:
    """The scrapinghub and fundus HTML pages and the ECB+ documents as text, shuffled by `seed`
    (the sets whose data is absent are left out, having said so)."""
    pages = scrapinghub_pages() + fundus_pages() + ecbplus_pages(None)
    random.Random(seed).shuffle(pages)
    return pages


def scrapinghub_pages() -> list[WarcPage]:
    if absent("the scrapinghub pages", SCRAPINGHUB / "ground-truth.json"):
        return []
    _, pages, urls = load_pages(SCRAPINGHUB)
    return [
        WarcPage(urls[key] or f"https://scrapinghub.example/{key}", html, HTML, SCRAPINGHUB_FETCHED)
        for key, html in sorted(pages.items())
    ]


def fundus_pages() -> list[WarcPage]:
    if absent("the fundus pages", FUNDUS / "gold.json"):
        return []
    gold = json.loads((FUNDUS / "gold.json").read_text(encoding="utf-8"))
    pages = []
    for key, entry in sorted(gold.items()):
        raw = gzip.decompress((FUNDUS / "html" / f"{key}.html.gz").read_bytes())
        fetched = f"{fetch_day(key) or '2025-01-01'}T12:00:00Z"
        pages.append(WarcPage(entry["url"], raw.decode("utf-8", "replace"), HTML, fetched))
    return pages


def ecbplus_pages(topics: Sequence[int] | None) -> list[WarcPage]:
    """The ECB+ documents of `topics` (None: every topic) as page dumps, each with its gold
    subtopic as its story."""
    if absent("the ECB+ corpus", ECB_PLUS):
        return []
    folders = sorted(
        (p for p in ECB_PLUS.iterdir() if p.is_dir() and p.name.isdigit()),
        key=lambda p: int(p.name),
    )
    pages = []
    for folder in folders:
        if topics is not None and int(folder.name) not in topics:
            continue
        for path in sorted(folder.glob("*.xml")):
            kind = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
            url = f"https://ecbplus-{path.stem.replace('_', '-')}.example/story/{path.stem}"
            text = read_document(path) + "\n"
            pages.append(WarcPage(url, text, TEXT, ECBPLUS_FETCHED, story=f"{folder.name}{kind}"))
    return pages


# --- the pile -----------------------------------------------------------------------------------


def copy_url(url: str, copy: int) -> str:
    """The URL of copy `copy` of a page: its host, then `pile-<copy>/`, then its path."""
    parts = urlsplit(url)
    rest = parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
    return f"{parts.scheme or 'https'}://{parts.netloc}/pile-{copy}/{rest}"


def pile_pages(pages: Sequence[WarcPage], records: int) -> Iterator[WarcPage]:
    """`records` pages: the given ones over and over, each copy under its own URL."""
    for number in range(records):
        page = pages[number % len(pages)]
        yield page._replace(url=copy_url(page.url, number // len(pages)))


def write_pile(
    out: Path,
    records: int,
    *,
    broken_every: int | None = None,
    per_file: int = PER_FILE,
    level: int = PILE_LEVEL,
    seed: int = 0,
    pages: Sequence[WarcPage] | None = None,
) -> PileSummary:
    """Write the pile (see the module's docstring) into the folder `out`; what it wrote.
    `pages`: what to repeat instead of the development pages."""
    if broken_every is not None and broken_every < 2:
        raise ValueError("broken_every must be 2 or more (a file never starts broken)")
    source = list(pages) if pages is not None else development_pages(seed)
    if not source or records < 1:
        raise ValueError("nothing to write: no pages (../shared/data absent?) or no records")
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    stream = pile_pages(source, records)
    turns = itertools.count()  # the damages take turns across files
    files: list[FileSummary] = []
    for first in range(0, records, per_file):
        count = min(per_file, records - first)
        files.append(
            _write_file(
                out / f"pile-{len(files):05d}.warc.gz",
                itertools.islice(stream, count),
                count,
                damage_at=lambda index: _damage(index, broken_every, turns),
                ends_pile=first + count == records,
                level=level,
            )
        )
    return PileSummary(tuple(files), time.perf_counter() - started)


def _damage(index: int, broken_every: int | None, turns: Iterator[int]) -> str | None:
    """The damage of the record at `index` of its file, or None for a page."""
    if broken_every and (index + 1) % broken_every == 0:
        return DAMAGE_TURNS[next(turns) % len(DAMAGE_TURNS)]
    return None


def _write_file(
    path: Path,
    pages: Iterable[WarcPage],
    count: int,
    *,
    damage_at: Callable[[int], str | None],
    ends_pile: bool,
    level: int,
) -> FileSummary:
    """One file of `count` records; its last one cut off when it `ends_pile`."""
    broken: list[tuple[int, str]] = []
    with path.open("wb") as stream:
        appender = WarcAppender(stream, level=level)
        for index, page in enumerate(pages):
            damage = TRUNCATED if ends_pile and index == count - 1 else damage_at(index)
            if damage is None:
                appender.page(page)
            else:
                broken.append((appender.broken(page, damage), damage))
    return FileSummary(path, count, tuple(broken))


def ecbplus_dev_pile(path: Path, *, level: int = GZIP_LEVEL) -> dict[str, str]:
    """The ECB+ dev-topic documents as text/plain records of one .warc.gz at `path`, in topic
    and file order; url -> gold subtopic ("2ecb", "2ecbplus", ...). Empty when ECB+ is absent."""
    pages = ecbplus_pages(DEV_TOPICS)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        appender = WarcAppender(stream, level=level)
        for page in pages:
            appender.page(page)
    return {page.url: page.story or "" for page in pages}


def check_pile(summary: PileSummary) -> list[str]:
    """Read every file back with crosswire's reader: what differs from what was written (each
    page record once as a Page, each broken record once as an InputFailure at its offset)."""
    from crosswire.model import InputFailure
    from crosswire.sources.inputs import iter_pages

    problems = []
    for written in summary.files:
        pages = failures = 0
        failed_at = []
        for item in iter_pages([str(written.path)]):
            if isinstance(item, InputFailure):
                failures += 1
                failed_at.append(int(item.source.rpartition("#offset=")[2] or -1))
            else:
                pages += 1
        if pages != written.pages or failed_at != [offset for offset, _ in written.broken]:
            problems.append(
                f"{written.path}: read {pages} pages and {failures} failures at {failed_at[:5]}, "
                f"wrote {written.pages} pages and {len(written.broken)} broken"
            )
    return problems


# --- the command --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records", type=int, required=True, help="records in all (pages and broken)"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="the folder to write the files into"
    )
    parser.add_argument(
        "--broken-every", type=int, default=None, help="every K-th record of a file is broken"
    )
    parser.add_argument("--per-file", type=int, default=PER_FILE, help="records per file")
    parser.add_argument("--level", type=int, default=PILE_LEVEL, help="gzip level of each record")
    parser.add_argument("--seed", type=int, default=0, help="the order of the development pages")
    parser.add_argument(
        "--ecbplus-dev",
        type=Path,
        default=None,
        help="also write the ECB+ dev pile here (and its gold beside it, .gold.json)",
    )
    parser.add_argument(
        "--check", action="store_true", help="read the pile back with crosswire's reader"
    )
    args = parser.parse_args()
    summary = write_pile(
        args.out, args.records, broken_every=args.broken_every, per_file=args.per_file,
        level=args.level, seed=args.seed,
    )  # fmt: skip
    for written in summary.files:
        damages = ", ".join(f"{d} at {o}" for o, d in written.broken[:4])
        more = f" (+{len(written.broken) - 4} more)" if len(written.broken) > 4 else ""
        size = written.path.stat().st_size / 1e6
        print(
            f"{written.path}: {written.records} records, {written.pages} pages, "
            f"{len(written.broken)} broken{': ' + damages + more if damages else ''}; {size:.1f} MB"
        )
    total = sum(f.path.stat().st_size for f in summary.files) / 1e6
    print(
        f"pile: {len(summary.files)} files, {summary.records} records "
        f"({summary.records - summary.broken} pages, {summary.broken} broken), "
        f"{total:.0f} MB in {summary.seconds:.1f} s "
        f"({summary.records / summary.seconds:.0f} records/s)"
    )
    if args.check:
        started = time.perf_counter()
        problems = check_pile(summary)
        print("\n".join(problems) or "check: every page read once, every broken record one failure")
        print(f"check: {time.perf_counter() - started:.1f} s")
        if problems:
            return 1
    if args.ecbplus_dev:
        gold = ecbplus_dev_pile(args.ecbplus_dev, level=args.level)
        gold_path = args.ecbplus_dev.with_name(args.ecbplus_dev.name + ".gold.json")
        gold_path.write_text(json.dumps(gold, indent=1, sort_keys=True), encoding="utf-8")
        subtopics = len(set(gold.values()))
        print(f"{args.ecbplus_dev}: {len(gold)} ECB+ dev documents in {subtopics} subtopics")
        print(f"gold subtopics: {gold_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
