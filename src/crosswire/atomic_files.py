"""Files that appear whole or not at all: outputs written atomically, and scratch folders that a
killed process cannot leave behind for good.

`write_atomically` writes beside the target under a unique hidden name, syncs it to disk and
renames it onto the target: a full disk, a size limit or an interrupt leaves the old file as it
was, and two writers to one path each leave a complete file (the last rename wins).

`scratch_dir` names its folder after the process that made it (host and pid), so that
`remove_dead_scratch` can tell the folders of processes that died (SIGKILL, power loss) from those
of processes still at work, and remove only the former.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

LOG = logging.getLogger(__name__)
# Permissions asked for a new file; the process's umask takes its share, as for any new file.
NEW_FILE_MODE = 0o666
TEMP_SUFFIX = ".tmp"


def write_atomically(target: Path, content: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write `content` to `target` so that readers see the old file or the new one, never a
    part: a temporary file in the same folder, synced, then renamed onto the target. An existing
    target keeps its permissions; a new one gets the umask's, as with a plain `open`. On any
    failure the temporary file is removed and the error raised (OSError for the disk's ones).

    A target that exists and is no regular file (/dev/stdout, a named pipe) is written in place:
    it cannot be replaced, and holds no old content to protect. A symbolic link is followed.
    """
    data = content.encode(encoding) if isinstance(content, str) else content
    target = Path(os.path.realpath(target)) if target.is_symlink() else target
    existing = _stat_or_none(target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with target.open("wb") as stream:
            stream.write(data)
        return
    temp, descriptor = _create_temp(target)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if existing is not None:
            os.chmod(temp, stat.S_IMODE(existing.st_mode))
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _create_temp(target: Path) -> tuple[Path, int]:
    """A new, unique, hidden file beside `target` and its open descriptor. Created with
    O_EXCL and mode 0o666 (not mkstemp's 0o600), so the umask alone decides its permissions."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            return temp, os.open(temp, flags, NEW_FILE_MODE)
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; where a folder cannot be opened or synced, it is not."""
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# ---------------------------------------------------------------- scratch folders


def _host() -> str:
    # Folders on a shared (network) disk: a pid says nothing about another machine's processes.
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname()) or "host"


@contextmanager
def scratch_dir(parent: Path, prefix: str) -> Iterator[Path]:
    """A new folder in `parent` named `prefix` + host + pid, removed with its contents when the
    block ends; one left by a killed process is removed by a later `remove_dead_scratch`."""
    parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = parent / f"{prefix}{_host()}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            folder.mkdir()
            break
        except FileExistsError:
            continue
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_dead_scratch(parent: Path, prefix: str) -> list[Path]:
    """Remove the folders `scratch_dir(parent, prefix)` made for processes of this host that are
    no longer alive; the folders removed. Those of live processes (and other hosts) are kept."""
    pattern = re.compile(re.escape(prefix) + r"(?P<host>.+)-(?P<pid>\d+)-[0-9a-f]+")
    try:
        entries = list(parent.iterdir())
    except OSError:
        return []
    removed = []
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or found["host"] != _host() or _alive(int(found["pid"])):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
            LOG.info("removed %s, left by a process that is gone", entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or no pid we can ask about): leave its folder
    return True
