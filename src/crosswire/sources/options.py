"""The limits every reader of inputs obeys: sizes, timeouts, redirects, the User-Agent sent.

Kept apart from the readers (`inputs`, `archives`, `fetch`) so that each of them can take the
options without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosswire import __version__
from crosswire.errors import ConfigError
from crosswire.sources.decode import MEGABYTE

DEFAULT_USER_AGENT = (
    f"Mozilla/5.0 (compatible; crosswire/{__version__}; story dossier builder; python-httpx)"
)


@dataclass(frozen=True)
class SourceOptions:
    """Limits for reading inputs. Raising them is the user's call (`--max-bytes` and the like)."""

    max_bytes: int = 50 * MEGABYTE  # per page: a file, a decompressed file, a record, a response
    timeout: float = 20.0  # seconds per network operation (connect, each read)
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    total_timeout: float = 120.0  # seconds for one whole fetch, from DNS to the last byte
    # Fetch loopback, private, link-local and reserved addresses too (see `fetch_policy`): off,
    # so that a service reading its users' URLs never reaches into its own machine or network.
    allow_private: bool = False
    # All a compressed input (.gz, .jsonl.gz, .warc.gz) may decompress to: a 10 MB bomb of zeros
    # stops here, not at the end of its 10 GB.
    max_archive_bytes: int = 4 * 1024 * MEGABYTE
    # Read a folder's symlinks that point outside it (off: a folder given is the folder read).
    follow_links: bool = False

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, not {self.max_bytes}")
        if self.max_archive_bytes <= 0:
            raise ConfigError(f"max_archive_bytes must be positive, not {self.max_archive_bytes}")
        if self.timeout <= 0 or self.total_timeout <= 0:
            raise ConfigError("timeouts must be positive")
        if self.max_redirects < 0:
            raise ConfigError(f"max_redirects must be 0 or more, not {self.max_redirects}")
