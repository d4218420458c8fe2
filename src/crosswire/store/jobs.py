"""The jobs table: durable work, and the record of work that failed.

An input that gave no article is kept as a failed "ingest" job with its reason, so that every
input ends as an article or as a failure the desk can list (and a worker can retry later).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert

from crosswire.store.schema import jobs

INGEST = "ingest"


def record_failed_job(
    connection: Connection, kind: str, payload: dict[str, object], reason: str, now: datetime
) -> int:
    """Keep a job that was tried once and failed, with its reason; its id."""
    result = connection.execute(
        insert(jobs).values(
            kind=kind,
            payload=payload,
            state="failed",
            attempts=1,
            last_error=reason,
            created_at=now,
            updated_at=now,
        )
    )
    (job_id,) = result.inserted_primary_key or (None,)
    assert isinstance(job_id, int)
    return job_id
