"""trafilatura's metadata steps restated for speed (crosswire.extract.trafilatura_internals),
held to trafilatura's own functions on invented markup and, where ../shared is there, real pages.
Run these first when raising the trafilatura pin."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trafilatura.utils import load_html

from crosswire.extract import trafilatura_internals as internals
from tests.pages import lighthouse_page
from tests.paths import DATA

# crosswire.extract.trafilatura_internals restates trafilatura's author and category/tag searches
# for speed: these tests hold the restatement to trafilatura's own functions, on invented pages and
# markup.

AUTHOR_PAGE_TAGS = ["a", "div", "span", "p", "section", "strong", "h3", "li", "time", "figure"]
AUTHOR_PAGE_ATTRIBUTES = [
    ("class", "author"),
    ("class", "byline"),
    ("class", "Byline-wrap"),
    ("class", "post-author-name"),
    ("class", "AuthorName"),
    ("class", "writer"),
    ("class", "comments"),
    ("class", "comment-list"),
    ("class", "title"),
    ("class", "meta-date"),
    ("class", "sidebar"),
    ("class", "quote"),
    ("class", "byl"),
    ("class", "story"),
    ("id", "author"),
    ("id", "comments"),
    ("id", "Author-box"),
    ("id", "zuozhe"),
    ("id", "main"),
    ("itemprop", "author"),
    ("itemprop", "author name"),
    ("data-component", "Byline"),
    ("data-component", "Figure"),
    ("rel", "author"),
    ("data-testid", "AuthorCard"),
]
AUTHOR_PAGE_WORDS = st.sampled_from(["By", "Mara Quell", " and ", "Tobias Fenn", "12 May", "x"])


def _element(tag: str, attributes: list[tuple[str, str]], children: list[str]) -> str:
    written = "".join(f' {name}="{value}"' for name, value in dict(attributes).items())
    return f"<{tag}{written}>{''.join(children)}</{tag}>"


AUTHOR_MARKUP = st.recursive(
    AUTHOR_PAGE_WORDS,
    lambda inner: st.builds(
        _element,
        st.sampled_from(AUTHOR_PAGE_TAGS),
        st.lists(st.sampled_from(AUTHOR_PAGE_ATTRIBUTES), max_size=2),
        st.lists(inner, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(AUTHOR_MARKUP, min_size=1, max_size=4))
def test_author_search_agrees_with_trafilatura(parts: list[str]) -> None:
    from trafilatura.metadata import extract_author
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    root = load_html(f"<html><head></head><body>{''.join(parts)}</body></html>")
    assert root is not None
    candidates = internals.author_candidates(root)
    for tier, xpath in zip(candidates.tiers, AUTHOR_XPATHS, strict=True):
        assert tier == xpath(root)
    assert candidates.discarded == AUTHOR_DISCARD_XPATHS[0](root)
    assert internals.markup_author(root) == extract_author(root)


def test_author_text_is_read_with_the_dates_inside_pruned() -> None:
    from trafilatura.metadata import extract_author

    root = load_html(
        '<html><body><p class="byline">By <span class="date">12 May</span>Mara Quell'
        "<time>Friday</time> and Tob<span class='date'>x</span>ias Fenn</p></body></html>"
    )
    assert root is not None
    author = internals.markup_author(root)
    assert author == extract_author(root) == "Mara Quell; Tobias Fenn"


def _same_metadata(page: str, url: str | None) -> None:
    from trafilatura.metadata import extract_metadata

    root = load_html(page)
    assert root is not None
    params = {"original_date": True, "extensive_search": False, "url": url}
    ours = internals.page_metadata(root, url, {**params, "max_date": "2026-01-01"})
    theirs = extract_metadata(root, url, {**params, "max_date": "2026-01-01"})
    for slot in ("title", "author", "url", "hostname", "description", "sitename", "date"):
        assert getattr(ours, slot) == getattr(theirs, slot), slot
    for slot in ("categories", "tags", "filedate"):
        assert getattr(ours, slot) == getattr(theirs, slot), slot


def test_page_metadata_agrees_with_trafilatura() -> None:
    page = lighthouse_page()
    _same_metadata(page, "https://ledger.example/2025/03/14/lighthouse")
    bare = page.replace('<meta name="author" content="Mara Quell; Tobias Fenn">', "")
    _same_metadata(bare, None)
    linked = bare.replace(
        "</article>",
        '<div class="tags"><a href="/tag/harbour/">Harbour</a>'
        '<a href="/category/local/">Local</a></div></article>',
    ).replace('<meta property="article:tag" content="Lighthouses">', "")
    _same_metadata(linked, "https://ledger.example/news/lighthouse")
    section = bare.replace("<head>", '<head><meta property="article:section" content="Coast">')
    _same_metadata(section, None)


def test_category_and_tag_links_are_read_only_where_the_page_has_them() -> None:
    from trafilatura.metadata import extract_catstags

    with_links = load_html(
        '<html><body><div class="entry-meta"><a href="/category/coast/">Coast</a>'
        '<a href="/tags/lighthouses/">Lighthouses</a></div></body></html>'
    )
    without = load_html('<html><body><div class="tags"><a href="/x">X</a></div></body></html>')
    for root in (with_links, without):
        assert root is not None
        for kind in ("category", "tag"):
            assert internals.markup_terms(kind, root) == extract_catstags(kind, root)
    assert with_links is not None and internals.markup_terms("category", with_links) == ["Coast"]


SCRAPINGHUB = DATA / "scrapinghub" / "html"


@pytest.mark.skipif(not SCRAPINGHUB.is_dir(), reason="no ../shared/data/scrapinghub HTML pages")
def test_page_metadata_agrees_with_trafilatura_on_real_pages() -> None:
    for path in sorted(SCRAPINGHUB.glob("*.html.gz"))[::6]:
        page = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        _same_metadata(page, None)
