"""Hostile local web servers against `crosswire extract URL`: bombs, drips, loopback, credentials.

    .venv/bin/python benchmarks/probe_fetch.py                  # every probe (about 30 s)
    .venv/bin/python benchmarks/probe_fetch.py --only drip-headers --deadline 20

Starts each server on 127.0.0.1 in a thread of this process, runs `.venv/bin/crosswire extract
URL` against it in a child process, and prints the outcome (exit code and the first error line),
the seconds and the child's peak RSS. The servers are on this machine, so every probe but the
refusals passes `--allow-private`: the policy must not be what stops a bomb or a drip. The drips
pass `--timeout` (the whole-fetch deadline; 120 s by default) so that they end in seconds. A child
is killed when its RSS passes --kill-mb or it runs past --kill-after, so that a probe of a broken
fetcher cannot take the machine down with it.

- gzip-gzip-bomb: `Content-Encoding: gzip, gzip`, 4 GB of zeros in about 7 KB, made as it is sent;
- drip-headers: a status line, then a header line a second, for ever;
- drip-body: whole headers, then a body of 1,000 bytes sent a byte a second;
- redirect-loopback: a redirect to another port of 127.0.0.1, without --allow-private (refused
  at the first hop: the server itself is loopback);
- file-url: `file:///etc/passwd` as an input;
- credentials: `http://reader:s3cret@127.0.0.1:PORT/`; says whether the server was sent them.

Not named bench_*.py: `make bench` runs those, and this one is a probe, not a measurement.
"""

from __future__ import annotations

import argparse
import socket
import struct
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from probe_child import CROSSWIRE, run_crosswire

MEGABYTE = 1024**2
PAGE = b"<html><head><title>Dam gates open</title></head><body><p>The gates opened.</p></body>"
Answer = Callable[[socket.socket, bytes, threading.Event], None]


# --- the servers -------------------------------------------------------------------------------


@contextmanager
def serving(answer: Answer) -> Iterator[tuple[str, list[bytes]]]:
    """A server on 127.0.0.1 answering each connection on a thread: its URL, the request heads."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stopping = threading.Event()
    heads: list[bytes] = []

    def answer_one(connection: socket.socket) -> None:
        with connection, suppress(OSError):  # the client hangs up whenever it likes
            head = b""
            while b"\r\n\r\n" not in head:
                data = connection.recv(4096)
                if not data:
                    return
                head += data
            heads.append(head)
            answer(connection, head, stopping)

    def accept() -> None:
        while not stopping.is_set():
            with suppress(TimeoutError):
                connection, _ = listener.accept()
                threading.Thread(target=answer_one, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", heads
    finally:
        stopping.set()
        thread.join()
        listener.close()


def gzip_of_gzip_bomb(gigabytes: int) -> Answer:
    """4 GB of zeros, gzipped twice, made as it is sent (every 1 MB of zeros deflates to the same
    bytes after a full flush, so the inner stream is one piece repeated)."""

    def answer(connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip, gzip\r\n"
            b"Connection: close\r\n\r\n"
        )
        inner = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        outer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        block = bytes(MEGABYTE)
        piece = inner.compress(block) + inner.flush(zlib.Z_FULL_FLUSH)
        connection.sendall(outer.compress(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"))
        crc = 0
        for _ in range(gigabytes * 1024):
            if stopping.is_set():
                return
            crc = zlib.crc32(block, crc)
            connection.sendall(outer.compress(piece))
        trailer = struct.pack("<II", crc, (gigabytes * 1024 * MEGABYTE) & 0xFFFFFFFF)
        connection.sendall(outer.compress(inner.flush() + trailer) + outer.flush())

    return answer


def drip_headers(connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\n")
    line = 0
    while not stopping.wait(1.0):
        connection.sendall(f"X-Drip-{line}: {line}\r\n".encode())
        line += 1


def drip_body(connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
    )
    for _ in range(1000):
        if stopping.wait(1.0):
            return
        connection.sendall(b"x")


def page(connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
        b"Connection: close\r\n\r\n%s" % (len(PAGE), PAGE)
    )


def redirect_to(target: str) -> Answer:
    def answer(connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
        connection.sendall(
            f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode()
        )

    return answer


# --- running crosswire -------------------------------------------------------------------------


# --- the probes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Probe:
    name: str
    answer: Answer
    arguments: Callable[[str, argparse.Namespace], list[str]]  # from the server's URL


def _redirect_probe(url: str, args: argparse.Namespace) -> list[str]:
    return [url + "/redirect"]


PROBES = (
    Probe(
        "gzip-gzip-bomb",
        gzip_of_gzip_bomb(4),
        lambda url, args: [url + "/bomb", "--allow-private"],
    ),
    Probe(
        "drip-headers",
        drip_headers,
        lambda url, args: [url + "/drip", "--allow-private", "--timeout", str(args.deadline)],
    ),
    Probe(
        "drip-body",
        drip_body,
        lambda url, args: [url + "/slow", "--allow-private", "--timeout", str(args.deadline)],
    ),
    Probe("redirect-loopback", redirect_to("http://127.0.0.1:1/secret"), _redirect_probe),
    Probe("file-url", page, lambda url, args: ["file:///etc/passwd"]),
    Probe(
        "credentials",
        page,
        lambda url, args: [url.replace("//", "//reader:s3cret@", 1) + "/", "--allow-private"],
    ),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only these probes (by name)")
    parser.add_argument("--deadline", type=float, default=10.0, help="--timeout for the drips")
    parser.add_argument("--kill-mb", type=int, default=3072)
    parser.add_argument("--kill-after", type=float, default=600.0)
    args = parser.parse_args()
    chosen = [probe for probe in PROBES if not args.only or probe.name in args.only]
    print(f"{'probe':<18} {'outcome':<20} {'seconds':>8} {'peak MB':>8}  first error / note")
    for probe in chosen:
        with serving(probe.answer) as (url, heads):
            outcome = run_crosswire(
                ["extract", *probe.arguments(url, args)], args.kill_mb, args.kill_after
            )
        note = outcome.first_error
        if probe.name == "credentials":
            sent = any(b"authorization:" in head.lower() for head in heads)
            note = f"Authorization sent: {'yes' if sent else 'no'}; {note or 'no error'}"
        print(
            f"{probe.name:<18} {outcome.exit:<20} {outcome.seconds:>8.1f} "
            f"{outcome.peak_mb:>8.0f}  {note}",
            flush=True,
        )
    print(f"drips with --timeout {args.deadline:g}; {CROSSWIRE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
