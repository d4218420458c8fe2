"""Faults a batch meets and lives through: a page that takes too long (a failure row, the rest
fine), a WARC cut off mid-record (the records before it kept, the cut one a failure row), and Ray
workers killed mid-run, an extraction task's and an annotation actor (Ray does their work again:
every record still once in articles/ or failures/)."""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from crosswire.batch.run import BatchSummary, run_batch
from crosswire.extract.article import extract_pages
from crosswire.model import InputFailure, Page
from tests.batch.conftest import read_items, read_rows
from tests.batch.warcs import (
    TRUNCATED,
    Expected,
    WarcPage,
    invented_pages,
    padded,
    write_damaged_warc,
    write_warc,
)

pytestmark = pytest.mark.xdist_group("ray")

PAGES = invented_pages(8, seed=23)
# The time budget of one page. Larger than the 0.2 s a news page would need: the first page a
# fresh Ray worker extracts imports trafilatura and loads the language detector within its budget
# (0.3 to 0.8 s measured here), and the machine is shared.
BUDGET = 2.0
# A page whose extraction takes far longer than BUDGET (about 14 s here for 8 MB).
HUGE = 8_000_000
# The pages of the killed run, each with a crowded link box so that extraction lasts a few
# seconds in all (about 45 ms a page here, 15 pages a task): long enough to find a worker at it.
KILLED_PAGES = 60
CROWDED_SIZE = 100_000
RUN_LIMIT = 300.0  # seconds the killed run may take before the test gives up on it
# What the title of a Ray worker holds while it extracts, and while an actor annotates a batch.
EXTRACTING = ("extract_shards",)
ANNOTATING = ("AnnotateTable", ".submit")


@dataclass(frozen=True, slots=True)
class Faulty:
    inputs: list[str]
    out: Path
    summary: BatchSummary
    huge: Page
    cut: Expected
    cut_path: str


@pytest.fixture(scope="module")
def faulty(ray_local: None, tmp_path_factory: pytest.TempPathFactory) -> Faulty:
    root = tmp_path_factory.mktemp("faulty")
    folder = root / "inputs"
    folder.mkdir()
    slow = folder / "slow.warc.gz"
    write_warc(slow, [PAGES[0], padded(PAGES[1], HUGE), PAGES[2]])
    cut = write_damaged_warc(folder / "cut.warc.gz", PAGES[3:6], [TRUNCATED])
    (huge,) = [i for i in read_items([str(slow)]) if isinstance(i, Page) and i.url == PAGES[1].url]
    summary = run_batch([str(folder)], root / "out", stage="extract", page_timeout=BUDGET)
    return Faulty([str(folder)], root / "out", summary, huge, cut, str(folder / "cut.warc.gz"))


def test_the_huge_page_takes_longer_than_the_budget_without_one(faulty: Faulty) -> None:
    """Here, with a budget twice as long (not none: the test does not wait for it to finish),
    the page still fails: the batch's failure is the page's own slowness, not a slow worker."""
    (result,) = extract_pages([faulty.huge], page_timeout=2 * BUDGET)
    assert isinstance(result, InputFailure), "the page extracts within twice the budget"


def test_a_page_over_its_time_budget_is_a_failure_row_saying_so(faulty: Faulty) -> None:
    failures = {row["source"]: row for row in read_rows(faulty.out, "failures")}
    row = failures[faulty.huge.source]
    assert row["stage"] == "extract"
    assert f"extraction took longer than {BUDGET:g} s, the time budget of one page" in row["reason"]
    kinds = {kind for kind in faulty.summary.failures if "time budget" in kind}
    assert kinds == {"extract: extraction took longer than N s, the time budget of one page"}


def test_every_other_record_is_fine_and_every_record_is_written_once(faulty: Faulty) -> None:
    items = read_items(faulty.inputs)
    articles = read_rows(faulty.out, "articles")
    failures = read_rows(faulty.out, "failures")
    written = sorted(row["source"] for row in articles + failures)
    assert written == sorted(item.source for item in items)
    pages = {item.source for item in items if isinstance(item, Page)}
    assert {row["source"] for row in articles} == pages - {faulty.huge.source}
    assert len(articles) == len(PAGES[:6]) - 1


