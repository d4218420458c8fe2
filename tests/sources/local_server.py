"""A real HTTP server on 127.0.0.1 in a thread, answering with whatever bytes a test scripts, and
gzip bombs built in milliseconds: the hostile servers the fetch tests (and the CLI's) meet."""

from __future__ import annotations

import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

MEGABYTE = 1 << 20
# One answer: given the connection and the request's head (request line and headers), write a
# response on the connection; `stopping` is set when the test is over.
Answer = Callable[[socket.socket, bytes, threading.Event], None]


@contextmanager
def local_server(answer: Answer) -> Iterator[LocalServer]:
    """A server on 127.0.0.1 (a free port) that answers each connection on its own thread."""
    server = LocalServer(answer)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class LocalServer:
    """Accepts connections until stopped; keeps the head of every request it was sent."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        self.stopping = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.listener.close()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection, suppress(OSError):  # the client may hang up at any point
            connection.settimeout(5)
            head = b""
            while b"\r\n\r\n" not in head:
                data = connection.recv(4096)
                if not data:
                    return
                head += data
            self.requests.append(head)
            self.answer(connection, head, self.stopping)


def respond(status: str, headers: dict[str, str], body: bytes = b"") -> Answer:
    """An answer that sends one whole response and closes the connection."""
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items())]
    lines += [f"Content-Length: {len(body)}", "Connection: close"]
    message = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    def answer(connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
        connection.sendall(message)

    return answer


def zeros_gzip(megabytes: int) -> bytes:
    """A valid gzip member of `megabytes` MB of zeros, about 1 KB per MB, built without
    compressing them all: after a full flush the compressor's state is reset, so every
    megabyte compresses to the same bytes, which are repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = bytes(MEGABYTE)
    unit = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = struct.pack("<II", crc, (megabytes * MEGABYTE) & 0xFFFFFFFF)
    return header + unit * megabytes + compressor.flush() + trailer


def gzip_of_gzip_bomb(megabytes: int) -> bytes:
    """A body for `Content-Encoding: gzip, gzip` that decodes to `megabytes` MB of zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return compressor.compress(zeros_gzip(megabytes)) + compressor.flush()
