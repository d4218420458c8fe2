"""What the Add page and the ingest API take in, turned into the worker's jobs.

Uploaded files and pasted text are written to the uploads folder (one new folder per upload,
names cleaned to letters, digits, dots and dashes, the extension kept: it says how the page is
read) and queued as "ingest" jobs; addresses are queued as they are (the worker fetches them
under the one fetch policy); a feed is added to the polled feeds. Nothing is read here: the
worker does the reading, so a hostile page costs the server nothing but its bytes on disk.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from crosswire.errors import ConfigError
from crosswire.pipeline import hints_for
from crosswire.store.desk import Desk
from crosswire.store.feed_rows import parse_duration
from crosswire.store.jobs import INGEST

UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 120
MAX_URLS = 500  # addresses one form or call may add (more: `crosswire ingest --queue`)


def clean_name(name: str | None, default: str = "page.txt") -> str:
    """A file name safe to write in the uploads folder: no folders, no dot files."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = UNSAFE_NAME.sub("-", base).strip(".-")[-MAX_NAME:]
    return cleaned or default


def _new_folder(uploads: Path) -> Path:
    folder = uploads / uuid.uuid4().hex
    folder.mkdir(parents=True)
    return folder


def save_upload(desk: Desk, uploads: Path, name: str | None, content: BinaryIO) -> int:
    """Write one uploaded file and queue its ingest job; the job's id."""
    path = _new_folder(uploads) / clean_name(name)
    with path.open("wb") as out:
        shutil.copyfileobj(content, out, 1024 * 1024)
    return desk.enqueue(INGEST, {"input": str(path.resolve())})


def save_paste(
    desk: Desk,
    uploads: Path,
    text: str,
    *,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
) -> int:
    """Write a pasted page (its text, or its HTML) and queue its job with what is known of it;
    ConfigError for an empty paste or a malformed address or date."""
    if not text.strip():
        raise ConfigError("the pasted page is empty")
    hints_for(url=url or None, outlet=outlet or None, published=published or None)  # checked
    if url:
        check_web_address(url)
    path = _new_folder(uploads) / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    payload = {"input": str(path.resolve())}
    known = {"url": url, "outlet": outlet, "published": published}
    payload |= {name: value.strip() for name, value in known.items() if value and value.strip()}
    return desk.enqueue(INGEST, payload)


def check_web_address(url: str) -> str:
    """The address, if it is an http(s) address with a host (ConfigError if not). Whether its
    host may be fetched (no loopback, no private network) is the fetch policy's to say, when
    the worker fetches it."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not a web address (http or https): {url.strip()[:200]!r}")
    return url.strip()


def queue_addresses(desk: Desk, lines: Iterable[str]) -> list[int]:
    """Queue one ingest job per address (one per line; blank lines skipped)."""
    addresses = [check_web_address(line) for line in lines if line.strip()]
    if not addresses:
        raise ConfigError("give at least one address")
    if len(addresses) > MAX_URLS:
        raise ConfigError(f"{len(addresses)} addresses: at most {MAX_URLS} at once")
    return [desk.enqueue(INGEST, {"input": address}) for address in addresses]


def add_feed(desk: Desk, url: str, every: str = "30m") -> int:
    """Poll the feed at `url` every `every` (90s, 30m, 2h, ...); the feed's id."""
    return desk.add_feed(check_web_address(url), parse_duration(every)).id
