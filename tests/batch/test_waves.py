"""What a wave decides on the driver: which article copies which (`Seen`), the reading order of
sources (`natural_key`), and failures counted by kind (`reason_kind`). No Ray."""

from __future__ import annotations

from crosswire.batch.waves import Seen, natural_key, reason_kind


def test_the_first_article_is_kept_and_a_later_one_of_the_same_text_copies_it() -> None:
    seen = Seen()
    assert seen.duplicate_of("a", "harbour.example/ferry", "t1") is None
    assert seen.duplicate_of("b", "mirror.example/ferry", "t1") == "a"
    assert seen.duplicate_of("c", "mirror.example/other", "t1") == "a"


def test_an_article_at_a_kept_address_copies_it_whatever_its_text() -> None:
    seen = Seen()
    assert seen.duplicate_of("a", "harbour.example/ferry", "t1") is None
    assert seen.duplicate_of("b", "harbour.example/ferry", "t2-updated") == "a"


def test_a_copy_is_not_kept_a_later_copy_names_the_first() -> None:
    seen = Seen()
    seen.duplicate_of("a", "harbour.example/ferry", "t1")
    seen.duplicate_of("b", "mirror.example/ferry", "t1")  # a copy: its address is not kept
    assert seen.duplicate_of("c", "mirror.example/ferry", "t3") is None
    assert seen.by_url["mirror.example/ferry"] == "c"


def test_an_article_without_an_address_is_matched_by_text_only() -> None:
    seen = Seen()
    assert seen.duplicate_of("a", None, "t1") is None
    assert seen.duplicate_of("b", None, "t2") is None
    assert seen.duplicate_of("c", None, "t2") == "b"
    assert seen.by_url == {}


def test_an_address_keeps_its_first_article() -> None:
    seen = Seen()
    seen.duplicate_of("a", None, "t1")
    seen.duplicate_of("b", "harbour.example/x", "t2")
    seen.duplicate_of("c", "harbour.example/y", "t3")
    assert seen.by_text == {"t1": "a", "t2": "b", "t3": "c"}
    assert seen.by_url == {"harbour.example/x": "b", "harbour.example/y": "c"}


def test_sources_sort_in_reading_order() -> None:
    sources = [
        "/crawl/b.warc.gz#offset=12",
        "/crawl/a.warc.gz#offset=1200",
        "/crawl/a.warc.gz#offset=900",
        "/crawl/a.jsonl#line=10",
        "/crawl/a.jsonl#line=9",
        "/crawl/a.warc.gz#offset=0",
        "/crawl/page-10.html",
        "/crawl/page-9.html",
    ]
    assert sorted(sources, key=natural_key) == [
        "/crawl/a.jsonl#line=9",
        "/crawl/a.jsonl#line=10",
        "/crawl/a.warc.gz#offset=0",
        "/crawl/a.warc.gz#offset=900",
        "/crawl/a.warc.gz#offset=1200",
        "/crawl/b.warc.gz#offset=12",
        "/crawl/page-9.html",
        "/crawl/page-10.html",
    ]


def test_a_key_compares_with_any_other() -> None:
    # Digits and text at the same place: the keys still compare (no TypeError mid-sort).
    sources = ["/crawl/2026/a.warc", "/crawl/x/a.warc", "/crawl/10", "/crawl/"]
    assert sorted(sources, key=natural_key)[0] == "/crawl/"


def test_reasons_of_one_kind_are_one_kind() -> None:
    first = "broken WARC record (Content-Length 1200 runs past the end at offset 88000)"
    second = "broken WARC record (Content-Length 31 runs past the end at offset 12)"
    assert reason_kind(first) == reason_kind(second) == "broken WARC record"
    timed = "extraction took longer than 60 s, the time budget of one page (page_timeout, ...)"
    assert reason_kind(timed) == "extraction took longer than N s, the time budget of one page"
    assert reason_kind("bad JSONL line: not valid JSON (Expecting value, column 1)") == (
        "bad JSONL line: not valid JSON"
    )


def test_a_reason_kind_is_short_and_never_empty() -> None:
    assert reason_kind(None) == "unknown"
    assert reason_kind("") == "unknown"
    assert len(reason_kind("x" * 500)) == 80
    assert reason_kind("page 1234 of 5678 is empty") == "page N of N is empty"
