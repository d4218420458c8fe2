"""Tests for crosswire.sources.feeds: feeds of invented outlets in RSS 2.0, RSS 1.0 and Atom, read
from bytes and polled from a real server on 127.0.0.1 (conditionally, the second time)."""

from __future__ import annotations

import logging
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crosswire.errors import InputError
from crosswire.sources.feeds import (
    FeedItem,
    feed_fetcher,
    new_items,
    parse_feed,
    poll_feed,
)
from crosswire.sources.fetch import FetchResult, StatusError
from crosswire.sources.options import SourceOptions
from crosswire.sources.politeness import retryable
from tests.sources.local_server import local_server, respond

FEED_URL = "https://ledger.example/feeds/harbour.xml"
MOMENT = datetime(2025, 11, 9, 12, 0, tzinfo=UTC)

RSS_20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Larkfield Ledger: Harbour</title>
  <link>https://ledger.example/harbour</link>
  <item>
    <title>Ferry crews walk out at &lt;b&gt;Larkfield&lt;/b&gt; pier</title>
    <link>/harbour/2025/11/09/ferry-crews-walk-out</link>
    <guid isPermaLink="false">ledger-4471</guid>
    <pubDate>Sun, 09 Nov 2025 10:15:00 +0200</pubDate>
    <description>&lt;p&gt;Crews stopped the 6 a.m. crossing.&lt;/p&gt;
      &lt;script&gt;track()&lt;/script&gt;
      &lt;p&gt;Talks resume &lt;em&gt;Mon&lt;/em&gt;day.&lt;/p&gt;
    </description>
  </item>
  <item>
    <title>Pier authority answers the crews</title>
    <link>https://ledger.example/harbour/2025/11/09/pier-authority</link>
    <guid>https://ledger.example/harbour/2025/11/09/pier-authority</guid>
    <pubDate>Sun, 09 Nov 2025 14:40:00 GMT</pubDate>
  </item>
</channel></rss>
"""

RSS_10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://courier.example/rss">
    <title>Brenmoor Courier</title>
    <link>https://courier.example/</link>
    <items><rdf:Seq><rdf:li rdf:resource="https://courier.example/n/881"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://courier.example/n/881">
    <title>Toll bridge reopens after inspection</title>
    <link>https://courier.example/n/881</link>
    <dc:date>2025-11-08T07:30:00+01:00</dc:date>
    <description>The Brenmoor toll bridge reopened at dawn.</description>
  </item>
</rdf:RDF>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://signal.example/world/">
  <title>Ostvale Signal</title>
  <id>urn:uuid:5a1f0c52-ostvale-signal</id>
  <updated>2025-11-09T09:00:00Z</updated>
  <entry>
    <title type="html">Drought &lt;i&gt;eases&lt;/i&gt; in the Ostvale basin</title>
    <link rel="alternate" href="2025/drought-eases"/>
    <id>urn:uuid:drought-eases-1</id>
    <published>2025-11-07</published>
    <updated>2025-11-09T08:45:00Z</updated>
    <summary>Reservoirs are at 40% after a wet week.</summary>
  </entry>
</feed>
"""


def rss_items(*items: str) -> bytes:
    body = "".join(f"<item>{item}</item>" for item in items)
    return f'<rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


def test_rss_20_items_with_relative_links_resolved() -> None:
    title, items, left_out = parse_feed(RSS_20, FEED_URL, "application/rss+xml")
    assert (title, left_out) == ("Larkfield Ledger: Harbour", 0)
    assert items == (
        FeedItem(
            link="https://ledger.example/harbour/2025/11/09/ferry-crews-walk-out",
            title="Ferry crews walk out at Larkfield pier",
            published="2025-11-09T10:15:00+02:00",  # the feed's own offset kept
            guid="ledger-4471",
            summary="Crews stopped the 6 a.m. crossing. Talks resume Monday.",
        ),
        FeedItem(
            link="https://ledger.example/harbour/2025/11/09/pier-authority",
            title="Pier authority answers the crews",
            published="2025-11-09T14:40:00+00:00",
            guid="https://ledger.example/harbour/2025/11/09/pier-authority",
        ),
    )


def test_rss_10_rdf_items() -> None:
    title, items, _ = parse_feed(RSS_10, "https://courier.example/rss", "application/rdf+xml")
    assert title == "Brenmoor Courier"
    assert [(i.link, i.title, i.updated, i.summary) for i in items] == [
        (
            "https://courier.example/n/881",
            "Toll bridge reopens after inspection",
            "2025-11-08T07:30:00+01:00",
            "The Brenmoor toll bridge reopened at dawn.",
        )
    ]


