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

The fetcher is the only code that touches the network; `crosswire.sources.inputs.iter_pages` takes
any `Fetcher`, so tests answer with httpx.MockTransport (through `http_fetcher(transport=...)`,
which bypasses the sockets, so the policy then checks each URL as written, not its addresses), a
fake network under the real sockets' policy (`network=`), or a plain function. HTTP error
statuses come back as a `FetchResult` (the caller words the failure); network failures raise
InputError with a message a user can act on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus

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
    resolver: Resolver = system_resolver,
    network: httpcore.NetworkBackend | None = None,
) -> Fetcher:
    """The real network fetcher: httpx under the fetch policy, with the options' deadline,
    timeouts, redirect and size limits.

    `transport` replaces the sockets (tests answer with httpx.MockTransport); `resolver` turns
    host names into addresses and `network` makes the connections to the vetted ones (tests
    pass fakes of both); `clock` stamps `fetched_at`.
    """
    policy = FetchPolicy(allow_private=options.allow_private, resolver=resolver)
    ssl_context = httpx.create_ssl_context() if transport is None else None

    def fetch(url: str) -> FetchResult:
        deadline = Deadline.starting_now(options.total_timeout)
        sockets = transport or guarded_transport(
            GuardedBackend(policy, deadline, network), ssl_context
        )
        try:
            with _client(options, sockets) as client:
                return _fetch_following(client, url, policy, options, deadline, clock)
        except httpx.HTTPError as error:
            raise InputError(_network_message(error, options, deadline)) from error
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
    policy: FetchPolicy,
    options: SourceOptions,
    deadline: Deadline,
    clock: Callable[[], datetime],
) -> FetchResult:
    """GET the URL and the redirects it leads to, each target checked before it is asked."""
    target = httpx.URL(without_credentials(url.strip()))
    for _ in range(options.max_redirects + 1):
        policy.check_url(target)
        with client.stream("GET", target) as response:
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
    return InputError(
        f"took longer than {deadline.seconds:g} s, the limit for one whole fetch (total_timeout)"
    )


def _network_message(error: httpx.HTTPError, options: SourceOptions, deadline: Deadline) -> str:
    if isinstance(error, httpx.TimeoutException):
        if deadline.passed():
            return str(_deadline_passed(deadline))
        return f"timed out (no answer within {options.timeout:g} s)"
    if isinstance(error, httpx.ConnectError):
        return f"cannot reach the server ({error or 'connection failed'})"
    if isinstance(error, httpx.UnsupportedProtocol):
        return f"not a valid URL ({error})"
    return f"download failed ({type(error).__name__}: {error})"
