"""Feeds: polling an RSS or Atom feed for the stories it links to.

`poll_feed` fetches a feed through a `ConditionalFetcher` (so through the one fetch policy, and
conditionally: the ETag and Last-Modified of the last poll go back as If-None-Match and
If-Modified-Since, and a 304 Not Modified costs nothing), parses RSS 0.9x, 2.0, 1.0 (RDF) and
Atom with feedparser, and gives each item's link, title, dates, guid and summary. `new_items`
picks the items not seen before.

feedparser is handed the fetched bytes in a stream: given a string it would fetch a URL or open
a file of that name itself, past every limit of ours. Its HTML sanitiser and its resolving of
links inside HTML content are off, as the HTML of summaries is reduced to text here; the links
of items are resolved against the feed's own URL (and any xml:base in it). Only http(s) links
are kept, without credentials: an item linking to file:// or javascript: is dropped with a
warning. A feed is untrusted input: its body is capped (`FEED_MAX_BYTES`, feedparser reads a
megabyte a second), its items (`max_items`) and its texts too.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from crosswire.errors import ConfigError, InputError
from crosswire.sources.decode import MEGABYTE, too_large_text
from crosswire.sources.fetch import ConditionalFetcher, check_status, http_fetcher
from crosswire.sources.fetch_policy import WEB_SCHEMES, without_credentials
from crosswire.sources.options import SourceOptions

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
FEED_MAX_BYTES = 5 * MEGABYTE  # a news feed is tens of kilobytes; parsing runs ~1 MB a second
DEFAULT_MAX_ITEMS = 500  # per poll: the first ones, which feeds list newest first
MAX_TITLE_CHARS = 1000
MAX_SUMMARY_CHARS = 5000
MAX_LINK_CHARS = 4096  # a longer link is no story's address: dropped
MAX_GUID_CHARS = 1000  # cut, the same way every poll, so it still tells one item from another
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
SAX_POSITION = re.compile(r"^<unknown>:(\d+):(\d+):\s*")
# feedparser puts an XML declaration of its own in place of the document's, or above its first
# line when it has none: the lines it counts are then one too many.
XML_DECLARATION = re.compile(rb"(\xef\xbb\xbf)?<\?xml[\s?]")
HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]", re.I)
# Elements whose text is no part of what a reader sees.
UNSEEN_ELEMENTS = frozenset({"script", "style", "template", "noscript", "head", "title"})
# Elements that break the text ("<p>one</p><p>two</p>" reads "one two"); inline ones do not.
BREAKING_ELEMENT = re.compile(
    r"address|article|aside|blockquote|br|d[dlt]|div|fig(caption|ure)|footer|h[1-6r]|header|img"
    r"|li|main|nav|ol|p|pre|section|table|t[dhr]|ul"
)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed: the page it links to and what the feed says of it."""

    link: str  # absolute http(s), without credentials
    title: str | None = None
    published: str | None = None  # ISO 8601, as precise as the feed gives it
    updated: str | None = None
    guid: str | None = None  # RSS guid or Atom id
    summary: str | None = None  # plain text

    @property
    def keys(self) -> tuple[str, ...]:
        """What the item is known by: its guid, and its link."""
        return tuple(key for key in (self.guid, self.link) if key)


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """One poll of a feed: its items, or `unchanged` (304) with none, and the validators to
    send next time."""

    url: str  # the feed's URL after redirects, without credentials
    unchanged: bool
    etag: str | None
    last_modified: str | None
    items: tuple[FeedItem, ...] = ()
    title: str | None = None  # the feed's own title
    items_left_out: int = 0  # items past max_items, not read
    fetched_at: datetime | None = None


def feed_fetcher(options: SourceOptions) -> ConditionalFetcher:
    """The network fetcher for feeds: `http_fetcher` with the body capped at FEED_MAX_BYTES
    (or the options' max_bytes, if lower)."""
    return http_fetcher(replace(options, max_bytes=min(options.max_bytes, FEED_MAX_BYTES)))


