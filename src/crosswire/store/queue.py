"""The durable job queue: work kept in the store's `jobs` table, so that no crash loses it.

A job is `queued` until a worker claims it; the claim (in a write transaction that holds the
lock from its start, BEGIN IMMEDIATE) makes it `running`, locked by that worker until its lease
ends. A worker that finishes it marks it `done`; one that fails puts it back with a delay when a
later try may help (a timeout, HTTP 408, 429, 5xx: `politeness.retry_delay`), up to
MAX_ATTEMPTS tries, and marks it `failed` with its reason otherwise. A worker killed mid-job
never says either: its lease runs out (or a worker on the same machine sees its process gone)
and the job is claimed again, so a job runs at least once and each job kind must be safe to run
twice (storing an article is: the second time it is "already there").

Every function takes a connection inside a write transaction (`Store.write`), or a read one for
the listings, and the moment to stamp rows with: the clock belongs to the caller.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Text, and_, func, insert, or_, select, type_coerce, update

from crosswire.errors import StoreError
from crosswire.sources.politeness import retry_delay
from crosswire.store.schema import JOB_STATES, jobs

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = JOB_STATES
MAX_ATTEMPTS = 5  # tries of one job, retries and abandoned runs counted: then failed for good
DEFAULT_LEASE_SECONDS = 600.0  # a job takes seconds; a worker silent for minutes is gone
MAX_ERROR_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Job:
    """One row of the jobs table."""

    id: int
    kind: str  # "ingest", "poll", "dossier", ...
    payload: dict[str, Any]
    state: str  # queued, running, done, failed
    attempts: int  # tries started so far
    not_before: datetime | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    locked_by: str | None
    locked_until: datetime | None


def canonical_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload with its keys sorted, all the way down: two equal payloads are then one same
    JSON text in the store, which is what de-duplication compares."""
    canonical = json.loads(json.dumps(payload, sort_keys=True))
    if not isinstance(canonical, dict):
        raise StoreError("a job's payload is a JSON object")
    return canonical


def payload_text(payload: Mapping[str, Any]) -> str:
    """The JSON text a payload is stored as (the store's compact serialiser, keys sorted)."""
    return json.dumps(canonical_payload(payload), ensure_ascii=False, separators=(",", ":"))


def enqueue(
    connection: Connection,
    kind: str,
    payload: Mapping[str, Any],
    now: datetime,
    *,
    not_before: datetime | None = None,
    dedupe: bool = True,
) -> int:
    """Queue a job; its id. With `dedupe`, a job of the same kind and payload still waiting or
    running is that job (its id), not a second one: fetching a URL twice at once helps nobody."""
    if dedupe:
        found = connection.execute(
            select(jobs.c.id)
            .where(jobs.c.kind == kind, jobs.c.state.in_((QUEUED, RUNNING)))
            .where(type_coerce(jobs.c.payload, Text) == payload_text(payload))
            .limit(1)
        ).scalar()
        if found is not None:
            return int(found)
    result = connection.execute(
        insert(jobs).values(
            kind=kind,
            payload=canonical_payload(payload),
            state=QUEUED,
            attempts=0,
            not_before=not_before,
            created_at=now,
            updated_at=now,
        )
    )
    (job_id,) = result.inserted_primary_key or (None,)
    assert isinstance(job_id, int)
    return job_id


