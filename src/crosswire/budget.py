"""Time budgets: one page's extraction or annotation may take this long, then it is given up.

A hostile or freak page (a million paragraphs, a pathological line) must cost its own failure, not
the whole run. In the main thread of a process (the CLI, a worker process) the budget is a real
timer: SIGALRM interrupts the work wherever it is, even in a long loop (a single long call into C,
a regular expression or an lxml query, is interrupted only when it returns: such calls must stay
linear, which `benchmarks/bench_fuzz.py` and `benchmarks/probe_pages.py` watch). Elsewhere (a
thread of a server) signals cannot be used, and the budget is kept at the checkpoints the stages
pass (`check_budget`), which bounds the overrun by the longest step between two checkpoints.

`OverBudget` derives from BaseException on purpose, like KeyboardInterrupt: the stages catch
`Exception` to record one step's failure and go on, and must not swallow the end of the budget.
It never leaves the library: the stage that set the budget turns it into a failure with its reason.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType

# Seconds one page may take to extract, and again to annotate (the default of `page_timeout`): a
# news page takes about 5 ms to extract and 0.3 s to annotate; the slowest of the fuzz benchmark's
# hostile pages 2 s (benchmarks/bench_fuzz.py, which also gives the cost per MB).
PAGE_TIMEOUT = 60.0

# The budget in force: when it runs out (time.monotonic()), and how long it was.
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("crosswire_deadline", default=None)


class OverBudget(BaseException):
    """The work went past its time budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the block within `seconds` (None: no budget); past it, OverBudget is raised in it."""
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise ValueError(f"a time budget must be positive, not {seconds}")
    outer = _DEADLINE.get()
    budget = (time.monotonic() + seconds, seconds)
    token = _DEADLINE.set(budget if outer is None else min(outer, budget))
    try:
        if _can_use_alarm():
            with _alarm(seconds):
                yield
        else:
            yield
    finally:
        _DEADLINE.reset(token)


def check_budget() -> None:
    """Raise OverBudget when the budget of the work in progress has run out (a checkpoint)."""
    budget = _DEADLINE.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise OverBudget(budget[1])


def _can_use_alarm() -> bool:
    """Only the main thread receives signals; and an alarm already set (the caller's own, or an
    outer budget's) is left alone, the checkpoints keep the inner budget."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
