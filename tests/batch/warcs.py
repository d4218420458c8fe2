# ruff: noqa: E501 - invented news sentences are long lines, as real ones are
"""WARC files for the batch tests and benchmarks: pages written with warcio, and the broken records
a crawl leaves behind.

    from tests.batch.warcs import WarcPage, write_warc, write_damaged_warc, invented_pages

- `write_warc(path, pages, gzip=True)`: one response record per page; the record offsets.
- `WarcAppender`: the same, one record at a time into an open file (a pile written as it goes);
  `broken(page, damage)` writes one record damaged in one of `DAMAGES`.
- `write_damaged_warc(path, pages, damages, gzip=True, non_pages=False)`: the pages with one
  broken record for each damage asked for, and what a reader must give back (`Expected`: each
  good page once, each broken record once). `padded(page, size)` makes a page large.
- non-page records a crawl holds beside the pages (`non_page_records`): a request, a metadata
  record, an image, a 404 and a redirect. They are no page and no failure: a reader skips them.
- `invented_pages(count, seed)`: invented news pages, several invented outlets telling a few
  invented stories each in their own words (the same names, places and quotes), so that grouping
  has stories to find.

Records are serialised by warcio (`WARCWriter`, uncompressed) and each is compressed as its own
gzip member, as warcio does it, at a level the caller picks (warcio's own level 9 is slow for a
pile of large pages). Record ids are derived from the URL, so a file is the same bytes each time.
"""

from __future__ import annotations

import io
import random
import re
import uuid
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HTML = "text/html; charset=utf-8"
DEFAULT_DATE = "2026-03-02T08:00:00Z"
# zlib's default level (warcio compresses at 9, slow for large pages; a pile picks its own).
GZIP_LEVEL = 6
# The kinds of broken input a crawl produces (see WarcAppender.broken).
TRUNCATED = "truncated"  # the file ends in the middle of the record
LENGTH_TOO_LONG = "length-too-long"  # the record's Content-Length is larger than its block
LENGTH_TOO_SHORT = "length-too-short"  # ... and smaller
GARBAGE = "garbage"  # bytes that are no record, between two records
CORRUPT_MEMBER = "corrupt-member"  # a gzip member whose deflate stream is damaged (.warc.gz)
DAMAGES = (TRUNCATED, LENGTH_TOO_LONG, LENGTH_TOO_SHORT, GARBAGE, CORRUPT_MEMBER)
WRONG_LENGTH_BY = 60  # bytes: less than the smallest record's block, so "too short" stays >= 0
# Bytes that are no record: what a crashed writer or a bad concatenation leaves between records.
# It ends the way a record does, so that a plain WARC's next record still starts on a blank line.
GARBAGE_BYTES = b"\x00\x17partial upload\xff\xfe" + bytes(range(1, 40)) + b"\r\n\r\n"
# A PNG's signature and the start of its header chunk: enough for a response of type image/png.
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


class WarcPage(NamedTuple):
    """A page as a crawler saved it: its address, its HTML or text, its type and fetch time.
    `story` names the invented story it tells (invented_pages), None for other pages."""

    url: str
    content: str
    content_type: str = HTML
    warc_date: str = DEFAULT_DATE
    story: str | None = None


@dataclass(frozen=True, slots=True)
class Expected:
    """What reading a written WARC must give: every good page once (its offset and URL, in
    order) and one failure for each broken record (its offset)."""

    pages: tuple[tuple[int, str], ...]
    broken: tuple[int, ...]


# --- records ------------------------------------------------------------------------------------


def _writer(buffer: BinaryIO) -> WARCWriter:
    return WARCWriter(buffer, gzip=False, warc_version="WARC/1.0")


