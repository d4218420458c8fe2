"""The Article page: one stored article's clean text with the facts and quotes of its story
highlighted (each linked to its row on the story page), its metadata with how each value was
known, the furniture taken out of the page, the raw page as stored, and its versions.

Everything shown comes from a page and is untrusted: the text goes through `highlight_html`
(which escapes it), everything else through the autoescaping templates. The raw page is shown
as escaped text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from markupsafe import Markup

from crosswire.model import Article, Basis, DateValue, Evidenced
from crosswire.report.render import Highlight, highlight_html
from crosswire.store.desk import Desk
from crosswire.web.deps import desk_of
from crosswire.web.templating import page

router = APIRouter(include_in_schema=False)
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id is no article, not a crash
RAW_SHOWN = 200_000  # characters of the raw page shown: a page can be megabytes
# How `highlight_html` opens each mark's link to its entry. Page text is escaped before it goes
# out (a `"` becomes `&#34;`), so this string can only be the highlighter's own markup.
_REF_LINK = ' href="#'


@dataclass(frozen=True, slots=True)
class Item:
    """A fact or quote of the story this article carries, as the page lists it."""

    anchor: str  # "fact-3", "quote-2": the story page's anchor (the dossier's order)
    label: str  # "F3", "Q2": as readers see it
    text: str  # the statement, or the quote's words
    detail: str  # the fact's status, or the quote's speaker
    href: str  # where it links: the story page's row, or this page's list


@dataclass(frozen=True, slots=True)
class Highlighted:
    """The article's text marked up, and the items its marks belong to."""

    body: Markup
    facts: list[Item]
    quotes: list[Item]
    from_dossier: bool  # False: the article's own annotated quotes (in no dossier yet)


@dataclass(frozen=True, slots=True)
class MetaRow:
    """One metadata value with how it was known (its basis) and the words that showed it."""

    name: str
    value: str | None
    basis: str | None
    evidence: str
    link: bool = False  # the value is an address to link (when it is a web address)


@router.get("/articles/{article_id}")
def article_page(
    request: Request,
    article_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    desk: Annotated[Desk, Depends(desk_of)],
) -> Response:
    """The article whole: its text marked, its metadata, furniture, raw page and versions (an
    unknown id: StoreError, a 404 page)."""
    stored = desk.article(article_id)
    article = stored.article
    key = desk.story_of(article_id)
    latest = desk.dossier(key) if key is not None else None
    kind, raw = desk.raw_page(article_id)
    return page(
        request,
        "article.html.j2",
        record=stored.record,
        article=article,
        story_key=key,
        story_title=latest.dossier.get("title") if latest is not None else None,
        marked=highlight_article(article, key, latest.dossier if latest is not None else None),
        metadata=metadata_rows(article),
        versions=desk.article_versions(article_id),
        raw_kind=kind,
        raw=raw[:RAW_SHOWN],
        raw_length=len(raw),
    )


def highlight_article(
    article: Article, key: str | None, dossier: dict[str, Any] | None
) -> Highlighted:
    """The article's text with its story's facts and quotes marked (from the story's latest
    dossier, when it holds this very text), else with the article's own annotated quotes."""
    mine = _dossier_article(article, dossier)
    if key is None or dossier is None or mine is None:
        return _own_quotes(article)
    story = f"/stories/{quote(key, safe='')}"
    highlights: list[Highlight] = []
    facts = _dossier_items(dossier["facts"], "fact", "support", mine, highlights, story)
    quotes = _dossier_items(dossier["quotes"], "quote", "variants", mine, highlights, story)
    body = highlight_html(article.text, highlights)
    # The marks' links point at the story page's rows, not at this page (see _REF_LINK).
    linked = Markup(str(body).replace(_REF_LINK, f' href="{story}#'))
    return Highlighted(linked, facts, quotes, from_dossier=True)


def _dossier_article(article: Article, dossier: dict[str, Any] | None) -> str | None:
    """This article's source in the dossier, when the dossier was built from this same text
    (an older version at the address has another text: the dossier's offsets are not its)."""
    if dossier is None:
        return None
    for entry in dossier.get("articles", ()):
        if entry.get("source") == article.source and entry.get("body") == article.text:
            return article.source
    return None


def _dossier_items(
    items: list[dict[str, Any]],
    kind: str,
    pieces: str,
    source: str,
    highlights: list[Highlight],
    story: str,
) -> list[Item]:
    """The dossier's facts (or quotes) that stand in this article, each piece of it here added
    to `highlights`; anchors by position, as the story page numbers them (`html_view`)."""
    found: list[Item] = []
    for i, item in enumerate(items, 1):
        anchor = f"{kind}-{i}"
        label = str(item.get("id") or anchor)
        here = [p for p in item.get(pieces, ()) if p.get("article") == source]
        for j, piece in enumerate(here, 1):
            name = f"{kind[0]}{i}-{j}"  # the mark's own id, as the story page names it
            highlights.append(Highlight(piece["start"], piece["end"], kind, name, anchor, label))
        if here:
            text = item.get("statement") if kind == "fact" else item.get("text")
            detail = item.get("status") if kind == "fact" else item.get("speaker")
            href = f"{story}#{anchor}"
            found.append(Item(anchor, label, str(text or ""), str(detail or ""), href))
    return found


def _own_quotes(article: Article) -> Highlighted:
    """The article's own annotated quotes marked, each linked to this page's list of them."""
    quotes = article.annotations.quotes if article.annotations is not None else ()
    highlights: list[Highlight] = []
    items: list[Item] = []
    for i, found in enumerate(quotes, 1):
        anchor = f"quote-{i}"
        label = f"Q{i}"
        highlights.append(
            Highlight(found.span.start, found.span.end, "quote", f"q{i}", anchor, label)
        )
        speaker = found.speaker or found.speaker_description or ""
        items.append(Item(anchor, label, found.text, speaker, f"#{anchor}"))
    return Highlighted(highlight_html(article.text, highlights), [], items, from_dossier=False)


def metadata_rows(article: Article) -> list[MetaRow]:
    """The article's metadata as the page shows it: each value with its basis and evidence."""
    return [
        _evidenced("Title", article.title),
        _evidenced("Outlet", article.outlet),
        MetaRow(
            "Authors",
            ", ".join(article.authors) or None,
            str(article.authors_basis) if article.authors else None,
            "",
        ),
        _dated("Published", article.published),
        _dated("Modified", article.modified),
        MetaRow("Language", article.language, None, ""),
        MetaRow("Address", article.url, None, "", link=True),
        MetaRow("Fetched", article.fetched_at, None, ""),
        MetaRow("Read as", "an HTML page" if article.mode == "html" else "a text page", None, ""),
    ]


def _evidenced(name: str, value: Evidenced) -> MetaRow:
    basis = None if value.basis is Basis.UNKNOWN and not value.value else str(value.basis)
    return MetaRow(name, value.value, basis, value.evidence)


def _dated(name: str, value: DateValue) -> MetaRow:
    row = _evidenced(name, Evidenced(value.value, value.basis, value.evidence))
    if not value.ambiguous:
        return row
    readings = ", ".join(value.alternatives) or "several"
    evidence = f"{row.evidence} (ambiguous: could be {readings})".strip()
    return MetaRow(row.name, row.value, row.basis, evidence)