def test_atom_entries_resolved_against_xml_base() -> None:
    title, items, _ = parse_feed(ATOM, "https://signal.example/atom.xml", "application/atom+xml")
    assert title == "Ostvale Signal"
    assert items == (
        FeedItem(
            link="https://signal.example/world/2025/drought-eases",
            title="Drought eases in the Ostvale basin",
            published="2025-11-07",  # a date alone stays a date
            updated="2025-11-09T08:45:00+00:00",
            guid="urn:uuid:drought-eases-1",
            summary="Reservoirs are at 40% after a wet week.",
        ),
    )


def test_links_to_files_scripts_and_nowhere_are_dropped_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    feed = rss_items(
        "<title>a</title><link>file:///etc/passwd</link>",
        "<title>b</title><link>javascript:alert(document.cookie)</link>",
        "<title>c</title><link>https://reader:s3cret@ledger.example/c</link>",
        "<title>d</title><link>//ledger.example/d</link>",
        "<title>e (no link)</title>",
        "<title>f</title><link>ftp://reader:s3cret@ledger.example/f</link>",
        f"<title>g</title><link>/{'g' * 5000}</link>",
    )
    with caplog.at_level(logging.WARNING, logger="crosswire.sources.feeds"):
        _, items, _ = parse_feed(feed, FEED_URL)
    assert [(item.title, item.link) for item in items] == [
        ("c", "https://ledger.example/c"),
        ("d", "https://ledger.example/d"),
    ]
    warned = " ".join(record.getMessage() for record in caplog.records)
    assert "'javascript:alert(document.cookie)' dropped: javascript:" in warned
    assert "dropped: file:" in warned
    assert "'ftp://ledger.example/f' dropped: ftp:" in warned
    assert "link of 5023 characters dropped" in warned
    assert "s3cret" not in warned


@pytest.mark.parametrize(
    ("content", "content_type", "reason"),
    [
        (b"", None, r"^empty response, not a feed$"),
        (b"  \n ", "application/rss+xml", r"^empty response, not a feed$"),
        (
            b"<!DOCTYPE html><html><head><title>Ledger</title></head><body>Hi</body></html>",
            "text/html; charset=utf-8",
            r"^an HTML page, not a feed \(RSS or Atom\)$",
        ),
        (
            b'<rss version="2.0"><channel><title>T</title><item><title>x</titl',
            "application/rss+xml",
            r"^malformed feed, no item could be read \(line 1, column \d+: ",
        ),
        (b"<config><port>80</port></config>", "application/xml", r"^not a feed \(neither"),
        (b"\x00\x01garbage<<<", "application/xml", r"^not a feed: malformed XML \(line 1"),
        (
            b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</ti></channel></rss>',
            "application/rss+xml",
            r"^malformed feed, no item could be read \(line 2, column 38: mismatched tag\)$",
        ),
    ],
)
def test_what_is_no_feed_is_an_input_error(
    content: bytes, content_type: str | None, reason: str
) -> None:
    with pytest.raises(InputError, match=reason):
        parse_feed(content, FEED_URL, content_type)


def test_a_feed_without_items_is_a_feed() -> None:
    assert parse_feed(rss_items(), FEED_URL, "text/xml") == ("T", (), 0)


def test_a_malformed_feed_with_readable_items_is_read(caplog: pytest.LogCaptureFixture) -> None:
    feed = b'<rss version="2.0"><channel><item><title>a</title><link>/a</link></item><item><b>'
    with caplog.at_level(logging.WARNING, logger="crosswire.sources.feeds"):
        _, items, _ = parse_feed(feed, FEED_URL, "application/rss+xml")
    assert [item.link for item in items] == ["https://ledger.example/a"]
    assert "feed read despite an error" in caplog.text


def test_feedparser_is_never_given_a_name_to_open(tmp_path: Path) -> None:
    saved = tmp_path / "saved.xml"
    saved.write_bytes(RSS_20)
    with pytest.raises(InputError, match="not a feed"):  # the body is a path, read as text
        parse_feed(str(saved).encode(), FEED_URL, "application/xml")


def test_items_past_max_items_are_counted_not_read() -> None:
    feed = rss_items(*(f"<link>/s/{n}</link>" for n in range(1200)))
    _, items, left_out = parse_feed(feed, FEED_URL, max_items=500)
    assert (len(items), left_out) == (500, 700)
    assert items[-1].link == "https://ledger.example/s/499"


def test_new_items_by_guid_or_link_each_once() -> None:
    items = [
        FeedItem("https://ledger.example/a", guid="g-a"),
        FeedItem("https://ledger.example/b", guid="g-b"),
        FeedItem("https://ledger.example/b?moved", guid="g-b"),  # the same story, new link
        FeedItem("https://ledger.example/c"),
        FeedItem("https://ledger.example/c"),
        FeedItem("https://ledger.example/d", guid="g-d"),
    ]
    seen = {"g-a", "https://ledger.example/d"}
    assert [item.link for item in new_items(items, seen)] == [
        "https://ledger.example/b",
        "https://ledger.example/c",
    ]


