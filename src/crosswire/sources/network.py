"""The sockets under every fetch: vetted addresses only, and one deadline from DNS to last byte.

httpx's own transport resolves and connects in one step (`socket.create_connection` on the host
name), which leaves no place to vet the address it reaches, and its timeouts apply to each
operation alone, so a server that drips its headers one line a second holds a fetch for as long
as it likes. `GuardedBackend`, an httpcore network backend:

- resolves the host itself, through `FetchPolicy.vetted_addresses`, waiting only until the
  deadline (a lookup still running then is left to finish on its own thread);
- connects to a vetted address, never to the name, so DNS cannot answer differently in between;
- gives every connect, TLS handshake, read and write the smaller of its own timeout and the time
  left before the deadline, and fails at once when none is left.

`guarded_transport` plugs it into httpx: httpx's HTTPTransport takes no network backend (0.28,
0.29), so the transport is built around an httpcore ConnectionPool the way HTTPTransport builds
its own.
"""

from __future__ import annotations

import queue
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpcore
import httpx

from crosswire.sources.fetch_policy import FetchPolicy

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Deadline:
    """The moment a whole fetch must be done by (time.monotonic), and the seconds it was given."""

    seconds: float
    ends_at: float

    @classmethod
    def starting_now(cls, seconds: float) -> Deadline:
        return cls(seconds, time.monotonic() + seconds)

    def left(self) -> float:
        return self.ends_at - time.monotonic()

    def passed(self) -> bool:
        return self.left() <= 0

    def timeout(self, own: float | None, error: type[Exception]) -> float:
        """The timeout for one operation: its own, cut to the time left; `error` when none is."""
        left = self.left()
        if left <= 0:
            raise error(f"the {self.seconds:g} s deadline has passed")
        return left if own is None else min(own, left)


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to addresses the policy vetted, within
    the deadline; `inner` makes the connections (httpcore's SyncBackend, or a test's fake)."""

    def __init__(
        self,
        policy: FetchPolicy,
        deadline: Deadline,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self._policy = policy
        self._deadline = deadline
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _within(
            self._deadline.timeout(timeout, httpcore.ConnectTimeout),
            lambda: self._vetted(host, port),
            httpcore.ConnectTimeout(f"no DNS answer for {host} in time"),
        )
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address")
        failure: httpcore.ConnectError | None = None
        for address in addresses:  # the resolver's order, as socket.create_connection tries
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=self._deadline.timeout(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as error:
                failure = error
                continue
            return DeadlineStream(stream, self._deadline)
        assert failure is not None
        raise failure

    def _vetted(self, host: str, port: int) -> list[str]:
        try:
            return self._policy.vetted_addresses(host, port)
        except OSError as error:  # socket.gaierror: no such name, no DNS server
            raise httpcore.ConnectError(f"{host}: {error.strerror or error}") from error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(min(seconds, max(self._deadline.left(), 0.0)))


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.timeout(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.timeout(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        secured = self._inner.start_tls(
            ssl_context, server_hostname, self._deadline.timeout(timeout, httpcore.ConnectTimeout)
        )
        return DeadlineStream(secured, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PoolTransport(httpx.HTTPTransport):
    """httpx's HTTPTransport over a connection pool of our making (its __init__ builds its own
    pool and takes no network backend; request handling and error mapping are its own)."""

    def __init__(self, pool: httpcore.ConnectionPool) -> None:  # no super().__init__: see above
        self._pool = pool


def guarded_transport(
    backend: GuardedBackend, ssl_context: ssl.SSLContext | None = None
) -> httpx.BaseTransport:
    """An httpx transport whose connections all come from `backend` (HTTP/1.1, no proxy)."""
    context = ssl_context or httpx.create_ssl_context()
    return _PoolTransport(httpcore.ConnectionPool(ssl_context=context, network_backend=backend))


def _within(seconds: float, work: Callable[[], T], timeout_error: Exception) -> T:
    """work(), given up on after `seconds` (getaddrinfo takes no timeout: it runs on a thread
    of its own, which is left to finish when the time is up)."""
    outcome: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()

    def run() -> None:
        try:
            outcome.put((True, work()))
        except BaseException as error:  # handed to the waiting thread, which raises it
            outcome.put((False, error))

    threading.Thread(target=run, name="crosswire-resolve", daemon=True).start()
    try:
        succeeded, value = outcome.get(timeout=seconds)
    except queue.Empty:
        raise timeout_error from None
    if not succeeded:
        raise value
    return value
