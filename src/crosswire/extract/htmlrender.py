"""Rendering HTML as a reader sees it: text blocks, each tied to its element and region.

One iterative walk over the tree (deep malformed pages must not overflow the stack) turns the page
into blocks of text — a new block at every block-level element or line break — with scripts,
styles, forms and hidden elements left out. Each block knows whether it lies in an image caption
(figcaption, caption-classed elements) or an embedded social post (the blockquotes and divs that
twitter, instagram, tiktok and others hand to publishers), and embeds are read for their author,
handle, date and address.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree
from lxml.html import HtmlElement


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements whose content a reader never sees as text.
SKIP_TAGS = _words(
    "script style noscript template svg math iframe object embed canvas head select option "
    "textarea datalist audio video picture source track map param input button"
)
# Elements that start a new line of rendered text.
BLOCK_TAGS = _words(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu "
    "nav ol p pre section summary table tbody thead tfoot tr td th ul legend br html"
)
HEADING_TAGS = _words("h1 h2 h3 h4 h5 h6")
# Class tokens of image captions and photo credits ("wp-caption-text", "image-caption",
# "article__caption"); the suffix list keeps out layout classes such as "caption-style--default".
CAPTION_TOKEN = re.compile(
    r"(?:^|[-_])(?:fig)?caption(?:s)?(?:$|[-_](?:text|container|wrapper|inner|content)$)"
    r"|(?:^|[-_])(?:image|photo|picture|img)[-_]?credits?$",
    re.IGNORECASE,
)
# Class tokens of embedded social posts, and the platform each one means.
EMBED_CLASSES: dict[str, str] = {
    "twitter-tweet": "twitter",
    "twitter-video": "twitter",
    "twitter-tweet-rendered": "twitter",
    "instagram-media": "instagram",
    "tiktok-embed": "tiktok",
    "reddit-card": "reddit",
    "reddit-embed-bq": "reddit",
    "bluesky-embed": "bluesky",
    "mastodon-embed": "mastodon",
    "text-post-media": "threads",
    "fb-post": "facebook",
}
# "— Jane Doe (@janedoe) November 20, 2019" and "A post shared by Jane Doe (@janedoe)".
EMBED_SIGNATURE = re.compile(
    r"(?:[—–-]{1,2}|shared by)\s*(?P<author>[^()@\n]{1,80}?)\s*\((?P<handle>@[\w.]{1,30})\)"
    r"\s*(?:on\s+)?(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})?"
)
EMBED_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y")
# Containers that are never the article, whatever their class says.
NEVER_ARTICLE_TAGS = _words("nav footer aside header form")


@dataclass(frozen=True, slots=True)
class HtmlEmbed:
    """One embedded post: its span of `page_text` (all its lines) and what its markup states."""

    start: int
    end: int
    text: str  # the post's own words, without the signature line
    platform: str
    author: str | None = None
    handle: str | None = None
    date: str | None = None  # ISO date
    url: str | None = None


@dataclass(slots=True)
class Block:
    """One rendered line: its text, the element that holds it and what kind of region it is in."""

    text: str
    element: HtmlElement
    context: str  # "text", "caption" or "embed"
    embed_root: HtmlElement | None = None
    link_share: float = 0.0  # share of the text written inside links (menus and teasers: ~1)
    start: int = 0
    end: int = 0


def _class_tokens(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


@functools.lru_cache(maxsize=8192)
def _region(tag: str, classes: str, itemprop: str) -> str | None:
    """'caption' or 'embed' when an element with these attributes opens such a region, else None.

    Cached: pages repeat a few class strings thousands of times, and this runs on every element.
    """
    tokens = classes.split()
    if tag in ("blockquote", "div") and any(t in EMBED_CLASSES for t in tokens):
        return "embed"
    if tag == "figcaption" or itemprop == "caption":
        return "caption"
    if tag not in NEVER_ARTICLE_TAGS and any(CAPTION_TOKEN.search(t) for t in tokens):
        return "caption"
    return None


def _hiding(style: str) -> bool:
    """Whether an inline style hides its element."""
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


class _Renderer:
    """Walks the tree once (iteratively: deep malformed pages must not overflow the stack)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.holders: list[HtmlElement] = []  # innermost block element is the text's holder
        self.regions: list[tuple[HtmlElement, str]] = []
        self.skipped: HtmlElement | None = None  # the element whose subtree is being skipped
        self.links = 0  # how many <a> elements the walk is inside
        self.link_chars = 0  # characters of the buffer written inside links

    def flush(self) -> None:
        if not self.buffer:
            return
        raw = "".join(self.buffer)
        text = " ".join(raw.split())
        link_share = min(1.0, self.link_chars / len(raw)) if raw else 0.0
        self.buffer.clear()
        self.link_chars = 0
        if not text or not self.holders:
            return
        context, root = "text", None
        if self.regions:
            root, context = self.regions[-1]
        embed_root = root if context == "embed" else None
        self.blocks.append(Block(text, self.holders[-1], context, embed_root, link_share))

    def render(self, root: HtmlElement) -> list[Block]:
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        start, end = self.start, self.end  # bound once: this loop runs for every element
        for event, element in walker:
            if event == "start":
                start(element, walker)
            elif event == "end":
                end(element)
            elif element.tail:  # a comment's or processing instruction's tail is page text
                self.write(element.tail)
        self.flush()
        return self.blocks

    def start(self, element: HtmlElement, walker: Any) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            tag = ""
        get = element.get
        style = get("style")
        if tag in SKIP_TAGS or get("hidden") is not None or (style and _hiding(style)):
            walker.skip_subtree()
            self.skipped = element
            return
        if tag in BLOCK_TAGS:
            self.flush()
            self.holders.append(element)
        classes, itemprop = get("class"), get("itemprop")
        # Only a class, an itemprop or a figcaption can open a region (see _region).
        if classes or itemprop or tag == "figcaption":
            region = _region(tag, classes or "", itemprop or "")
            if region is not None:
                self.flush()
                self.regions.append((element, region))
        if tag == "a":
            self.links += 1
        text = element.text
        if text:
            self.buffer.append(text)
            if self.links:
                self.link_chars += len(text)

    def write(self, text: str) -> None:
        self.buffer.append(text)
        if self.links:
            self.link_chars += len(text)

    def end(self, element: HtmlElement) -> None:
        if element is self.skipped:
            self.skipped = None
        else:
            holders, regions = self.holders, self.regions
            if holders and holders[-1] is element:
                self.flush()
                holders.pop()
            if regions and regions[-1][0] is element:
                self.flush()
                regions.pop()
            if self.links and element.tag == "a":
                self.links -= 1
        tail = element.tail
        if tail:
            self.buffer.append(tail)
            if self.links:
                self.link_chars += len(tail)


