"""The metadata of an HTML page: what the page declares about its article, then what
trafilatura's metadata extraction and htmldate read.

Authors and the publication date come first from what the page declares for its article: its
JSON-LD article (crosswire.extract.jsonld), then its article meta tags (article:published_time,
article:author, parsely/sailthru/Dublin Core; the keys are data, html_metadata.json). A declared
publication date, and the authors its markup names, are the page's own word and outrank what a
reader of the visible text would guess (HtmlMeta.published_declared / authors_declared say so).
Otherwise title, authors (split into names), site name, URL, tags and categories, description come
from trafilatura; the publication and modification dates from htmldate, reading the markup (meta
tags, JSON-LD, time elements) with the time of day and UTC offset where the page states them; the
language from the page's own declaration (html lang, content-language). trafilatura's metadata
steps run through `trafilatura_internals` (restated for speed, and pinned there).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml.html import HtmlElement

from crosswire.datafiles import load_data
from crosswire.extract.date_mentions import parse_iso, to_iso
from crosswire.extract.jsonld import JsonLdArticle, read_jsonld
from crosswire.extract.sitename import site_phrases, split_title
from crosswire.extract.urls import domain_of

log = logging.getLogger(__name__)

ISO_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
AUTHOR_SPLIT = re.compile(r"\s*(?:;|\band\b|&)\s*")
# A declared author entry longer than this many words is a description, not a name
# ("Jane Doe, professor at the faculty of ..."); the longest names have five or six.
MAX_NAME_WORDS = 6
# What a declared author value may hold that is not a name: a profile address or handle, a
# parenthesised note ("(www.example.com)", "(Image: ...)").
NOT_A_NAME = re.compile(r"://|^www\.|^@|\.(?:com|org|net)/")
PARENTHESISED = re.compile(r"\([^)]*\)")


@dataclass(frozen=True, slots=True)
class HtmlMeta:
    """The page's machine metadata (meta tags, JSON-LD, markup), as trafilatura/htmldate read it."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601: a date, or a date and time with offset where stated
    modified: str | None = None
    sitename: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None
    language: str | None = None
    # The headline the page declares twice alike, in its JSON-LD article and its title meta tag
    # (og:title...), site name cut: the page's own choice among its headings (None otherwise).
    headline: str | None = None
    # The publication date is the page's declared one (JSON-LD datePublished, an article meta tag),
    # not htmldate's pick among the markup's dates.
    published_declared: bool = False
    # The authors are named by the page's markup: declared for its article (JSON-LD, meta tags)
    # or in its author elements (trafilatura). On the fundus HTML pages these were never worse than
    # a byline read off the rendered text, and better on 9 pages of 116 (authors .776 -> .845).
    authors_declared: bool = False


def iso_date(value: str | None) -> str | None:
    """htmldate's '%Y-%m-%dT%H:%M:%S%z' as ISO 8601; a bare midnight means 'no time stated'."""
    if not value:
        return None
    if value.endswith("T00:00:00"):
        return value[:10]
    tz = re.search(r"([+-]\d{2})(\d{2})$", value)
    return f"{value[: tz.start()]}{tz[1]}:{tz[2]}" if tz else value


def page_language(root: HtmlElement) -> str | None:
    """The ISO 639-1 code the page declares for itself (html lang, content-language, og:locale)."""
    candidates = [root.get("lang"), root.get("xml:lang")]
    for meta in root.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        code = (value or "").strip()[:2].lower()
        if len(code) == 2 and code.isalpha():
            return code
    return None


def split_authors(author: str | None) -> tuple[str, ...]:
    """trafilatura's 'A; B' (or 'A and B', 'A & B') as separate names, first mention kept."""
    names = (name.strip() for name in AUTHOR_SPLIT.split(author or ""))
    return tuple(dict.fromkeys(name for name in names if name))


def read_meta(
    document: Any,
    root: HtmlElement,
    dates: tuple[str | None, str | None],
    url: str | None,
    latest: str | None = None,
) -> HtmlMeta:
    """HtmlMeta from the page's declared metadata, trafilatura's Document (None when it found
    nothing) and htmldate's dates; `latest` (YYYY-MM-DD) is the last day a declared date may
    name, as htmldate's max_date."""
    get = (lambda name: getattr(document, name, None)) if document is not None else lambda _: None
    article = read_jsonld(root, url)
    tags = meta_tags(root)
    declared = _not_after(declared_published(article, tags), latest)
    published = declared or iso_date(dates[0])
    modified = _not_after(_iso(article.modified), latest) or iso_date(dates[1])
    if modified is not None and (published is None or modified[:10] < published[:10]):
        modified = None  # a 'modification' before publication is a misread, not an edit
    people, others = declared_authors(article, tags)
    markup = tuple(name for name in split_authors(get("author")) if not _role_only(name))
    authors = people or _markup_or_declared(markup, others)
    categories = [*(get("tags") or []), *(get("categories") or [])]
    sitename = get("sitename") or None
    return HtmlMeta(
        title=get("title") or None,
        headline=declared_headline(article, tags, sitename, url),
        authors=authors,
        published=published,
        modified=modified,
        sitename=sitename,
        url=get("url") or url,
        tags=_split_tags(categories),
        description=get("description") or None,
        language=page_language(root),
        published_declared=declared is not None,
        authors_declared=bool(authors),
    )


@cache
def _markup_keys() -> dict[str, list[str]]:
    return load_data("html_metadata.json")


