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

from crosswire.extract.date_mentions import find_date_mentions
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
from crosswire.text import words

# An author name has at most this many words ("Maria de la Cruz Fernández" = 5).
MAX_AUTHOR_WORDS = 5
# A byline line longer than this is prose that starts with "By ..." ("By signing up, you agree").
MAX_BYLINE_CHARS = 120
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


def _title_text(lines: Sequence[Line]) -> str | None:
    line = _first(lines, LineLabel.TITLE)
    return _clean(line.text) if line else None


def _core_title(title: str, lines: Sequence[Line]) -> str:
    """A title line 'Site: Headline' whose headline stands alone elsewhere reads as 'Headline'."""
    for line in lines:
        if line.text.strip() not in title:
            continue
        affix = title_affix(title, _clean(line.text))
        if affix:
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


# ---- authors --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _prefix_regex() -> re.Pattern[str]:
    words = sorted(site_phrases()["byline_prefixes"], key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(w) for w in words)})(?:\s*:?\s+|\s*:?$)", re.I)


def _without_dates(text: str) -> str:
    for m in reversed(find_date_mentions(text)):
        text = text[: m.start] + " | " + text[m.end :]
    return text


def _is_staff(name: str) -> bool:
    return bool(_word_list_regex("staff_words").search(name))


def _is_role(text: str) -> bool:
    return bool(_word_list_regex("author_roles").search(text))


