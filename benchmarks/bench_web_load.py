"""The web desk under load (issue 14's bar): 20 clients for 60 s over 10,000 articles.

    .venv/bin/python benchmarks/bench_web_load.py [--seconds 60] [--clients 20]
        [--stories 1000] [--per-story 10] [--ingest-every 2] [--drain 120] [--processes 1]
        (1.5 minutes with the store cached; the first run builds it first: 25 minutes, or 4
        from desk_pile's caches when only the store's schema changed)

What is measured: the latency of the desk's pages as a reader's browser asks for them, while
pages keep arriving. The store is desk_pile.py's (10,000 annotated articles in 1,000 stories,
real ECB+ and scrapinghub pages among invented ones, every dossier built; cached under
out/bench/, built first when missing), copied to a temporary folder and served by
`crosswire serve --db COPY --host 127.0.0.1 --port PORT` (the real command, in a subprocess: its
uvicorn and the desk's worker beside it; `--processes N` passed on when given). Beside it, the
peer in the same run (the floor): one story's HTML dossier file, as `crosswire dossier --db
--story KEY -o story.html` writes it (`render_dossier_dict` of the stored dossier), served by
uvicorn + starlette's StaticFiles in a process of its own: the same server stack, doing no work
but sending a file.

How: once `GET /api/health` answers, `--clients` clients (asyncio, one `httpx.AsyncClient`
each, keeping its cookies as a browser does) loop for `--seconds`, each round asking in a
shuffled order for: the story list (`GET /`, a random `?page=`, a `?q=` word, an `?outlet=` or a
`?language=` filter), a story page (`GET /stories/{key}`, keys from `GET /api/stories`), a
search (`GET /search?q=word`, one or two words drawn from the stored articles' titles; 15% of
them in the stories' facts, `&kind=facts`, 15% in quotes, `&kind=quotes`) and the floor file.
Each request is timed from sending to the last byte of the answer; an error is an answer other
than 200, or none within 30 s. Meanwhile pages are ingested through the API at a steady rate
(`POST /api/ingest` with the page's text, address, outlet and day, one every `--ingest-every`
s): the pages the pile holds out, retellings of its invented stories (which join them, so their
dossiers are rebuilt) taken in turn with scrapinghub renders (real pages, new stories). At the
end their jobs are read back (`GET /api/jobs?ids=...`): how many were done within the run, and
after waiting up to `--drain` s more for the queue. CPU seconds of the server, its worker, the
floor's server and this client over the run are printed: the two cores are shared by all.

Printed: a table of route, requests, p50, p95, p99, max (ms), errors and the bar with its
verdict, the floor in the same table; the store's stories and articles; the ingestion's figures.
Bar: story list p95 <= 200 ms, story page p95 <= 300 ms, search p95 <= 300 ms, no error on any
route (ingestion's included). Exit status 1 when a bar fails.
Measured 2026-12-03 (two cores; docs/benchmarks.md): with `--processes 2`, p95 story list
194.5 / 177.3 ms, story page 206.3 / 185.1 ms, search 175.6 / 160.4 ms, the floor 145 ms, no
error (two runs): met. With one server process (the default) the story list's p95 is 245 ms: the
server is CPU-bound on one core (~5 ms a request) while the worker, the floor and these clients
share the other. A later run (14:38 UTC): one process 212 / 228 / 201 ms (not met, the list),
`--processes 2` 167 / 181 / 154 ms (met), but then the worker falls behind: 15 dossier jobs
still queued at the end of the 60 s, an ingest call up to 6.5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import httpx
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import crosswire
from crosswire.model import Page
from crosswire.report.render import render_dossier_dict
from desk_pile import TEXTS, copy_store, later_pages, pile_store, refresh_summaries
from shared import ECB_PLUS, SCRAPINGHUB, absent

# The desk's routes (crosswire.web): kept here, in one place.
HEALTH = "/api/health"
STORY_LIST = "/"
STORY_PAGE = "/stories/{key}"
SEARCH = "/search"  # ?q= (the Search page)
API_SEARCH = "/api/search"  # ?q= : asked instead when the Search page is not there (404)
API_STORIES = "/api/stories"  # ?offset=&limit= (at most 200) -> {"items": [{"key": ...}], "total"}
API_INGEST = "/api/ingest"  # JSON {"text", "url", "outlet", "published"} -> 202 {"jobs": [id]}
API_JOBS = "/api/jobs"  # ?ids=1,2,3 or ?state=done -> {"items": [{"id", "kind", "state"}]}
LIST_PAGE_SIZE = 25  # stories on a page of the list (story_pages.PER_PAGE)
API_PAGE_MOST = 200  # items an API call lists at most (deps.MAX_PAGE)

BARS_MS = {"story list": 200.0, "story page": 300.0, "search": 300.0}  # p95
REQUEST_TIMEOUT = 30.0
READY_SECONDS = 180.0
INSTALLED = Path(sys.executable).with_name("crosswire")  # the command, beside this Python
CROSSWIRE = [str(INSTALLED)] if INSTALLED.exists() else [sys.executable, "-m", "crosswire"]
STATIC_SERVER = """
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.staticfiles import StaticFiles

