"""Fetching as a good guest: one request per host at a time, and retries that help.

A worker that polls feeds and fetches their items may hit one outlet many times a minute. So:

- `HostPacer` spaces the requests to one host (the URL's host name, whatever its port) by at
  least `interval` seconds, start to start, across every thread that shares it, while requests to
  other hosts go at once; a host that answered 429 or 5xx with Retry-After is not asked again
  before that time. A wait longer than `max_wait` is not slept through: `HostBusy` (a
  `TransientFetchError`) says how long, so a job queue can put the job back instead of holding a
  thread.
- `retryable` tells a failure a later try may get past (a timeout, no connection, HTTP 429 and
  the 5xx of an overloaded or restarting server) from one it cannot (a 404, a refused address, a
  binary or too-large file, an unsupported scheme, a page that is not a feed); `backoff` spaces
  the retries exponentially with jitter, and `retry_delay` combines both with Retry-After.

The clock, the sleep and the random source are passed in, so tests run on a fake clock.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from crosswire.errors import InputError
from crosswire.sources.fetch import (
    ConditionalFetcher,
    FetchResult,
    StatusError,
    TransientFetchError,
)

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 1.0  # seconds between two requests to one host
DEFAULT_MAX_WAIT = 60.0  # the longest a fetch sleeps for its turn; past it, HostBusy
# The longest a Retry-After is believed: a server asking for a week is asked again tomorrow.
MAX_RETRY_AFTER = 24 * 3600.0
# Statuses that say "not now" rather than "never": request timeout, too many requests, and a
# server that failed, is restarting or is overloaded (or its gateway is).
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
BACKOFF_BASE = 30.0  # seconds before the first retry
BACKOFF_CAP = 6 * 3600.0  # the longest wait between two tries
PRUNE_AT = 4096  # hosts remembered before those whose turn has passed are forgotten


class HostBusy(TransientFetchError):
    """A host is not to be asked for `retry_after` more seconds (its Retry-After, or the queue of
    requests to it, is longer than a fetch may wait)."""

    def __init__(self, host: str, retry_after: float) -> None:
        super().__init__(f"{host} is busy: its next turn is {retry_after:.0f} s away")
        self.host = host
        self.retry_after = retry_after


class HostPacer:
    """At most one request to a host every `interval` seconds; thread-safe. `clock` is monotonic
    seconds and `sleep` waits, both replaceable by a test's fakes."""

    def __init__(
        self,
        interval: float = DEFAULT_INTERVAL,
        *,
        max_wait: float = DEFAULT_MAX_WAIT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_turn: dict[str, float] = {}  # host -> the earliest its next request may start

    def paced(self, fetch: ConditionalFetcher) -> ConditionalFetcher:
        """`fetch`, waiting for each URL's host's turn, and noting a Retry-After it is sent."""

        def paced_fetch(
            url: str,
            *,
            etag: str | None = None,
            last_modified: str | None = None,
            accept: str | None = None,
        ) -> FetchResult:
            self.wait_turn(url)
            result = fetch(url, etag=etag, last_modified=last_modified, accept=accept)
            self.note_answer(url, result)
            return result

        return paced_fetch

    def wait_turn(self, url: str) -> None:
        """Sleep until the host of `url` may be asked, and take that turn; HostBusy when that is
        more than `max_wait` away (the turn is then not taken)."""
        host = host_of(url)
        with self._lock:  # a turn is booked under the lock and slept for outside it
            now = self._clock()
            turn = max(now, self._next_turn.get(host, now))
            if turn - now > self.max_wait:
                raise HostBusy(host, turn - now)
            self._next_turn[host] = turn + self.interval
            self._forget_past_turns(now)
        if turn > now:
            log.debug("waiting %.2f s for %s", turn - now, host)
            self._sleep(turn - now)

    def note_answer(self, url: str, result: FetchResult) -> None:
        """Keep the host waiting as long as a 429 or 5xx answer's Retry-After asks."""
        if not (result.status == 429 or result.status >= 500):
            return
        seconds = result.retry_after_seconds()
        if seconds is None or seconds <= 0:
            return
        self.hold(url, seconds)

    def hold(self, url: str, seconds: float) -> None:
        """Ask the host of `url` nothing for `seconds` (at most MAX_RETRY_AFTER) from now."""
        host = host_of(url)
        with self._lock:
            until = self._clock() + min(seconds, MAX_RETRY_AFTER)
            self._next_turn[host] = max(self._next_turn.get(host, until), until)
        log.info("%s asked to wait %.0f s", host, seconds)

    def _forget_past_turns(self, now: float) -> None:
        if len(self._next_turn) >= PRUNE_AT:
            for host in [host for host, turn in self._next_turn.items() if turn <= now]:
                del self._next_turn[host]


def host_of(url: str) -> str:
    """The host name a URL asks (lower case, without port or credentials); "" when none."""
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:  # e.g. "http://[" (a broken IPv6 host)
        return ""


def retryable(failure: BaseException | int) -> bool:
    """Whether trying again later may succeed, for an exception a fetch raised or an HTTP
    status: yes for a timeout, no connection, a cut connection, 408, 429, 500, 502, 503, 504;
    no for other statuses and for every other InputError (a refused address, an unsupported
    scheme, a binary or too-large file, a malformed feed), and for programming errors."""
    if isinstance(failure, int):
        return failure in RETRYABLE_STATUSES
    if isinstance(failure, StatusError):
        return failure.status in RETRYABLE_STATUSES
    if isinstance(failure, TransientFetchError):
        return True
    if isinstance(failure, InputError):
        return False
    # What a fetcher of the caller's own may raise for a network failure.
    return isinstance(
        failure,
        httpx.TimeoutException
        | httpx.NetworkError
        | httpx.RemoteProtocolError
        | ConnectionError
        | TimeoutError,
    )


def backoff(
    attempt: int,
    *,
    base: float = BACKOFF_BASE,
    cap: float = BACKOFF_CAP,
    random_source: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before try `attempt + 1`, after `attempt` failed tries (1, 2, ...):
    base, 2 x base, 4 x base, ... up to `cap`, each drawn between half and all of it, so that
    jobs that failed together do not all come back together."""
    ceiling = min(cap, base * 2.0 ** min(max(attempt, 1) - 1, 62))
    return ceiling / 2 + random_source() * ceiling / 2


def retry_delay(
    failure: BaseException | int,
    attempt: int,
    *,
    random_source: Callable[[], float] = random.random,
) -> float | None:
    """Seconds before trying again after `attempt` failed tries, or None when a retry cannot
    help: the backoff, or the server's Retry-After when that is longer."""
    if not retryable(failure):
        return None
    asked = getattr(failure, "retry_after", None)  # StatusError and HostBusy carry it
    waited = backoff(attempt, random_source=random_source)
    if isinstance(asked, int | float):
        return max(waited, min(float(asked), MAX_RETRY_AFTER))
    return waited
