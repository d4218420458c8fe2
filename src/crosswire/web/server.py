"""`crosswire serve`: the web desk on uvicorn, with the desk's worker beside it.

The worker runs in a process of its own (`python -m crosswire worker`), so that reading and
annotating pages never holds the server's interpreter while it answers, and at a lower priority,
so that the server's answers come first when the cores are busy; it is started with the server,
stopped with it (SIGTERM, then SIGKILL), and, on Linux, told to stop by the kernel if the server
dies without stopping it (a kill -9): no orphan worker is left behind.

A server that anyone else can reach must not be open to them: binding any address but a
loopback one needs an access token.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import uvicorn

from crosswire.errors import ConfigError
from crosswire.web.app import create_app
from crosswire.web.processes import die_with_parent
from crosswire.web.settings import WebSettings, settings_to_environment

log = logging.getLogger(__name__)
WORKER_IDLE_SECONDS = 1.0  # the served desk's worker looks for jobs this often: pages show soon
STOP_SECONDS = 30.0
# The worker runs at a lower priority than the server: with both cores busy, pages are answered
# first (bench_web_load.py: story list p95 256 ms with the worker at the server's priority).
WORKER_NICENESS = 10  # a worker finishing its job is given this long before it is killed


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine alone."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, settings: WebSettings) -> None:
    """ConfigError when the desk would be open on a network without an access token."""
    if not is_loopback(host) and not settings.token:
        raise ConfigError(
            f"serving on {host} makes the desk reachable from other machines: set an access "
            "token (--token or $CROSSWIRE_TOKEN), or serve on 127.0.0.1"
        )


def worker_command(settings: WebSettings) -> list[str]:
    command = [sys.executable, "-m", "crosswire", "worker", "--every", str(WORKER_IDLE_SECONDS)]
    if settings.db is not None:
        command += ["--db", settings.db]
    if settings.allow_private:
        command.append("--allow-private")
    return command


def _start_worker() -> None:
    """In the worker's process, before it runs: it ends with the server, and it yields the CPU
    to the server's answers (reading pages can wait a moment; a reader should not)."""
    die_with_parent()
    os.nice(WORKER_NICENESS)


@contextmanager
def worker_beside(settings: WebSettings) -> Iterator[subprocess.Popen[bytes]]:
    """The desk's worker, running while the block runs."""
    process = subprocess.Popen(worker_command(settings), preexec_fn=_start_worker)
    log.info("worker started (pid %d)", process.pid)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(
    settings: WebSettings,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    worker: bool = True,
    processes: int = 1,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the desk until stopped (Ctrl-C, SIGTERM), with its worker unless `worker` is False,
    in `processes` server processes (more than one: uvicorn's, each with the desk open)."""
    check_binding(host, settings)
    run = _server(settings, host, port, processes)
    if on_ready is not None:
        shown = f"[{host}]" if ":" in host else host
        on_ready(f"http://{shown}:{port}/")
    # uvicorn stops on SIGTERM, then raises it again once shut down: with the default handler
    # that would end this process before the worker beside it is stopped. This handler turns it
    # into SystemExit, so `worker_beside` stops the worker first.
    signal.signal(signal.SIGTERM, _exit_on_term)
    if not worker:
        run()
        return
    with worker_beside(settings):
        run()


def _server(settings: WebSettings, host: str, port: int, processes: int) -> Callable[[], None]:
    """What runs the server: uvicorn over the app in this process, or uvicorn's supervisor of
    `processes` processes that each make the app from the settings put in the environment."""
    quiet: dict[str, Any] = {"log_level": "warning", "access_log": False}
    if processes <= 1:
        config = uvicorn.Config(create_app(settings), host=host, port=port, **quiet)
        return uvicorn.Server(config).run
    settings_to_environment(settings)
    target = "crosswire.web.app:app_from_environment"
    return partial(
        uvicorn.run, target, factory=True, host=host, port=port, workers=processes, **quiet
    )


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(0)