def test_a_warc_cut_mid_record_keeps_the_records_before_the_cut(faulty: Faulty) -> None:
    articles = {row["source"]: row for row in read_rows(faulty.out, "articles")}
    failures = {row["source"]: row for row in read_rows(faulty.out, "failures")}
    for offset, url in faulty.cut.pages:
        assert articles[f"{faulty.cut_path}#offset={offset}"]["url"] == url
    (broken,) = faulty.cut.broken
    row = failures[f"{faulty.cut_path}#offset={broken}"]
    assert row["stage"] == "read"
    assert row["reason"].startswith("broken WARC record")
    cut_rows = [s for s in [*articles, *failures] if s.startswith(faulty.cut_path)]
    assert len(cut_rows) == len(faulty.cut.pages) + 1


# --- workers killed mid-run ---------------------------------------------------------------------


def parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
            # "pid (name) state ppid ...": the name may hold spaces and parentheses.
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def descends_from(pid: int, ancestor: int, depth: int = 4) -> bool:
    """Whether `pid` is a child, grandchild... of `ancestor` (this test's own Ray: its raylet is
    this process's child, the workers the raylet's; other Rays on the machine are left alone)."""
    for _ in range(depth):
        parent = parent_of(pid)
        if parent is None or parent <= 1:
            return False
        if parent == ancestor:
            return True
        pid = parent
    return False


def worker_running(*marks: str) -> int | None:
    """A worker of this test's Ray whose title (`ray::<task>`) holds every mark, if any now."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as cmdline:
                title = cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        running = title.startswith("ray::") and all(mark in title for mark in marks)
        if running and descends_from(int(name), os.getpid()):
            return int(name)
    return None


def crowded(page: WarcPage, size: int) -> WarcPage:
    """The page with `size` characters of links in its "most read" box: slower to extract, no
    longer to annotate (the article's text is the same)."""
    links = "".join(
        f'<li><a href="/more/{n}">Council report number {n} on the harbour works</a></li>'
        for n in range(size // 80)
    )
    return page._replace(content=page.content.replace("</ul></aside>", links + "</ul></aside>"))


def test_workers_killed_mid_run_lose_no_record_and_double_none(
    ray_local: None, tmp_path: Path
) -> None:
    """One extraction worker killed mid-task (Ray runs the task again), then one annotation
    actor killed mid-batch (Ray restarts it, loading spaCy again, and resubmits the batch)."""
    pages = [crowded(page, CROWDED_SIZE) for page in invented_pages(KILLED_PAGES, seed=29)]
    folder = tmp_path / "inputs"
    folder.mkdir()
    for n in range(4):
        write_warc(folder / f"crawl-{n}.warc.gz", pages[n::4])
    outcome: dict[str, BatchSummary | BaseException] = {}

    def run() -> None:
        try:
            outcome["summary"] = run_batch([str(folder)], tmp_path / "out", stage="annotate")
        except BaseException as error:  # reported by the test, not lost in the thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    targets = [EXTRACTING, ANNOTATING]
    killed: list[int] = []
    while thread.is_alive() and targets:
        pid = worker_running(*targets[0])
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            targets.pop(0)
        time.sleep(0.005)
    thread.join(RUN_LIMIT - (time.monotonic() - started))
    assert not thread.is_alive(), f"the run did not finish within {RUN_LIMIT:g} s"
    assert not targets, f"no worker was found running {targets[0]}: it was not killed"
    assert "error" not in outcome, f"the run failed after the kills: {outcome.get('error')!r}"
    items = read_items([str(folder)])
    articles = read_rows(tmp_path / "out", "articles")
    written = [row["source"] for row in articles + read_rows(tmp_path / "out", "failures")]
    assert sorted(written) == sorted(item.source for item in items)
    assert len(articles) == KILLED_PAGES
    assert all(row["annotated"] for row in articles)
    summary = outcome["summary"]
    assert isinstance(summary, BatchSummary)
    assert summary.articles == summary.records == KILLED_PAGES
