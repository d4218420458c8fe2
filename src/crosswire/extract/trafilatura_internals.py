"""trafilatura's metadata extraction, step by step and faster: the one module that reaches into
trafilatura's internals.

`page_metadata` runs trafilatura's `extract_metadata` steps itself, with the same results, for
speed: its author and category/tag selectors are XPaths that call back into Python for each regex
test on each element, which cost about a fifth of crosswire's page time (scrapinghub HTML set,
benchmarks/bench_html.py). Here the author selectors are restated as one Python pass over the
tree (tests check them against trafilatura's own XPaths), the category/tag XPaths run only where
the page links to a category/tag path at all (every result must), and the license search, which
crosswire never reads, is left out.

The pin: this restates trafilatura 2.3's selectors and calls functions that are not its public
API (`metadata.examine_meta`, `extract_meta_json`, `extract_title`, `extract_url`,
`extract_catstags`, `extract_sitename`, `META_URL`; `json_metadata.normalize_authors`;
`utils.trim`, `line_processing`; `xml.delete_element`), any of which a minor release may change;
hence `trafilatura>=2.3,<2.4` in pyproject.toml. Before raising the pin, run
tests/extract/test_trafilatura_internals.py (the restated selectors against the new release's
own) and benchmarks/bench_html.py.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

log = logging.getLogger(__name__)


# trafilatura 2.x's author selectors (trafilatura.xpaths.AUTHOR_XPATHS, three tiers tried in
# order, and AUTHOR_DISCARD_XPATHS, pruned first), restated as tests on one element's attributes.
# Tier 1: rel/id/class 'author', itemprop 'author name', author cards, or a child <rel>me</rel>.
NAMED_AUTHOR_TAGS = frozenset(["a", "address", "div", "link", "p", "span", "strong"])


NAMED_AUTHOR_CLASS = re.compile("author-?name|AuthorName|authorName")


AUTHOR_CARDS = frozenset({"AuthorCard", "AuthorURL"})


# Tier 2: bylines and usernames of a few element kinds.
BYLINE_TAGS = frozenset(["a", "div", "h3", "h4", "p", "span"])


BYLINE_CLASSES = frozenset({"byline", "username", "byl", "BBL"})


BYLINE_ID = re.compile("author|zuozhe|bianji|xiaobian")


BYLINE_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)


# Tier 3: any element.
ANY_AUTHOR_ID = re.compile("[Aa]uthor")


ANY_AUTHOR_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")


# Pruned before the search: comments, sidebars, titles, dates, quotes, share bars, figures, times.
DISCARD_TAGS = frozenset(["a", "div", "section", "span"])


DISCARD_CLASSES = frozenset({"comments", "title", "date"})


DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")


DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer"
)


# What an element's class or id must contain for any of the above to match: one search each
# tells most elements apart (the equality tests are covered by the substrings listed).
CLASS_HINT = re.compile(
    "|".join(
        f"(?:{pattern.pattern})"
        for pattern in (NAMED_AUTHOR_CLASS, BYLINE_CLASS, ANY_AUTHOR_CLASS, DISCARD_CLASS)
    )
    + "|byl|username|BBL|comments|title|date"
)


ID_HINT = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern in (BYLINE_ID, ANY_AUTHOR_ID, DISCARD_ID))
)


# Attributes tested whatever their value holds.
OTHER_AUTHOR_ATTRIBUTES = frozenset({"itemprop", "data-component", "rel", "data-testid"})


TIMES_AND_FIGURES = XPath("//time|//figure")


AUTHOR_MAX_CHARS = 120  # trafilatura's length limit for an author found in the markup


# trafilatura's fallback for categories: the section named in the head.
SECTION_META = XPath(
    './/head//meta[@property="article:section" or contains(@name, "subject")][@content]'
)


@dataclass(slots=True)
class AuthorCandidates:
    """The elements each author selector tier picks, and those pruned before reading them."""

    tiers: tuple[list[HtmlElement], list[HtmlElement], list[HtmlElement]]
    discarded: list[HtmlElement]


def _attribute_tiers(element: HtmlElement, tag: str, rel_me: set[HtmlElement]) -> tuple[bool, ...]:
    """Which of the three author tiers and the discard selector this element matches."""
    get = element.get
    cls, ident, prop, component = get("class"), get("id"), get("itemprop"), get("data-component")
    named = tag == "author" or (
        tag in NAMED_AUTHOR_TAGS
        and (
            get("rel") == "author"
            or ident == "author"
            or cls == "author"
            or prop == "author name"
            or element in rel_me
            or get("data-testid") in AUTHOR_CARDS
            or (cls is not None and NAMED_AUTHOR_CLASS.search(cls) is not None)
        )
    )
    author_prop = prop is not None and "author" in prop
    byline = tag in BYLINE_TAGS and (
        cls in BYLINE_CLASSES
        or author_prop
        or (ident is not None and BYLINE_ID.search(ident) is not None)
        or (cls is not None and BYLINE_CLASS.search(cls) is not None)
    )
    anywhere = (
        (component is not None and "Byline" in component)
        or author_prop
        or (ident is not None and ANY_AUTHOR_ID.search(ident) is not None)
        or (cls is not None and ANY_AUTHOR_CLASS.search(cls) is not None)
    )
    discard = tag in DISCARD_TAGS and (
        ident == "comments"
        or cls in DISCARD_CLASSES
        or (ident is not None and DISCARD_ID.search(ident) is not None)
        or (cls is not None and DISCARD_CLASS.search(cls) is not None)
        or (component is not None and "Figure" in component)
    )
    return named, byline, anywhere, discard


def _hinted(value: str | None, pattern: re.Pattern[str], verdicts: dict[str, bool]) -> bool:
    """Whether a class or id string may match (verdicts kept: pages repeat these strings)."""
    if value is None:
        return False
    verdict = verdicts.get(value)
    if verdict is None:
        verdict = verdicts[value] = pattern.search(value) is not None
    return verdict


def author_candidates(root: HtmlElement) -> AuthorCandidates:
    """trafilatura's author selectors over the whole document, in one pass, in document order."""
    document = root.getroottree().getroot()  # an XPath '//' searches the whole document
    rel_me = {rel.getparent() for rel in document.iter("rel") if "".join(rel.itertext()) == "me"}
    found: tuple[list[HtmlElement], ...] = ([], [], [], [])
    classes: dict[str, bool] = {}
    ids: dict[str, bool] = {}
    for element in document.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        may_match = (
            not OTHER_AUTHOR_ATTRIBUTES.isdisjoint(element.keys())
            or _hinted(element.get("class"), CLASS_HINT, classes)
            or _hinted(element.get("id"), ID_HINT, ids)
        )
        if not may_match and tag != "author" and element not in rel_me:
            continue
        for matched, bucket in zip(_attribute_tiers(element, tag, rel_me), found, strict=True):
            if matched:
                bucket.append(element)
    return AuthorCandidates((found[0], found[1], found[2]), found[3])