@lru_cache(maxsize=4)
def _word_list_regex(key: str) -> re.Pattern[str]:
    """Any of a phrase list's words, as whole words."""
    words = sorted(site_phrases()[key], key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b", re.I)


def _is_person_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= MAX_AUTHOR_WORDS or _is_role(name):
        return False
    particles = frozenset(site_phrases()["name_connectors"]) | {"bin", "ibn", "ben", "den", "ter"}
    first = words[0][:1]
    if not (first.isupper() or (first.isalpha() and not first.islower())):
        return False
    return all(w.lower() in particles or not w[:1].islower() for w in words)


def authors_from_byline(text: str) -> list[str]:
    """Author names in a byline: 'By Jane Doe and John Roe', 'Jane Doe - Nov 19, 2019'."""
    text = _clean(_without_dates(_clean(text)))
    text = re.sub(r"\S+@\S+|\(@\w+\)|@\w+", " ", text)
    text = re.sub(r"(?i)\b(?:published|updated|posted)\b[^|]*", " ", text)
    text = _prefix_regex().sub("", text.strip(" |-–—·•"))
    first = re.split(r"\s+[|–—·•-]\s+|\s*\|\s*", text.strip())[0].strip(" ,.;:|-–—")
    first = _prefix_regex().sub("", first)
    if _is_staff(first) and len(first.split()) <= MAX_AUTHOR_WORDS + 2:
        return [first]
    seps = "|".join(re.escape(s) for s in site_phrases()["author_separators"])
    parts = [p.strip(" .;:") for p in re.split(seps, first)]
    return [p for p in parts if p and _is_person_name(p)]


def _is_signoff(line: Line | None) -> bool:
    if line is None:
        return False
    said = line.text.strip().strip(",.!:").lower()
    return said in site_phrases()["signoff_lines"]


def _byline_lines(lines: Sequence[Line]) -> list[Line]:
    """Byline candidates: labelled bylines before the body ends, then 'By ...' lines above it."""
    first_body, last_body = _body_range(lines)
    labelled = [
        line
        for i, line in enumerate(lines)
        if line.label is LineLabel.BYLINE
        and (i <= last_body or first_body == len(lines))
        and not _is_signoff(lines[i - 1] if i else None)
    ]
    if labelled:
        return labelled
    prefix = _prefix_regex()
    return [
        line
        for line in lines[:first_body]
        if line.label in (LineLabel.FURNITURE, LineLabel.DATELINE)
        and len(line.text) <= MAX_BYLINE_CHARS
        and prefix.match(line.text.strip())
    ]


def find_authors(
    lines: Sequence[Line], html_meta: HtmlMetaLike | None
) -> tuple[tuple[str, ...], Basis]:
    """The article's authors and how they were known."""
    found: list[str] = []
    for line in _byline_lines(lines):
        for name in authors_from_byline(line.text):
            if name not in found:
                found.append(name)
    if found:
        return tuple(found), Basis.STATED
    if html_meta and html_meta.authors:
        # Metadata lists roles as authors too ("AP Auto Writer"): keep the names.
        names = [_clean(a) for a in html_meta.authors if a and a.strip() and not _is_role(a)]
        if names:
            return tuple(dict.fromkeys(names)), Basis.METADATA
    return (), Basis.UNKNOWN


# ---- tags and standfirst --------------------------------------------------------------------


def _split_joined_tags(text: str, body: str) -> list[str]:
    """Tags a renderer ran together ('Estoniacoastal patrolNATO'), split where the case
    changes and, inside a run of lower case, where both halves are phrases of the article."""
    pieces = re.split(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", text)
    lowered = body.lower()

    def known(phrase: str, whole: bool = True) -> bool:
        end = r"(?!\w)" if whole else ""
        return bool(re.search(rf"(?<!\w){re.escape(phrase.lower())}{end}", lowered))

    def halves_known(left: str, right: str) -> bool:
        # The left half may be a word's stem in the text ("Estonia" in "Estonian"), or
        # one capitalised word, when the right half is a phrase of several words found whole.
        if not known(right):
            return False
        name_like = left[:1].isupper() and " " not in left and right[:1].islower()
        return known(left) or (" " in right.strip() and (name_like or known(left, whole=False)))

    out: list[str] = []
    for piece in (p.strip() for p in pieces if p.strip()):
        if known(piece) or len(piece) > 80:
            out.append(piece)
            continue
        cut = next(
            (
                i
                for i in range(2, len(piece) - 1)
                if piece[i - 1].isalnum()
                and piece[i].isalnum()
                and halves_known(piece[:i], piece[i:])
            ),
            None,
        )
        if cut:
            out += [piece[:cut], piece[cut:]]
        else:
            out += _segment_known(piece, lowered) or [piece]
    return out


def _segment_known(piece: str, lowered: str) -> list[str] | None:
    """The fewest phrases of the page that spell a run-together piece ('port strikedockworkers'
    -> 'port strike', 'dockworkers'), or None when no such reading exists."""
    if len(piece) > MAX_JOINED_TAGS_CHARS:
        return None
    tokens = words(lowered)
    phrases = {
        " ".join(tokens[k : k + n]) for n in range(1, MAX_TAG_WORDS + 1) for k in range(len(tokens))
    }
    low = piece.lower()
    known = {
        (i, j)
        for i in range(len(piece))
        for j in range(i + MIN_TAG_CHARS, len(piece) + 1)
        if low[i].isalnum() and low[j - 1].isalnum() and " ".join(low[i:j].split()) in phrases
    }
    best: list[list[str] | None] = [[]] + [None] * len(piece)
    for j in range(1, len(piece) + 1):
        options = [
            [*prefix, piece[i:j].strip()]
            for i in range(j)
            if (i, j) in known and (prefix := best[i]) is not None
        ]
        best[j] = min(options, key=len) if options else None
    found = best[len(piece)]
    return found if found and len(found) > 1 else None


# Longer runs are not split letter by letter (the search is quadratic in the run's length).
MAX_JOINED_TAGS_CHARS = 160
MIN_TAG_CHARS = 2
MAX_TAG_WORDS = 4  # a tag is a phrase of at most this many words


@lru_cache(maxsize=1)
def _tag_label_regex() -> re.Pattern[str]:
    labels = sorted(site_phrases()["tag_labels"], key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(w) for w in labels)})\s*:?\s*", re.I)


def find_tags(lines: Sequence[Line], html_meta: HtmlMetaLike | None, body: str) -> tuple[str, ...]:
    """Tags from tag lines ('Tags: a, b, c'), else from the HTML metadata. Run-together tags are
    split with the page's own words (body, menus, breadcrumbs) as the vocabulary."""
    label_re = _tag_label_regex()
    body = "\n".join([body, *(line.text for line in lines if line.label is not LineLabel.TAGS)])
    tags: list[str] = []
    for line in lines:
        if line.label is not LineLabel.TAGS:
            continue
        text = label_re.sub("", _clean(line.text))
        parts = [p.strip() for p in re.split(r"\s*[,;|•·#]\s*|\s{2,}", text) if p.strip()]
        if len(parts) == 1:  # no separators: the renderer may have run the tags together
            parts = _split_joined_tags(parts[0], body)
        tags += [p for p in parts if p not in tags]
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
    raw_title = _title_text(lines)
    outlet = find_outlet(lines, page, html_meta, raw_title)
    title = find_title(lines, outlet, html_meta, domain_of(url))
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
    )
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
