"""The Search page (full text over articles, the stories' facts and the articles' quotes, and
"what X said" across stories: quotes by speaker) and the Outlets pages (every outlet with its
counts; one outlet's articles and whom it copies, who copies it).

Search snippets are page text: the store marks the words found with two control characters
that page text does not carry (`MARKS`), the snippet is escaped whole, and only then do those
marks become `<mark>` elements (`marked`): no page text ever reaches the page unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from crosswire.errors import StoreError
from crosswire.store.desk import Desk
from crosswire.web.deps import MAX_PAGE_NUMBER, desk_of
from crosswire.web.templating import page

router = APIRouter(include_in_schema=False)
PER_PAGE = 20  # search results a page shows
OUTLET_PAGE = 50  # an outlet's articles a page lists
SPEAKERS_SHOWN = 12  # the most quoted speakers the empty search page offers
SPEAKERS_LISTED = 200  # the speakers the speaker field suggests (a datalist)
MARKS = ("\x02", "\x03")  # what the store puts around the words found (never in page text)
KINDS = {"articles": "Articles", "facts": "Facts", "quotes": "Quotes"}
_MARK_OR_TEXT = re.compile("([\x02\x03])")
_FACT_NUMBER = re.compile(r"F(\d+)")


@dataclass(frozen=True, slots=True)
class Result:
    """One search result as the page shows it (its text fields are page text: escaped)."""

    href: str  # the article page, or the story page's fact row
    title: str
    snippet: Markup  # escaped, with the words found as <mark>
    meta: tuple[str, ...]  # outlet, speaker, status, ...: shown after the title
    story_href: str | None = None  # the story the hit is in, when not its own link


def marked(snippet: str) -> Markup:
    """The snippet escaped, the words between MARKS as `<mark>`: marks balanced whatever the
    text holds, so a stray mark character can neither open an unclosed element nor show."""
    out: list[Markup] = []
    open_ = False
    for piece in _MARK_OR_TEXT.split(snippet):
        if piece == MARKS[0]:
            if not open_:
                out.append(Markup("<mark>"))
            open_ = True
        elif piece == MARKS[1]:
            if open_:
                out.append(Markup("</mark>"))
            open_ = False
        else:
            out.append(escape(piece))
    if open_:
        out.append(Markup("</mark>"))
    return Markup("").join(out)


def fact_href(story_key: str, fact_id: str) -> str:
    """The story page's row of a fact: a dossier numbers its facts F1, F2, ... in its list's
    order (`compare.facts`), the order the story page anchors them (fact-1, ...)."""
    found = _FACT_NUMBER.fullmatch(fact_id)
    anchor = f"#fact-{found.group(1)}" if found else ""
    return f"/stories/{story_key}{anchor}"


@router.get("/search")
def search_page(
    request: Request,
    desk: Annotated[Desk, Depends(desk_of)],
    q: str = "",
    kind: str = "articles",
    speaker: str = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE_NUMBER)] = 1,
) -> Response:
    """The search forms, and a page of what `q` finds in `kind` (quotes of `speaker` when one
    is given: with no words, all of that speaker's quotes)."""
    q, speaker = q.strip(), speaker.strip()
    kind = "quotes" if speaker else kind if kind in KINDS else "articles"
    asked = bool(q or speaker)
    offset = (page_number - 1) * PER_PAGE
    # One more than a page: whether a next page exists, without counting every match.
    found = _search(desk, kind, q, speaker, offset) if asked else []
    return page(
        request,
        "search.html.j2",
        q=q,
        kind=kind,
        kinds=KINDS,
        speaker=speaker,
        asked=asked,
        results=found[:PER_PAGE],
        more=len(found) > PER_PAGE,
        page_number=page_number,
        first=offset + 1,
        # Every speaker for the empty page's suggestions; those like the one asked for else
        # (a prefix search: cheap, where listing every speaker reads every quote).
        speakers=desk.speakers(speaker, limit=SPEAKERS_LISTED) if speaker or not asked else [],
        shown_speakers=SPEAKERS_SHOWN,
    )


def _search(desk: Desk, kind: str, q: str, speaker: str, offset: int) -> list[Result]:
    """A page of results (and one more) of the `kind` searched, as the page shows them."""
    limit = PER_PAGE + 1
    if kind == "facts":
        return [
            Result(
                href=fact_href(hit.story_key, hit.fact_id),
                title=f"{hit.fact_id} of “{hit.story_title or hit.story_key}”",
                snippet=marked(hit.snippet),
                meta=(hit.status,) if hit.status else (),
            )
            for hit in desk.search_facts(q, limit=limit, offset=offset, marks=MARKS)
        ]
    if kind == "quotes":
        hits = desk.search_quotes(
            q, speaker=speaker or None, limit=limit, offset=offset, marks=MARKS
        )
        return [
            Result(
                href=f"/articles/{hit.article_id}",
                title=hit.title or f"(untitled article {hit.article_id})",
                snippet=marked(hit.snippet),
                meta=tuple(m for m in (hit.speaker, hit.outlet) if m),
                story_href=f"/stories/{hit.story_key}" if hit.story_key else None,
            )
            for hit in hits
        ]
    return [
        Result(
            href=f"/articles/{hit.article_id}",
            title=hit.title or f"(untitled article {hit.article_id})",
            snippet=marked(hit.snippet),
            meta=(hit.outlet,) if hit.outlet else (),
        )
        for hit in desk.search(q, limit=limit, offset=offset, marks=MARKS)
    ]


@router.get("/outlets")
def outlets_page(request: Request, desk: Annotated[Desk, Depends(desk_of)]) -> Response:
    """Every outlet of the current articles, with its articles and stories counted."""
    return page(request, "outlets.html.j2", outlets=desk.outlets())


@router.get("/outlets/{name:path}")
def outlet_page(
    request: Request,
    name: str,
    desk: Annotated[Desk, Depends(desk_of)],
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE_NUMBER)] = 1,
) -> Response:
    """One outlet (its name as a path: names hold spaces, slashes, anything): a page of its
    articles and its copy relations; an outlet the desk has nothing of is not found."""
    detail = desk.outlet(name, offset=(page_number - 1) * OUTLET_PAGE, limit=OUTLET_PAGE)
    if not detail.total_articles and not detail.copies and not detail.copied_by:
        raise StoreError(f"no outlet named {name!r} in this desk")
    return page(
        request,
        "outlet.html.j2",
        outlet=detail,
        page_number=page_number,
        pages=max(1, -(-detail.total_articles // OUTLET_PAGE)),
    )