# --- polling: through a fetcher, conditionally, against a real server on 127.0.0.1 -------------


class ConditionalFeedServer:
    """Serves one feed with an ETag and Last-Modified; 304 to a request that sends either back."""

    etag = '"harbour-v7"'
    modified = "Sun, 09 Nov 2025 14:40:00 GMT"

    def __call__(self, connection: socket.socket, head: bytes, stopping: threading.Event) -> None:
        sent = _headers(head)
        validators = {"ETag": self.etag, "Last-Modified": self.modified}
        if sent.get("if-none-match") == self.etag or sent.get("if-modified-since") == self.modified:
            answer = respond("304 Not Modified", validators)
        else:
            answer = respond(
                "200 OK", {"Content-Type": "application/rss+xml", **validators}, RSS_20
            )
        answer(connection, head, stopping)


def _headers(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    pairs = (line.split(":", 1) for line in lines if ":" in line)
    return {name.strip().lower(): value.strip() for name, value in pairs}


def test_second_poll_sends_the_validators_and_gets_not_modified() -> None:
    fetch = feed_fetcher(SourceOptions(allow_private=True))
    with local_server(ConditionalFeedServer()) as server:
        url = server.url + "/feeds/harbour.xml"
        first = poll_feed(url, fetch=fetch)
        second = poll_feed(url, etag=first.etag, last_modified=first.last_modified, fetch=fetch)
    asked = [_headers(head) for head in server.requests]
    assert "if-none-match" not in asked[0] and "if-modified-since" not in asked[0]
    assert asked[0]["accept"].startswith("application/rss+xml, application/atom+xml")
    assert (asked[1]["if-none-match"], asked[1]["if-modified-since"]) == (
        '"harbour-v7"',
        "Sun, 09 Nov 2025 14:40:00 GMT",
    )
    assert not first.unchanged
    assert first.items[0].link == f"{server.url}/harbour/2025/11/09/ferry-crews-walk-out"
    assert (first.etag, first.last_modified) == ('"harbour-v7"', "Sun, 09 Nov 2025 14:40:00 GMT")
    assert (second.unchanged, second.items, second.etag) == (True, (), '"harbour-v7"')
    assert second.last_modified == first.last_modified


def test_a_loopback_feed_is_refused_without_allow_private() -> None:
    with local_server(ConditionalFeedServer()) as server:
        with pytest.raises(InputError, match=r"^refused: 127.0.0.1 is a loopback address") as err:
            poll_feed(server.url + "/feeds/harbour.xml", fetch=feed_fetcher(SourceOptions()))
        assert server.requests == []
    assert not retryable(err.value)


def test_a_feed_over_its_size_limit_is_refused() -> None:
    big = rss_items(*(f"<title>{'x' * 1000}</title><link>/s/{n}</link>" for n in range(50)))
    answer = respond("200 OK", {"Content-Type": "application/rss+xml"}, big)
    with local_server(answer) as server, pytest.raises(InputError, match="too large"):
        poll_feed(
            server.url, fetch=feed_fetcher(SourceOptions(allow_private=True)), max_bytes=10_000
        )


class ScriptedFetch:
    """A fetcher answering with one FetchResult and noting what it was asked."""

    def __init__(self, result: FetchResult) -> None:
        self.result = result
        self.asked: list[tuple[str, str | None, str | None]] = []

    def __call__(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        self.asked.append((url, etag, last_modified))
        return self.result


@pytest.mark.parametrize(
    ("status", "again"), [(503, True), (429, True), (404, False), (410, False)]
)
def test_an_error_status_is_a_status_error_the_worker_can_classify(
    status: int, again: bool
) -> None:
    fetch = ScriptedFetch(FetchResult(FEED_URL, status, fetched_at=MOMENT, retry_after="120"))
    with pytest.raises(StatusError) as raised:
        poll_feed(FEED_URL, fetch=fetch)
    assert (raised.value.status, raised.value.retry_after) == (status, 120.0)
    assert retryable(raised.value) is again


def test_a_redirected_feed_resolves_links_against_where_it_ended() -> None:
    moved = "https://u:pw@ledger.example/v2/feeds/harbour.xml"
    fetch = ScriptedFetch(FetchResult(moved, 200, RSS_20, "application/rss+xml", MOMENT))
    poll = poll_feed("https://reader:s3cret@old.example/feed", fetch=fetch)
    assert fetch.asked == [("https://old.example/feed", None, None)]
    assert poll.url == "https://ledger.example/v2/feeds/harbour.xml"
    assert poll.items[0].link == "https://ledger.example/harbour/2025/11/09/ferry-crews-walk-out"
    assert (poll.fetched_at, poll.etag, poll.title) == (MOMENT, None, "Larkfield Ledger: Harbour")
