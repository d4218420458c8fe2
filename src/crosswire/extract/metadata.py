"""An article's metadata read off its classified lines, each value with how it was known.

The classifier (textmode / htmlmode) labels lines; this module reads values out of them: the outlet
(user hint, HTML site name, the page's own naming of itself, the address), the title (without a site
prefix or suffix), the authors (byline lines, never the signer of an appeal nor the bylines of
related posts), the dates (page_dates.py), the standfirst and the tags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from crosswire.extract.authors import find_authors
from crosswire.extract.headline import KICKER_REASON
from crosswire.extract.joined_tags import split_joined_tag_lines
from crosswire.extract.page_dates import find_published
from crosswire.extract.sitename import (
    best_site_name,
    site_phrases,
    site_votes,
    split_title,
    title_affix,
)
from crosswire.extract.urls import domain_of, name_matches_domain
from crosswire.model import Basis, DateValue, Embed, Evidenced, Line, LineLabel, Page

# Evidence strings quote at most this many site-naming lines.
MAX_EVIDENCE_LINES = 3


class HtmlMetaLike(Protocol):
    """What metadata reads of htmlmode.HtmlMeta (kept structural so the modules stay apart)."""

    @property
    def title(self) -> str | None: ...

    @property
    def authors(self) -> tuple[str, ...]: ...

    @property
    def published(self) -> str | None: ...

    @property
    def modified(self) -> str | None: ...

    @property
    def sitename(self) -> str | None: ...

    @property
    def tags(self) -> tuple[str, ...]: ...

    @property
    def description(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Metadata:
    """Everything known about an article apart from its text."""

    outlet: Evidenced
    title: Evidenced
    standfirst: str | None
    authors: tuple[str, ...]
    authors_basis: Basis
    published: DateValue
    modified: DateValue
    tags: tuple[str, ...]


def _clean(text: str) -> str:
    return " ".join(text.split())


def _first(lines: Sequence[Line], label: LineLabel) -> Line | None:
    return next((line for line in lines if line.label is label and line.text.strip()), None)


def _body_range(lines: Sequence[Line]) -> tuple[int, int]:
    """Indices of the first and last body line (len(lines) when there is no body)."""
    body = [i for i, line in enumerate(lines) if line.label is LineLabel.BODY]
    return (body[0], body[-1]) if body else (len(lines), len(lines))


# ---- title ----------------------------------------------------------------------------------


def _title_text(lines: Sequence[Line], *, kicker: bool = True) -> str | None:
    """The title line; a kicker line above it is joined as outlets write it: "Kicker: Headline"
    (unless `kicker` is false: the site's name is looked for around the headline line alone, a
    kicker before it is no site's name)."""
    titles = [line for line in lines if line.label is LineLabel.TITLE and line.text.strip()]
    if not titles:
        return None
    if len(titles) >= 2 and titles[0].reason == KICKER_REASON:
        if not kicker:
            return _clean(titles[1].text)
        return f"{_clean(titles[0].text)}: {_clean(titles[1].text)}"
    return _clean(titles[0].text)


def _core_title(title: str, lines: Sequence[Line]) -> str:
    """A title line 'Headline | Site' whose headline stands alone elsewhere reads as 'Headline'.
    A prefix before a colon is kept: 'Kicker: Headline' is how outlets title a story (a site's
    name before a colon is cut by split_title, which knows the site)."""
    for line in lines:
        if line.text.strip() not in title:
            continue
        affix = title_affix(title, _clean(line.text))
        if affix and not title.endswith(tuple(f"{colon} {affix[1]}" for colon in (":", " :"))):
            return affix[1]
    return title


def find_title(
    lines: Sequence[Line], outlet: Evidenced, html_meta: HtmlMetaLike | None, domain: str | None
) -> Evidenced:
    """The headline, without the site's name around it."""
    known = [outlet.value] if outlet.value else []
    raw = _title_text(lines)
    if raw:
        core = _core_title(raw, lines)
        headline, _ = split_title(core, known, domain)
        return Evidenced(headline, Basis.STATED, f"title line: '{raw}'")
    meta_title = _clean(html_meta.title) if html_meta and html_meta.title else ""
    if meta_title:
        if html_meta and html_meta.sitename:
            known.append(html_meta.sitename)
        headline, _ = split_title(meta_title, known, domain)
        return Evidenced(headline, Basis.METADATA, f"the page's metadata title: '{meta_title}'")
    return Evidenced(None)


# ---- outlet ---------------------------------------------------------------------------------


def _looks_like_domain(text: str) -> bool:
    return bool(re.fullmatch(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+", text.strip().lower()))


def find_outlet(
    lines: Sequence[Line], page: Page, html_meta: HtmlMetaLike | None, title: str | None
) -> Evidenced:
    """The outlet: the user's word, the HTML site name, the page naming itself, or the domain."""
    if page.hints.outlet and page.hints.outlet.strip():
        return Evidenced(page.hints.outlet.strip(), Basis.USER, "given by the user")
    domain = domain_of(page.url or page.hints.url)
    votes = site_votes(lines, title)
    best = best_site_name(votes, domain)
    sitename = _clean(html_meta.sitename) if html_meta and html_meta.sitename else ""
    if sitename and not (_looks_like_domain(sitename) and best is not None):
        return Evidenced(sitename, Basis.METADATA, f"the page's metadata site name: '{sitename}'")
    if best is not None:
        name, support = best
        distinct = list(dict.fromkeys(f"{v.kind}: '{v.evidence[:120]}'" for v in support))
        quoted = "; ".join(distinct[:MAX_EVIDENCE_LINES])
        extra = f" ({len(support)} lines)" if len(support) > MAX_EVIDENCE_LINES else ""
        if domain and name_matches_domain(name, domain):
            quoted += f"; matches the address's domain {domain}"
        return Evidenced(name, Basis.STATED, f"the page names itself: {quoted}{extra}")
    domain_lines = [
        v for v in votes if v.kind == "domain line" and (not domain or v.name.lower() == domain)
    ]
    if domain_lines:
        return Evidenced(
            domain_lines[0].name, Basis.STATED, f"domain line: '{domain_lines[0].evidence}'"
        )
    if domain:
        return Evidenced(domain, Basis.URL, f"the address's domain: {domain}")
    return Evidenced(None)


# ---- tags and standfirst --------------------------------------------------------------------


TAG_SEPARATORS = re.compile(r"\s*[,;|•·#]\s*|\s{2,}")


@lru_cache(maxsize=1)
def _tag_label_regex() -> re.Pattern[str]:
    labels = sorted(site_phrases()["tag_labels"], key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(w) for w in labels)})\s*:?\s*", re.I)


def find_tags(lines: Sequence[Line], html_meta: HtmlMetaLike | None, body: str) -> tuple[str, ...]:
    """Tags from tag lines ('Tags: a, b, c'), else from the HTML metadata. Run-together tags are
    split with the page's own words (body, menus, breadcrumbs) as the vocabulary."""
    label_re = _tag_label_regex()
    body = "\n".join([body, *(line.text for line in lines if line.label is not LineLabel.TAGS)])
    listed: list[list[str]] = []
    for line in lines:
        if line.label is LineLabel.TAGS:
            text = label_re.sub("", _clean(line.text))
            listed.append([p.strip() for p in TAG_SEPARATORS.split(text) if p.strip()])
    # A list without separators: the renderer may have run the tags together.
    joined = iter(split_joined_tag_lines([parts[0] for parts in listed if len(parts) == 1], body))
    tags = [tag for parts in listed for tag in (next(joined) if len(parts) == 1 else parts)]
    if not tags and html_meta and html_meta.tags:
        tags = [_clean(t) for t in html_meta.tags if t and t.strip()]
    return tuple(dict.fromkeys(tags))


def find_standfirst(lines: Sequence[Line], html_meta: HtmlMetaLike | None, body: str) -> str | None:
    """The standfirst line, else the HTML description when it is not just the body's opening."""
    line = _first(lines, LineLabel.STANDFIRST)
    if line:
        return _clean(line.text)
    description = _clean(html_meta.description) if html_meta and html_meta.description else ""
    if description and not _clean(body).startswith(description.rstrip(".… ")[:80]):
        return description
    return None


# ---- all together ---------------------------------------------------------------------------


def find_metadata(
    lines: Sequence[Line],
    page: Page,
    *,
    html_meta: HtmlMetaLike | None = None,
    embeds: Sequence[Embed] = (),
) -> Metadata:
    """Outlet, title, standfirst, authors, dates and tags of one page, each with its evidence."""
    url = page.url or page.hints.url
    raw_title = _title_text(lines, kicker=False)
    outlet = find_outlet(lines, page, html_meta, raw_title)
    title = find_title(lines, outlet, html_meta, domain_of(url))
    declared_headline = getattr(html_meta, "headline", None)
    if declared_headline:
        title = _declared_title(title, str(declared_headline), outlet, domain_of(url))
    body = "\n\n".join(line.text for line in lines if line.label is LineLabel.BODY)
    published, modified = find_published(
        lines,
        url=url,
        fetched_at=page.fetched_at,
        html_meta_published=html_meta.published if html_meta else None,
        hint=page.hints.published,
        body_text=body,
        embeds=embeds,
        html_meta_modified=html_meta.modified if html_meta else None,
        fetch_hint=page.hints.fetched_at,
    )
    if getattr(html_meta, "published_declared", False) and html_meta and html_meta.published:
        published = _declared_date(published, html_meta.published)
    if getattr(html_meta, "authors_declared", False) and html_meta and html_meta.authors:
        # The authors the page's markup names (JSON-LD, meta tags, author elements) outrank a
        # byline read off the rendered text.
        authors, authors_basis = html_meta.authors, Basis.METADATA
    else:
        authors, authors_basis = find_authors(lines, html_meta)
    return Metadata(
        outlet=outlet,
        title=title,
        standfirst=find_standfirst(lines, html_meta, body),
        authors=authors,
        authors_basis=authors_basis,
        published=published,
        modified=modified,
        tags=find_tags(lines, html_meta, body),
    )


def _declared_date(found: DateValue, declared: str) -> DateValue:
    """The page's declared publication date (JSON-LD, article meta tags) over a date read off its
    text on another day: header dates, teaser dates and update lines are what the text offers."""
    if found.basis is not Basis.STATED or (found.value or "")[:10] == declared[:10]:
        return found
    why = f"the page's declared publication date (over {found.evidence})"
    return DateValue(declared, Basis.METADATA, why)


def _declared_title(
    found: Evidenced, declared: str, outlet: Evidenced, domain: str | None
) -> Evidenced:
    """The headline the page's metadata declares twice alike (JSON-LD and og:title) over the
    heading picked off the page, which may carry a kicker or be a teaser's."""
    headline, _ = split_title(declared, [outlet.value] if outlet.value else [], domain)
    if found.value and _clean(found.value).casefold() == _clean(headline).casefold():
        return found
    return Evidenced(headline, Basis.METADATA, f"the page's declared headline: '{declared}'")
