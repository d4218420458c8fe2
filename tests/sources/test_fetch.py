"""Tests for crosswire.sources.fetch: answered by httpx.MockTransport, by a scripted network under
the real sockets' policy, or by real hostile servers on 127.0.0.1 (never the outside network)."""

from __future__ import annotations

import socket
import threading
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpcore
import httpx
import pytest

from crosswire.errors import InputError
from crosswire.sources.fetch import (
    ConditionalFetcher,
    FetchResult,
    StatusError,
    TransientFetchError,
    check_status,
    http_fetcher,
    retry_after_seconds,
    status_text,
)
from crosswire.sources.options import SourceOptions
from tests.sources.local_server import MEGABYTE, gzip_of_gzip_bomb, local_server, respond

MOMENT = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
PAGE = b"<html><body><p>The ferry ran again.</p></body></html>"


def fetcher(
    handler: Callable[[httpx.Request], httpx.Response], **options: float | bool
) -> ConditionalFetcher:
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


# --- the fetch policy, the deadline and bounded decoding, against real and fake networks -------


def test_asks_only_for_encodings_it_can_undo_in_bounded_steps() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Accept-Encoding"])
        return httpx.Response(200, content=PAGE)

    fetcher(handler)("https://harbour.example/")
    assert seen == ["gzip, deflate"]


def test_an_encoding_it_did_not_ask_for_is_an_input_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "br"}, content=iter([PAGE]))

    with pytest.raises(InputError, match=r"unsupported content encoding 'br'"):
        fetcher(handler)("https://harbour.example/")


def test_gzip_of_gzip_bomb_from_a_real_server_stops_at_the_limit() -> None:
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"}
    answer = respond("200 OK", headers, gzip_of_gzip_bomb(200))  # 200 MB in about 500 bytes
    options = SourceOptions(max_bytes=MEGABYTE, allow_private=True)
    with local_server(answer) as server:
        fetch = http_fetcher(options)
        tracemalloc.start()
        try:
            with pytest.raises(InputError, match=r"response too large \(over 1.0 MB"):
                fetch(server.url + "/bomb")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * MEGABYTE  # the 1 MB kept, and a few chunks in flight


def test_loopback_is_refused_unless_allowed() -> None:
    with local_server(respond("200 OK", {"Content-Type": "text/html"}, PAGE)) as server:
        with pytest.raises(
            InputError, match=r"^refused: 127.0.0.1 is a loopback address; --allow-private"
        ):
            http_fetcher(SourceOptions())(server.url + "/")
        assert server.requests == []  # refused before connecting
        result = http_fetcher(SourceOptions(allow_private=True))(server.url + "/")
    assert (result.status, result.content) == (200, PAGE)


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:8080/admin",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/",
        "file:///etc/passwd",
    ],
)
def test_a_redirect_to_this_machine_or_a_file_is_refused(target: str) -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(302, headers={"Location": target})

    with pytest.raises(InputError, match=r"^refused: "):
        fetcher(handler)("https://news.example/story")
    assert asked == ["https://news.example/story"]


@dataclass
class ScriptedNetwork(httpcore.NetworkBackend):
    """No sockets: each address answers with its scripted response; connections are noted."""

    answers: dict[str, bytes]
    connects: list[str] = field(default_factory=list)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        self.connects.append(host)
        return httpcore.MockStream([self.answers[host]])


def test_a_redirect_to_a_name_of_a_private_address_is_refused_after_resolving_it() -> None:
    names = {"news.example": ["203.0.113.5"], "intranet.example": ["10.0.0.1"]}
    redirect = (
        b"HTTP/1.1 302 Found\r\nLocation: http://intranet.example/\r\nContent-Length: 0\r\n\r\n"
    )
    network = ScriptedNetwork({"203.0.113.5": redirect})
    fetch = http_fetcher(SourceOptions(), resolver=lambda host, port: names[host], network=network)
    with pytest.raises(
        InputError, match=r"^refused: intranet.example \(10.0.0.1\) is a private address"
    ):
        fetch("http://news.example/story")
    assert network.connects == ["203.0.113.5"]