def render(root: HtmlElement) -> tuple[str, list[Block]]:
    body = root.find(".//body")
    blocks = _Renderer().render(body if body is not None else root)
    parts: list[str] = []
    offset = 0
    for block in blocks:
        block.start, block.end = offset, offset + len(block.text)
        parts.append(block.text)
        offset = block.end + 1
    return "\n".join(parts), blocks


def _embed_date(root: HtmlElement, stated: str | None) -> str | None:
    for time in root.iter("time"):
        value = (time.get("datetime") or "")[:10]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
    for fmt in EMBED_DATE_FORMATS:
        try:
            return datetime.strptime(stated or "", fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _embed_url(root: HtmlElement) -> str | None:
    for name in ("data-instgrm-permalink", "cite", "data-href"):
        if root.get(name):
            return str(root.get(name))
    links = [a.get("href") for a in root.iter("a") if a.get("href", "").startswith("http")]
    posts = [link for link in links if re.search(r"/status/|/p/|/post/|/video/", link)]
    return (posts or links or [None])[-1]


def find_embeds(blocks: list[Block]) -> tuple[HtmlEmbed, ...]:
    """One HtmlEmbed per embed region, from its blocks and its markup."""
    groups: dict[HtmlElement, list[Block]] = {}
    for block in blocks:
        if block.context == "embed" and block.embed_root is not None:
            groups.setdefault(block.embed_root, []).append(block)
    embeds = []
    for root, members in groups.items():
        platform = next((EMBED_CLASSES[t] for t in _class_tokens(root) if t in EMBED_CLASSES), "")
        signature = None
        words = []
        for block in members:
            found = EMBED_SIGNATURE.search(block.text)
            if found and signature is None:
                signature = found
                block_text = block.text[: found.start()].strip()
            else:
                block_text = block.text
            if block_text:
                words.append(block_text)
        embeds.append(
            HtmlEmbed(
                start=members[0].start,
                end=members[-1].end,
                text="\n".join(words),
                platform=platform,
                author=signature["author"].strip() if signature else None,
                handle=signature["handle"] if signature else None,
                date=_embed_date(root, signature["date"] if signature else None),
                url=_embed_url(root),
            )
        )
    return tuple(embeds)
