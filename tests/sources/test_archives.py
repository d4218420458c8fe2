"""Tests for crosswire.sources.archives: JSONL lines and WARC records, the bad ones failing
alone."""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.model import Hints, InputFailure, Page
from crosswire.sources.archives import jsonl_items, parse_fetched_at, warc_items
from crosswire.sources.inputs import iter_pages
from crosswire.sources.options import SourceOptions
from tests.sources.hostile import MEGABYTE, gzip_bomb, peak_bytes

OPTIONS = SourceOptions()
NO_HINTS = Hints()
PLUS_TWO = timezone(timedelta(hours=2))
PAGE_HTML = (
    "<html><body><h1>Mill fire</h1><p>The old mill burned on Sunday night.</p></body></html>"
)


def jsonl(lines: list[str], options: SourceOptions = OPTIONS, hints: Hints = NO_HINTS) -> list:
    stream = io.BytesIO("\n".join(lines).encode("utf-8"))
    return list(jsonl_items("feed.jsonl", stream, options, hints))


# --- JSONL --------------------------------------------------------------------------------------


def test_jsonl_lines_become_pages_named_by_line() -> None:
    items = jsonl(
        [
            json.dumps({"url": "https://mill.example/a", "html": PAGE_HTML}),
            "",
            json.dumps({"text": "Mill fire\n\nThe old mill burned."}),
        ]
    )
    assert [item.source for item in items] == ["feed.jsonl#line=1", "feed.jsonl#line=3"]
    first, second = items
    assert (first.kind, first.url, first.content) == ("html", "https://mill.example/a", PAGE_HTML)
    assert (second.kind, second.url, second.encoding) == ("text", None, "utf-8")


def test_jsonl_html_wins_over_text_and_empty_html_falls_back_to_text() -> None:
    both, empty_html = jsonl(
        [
            json.dumps({"html": PAGE_HTML, "text": "plain"}),
            json.dumps({"html": "  ", "text": "The old mill burned."}),
        ]
    )
    assert both.content == PAGE_HTML
    assert empty_html.content == "The old mill burned."


def test_a_fetch_day_without_a_time_stays_a_day_and_wins_over_the_hint() -> None:
    day, moment = jsonl(
        [
            json.dumps({"text": "The old mill burned.", "fetched_at": "2031-03-10"}),
            json.dumps({"text": "The old mill burned.", "fetched_at": "2031-03-10T09:30+02:00"}),
        ],
        hints=Hints(fetched_at="2031-01-01"),
    )
    assert (day.fetched_at, day.hints.fetched_at) == (None, "2031-03-10")
    assert moment.fetched_at == datetime(2031, 3, 10, 9, 30, tzinfo=PLUS_TWO)


def test_jsonl_record_url_wins_over_hint_which_fills_gaps() -> None:
    hints = Hints(url="https://mill.example/hint")
    with_url, without_url = jsonl(
        [json.dumps({"url": "https://mill.example/own", "text": "x"}), json.dumps({"text": "y"})],
        hints=hints,
    )
    assert (with_url.url, without_url.url) == ("https://mill.example/own", hints.url)
    assert with_url.hints is hints


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "cut', "bad JSONL line: not valid JSON ("),
        ('{"text": "x",}', "bad JSONL line: not valid JSON (Expecting property name"),
        ("[1, 2]", "bad JSONL line: expected a JSON object, got list"),
        ('{"url": "https://mill.example/"}', "bad JSONL line: has neither 'html' nor 'text'"),
        ('{"text": 42}', "bad JSONL line: 'text' must be a string"),
        ('{"url": 7, "text": "x"}', "bad JSONL line: 'url' must be a string"),
        ('{"text": "   "}', "bad JSONL line: empty page"),
        ("[" * 100_000, "bad JSONL line: not valid JSON"),
    ],
)
def test_bad_jsonl_line_fails_alone(line: str, message: str) -> None:
    good = json.dumps({"text": "The old mill burned."})
    items = jsonl([good, line, good])
    assert [type(item) for item in items] == [Page, InputFailure, Page]
    assert items[1].source == "feed.jsonl#line=2"
    assert items[1].message.startswith(message)


def test_jsonl_bad_utf8_line_fails_alone() -> None:
    stream = io.BytesIO(b'{"text": "caf\xe9"}\n{"text": "ok"}\n')
    bad, good = jsonl_items("f.jsonl", stream, OPTIONS, Hints())
    assert isinstance(bad, InputFailure) and bad.message.startswith("bad JSONL line")
    assert isinstance(good, Page)


def test_jsonl_line_over_the_limit_is_skipped_and_reading_goes_on() -> None:
    long_line = json.dumps({"text": "mill " * 400})
    items = jsonl([long_line, json.dumps({"text": "short"})], SourceOptions(max_bytes=500))
    assert isinstance(items[0], InputFailure)
    assert items[0].message.startswith("JSONL line too large")
    assert isinstance(items[1], Page) and items[1].source == "feed.jsonl#line=2"


