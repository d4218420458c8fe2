"""Files that appear whole or not at all: atomic writes, and scratch folders of killed processes."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from crosswire import atomic_files
from crosswire.atomic_files import remove_dead_scratch, scratch_dir, write_atomically
from tests.paths import ROOT


def test_a_new_file_gets_the_permissions_of_any_new_file(tmp_path: Path) -> None:
    reference = tmp_path / "plain.txt"
    reference.write_text("x")  # created by open(): mode 0o666 less the umask
    target = tmp_path / "out.json"
    write_atomically(target, '{"a": 1}')
    assert target.read_text() == '{"a": 1}'
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(reference.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "plain.txt"]


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_sync_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text('{"old": true}')

    def full_disk(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_files.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomically(target, '{"new": true}' * 1000)
    assert target.read_text() == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_device_is_written_in_place() -> None:
    write_atomically(Path(os.devnull), "nothing to keep")  # cannot be replaced, need not be
    assert Path(os.devnull).is_char_device()


def test_concurrent_writers_each_leave_a_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    contents = [json.dumps({"writer": n, "rows": ["x" * 100] * (4000 * (n + 1))}) for n in (0, 1)]
    start = threading.Barrier(2)

    def write_many(content: str) -> None:
        start.wait()
        for _ in range(15):
            write_atomically(target, content)

    writers = [threading.Thread(target=write_many, args=(c,)) for c in contents]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert target.read_text() in contents
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_scratch_folder_is_removed_when_done(tmp_path: Path) -> None:
    with scratch_dir(tmp_path / "cache", ".job-") as folder:
        (folder / "part").write_text("x")
        assert folder.parent == tmp_path / "cache" and folder.name.startswith(".job-")
    assert list((tmp_path / "cache").iterdir()) == []


# A process that makes its scratch folder, says where, and waits (for stdin) until it is killed.
HOLD_SCRATCH = """
import sys
from pathlib import Path
from crosswire.atomic_files import scratch_dir
with scratch_dir(Path(sys.argv[1]), ".job-") as folder:
    print(folder, flush=True)
    sys.stdin.readline()
"""


def killed_holding_scratch(parent: Path) -> Path:
    """The scratch folder of a real process killed with SIGKILL while it held it."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRATCH, str(parent)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as process:
        assert process.stdout is not None
        folder = Path(process.stdout.readline().strip())
        process.send_signal(signal.SIGKILL)
        process.wait()  # reaped: its pid is free
    assert folder.is_dir()
    return folder


def test_only_the_scratch_of_dead_processes_of_this_host_is_removed(tmp_path: Path) -> None:
    dead = killed_holding_scratch(tmp_path)
    (dead / "full.onnx").write_bytes(b"half an export")
    with scratch_dir(tmp_path, ".job-") as mine:
        elsewhere = tmp_path / f".job-another.host-{os.getpid() + 1}-abcd"
        elsewhere.mkdir()
        unrelated = tmp_path / ".job-notes"
        unrelated.mkdir()
        assert remove_dead_scratch(tmp_path, ".job-") == [dead]
        assert not dead.exists()
        assert mine.is_dir() and elsewhere.is_dir() and unrelated.is_dir()