app = Starlette()
app.mount("/", StaticFiles(directory=sys.argv[1]))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""
FLOOR_FILE = "story.html"
WORD = re.compile(r"[A-Za-z][a-z]{3,}")
STOP = frozenset(
    {"this", "that", "with", "from", "were", "have", "been", "will", "their", "said", "says"}
    | {"after", "over", "into", "about", "than", "they", "what", "when", "which", "would"}
)


@dataclass
class Timings:
    """One route's timed requests."""

    label: str
    path: str
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    first_errors: list[str] = field(default_factory=list)
    variants: dict[str, list[float]] = field(default_factory=dict)  # by what was asked

    def add(self, took: float, error: str | None, variant: str = "") -> None:
        self.seconds.append(took)
        self.variants.setdefault(variant, []).append(took)
        if error is not None:
            self.errors += 1
            if len(self.first_errors) < 5:
                self.first_errors.append(error)

    def percentile(self, share: float) -> float:
        return percentile(self.seconds, share)


def percentile(seconds: Sequence[float], share: float) -> float:
    """The nearest-rank percentile, in ms (0 with no request)."""
    if not seconds:
        return 0.0
    ordered = sorted(seconds)
    rank = max(1, -(-len(ordered) * share // 100))
    return 1000 * ordered[int(rank) - 1]


def variant_of(url: str) -> str:
    """What a request asked, its values left out but a search's kind ("?page", "?q&kind=facts")."""
    asked = parse_qsl(urlsplit(url).query)
    return "?" + "&".join(k if k != "kind" else f"{k}={v}" for k, v in asked) if asked else ""


@dataclass
class Targets:
    """What the clients ask for: story keys, list pages, outlets, search words."""

    keys: list[str]
    list_pages: int
    outlets: list[str]
    words: list[str]
    floor: str
    search_path: str = SEARCH

    def story_list(self, rng: random.Random) -> str:
        roll = rng.random()
        if roll < 0.25:
            return STORY_LIST
        if roll < 0.6:
            return f"{STORY_LIST}?{urlencode({'page': rng.randint(2, self.list_pages)})}"
        if roll < 0.85:
            return f"{STORY_LIST}?{urlencode({'q': rng.choice(self.words)})}"
        if roll < 0.95 and self.outlets:
            return f"{STORY_LIST}?{urlencode({'outlet': rng.choice(self.outlets)})}"
        return f"{STORY_LIST}?{urlencode({'language': 'en'})}"

    def story_page(self, rng: random.Random) -> str:
        return STORY_PAGE.format(key=quote(rng.choice(self.keys), safe=""))

    def search(self, rng: random.Random) -> str:
        words = rng.sample(self.words, 2 if rng.random() < 0.2 else 1)
        asked = {"q": " ".join(words)}
        roll = rng.random()
        if roll < 0.15:
            asked["kind"] = "facts"
        elif roll < 0.3:
            asked["kind"] = "quotes"
        return f"{self.search_path}?{urlencode(asked)}"


# ---------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(command: Sequence[str], log: Path) -> subprocess.Popen[bytes]:
    """A server process in a session of its own (so that it and its worker are stopped
    together), its output to `log`."""
    with log.open("wb") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (the server stops its worker), then SIGKILL to its session after 30 s."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(30)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever of its session is left
    process.wait()


def wait_ready(base: str, process: subprocess.Popen[bytes], log: Path, path: str) -> float:
    """Seconds until `path` answers 200 (then "/", for a server without it); RuntimeError when
    the process ends first or READY_SECONDS pass."""
    began = time.perf_counter()
    while time.perf_counter() - began < READY_SECONDS:
        if process.poll() is not None:
            raise RuntimeError(f"the server ended ({process.returncode}):\n{tail(log)}")
        try:
            answer = httpx.get(base + path, timeout=5)
            if answer.status_code == 200:
                return time.perf_counter() - began
            if answer.status_code == 404 and path != "/":
                path = "/"
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{base}{path} did not answer in {READY_SECONDS:.0f}s:\n{tail(log)}")


def tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The processes under `pid` (its children, theirs, ...)."""
    parent_of = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            parent_of[int(stat.parent.name)] = int(stat.read_text().rpartition(")")[2].split()[1])
    found, wanted = [], [pid]
    while wanted:
        below = [child for child, parent in parent_of.items() if parent == wanted[-1]]
        wanted.pop()
        found += below
        wanted += below
    return found


def is_desk_worker(pid: int) -> bool:
    """Whether the process is the desk's worker (`crosswire worker`), not a server process."""
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"worker" in arguments and b"crosswire" in b" ".join(arguments)


# ---------------------------------------------------------------- the store and the targets


def prepare(store: Path, folder: Path) -> tuple[Path, str, int, int, list[str], list[str]]:
    """The copy served, the floor story's key, its stories and articles, outlets and words."""
    copy = copy_store(store, folder / "desk.db")
    with crosswire.Desk(copy, create=False) as desk:
        stories = desk.stories()
        if summaries(desk) < len(stories):  # a store made before the desk kept them
            refresh_summaries(desk)
        records = desk.articles()
        floor = stories[len(stories) // 2]  # a story of the usual size
        latest = desk.dossier(floor.key)
        assert latest is not None, floor.key
        html = render_dossier_dict(latest.dossier, "html", generated_at=latest.created_at)
    (folder / "floor").mkdir()
    (folder / "floor" / FLOOR_FILE).write_text(html, encoding="utf-8")
    outlets = sorted({r.outlet for r in records if r.outlet})
    words = sorted(
        {w.lower() for r in records for w in WORD.findall(r.title or "") if w.lower() not in STOP}
    )
    return copy, floor.key, len(stories), len(records), outlets, words


def summaries(desk: crosswire.Desk) -> int:
    """The rows of the story list's table of counts (0 where there is none)."""
    with desk.store.reading() as connection:
        try:
            found = connection.execute(text("SELECT count(*) FROM story_summaries")).scalar()
            return int(found or 0)
        except OperationalError:
            return 0


def story_keys(client: httpx.Client, want: int) -> tuple[list[str], int]:
    """The stories' keys as the API lists them, and their total."""
    keys: list[str] = []
    total = want
    while len(keys) < min(want, total):
        answer = client.get(API_STORIES, params={"offset": len(keys), "limit": API_PAGE_MOST})
        answer.raise_for_status()
        found = answer.json()
        total = int(found.get("total", want))
        items = found["items"]
        if not items:
            break
        keys += [item["key"] for item in items]
    return keys, total


def ingest_body(page: Page) -> dict[str, str]:
    known = {
        "text": page.content,
        "url": page.url or scrapinghub_urls().get(Path(page.source).stem),
        "outlet": page.hints.outlet,
        "published": page.hints.published,
    }
    return {name: value for name, value in known.items() if value}


@cache
def scrapinghub_urls() -> dict[str, str]:
    """The scrapinghub pages' own addresses (ground-truth.json), by file name without suffix."""
    path = SCRAPINGHUB / "ground-truth.json"
    truth: dict[str, dict[str, str]] = json.loads(path.read_text()) if path.exists() else {}
    return {name: found["url"] for name, found in truth.items() if found.get("url")}


def interleaved(pages: Sequence[Page]) -> list[Page]:
    """Held-out retellings and scrapinghub renders taken in turn."""
    retold = [p for p in pages if p.hints.outlet]
    real = [p for p in pages if not p.hints.outlet]
    mixed: list[Page] = []
    for n in range(max(len(retold), len(real))):
        mixed += retold[n : n + 1] + real[n : n + 1]
    return mixed


# ---------------------------------------------------------------- the load


async def timed_get(client: httpx.AsyncClient, url: str, timings: Timings) -> None:
    began = time.perf_counter()
    error = None
    try:
        answer = await client.get(url)
        await answer.aread()
        if answer.status_code != 200:
            error = f"{answer.status_code} {url}: {answer.text[:160]!r}"
    except httpx.HTTPError as failure:
        error = f"{type(failure).__name__} {url}: {failure}"
    timings.add(time.perf_counter() - began, error, variant_of(url))


async def reader(
    n: int, app: str, floor: str, targets: Targets, routes: dict[str, Timings], ends: float
) -> None:
    """One client: rounds of the four requests in a shuffled order, until `ends`."""
    rng = random.Random(n)
    limits = httpx.Limits(max_connections=1)
    async with (
        httpx.AsyncClient(base_url=app, timeout=REQUEST_TIMEOUT, limits=limits) as desk,
        httpx.AsyncClient(base_url=floor, timeout=REQUEST_TIMEOUT, limits=limits) as static,
    ):
        kinds = list(routes)
        while time.monotonic() < ends:
            rng.shuffle(kinds)
            for kind in kinds:
                if time.monotonic() >= ends:
                    return
                if kind == "floor":
                    await timed_get(static, targets.floor, routes[kind])
                elif kind == "story list":
                    await timed_get(desk, targets.story_list(rng), routes[kind])
                elif kind == "story page":
                    await timed_get(desk, targets.story_page(rng), routes[kind])
                else:
                    await timed_get(desk, targets.search(rng), routes[kind])


async def ingester(
    app: str, pages: Sequence[Page], every: float, ends: float, posts: Timings
) -> list[int]:
    """One page posted every `every` s until `ends`; the ids of the jobs queued."""
    jobs: list[int] = []
    async with httpx.AsyncClient(base_url=app, timeout=REQUEST_TIMEOUT) as client:
        due = time.monotonic()
        for page in pages:
            if due >= ends:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            due += every
            began = time.perf_counter()
            error = None
            try:
                answer = await client.post(API_INGEST, json=ingest_body(page))
                if answer.status_code == 202:
                    jobs += answer.json()["jobs"]
                else:
                    error = f"{answer.status_code} {page.source}: {answer.text[:160]!r}"
            except httpx.HTTPError as failure:
                error = f"{type(failure).__name__} {page.source}: {failure}"
            posts.add(time.perf_counter() - began, error)
    return jobs


async def load(
    app: str,
    floor: str,
    targets: Targets,
    args: argparse.Namespace,
    pages: Sequence[Page],
) -> tuple[dict[str, Timings], Timings, list[int]]:
    routes = {
        "story list": Timings("story list", f"GET {STORY_LIST}[?page|q|outlet|language]"),
        "story page": Timings("story page", f"GET {STORY_PAGE}"),
        "search": Timings("search", f"GET {targets.search_path}?q=word[&kind=facts|quotes]"),
        "floor": Timings("floor", f"GET /{FLOOR_FILE} (static file)"),
    }
    posts = Timings("ingest", f"POST {API_INGEST} (1 per {args.ingest_every:g} s)")
    ends = time.monotonic() + args.seconds
    readers = [reader(n, app, floor, targets, routes, ends) for n in range(args.clients)]
    _, jobs = await asyncio.gather(
        asyncio.gather(*readers), ingester(app, pages, args.ingest_every, ends, posts)
    )
    return routes, posts, jobs


def job_states(client: httpx.Client, jobs: Sequence[int]) -> dict[str, int]:
    states: dict[str, int] = {}
    for start in range(0, len(jobs), API_PAGE_MOST):
        chunk = jobs[start : start + API_PAGE_MOST]
        answer = client.get(
            API_JOBS, params={"ids": ",".join(map(str, chunk)), "limit": API_PAGE_MOST}
        )
        answer.raise_for_status()
        for item in answer.json()["items"]:
            states[item["state"]] = states.get(item["state"], 0) + 1
    return states


def jobs_in(client: httpx.Client, state: str) -> dict[str, int]:
    """The jobs in `state`, by kind (of the newest API_PAGE_MOST), and in all."""
    answer = client.get(API_JOBS, params={"state": state, "limit": API_PAGE_MOST})
    answer.raise_for_status()
    found = answer.json()
    kinds: dict[str, int] = {}
    for item in found["items"]:
        kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
    return kinds | {"in all": int(found.get("total", sum(kinds.values())))}


# ---------------------------------------------------------------- the report


def table(rows: Sequence[Timings]) -> bool:
    """Print the table; whether every bar is met."""
    print(
        f"{'route':<11} {'path':<44} {'requests':>8} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'max':>7} {'errors':>6}  bar"
    )
    met = True
    for row in rows:
        bar = BARS_MS.get(row.label)
        p95 = row.percentile(95)
        verdict = ""
        if bar is not None:
            ok = p95 <= bar and row.errors == 0 and bool(row.seconds)
            verdict = f"p95 <= {bar:.0f} ms, 0 errors: {'pass' if ok else 'FAIL'}"
            met &= ok
        elif row.label == "floor":
            verdict = "(the peer: a static file)"
        else:
            ok = row.errors == 0
            verdict = f"0 errors: {'pass' if ok else 'FAIL'}"
            met &= ok
        print(
            f"{row.label:<11} {row.path:<44} {len(row.seconds):>8} {row.percentile(50):>7.1f} "
            f"{p95:>7.1f} {row.percentile(99):>7.1f} "
            f"{1000 * max(row.seconds, default=0):>7.1f} {row.errors:>6}  {verdict}"
        )
    for row in rows:
        for error in row.first_errors:
            print(f"  {row.label} error: {error}")
    print("by what was asked (requests, p50, p95 ms):")
    for row in rows:
        if len(row.variants) > 1:
            shown = (
                f"{variant or '(none)'} {len(took)}, {percentile(took, 50):.0f}, "
                f"{percentile(took, 95):.0f}"
                for variant, took in sorted(row.variants.items())
            )
            print(f"  {row.label}: " + "; ".join(shown))
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--stories", type=int, default=1000, help="stories in the pile")
    parser.add_argument("--per-story", type=int, default=10, help="articles a story (<= 10)")
    parser.add_argument("--ingest-every", type=float, default=2.0, help="seconds between pages")
    parser.add_argument("--drain", type=float, default=120.0, help="seconds to wait for jobs")
    parser.add_argument(
        "--processes", type=int, default=1, help="server processes (`crosswire serve --processes`)"
    )
    args = parser.parse_args()
    if absent("ECB+", ECB_PLUS) or absent("the scrapinghub text renders", TEXTS):
        return 0
    began = time.perf_counter()
    store = pile_store(args.stories, args.per_story)
    print(f"store: {store} ({time.perf_counter() - began:.0f}s to find or build)")
    pages = interleaved(later_pages(args.stories, args.per_story))
    with tempfile.TemporaryDirectory(prefix="crosswire-web-load-") as scratch:
        folder = Path(scratch)
        copy, floor_key, stories, articles, outlets, words = prepare(store, folder)
        print(
            f"served: a copy holding {stories} stories, {articles} articles; "
            f"{len(outlets)} outlets and {len(words)} title words to ask for"
        )
        app_port, floor_port = free_port(), free_port()
        app, floor = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{floor_port}"
        command = [*CROSSWIRE, "serve", "--db", str(copy), "--host", "127.0.0.1"]
        if args.processes > 1:
            command += ["--processes", str(args.processes)]
        server = start([*command, "--port", str(app_port)], folder / "serve.log")
        static = start(
            [sys.executable, "-c", STATIC_SERVER, str(folder / "floor"), str(floor_port)],
            folder / "static.log",
        )
        try:
            ready = wait_ready(app, server, folder / "serve.log", HEALTH)
            wait_ready(floor, static, folder / "static.log", f"/{FLOOR_FILE}")
            print(f"crosswire serve answered {HEALTH} after {ready:.1f}s")
            with httpx.Client(base_url=app, timeout=REQUEST_TIMEOUT) as client:
                keys, total = story_keys(client, stories)
                targets = Targets(
                    keys, max(2, -(-total // LIST_PAGE_SIZE)), outlets, words, f"/{FLOOR_FILE}"
                )
                floor_bytes = len((folder / "floor" / FLOOR_FILE).read_bytes())
                print(
                    f"{len(keys)} story keys from {API_STORIES} (total {total}); floor: the "
                    f"dossier of {floor_key} ({floor_bytes / 1000:.0f} kB)"
                )
                if client.get(targets.search(random.Random(0))).status_code == 404:
                    print(f"{SEARCH} is not there (404): searching with {API_SEARCH} instead")
                    targets.search_path = API_SEARCH
                warm = [targets.story_list(random.Random(0)), targets.story_page(random.Random(0))]
                for url in [*warm, targets.search(random.Random(0))]:
                    client.get(url)  # the first answers load templates: not measured
                below = descendants(server.pid)
                worker = [pid for pid in below if is_desk_worker(pid)]
                serving = [server.pid, *(pid for pid in below if pid not in worker)]
                cpu = {pid: cpu_seconds(pid) for pid in [*serving, *worker, static.pid]}
                mine = time.process_time()
                print(
                    f"load: {args.clients} clients for {args.seconds:g}s, one page ingested "
                    f"every {args.ingest_every:g}s ..."
                )
                routes, posts, jobs = asyncio.run(load(app, floor, targets, args, pages))
                used = {pid: cpu_seconds(pid) - cpu[pid] for pid in cpu}
                client_cpu = time.process_time() - mine
                at_end = job_states(client, jobs)
                drained = time.perf_counter()
                while time.perf_counter() - drained < args.drain:
                    states = job_states(client, jobs)
                    if states.get("queued", 0) + states.get("running", 0) == 0:
                        break
                    time.sleep(2)
                waited = time.perf_counter() - drained
                after = job_states(client, jobs)
                done, queued = jobs_in(client, "done"), jobs_in(client, "queued")
        finally:
            stop(server)
            stop(static)
        print()
        met = table([*routes.values(), posts])
        requests = sum(len(r.seconds) for r in routes.values())
        print(
            f"\n{requests} requests in {args.seconds:g}s ({requests / args.seconds:.0f}/s) by "
            f"{args.clients} clients; store: {stories} stories, {articles} articles"
        )
        print(
            f"CPU seconds over the run: server {sum(used[p] for p in serving):.1f} "
            f"({len(serving)} processes), worker "
            f"{sum(used[p] for p in worker):.1f}, floor's server {used[static.pid]:.1f}, "
            f"these clients {client_cpu:.1f} (2 cores: {2 * args.seconds:.0f} in all)"
        )
        print(
            f"ingestion: {len(posts.seconds)} pages posted, {len(jobs)} jobs; at the end of the "
            f"load {_states(at_end)}; {waited:.0f}s later {_states(after)}; jobs done since "
            f"the start (the pile's store had none): {_states(done)}; still queued: "
            f"{_states(queued)}"
        )
        if server.returncode not in (0, -signal.SIGTERM):
            print(f"the server ended with {server.returncode}:\n{tail(folder / 'serve.log')}")
    print(f"bar: {'met' if met else 'NOT met'}")
    return 0 if met else 1


def _states(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "none"


if __name__ == "__main__":
    sys.exit(main())
