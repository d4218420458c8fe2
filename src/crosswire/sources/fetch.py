"""Fetching one http(s) URL: safe to run as a service, over any URL a user gives.

Each fetch obeys `crosswire.sources.fetch_policy` (http(s) only; loopback, private and other
internal addresses refused after DNS and on every redirect, unless `allow_private`) and has:
- one deadline (`total_timeout`) from DNS to the last byte, across every redirect hop, beside
  the per-operation `timeout` (`crosswire.sources.network` holds every socket to both);
- at most `max_redirects` redirects, followed here one hop at a time (each target vetted, each
  redirect's body left unread);
- a body of at most `max_bytes` both as sent and as decoded: content encodings are undone in
  bounded steps (`crosswire.sources.http_decoding`), so no gzip bomb expands past the limit;
- no credentials sent: `user:password@` in a URL is stripped before the request, and every URL
  this module hands back or words a failure with is stripped too;
- a real User-Agent, and no environment proxy or .netrc (`trust_env` off).

A fetch may be conditional (`etag` / `last_modified`, sent as If-None-Match / If-Modified-Since,
so a feed polled every few minutes costs the server a 304 Not Modified, without a body, when
nothing changed) and may name what it accepts (`accept`). The result carries the response's
validators (ETag, Last-Modified) to send next time and its Retry-After.

The fetcher is the only code that touches the network; `crosswire.sources.inputs.iter_pages` takes
any `Fetcher`, so tests answer with httpx.MockTransport (through `http_fetcher(transport=...)`,
which bypasses the sockets, so the policy then checks each URL as written, not its addresses), a
fake network under the real sockets' policy (`network=`), or a plain function. HTTP error
statuses come back as a `FetchResult` (the caller words the failure, or `check_status` raises a
`StatusError`); network failures raise InputError with a message a user can act on, and those a
later try may get past (a timeout, no connection, a connection cut) raise its subclass
`TransientFetchError`, so a job queue knows what to retry (`crosswire.sources.politeness`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Protocol

import httpcore
import httpx

from crosswire.errors import InputError
from crosswire.sources.decode import size_text
from crosswire.sources.fetch_policy import (
    FetchPolicy,
    Resolver,
    system_resolver,
    without_credentials,
)
from crosswire.sources.http_decoding import ACCEPT_ENCODING, decoded_body, too_large
from crosswire.sources.network import Deadline, GuardedBackend, guarded_transport
from crosswire.sources.options import SourceOptions

ACCEPT_HEADER = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
NOT_MODIFIED = 304
# An ETag or a date is a few dozen characters; a longer one is not worth sending back or keeping.
MAX_VALIDATOR_LENGTH = 1000


class TransientFetchError(InputError):
    """A fetch that failed on the way (timed out, no connection, the connection cut): the same
    fetch may well succeed later."""


class StatusError(InputError):
    """The server answered with an HTTP error status; `retry_after` is the seconds it asked to
    wait (Retry-After), when it said."""

    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(status_text(status))
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class FetchResult:
    """What a fetcher got for one URL (error statuses and 304 included; their body is not read)."""

    url: str  # the final URL, after redirects
    status: int
    content: bytes = b""
    content_type: str | None = None  # the Content-Type header as sent
    fetched_at: datetime | None = None
    etag: str | None = None  # the ETag header: the validator to send back as If-None-Match
    last_modified: str | None = None  # the Last-Modified header, sent back as If-Modified-Since
    retry_after: str | None = None  # the Retry-After header as sent: seconds or an HTTP date

    @property
    def not_modified(self) -> bool:
        return self.status == NOT_MODIFIED

    def retry_after_seconds(self) -> float | None:
        """The seconds Retry-After asks to wait from when this was fetched (0 for a date
        already past), or None when it is absent or unreadable."""
        return retry_after_seconds(self.retry_after, self.fetched_at)


Fetcher = Callable[[str], FetchResult]


class ConditionalFetcher(Protocol):
    """A `Fetcher` that can also ask only for a change (If-None-Match / If-Modified-Since) and
    say what it accepts; `http_fetcher` makes one, and any such fetcher is a `Fetcher`."""

    def __call__(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult: ...


def check_status(result: FetchResult) -> FetchResult:
    """The result when it is a success or a 304 Not Modified; StatusError otherwise."""
    if 200 <= result.status < 300 or result.not_modified:
        return result
    raise StatusError(result.status, result.retry_after_seconds())


def retry_after_seconds(value: str | None, now: datetime | None) -> float | None:
    """Retry-After as seconds to wait: "120", or an HTTP date counted from `now` (needed for a
    date; a date already past is 0); None when absent or unreadable."""
    text = (value or "").strip()
    if text.isdigit():
        return float(text)
    if not text or now is None:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # an HTTP date is always GMT
        moment = moment.replace(tzinfo=UTC)
    return max((moment - now).total_seconds(), 0.0)


def http_fetcher(
    options: SourceOptions,
    *,
    transport: httpx.BaseTransport | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    resolver: Resolver = system_resolver,
    network: httpcore.NetworkBackend | None = None,
) -> ConditionalFetcher:
    """The real network fetcher: httpx under the fetch policy, with the options' deadline,
    timeouts, redirect and size limits.

    `transport` replaces the sockets (tests answer with httpx.MockTransport); `resolver` turns
    host names into addresses and `network` makes the connections to the vetted ones (tests
    pass fakes of both); `clock` stamps `fetched_at`.
    """
    policy = FetchPolicy(allow_private=options.allow_private, resolver=resolver)
    ssl_context = httpx.create_ssl_context() if transport is None else None

    def fetch(
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        deadline = Deadline.starting_now(options.total_timeout)
        sockets = transport or guarded_transport(
            GuardedBackend(policy, deadline, network), ssl_context
        )
        asked = _request_headers(etag, last_modified, accept)
        try:
            with _client(options, sockets) as client:
                return _fetch_following(client, url, asked, policy, options, deadline, clock)
        except httpx.HTTPError as error:
            raise _network_failure(error, options, deadline) from error
        except (httpx.InvalidURL, ValueError) as error:  # e.g. "http://[" or a bad port
            raise InputError(f"not a valid URL ({without_credentials(str(error))})") from error

    return fetch


def status_text(status: int) -> str:
    """`HTTP 404 Not Found`: a status as a user reads it."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {status} {phrase}".strip()