def drip_headers(connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
    """A status line, then a header line every 0.3 s, for as long as 9 s."""
    connection.sendall(b"HTTP/1.1 200 OK\r\n")
    for line in range(30):
        if stopping.wait(0.3):
            return
        connection.sendall(f"X-Drip-{line}: {line}\r\n".encode())


def say_nothing(connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
    stopping.wait(9)


@pytest.mark.parametrize(("answer", "seconds"), [(drip_headers, 1.5), (say_nothing, 1.0)])
def test_one_deadline_covers_the_whole_request(
    answer: Callable[[socket.socket, bytes, threading.Event], None], seconds: float
) -> None:
    options = SourceOptions(timeout=20, total_timeout=seconds, allow_private=True)
    with local_server(answer) as server, pytest.raises(InputError) as raised:
        http_fetcher(options)(server.url + "/slow")
    assert str(raised.value) == (
        f"took longer than {seconds:g} s, the limit for one whole fetch (total_timeout)"
    )


def test_credentials_in_a_url_are_neither_sent_nor_shown() -> None:
    asked: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append((str(request.url), request.headers.get("Authorization")))
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": "https://u:pw@mirror.example/a"})
        return httpx.Response(200, content=PAGE)

    result = fetcher(handler)("https://reader:s3cret@news.example/story")
    assert asked == [("https://news.example/story", None), ("https://mirror.example/a", None)]
    assert result.url == "https://mirror.example/a"


def test_a_refusal_does_not_show_the_credentials() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=PAGE)

    with pytest.raises(InputError) as raised:
        fetcher(handler)("http://admin:s3cret@127.0.0.1/")
    assert "s3cret" not in str(raised.value)


def test_a_file_url_is_never_fetched() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing is asked for")

    with pytest.raises(InputError, match=r"refused: file:// address \(only http and https"):
        fetcher(handler, allow_private=True)("file:///etc/passwd")


# --- conditional fetches, response validators, Retry-After, and which failures may pass --------


def test_a_conditional_fetch_sends_the_validators_and_gets_the_new_ones() -> None:
    asked: list[tuple[str | None, str | None, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        h = request.headers
        asked.append((h.get("If-None-Match"), h.get("If-Modified-Since"), h.get("Accept")))
        headers = {"ETag": '"v2"', "Last-Modified": "Tue, 04 Mar 2025 09:00:00 GMT"}
        return httpx.Response(200, content=PAGE, headers=headers)

    fetch = fetcher(handler)
    result = fetch(
        "https://harbour.example/feed",
        etag='"v1"',
        last_modified="Mon, 03 Mar 2025 09:00:00 GMT",
        accept="application/rss+xml",
    )
    plain = fetch("https://harbour.example/feed")  # still a plain Fetcher: one URL in, no extras
    assert asked == [
        ('"v1"', "Mon, 03 Mar 2025 09:00:00 GMT", "application/rss+xml"),
        (None, None, "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"),
    ]
    assert (result.etag, result.last_modified) == ('"v2"', "Tue, 04 Mar 2025 09:00:00 GMT")
    assert plain.content == PAGE


def test_not_modified_comes_back_without_a_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(304, headers={"ETag": '"v1"'}, content=b"ignored")

    result = fetcher(handler)("https://harbour.example/feed", etag='"v1"')
    assert (result.status, result.not_modified, result.content, result.etag) == (
        304,
        True,
        b"",
        '"v1"',
    )
    assert check_status(result) is result


@pytest.mark.parametrize("etag", ['"v1"\r\nX-Injected: 1', '"caf\u00e9"', "x" * 2000])
def test_a_validator_no_header_may_carry_is_not_sent(etag: str) -> None:
    asked: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.headers.get("If-None-Match"))
        return httpx.Response(200, content=PAGE)

    fetcher(handler)("https://harbour.example/feed", etag=etag)
    assert asked == [None]


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("Tue, 04 Mar 2025 10:05:00 GMT", 300.0),  # five minutes after MOMENT
        ("Tue, 04 Mar 2025 09:00:00 GMT", 0.0),  # already past
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(header: str | None, seconds: float | None) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": header} if header else {})

    result = fetcher(handler)("https://busy.example/")
    assert result.retry_after_seconds() == seconds
    with pytest.raises(StatusError, match=r"^HTTP 503 Service Unavailable$") as raised:
        check_status(result)
    assert (raised.value.status, raised.value.retry_after) == (503, seconds)


def test_retry_after_of_a_date_needs_the_fetch_time() -> None:
    assert retry_after_seconds("Tue, 04 Mar 2025 10:05:00 GMT", None) is None
    assert retry_after_seconds(" 7 ", None) == 7.0


@pytest.mark.parametrize(
    ("failure", "transient"),
    [
        (httpx.ConnectError("Connection refused"), True),
        (httpx.ReadTimeout("read timed out"), True),
        (httpx.ReadError("Connection reset by peer"), True),
        (httpx.RemoteProtocolError("Server disconnected"), True),
        (httpx.LocalProtocolError("Illegal header value"), False),
    ],
)
def test_failures_a_later_try_may_pass_are_transient(
    failure: httpx.HTTPError, transient: bool
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise failure

    with pytest.raises(InputError) as raised:
        fetcher(handler)("https://flaky.example/")
    assert isinstance(raised.value, TransientFetchError) is transient


def test_a_server_that_never_answers_is_a_transient_failure() -> None:
    options = SourceOptions(timeout=0.2, total_timeout=5, allow_private=True)
    with local_server(say_nothing) as server, pytest.raises(TransientFetchError, match="timed out"):
        http_fetcher(options)(server.url + "/slow")
