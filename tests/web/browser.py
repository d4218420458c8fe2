"""What the web desk's real-process tests share: `crosswire serve` as a process of its own on a
free port over a fresh store, its API over HTTP, Debian's Chromium driven by Playwright, the axe
check and the screenshots.

  Served, serve(...)   a running `crosswire serve` (its own process group); `.stop()` ends it
  wait_for_jobs(...)   poll GET /api/jobs until no job is queued or running
  CHROMIUM             Debian's Chromium (None when absent); `chromium_or_skip()` skips then, or
                       fails when $CROSSWIRE_REQUIRE_BROWSER=1 (CI), `launch(playwright)` starts it
  axe_violations(...)  axe-core's violations on a page, one dict per element
  screenshot(...)      a full-page PNG in out/screens/<name>.png

No browser is ever downloaded: Playwright drives the system's Chromium (`executable_path`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.paths import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

STARTUP_SECONDS = 60.0  # a server not answering /api/health by then is broken
STOP_SECONDS = 40.0  # the server gives its worker 30 s to finish a job before killing it
JOBS_SECONDS = 180.0  # the worker's first page loads spaCy; a few pages take seconds each
SCREENS = ROOT / "out" / "screens"
REQUIRE_BROWSER = "CROSSWIRE_REQUIRE_BROWSER"
WIDTH = 1280


def _find_chromium() -> str | None:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = _find_chromium()
BROWSER_REQUIRED = os.environ.get(REQUIRE_BROWSER) == "1"
MISSING = "Debian's Chromium (/usr/bin/chromium) is not installed"
NO_BROWSER = (
    f"{MISSING}: the browser tests are skipped (apt-get install chromium; CI sets "
    f"{REQUIRE_BROWSER}=1, which makes its absence a failure)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_or_skip() -> str:
    """The Chromium to drive; a skip without one, a failure when one is required."""
    if CHROMIUM is None:
        if BROWSER_REQUIRED:
            pytest.fail(f"{MISSING}, and {REQUIRE_BROWSER}=1 requires it (.ci/run installs it)")
        pytest.skip(NO_BROWSER)
    return CHROMIUM


def launch(playwright: Playwright) -> Browser:
    """Headless Debian Chromium (never a browser Playwright would download)."""
    return playwright.chromium.launch(
        executable_path=chromium_or_skip(), headless=True, args=CHROMIUM_ARGS
    )


def new_page(browser: Browser, **options: Any) -> Page:
    """A page in a fresh context (no cookie), 1280 px wide."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, **options)
    context.set_default_timeout(20_000)
    return context.new_page()


# ---------------------------------------------------------------- the server process


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pid_alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def children_of(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@dataclass
class Served:
    """A `crosswire serve` process (leader of its own process group) and what it serves."""

    process: subprocess.Popen[bytes]
    url: str  # http://127.0.0.1:PORT (no trailing slash)
    db: Path
    log: Path
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def pgid(self) -> int:
        return self.process.pid  # start_new_session: the server leads its group

    def client(self, **options: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers, timeout=30, **options)

    def get(self, path: str, **options: Any) -> httpx.Response:
        with self.client() as client:
            return client.get(path, **options)

    def post(self, path: str, **options: Any) -> httpx.Response:
        with self.client() as client:
            return client.post(path, **options)

    def output(self) -> str:
        """The server's (and its worker's) output so far, for failure messages."""
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid)

    def kill_group(self) -> None:
        """SIGKILL to the server and its worker at once: a crash, for real."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signal.SIGKILL)
        self.process.wait(STOP_SECONDS)

    def stop(self, *, leftovers: bool = False) -> int:
        """SIGTERM to the server (as Ctrl-C or a service manager would); its exit code. Whatever
        is left of its group then (or after STOP_SECONDS) is killed, unless `leftovers`: the
        caller looks at what outlived the server, then calls `kill_group()`."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.kill_group()
        if not leftovers:
            self.kill_group()  # nothing of it may outlive a test
        return int(self.process.returncode)


def serve_command(db: Path, port: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "crosswire",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        *extra,
    ]


def serve(
    db: Path,
    *extra: str,
    token: str | None = None,
    log: Path | None = None,
    environment: dict[str, str] | None = None,
) -> Served:
    """Start `crosswire serve` over `db` on a free port (its own process group) and wait until it
    answers; `token` is given through $CROSSWIRE_TOKEN."""
    env = {k: v for k, v in os.environ.items() if k != "CROSSWIRE_TOKEN"}
    env |= {"PYTHONUNBUFFERED": "1"} | (environment or {})
    if token is not None:
        env["CROSSWIRE_TOKEN"] = token
    log = log or db.with_name(db.name + f".serve-{time.monotonic_ns()}.log")
    for _attempt in range(3):  # a port taken between choosing it and binding it: another one
        port = free_port()
        with log.open("ab") as out:
            process = subprocess.Popen(
                serve_command(db, port, *extra),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=ROOT,
                start_new_session=True,
            )
        served = Served(process, f"http://127.0.0.1:{port}", db, log, token)
        if token is not None:
            served.headers = {"authorization": f"Bearer {token}"}
        if _wait_until_up(served):
            return served
        served.stop()
        if "address already in use" not in served.output().lower():
            break
    raise AssertionError(f"crosswire serve did not start; its output:\n{served.output()}")


def _wait_until_up(served: Served) -> bool:
    ends = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < ends:
        if served.process.poll() is not None:
            return False
        try:
            if httpx.get(served.url + "/api/health", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def serving(db: Path, *extra: str, **options: Any) -> Iterator[Served]:
    served = serve(db, *extra, **options)
    try:
        yield served
    finally:
        served.stop()


def poll(
    what: str, check: Callable[[], Any], timeout: float = JOBS_SECONDS, every: float = 0.3
) -> Any:
    """`check()`'s first true value, asked every `every` seconds; AssertionError after `timeout`."""
    ends = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > ends:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def jobs(served: Served) -> list[dict[str, Any]]:
    answer = served.get("/api/jobs", params={"limit": 200})
    answer.raise_for_status()
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def wait_for_jobs(served: Served, timeout: float = JOBS_SECONDS) -> list[dict[str, Any]]:
    """Every job, once none is queued or running (a failed job fails the wait)."""

    def idle() -> list[dict[str, Any]] | None:
        listed = jobs(served)
        if any(j["state"] in ("queued", "running") for j in listed):
            return None
        return listed or None

    try:
        listed: list[dict[str, Any]] = poll("the worker to finish its jobs", idle, timeout)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{jobs(served)}\n{served.output()}") from None
    failed = [j for j in listed if j["state"] == "failed"]
    assert not failed, f"failed jobs: {failed}\n{served.output()}"
    return listed


# ---------------------------------------------------------------- checks on pages

SEVERE = ("serious", "critical")


def axe_violations(page: Page, name: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page, one entry per element: page, rule, impact, target,
    the element's markup and what is wrong."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(
                {
                    "page": name,
                    "rule": violation["id"],
                    "impact": node.get("impact") or violation.get("impact"),
                    "target": " ".join(map(str, node["target"])),
                    "html": node.get("html", "")[:200],
                    "help": violation.get("help", ""),
                }
            )
    return found


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"  [{v['impact']}] {v['page']}: {v['rule']} ({v['help']}) at {v['target']}: {v['html']}"
        for v in violations
    )


def screenshot(page: Page, name: str) -> Path:
    """The whole page as out/screens/<name>.png (1280 px wide)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
