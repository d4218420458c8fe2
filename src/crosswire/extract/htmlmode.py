"""HTML-mode extraction: trafilatura finds the article, this module says where it is on the page.

The page is parsed once and rendered into text blocks (crosswire.extract.htmlrender: what a reader
sees, one block per line, scripts and styles never), so every label is a span of that rendering
(`page_text`). trafilatura's main text (fast pass; its full cascade where that finds nothing or a
menu dump) is located in the rendering and labelled BODY, then corrected where it is weak:
- captions and embedded posts are CAPTION and EMBED even where trafilatura took them as text;
- blocks written mostly inside links (menus, teaser lists) are furniture;
- the text classifier (crosswire.extract.textmode) gives a second opinion: lines it calls related
posts,
  share bars, legal notes, bylines, datelines, standfirsts or tags leave the body, and the head of
  the article around the body gets its BYLINE / DATELINE / STANDFIRST / TAGS labels;
- where an article is cut into sibling chunks of one container (around ads) and trafilatura kept
  only the first, the other chunks come back.
Metadata comes from crosswire.extract.htmlmeta (what the page declares in JSON-LD and meta tags,
then trafilatura's metadata extraction and htmldate).
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree
from lxml.html import HtmlElement, document_fromstring

from crosswire.errors import InputError
from crosswire.extract.deep_markup import flatten_deep_nesting
from crosswire.extract.htmlmeta import ISO_TIME_FORMAT, HtmlMeta, markup_dates, read_meta
from crosswire.extract.htmlrender import (
    HEADING_TAGS,
    NEVER_ARTICLE_TAGS,
    Block,
    HtmlEmbed,
    find_embeds,
    render,
)
from crosswire.extract.textmode import classify_lines
from crosswire.extract.trafilatura_internals import page_metadata
from crosswire.model import Line, LineLabel
from crosswire.text import has_words, words

log = logging.getLogger(__name__)


# A rescued chunk paragraph must read like prose: this many words at least (scrapinghub HTML set).
RESCUE_MIN_WORDS = 12
# trafilatura's settings, chosen on the scrapinghub HTML set (benchmarks/bench_html.py): without
# comments and in fast mode (no fallback extractors) it scored F1 .962 at twice the speed of its
# defaults (.953); favor_precision scored .964 but at full cost. The full cascade, favouring
# precision, is the retry where the fast pass finds nothing or a menu dump (1 page of 181 there).
TRAFILATURA_OPTIONS: dict[str, Any] = {"include_comments": False, "fast": True}
TRAFILATURA_RETRY_OPTIONS: dict[str, Any] = {"include_comments": False, "favor_precision": True}
# A main text of at least this many lines, more than this share of them shorter than this many
# characters, is a menu dump (scrapinghub HTML set: 2 pages of 181, 1 of them truly a menu).
MENU_MIN_LINES = 20
# trafilatura's tree passes are quadratic on huge trees (its `//p//text()` took 16 s for 100,000
# paragraphs); pages with more elements are read in text mode. The largest page of the scrapinghub
# and fundus HTML sets (benchmarks/bench_extract.py, bench_metadata.py) has 4,274 elements.
MAX_TRAFILATURA_ELEMENTS = 50_000
# Past this many elements a page is not read at all: it is no article page (fifty times the
# largest above), and reading it in text mode would cost over a gigabyte of memory (a million
# paragraphs took 39 s and 1.8 GB; refused, 6 s and 400 MB: docs/benchmarks.md, issue 12).
MAX_HTML_ELEMENTS = 200_000
MENU_SHORT_SHARE = 0.5
MENU_LINE_CHARS = 30
# Characters matched at each end of a paragraph whose inner spacing differs from the rendering.
ANCHOR = 24
BODY_REASON = "main text (trafilatura)"
OUTSIDE_REASON = "outside the main text"
# A block written mostly inside links is a menu or a list of teasers, not article text, even in
# trafilatura's main text (scrapinghub HTML set: such body blocks were 4/5 outside the gold body).
LINK_SHARE_MAX = 0.7
LINK_TEXT = LineLabel.FURNITURE, "mostly link text (menu or teasers)"
# Second opinion of the text classifier (crosswire.extract.textmode) on trafilatura's main text:
# the labels and furniture kinds it may take out of the body. Chosen on the scrapinghub HTML set,
# where lines with these labels/kinds were almost never in the gold body (bench_html.py measures
# the effect).
VETO_LABELS = frozenset(
    {LineLabel.BYLINE, LineLabel.DATELINE, LineLabel.STANDFIRST, LineLabel.TAGS}
)
OPINION_CONTEXT = 15  # lines of page classified around the body (textmode's head lookback is 12)
VETO_FURNITURE = (
    "related posts",
    "share bar",
    "follow appeal",
    "legal",
    "cookie notice",
    "crawler greeting",
    "readers' comments",
    "head of the article",
)


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    page_text: str
    lines: list[Line]
    meta: HtmlMeta = field(default_factory=HtmlMeta)
    embeds: tuple[HtmlEmbed, ...] = ()

    def body_text(self) -> str:
        """The body lines, joined as paragraphs (one newline each)."""
        return "\n".join(line.text for line in self.lines if line.label is LineLabel.BODY)


# ---------------------------------------------------------------- locating trafilatura's text


def _pieces(line: str) -> list[str]:
    """The rendered pieces of one extracted line: trafilatura writes list items as '- item' and
    table rows as '| cell | cell |', which the page shows as separate bits of text."""
    line = " ".join(line.split())
    if line.startswith("|") and line.endswith("|"):
        return [cell.strip() for cell in line.strip("|").split("|") if has_words(cell)]
    if line.startswith("- "):
        return [line[2:]]
    return [line] if line else []


def _find(piece: str, search_text: str, cursor: int) -> tuple[int, int] | None:
    """Where one piece is in the rendering: exactly (after the cursor first), else by its two ends
    (inline markup can change the spacing inside a paragraph)."""
    for start_at in (cursor, 0):
        pos = search_text.find(piece, start_at)
        if pos >= 0:
            return pos, pos + len(piece)
    if len(piece) < 2 * ANCHOR:
        return None
    head = search_text.find(piece[:ANCHOR], cursor)
    if head < 0:
        head = search_text.find(piece[:ANCHOR])
    tail = search_text.find(piece[-ANCHOR:], head, head + 2 * len(piece)) if head >= 0 else -1
    return (head, tail + ANCHOR) if tail >= 0 else None


def _locate(lines: list[str], search_text: str) -> list[tuple[int, int]]:
    """Spans of `search_text` holding each extracted line, in reading order where possible."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for line in lines:
        for piece in _pieces(line):
            found = _find(piece, search_text, cursor)
            if found is None:
                log.debug("extracted text not found in the rendering: %.60s", piece)
                continue
            spans.append(found)
            cursor = found[1]
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# ---------------------------------------------------------------- labelling