def meta_tags(root: HtmlElement) -> dict[str, list[str]]:
    """The page's meta tags: each key (property, name or itemprop, lower case) with its values."""
    found: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        value = " ".join((meta.get("content") or "").split())
        if key and value:
            found.setdefault(key, []).append(value)
    return found


def _iso(value: str | None) -> str | None:
    """A declared date as ISO 8601 (date, or date and time with the offset stated), else None."""
    found = parse_iso(value)
    return to_iso(found.readings[0], found.time, found.offset) if found else None


def _not_after(iso: str | None, latest: str | None) -> str | None:
    return None if iso is None or (latest is not None and iso[:10] > latest) else iso


def declared_published(article: JsonLdArticle, tags: dict[str, list[str]]) -> str | None:
    """The publication date the page declares: its JSON-LD article's, else an article meta tag's."""
    values = [article.published] + [
        tags.get(key, [None])[0] for key in _markup_keys()["published_meta"]
    ]
    return next((iso for iso in map(_iso, values) if iso), None)


def declared_headline(
    article: JsonLdArticle, tags: dict[str, list[str]], sitename: str | None, url: str | None
) -> str | None:
    """The JSON-LD article's headline where the page's first title meta tag says the same, once
    each is cut of the site's name: two statements of the page agreeing on its headline. On the
    fundus HTML pages this agreement named the gold title where the visible heading did not
    (a kicker glued on, a teaser heading) and never the other way round (title .845 -> .879)."""
    keys = _markup_keys()["title_meta"]
    meta_title = next((tags[key][0] for key in keys if key in tags), None)
    if not article.headline or not meta_title:
        return None
    known = [sitename] if sitename else []
    domain = domain_of(url)
    headline, _ = split_title(article.headline, known, domain)
    said, other = _letters(headline), _letters(split_title(meta_title, known, domain)[0])
    # The meta title may keep an affix the site-name cut does not know ("Headline | SITE.TLD").
    if not said or not (other.startswith(said) or other.endswith(said)):
        return None
    return headline


def declared_authors(
    article: JsonLdArticle, tags: dict[str, list[str]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(people, others): the article's authors the page declares as people — its JSON-LD
    article's, else its author meta tags' —, and names it gives without saying they are people
    (JSON-LD organisations, the generic 'author' meta tag)."""
    people = clean_author_names(a for a in article.authors if a not in article.organisations)
    if people:
        return people, ()
    for key in _markup_keys()["author_meta"]:
        people = clean_author_names(tags.get(key, ()))
        if people:
            return people, ()
    others = clean_author_names(article.organisations)
    for key in _markup_keys()["fallback_author_meta"]:
        others = others or clean_author_names(tags.get(key, ())[:1])
    return (), others


def _markup_or_declared(markup: tuple[str, ...], declared: tuple[str, ...]) -> tuple[str, ...]:
    """trafilatura's authors (read off the page's author elements: more specific than a credit to
    an organisation), unless it found none or the organisation the page declares, which is then
    taken as the page spells it (trafilatura rewrites 'example.com' as 'Example Com')."""
    if not markup or not declared:
        return markup or declared
    spelled = {_letters(name) for name in declared}
    return declared if any(_letters(name) in spelled for name in markup) else markup


def _letters(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


def clean_author_names(values: Iterable[str]) -> tuple[str, ...]:
    """Names in declared author values: lists split ('A, B and C', 'A / Role'), roles, profile
    addresses, handles and parenthesised notes left out."""
    names: list[str] = []
    for value in values:
        value = PARENTHESISED.sub(" ", value)
        for part in _author_separator().split(value):
            part = " ".join(part.split()).strip(" ,.;:|-–—")
            if not part or NOT_A_NAME.search(part) or _role_only(part):
                continue
            if len(part.split()) <= MAX_NAME_WORDS and part not in names:
                names.append(part)
    return tuple(names)


@cache
def _author_separator() -> re.Pattern[str]:
    separators = [*site_phrases()["author_separators"], ";", " / ", " | "]
    return re.compile("|".join(re.escape(s) for s in sorted(separators, key=len, reverse=True)))


@cache
def _role_words() -> frozenset[str]:
    return frozenset(word.casefold() for word in site_phrases()["author_roles"])


def _role_only(part: str) -> bool:
    """Whether an entry is only a role ('Journalist', 'Senior Editor'), no name."""
    return all(word.casefold() in _role_words() for word in part.split())


def _htmldate(root: HtmlElement, date_params: dict[str, Any], *, original: bool) -> str | None:
    from htmldate import find_date

    try:
        value = find_date(root, **{**date_params, "url": None, "original_date": original})
    except Exception:  # untrusted markup: a failed date search is no date
        log.debug("htmldate failed", exc_info=True)
        return None
    return str(value) if value else None


def markup_dates(
    root: HtmlElement, date_params: dict[str, Any], document: Any
) -> tuple[str | None, str | None]:
    """(published, modified) as htmldate reads them from the markup.

    trafilatura's date search also reads the URL, and htmldate prefers a date in the URL's path
    (no time of day) over a meta tag's full timestamp: where trafilatura's date has no time, the
    markup alone is asked again, and the URL's date stays the fallback.
    """
    published = getattr(document, "date", None) if document is not None else None
    if not published or str(published).endswith("T00:00:00"):
        published = _htmldate(root, date_params, original=True) or published
    return published, _htmldate(root, date_params, original=False)


def _split_tags(raw: list[str]) -> tuple[str, ...]:
    """Tags as single entries: a keywords field often holds one comma-separated list."""
    parts = (part.strip() for tag in raw if tag for part in re.split(r"[,;]", tag))
    return tuple(dict.fromkeys(part for part in parts if part))