def claim(
    connection: Connection,
    worker_id: str,
    now: datetime,
    *,
    lease_seconds: float = DEFAULT_LEASE_SECONDS,
    kinds: tuple[str, ...] | None = None,
) -> Job | None:
    """The oldest job that is due (queued and past its `not_before`, or running under a lease
    that ran out: its worker died), now running for `worker_id` until the lease ends; None when
    none is due. Call it in a write transaction: two workers never claim one job. A job
    abandoned MAX_ATTEMPTS times is failed instead of run again (it may be what kills them)."""
    while True:
        query = select(jobs).where(_due(now)).order_by(jobs.c.id).limit(1)
        if kinds is not None:
            query = query.where(jobs.c.kind.in_(kinds))
        row = connection.execute(query).mappings().first()
        if row is None:
            return None
        if row["state"] == RUNNING and row["attempts"] >= MAX_ATTEMPTS:
            _fail_abandoned(connection, row["id"], row["attempts"], now)
            continue
        if row["state"] == RUNNING:
            log.warning(
                "job %d: its worker %s let its lease run out; again", row["id"], row["locked_by"]
            )
        connection.execute(
            update(jobs)
            .where(jobs.c.id == row["id"])
            .values(
                state=RUNNING,
                attempts=row["attempts"] + 1,
                locked_by=worker_id,
                locked_until=now + timedelta(seconds=lease_seconds),
                updated_at=now,
            )
        )
        return get_job(connection, row["id"])


def _due(now: datetime) -> Any:
    return or_(
        and_(jobs.c.state == QUEUED, or_(jobs.c.not_before.is_(None), jobs.c.not_before <= now)),
        and_(jobs.c.state == RUNNING, jobs.c.locked_until < now),
    )


def _fail_abandoned(connection: Connection, job_id: int, attempts: int, now: datetime) -> None:
    reason = f"abandoned: its worker stopped while running it, {attempts} times"
    log.error("job %d %s", job_id, reason)
    _finish(connection, job_id, FAILED, now, error=reason)


def complete(connection: Connection, job: Job, now: datetime) -> bool:
    """Mark the job done; False when it is no longer this worker's (its lease ran out and
    another worker claimed it: that one finishes it)."""
    return _finish(connection, job.id, DONE, now, worker_id=job.locked_by)


def fail(
    connection: Connection,
    job: Job,
    error: BaseException | str,
    now: datetime,
    *,
    random_source: Callable[[], float] | None = None,
) -> str:
    """Record that the job failed with `error`: queued again after a backoff when a later try
    may help and it has tries left, failed for good otherwise. The state it is left in. A
    string `error` is a reason no retry can help."""
    reason = str(error)[:MAX_ERROR_CHARS] or type(error).__name__
    delay = None
    if isinstance(error, BaseException) and job.attempts < MAX_ATTEMPTS:
        extra = {} if random_source is None else {"random_source": random_source}
        delay = retry_delay(error, job.attempts, **extra)
    if delay is None:
        _finish(connection, job.id, FAILED, now, error=reason, worker_id=job.locked_by)
        return FAILED
    retry_at = now + timedelta(seconds=delay)
    _finish(connection, job.id, QUEUED, now, error=reason, worker_id=job.locked_by, at=retry_at)
    log.info("job %d: %s; tried again after %s", job.id, reason, retry_at.isoformat())
    return QUEUED


def _finish(
    connection: Connection,
    job_id: int,
    state: str,
    now: datetime,
    *,
    error: str | None = None,
    worker_id: str | None = None,
    at: datetime | None = None,
) -> bool:
    """Leave the running job in `state`, unlocked; only if `worker_id` (when given) holds it."""
    query = update(jobs).where(jobs.c.id == job_id, jobs.c.state == RUNNING)
    if worker_id is not None:
        query = query.where(jobs.c.locked_by == worker_id)
    values: dict[str, Any] = {
        "state": state,
        "locked_by": None,
        "locked_until": None,
        "updated_at": now,
        "not_before": at,
    }
    if error is not None:
        values["last_error"] = error
    changed = connection.execute(query.values(**values)).rowcount == 1
    if not changed:
        log.warning("job %d is no longer %s's: left as it is", job_id, worker_id)
    return changed