def _piece(page_text: str, start: int, end: int, label: LineLabel, reason: str) -> Line | None:
    """A line over page_text[start:end] without its outer spaces, or None when it has no words."""
    text = page_text[start:end]
    if not has_words(text):
        return None
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    return Line(start, start + len(stripped), stripped, label, reason)


def _split_block(page_text: str, block: Block, parts: list[tuple[int, int]]) -> Iterator[Line]:
    """A block cut into its main-text parts (BODY) and whatever lies between them (FURNITURE)."""
    cursor = block.start
    pieces: list[Line | None] = []
    outside = LineLabel.FURNITURE, OUTSIDE_REASON
    for start, end in parts:
        pieces.append(_piece(page_text, cursor, start, *outside))
        pieces.append(_piece(page_text, start, end, LineLabel.BODY, BODY_REASON))
        cursor = end
    pieces.append(_piece(page_text, cursor, block.end, *outside))
    yield from (piece for piece in pieces if piece is not None)


def _fixed_label(block: Block, is_title: bool, rescued: bool) -> tuple[LineLabel, str] | None:
    """The label a block gets whatever trafilatura said, or None to follow the located text."""
    if block.context == "embed":
        return LineLabel.EMBED, "embedded post"
    if block.context == "caption":
        return LineLabel.CAPTION, "image caption"
    if is_title:
        return LineLabel.TITLE, "headline matching the page title"
    if rescued:
        return LineLabel.BODY, "continues the main text in a sibling chunk of its container"
    return None