def _request_headers(
    etag: str | None, last_modified: str | None, accept: str | None
) -> dict[str, str]:
    """The headers a conditional fetch adds: a validator the server gave is sent back as it was
    (one with a line break or a control character in it is not, as no header may carry it)."""
    headers = {
        "If-None-Match": _validator(etag),
        "If-Modified-Since": _validator(last_modified),
        "Accept": _validator(accept),
    }
    return {name: value for name, value in headers.items() if value}


def _validator(value: str | None) -> str | None:
    """A header value fit to keep and send back: printable ASCII (httpx sends nothing else), not
    too long; else None."""
    text = (value or "").strip()
    if not text or len(text) > MAX_VALIDATOR_LENGTH or not (text.isascii() and text.isprintable()):
        return None
    return text


def _client(options: SourceOptions, transport: httpx.BaseTransport) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        follow_redirects=False,  # followed by _fetch_following, which vets every hop
        timeout=httpx.Timeout(options.timeout),
        trust_env=False,  # no proxy from the environment (it would hide the address) or .netrc
        headers={
            "User-Agent": options.user_agent,
            "Accept": ACCEPT_HEADER,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
    )


def _fetch_following(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    policy: FetchPolicy,
    options: SourceOptions,
    deadline: Deadline,
    clock: Callable[[], datetime],
) -> FetchResult:
    """GET the URL and the redirects it leads to, each target checked before it is asked."""
    target = httpx.URL(without_credentials(url.strip()))
    for _ in range(options.max_redirects + 1):
        policy.check_url(target)
        with client.stream("GET", target, headers=headers) as response:
            if response.next_request is not None:  # a redirect: its body is never read
                target = httpx.URL(without_credentials(str(response.next_request.url)))
                continue
            body = _body(response, options, deadline) if response.is_success else b""
            return FetchResult(
                url=str(response.url),
                status=response.status_code,
                content=body,
                content_type=response.headers.get("content-type"),
                fetched_at=clock(),
                etag=_validator(response.headers.get("etag")),
                last_modified=_validator(response.headers.get("last-modified")),
                retry_after=_validator(response.headers.get("retry-after")),
            )
    raise InputError(f"too many redirects (more than {options.max_redirects}; a redirect loop?)")


def _body(response: httpx.Response, options: SourceOptions, deadline: Deadline) -> bytes:
    """The body, decoded, refused as soon as it passes max_bytes (as sent or as decoded)."""
    _refuse_announced_length(response, options.max_bytes)
    if response.is_stream_consumed:  # a caller's transport read (and decoded) it already, as
        if len(response.content) > options.max_bytes:  # httpx.MockTransport does with bytes
            raise too_large(options.max_bytes)
        return response.content
    raw = _until_deadline(response.iter_raw(), deadline)
    return decoded_body(raw, response.headers.get("content-encoding"), options.max_bytes)


def _refuse_announced_length(response: httpx.Response, max_bytes: int) -> None:
    """Refuse before reading when the server announces a body over the limit."""
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > max_bytes:
        raise InputError(
            f"response too large ({size_text(int(announced))} announced; the limit is "
            f"{size_text(max_bytes)}, set by max_bytes)"
        )


def _until_deadline(chunks: Iterator[bytes], deadline: Deadline) -> Iterator[bytes]:
    """The chunks, stopped when the deadline passes (the sockets stop too; a transport of the
    caller's may not)."""
    for chunk in chunks:
        if deadline.passed():
            raise _deadline_passed(deadline)
        yield chunk


def _deadline_passed(deadline: Deadline) -> InputError:
    return TransientFetchError(
        f"took longer than {deadline.seconds:g} s, the limit for one whole fetch (total_timeout)"
    )


def _network_failure(
    error: httpx.HTTPError, options: SourceOptions, deadline: Deadline
) -> InputError:
    """The failure in words; a TransientFetchError when a later try may get past it."""
    if isinstance(error, httpx.TimeoutException):
        if deadline.passed():
            return _deadline_passed(deadline)
        return TransientFetchError(f"timed out (no answer within {options.timeout:g} s)")
    if isinstance(error, httpx.ConnectError):
        return TransientFetchError(f"cannot reach the server ({error or 'connection failed'})")
    if isinstance(error, httpx.UnsupportedProtocol):
        return InputError(f"not a valid URL ({error})")
    message = f"download failed ({type(error).__name__}: {error})"
    # A connection reset or a server hanging up mid-answer passes; a request httpx will not
    # send (LocalProtocolError), a bad URL or a body it cannot decode stays as it is.
    if isinstance(error, httpx.NetworkError | httpx.RemoteProtocolError):
        return TransientFetchError(message)
    return InputError(message)