def release_orphans(
    connection: Connection, is_gone: Callable[[str], bool], now: datetime
) -> list[int]:
    """Put back in the queue the running jobs whose worker `is_gone` says is dead (a process of
    this machine that no longer runs), without waiting for their lease to end; their ids."""
    rows = connection.execute(
        select(jobs.c.id, jobs.c.locked_by).where(jobs.c.state == RUNNING)
    ).all()
    released = [job_id for job_id, owner in rows if owner is not None and is_gone(owner)]
    for job_id in released:
        connection.execute(
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.state == RUNNING)
            .values(state=QUEUED, locked_by=None, locked_until=None, updated_at=now)
        )
        log.warning("job %d: its worker is gone; queued again", job_id)
    return released


def retry(connection: Connection, job_id: int, now: datetime) -> Job:
    """Queue a failed job again, at once and with its tries counted afresh (its last error is
    kept until the next try). StoreError when there is no such job or it has not failed."""
    job = get_job(connection, job_id)
    if job.state != FAILED:
        raise StoreError(f"job {job_id} is {job.state}, not failed: nothing to retry")
    connection.execute(
        update(jobs)
        .where(jobs.c.id == job_id)
        .values(state=QUEUED, attempts=0, not_before=None, updated_at=now)
    )
    return get_job(connection, job_id)


def get_job(connection: Connection, job_id: int) -> Job:
    """The job of that id; StoreError when there is none."""
    row = connection.execute(select(jobs).where(jobs.c.id == job_id)).mappings().first()
    if row is None:
        raise StoreError(f"no job {job_id}")
    return Job(**dict(row))


def list_jobs(
    connection: Connection, *, state: str | None = None, kind: str | None = None
) -> list[Job]:
    """The jobs, oldest first: those in `state` (and of `kind`), or all."""
    if state is not None and state not in JOB_STATES:
        raise StoreError(f"no job state {state!r} (one of {', '.join(JOB_STATES)})")
    query = select(jobs).order_by(jobs.c.id)
    if state is not None:
        query = query.where(jobs.c.state == state)
    if kind is not None:
        query = query.where(jobs.c.kind == kind)
    return [Job(**dict(row)) for row in connection.execute(query).mappings()]


def page_jobs(
    connection: Connection,
    *,
    state: str | None = None,
    ids: Sequence[int] | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[Job], int]:
    """A page of the jobs, newest first (those in `state`, or of those `ids`), and how many
    there are in all: what a list of thousands of jobs shows one page of."""
    if state is not None and state not in JOB_STATES:
        raise StoreError(f"no job state {state!r} (one of {', '.join(JOB_STATES)})")
    chosen = select(jobs)
    counted = select(func.count(jobs.c.id))
    if state is not None:
        chosen, counted = chosen.where(jobs.c.state == state), counted.where(jobs.c.state == state)
    if ids is not None:
        wanted = list(ids)
        chosen, counted = chosen.where(jobs.c.id.in_(wanted)), counted.where(jobs.c.id.in_(wanted))
    rows = connection.execute(chosen.order_by(jobs.c.id.desc()).offset(offset).limit(limit))
    total = int(connection.execute(counted).scalar() or 0)
    return [Job(**dict(row)) for row in rows.mappings()], total


def job_counts(connection: Connection) -> dict[str, int]:
    """How many jobs are in each state (every state named, 0 included)."""
    counts = dict.fromkeys(JOB_STATES, 0)
    for state, count in connection.execute(
        select(jobs.c.state, func.count(jobs.c.id)).group_by(jobs.c.state)
    ):
        counts[state] = int(count)
    return counts


def known_payloads(connection: Connection, kind: str, payloads: list[dict[str, Any]]) -> set[str]:
    """Which of the payloads a job of `kind` already has (in any state), as payload texts."""
    texts = [payload_text(payload) for payload in payloads]
    if not texts:
        return set()
    found = connection.execute(
        select(type_coerce(jobs.c.payload, Text)).where(
            jobs.c.kind == kind, type_coerce(jobs.c.payload, Text).in_(texts)
        )
    ).scalars()
    return set(found)