def _label(
    page_text: str,
    blocks: list[Block],
    spans: list[tuple[int, int]],
    title_index: int | None,
    rescued: set[int],
) -> list[Line]:
    lines: list[Line] = []
    first = 0  # spans before this one end before the current block (both are in page order)
    for index, block in enumerate(blocks):
        while first < len(spans) and spans[first][1] <= block.start:
            first += 1
        fixed = _fixed_label(block, index == title_index, index in rescued)
        if fixed is not None:
            lines.append(Line(block.start, block.end, block.text, fixed[0], fixed[1]))
            continue
        parts = []
        k = first
        while k < len(spans) and spans[k][0] < block.end:
            parts.append((max(spans[k][0], block.start), min(spans[k][1], block.end)))
            k += 1
        if parts and block.link_share >= LINK_SHARE_MAX:
            lines.append(Line(block.start, block.end, block.text, *LINK_TEXT))
            continue
        lines.extend(_split_block(page_text, block, parts))
    return lines


def _signature(element: HtmlElement) -> tuple[str, str]:
    return str(element.tag), " ".join((element.get("class") or "").split())


def _in_furniture(element: HtmlElement) -> bool:
    return any(str(a.tag) in NEVER_ARTICLE_TAGS for a in element.iterancestors())


def _rescue_chunks(blocks: list[Block], body: set[int]) -> set[int]:
    """Paragraphs of sibling chunks of the body's container that trafilatura left out.

    Long articles are often cut into several containers of one class around ads; an extractor
    that picks one container then loses the rest. Only chunks holding no body yet are taken, and
    only their prose-length paragraphs.
    """
    weights: Counter[tuple[str, str]] = Counter()
    containers: set[HtmlElement] = set()
    for index in body:
        parent = blocks[index].element.getparent()
        if parent is not None:
            weights[_signature(parent)] += len(blocks[index].text)
            containers.add(parent)
    if not weights:
        return set()
    signature, weight = weights.most_common(1)[0]
    if not signature[1] or weight * 2 < sum(len(blocks[i].text) for i in body):
        return set()  # a class-less or minor container says nothing about chunks
    rescued: set[int] = set()
    for index, block in enumerate(blocks):
        parent = block.element.getparent()
        if index in body or block.context != "text" or parent is None or parent in containers:
            continue
        if _signature(parent) != signature or len(words(block.text)) < RESCUE_MIN_WORDS:
            continue
        if not _in_furniture(block.element):
            rescued.add(index)
    return rescued


def _title_index(blocks: list[Block], title: str | None) -> int | None:
    """The headline block: a heading equal to (or inside) the page title, else the first h1."""
    first_h1 = None
    wanted = " ".join((title or "").split()).casefold()
    for index, block in enumerate(blocks):
        if block.element.tag not in HEADING_TAGS or block.context != "text":
            continue
        if first_h1 is None and block.element.tag == "h1":
            first_h1 = index
        text = block.text.casefold()
        if wanted and (text == wanted or (len(text) > 15 and text in wanted)):
            return index
    return first_h1


# ---------------------------------------------------------------- entry point


@functools.cache
def _parser() -> etree.HTMLParser:
    """trafilatura's parser settings (comments and PIs dropped), with every element an HtmlElement
    looked up in C: lxml.html's own lookup runs Python code for each element proxy, which cost
    about a tenth of the page time (rendering and trafilatura's tree passes both pay it)."""
    parser = etree.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))
    return parser


