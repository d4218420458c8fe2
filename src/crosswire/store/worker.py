"""The desk's worker: polls the feeds that are due and works through the job queue.

Each turn it queues a "poll" job for every feed that is due, claims the oldest job that is due
(`queue.claim`) and runs it:
- "ingest" {"input": path or URL; "url", "outlet", "published" when known}: the page read and
  stored through `Desk.ingest` (one article once; annotated unless told not to); a URL is
  fetched first, here, so that its failure is known for what it is (a 503 is tried again
  later, a 404 is not);
- "poll" {"feed": id}: the feed fetched conditionally (its last ETag and Last-Modified sent
  back), its validators and next poll kept, and an "ingest" job queued for each item link no
  job has had yet;
- "dossier" {"story": key}: `Desk.rebuild_dossier(key)`.

Every fetch goes through one fetch policy (http(s) only; loopback and private addresses refused
unless `allow_private`; deadlines and size caps) with the options' User-Agent, and through one
`HostPacer`, so one host is asked at most once per `host_interval` seconds whichever job asks.

A job runs at least once: a worker killed mid-job leaves it running under a lease that runs out,
and a worker started on the same machine puts the jobs of dead worker processes back at once
(`release_orphans`). The job kinds are safe to run twice. `run` stops between two jobs when its
`stop` event is set (the CLI sets it on SIGINT and SIGTERM); `run_once` works through what is
due and returns.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crosswire.errors import CrosswireError, InputError
from crosswire.sources.feeds import feed_fetcher, new_items, poll_feed
from crosswire.sources.fetch import ConditionalFetcher, FetchResult, check_status, http_fetcher
from crosswire.sources.options import SourceOptions
from crosswire.sources.politeness import DEFAULT_INTERVAL, HostPacer
from crosswire.store import queue
from crosswire.store.desk import Desk
from crosswire.store.feed_rows import POLL, get_feed, queue_due_polls, record_poll
from crosswire.store.jobs import INGEST
from crosswire.store.queue import DONE, FAILED, Job

log = logging.getLogger(__name__)

DOSSIER = "dossier"
HINTS = ("url", "outlet", "published")  # what an "ingest" job may say of its page
DEFAULT_IDLE_SECONDS = 30.0  # how long an idle worker waits before it looks at the queue again
Handler = Callable[[Job], None]


class JobFailed(CrosswireError):
    """A job that cannot succeed, with the reason (no retry can help)."""


@dataclass(frozen=True, slots=True)
class WorkReport:
    """What a worker did: jobs done, failed for good, and put back to be tried again later."""

    done: int = 0
    failed: int = 0
    retried: int = 0

    def summary(self) -> str:
        return f"{self.done} jobs done, {self.failed} failed, {self.retried} to try again later"


@dataclass(slots=True)
class _Tally:
    counts: dict[str, int] = field(default_factory=lambda: {"done": 0, "failed": 0, "queued": 0})

    def report(self) -> WorkReport:
        return WorkReport(self.counts["done"], self.counts["failed"], self.counts["queued"])


class Worker:
    """A worker over one desk. `options` set the fetch policy and limits (`allow_private`, the
    User-Agent, timeouts); `fetch` replaces the network fetcher (tests); `handlers` add or
    replace job kinds; `random_source` draws the retries' jitter."""

    def __init__(
        self,
        desk: Desk,
        *,
        options: SourceOptions = SourceOptions(),
        annotate: bool = True,
        lease_seconds: float = queue.DEFAULT_LEASE_SECONDS,
        host_interval: float = DEFAULT_INTERVAL,
        fetch: ConditionalFetcher | None = None,
        handlers: Mapping[str, Handler] | None = None,
        random_source: Callable[[], float] = random.random,
    ) -> None:
        self.desk = desk
        self.options = options
        self.annotate = annotate
        self.lease_seconds = lease_seconds
        self.random_source = random_source
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        pacer = HostPacer(host_interval)
        self._fetch = pacer.paced(fetch or http_fetcher(options))
        self._feed_fetch = pacer.paced(fetch or feed_fetcher(options))
        self.handlers: dict[str, Handler] = {
            INGEST: self.ingest,
            POLL: self.poll,
            DOSSIER: self.rebuild_dossier,
            **(handlers or {}),
        }

    def run_once(self) -> WorkReport:
        """Work through every job that is due now (polls of due feeds first), then return."""
        tally = _Tally()
        self._start()
        while (state := self.step()) is not None:
            tally.counts[state] += 1
        return tally.report()

    def run(self, stop: threading.Event, idle_seconds: float = DEFAULT_IDLE_SECONDS) -> WorkReport:
        """Work until `stop` is set (checked between two jobs), waiting `idle_seconds` when no
        job is due."""
        tally = _Tally()
        self._start()
        while not stop.is_set():
            state = self.step()
            if state is None:
                stop.wait(idle_seconds)
            else:
                tally.counts[state] += 1
        return tally.report()

    def _start(self) -> None:
        now = self.desk.clock()
        released = self.desk.store.write(
            lambda connection: queue.release_orphans(connection, worker_is_gone, now)
        )
        if released:
            log.warning("%d jobs of stopped workers queued again", len(released))

    def step(self) -> str | None:
        """Queue the polls that are due, then claim one job and run it: the state it is left in
        (done, failed, queued to be tried again), or None when no job is due."""
        now = self.desk.clock()
        self.desk.store.write(lambda connection: queue_due_polls(connection, now))
        job = self.desk.store.write(
            lambda connection: queue.claim(
                connection, self.id, now, lease_seconds=self.lease_seconds
            )
        )
        if job is None:
            return None
        return self.run_job(job)

    def run_job(self, job: Job) -> str:
        """Run a claimed job and record how it ended; the state it is left in."""
        handler = self.handlers.get(job.kind)
        try:
            if handler is None:
                raise JobFailed(f"no worker knows jobs of kind {job.kind!r}")
            handler(job)
        except JobFailed as failure:
            return self._failed(job, str(failure))
        except InputError as failure:  # a fetch: a retry may help (a timeout, a 503)
            return self._failed(job, failure)
        except CrosswireError as failure:  # e.g. the feed removed since: said, not retried
            return self._failed(job, str(failure))
        except Exception as failure:  # a bug must not stop the worker or lose the job's reason
            log.exception("job %d (%s) broke", job.id, job.kind)
            return self._failed(job, f"{type(failure).__name__}: {failure}")
        now = self.desk.clock()
        self.desk.store.write(lambda connection: queue.complete(connection, job, now))
        log.info("job %d (%s) done", job.id, job.kind)
        return DONE

    def _failed(self, job: Job, failure: BaseException | str) -> str:
        now = self.desk.clock()
        state = self.desk.store.write(
            lambda connection: queue.fail(
                connection, job, failure, now, random_source=self.random_source
            )
        )
        level = logging.WARNING if state == FAILED else logging.INFO
        log.log(level, "job %d (%s) %s: %s", job.id, job.kind, state, failure)
        return state

    def ingest(self, job: Job) -> None:
        """Store the article of the job's input (a path, or a URL fetched here)."""
        given = str(job.payload["input"])
        fetched: dict[str, Any] = {}
        if is_web_url(given):
            result = check_status(self._fetch(given.strip()))  # StatusError says if retryable
            fetched["fetch"] = _answering(result)
        hints = _hints(job.payload)
        report = self.desk.ingest(
            [given],
            url=hints.get("url"),
            outlet=hints.get("outlet"),
            published=hints.get("published"),
            annotate=self.annotate,
            keep_failures=False,  # the job failing is the record
            allow_private=self.options.allow_private,
            max_bytes=self.options.max_bytes,
            max_archive_bytes=self.options.max_archive_bytes,
            **fetched,
        )
        if report.failures:
            shown = "; ".join(failure.message for failure in report.failures[:5])
            raise JobFailed(shown if len(report.failures) == 1 else f"{given}: {shown}")

    def poll(self, job: Job) -> None:
        """Poll the job's feed; queue an ingest job for each item link not seen before."""
        with self.desk.store.reading() as connection:
            feed = get_feed(connection, int(job.payload["feed"]))
        polled = poll_feed(
            feed.url, etag=feed.etag, last_modified=feed.last_modified, fetch=self._feed_fetch
        )
        now = self.desk.clock()

        def keep(connection: Any) -> int:
            record_poll(connection, feed.id, polled.etag, polled.last_modified, now)
            payloads = [{"input": item.link} for item in polled.items]
            known = queue.known_payloads(connection, INGEST, payloads)
            seen = {p["input"] for p in payloads if queue.payload_text(p) in known}
            fresh = new_items(polled.items, seen)
            for item in fresh:
                queue.enqueue(connection, INGEST, {"input": item.link}, now)
            return len(fresh)

        queued = self.desk.store.write(keep)
        what = "unchanged" if polled.unchanged else f"{len(polled.items)} items"
        log.info("feed %s: %s, %d new queued", feed.url, what, queued)

    def rebuild_dossier(self, job: Job) -> None:
        """Rebuild the dossier of the job's story (a desk that cannot is a failure)."""
        rebuild = getattr(self.desk, "rebuild_dossier", None)
        if rebuild is None:
            raise JobFailed("this desk cannot rebuild dossiers")
        rebuild(job.payload["story"])


def _answering(result: FetchResult) -> Callable[[str], FetchResult]:
    """A fetcher that answers with what was fetched already: the desk reads it as it reads any
    fetched page."""

    def fetch(_url: str) -> FetchResult:
        return result

    return fetch


def is_web_url(given: str) -> bool:
    try:
        return urlsplit(given.strip()).scheme.lower() in ("http", "https")
    except ValueError:
        return False


def _hints(payload: Mapping[str, Any]) -> dict[str, str]:
    """What the job says is known of its page (the web desk's paste form): its address, outlet
    and publication date, as `crosswire ingest --url --outlet --published` take them."""
    return {name: str(payload[name]) for name in HINTS if payload.get(name)}


def worker_is_gone(worker_id: str) -> bool:
    """Whether the worker of that id was a process of this machine that no longer runs (one
    of another machine is left to its lease)."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it runs, as another user
        return False
    return False