def test_gzipped_jsonl_through_sources(tmp_path: Path) -> None:
    from crosswire.sources.inputs import iter_pages

    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"text": "The old mill burned."}).encode()))
    (page,) = iter_pages([str(path)])
    assert isinstance(page, Page) and page.source == f"{path}#line=1"


def test_truncated_gzipped_jsonl_keeps_earlier_lines(tmp_path: Path) -> None:
    from crosswire.sources.inputs import iter_pages

    lines = [json.dumps({"text": f"Line {n} about the mill fire. " * 20}) for n in range(200)]
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_pages([str(path)]))
    assert isinstance(items[0], Page)
    assert isinstance(items[-1], InputFailure)
    assert items[-1].source == str(path)
    assert items[-1].message.startswith("truncated gzip file after line")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-04T10:00:00Z", datetime(2025, 3, 4, 10, tzinfo=UTC)),
        (
            "2025-03-04T12:00:00+02:00",
            datetime(2025, 3, 4, 12, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2025-03-04 10:00", datetime(2025, 3, 4, 10, tzinfo=UTC)),
        ("2025-03-04", datetime(2025, 3, 4, tzinfo=UTC)),
        (1741082400, datetime(2025, 3, 4, 10, tzinfo=UTC)),
        ("last Tuesday", None),
        (True, None),
        ([2025], None),
        (None, None),
        (1e300, None),
    ],
)
def test_parse_fetched_at(value: object, expected: datetime | None) -> None:
    assert parse_fetched_at(value, "feed.jsonl#line=1") == expected


# --- WARC ---------------------------------------------------------------------------------------


