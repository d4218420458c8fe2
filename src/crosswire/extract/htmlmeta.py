"""The metadata of an HTML page, as trafilatura's metadata extraction and htmldate read it.

Title, authors (split into names), site name, URL, tags and categories, description come from
trafilatura; the publication and modification dates from htmldate, reading the markup (meta tags,
JSON-LD, time elements) with the time of day and UTC offset where the page states them; the
language from the page's own declaration (html lang, content-language). trafilatura's metadata
steps run through `trafilatura_internals` (restated for speed, and pinned there).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

log = logging.getLogger(__name__)

ISO_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
AUTHOR_SPLIT = re.compile(r"\s*(?:;|\band\b|&)\s*")


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
    document: Any, root: HtmlElement, dates: tuple[str | None, str | None], url: str | None
) -> HtmlMeta:
    """HtmlMeta from trafilatura's Document (None when it found nothing) and htmldate's dates."""
    get = (lambda name: getattr(document, name, None)) if document is not None else lambda _: None
    published = iso_date(dates[0])
    modified = iso_date(dates[1])
    if modified is not None and (published is None or modified[:10] < published[:10]):
        modified = None  # a 'modification' before publication is a misread, not an edit
    tags = [*(get("tags") or []), *(get("categories") or [])]
    return HtmlMeta(
        title=get("title") or None,
        authors=split_authors(get("author")),
        published=published,
        modified=modified,
        sitename=get("sitename") or None,
        url=get("url") or url,
        tags=_split_tags(tags),
        description=get("description") or None,
        language=page_language(root),
    )


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
