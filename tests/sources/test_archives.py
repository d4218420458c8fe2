"""Tests for crosswire.sources.archives: JSONL lines and WARC records, the bad ones failing
alone."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.model import Hints, InputFailure, Page
from crosswire.sources.archives import jsonl_items, parse_fetched_at, warc_items
from crosswire.sources.options import SourceOptions

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