def poll_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    fetch: ConditionalFetcher | None = None,
    max_items: int = DEFAULT_MAX_ITEMS,
    max_bytes: int = FEED_MAX_BYTES,
) -> FeedPoll:
    """Fetch the feed at `url`, asking only for a change since the poll that gave `etag` and
    `last_modified`. InputError when it cannot be read (StatusError for an HTTP error status,
    TransientFetchError for a network failure worth retrying); `fetch` defaults to
    `feed_fetcher(SourceOptions())`."""
    fetcher = fetch or feed_fetcher(SourceOptions())
    result = check_status(
        fetcher(
            without_credentials(url.strip()),
            etag=etag,
            last_modified=last_modified,
            accept=FEED_ACCEPT,
        )
    )
    final_url = without_credentials(result.url)
    if result.not_modified:  # validators a 304 leaves out stay as they were
        return FeedPoll(
            url=final_url,
            unchanged=True,
            etag=result.etag or etag,
            last_modified=result.last_modified or last_modified,
            fetched_at=result.fetched_at,
        )
    if len(result.content) > max_bytes:
        raise InputError(too_large_text("feed", len(result.content), max_bytes))
    title, items, left_out = parse_feed(result.content, final_url, result.content_type, max_items)
    return FeedPoll(
        url=final_url,
        unchanged=False,
        etag=result.etag,
        last_modified=result.last_modified,
        items=items,
        title=title,
        items_left_out=left_out,
        fetched_at=result.fetched_at,
    )


