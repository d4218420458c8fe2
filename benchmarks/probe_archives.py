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
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from probe_child import CROSSWIRE, run_crosswire

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.sources.hostile import gzip_bomb

GIGABYTE = 1024**3
MEGABYTE = 1024**2
WARC_HEAD = (
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
    b"WARC-Date: 2025-03-04T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
    b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
)


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
    Case("zeros.gz", "a .gz of N GB of zeros", lambda p, n: gzip_bomb(p, n)),
    Case("zeros.jsonl.gz", "a .jsonl.gz of N GB of zeros", lambda p, n: gzip_bomb(p, n)),
    Case("zeros.warc.gz", "a .warc.gz of N GB of zeros", lambda p, n: gzip_bomb(p, n)),
    Case(
        "record.warc.gz",
        "a .warc.gz record declaring N GB of zeros",
        lambda p, n: gzip_bomb(p, n, head=WARC_HEAD % (n + 45)),
    ),
    Case(
        "newlines.jsonl.gz",
        "a .jsonl.gz of 100 MB of newlines",
        lambda p, n: gzip_bomb(p, 100 * MEGABYTE, fill=b"\n"),
    ),
    Case(
        "bad-lines.jsonl",
        "a .jsonl of 1 million bad JSON lines",
        lambda p, n: write_bad_lines(p, 1_000_000),
    ),
)


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
            outcome = run_crosswire(
                ["extract", str(path), "-f", "jsonl"], args.kill_mb, args.timeout
            )
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
