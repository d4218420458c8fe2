"""Declared metadata of an HTML page: published date, authors and headline, cleaned.

Every page here is invented (invented outlets, people and stories), written for these tests.
"""

from __future__ import annotations

import json
from typing import Any

from lxml.html import document_fromstring

from crosswire.extract.htmlmeta import (
    HtmlMeta,
    clean_author_names,
    declared_authors,
    declared_headline,
    declared_published,
    meta_tags,
    read_meta,
)
from crosswire.extract.jsonld import JsonLdArticle, read_jsonld

URL = "https://www.glenmoor-gazette.example/2024/06/bridge-vote"


def page(metas: dict[str, list[str]], ld: Any = None) -> str:
    tags = "".join(
        f'<meta property="{key}" content="{value}">'
        for key, values in metas.items()
        for value in values
    )
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return f"<html><head>{tags}{script}</head><body><h1>Bridge vote</h1></body></html>"


def meta_of(html: str, dates: tuple[str | None, str | None] = (None, None)) -> HtmlMeta:
    return read_meta(None, document_fromstring(html), dates, URL)


def test_meta_tags_keep_every_value_of_a_key() -> None:
    root = document_fromstring(page({"article:author": ["A B", "C D"], "og:title": ["T"]}))
    assert meta_tags(root) == {"article:author": ["A B", "C D"], "og:title": ["T"]}


def test_jsonld_date_first_then_article_meta_tag() -> None:
    tags = {"article:published_time": ["2024-06-03T10:15:00Z"]}
    assert declared_published(JsonLdArticle(published="2024-06-02"), tags) == "2024-06-02"
    assert declared_published(JsonLdArticle(), tags) == "2024-06-03T10:15+00:00"
    assert declared_published(JsonLdArticle(published="soon"), {}) is None


def test_declared_date_outranks_htmldate_and_is_marked() -> None:
    html = page({"article:published_time": ["2024-06-03T10:15:00+02:00"]})
    meta = meta_of(html, ("2024-06-09T00:00:00", None))
    assert meta.published == "2024-06-03T10:15+02:00" and meta.published_declared
    plain = meta_of(page({}), ("2024-06-09T00:00:00", None))
    assert plain.published == "2024-06-09" and not plain.published_declared


def test_declared_date_after_the_latest_day_is_refused() -> None:
    html = page({"article:published_time": ["2024-06-03T10:15:00+02:00"]})
    meta = read_meta(None, document_fromstring(html), (None, None), URL, "2024-06-01")
    assert meta.published is None and not meta.published_declared


def test_author_values_cleaned() -> None:
    values = [
        "https://social.example/glenmoorgazette",
        "Wren Odell / Journalist",
        "Piet Lamar and Sol Ferro, Newswire",
        "(Image: Stock Photos)",
        "Wren Odell",
        "Ada Quin, senior lecturer in civil engineering at the Glenmoor technical institute",
    ]
    assert clean_author_names(values) == (
        "Wren Odell",
        "Piet Lamar",
        "Sol Ferro",
        "Newswire",
        "Ada Quin",
    )


def test_people_first_then_author_meta_then_organisations() -> None:
    people = JsonLdArticle(
        authors=("Wren Odell", "Glenmoor Gazette"), organisations=("Glenmoor Gazette",)
    )
    assert declared_authors(people, {"author": ["Desk"]}) == (("Wren Odell",), ())
    only_org = JsonLdArticle(authors=("Glenmoor Gazette",), organisations=("Glenmoor Gazette",))
    tags = {"article:author": ["https://www.glenmoor-gazette.example/authors/wren"]}
    assert declared_authors(only_org, tags) == ((), ("Glenmoor Gazette",))
    tags["parsely-author"] = ["Wren Odell"]
    assert declared_authors(only_org, tags) == (("Wren Odell",), ())


def test_declared_authors_win_and_say_so() -> None:
    ld = {"@type": "NewsArticle", "author": {"@type": "Person", "name": "Wren Odell"}}
    meta = meta_of(page({}, ld))
    assert meta.authors == ("Wren Odell",) and meta.authors_declared
    assert not meta_of(page({})).authors_declared


def test_organisation_spelled_as_declared_over_trafilatura_rewrite() -> None:
    class Document:
        author = "Glenmoor Gazette Example"

    ld = {
        "@type": "NewsArticle",
        "author": {"@type": "Organization", "name": "glenmoor-gazette.example"},
    }
    root = document_fromstring(page({}, ld))
    assert read_meta(Document(), root, (None, None), URL).authors == ("glenmoor-gazette.example",)

    class Named:
        author = "Wren Odell"

    assert read_meta(Named(), root, (None, None), URL).authors == ("Wren Odell",)


def test_headline_declared_when_jsonld_and_og_title_agree() -> None:
    headline = "Council backs the new bridge"
    ld = JsonLdArticle(headline=headline)
    agreeing = {"og:title": [f"{headline} | Glenmoor Gazette"]}
    assert declared_headline(ld, agreeing, "Glenmoor Gazette", URL) == headline
    differing = {"og:title": ["Bridge vote: what happens next"]}
    assert declared_headline(ld, differing, "Glenmoor Gazette", URL) is None
    assert declared_headline(JsonLdArticle(), agreeing, "Glenmoor Gazette", URL) is None


def test_headline_read_off_a_page() -> None:
    ld = {"@type": "NewsArticle", "headline": "Council backs the new bridge"}
    html = page({"og:title": ["Council backs the new bridge - GLENMOOR-GAZETTE.EXAMPLE"]}, ld)
    root = document_fromstring(html)
    assert read_jsonld(root, URL).headline == "Council backs the new bridge"
    assert meta_of(html).headline == "Council backs the new bridge"
