"""Tests for crosswire.sources.politeness: the per-host pacer on a fake clock, and which failures
are worth a retry (real ones from the fetcher against servers on 127.0.0.1 among them)."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime

import httpx
import pytest

from crosswire.errors import InputError
from crosswire.sources.fetch import FetchResult, StatusError, TransientFetchError, http_fetcher
from crosswire.sources.options import SourceOptions
from crosswire.sources.politeness import (
    MAX_RETRY_AFTER,
    HostBusy,
    HostPacer,
    backoff,
    host_of,
    retry_delay,
    retryable,
)
from tests.sources.local_server import local_server, respond

MOMENT = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


class FakeClock:
    """Monotonic seconds that move only when slept through (every sleep is noted)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeFetch:
    """Answers every URL with `status` (and `retry_after`), noting what was asked and when."""

    def __init__(self, clock: FakeClock, status: int = 200, retry_after: str | None = None):
        self.clock = clock
        self.status = status
        self.retry_after = retry_after
        self.asked: list[tuple[str, float, str | None]] = []

    def __call__(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        self.asked.append((url, self.clock.now, etag))
        return FetchResult(url, self.status, fetched_at=MOMENT, retry_after=self.retry_after)


def paced(interval: float = 1.0, status: int = 200, retry_after: str | None = None):
    clock = FakeClock()
    fetch = FakeFetch(clock, status, retry_after)
    pacer = HostPacer(interval, max_wait=60, clock=clock, sleep=clock.sleep)
    return pacer, pacer.paced(fetch), fetch, clock


def test_two_requests_to_one_host_are_spaced_by_the_interval() -> None:
    _, fetch, inner, clock = paced(interval=1.0)
    fetch("https://ledger.example/a")
    fetch("https://LEDGER.example:8443/b", etag='"v1"')  # the same host, another port
    assert [when for _, when, _ in inner.asked] == [1000.0, 1001.0]
    assert inner.asked[1][2] == '"v1"'  # what a conditional fetch asks is passed on
    assert clock.sleeps == [1.0]


def test_requests_to_two_hosts_do_not_wait_for_each_other() -> None:
    _, fetch, inner, clock = paced(interval=1.0)
    fetch("https://ledger.example/a")
    fetch("https://courier.example/a")
    assert [when for _, when, _ in inner.asked] == [1000.0, 1000.0]
    assert clock.sleeps == []


def test_only_the_rest_of_the_interval_is_waited() -> None:
    _, fetch, _, clock = paced(interval=2.0)
    fetch("https://ledger.example/a")
    clock.now += 1.5  # the caller did other work meanwhile
    fetch("https://ledger.example/b")
    clock.now += 5.0
    fetch("https://ledger.example/c")
    assert clock.sleeps == [0.5]


def test_threads_sharing_a_pacer_take_distinct_turns() -> None:
    clock = FakeClock()
    slept: list[float] = []
    pacer = HostPacer(1.0, clock=clock, sleep=slept.append)  # the clock stands still
    threads = [
        threading.Thread(target=pacer.wait_turn, args=("https://ledger.example/",))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(slept) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]


def test_retry_after_of_a_busy_host_is_honoured() -> None:
    _, fetch, inner, clock = paced(interval=1.0, status=503, retry_after="30")
    assert fetch("https://ledger.example/a").status == 503
    fetch("https://courier.example/a")  # another host is not held
    fetch("https://ledger.example/b")
    assert clock.sleeps == [30.0]
    assert [when for _, when, _ in inner.asked] == [1000.0, 1000.0, 1030.0]


def test_retry_after_as_a_date_is_counted_from_the_fetch() -> None:
    _, fetch, _, clock = paced(status=429, retry_after="Tue, 04 Mar 2025 10:00:45 GMT")
    fetch("https://ledger.example/a")
    fetch("https://ledger.example/b")
    assert clock.sleeps == [45.0]


def test_retry_after_on_a_success_is_ignored() -> None:
    _, fetch, _, clock = paced(status=200, retry_after="30")
    fetch("https://ledger.example/a")
    fetch("https://ledger.example/b")
    assert clock.sleeps == [1.0]


def test_a_wait_past_max_wait_is_host_busy_not_a_long_sleep() -> None:
    _, fetch, inner, clock = paced(status=503, retry_after="3600")
    fetch("https://ledger.example/a")
    with pytest.raises(HostBusy, match=r"ledger.example is busy: its next turn is 3600 s away"):
        fetch("https://ledger.example/b")
    assert clock.sleeps == []
    assert len(inner.asked) == 1  # the server was not asked again
    with pytest.raises(HostBusy) as raised:
        fetch("https://ledger.example/b")
    assert retryable(raised.value)
    assert retry_delay(raised.value, 1, random_source=lambda: 0.0) == 3600.0


def test_a_retry_after_of_a_year_is_believed_for_a_day_at_most() -> None:
    clock = FakeClock()
    pacer = HostPacer(1.0, max_wait=10**9, clock=clock, sleep=clock.sleep)
    pacer.hold("https://ledger.example/", 365 * 24 * 3600.0)
    pacer.wait_turn("https://ledger.example/")
    assert clock.sleeps == [MAX_RETRY_AFTER]


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://u:pw@Ledger.Example.:8443/a", "ledger.example"),
        ("http://[::1]:8080/", "::1"),
        ("http://[", ""),
        ("not a url", ""),
    ],
)
def test_host_of(url: str, host: str) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(
    ("status", "again"),
    [
        (408, True),
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (410, False),
        (501, False),
    ],
)
def test_retryable_statuses(status: int, again: bool) -> None:
    assert retryable(status) is again
    assert retryable(StatusError(status)) is again


