"""The article a page's JSON-LD describes: headline, authors (people and organisations), dates.

Every page here is invented (invented outlets, people and stories), written for these tests.
"""

from __future__ import annotations

import json
from typing import Any

from lxml.html import document_fromstring

from crosswire.extract.jsonld import JsonLdArticle, read_jsonld

PAGE_URL = "https://www.tidewater-courier.example/news/2024/ferry-fares"


def page(*blocks: Any, raw: str = "") -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(block)}</script>' for block in blocks
    )
    return f"<html><head>{scripts}{raw}</head><body><p>Ferry fares rise.</p></body></html>"


def read(html: str, url: str | None = PAGE_URL) -> JsonLdArticle:
    return read_jsonld(document_fromstring(html), url)


def test_news_article_with_people_and_dates() -> None:
    article = read(
        page(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": "Ferry fares rise for island commuters",
                "datePublished": "2024-05-02T07:30:00+01:00",
                "dateModified": "2024-05-02T09:00:00+01:00",
                "author": [
                    {"@type": "Person", "name": "Ilse  Marrow"},
                    {"@type": "Person", "givenName": "Tomas", "familyName": "Venn"},
                ],
            }
        )
    )
    assert article.headline == "Ferry fares rise for island commuters"
    assert article.authors == ("Ilse Marrow", "Tomas Venn")
    assert article.organisations == ()
    assert article.published == "2024-05-02T07:30:00+01:00"
    assert article.modified == "2024-05-02T09:00:00+01:00"


def test_graph_authors_by_reference_and_organisations_marked() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "#site", "name": "Tidewater Courier"},
            {"@type": "Person", "@id": "#ilse", "name": "Ilse Marrow"},
            {"@type": "NewsMediaOrganization", "@id": "#desk", "name": "Courier Desk"},
            {
                "@type": ["ReportageNewsArticle"],
                "headline": "Ferry fares rise",
                "author": [{"@id": "#ilse"}, {"@id": "#desk"}],
            },
        ],
    }
    article = read(page(graph))
    assert article.authors == ("Ilse Marrow", "Courier Desk")
    assert article.organisations == ("Courier Desk",)


def test_the_article_about_this_page_wins_over_related_ones() -> None:
    related = {"@type": "NewsArticle", "headline": "Harbour closes", "url": "https://x.example/a"}
    own = {
        "@type": "BlogPosting",
        "headline": "Ferry fares rise",
        "mainEntityOfPage": {"@id": PAGE_URL.replace("https://www.", "http://") + "/"},
        "author": "Ilse Marrow",
    }
    assert read(page([related, own])).headline == "Ferry fares rise"
    assert read(page([related, own]), url=None).headline == "Harbour closes"


def test_non_article_nodes_and_broken_blocks_give_nothing() -> None:
    video = {"@type": "VideoObject", "headline": "Watch: ferries", "datePublished": "2024-01-01"}
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", </script>'
    assert read(page(video, raw=broken)) == JsonLdArticle()
    assert read("<html><body><p>No scripts.</p></body></html>") == JsonLdArticle()


def test_wrapped_json_is_read() -> None:
    block = json.dumps({"@type": "NewsArticle", "headline": "Ferry fares rise"})
    wrapped = f'<script type="application/ld+json"><!--{block}--></script>'
    assert read(page(raw=wrapped)).headline == "Ferry fares rise"
