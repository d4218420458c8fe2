"""Processes the web desk starts, and their end with the process that started them."""

from __future__ import annotations

import ctypes
import signal
import sys

PR_SET_PDEATHSIG = 1  # prctl(2)


def die_with_parent() -> None:
    """In a process the server started: SIGTERM when that server's process ends, however it ends
    (on Linux, where the kernel can tell; elsewhere a stopped server stops its children itself)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
