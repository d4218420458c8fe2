"""The article a page describes in its schema.org JSON-LD: headline, authors, dates.

News sites state their article in `<script type="application/ld+json">` blocks written for search
engines: an object, a list of objects, or an `@graph` whose nodes refer to each other by `@id`. The
article is the node of an article type (NewsArticle, ReportageNewsArticle, BlogPosting...; the list
is data, html_metadata.json) — the one about the page's own address where several are (a page
also describes its related stories, videos and live posts). Authors are Person or Organization
nodes, inline or referred to, or bare strings; each is kept as the page names it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crosswire.datafiles import load_data

log = logging.getLogger(__name__)

# A JSON-LD block larger than this is not read (a whole article body or a product catalogue).
MAX_BLOCK_CHARS = 2_000_000
# Markup some sites wrap their JSON in: HTML comments, CDATA, a trailing semicolon.
WRAPPING = re.compile(
    r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)|(?:-->|/\*\s*\]\]>\s*\*/|\]\]>|;)\s*$"
)


@dataclass(frozen=True, slots=True)
class JsonLdArticle:
    """What a page's JSON-LD says about its article (empty when it describes none)."""

    headline: str | None = None
    authors: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()  # the authors typed as organisations, not people
    published: str | None = None  # as written: ISO 8601, a date or a date and time
    modified: str | None = None


@cache
def _article_types() -> frozenset[str]:
    return frozenset(load_data("html_metadata.json")["article_types"])


@cache
def _organisation_types() -> frozenset[str]:
    return frozenset(load_data("html_metadata.json")["organisation_types"])


def _blocks(root: HtmlElement) -> Iterator[Any]:
    """The parsed JSON of each ld+json script (blocks that do not parse are skipped)."""
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        text = script.text or ""
        if not text.strip() or len(text) > MAX_BLOCK_CHARS:
            continue
        try:
            yield json.loads(WRAPPING.sub("", text), strict=False)
        except ValueError:
            log.debug("unreadable JSON-LD block: %.80s", text.strip())


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every object of a block that can be a top-level node: lists, @graph and mainEntity opened."""
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity"):
            if key in value:
                yield from _nodes(value[key])


def _types(node: dict[str, Any]) -> set[str]:
    kinds = node.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return {str(name).rsplit("/", 1)[-1] for name in names if name}


def _text(value: Any) -> str | None:
    """A plain string value (the first of a list), spaces collapsed; None for anything else."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), None)
    if isinstance(value, dict):
        value = value.get("@value")
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _same_page(node: dict[str, Any], url: str | None) -> bool:
    """Whether the node says it is about the page at `url` (scheme, query and end slash aside)."""
    if not url:
        return False
    wanted = _page_key(url)
    about = node.get("mainEntityOfPage")
    candidates = [node.get("url"), node.get("@id"), about]
    if isinstance(about, dict):
        candidates += [about.get("@id"), about.get("url")]
    return any(isinstance(c, str) and _page_key(c) == wanted for c in candidates)


def _page_key(url: str) -> str:
    parts = urlsplit(url.strip())
    return (parts.netloc.lower().removeprefix("www.") + parts.path).rstrip("/")


def _article_node(nodes: list[dict[str, Any]], url: str | None) -> dict[str, Any] | None:
    """The node of the page's own article: the one about the page's address, else the first."""
    articles = [node for node in nodes if _types(node) & _article_types()]
    for node in articles:
        if _same_page(node, url):
            return node
    return articles[0] if articles else None


def _author_names(value: Any, by_id: dict[str, dict[str, Any]]) -> Iterator[tuple[str, bool]]:
    """The names in an author value, each with whether it names an organisation: strings,
    Person/Organization nodes (or @id references to them), lists of either."""
    if isinstance(value, list):
        for item in value:
            yield from _author_names(item, by_id)
        return
    if isinstance(value, str):
        if value.strip():
            yield " ".join(value.split()), False
        return
    if not isinstance(value, dict):
        return
    if "name" not in value and isinstance(value.get("@id"), str):
        value = by_id.get(value["@id"], value)
    name = _text(value.get("name"))
    if name is None and (value.get("givenName") or value.get("familyName")):
        name = _text(
            f"{_text(value.get('givenName')) or ''} {_text(value.get('familyName')) or ''}"
        )
    if name:
        yield name, bool(_types(value) & _organisation_types())


def read_jsonld(root: HtmlElement, url: str | None = None) -> JsonLdArticle:
    """The page's article as its JSON-LD describes it (JsonLdArticle() when none is)."""
    nodes = [node for block in _blocks(root) for node in _nodes(block)]
    article = _article_node(nodes, url)
    if article is None:
        return JsonLdArticle()
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    authors = dict(_author_names(article.get("author") or article.get("creator"), by_id))
    return JsonLdArticle(
        headline=_text(article.get("headline")) or _text(article.get("name")),
        authors=tuple(authors),
        organisations=tuple(name for name, is_organisation in authors.items() if is_organisation),
        published=_text(article.get("datePublished")) or _text(article.get("dateCreated")),
        modified=_text(article.get("dateModified")),
    )
