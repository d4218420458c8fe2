"""A desk store of 10,000 annotated articles in 1,000 stories, each with its dossier built.

    .venv/bin/python benchmarks/desk_pile.py --out PATH [--stories 1000] [--per-story 10]
        (25 minutes at the full size from nothing, on two shared cores; see below; without
        --out: the cached store, built when missing, its path printed)

    from desk_pile import pile_store, later_pages
    path = pile_store()  # the cached store under out/bench/, built the first time

What the store holds (`make_pile`): `--stories` x `--per-story` articles (at most 10 a story),
of three kinds:

- real stories: ECB+ subtopics (../shared/data/ecbplus/ECB+, every topic, dev first, each file
  written as a page dump by `bench_ecbplus.read_document`, with its own address where the file
  names one), each subtopic one story (10 to 22 articles: real coverage of one event by many
  outlets), up to 8% of the articles (666 pages in 53 stories at the full size); and a few
  scrapinghub text renders (real, long pages, each a story of its own: 10 at the full size);
- invented stories: the pile of bench_grouping_speed.py (10 retellings of each story, with names),
  each retelling written as a page dump (a title line, the facts as paragraphs) with an invented
  outlet, address and day of publication, so that the desk reads a title, an outlet and a date;
- held out (`later_pages`): the retellings the store does not take (one of each of some
  invented stories, so they join a story when ingested) and the scrapinghub renders it does not
  take (new stories): what a load test ingests while it runs.

How it is built (`build`): every page goes through crosswire's own extraction
(`crosswire.extract_pages`, one page at a time) and annotation (`crosswire.annotate`, spaCy,
`processes=2`); the articles are stored as the desk stores them (`store_article`), the story
index is made of the stored articles with the stories above (`StoryIndex.from_stories`, the
desk's int8 MiniLM) and the stories' rows and index written with story_rows' own functions
(`_write_story`, `save_index`), as `index_new_articles` writes them (bench_desk_speed.py fills
its store the same way: `fill_store` is shared); then every story's dossier is built with
`Desk.rebuild_dossier` and the story list's summaries refreshed (`Desk.refresh_summaries`).
Each step's seconds are printed, and the store checked (1,000 stories within 1%, 10,000
articles, dossiers there).

What is cached under out/bench/ (git ignores out/), so that a benchmark re-uses it:
- the finished store, named by the generator's parameters, PILE_VERSION and a hash of the
  store's migrations (`schema_print`): a store of another schema is not used but built again;
- the annotated articles (`*.articles.jsonl.gz`) and the dossiers with the pages each was built
  from (`*.dossiers.jsonl.gz`): a store built again (another schema) takes them from there, the
  dossiers kept with the desk's own `store_version`, so only storing is done again.
Delete out/bench/desk-pile-* to build everything afresh (after a change of extraction,
annotation or dossiers: the caches do not know of one).
Measured at the full size (2026-12-03, two cores shared with other sessions' tests): 25 min
from nothing (extraction 2 min, annotation 7 min, storing and the index 5 min, dossiers 11.5
min); 4 min from the caches (storing and the index 3 min, the dossiers kept 20 s).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

import crosswire
from bench_ecbplus import TOKEN, read_document
from bench_grouping_speed import ARTICLES_PER_STORY, invented_name, invented_pile
from crosswire.compare.embeddings import backend_named
from crosswire.compare.story_index import StoryIndex
from crosswire.model import Article, Hints, InputFailure, Page, Story
from crosswire.report.annotation_json import annotations_to_dict
from crosswire.report.article_json import article_from_dict, article_to_dict
from crosswire.report.render import render_dossier_body
from crosswire.store import story_rows
from crosswire.store.article_rows import store_article
from crosswire.store.dossier_rows import store_version
from crosswire.store.identity import identity_of
from shared import ECB_PLUS, SCRAPINGHUB, absent

PILE_VERSION = 1  # bump when what the pile holds changes: the cached store is named by it
CACHE = Path(__file__).resolve().parents[1] / "out" / "bench"
EMBEDDINGS = "minilm"  # the desk's default (story_desk.DEFAULT_EMBEDDINGS)
PROCESSES = 2  # spaCy processes annotating
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # when the rows say they were written
FIRST_DAY = date(2026, 6, 1)  # invented stories are published between this day and NOW
REAL_SHARE = 0.08  # of the articles, at most this share from ECB+ subtopics
LATER_MIN = 40  # held-out pages kept for a load test to ingest, at the least
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)  # ECB+'s dev split, taken first
TEXTS = SCRAPINGHUB / "text"
OUTLET_WORDS = ("Post", "Times", "Herald", "Courier", "Gazette", "Tribune", "Chronicle", "Daily")
OUTLETS = 40


JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Pile:
    """The pages of the store, the story key of each (by source), and the pages held out."""

    pages: list[Page]
    story_of: dict[str, str]
    later: list[Page]

    @property
    def stories(self) -> int:
        return len(set(self.story_of.values()))


def seconds(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


# ---------------------------------------------------------------- the pages


def outlets() -> list[str]:
    rng = random.Random(11)
    return [f"The {invented_name(rng)} {rng.choice(OUTLET_WORDS)}" for _ in range(OUTLETS)]


def invented_page(article: Article, story: int, copy: int, outlet: str) -> Page:
    """A retelling of bench_grouping_speed's pile as a page dump: the first fact as its title,
    the facts two to a paragraph, the filler words as a last paragraph; an outlet, an address
    and a day (the story's day, a retelling a day or two later)."""
    facts, _, filler = article.text.rpartition(".")
    sentences = re.split(r"(?<=\.) ", facts + ".")
    title = sentences[0].rstrip(".")
    paragraphs = [" ".join(sentences[n : n + 2]) for n in range(0, len(sentences), 2)]
    filler = filler.strip()
    if filler:
        paragraphs.append(filler[0].upper() + filler[1:] + ".")
    rng = random.Random(story)
    day = FIRST_DAY + timedelta(days=rng.randrange((NOW.date() - FIRST_DAY).days - 3) + copy % 3)
    slug = re.sub(r"[^a-z]+", "-", outlet.lower()).strip("-")
    url = f"https://{slug}.example/{day:%Y/%m/%d}/{Path(article.source).stem}"
    content = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    hints = Hints(url=url, outlet=outlet, published=day.isoformat())
    return Page(f"{url}.txt", content, "text", url=url, hints=hints)


def ecb_stories(most: int) -> list[list[Page]]:
    """ECB+ subtopics of 10 files or more as stories of page dumps (dev topics first), while
    they hold `most` pages or fewer in all; the files crosswire reads no article from, and those
    that repeat another's text or address, left out (the store would keep them as one)."""
    topics = [*DEV_TOPICS, *sorted(int(t.name) for t in ECB_PLUS.iterdir() if t.name.isdigit())]
    found: list[list[Page]] = []
    held = 0
    seen: set[str] = set()
    for topic in dict.fromkeys(topics):
        files = sorted((ECB_PLUS / str(topic)).glob("*.xml"))
        for kind in (False, True):
            pages = [_ecb_page(f) for f in files if f.stem.endswith("ecbplus") is kind]
            pages = [page for page in pages if fresh(page, seen)]
            if len(pages) < ARTICLES_PER_STORY or held + len(pages) > most:
                continue
            found.append(pages)
            held += len(pages)
    return found


def fresh(page: Page, seen: set[str]) -> bool:
    """Whether crosswire extracts an article with text from the page (a few ECB+ files are a
    headline alone) whose address and text are not in `seen`; they are added to it."""
    (result,) = crosswire.extract_pages([page])
    if not isinstance(result, Article) or not result.text.strip():
        return False
    identity = identity_of(result)
    keys = {identity.text_hash, identity.url_key or identity.text_hash}
    if keys & seen:
        return False
    seen |= keys
    return True


def _ecb_page(path: Path) -> Page:
    url = None
    if path.stem.endswith("ecbplus"):  # its first sentence is its address
        first = "".join(token for number, token in TOKEN.findall(path.read_text()) if number == "0")
        url = first if first.startswith(("http://", "https://")) else None
    source = url or f"ecbplus/{path.parent.name}/{path.stem}.txt"
    return Page(source, read_document(path) + "\n", "text", url=url, hints=Hints(url=url))


def scrapinghub_pages() -> list[Page]:
    return [
        Page(str(path), path.read_text(encoding="utf-8"), "text")
        for path in sorted(TEXTS.glob("*.txt"))
    ]


def make_pile(stories: int = 1000, per_story: int = 10) -> Pile:
    """The pages of a store of `stories` x `per_story` articles in `stories` stories (see the
    module's docstring); ValueError when `per_story` is above the invented stories' 10."""
    if not 1 <= per_story <= ARTICLES_PER_STORY:
        raise ValueError(f"per_story must be 1 to {ARTICLES_PER_STORY}, not {per_story}")
    total = stories * per_story
    real = ecb_stories(int(total * REAL_SHARE)) if ECB_PLUS.exists() else []
    rendered = scrapinghub_pages() if TEXTS.exists() else []
    # The invented stories hold 10 retellings each: what the store holds of them beyond its
    # share is held out, one retelling of a story at a time. Each single-page story from
    # scrapinghub takes the place of a story of `per_story` invented ones.
    real_pages = sum(len(s) for s in real)
    spare = real_pages - ARTICLES_PER_STORY * len(real) + (ARTICLES_PER_STORY - per_story) * stories
    singles = max(0, min(len(rendered), (spare - LATER_MIN) // (ARTICLES_PER_STORY - 1)))
    alone: list[Page] = []
    seen: set[str] = set()
    for page in rendered:  # the first ones, in name order, that give an article
        if len(alone) < singles and fresh(page, seen):
            alone.append(page)
    real += [[page] for page in alone]
    invented = stories - len(real)
    wanted = total - sum(len(s) for s in real)
    if invented < 1 or wanted < invented:
        raise ValueError(f"{stories} stories of {per_story} leave no room for invented ones")
    articles, gold = invented_pile(invented * ARTICLES_PER_STORY)
    retellings: dict[int, list[Article]] = {}
    for article in articles:
        retellings.setdefault(int(gold[article.source]), []).append(article)
    names = outlets()
    pages: list[Page] = []
    story_of: dict[str, str] = {}
    later: list[Page] = []
    drop = invented * ARTICLES_PER_STORY - wanted  # held out: the last retellings, round-robin
    for story, told in sorted(retellings.items()):
        keep = len(told) - drop // invented - (story < drop % invented)
        for copy, article in enumerate(told):
            page = invented_page(article, story, copy, names[(story * 7 + copy) % len(names)])
            if copy < keep:
                pages.append(page)
                story_of[page.source] = f"story-{story:05d}"
            else:
                later.append(page)
    for n, members in enumerate(real):
        for page in members:
            pages.append(page)
            story_of[page.source] = f"story-real-{n:03d}"
    later.sort(key=lambda p: p.source)
    random.Random(3).shuffle(later)
    later += [page for page in rendered if page not in alone]
    return Pile(pages, story_of, later)


def later_pages(stories: int = 1000, per_story: int = 10) -> list[Page]:
    """The pages the pile of those sizes holds out (see the module's docstring), in the order
    to ingest them: held-out retellings first, shuffled, then the scrapinghub renders."""
    return make_pile(stories, per_story).later


# ---------------------------------------------------------------- the store


def read_pages(pages: Sequence[Page]) -> list[tuple[Page, Article]]:
    """Each page's article as crosswire extracts it, one page at a time (a template learnt
    across thousands of retellings of one word bank would take their words for furniture)."""
    found = []
    for page in pages:
        (result,) = crosswire.extract_pages([page])
        if isinstance(result, InputFailure) or not result.text.strip():
            print(f"  not stored: {page.source} gave no article")
            continue
        found.append((page, result))
    return found


def annotate(items: Sequence[tuple[Page, Article]]) -> list[tuple[Page, Article]]:
    """The articles annotated as `crosswire annotate` does, with PROCESSES spaCy processes."""
    step = max(len(items) // 10, 1)
    began = time.perf_counter()
    told = [0]

    def progress(what: str, done: int, total: int | None, /) -> None:
        if done >= told[0] + step or done == total:
            told[0] = done
            print(f"  annotated {done} of {total} ({time.perf_counter() - began:.0f}s)")

    annotated = crosswire.annotate(
        [article for _, article in items], processes=PROCESSES, on_progress=progress
    )
    return [(page, article) for (page, _), article in zip(items, annotated, strict=True)]


def articles_path(stories: int = 1000, per_story: int = 10) -> Path:
    """Where the pile's annotated articles are kept: a store of another schema is built again
    from them without annotating again."""
    return CACHE / f"desk-pile-{stories}x{per_story}-v{PILE_VERSION}.articles.jsonl.gz"


def write_annotated(path: Path, items: Sequence[tuple[Page, Article]]) -> None:
    """Each page with its annotated article, a JSON line each (the article as the store keeps
    it: its JSON and its annotations' JSON)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    unfinished = path.with_suffix(".partial")
    with gzip.open(unfinished, "wt", encoding="utf-8") as out:
        for page, article in items:
            hints = {k: getattr(page.hints, k) for k in ("url", "outlet", "published")}
            fields = article_to_dict(replace(article, annotations=None), with_page_text=True)
            if article.annotations is not None:
                fields |= annotations_to_dict(article.text, article.annotations)
            line = {"source": page.source, "content": page.content, "kind": page.kind}
            out.write(json.dumps(line | {"url": page.url, "hints": hints, "article": fields}))
            out.write("\n")
    os.replace(unfinished, path)


def read_annotated(path: Path) -> list[tuple[Page, Article]]:
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            hints = Hints(**item["hints"])
            page = Page(item["source"], item["content"], item["kind"], url=item["url"], hints=hints)
            found.append((page, article_from_dict(item["article"])))
    return found


def text_pages(pile: Sequence[Article]) -> list[tuple[Page, Article]]:
    """Each article with a text page of its text: how bench_desk_speed stores its pile."""
    return [(Page(article.source, article.text, "text"), article) for article in pile]


def fill_store(
    path: Path,
    items: Sequence[tuple[Page, Article]],
    story_of: Mapping[str, str],
    now: datetime = NOW,
) -> None:
    """A store holding the articles (each with its page), in the stories `story_of` names by
    source, with its story index: as the desk writes them, without the desk's grouping (the
    stories are given) and without queueing their dossiers."""
    with crosswire.Desk(path, embeddings=EMBEDDINGS) as desk:
        store = desk.store

        def rows(connection: Any) -> list[int]:
            ids = []
            for page, article in items:
                identity = identity_of(article)
                stored = store_article(connection, page, article, identity, now, full_text=True)
                ids.append(stored[1])
            return ids

        ids = store.write(rows)
        if len(set(ids)) != len(ids):
            raise RuntimeError(f"{len(ids) - len(set(ids))} articles were stored twice")
        with store.reading() as connection:
            stored = story_rows._unannotated(connection, ids)
        key_of = {a.source: story_rows.index_key(i) for (_, a), i in zip(items, ids, strict=True)}
        members: dict[str, list[str]] = {}
        for _, article in items:
            members.setdefault(story_of[article.source], []).append(key_of[article.source])
        stories = [Story(key, "", tuple(keys)) for key, keys in members.items()]
        index = StoryIndex.from_stories(stored, stories, backend=backend_named(EMBEDDINGS))

        def write(connection: Any) -> None:
            for key in sorted(index.stories()):
                story_rows._write_story(connection, key, index.story(key), now)
            story_rows.save_index(connection, index, EMBEDDINGS, now)

        store.write(write)


def build_dossiers(path: Path, kept: Mapping[str, tuple[list[str], JsonDict]]) -> int:
    """Every story's dossier built and kept (as the worker does for a "dossier" job), or the
    one `kept` for the story when it was built from the same pages (an earlier build of this
    pile: kept with `store_version` and its rendered body, as `Desk.rebuild_dossier` keeps
    one); the story list's summaries then refreshed. How many were built."""
    built = 0
    with crosswire.Desk(path, embeddings=EMBEDDINGS, clock=lambda: NOW) as desk:
        records = desk.stories()
        began = time.perf_counter()
        for n, record in enumerate(records, 1):
            known = kept.get(record.key)
            if known is not None and known[0] == sorted(record.sources):
                # Rendered as the worker renders a version it stores (outside the write).
                html = str(render_dossier_body(known[1], generated_at=NOW))
                desk.store.write(partial(_keep, record, known[1], html))
            else:
                desk.rebuild_dossier(record.key)
                built += 1
            if n % max(len(records) // 10, 1) == 0:
                print(f"  dossiers {n} of {len(records)} ({time.perf_counter() - began:.0f}s)")
        refresh_summaries(desk)
    return built


def _keep(
    record: story_rows.StoryRecord, dossier: JsonDict, html: str, connection: Connection
) -> None:
    """What `StoryDesk.rebuild` keeps of a dossier it built: the version and its page's body."""
    story_id = story_rows.story_row_id(connection, record.key)
    store_version(connection, story_id, record.key, dossier, record.articles, NOW, html)


def dossiers_path(stories: int = 1000, per_story: int = 10) -> Path:
    """Where the pile's dossiers are kept, with the pages each was built from: a store of
    another schema is built again with them, without building them again."""
    return CACHE / f"desk-pile-{stories}x{per_story}-v{PILE_VERSION}.dossiers.jsonl.gz"


def write_dossiers(store: Path, path: Path) -> int:
    """The latest dossier of each story of `store`, with its pages' sources; how many."""
    partial_path = path.with_suffix(".partial")
    count = 0
    with (
        crosswire.Desk(store, create=False) as desk,
        gzip.open(partial_path, "wt", encoding="utf-8") as out,
    ):
        for record in desk.stories():
            latest = desk.dossier(record.key)
            if latest is not None:
                line = {"key": record.key, "sources": sorted(record.sources)}
                out.write(json.dumps(line | {"dossier": latest.dossier}) + "\n")
                count += 1
    os.replace(partial_path, path)
    return count


def read_dossiers(path: Path) -> dict[str, tuple[list[str], JsonDict]]:
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        items = [json.loads(line) for line in lines]
    return {item["key"]: (item["sources"], item["dossier"]) for item in items}


def refresh_summaries(desk: crosswire.Desk) -> None:
    """The story list's table of counts (one row a story) written afresh, timed."""
    took, count = seconds(desk.refresh_summaries)
    print(f"  Desk.refresh_summaries: {count} stories, {took:.1f}s")


def check(path: Path, stories: int, articles: int) -> tuple[int, int]:
    """The store's stories and current articles; RuntimeError when they are not about the
    sizes asked (stories within 1%, articles exactly) or a story has no dossier."""
    with crosswire.Desk(path, create=False) as desk:
        held = desk.stories()
        found = sum(len(s.articles) for s in held)
        current = len(desk.articles())
        undone = [s.key for s in held[:20] if desk.dossier(s.key) is None]
    if abs(len(held) - stories) > max(stories // 100, 2) or not found == current == articles:
        raise RuntimeError(f"{path}: {len(held)} stories, {current} articles; asked {stories}")
    if undone:
        raise RuntimeError(f"{path}: stories without a dossier: {undone}")
    return len(held), current


def build(path: Path, stories: int = 1000, per_story: int = 10) -> dict[str, float]:
    """Build the store at `path` (see the module's docstring); the seconds of each step."""
    if path.exists():
        raise FileExistsError(path)
    pile = make_pile(stories, per_story)
    real = sum(k.startswith("story-real") for k in pile.story_of.values())
    print(
        f"pile: {len(pile.pages)} pages in {pile.stories} stories ({real} real pages), "
        f"{len(pile.later)} held out"
    )
    spent: dict[str, float] = {}
    kept = articles_path(stories, per_story)
    if kept.exists():
        spent["read annotated"], items = seconds(lambda: read_annotated(kept))
        print(f"{len(items)} annotated articles read from {kept}: {spent['read annotated']:.0f}s")
    else:
        spent["extract"], items = seconds(lambda: read_pages(pile.pages))
        print(f"extracted {len(items)} pages: {spent['extract']:.0f}s")
        from crosswire.annotate.spacy_model import load_nlp

        load_nlp()
        spent["annotate"], items = seconds(lambda: annotate(items))
        print(f"annotated {len(items)} articles ({PROCESSES} processes): {spent['annotate']:.0f}s")
        write_annotated(kept, items)
    backend_named(EMBEDDINGS).encode(["warm up"])
    spent["store"], _ = seconds(lambda: fill_store(path, items, pile.story_of))
    print(f"stored, stories and index written: {spent['store']:.0f}s")
    kept_dossiers = read_dossiers(dossiers_path(stories, per_story))
    spent["dossiers"], built = seconds(lambda: build_dossiers(path, kept_dossiers))
    print(
        f"{built} dossiers built, {pile.stories - built} kept from an earlier build: "
        f"{spent['dossiers']:.0f}s"
    )
    held, current = check(path, stories, stories * per_story)
    if not kept_dossiers:
        write_dossiers(path, dossiers_path(stories, per_story))
    size = path.stat().st_size / 1e6
    print(f"{path}: {held} stories, {current} articles, {size:.0f} MB, {sum(spent.values()):.0f}s")
    return spent


def schema_print() -> str:
    """A short hash of the store's migrations: a store made by other ones is not re-used (while
    a revision is being written, its file changes without a new revision number)."""
    folder = Path(crosswire.__file__).parent / "store" / "migrations" / "versions"
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def cached_path(stories: int = 1000, per_story: int = 10) -> Path:
    """The cached store of those sizes: named by them, PILE_VERSION and the schema's print."""
    name = f"desk-pile-{stories}x{per_story}-v{PILE_VERSION}-{schema_print()}.db"
    return CACHE / name


def pile_store(stories: int = 1000, per_story: int = 10) -> Path:
    """The cached store of those sizes, built first when missing (written beside, then moved
    into place, so that a build stopped halfway is never taken for a finished one)."""
    path = cached_path(stories, per_story)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    for older in path.parent.glob(f"desk-pile-{stories}x{per_story}-v{PILE_VERSION}-*.db"):
        if older.suffixes == [".db"]:  # a finished store of another schema: its dossiers kept
            if not dossiers_path(stories, per_story).exists():
                write_dossiers(older, dossiers_path(stories, per_story))
            older.unlink()
    with _scratch(path.with_suffix(".building.db")) as building:
        build(building, stories, per_story)
        copy_store(building, path.with_suffix(".copying.db"))
        os.replace(path.with_suffix(".copying.db"), path)
    return path


@contextmanager
def _scratch(path: Path) -> Iterator[Path]:
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    try:
        yield path
    finally:
        for left in path.parent.glob(path.name + "*"):
            left.unlink()


def copy_store(path: Path, to: Path) -> Path:
    """A copy of the SQLite store at `to`, made by SQLite's backup (what its write-ahead log
    holds too); `to`."""
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(to)) as copy:
        source.backup(copy)
    return to


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="the store to write (default: the cache)")
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--per-story", type=int, default=10, help="articles a story (<= 10)")
    args = parser.parse_args()
    if absent("ECB+", ECB_PLUS) or absent("the scrapinghub text renders", TEXTS):
        return 0
    if args.out is None:
        print(pile_store(args.stories, args.per_story))
        return 0
    build(args.out, args.stories, args.per_story)
    return 0


if __name__ == "__main__":
    sys.exit(main())