def _record_id(url: str, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{kind} {url}')}>"


def _serialised(
    url: str,
    kind: str,
    payload: bytes,
    *,
    warc_date: str = DEFAULT_DATE,
    http: StatusAndHeaders | None = None,
    content_type: str | None = None,
) -> bytes:
    """One uncompressed record, as warcio writes it."""
    buffer = io.BytesIO()
    writer = _writer(buffer)
    record = writer.create_warc_record(
        url,
        kind,
        payload=io.BytesIO(payload),
        length=len(payload),
        http_headers=http,
        warc_content_type=content_type or "",
        warc_headers_dict={"WARC-Date": warc_date, "WARC-Record-ID": _record_id(url, kind)},
    )
    writer.write_record(record)
    return buffer.getvalue()


def _http(status: str, headers: Sequence[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, list(headers), protocol="HTTP/1.1")


def response_record(page: WarcPage, *, status: str = "200 OK") -> bytes:
    """A response record holding the page (uncompressed)."""
    body = page.content.encode("utf-8")
    headers = [("Content-Type", page.content_type), ("Content-Length", str(len(body)))]
    return _serialised(
        page.url, "response", body, warc_date=page.warc_date, http=_http(status, headers)
    )


def request_record(url: str, warc_date: str = DEFAULT_DATE) -> bytes:
    request = (
        f"GET {_path_of(url)} HTTP/1.1\r\nHost: {_host_of(url)}\r\nUser-Agent: crawler\r\n\r\n"
    )
    return _serialised(
        url,
        "request",
        request.encode(),
        warc_date=warc_date,
        content_type="application/http; msgtype=request",
    )


def metadata_record(url: str, warc_date: str = DEFAULT_DATE) -> bytes:
    return _serialised(
        url,
        "metadata",
        b"outlinks: 14\r\nfetchTimeMs: 212\r\n",
        warc_date=warc_date,
        content_type="application/warc-fields",
    )


def image_record(url: str, warc_date: str = DEFAULT_DATE) -> bytes:
    headers = [("Content-Type", "image/png"), ("Content-Length", str(len(PNG_BYTES)))]
    return _serialised(
        url, "response", PNG_BYTES, warc_date=warc_date, http=_http("200 OK", headers)
    )


def not_found_record(url: str, warc_date: str = DEFAULT_DATE) -> bytes:
    body = b"<html><head><title>Not found</title></head><body><h1>Page not found</h1></body></html>"
    headers = [("Content-Type", HTML), ("Content-Length", str(len(body)))]
    return _serialised(
        url, "response", body, warc_date=warc_date, http=_http("404 Not Found", headers)
    )


def redirect_record(url: str, location: str, warc_date: str = DEFAULT_DATE) -> bytes:
    headers = [("Location", location), ("Content-Type", HTML), ("Content-Length", "0")]
    return _serialised(
        url, "response", b"", warc_date=warc_date, http=_http("301 Moved Permanently", headers)
    )


def non_page_records(url: str, warc_date: str = DEFAULT_DATE) -> list[bytes]:
    """The records a crawl holds beside a page that are no page: its request, the crawler's
    metadata, an image of it, a 404 and a redirect (to the page)."""
    base = url.rstrip("/")
    return [
        request_record(url, warc_date),
        metadata_record(url, warc_date),
        image_record(f"{base}/lead.png", warc_date),
        not_found_record(f"{base}/comments", warc_date),
        redirect_record(f"{base}/amp", url, warc_date),
    ]


def _host_of(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0]


def _path_of(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


# --- damage -------------------------------------------------------------------------------------


def with_wrong_length(record: bytes, extra: int = 700) -> bytes:
    """The record with a Content-Length `extra` bytes off (larger or, below 0, smaller than its
    block): a reader that trusts it runs on into the record after it, or stops inside its own."""
    return re.sub(
        rb"Content-Length: (\d+)",
        lambda found: b"Content-Length: %d" % (int(found[1]) + extra),
        record,
        count=1,
    )


def cut_short(data: bytes, keep: float = 0.5) -> bytes:
    """The first `keep` share of a record (or member): what a crawl killed mid-write leaves."""
    return data[: max(1, int(len(data) * keep))]


def corrupt_member(member: bytes) -> bytes:
    """A gzip member with bytes of its deflate stream overwritten (its header intact, so that it
    still looks like a record's start). zlib refuses it, or its checksum does."""
    damaged = bytearray(member)
    middle = max(12, len(member) // 2)
    damaged[middle : middle + 8] = b"\xff\x00\xff\x00\xa5\x5a\xa5\x5a"
    return bytes(damaged)


def _compressed(record: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(record) + compressor.flush()


# --- writing ------------------------------------------------------------------------------------


class WarcAppender:
    """Writes records into an open binary file one at a time; each method returns the offset
    the record (or what stands in its place) starts at, as a reader names it."""

    def __init__(self, stream: BinaryIO, *, gzip: bool = True, level: int = GZIP_LEVEL) -> None:
        self.stream = stream
        self.gzip = gzip
        self.level = level

    def record(self, record: bytes) -> int:
        """An uncompressed record, compressed as its own gzip member in a .warc.gz."""
        return self.raw(_compressed(record, self.level) if self.gzip else record)

    def raw(self, data: bytes) -> int:
        """Bytes written as they are."""
        offset = self.stream.tell()
        self.stream.write(data)
        return offset

    def page(self, page: WarcPage) -> int:
        return self.record(response_record(page))

    def broken(self, page: WarcPage, damage: str) -> int:
        """The page's record damaged as `damage` says (one of DAMAGES): the offset a reader must
        name in its one failure. `truncated` ends the file: write nothing after it."""
        record = response_record(page)
        if damage == TRUNCATED:
            member = _compressed(record, self.level) if self.gzip else record
            return self.raw(cut_short(member))
        if damage in (LENGTH_TOO_LONG, LENGTH_TOO_SHORT):
            extra = WRONG_LENGTH_BY if damage == LENGTH_TOO_LONG else -WRONG_LENGTH_BY
            return self.record(with_wrong_length(record, extra))
        if damage == GARBAGE:
            return self.raw(GARBAGE_BYTES)  # the page itself is not written
        if damage == CORRUPT_MEMBER:
            if not self.gzip:
                raise ValueError("a corrupt gzip member needs a .warc.gz")
            return self.raw(corrupt_member(_compressed(record, self.level)))
        raise ValueError(f"unknown damage {damage!r} (one of {', '.join(DAMAGES)})")


def write_warc(
    path: Path | str, pages: Iterable[WarcPage | tuple[str, str, str, str]], *, gzip: bool = True
) -> list[int]:
    """A WARC of one response record per page, (url, html_or_text, content_type, warc_date) each;
    the record offsets, in order."""
    with Path(path).open("wb") as stream:
        appender = WarcAppender(stream, gzip=gzip)
        return [appender.page(WarcPage(*page)) for page in pages]


def write_damaged_warc(
    path: Path | str,
    pages: Sequence[WarcPage],
    damages: Sequence[str],
    *,
    gzip: bool = True,
    non_pages: bool = False,
) -> Expected:
    """The pages, with one broken record for each of `damages` spread between them (a truncated
    one last: it ends the file); with `non_pages`, the records of non_page_records after each page.
    A broken record is a copy of the page before it under its own URL (`.../broken-<n>`). Returns
    what a reader must give back."""
    middle = [damage for damage in damages if damage != TRUNCATED]
    after: dict[int, list[str]] = {}
    for k, damage in enumerate(middle):
        after.setdefault(max(0, (k + 1) * len(pages) // (len(middle) + 1) - 1), []).append(damage)
    if TRUNCATED in damages:
        after.setdefault(len(pages) - 1, []).append(TRUNCATED)
    good: list[tuple[int, str]] = []
    broken: list[int] = []
    with Path(path).open("wb") as stream:
        appender = WarcAppender(stream, gzip=gzip)
        for number, page in enumerate(pages):
            good.append((appender.page(page), page.url))
            if non_pages:
                for record in non_page_records(page.url, page.warc_date):
                    appender.record(record)
            for damage in after.get(number, []):
                copy = page._replace(url=f"{page.url.rstrip('/')}/broken-{len(broken)}")
                broken.append(appender.broken(copy, damage))
    return Expected(tuple(good), tuple(broken))


# --- invented news ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InventedStory:
    """An invented event, as every outlet that tells it knows it."""

    key: str
    day: str  # ISO day it happened and was reported
    headlines: tuple[str, ...]
    facts: tuple[tuple[str, ...], ...]  # each fact in a few wordings
    quote: tuple[str, str]  # who, and what they said
    late: str  # a late detail with a figure {n}


# Each story: its day, a few headlines, its facts (each in a few wordings: outlets tell the same
# thing in their own words), one quote everyone carries, and a late detail whose figure changes
# from page to page (so that no two pages are the same text).
STORIES = (
    InventedStory(
        key="crane",
        day="2026-02-16",
        headlines=(
            "Crane collapses at Port Velder container terminal, injuring two workers",
            "Two hurt as harbour crane falls at Port Velder",
            "Port Velder halts loading after crane collapse",
            "Investigation opened into Port Velder crane accident",
        ),
        facts=(
            (
                "A gantry crane collapsed at the Port Velder container terminal on Monday morning, injuring two dock workers.",
                "Two dock workers were injured on Monday when a gantry crane came down at the container terminal in Port Velder.",
                "A container crane toppled onto a quay at Port Velder early on Monday, and two workers were taken to hospital.",
            ),
            (
                "The crane, operated by Norrland Cargo, had been inspected in January, the company said.",
                "Norrland Cargo, which runs the crane, said it had passed an inspection in January.",
            ),
            (
                "Harbour master Ines Calloway ordered all loading stopped while engineers check the other eleven cranes on the quay.",
                "All loading was halted by harbour master Ines Calloway until engineers have examined the eleven remaining cranes.",
            ),
            (
                "Both workers were treated at Velder General Hospital; one of them has a broken leg.",
                "At Velder General Hospital, doctors said one of the two men had suffered a broken leg.",
            ),
        ),
        quote=(
            "Ines Calloway",
            "We have stopped all loading until every crane has been inspected.",
        ),
        late="By the evening, {n} ships were waiting at anchor outside the harbour.",
    ),
    InventedStory(
        key="wildfire",
        day="2026-07-09",
        headlines=(
            "Wildfire forces 1,200 from their homes near Kessbury",
            "Kessbury evacuated as wildfire spreads through Orlen Valley",
            "Fire crews battle Orlen Valley blaze as wind shifts",
            "Orlen Valley wildfire: residents flee Kessbury overnight",
        ),
        facts=(
            (
                "About 1,200 residents of Kessbury were evacuated overnight as a wildfire spread through the Orlen Valley.",
                "A wildfire in the Orlen Valley forced some 1,200 people in Kessbury to leave their homes during the night.",
                "Kessbury's 1,200 residents were ordered out overnight as flames swept along the Orlen Valley.",
            ),
            (
                "The fire started on Wednesday afternoon in dry pine forest north of the town.",
                "It broke out on Wednesday afternoon in the dry pine woods north of Kessbury.",
            ),
            (
                "Fire chief Rafael Dunmore said three aircraft and 140 firefighters were working on the blaze.",
                "According to fire chief Rafael Dunmore, 140 firefighters and three aircraft were sent to the fire.",
            ),
            (
                "The school in nearby Alder Cross has been opened as a shelter for evacuated families.",
                "Evacuated families are being housed in the school at Alder Cross, a few miles south.",
            ),
        ),
        quote=(
            "Rafael Dunmore",
            "The wind turned twice in an hour, and that is what made this fire so dangerous.",
        ),
        late="The fire had burned {n} hectares by Thursday noon, the regional authority said.",
    ),
    InventedStory(
        key="rates",
        day="2026-05-21",
        headlines=(
            "Lindmark central bank raises interest rate to 4.25 percent",
            "Rate rise in Lindmark as inflation stays high",
            "Lindmark's central bank lifts rates for third time this year",
            "Governor Alma Reyes defends Lindmark rate increase",
        ),
        facts=(
            (
                "The Bank of Lindmark raised its main interest rate by a quarter point to 4.25 percent on Thursday.",
                "On Thursday the Bank of Lindmark lifted its key rate by 0.25 points, to 4.25 percent.",
                "Lindmark's central bank increased its benchmark rate to 4.25 percent on Thursday, a rise of a quarter point.",
            ),
            (
                "It is the third increase this year; inflation stood at 5.1 percent in April.",
                "Consumer prices rose 5.1 percent in the year to April, and this is the bank's third rise of the year.",
            ),
            (
                "Governor Alma Reyes said the board had voted six to one for the rise.",
                "The board voted six to one in favour, governor Alma Reyes told reporters.",
            ),
            (
                "Mortgage lenders in Lindmark are expected to pass the increase on to borrowers within weeks.",
                "Banks are expected to raise mortgage rates for their customers within weeks.",
            ),
        ),
        quote=(
            "Alma Reyes",
            "Inflation is falling, but not fast enough for households to feel it.",
        ),
        late="The currency gained {n} hundredths of a percent against the euro after the decision.",
    ),
    InventedStory(
        key="museum",
        day="2026-10-04",
        headlines=(
            "Three paintings stolen from Carrow City Museum",
            "Night-time theft at Carrow museum: three paintings taken",
            "Police hunt thieves after Carrow City Museum break-in",
            "Carrow museum curator appeals for return of stolen paintings",
        ),
        facts=(
            (
                "Three paintings were stolen from the Carrow City Museum during the night to Saturday.",
                "Thieves took three paintings from the Carrow City Museum overnight into Saturday.",
                "The Carrow City Museum lost three paintings in a break-in during Friday night.",
            ),
            (
                "The thieves entered through a skylight above the east gallery, police said.",
                "Police said the intruders came in through a skylight over the east gallery.",
            ),
            (
                "Among the works taken is a river landscape by the painter Edda Solberg, valued at two million.",
                "One of the stolen works is Edda Solberg's river landscape, said to be worth two million.",
            ),
            (
                "The museum will stay closed until Tuesday while detectives examine the building.",
                "Detectives are examining the building, and the museum stays closed until Tuesday.",
            ),
        ),
        quote=(
            "Jonas Whitfield",
            "These works belong to the people of Carrow, and we want them back.",
        ),
        late="Police said they had received {n} calls from the public by Saturday evening.",
    ),
    InventedStory(
        key="strike",
        day="2026-09-14",
        headlines=(
            "Westmere train drivers begin 48-hour strike",
            "Rail strike halts most trains across Westmere",
            "Westmere commuters stranded as drivers walk out",
            "Union leader Petra Novak defends Westmere rail strike",
        ),
        facts=(
            (
                "Train drivers in Westmere began a 48-hour strike on Monday, cancelling most services.",
                "Most trains in Westmere were cancelled on Monday as drivers started a two-day strike.",
                "A 48-hour walkout by Westmere's train drivers began on Monday, stopping most trains.",
            ),
            (
                "The drivers' union, led by Petra Novak, wants a pay rise of eight percent.",
                "The union, whose leader is Petra Novak, is asking for eight percent more pay.",
            ),
            (
                "Westmere Rail said only one train in five would run until Wednesday morning.",
                "Only a fifth of services will run until Wednesday morning, according to Westmere Rail.",
            ),
            (
                "Talks between the union and the rail company broke down last Thursday.",
                "Negotiations with the company collapsed on Thursday last week.",
            ),
        ),
        quote=(
            "Petra Novak",
            "Nobody wants to strike, but our members have run out of patience.",
        ),
        late="About {n} thousand commuters were affected on the first morning, the company said.",
    ),
)
OUTLETS = (
    ("The Harbour Gazette", "harbour-gazette.example", ("Mara Quist", "Tobias Lehn")),
    ("Northline News", "northline-news.example", ("Daria Fenwick", "Olu Mensah")),
    ("The Evening Ledger", "evening-ledger.example", ("Cas Albrecht", "Nina Orrin")),
    ("Valley Courier", "valleycourier.example", ("Hugo Brandt", "Lena Sato")),
    ("Meridian Post", "meridian-post.example", ("Ravi Kestrel", "Ada Moreau")),
    ("Coastline Daily", "coastline-daily.example", ("Sami Holt", "Iris Vance")),
)
QUOTE_LEADS = (
    '"{clipped}," said {who}.',
    '{who} said: "{q}"',
    '"{clipped}," {who} told reporters.',
)
SECTIONS = ("News", "World", "Business", "Culture", "Sport", "Opinion")


def invented_pages(count: int, seed: int = 0) -> list[WarcPage]:
    """`count` invented news pages: the stories of STORIES in turn, each page told by one of the
    invented OUTLETS in its own wording (its headline, phrasings, order of facts, a late figure),
    with furniture around it (cookie line, menu, share bar, newsletter, most-read, footer). The
    same `count` and `seed` give the same pages; every page has its own URL and HTML. Their
    paragraphs differ in the first thousand pages; further on a few repeat (107 of 20,000, seed
    0): exact copies a batch drops."""
    rng = random.Random(seed)
    return [_invented_page(number, rng) for number in range(count)]


def _invented_page(number: int, rng: random.Random) -> WarcPage:
    story = STORIES[number % len(STORIES)]
    round_ = number // len(STORIES)
    outlet_index = (number % len(STORIES) + round_) % len(OUTLETS)  # each round, another outlet
    outlet, domain, reporters = OUTLETS[outlet_index]
    headline = story.headlines[round_ % len(story.headlines)]
    paragraphs = [_wording(fact, outlet_index, rng) for fact in story.facts]
    rest = paragraphs[1:]
    rng.shuffle(rest)
    who, said = story.quote
    quote = rng.choice(QUOTE_LEADS).format(q=said, clipped=said.rstrip("."), who=who)
    late = story.late.format(n=rng.randrange(2, 900))
    body = [paragraphs[0], *rest[:2], quote, *rest[2:], late]
    published = f"{story.day}T{7 + rng.randrange(10):02d}:{rng.randrange(60):02d}:00Z"
    slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")
    url = f"https://{domain}/{story.day.replace('-', '/')}/{slug}-{number}"
    html = _news_html(outlet, headline, rng.choice(reporters), published, body)
    fetched = published[:11] + f"{min(23, int(published[11:13]) + 2):02d}" + published[13:]
    return WarcPage(url, html, HTML, fetched, story=story.key)


def padded(page: WarcPage, size: int, seed: int = 0) -> WarcPage:
    """The page grown to about `size` characters with invented paragraphs at the end of its
    article: a large record, which a reader decompresses in many reads, not one."""
    rng = random.Random(seed)
    words = ("the", "council", "said", "river", "harbour", "on", "Monday", "workers", "new", "plan")
    extra: list[str] = []
    room = size - len(page.content)
    while room > 0:
        paragraph = "<p>" + " ".join(rng.choice(words) for _ in range(40)).capitalize() + ".</p>"
        extra.append(paragraph)
        room -= len(paragraph) + 1
    return page._replace(
        content=page.content.replace("</article>", "\n".join(extra) + "\n</article>", 1)
    )


def _wording(fact: Sequence[str], outlet_index: int, rng: random.Random) -> str:
    return fact[(outlet_index + rng.randrange(2)) % len(fact)]


def _news_html(outlet: str, headline: str, byline: str, published: str, body: Sequence[str]) -> str:
    menu = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    paragraphs = "\n".join(f"<p>{text}</p>" for text in body)
    day = published[:10]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{headline} | {outlet}</title>
<meta property="og:title" content="{headline}">
<meta name="author" content="{byline}">
<meta property="article:published_time" content="{published}">
</head><body>
<div class="cookies">We use cookies to improve your experience. Accept all | Manage preferences</div>
<header><a class="logo" href="/">{outlet}</a><nav><ul>{menu}</ul></nav></header>
<main><article>
<h1>{headline}</h1>
<p class="byline">By {byline}</p>
<time datetime="{published}">{day}</time>
<div class="share">Share on Facebook | Share on X | Email this story</div>
{paragraphs}
<p class="newsletter">Get the morning briefing from {outlet}, free every weekday.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Council approves new cycle lanes</a></li>
<li><a href="/b">Weekend weather: sun returns after storms</a></li></ul></aside></main>
<footer>&copy; 2026 {outlet}. All rights reserved. Privacy | Terms | Contact us</footer>
</body></html>
"""