def parse_feed(
    content: bytes, url: str, content_type: str | None = None, max_items: int = DEFAULT_MAX_ITEMS
) -> tuple[str | None, tuple[FeedItem, ...], int]:
    """The feed's title, its first `max_items` items with an http(s) link, and how many items
    past max_items were left out; InputError for what is no feed (empty, HTML, malformed)."""
    if max_items < 1:
        raise ConfigError(f"max_items must be 1 or more, not {max_items}")
    if not content.strip():
        raise InputError("empty response, not a feed")
    parsed = feedparser.parse(
        io.BytesIO(content),  # a stream: never a URL or a file name for feedparser to open
        response_headers={
            "content-location": url,  # the base of relative links
            "content-type": content_type or "application/xml",
        },
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    malformed = bool(parsed.get("bozo")) and not _harmless(parsed.get("bozo_exception"))
    refusal = _not_a_feed(parsed, content, content_type, malformed)
    if refusal:
        raise InputError(refusal)
    entries = parsed.get("entries", [])
    left_out = max(len(entries) - max_items, 0)
    if left_out:
        log.warning("%s: %d items, only the first %d read", url, len(entries), max_items)
    read = (_item(entry, url) for entry in entries[:max_items])
    items = tuple(item for item in read if item is not None)
    if malformed:  # what feedparser's forgiving parser made of it, if it made a link of it
        if not items:
            raise InputError(
                f"malformed feed, no item could be read ({_bozo_text(parsed, content)})"
            )
        log.warning("%s: feed read despite an error: %s", url, _bozo_text(parsed, content))
    return _text_of(parsed.get("feed", {}), "title", MAX_TITLE_CHARS), items, left_out


def new_items(items: Iterable[FeedItem], seen: Container[str]) -> list[FeedItem]:
    """The items known by no key (guid or link) in `seen`, each once, in the feed's order."""
    fresh: list[FeedItem] = []
    taken: set[str] = set()
    for item in items:
        if any(key in seen or key in taken for key in item.keys):
            continue
        taken.update(item.keys)
        fresh.append(item)
    return fresh


def _not_a_feed(
    parsed: Any, content: bytes, content_type: str | None, malformed: bool
) -> str | None:
    """Why the document is no feed of any kind feedparser knows, or None: an HTML page, malformed
    XML, XML of another kind."""
    if parsed.get("version"):
        return None
    if HTML_START.search(content[:4096]) or "html" in (content_type or "").lower():
        return "an HTML page, not a feed (RSS or Atom)"
    if malformed:
        return f"not a feed: malformed XML ({_bozo_text(parsed, content)})"
    return "not a feed (neither RSS nor Atom)"


def _harmless(error: object) -> bool:
    """A complaint of feedparser's that leaves the feed whole: a charset or Content-Type that
    disagrees with the document, a namespace prefix used undeclared."""
    return isinstance(
        error, feedparser.ThingsNobodyCaresAboutButMe | feedparser.UndeclaredNamespace
    )


def _bozo_text(parsed: Any, content: bytes) -> str:
    """feedparser's complaint in words: "line 2, column 88: mismatched tag"."""
    text = str(parsed.get("bozo_exception") or "unknown error")
    position = SAX_POSITION.match(text)
    if position is None:
        return text
    line = int(position[1]) - (0 if XML_DECLARATION.match(content) else 1)
    return f"line {max(line, 1)}, column {position[2]}: {text[position.end() :]}"


def _item(entry: Any, feed_url: str) -> FeedItem | None:
    """The entry as an item, or None when it has no link a fetch may follow."""
    link = _web_link(entry.get("link"), feed_url)
    if link is None:
        return None
    return FeedItem(
        link=link,
        title=_text_of(entry, "title", MAX_TITLE_CHARS),
        published=_iso_date(entry, "published"),
        updated=_iso_date(entry, "updated"),
        guid=without_credentials(str(entry.get("id") or "").strip())[:MAX_GUID_CHARS] or None,
        summary=_text_of(entry, "summary", MAX_SUMMARY_CHARS),
    )


def _web_link(link: object, feed_url: str) -> str | None:
    """The link made absolute against the feed's URL, without credentials, when it is http(s)
    with a host; None (with a warning for another scheme) otherwise."""
    text = without_credentials(str(link or "").strip())
    if not text:
        return None
    try:
        absolute = without_credentials(urljoin(feed_url, text))
        parts = urlsplit(absolute)
    except ValueError:  # e.g. "http://[" (a broken IPv6 host)
        log.warning("%s: item link %r dropped: not a valid URL", feed_url, text[:200])
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        scheme = parts.scheme or "no"
        log.warning(
            "%s: item link %r dropped: %s: links are not fetched", feed_url, text[:200], scheme
        )
        return None
    if len(absolute) > MAX_LINK_CHARS:
        log.warning("%s: item link of %d characters dropped", feed_url, len(absolute))
        return None
    return absolute


def _iso_date(entry: Any, field: str) -> str | None:
    """The entry's date as ISO 8601: its own offset kept when the text gives one (RFC 822 or
    ISO 8601), a date alone kept alone; otherwise feedparser's reading of it, in UTC. Read with
    dict.get: feedparser's own get answers "updated" with the published date when it lacks one."""
    raw = str(dict.get(entry, field) or "").strip()
    if DATE_ONLY.fullmatch(raw):
        return raw
    for read in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            return read(raw).isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
    parsed = dict.get(entry, f"{field}_parsed")
    if parsed is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()


def _text_of(element: Any, field: str, limit: int) -> str | None:
    """A title or summary as one line of plain text (its HTML, when it is HTML, reduced to the
    text a reader sees), cut at `limit` characters; None when empty."""
    value = str(element.get(field) or "")
    kind = str((element.get(f"{field}_detail") or {}).get("type") or "")
    if "html" in kind:
        value = _html_text(value)
    text = " ".join(value.split())
    return text[:limit] or None


def _html_text(html: str) -> str:
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    return "".join(reader.pieces)


class _TextReader(HTMLParser):
    """Collects the text of HTML a reader sees: no scripts or styles, a space where a block
    ends or begins."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._unseen_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSEEN_ELEMENTS:
            self._unseen_depth += 1
        if BREAKING_ELEMENT.fullmatch(tag):
            self.pieces.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in UNSEEN_ELEMENTS and self._unseen_depth:
            self._unseen_depth -= 1
        if BREAKING_ELEMENT.fullmatch(tag):
            self.pieces.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._unseen_depth:
            self.pieces.append(data)
