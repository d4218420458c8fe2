"""What the probes share: `crosswire` run in a child process, watched and measured.

    from probe_child import CROSSWIRE, run_crosswire
    outcome = run_crosswire(["extract", "bomb.gz", "-f", "jsonl"], kill_mb=4096, kill_after=600)

The child is killed when its RSS passes `kill_mb` or it runs past `kill_after` seconds, so that a
probe of a broken reader cannot take the machine down with it. Not named bench_*.py: `make bench`
runs those.
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CROSSWIRE = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "crosswire"
FIRST_ERROR_CHARS = 150


@dataclass(frozen=True, slots=True)
class Outcome:
    exit: str  # "exit 1", or why the child was killed
    seconds: float
    peak_mb: float
    stderr_lines: int
    first_error: str


def run_crosswire(arguments: list[str], kill_mb: int, kill_after: float) -> Outcome:
    """`crosswire ARGUMENTS` in a child: its exit, seconds, peak RSS and first error line."""
    with tempfile.TemporaryFile() as err, open(os.devnull, "wb") as null:
        started = time.monotonic()
        pid = os.posix_spawn(
            str(CROSSWIRE),
            [str(CROSSWIRE), *arguments],
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, null.fileno(), 1),
                (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
            ],
        )
        killed = ""
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if not killed and _rss_mb(pid) > kill_mb:
                killed = f"killed at {kill_mb} MB"
                os.kill(pid, signal.SIGKILL)
            elif not killed and time.monotonic() - started > kill_after:
                killed = f"killed after {kill_after:.0f} s"
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)
        seconds = time.monotonic() - started
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").splitlines()
    first = next((line for line in lines if line.startswith("error")), lines[0] if lines else "")
    return Outcome(
        exit=killed or f"exit {os.waitstatus_to_exitcode(status)}",
        seconds=seconds,
        peak_mb=usage.ru_maxrss / 1024,
        stderr_lines=len(lines),
        first_error=first[:FIRST_ERROR_CHARS],
    )


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
