"""Tests for crosswire.sources.network: connections only to vetted addresses, all within one
deadline (a fake network under the real backend; the real sockets are in test_fetch)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpcore
import pytest

from crosswire.errors import InputError
from crosswire.sources.fetch_policy import FetchPolicy
from crosswire.sources.network import Deadline, GuardedBackend

RESPONSE = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]


@dataclass
class FakeNetwork(httpcore.NetworkBackend):
    """Connects nowhere: records each address asked for, and its timeout."""

    connects: list[tuple[str, float | None]] = field(default_factory=list)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        self.connects.append((host, timeout))
        return httpcore.MockStream(list(RESPONSE))


class Rebinding:
    """A resolver that answers with a public address first and this machine afterwards."""

    def __init__(self) -> None:
        self.answers = [["203.0.113.5"], ["127.0.0.1"]]

    def __call__(self, host: str, port: int) -> list[str]:
        return self.answers.pop(0)


def backend(
    resolver: Rebinding | None = None, seconds: float = 30
) -> tuple[GuardedBackend, FakeNetwork]:
    policy = FetchPolicy(resolver=resolver or Rebinding())
    network = FakeNetwork()
    return GuardedBackend(policy, Deadline.starting_now(seconds), network), network


def test_connects_to_the_address_it_vetted_not_to_the_name_again() -> None:
    resolver = Rebinding()
    guarded, network = backend(resolver)
    stream = guarded.connect_tcp("news.example", 80, timeout=5)
    assert stream.read(100) == RESPONSE[0]
    assert [host for host, _ in network.connects] == ["203.0.113.5"]
    assert resolver.answers == [["127.0.0.1"]]  # asked once: the rebound answer never used


def test_a_refused_address_is_never_connected_to() -> None:
    guarded, network = backend()
    guarded.connect_tcp("news.example", 80)  # uses up the public answer
    with pytest.raises(InputError, match=r"refused: news.example \(127.0.0.1\) is a loopback"):
        guarded.connect_tcp("news.example", 80)
    assert len(network.connects) == 1


def test_dns_lookup_is_given_up_at_the_deadline() -> None:
    released = threading.Event()

    def hanging(host: str, port: int) -> list[str]:
        released.wait(10)
        return ["203.0.113.5"]

    policy = FetchPolicy(resolver=hanging)
    guarded = GuardedBackend(policy, Deadline.starting_now(0.2), FakeNetwork())
    try:
        with pytest.raises(httpcore.ConnectTimeout, match=r"no DNS answer for slow\.example"):
            guarded.connect_tcp("slow.example", 80, timeout=20)
    finally:
        released.set()


def test_an_unknown_name_is_a_connect_error() -> None:
    def unknown(host: str, port: int) -> list[str]:
        raise OSError(-2, "Name or service not known")

    guarded = GuardedBackend(FetchPolicy(resolver=unknown), Deadline.starting_now(5))
    with pytest.raises(httpcore.ConnectError, match=r"nowhere\.example: Name or service not known"):
        guarded.connect_tcp("nowhere.example", 80)


def test_every_operation_gets_at_most_the_time_left() -> None:
    guarded, network = backend(seconds=3)
    guarded.connect_tcp("news.example", 80, timeout=20)
    ((_, connect_timeout),) = network.connects
    assert connect_timeout is not None and connect_timeout <= 3


def test_nothing_is_read_once_the_deadline_has_passed() -> None:
    stream = backend(seconds=0.05)[0].connect_tcp("news.example", 80)
    threading.Event().wait(0.1)
    with pytest.raises(httpcore.ReadTimeout, match=r"the 0.05 s deadline has passed"):
        stream.read(100, timeout=20)
    with pytest.raises(httpcore.WriteTimeout):
        stream.write(b"GET / HTTP/1.1\r\n\r\n", timeout=20)


def test_deadline_timeout_is_the_smaller_of_the_two() -> None:
    deadline = Deadline.starting_now(10)
    assert deadline.timeout(2, TimeoutError) == 2
    assert 9 < deadline.timeout(None, TimeoutError) <= 10
    assert 9 < deadline.timeout(60, TimeoutError) <= 10