def http_headers(status: str, content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_warc(path: Path, records: list[dict], *, compressed: bool = True) -> list[int]:
    """Write records (url, body, status, content_type, kind) to a WARC; return their offsets."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    offsets = []
    for spec in records:
        kind = spec.get("kind", "response")
        headers = None
        if kind == "response":
            headers = http_headers(spec.get("status", "200 OK"), spec.get("type", "text/html"))
        record = writer.create_warc_record(
            spec["url"],
            kind,
            payload=io.BytesIO(spec.get("body", PAGE_HTML.encode())),
            http_headers=headers,
            warc_content_type=spec.get("type", "text/html") if kind == "resource" else None,
            warc_headers_dict={"WARC-Date": "2025-03-04T10:00:00Z"},
        )
        offsets.append(buffer.tell())
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return offsets


def warc(path: Path, options: SourceOptions = OPTIONS) -> list:
    return list(warc_items(str(path), path, options, Hints()))


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_response_records_become_pages(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / "crawl.warc"
    offsets = write_warc(
        path,
        [{"url": "https://mill.example/a"}, {"url": "https://mill.example/b"}],
        compressed=compressed,
    )
    items = warc(path)
    assert [item.source for item in items] == [f"{path}#offset={offset}" for offset in offsets]
    assert [item.url for item in items] == ["https://mill.example/a", "https://mill.example/b"]
    assert all(item.kind == "html" and item.content == PAGE_HTML for item in items)
    assert items[0].fetched_at == datetime(2025, 3, 4, 10, tzinfo=UTC)


def test_warc_skips_records_that_are_not_pages(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            {"url": "https://mill.example/logo.png", "type": "image/png", "body": b"\x89PNG"},
            {"url": "https://mill.example/old", "status": "301 Moved Permanently", "body": b""},
            {"url": "https://mill.example/missing", "status": "404 Not Found"},
            {"url": "https://mill.example/story"},
            {
                "url": "https://mill.example/notes.txt",
                "kind": "resource",
                "type": "text/plain",
                "body": b"Notes on the mill fire.",
            },
        ],
    )
    items = warc(path)
    assert [item.url for item in items] == [
        "https://mill.example/story",
        "https://mill.example/notes.txt",
    ]
    assert items[1].kind == "text"


def test_warc_with_no_page_records_is_one_failure(tmp_path: Path) -> None:
    from crosswire.sources.inputs import iter_pages

    path = tmp_path / "images.warc.gz"
    write_warc(path, [{"url": "https://mill.example/a.png", "type": "image/png", "body": b"x"}])
    (item,) = iter_pages([str(path)])
    assert item == InputFailure(str(path), "no HTML or text response records in WARC (1 skipped)")


@pytest.mark.parametrize("compressed", [True, False])
def test_broken_warc_record_fails_alone(
    tmp_path: Path, compressed: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crawl.warc"
    urls = [f"https://mill.example/{n}" for n in range(4)]
    offsets = write_warc(path, [{"url": url} for url in urls], compressed=compressed)
    data = bytearray(path.read_bytes())
    data[offsets[2] : offsets[2] + 12] = b"\x00garbage\x00\x00\x00\x00"
    path.write_bytes(bytes(data))
    items = warc(path)
    assert [type(item) for item in items] == [Page, Page, InputFailure, Page]
    assert items[2].source == f"{path}#offset={offsets[2]}"
    assert items[2].message.startswith("broken WARC record")
    assert [item.url for item in items if isinstance(item, Page)] == [urls[0], urls[1], urls[3]]
    assert capsys.readouterr().err == ""  # warcio's own warnings go to the log


def test_warc_cut_short_keeps_earlier_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, [{"url": f"https://mill.example/{n}"} for n in range(3)])
    path.write_bytes(path.read_bytes()[: offsets[2] + 30])
    items = warc(path)
    assert [type(item) for item in items] == [Page, Page, InputFailure]


def test_warc_record_over_the_limit_and_binary_record_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            {"url": "https://mill.example/big", "body": b"<p>mill</p>" * 1000},
            {"url": "https://mill.example/bin", "body": b"\x00\x01\x02\x03" * 50},
            {"url": "https://mill.example/ok"},
        ],
    )
    items = warc(path, SourceOptions(max_bytes=2000))
    assert [type(item) for item in items] == [InputFailure, InputFailure, Page]
    assert items[0].message.startswith("WARC record too large")
    assert items[1].message.startswith("binary file")


def test_warc_record_charset_from_http_header(tmp_path: Path) -> None:
    body = "<html><body><p>Değirmen yangını pazar gecesi çıktı.</p></body></html>"
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            {
                "url": "https://mill.example/tr",
                "type": "text/html; charset=windows-1254",
                "body": body.encode("cp1254"),
            }
        ],
    )
    (page,) = warc(path)
    assert (page.content, page.encoding) == (body, "cp1254")


# --- hostile archives: bombs, floods, broken records ------------------------------------------


class CountingStream:
    """A stream that counts the calls made to read it."""

    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)
        self.calls = 0

    def read(self, size: int = -1) -> bytes:
        self.calls += 1
        return self.stream.read(size)

    def readline(self, size: int = -1) -> bytes:
        self.calls += 1
        return self.stream.readline(size)


def test_a_flood_of_blank_lines_is_read_in_big_chunks_not_line_by_line() -> None:
    good = json.dumps({"text": "The old mill burned."}).encode()
    stream = CountingStream(b"\n" * 1_000_000 + b" \r\n" * 1000 + good + b"\n")
    (item,) = jsonl_items("feed.jsonl", stream, OPTIONS, NO_HINTS)
    assert isinstance(item, Page) and item.source == "feed.jsonl#line=1001001"
    assert stream.calls <= 5


def test_an_endless_line_is_passed_over_and_measured_whole() -> None:
    good = json.dumps({"text": "The old mill burned."})
    data = b"x" * (5 * MEGABYTE) + b"\n\n" + good.encode()
    bad, page = jsonl_items("feed.jsonl", io.BytesIO(data), SourceOptions(max_bytes=1000), NO_HINTS)
    assert bad == InputFailure(
        "feed.jsonl#line=1",
        "JSONL line too large (5.0 MB; the limit is 1000 bytes, set by max_bytes)",
    )
    assert isinstance(page, Page) and page.source == "feed.jsonl#line=3"


def test_a_jsonl_gz_bomb_stops_at_max_archive_bytes_holding_little(tmp_path: Path) -> None:
    good = json.dumps({"text": "The old mill burned."}).encode() + b"\n"
    path = gzip_bomb(tmp_path / "feed.jsonl.gz", 256 * MEGABYTE, head=good)
    options = SourceOptions(max_bytes=MEGABYTE, max_archive_bytes=16 * MEGABYTE)
    items, peak = peak_bytes(lambda: list(iter_pages([str(path)], options=options)))
    assert isinstance(items[0], Page)
    assert items[-1] == InputFailure(
        str(path),
        "too large after decompression (over 16.0 MB, the limit set by max_archive_bytes; "
        "raise it with --max-archive-bytes)",
    )
    assert peak < 8 * MEGABYTE


def test_a_gz_bomb_stops_at_the_smaller_of_the_two_limits(tmp_path: Path) -> None:
    path = gzip_bomb(tmp_path / "page.txt.gz", 256 * MEGABYTE, fill=b"a")
    options = SourceOptions(max_bytes=64 * MEGABYTE, max_archive_bytes=4 * MEGABYTE)
    (item,), peak = peak_bytes(lambda: list(iter_pages([str(path)], options=options)))
    assert isinstance(item, InputFailure) and "max_archive_bytes" in item.message
    assert peak < 16 * MEGABYTE


def test_a_warc_gz_bomb_without_newlines_is_one_broken_record_not_a_full_memory(
    tmp_path: Path,
) -> None:
    # warcio reads a header line whole, however long: 300 MB of zeros used to be held at once.
    path = gzip_bomb(tmp_path / "crawl.warc.gz", 300 * MEGABYTE)
    (item,), peak = peak_bytes(lambda: list(iter_pages([str(path)])))
    assert peak < 64 * MEGABYTE
    assert item == InputFailure(
        f"{path}#offset=0", "broken WARC record (record headers longer than 1.0 MB)"
    )


def test_a_warc_gz_record_of_zeros_stops_at_max_archive_bytes(tmp_path: Path) -> None:
    size = 300 * MEGABYTE
    head = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://mill.example/\r\n"
        b"Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % size
    )
    path = gzip_bomb(tmp_path / "crawl.warc.gz", size, head=head)
    options = SourceOptions(max_archive_bytes=32 * MEGABYTE)
    items, peak = peak_bytes(lambda: list(iter_pages([str(path)], options=options)))
    assert [item.source for item in items] == [f"{path}#offset=0", str(path)]
    assert items[0].message.startswith("WARC record too large (300.0 MB")
    assert "over 32.0 MB, the limit set by max_archive_bytes" in items[1].message
    assert peak < 64 * MEGABYTE


def warc_records(count: int) -> list[bytes]:
    """Plain WARC response records (HTML pages 0..count-1), each as its own bytes."""
    records = []
    for number in range(count):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False)
        record = writer.create_warc_record(
            f"https://mill.example/{number}",
            "response",
            payload=io.BytesIO(PAGE_HTML.encode()),
            http_headers=http_headers("200 OK", "text/html"),
            warc_headers_dict={"WARC-Date": "2025-03-04T10:00:00Z"},
        )
        writer.write_record(record)
        records.append(buffer.getvalue())
    return records


def content_length(change: Callable[[int], bytes]) -> Callable[[bytes], bytes]:
    def mutate(record: bytes) -> bytes:
        return re.sub(rb"Content-Length: (\d+)", lambda m: change(int(m[1])), record, count=1)

    return mutate


BROKEN_HEADERS = {
    "a Content-Length that is no number": content_length(lambda n: b"Content-Length: abc"),
    "no Content-Length": content_length(lambda n: b"X-Nothing: 0"),
    "a Content-Length too long": content_length(lambda n: b"Content-Length: %d" % (n + 700)),
    "a Content-Length too short": content_length(lambda n: b"Content-Length: %d" % (n - 60)),
    "control bytes in a header line": lambda r: r.replace(b"WARC-Type", b"\x00\x01WARC-Type", 1),
    "no blank line after the headers": lambda r: r.replace(b"\r\n\r\n", b"\r\n", 1),
}


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("mutate", BROKEN_HEADERS.values(), ids=BROKEN_HEADERS.keys())
def test_a_record_with_broken_headers_fails_alone_at_its_offset(
    tmp_path: Path, compressed: bool, mutate: Callable[[bytes], bytes]
) -> None:
    records = warc_records(4)
    records[1] = mutate(records[1])
    if compressed:
        records = [gzip.compress(record) for record in records]
    offsets = [sum(len(record) for record in records[:n]) for n in range(4)]
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(b"".join(records))
    items = list(iter_pages([str(path)]))
    assert [item.source for item in items] == [f"{path}#offset={offset}" for offset in offsets]
    assert [type(item) for item in items] == [Page, InputFailure, Page, Page]
    assert items[1].message.startswith("broken WARC record (")
    assert [item.url for item in items if isinstance(item, Page)] == [
        "https://mill.example/0",
        "https://mill.example/2",
        "https://mill.example/3",
    ]


def test_a_header_block_past_its_cap_is_a_broken_record(tmp_path: Path) -> None:
    records = warc_records(3)
    records[1] = records[1].replace(
        b"WARC-Type", b"X-Padding: " + b"p" * (2 * MEGABYTE) + b"\r\nWARC-Type"
    )
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(records))
    items = list(iter_pages([str(path)]))
    assert [type(item) for item in items] == [Page, InputFailure, Page]
    assert items[1].message == "broken WARC record (record headers longer than 1.0 MB)"


def test_a_jsonl_page_keeps_no_nul_character() -> None:
    page, empty = jsonl(
        [
            json.dumps({"html": "\u0000 ", "text": "The old\u0000 mill burned."}),
            json.dumps({"text": "\u0000\u0000"}),
        ]
    )
    assert isinstance(page, Page) and page.content == "The old mill burned."
    assert isinstance(empty, InputFailure) and empty.message.startswith("bad JSONL line: empty")