@pytest.mark.parametrize(
    ("failure", "again"),
    [
        (TransientFetchError("timed out (no answer within 20 s)"), True),
        (httpx.ReadTimeout("read timed out"), True),  # a fetcher of the caller's own
        (ConnectionResetError("reset"), True),
        (TimeoutError("timed out"), True),
        (InputError("binary file (not text)"), False),
        (InputError("malformed feed, no item could be read"), False),
        (ValueError("a bug"), False),
    ],
)
def test_retryable_failures(failure: BaseException, again: bool) -> None:
    assert retryable(failure) is again


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_real_fetch_failures_are_classified() -> None:
    private = SourceOptions(allow_private=True, max_bytes=100, timeout=2, total_timeout=5)
    failures: dict[str, BaseException] = {}
    big = respond("200 OK", {"Content-Type": "text/html"}, b"x" * 1000)
    with local_server(big) as server:
        for name, fetch, url in [
            ("refused address", http_fetcher(SourceOptions()), server.url),
            ("too large", http_fetcher(private), server.url),
            ("file scheme", http_fetcher(private), "file:///etc/hostname"),
            ("nobody listening", http_fetcher(private), f"http://127.0.0.1:{closed_port()}/"),
        ]:
            with pytest.raises(InputError) as raised:
                fetch(url)
            failures[name] = raised.value
    assert {name: retryable(failure) for name, failure in failures.items()} == {
        "refused address": False,
        "too large": False,
        "file scheme": False,
        "nobody listening": True,
    }


def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    low, high = (lambda: 0.0), (lambda: 1.0)
    assert [backoff(n, base=10, random_source=low) for n in (1, 2, 3)] == [5.0, 10.0, 20.0]
    assert [backoff(n, base=10, random_source=high) for n in (1, 2, 3)] == [10.0, 20.0, 40.0]
    assert backoff(2, base=10, random_source=lambda: 0.5) == 15.0
    assert backoff(40, base=10, cap=600, random_source=high) == 600.0
    assert backoff(10_000, base=10, cap=600, random_source=low) == 300.0  # no overflow


def test_retry_delay_is_none_where_a_retry_cannot_help() -> None:
    assert retry_delay(StatusError(404), 1) is None
    assert retry_delay(InputError("refused: 10.0.0.1 is a private address"), 1) is None


def test_retry_delay_takes_the_longer_of_backoff_and_retry_after() -> None:
    low = lambda: 0.0  # noqa: E731
    assert retry_delay(StatusError(503, retry_after=600), 1, random_source=low) == 600.0
    assert retry_delay(StatusError(503, retry_after=1), 1, random_source=low) == 15.0
    assert retry_delay(TransientFetchError("timed out"), 3, random_source=low) == 60.0
