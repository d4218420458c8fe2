"""The durable job queue on a real SQLite file, on a fake clock: claims, leases that run out,
completion, failures retried with backoff or failed for good, retries on demand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crosswire.errors import ConfigError, StoreError
from crosswire.sources.fetch import StatusError, TransientFetchError
from crosswire.store import queue
from crosswire.store.desk import Desk
from crosswire.store.feed_rows import parse_duration, queue_due_polls
from crosswire.store.queue import DONE, FAILED, MAX_ATTEMPTS, QUEUED, RUNNING

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def desk(tmp_path: Path, clock: FakeClock) -> Iterator[Desk]:
    with Desk(tmp_path / "queue.db", clock=clock) as opened:
        yield opened


def _enqueue(desk: Desk, payload: dict[str, object], kind: str = "ingest") -> int:
    return desk.store.write(lambda c: queue.enqueue(c, kind, payload, desk.clock()))


def _claim(desk: Desk, worker: str = "w1", lease: float = 60) -> queue.Job | None:
    return desk.store.write(lambda c: queue.claim(c, worker, desk.clock(), lease_seconds=lease))


def _job(desk: Desk, job_id: int) -> queue.Job:
    with desk.store.reading() as connection:
        return queue.get_job(connection, job_id)


def test_identical_waiting_payloads_are_one_job_but_a_done_one_is_queued_again(
    desk: Desk,
) -> None:
    first = _enqueue(desk, {"input": "a.txt", "x": 1})
    assert _enqueue(desk, {"x": 1, "input": "a.txt"}) == first  # key order does not matter
    assert _enqueue(desk, {"input": "b.txt"}) != first
    assert _enqueue(desk, {"input": "a.txt", "x": 1}, kind="other") != first
    job = _claim(desk)
    assert job is not None and job.id == first
    assert _enqueue(desk, {"input": "a.txt", "x": 1}) == first  # running: still the same work
    desk.store.write(lambda c: queue.complete(c, job, desk.clock()))
    assert _enqueue(desk, {"input": "a.txt", "x": 1}) != first  # done: the page may have changed


def test_claim_takes_the_oldest_due_job_once(desk: Desk, clock: FakeClock) -> None:
    later = desk.store.write(
        lambda c: queue.enqueue(c, "ingest", {"n": 0}, START, not_before=START + timedelta(60))
    )
    first, second = _enqueue(desk, {"n": 1}), _enqueue(desk, {"n": 2})
    claimed = [_claim(desk, "w1"), _claim(desk, "w2"), _claim(desk, "w3")]
    assert [job.id if job else None for job in claimed] == [first, second, None]
    one = claimed[0]
    assert one is not None
    assert (one.state, one.attempts, one.locked_by) == (RUNNING, 1, "w1")
    assert one.locked_until == START + timedelta(seconds=60)
    clock.advance(60 * 86400)
    due = _claim(desk, "w3", lease=3600)
    assert due is not None and due.id == later


def test_a_job_whose_lease_ran_out_is_claimed_again(desk: Desk, clock: FakeClock) -> None:
    job_id = _enqueue(desk, {"input": "a.txt"})
    dead = _claim(desk, "dead", lease=60)
    assert dead is not None
    clock.advance(59)
    assert _claim(desk, "w2") is None  # its worker may still be at it
    clock.advance(2)
    again = _claim(desk, "w2")
    assert again is not None and again.id == job_id and again.attempts == 2
    # The dead worker's late word changes nothing: the job is w2's now.
    assert not desk.store.write(lambda c: queue.complete(c, dead, desk.clock()))
    assert desk.store.write(lambda c: queue.complete(c, again, desk.clock()))
    assert _job(desk, job_id).state == DONE


def test_a_job_that_kills_its_worker_every_time_fails_for_good(
    desk: Desk, clock: FakeClock
) -> None:
    job_id = _enqueue(desk, {"input": "poison.txt"})
    for _ in range(MAX_ATTEMPTS):
        assert _claim(desk, lease=10) is not None
        clock.advance(11)
    assert _claim(desk) is None
    job = _job(desk, job_id)
    assert job.state == FAILED and "abandoned" in (job.last_error or "")


def test_a_retryable_failure_is_queued_again_with_backoff_until_tries_run_out(
    desk: Desk, clock: FakeClock
) -> None:
    job_id = _enqueue(desk, {"input": "https://example.com/a"})
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        job = _claim(desk)
        assert job is not None and job.attempts == attempt
        state = desk.store.write(
            lambda c, job=job: queue.fail(
                c, job, StatusError(503), desk.clock(), random_source=lambda: 1.0
            )
        )
        stored = _job(desk, job_id)
        assert stored.last_error == "HTTP 503 Service Unavailable"
        if attempt == MAX_ATTEMPTS:
            assert state == FAILED == stored.state
            break
        assert state == QUEUED == stored.state and stored.locked_by is None
        assert stored.not_before is not None
        waits.append((stored.not_before - clock.now).total_seconds())
        assert _claim(desk) is None  # not before its time
        clock.advance(waits[-1])
    assert waits == [30.0, 60.0, 120.0, 240.0]  # doubling (the jitter drawn at its top)


def test_a_retry_waits_as_long_as_retry_after_asks(desk: Desk) -> None:
    job_id = _enqueue(desk, {"input": "https://example.com/a"})
    job = _claim(desk)
    assert job is not None
    desk.store.write(lambda c: queue.fail(c, job, StatusError(429, 3600.0), desk.clock()))
    assert _job(desk, job_id).not_before == START + timedelta(seconds=3600)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (StatusError(404), "HTTP 404 Not Found"),
        ("no article text found", "no article text found"),
        (ValueError("a bug"), "a bug"),
    ],
)
def test_a_failure_no_retry_can_help_fails_at_once_with_its_reason(
    desk: Desk, error: BaseException | str, reason: str
) -> None:
    job_id = _enqueue(desk, {"input": "x"})
    job = _claim(desk)
    assert job is not None
    assert desk.store.write(lambda c: queue.fail(c, job, error, desk.clock())) == FAILED
    stored = _job(desk, job_id)
    assert (stored.state, stored.last_error, stored.locked_by) == (FAILED, reason, None)


def test_a_failed_job_is_retried_on_demand_and_listed_by_state(desk: Desk) -> None:
    job_id = _enqueue(desk, {"input": "x"})
    other = _enqueue(desk, {"input": "y"})
    job = _claim(desk)
    assert job is not None
    desk.store.write(lambda c: queue.fail(c, job, "gone", desk.clock()))
    with desk.store.reading() as connection:
        assert [j.id for j in queue.list_jobs(connection, state=FAILED)] == [job_id]
        assert [j.id for j in queue.list_jobs(connection, state=QUEUED)] == [other]
        assert queue.job_counts(connection) == {QUEUED: 1, RUNNING: 0, DONE: 0, FAILED: 1}
    again = desk.store.write(lambda c: queue.retry(c, job_id, desk.clock()))
    assert (again.state, again.attempts, again.last_error) == (QUEUED, 0, "gone")
    with pytest.raises(StoreError, match="not failed"):
        desk.store.write(lambda c: queue.retry(c, other, desk.clock()))


def test_jobs_of_dead_workers_are_released_at_once(desk: Desk) -> None:
    mine, theirs = _enqueue(desk, {"n": 1}), _enqueue(desk, {"n": 2})
    _claim(desk, "host:1:dead")
    _claim(desk, "host:2:alive")
    released = desk.store.write(
        lambda c: queue.release_orphans(c, lambda owner: owner.endswith("dead"), desk.clock())
    )
    assert released == [mine]
    assert (_job(desk, mine).state, _job(desk, theirs).state) == (QUEUED, RUNNING)


def test_a_transient_network_failure_is_retryable(desk: Desk) -> None:
    _enqueue(desk, {"input": "https://example.com/a"})
    job = _claim(desk)
    assert job is not None
    failure = TransientFetchError("timed out")
    assert desk.store.write(lambda c: queue.fail(c, job, failure, desk.clock())) == QUEUED


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("30m", 1800), ("2h", 7200), ("1d", 86400), ("1.5h", 5400)]
)
def test_durations_read_as_seconds(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["59s", "0m", "soon", "m", "-5m"])
def test_durations_too_short_or_unreadable_are_refused(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_duration(text)


def test_a_due_feed_is_polled_once_per_interval_even_while_it_fails(
    desk: Desk, clock: FakeClock
) -> None:
    feed = desk.add_feed("https://harbour-ledger.example/rss", 600)
    assert desk.store.write(lambda c: queue_due_polls(c, desk.clock())) == [feed.id]
    assert desk.store.write(lambda c: queue_due_polls(c, desk.clock())) == []
    clock.advance(600)
    assert desk.store.write(lambda c: queue_due_polls(c, desk.clock())) == [feed.id]
    assert len(desk.jobs(QUEUED)) == 1  # the poll still waiting is not queued twice
