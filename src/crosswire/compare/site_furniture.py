"""Paragraphs a site repeats on its pages: the site's furniture, not story content.

A paragraph that two or more pages of one outlet carry word for word, under different headlines,
is furniture the extractor kept: a comment-moderation notice, the "about the company" paragraph
of press releases, a column's sign-off, a "click the picture" prompt. Left in, it held unrelated
pages of one site together as a story (the scrapinghub text renders: two pages of a motor-racing
site that were nothing but its notices and prompts). Reports of one story from different outlets
share sentences because they tell the same thing (a quote, a wire copy), so only one outlet's own
repeats count. Grouping reads articles without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from crosswire.model import Article


def outlet_key(article: Article) -> str:
    """The outlet an article counts for: its outlet's name, else its web address's host, else
    the article itself (an unknown outlet is one of its own)."""
    if article.outlet.value and article.outlet.value.strip():
        return "outlet:" + " ".join(article.outlet.value.casefold().split())
    host = urlsplit(article.url).hostname if article.url else None
    if host:
        return "host:" + host.removeprefix("www.")
    return "source:" + article.source


def outlet_count(articles: Sequence[Article]) -> int:
    """How many distinct outlets the articles come from (an unknown outlet counts once each)."""
    return len({outlet_key(a) for a in articles})


def paragraph_key(paragraph: str) -> str:
    return " ".join(paragraph.split()).casefold()


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (an article's paragraphs are one blank line apart)."""
    return [p for p in text.split("\n\n") if p.strip()]


def site_furniture(articles: Sequence[Article]) -> dict[str, frozenset[str]]:
    """For each article with any, the paragraphs (as `paragraph_key` gives them) that another
    page of its outlet, under another headline, repeats word for word."""
    # (outlet, paragraph) -> headline -> the sources that carry it under that headline
    pages: dict[tuple[str, str], dict[str, set[str]]] = {}
    for article in articles:
        outlet = outlet_key(article)
        if outlet.startswith("source:"):
            continue  # an unknown outlet: no page of the same site to compare with
        headline = paragraph_key(article.title.value or "") or article.source
        for paragraph in {paragraph_key(p) for p in paragraphs(article.text)}:
            by_headline = pages.setdefault((outlet, paragraph), {})
            by_headline.setdefault(headline, set()).add(article.source)
    found: dict[str, set[str]] = {}
    for (_, paragraph), by_headline in pages.items():
        if len(by_headline) < 2:
            continue  # one page, or copies of one page (the same headline): not furniture
        for sources in by_headline.values():
            for source in sources:
                found.setdefault(source, set()).add(paragraph)
    return {source: frozenset(found_here) for source, found_here in found.items()}


def without_furniture(text: str, furniture: frozenset[str]) -> str:
    """The text without the paragraphs listed in `furniture` (blank lines between the rest)."""
    if not furniture:
        return text
    return "\n\n".join(p for p in paragraphs(text) if paragraph_key(p) not in furniture)
