"""Hostile local inputs against `crosswire extract`: decompression bombs and floods of bad lines.

    .venv/bin/python benchmarks/probe_archives.py            # 10 GB bombs (about a minute)
    .venv/bin/python benchmarks/probe_archives.py --gigabytes 1 --only zeros.gz

Writes each input to a temporary folder, runs `.venv/bin/crosswire extract INPUT` on it in a child
process, and prints the outcome (exit code, the first error line and how many lines stderr held),
the seconds and the child's peak RSS. A child is killed when its RSS passes --kill-mb or it runs
past --timeout, so a probe of a broken reader cannot take the machine down with it.

The bombs are gzip streams of one repeated byte, written without compressing gigabytes: a block
of the byte is deflated once and ended with a full flush (which resets the compressor), so every
copy of it deflates the same and the file is that block repeated, then the CRC and size.

Not named bench_*.py: `make bench` runs those, and this one writes gigabytes of work.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CROSSWIRE = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "crosswire"
GIGABYTE = 1024**3
MEGABYTE = 1024**2
BLOCK = 16 * MEGABYTE
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
WARC_HEAD = (
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
    b"WARC-Date: 2025-03-04T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
    b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
)


def write_repeated_gzip(
    path: Path, total: int, *, fill: bytes = b"\x00", head: bytes = b""
) -> None:
    """A gzip file of `head` and then `total` bytes of `fill`, written in seconds."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = fill * BLOCK
    opening = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    count, rest = divmod(total, BLOCK)
    crc = zlib.crc32(head)
    with path.open("wb") as out:
        out.write(GZIP_HEADER + opening)
        for _ in range(count):
            out.write(piece)
            crc = zlib.crc32(block, crc)
        tail = fill * rest
        out.write(compressor.compress(tail) + compressor.flush())
        crc = zlib.crc32(tail, crc)
        out.write(struct.pack("<II", crc, (len(head) + total) & 0xFFFFFFFF))


def write_bad_lines(path: Path, count: int) -> None:
    good = json.dumps({"text": "Harbour Gazette\n\nThe ferry ran again on Monday."})
    with path.open("w", encoding="utf-8") as out:
        out.write(good + "\n")
        for number in range(count):
            out.write(f'{{"text": "cut off {number}\n')
        out.write(good + "\n")


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    what: str
    write: Callable[[Path, int], None]


CASES = (
    Case("zeros.gz", "a .gz of N GB of zeros", lambda p, n: write_repeated_gzip(p, n)),
    Case("zeros.jsonl.gz", "a .jsonl.gz of N GB of zeros", lambda p, n: write_repeated_gzip(p, n)),
    Case("zeros.warc.gz", "a .warc.gz of N GB of zeros", lambda p, n: write_repeated_gzip(p, n)),
    Case(
        "record.warc.gz",
        "a .warc.gz record declaring N GB of zeros",
        lambda p, n: write_repeated_gzip(p, n, head=WARC_HEAD % (n + 45)),
    ),
    Case(
        "newlines.jsonl.gz",
        "a .jsonl.gz of 100 MB of newlines",
        lambda p, n: write_repeated_gzip(p, 100 * MEGABYTE, fill=b"\n"),
    ),
    Case(
        "bad-lines.jsonl",
        "a .jsonl of 1 million bad JSON lines",
        lambda p, n: write_bad_lines(p, 1_000_000),
    ),
)


@dataclass(frozen=True, slots=True)
class Outcome:
    exit: str
    seconds: float
    peak_mb: float
    stderr_lines: int
    first_error: str


def run(path: Path, kill_mb: int, timeout: float) -> Outcome:
    """Run `crosswire extract` on one input; the child's exit, seconds and peak RSS."""
    errors = path.with_suffix(path.suffix + ".stderr")
    started = time.monotonic()
    with errors.open("wb") as err, open(os.devnull, "wb") as null:
        pid = os.posix_spawn(
            str(CROSSWIRE),
            [str(CROSSWIRE), "extract", str(path), "-f", "jsonl"],
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
            elif not killed and time.monotonic() - started > timeout:
                killed = f"killed after {timeout:.0f} s"
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.05)
    seconds = time.monotonic() - started
    lines = errors.read_text("utf-8", "replace").splitlines()
    first = next((line for line in lines if line.startswith("error")), lines[0] if lines else "")
    return Outcome(
        exit=killed or f"exit {os.waitstatus_to_exitcode(status)}",
        seconds=seconds,
        peak_mb=usage.ru_maxrss / 1024,
        stderr_lines=len(lines),
        first_error=first[:150],
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gigabytes", type=float, default=10.0, help="size of each bomb")
    parser.add_argument("--only", action="append", help="run only these cases (by file name)")
    parser.add_argument("--kill-mb", type=int, default=4096)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    chosen = [case for case in CASES if not args.only or case.name in args.only]
    size = int(args.gigabytes * GIGABYTE)
    print(f"{'input':<20} {'outcome':<22} {'seconds':>8} {'peak MB':>8} {'stderr':>8}  first error")
    with tempfile.TemporaryDirectory(prefix="crosswire-probe-") as folder:
        for case in chosen:
            path = Path(folder) / case.name
            case.write(path, size)
            outcome = run(path, args.kill_mb, args.timeout)
            print(
                f"{case.name:<20} {outcome.exit:<22} {outcome.seconds:>8.1f} "
                f"{outcome.peak_mb:>8.0f} {outcome.stderr_lines:>8}  {outcome.first_error}",
                flush=True,
            )
            path.unlink()
    print(f"bombs: {args.gigabytes:g} GB decompressed each; {CROSSWIRE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