def _parse(html: str) -> HtmlElement | None:
    """The page as a document tree, or None when nothing can be parsed."""
    html = flatten_deep_nesting(html)
    for markup in (html, html.encode("utf-8", errors="replace")):
        try:
            return document_fromstring(markup, parser=_parser())
        except ValueError:  # a str with an XML encoding declaration: lxml wants bytes
            continue
        except Exception:  # untrusted markup (or no markup at all): no tree means 'no page'
            log.debug("unparseable HTML", exc_info=True)
            return None
    return None


def _trafilatura(root: HtmlElement, url: str | None, options: dict[str, Any]) -> Any:
    """trafilatura's Document (its main text, no metadata), or None."""
    from trafilatura import bare_extraction

    try:
        return bare_extraction(root, url=url, **options)
    except Exception:  # a library failure on odd markup must not stop the batch
        log.warning("trafilatura failed on %s", url, exc_info=True)
        return None


def _text_of(document: Any) -> str:
    return str(getattr(document, "text", None) or "") if document is not None else ""


def _menu_like(text: str) -> bool:
    """A 'main text' that is mostly short lines: a dump of the page's menus, not an article."""
    lines = [line for line in text.split("\n") if line.strip()]
    short = sum(1 for line in lines if len(line.strip()) < MENU_LINE_CHARS)
    return len(lines) >= MENU_MIN_LINES and short > len(lines) * MENU_SHORT_SHARE


def _main_text(root: HtmlElement, url: str | None) -> tuple[bool, str]:
    """Whether trafilatura took the page for a document at all, and its main text: its fast
    pass, and its full cascade (with fallback extractors) where the fast pass found nothing or
    only menus."""
    document = _trafilatura(root, url, TRAFILATURA_OPTIONS)
    text = _text_of(document)
    if text and not _menu_like(text):
        return True, text
    retry = _trafilatura(root, url, TRAFILATURA_RETRY_OPTIONS)
    retry_text = _text_of(retry)
    return document is not None or retry is not None, retry_text or text


def _metadata(root: HtmlElement, url: str | None, date_params: dict[str, Any]) -> Any:
    """trafilatura's metadata Document for the page, or None where its search fails."""
    try:
        return page_metadata(root, url, date_params)
    except Exception:  # a library failure on odd markup must not stop the batch
        log.warning("metadata extraction failed on %s", url, exc_info=True)
        return None


def extract_html(
    html: str, *, url: str | None = None, now: datetime | None = None
) -> HtmlExtraction:
    """Render an HTML page, label its lines (body, title, captions, embeds, furniture), read meta.

    `now` bounds the dates htmldate accepts (no date after it); None means today. Never raises on
    odd markup: a page with nothing readable gives an empty extraction; a page of more than
    MAX_HTML_ELEMENTS elements raises InputError.
    """
    root = _parse(html)
    if root is None:
        return HtmlExtraction(page_text="", lines=[])
    elements = _element_count(root)
    if elements > MAX_HTML_ELEMENTS:
        raise InputError(
            f"the page has {elements:,} HTML elements, more than the {MAX_HTML_ELEMENTS:,} read "
            "(news pages have a few thousand): not read"
        )
    page_text, blocks = render(root)
    # htmldate reads the markup only (meta tags, JSON-LD, time elements, the URL): its search of
    # the visible text cost about a tenth of the page time for 2 more dates in 181 pages
    # (scrapinghub HTML set), and dates stated in the text are crosswire.extract.page_dates' job.
    date_params: dict[str, Any] = {
        "original_date": True,
        "extensive_search": False,
        "outputformat": ISO_TIME_FORMAT,
        "url": url,
    }
    if now is not None:
        date_params["max_date"] = now.strftime("%Y-%m-%d")
    if elements > MAX_TRAFILATURA_ELEMENTS:
        return _read_as_text(root, page_text, blocks, url, date_params)
    found, text = _main_text(root, url)
    # Metadata only for a page trafilatura takes for a document (as its with_metadata did).
    document = _metadata(root, url, date_params) if found else None
    spans = _locate(text.split("\n"), page_text.replace("\n", " "))
    body = _body_blocks(blocks, spans)
    rescued = _rescue_chunks(blocks, body)
    dates = markup_dates(root, date_params, document)
    meta = read_meta(document, root, dates, url, date_params.get("max_date"))
    title_index = _title_index(blocks, meta.title)
    lines = _second_opinion(page_text, _label(page_text, blocks, spans, title_index, rescued))
    return HtmlExtraction(page_text, lines, meta, find_embeds(blocks))


