"""The feeds table: what the worker polls, how often, and what it sent back last time.

A feed added is due at once. When it is due, the worker queues one "poll" job for it and moves
its next poll on by its interval in the same transaction, so a feed that fails (gone, not a
feed) is still tried once per interval and not at every turn of the worker's loop; a poll that
succeeds keeps the validators (ETag, Last-Modified) the next poll sends back.

What the feed's items link to is not kept here: an item is "seen" when an "ingest" job for its
link exists (`queue.known_payloads`), whatever became of that job, so a link that failed for
good is not fetched again at every poll.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, delete, insert, or_, select, update

from crosswire.errors import ConfigError, StoreError
from crosswire.store.queue import enqueue
from crosswire.store.schema import feeds

POLL = "poll"
MIN_EVERY_SECONDS = 60  # a feed polled more often than once a minute is a burden on its host
DEFAULT_EVERY_SECONDS = 30 * 60
DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", re.I)
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class Feed:
    """One row of the feeds table."""

    id: int
    url: str
    every_seconds: int
    etag: str | None
    last_modified: str | None
    last_polled: datetime | None
    next_poll: datetime | None


def parse_duration(text: str, *, minimum: int = MIN_EVERY_SECONDS) -> int:
    """Seconds in "90s", "30m", "2h", "1d" (a bare number is seconds); ConfigError for another
    text or a duration under `minimum` seconds."""
    found = DURATION.fullmatch(text)
    if found is None:
        raise ConfigError(f"not a duration: {text!r} (write 90s, 30m, 2h or 1d)")
    seconds = round(float(found[1]) * UNIT_SECONDS[found[2].lower()])
    if seconds < minimum:
        raise ConfigError(f"{text.strip()} is too often: at least {minimum} seconds between polls")
    return seconds


def add_feed(connection: Connection, url: str, every_seconds: int, now: datetime) -> Feed:
    """Add the feed (due at once), or change the interval of the feed at that URL."""
    if every_seconds < MIN_EVERY_SECONDS:
        raise ConfigError(f"a feed is polled at most once a minute, not every {every_seconds} s")
    found = _row(connection, feeds.c.url == url)
    if found is not None:
        connection.execute(
            update(feeds).where(feeds.c.id == found.id).values(every_seconds=every_seconds)
        )
        return get_feed(connection, str(found.id))
    connection.execute(insert(feeds).values(url=url, every_seconds=every_seconds, next_poll=now))
    return get_feed(connection, url)


def list_feeds(connection: Connection) -> list[Feed]:
    """Every feed, in the order they were added."""
    rows = connection.execute(select(feeds).order_by(feeds.c.id)).mappings()
    return [Feed(**dict(row)) for row in rows]


def get_feed(connection: Connection, id_or_url: str | int) -> Feed:
    """The feed of that id or URL; StoreError when there is none."""
    found = _row(connection, _named(id_or_url))
    if found is None:
        raise StoreError(f"no feed {id_or_url}")
    return found


def remove_feed(connection: Connection, id_or_url: str | int) -> Feed:
    """Remove the feed of that id or URL (the articles it brought stay); the feed removed."""
    found = get_feed(connection, id_or_url)
    connection.execute(delete(feeds).where(feeds.c.id == found.id))
    return found


def queue_due_polls(connection: Connection, now: datetime) -> list[int]:
    """Queue a poll job for every feed that is due, and move its next poll on by its interval
    (a poll that succeeds sets it again from when it polled); the ids of the feeds queued."""
    due = connection.execute(
        select(feeds.c.id, feeds.c.every_seconds).where(
            or_(feeds.c.next_poll.is_(None), feeds.c.next_poll <= now)
        )
    ).all()
    for feed_id, every in due:
        enqueue(connection, POLL, {"feed": feed_id}, now)
        connection.execute(
            update(feeds)
            .where(feeds.c.id == feed_id)
            .values(next_poll=now + timedelta(seconds=every))
        )
    return [feed_id for feed_id, _ in due]


def record_poll(
    connection: Connection,
    feed_id: int,
    etag: str | None,
    last_modified: str | None,
    now: datetime,
) -> None:
    """Keep what a successful poll sent back, and when to poll next."""
    every = connection.execute(select(feeds.c.every_seconds).where(feeds.c.id == feed_id)).scalar()
    if every is None:  # removed while it was being polled
        return
    connection.execute(
        update(feeds)
        .where(feeds.c.id == feed_id)
        .values(
            etag=etag,
            last_modified=last_modified,
            last_polled=now,
            next_poll=now + timedelta(seconds=int(every)),
        )
    )


def _named(id_or_url: str | int) -> ColumnElement[bool]:
    text = str(id_or_url).strip()
    return feeds.c.id == int(text) if text.isdigit() else feeds.c.url == text


def _row(connection: Connection, condition: ColumnElement[bool]) -> Feed | None:
    row = connection.execute(select(feeds).where(condition)).mappings().first()
    return None if row is None else Feed(**dict(row))
