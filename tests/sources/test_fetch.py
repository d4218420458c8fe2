"""Tests for crosswire.sources.fetch, answered by httpx.MockTransport (never the network)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from crosswire.errors import InputError
from crosswire.sources.fetch import FetchResult, http_fetcher, status_text
from crosswire.sources.options import SourceOptions

MOMENT = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
PAGE = b"<html><body><p>The ferry ran again.</p></body></html>"


def fetcher(
    handler: Callable[[httpx.Request], httpx.Response], **options: float
) -> Callable[[str], FetchResult]:
    return http_fetcher(
        SourceOptions(**options),  # type: ignore[arg-type]
        transport=httpx.MockTransport(handler),
        clock=lambda: MOMENT,
    )


def test_success_returns_body_type_final_url_and_clock_time() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ferry":
            return httpx.Response(301, headers={"Location": "https://harbour.example/news/ferry"})
        return httpx.Response(
            200, content=PAGE, headers={"Content-Type": "text/html; charset=utf-8"}
        )

    result = fetcher(handler)("https://harbour.example/ferry")
    assert result == FetchResult(
        url="https://harbour.example/news/ferry",
        status=200,
        content=PAGE,
        content_type="text/html; charset=utf-8",
        fetched_at=MOMENT,
    )


def test_sends_a_user_agent_naming_crosswire() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["User-Agent"])
        return httpx.Response(200, content=PAGE)

    fetcher(handler)("https://harbour.example/")
    assert seen == [SourceOptions().user_agent]
    assert "crosswire/" in seen[0]


def test_http_error_status_comes_back_without_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, content=b"<html>Not here</html>")

    result = fetcher(handler)("https://harbour.example/gone")
    assert (result.status, result.content) == (404, b"")


def test_redirect_loop_is_an_input_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": str(request.url)})

    with pytest.raises(InputError, match=r"too many redirects \(more than 5; a redirect loop\?\)"):
        fetcher(handler)("https://loop.example/")


def test_unreachable_host_is_an_input_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    with pytest.raises(InputError, match=r"cannot reach the server \(Connection refused\)"):
        fetcher(handler)("https://down.example/")


def test_timeout_is_an_input_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    with pytest.raises(InputError, match=r"timed out \(no answer within 7 s\)"):
        fetcher(handler, timeout=7)("https://slow.example/")


def hundred_chunks(read: list[int]) -> Iterator[bytes]:
    """A body of 100 chunks of 100 bytes, noting in `read` each chunk taken."""
    for _ in range(100):
        read.append(1)
        yield b"x" * 100


def test_announced_length_over_the_limit_is_refused_before_reading() -> None:
    read: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Length": "10000"}, content=hundred_chunks(read)
        )

    with pytest.raises(InputError, match=r"response too large \(10000 bytes announced"):
        fetcher(handler, max_bytes=1000)("https://big.example/")
    assert read == []


def test_streamed_body_is_cut_off_at_the_limit() -> None:
    read: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=hundred_chunks(read))  # chunked: no length announced

    with pytest.raises(InputError, match=r"response too large \(over 1000 bytes"):
        fetcher(handler, max_bytes=1000)("https://big.example/")
    assert len(read) <= 11


def test_invalid_url_is_an_input_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=PAGE)

    with pytest.raises(InputError, match="not a valid URL"):
        fetcher(handler)("https://")


@pytest.mark.parametrize(
    ("status", "text"),
    [(404, "HTTP 404 Not Found"), (503, "HTTP 503 Service Unavailable"), (599, "HTTP 599")],
)
def test_status_text(status: int, text: str) -> None:
    assert status_text(status) == text