def _element_count(root: HtmlElement) -> int:
    return sum(1 for _ in root.iter())


def _read_as_text(
    root: HtmlElement, page_text: str, blocks: list[Block], url: str | None, params: dict[str, Any]
) -> HtmlExtraction:
    """A page too large for trafilatura's tree passes: its rendered text read in text mode (linear
    in the page's size), with the metadata its markup declares."""
    log.info(
        "%s has over %d elements: its text is read in text mode", url, MAX_TRAFILATURA_ELEMENTS
    )
    meta = read_meta(None, root, markup_dates(root, params, None), url, params.get("max_date"))
    return HtmlExtraction(page_text, classify_lines(page_text), meta, find_embeds(blocks))


def _body_blocks(blocks: list[Block], spans: list[tuple[int, int]]) -> set[int]:
    """Indexes of the blocks most of whose text lies in the located main text."""
    body: set[int] = set()
    first = 0
    for index, block in enumerate(blocks):
        while first < len(spans) and spans[first][1] <= block.start:
            first += 1
        covered, k = 0, first
        while k < len(spans) and spans[k][0] < block.end:
            covered += min(spans[k][1], block.end) - max(spans[k][0], block.start)
            k += 1
        if covered * 2 > len(block.text):
            body.add(index)
    return body


def _second_opinion(page_text: str, lines: list[Line]) -> list[Line]:
    """Take out of trafilatura's body the lines the text classifier calls furniture of a kind that
    is never article text (related posts, share bars, datelines, bylines, tag lists...).

    Only the stretch of the page around the body is classified (speed: menus and footers far
    from the article cannot change the verdict on a body line's kind).
    """
    body = [line for line in lines if line.reason == BODY_REASON]
    if not body:
        return lines
    start = _line_start(page_text, body[0].start, OPINION_CONTEXT)
    end = _line_end(page_text, body[-1].end, OPINION_CONTEXT)
    try:
        opinions = {start + o.start: o for o in classify_lines(page_text[start:end])}
    except Exception:  # a second opinion that fails must not lose the first
        log.warning("text classifier failed on an HTML page", exc_info=True)
        return lines
    result = []
    for line in lines:
        opinion = opinions.get(page_text.rfind("\n", 0, line.start) + 1)
        if opinion is not None and _adopts(line, opinion):
            line = Line(line.start, line.end, line.text, opinion.label, opinion.reason)
        result.append(line)
    return result


def _line_start(text: str, offset: int, back: int) -> int:
    """The start of the line `back` lines above the one holding offset."""
    for _ in range(back + 1):
        offset = text.rfind("\n", 0, offset)
        if offset < 0:
            return 0
    return offset + 1


def _line_end(text: str, offset: int, ahead: int) -> int:
    """The end of the line `ahead` lines below the one holding offset."""
    for _ in range(ahead + 1):
        offset = text.find("\n", offset + 1)
        if offset < 0:
            return len(text)
    return offset


def _adopts(line: Line, opinion: Line) -> bool:
    """Whether the text classifier's label replaces ours: furniture of a never-article kind in
    trafilatura's body, and the article's head (byline, dateline, standfirst, tags) around it."""
    if line.reason == BODY_REASON:
        return _vetoes(opinion)
    return line.reason == OUTSIDE_REASON and opinion.label in VETO_LABELS


def _vetoes(opinion: Line) -> bool:
    if opinion.label in VETO_LABELS:
        return True
    return opinion.label is LineLabel.FURNITURE and opinion.reason.startswith(VETO_FURNITURE)
