"""Fetching one http(s) URL: httpx with timeouts, redirect and size limits, a real User-Agent.

The fetcher is the only code that touches the network; `crosswire.sources.inputs.iter_pages` takes
any `Fetcher`, so tests answer with httpx.MockTransport (through `http_fetcher(transport=...)`) or a
plain function. HTTP error statuses come back as a `FetchResult` (the caller words the failure);
network failures raise InputError with a message a user can act on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus

import httpx

from crosswire.errors import InputError
from crosswire.sources.decode import size_text
from crosswire.sources.options import SourceOptions

ACCEPT_HEADER = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class FetchResult:
    """What a fetcher got for one URL (error statuses included; their body is not read)."""

    url: str  # the final URL, after redirects
    status: int
    content: bytes = b""
    content_type: str | None = None  # the Content-Type header as sent
    fetched_at: datetime | None = None


Fetcher = Callable[[str], FetchResult]


def http_fetcher(
    options: SourceOptions,
    *,
    transport: httpx.BaseTransport | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Fetcher:
    """The real network fetcher: httpx with the options' timeouts, redirect and size limits.

    `transport` lets tests answer with httpx.MockTransport; `clock` stamps `fetched_at`.
    """

    def fetch(url: str) -> FetchResult:
        try:
            with _client(options, transport) as client, client.stream("GET", url) as response:
                body = b""
                if response.is_success:
                    _refuse_announced_length(response, options.max_bytes)
                    body = _read_capped(response.iter_bytes(), options)
                return FetchResult(
                    url=str(response.url),
                    status=response.status_code,
                    content=body,
                    content_type=response.headers.get("content-type"),
                    fetched_at=clock(),
                )
        except httpx.HTTPError as error:
            raise InputError(_network_message(error, options)) from error
        except ValueError as error:  # httpx lets some malformed URLs ("https://") through to here
            raise InputError(f"not a valid URL ({error})") from error

    return fetch


def status_text(status: int) -> str:
    """`HTTP 404 Not Found`: a status as a user reads it."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {status} {phrase}".strip()


def _client(options: SourceOptions, transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=httpx.Timeout(options.timeout),
        headers={"User-Agent": options.user_agent, "Accept": ACCEPT_HEADER},
    )


def _refuse_announced_length(response: httpx.Response, max_bytes: int) -> None:
    """Refuse before reading when the server announces a body over the limit."""
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > max_bytes:
        raise InputError(
            f"response too large ({size_text(int(announced))} announced; the limit is "
            f"{size_text(max_bytes)}, set by max_bytes)"
        )


def _read_capped(chunks: Iterable[bytes], options: SourceOptions) -> bytes:
    """The body, stopping as soon as it passes max_bytes or the whole-download deadline."""
    deadline = time.monotonic() + options.total_timeout
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > options.max_bytes:
            raise InputError(
                f"response too large (over {size_text(options.max_bytes)}, the limit set by "
                "max_bytes)"
            )
        if time.monotonic() > deadline:
            raise InputError(f"download took longer than {options.total_timeout:g} s")
        parts.append(chunk)
    return b"".join(parts)


def _network_message(error: httpx.HTTPError, options: SourceOptions) -> str:
    if isinstance(error, httpx.TooManyRedirects):
        return f"too many redirects (more than {options.max_redirects}; a redirect loop?)"
    if isinstance(error, httpx.TimeoutException):
        return f"timed out (no answer within {options.timeout:g} s)"
    if isinstance(error, httpx.ConnectError):
        return f"cannot reach the server ({error or 'connection failed'})"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"not a valid URL ({error})"
    return f"download failed ({type(error).__name__}: {error})"