def _pruned(element: HtmlElement, discarded: list[HtmlElement], gone: set[HtmlElement]) -> Any:
    """The element as trafilatura reads it after pruning: a copy without its discarded
    descendants (their tails kept, deleted in trafilatura's order), or itself if it has none."""
    from trafilatura.xml import delete_element

    if not any(inner in gone for inner in element.iterdescendants()):
        return element
    copy = deepcopy(element)
    twins = dict(zip(element.iter(), copy.iter(), strict=True))
    for inner in discarded:
        if inner in twins:
            delete_element(twins[inner])
    return copy


def markup_author(root: HtmlElement) -> str | None:
    """trafilatura's extract_author: the first element of the first selector tier whose text,
    once comments, sidebars, dates and figures are pruned, has a plausible length."""
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.utils import trim

    candidates = author_candidates(root)
    if not any(candidates.tiers):
        return None
    discarded = [*candidates.discarded, *TIMES_AND_FIGURES(root)]
    gone = set(discarded)
    for tier in candidates.tiers:
        for element in tier:
            if element in gone or any(up in gone for up in element.iterancestors()):
                continue
            content = trim(" ".join(_pruned(element, discarded, gone).itertext()))
            if content and 2 < len(content) < AUTHOR_MAX_CHARS:
                author: str | None = normalize_authors(None, content)
                return author
    return None


def markup_terms(kind: str, root: HtmlElement) -> list[str]:
    """trafilatura's extract_catstags ('category' or 'tag'), whose every result is a link to a
    category/tag path: its selectors are asked only where the page has such a link."""
    from trafilatura.metadata import extract_catstags
    from trafilatura.utils import line_processing

    path = re.compile("/" + kind.rstrip("y") + "(?:y|ies|s)?/")
    if any(path.search(link.get("href") or "") for link in root.iter("a")):
        return list(extract_catstags(kind, root))
    if kind != "category":
        return []
    sections = [element.attrib["content"] for element in SECTION_META(root)]
    return [r for r in dict.fromkeys(line_processing(x) for x in sections if x) if r]


def page_metadata(root: HtmlElement, url: str | None, date_params: dict[str, Any]) -> Any:
    """trafilatura's extract_metadata (2.x), step by step, but for the license: a Document."""
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url

    document = examine_meta(root)
    if document.author and " " not in document.author:
        document.author = None  # trafilatura's rule: a one-word meta author is a handle
    try:
        document = extract_meta_json(root, document)
    except Exception:  # trafilatura's own guard: its JSON-LD reader has bugs
        log.debug("JSON-LD metadata failed", exc_info=True)
    document.title = document.title or extract_title(root)
    document.author = document.author or markup_author(root)
    document.url = document.url or extract_url(root, url)
    _read_site(document, root, date_params)
    document.categories = document.categories or markup_terms("category", root)
    document.tags = document.tags or markup_terms("tag", root)
    document.filedate = date_params.get("max_date")
    document.clean_and_trim()
    return document


def _read_site(document: Any, root: HtmlElement, date_params: dict[str, Any]) -> None:
    """Host name, date (htmldate, given the page's URL) and site name, as trafilatura sets them."""
    from courlan import extract_domain
    from htmldate import find_date
    from trafilatura.metadata import META_URL, extract_sitename

    if document.url:
        document.hostname = extract_domain(document.url, fast=True)
    document.date = find_date(root, **{**date_params, "url": document.url})
    if not document.sitename:
        document.sitename = extract_sitename(root)
    if document.sitename:
        document.sitename = document.sitename.lstrip("@")
        name = document.sitename
        if name and "." not in name and not name[0].isupper():
            document.sitename = document.sitename.title()
    elif document.url and (match := META_URL.match(document.url)):
        document.sitename = match[1]
