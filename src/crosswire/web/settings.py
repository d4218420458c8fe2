"""What a web desk is started with: its store, its access token, its limits."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# 50 MB: a WARC of a few hundred pages, far above any one page (the page reader caps a page at
# its own --max-bytes); a bigger archive goes through `crosswire ingest` on the command line.
DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
TOKEN_VARIABLE = "CROSSWIRE_TOKEN"
# How `serve --processes N` hands its settings to the server processes uvicorn starts (they
# import the app by name, so nothing else can reach them); the secret is shared, so a session
# cookie made by one process is good in every other.
SETTINGS_VARIABLE = "CROSSWIRE_WEB_SETTINGS"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class WebSettings:
    """The web desk's settings. `db`: the store (a path or URL; None: $CROSSWIRE_DB, else
    crosswire.db). `token`: the access token (None: no login, for 127.0.0.1 alone).
    `uploads`: where uploaded and pasted pages are kept for the worker (default: a folder
    beside the store, "<store>.uploads"). `secret` signs session cookies (new each start:
    a restart logs browsers out, which is fine for one machine)."""

    db: str | None = None
    token: str | None = None
    allow_private: bool = False
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    uploads: Path | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    clock: Callable[[], datetime] = _now
    poll_seconds: float = 2.0  # how often live pages look for a new dossier version or job state

    def uploads_folder(self, where: str) -> Path:
        """The folder uploads go to, for a store at `where` (its file, or a URL)."""
        if self.uploads is not None:
            return self.uploads
        if "://" in where:
            return Path.cwd() / "crosswire.uploads"
        return Path(where).with_name(Path(where).name + ".uploads")


def settings_to_environment(settings: WebSettings) -> None:
    """Put `settings` where `settings_from_environment` finds them (in this process's
    environment, which the server processes it starts inherit)."""
    os.environ[SETTINGS_VARIABLE] = json.dumps(
        {
            "db": settings.db,
            "token": settings.token,
            "allow_private": settings.allow_private,
            "max_upload_bytes": settings.max_upload_bytes,
            "uploads": None if settings.uploads is None else str(settings.uploads),
            "secret": settings.secret.hex(),
            "poll_seconds": settings.poll_seconds,
        }
    )


def settings_from_environment() -> WebSettings:
    """The settings `settings_to_environment` put in this process's environment."""
    given = json.loads(os.environ[SETTINGS_VARIABLE])
    uploads = given.pop("uploads")
    secret = bytes.fromhex(given.pop("secret"))
    return WebSettings(**given, uploads=None if uploads is None else Path(uploads), secret=secret)


def token_from_environment() -> str | None:
    """The access token set in $CROSSWIRE_TOKEN (None when unset or empty)."""
    return os.environ.get(TOKEN_VARIABLE) or None
