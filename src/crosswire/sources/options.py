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
    total_timeout: float = 120.0  # seconds for one whole download (a slow drip is cut off)

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, not {self.max_bytes}")
        if self.timeout <= 0 or self.total_timeout <= 0:
            raise ConfigError("timeouts must be positive")
        if self.max_redirects < 0:
            raise ConfigError(f"max_redirects must be 0 or more, not {self.max_redirects}")
