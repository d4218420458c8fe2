"""The Stories and Story pages: the story list with its filters, one story's dossier with what is
new since the reader's last visit, its exports, its live updates and the editors' actions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from markupsafe import Markup

from crosswire.errors import StoreError
from crosswire.report.render import render_dossier_body, render_dossier_dict
from crosswire.store.desk import Desk
from crosswire.store.dossier_rows import RenderedVersion
from crosswire.web.charts import coverage_svg
from crosswire.web.deps import MAX_PAGE_NUMBER, desk_of, settings_of
from crosswire.web.security import check_csrf
from crosswire.web.templating import page

router = APIRouter(include_in_schema=False)
PER_PAGE = 25
SEEN_COOKIE = "crosswire_seen"  # "key:version" pairs: the dossier versions this browser saw
SEEN_KEPT = 40  # stories remembered (a cookie stays small)
LIVE_SECONDS = 600  # an event stream ends after this; the browser opens a new one
EXPORTS = {"html": "text/html", "md": "text/markdown", "json": "application/json"}


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@router.get("/")
def stories_page(
    request: Request,
    desk: Annotated[Desk, Depends(desk_of)],
    q: str = "",
    outlet: str = "",
    language: str = "",
    since: str = "",
    until: str = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE_NUMBER)] = 1,
) -> Response:
    listed = desk.story_summaries(
        since=_day(since),
        until=_day(until),
        outlet=outlet or None,
        language=language or None,
        query=q or None,
        offset=(page_number - 1) * PER_PAGE,
        limit=PER_PAGE,
    )
    pages = max(1, -(-listed.total // PER_PAGE))
    return page(
        request,
        "stories.html.j2",
        stories=listed.items,
        total=listed.total,
        page_number=page_number,
        pages=pages,
        chart=coverage_svg,
        filters={"q": q, "outlet": outlet, "language": language, "since": since, "until": until},
    )


def _seen(request: Request) -> dict[str, int]:
    pairs = (item.rpartition(":") for item in request.cookies.get(SEEN_COOKIE, "").split(","))
    return {key: int(version) for key, _, version in pairs if key and version.isdigit()}


def _remember(response: Response, seen: dict[str, int], key: str, version: int) -> None:
    seen.pop(key, None)
    seen[key] = version
    kept = list(seen.items())[-SEEN_KEPT:]
    value = ",".join(f"{k}:{v}" for k, v in kept)
    response.set_cookie(SEEN_COOKIE, value, max_age=365 * 86400, httponly=True, samesite="lax")


@router.get("/stories/{key}")
def story_page(
    request: Request, key: str, desk: Annotated[Desk, Depends(desk_of)], done: str = ""
) -> Response:
    record = desk.story(key)
    latest = desk.rendered_dossier(key)
    seen = _seen(request)
    since = seen.get(key)
    changes = None
    if latest is not None and since is not None and since < latest.version:
        try:
            changes = desk.changes(key, since=since)
        except StoreError:  # a version the store no longer has: nothing to compare with
            changes = None
    names = {} if latest is None else latest.labels
    response = page(
        request,
        "story.html.j2",
        story=record,
        latest=latest,
        changes=changes,
        first_visit=since is None,
        body=None if latest is None else dossier_body(desk, latest),
        members=[
            (i, names.get(s, s)) for i, s in zip(record.articles, record.sources, strict=False)
        ],
        done=done,
        stale=latest is None or latest.articles != record.articles,
    )
    if latest is not None:
        _remember(response, seen, key, latest.version)
    return response


def dossier_body(desk: Desk, latest: RenderedVersion) -> Markup:
    """The dossier's body as the worker rendered it when it stored the version (in a store made
    before that was kept: rendered now, and kept in memory for the next readers)."""
    if latest.html is not None:
        return Markup(latest.html)
    return _rendered(desk, latest.story, latest.version)


@lru_cache(maxsize=64)
def _rendered(desk: Desk, key: str, version: int) -> Markup:
    found = desk.dossier(key, version)
    if found is None:
        raise StoreError(f"story {key!r} has no dossier version {version}")
    return render_dossier_body(found.dossier, generated_at=found.created_at)


@router.get("/stories/{key}/export.{fmt}")
def export_story(key: str, fmt: str, desk: Annotated[Desk, Depends(desk_of)]) -> Response:
    if fmt not in EXPORTS:
        raise StoreError(f"no export as {fmt!r}: html, md or json")
    latest = desk.dossier(key)
    if latest is None:
        raise StoreError(f"story {key!r} has no dossier yet")
    text = render_dossier_dict(latest.dossier, fmt, generated_at=latest.created_at)
    name = f"{key}-v{latest.version}.{fmt}"
    return Response(
        text,
        media_type=f"{EXPORTS[fmt]}; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/stories/{key}/events")
async def story_events(request: Request, key: str) -> StreamingResponse:
    """Server-sent events: `version` with the dossier's version number whenever a new one is
    stored (and once at the start), so an open story page can offer the new version."""
    desk: Desk = desk_of(request)
    every = settings_of(request).poll_seconds
    desk.story(key)  # an unknown story: 404 now, not an empty stream

    async def stream() -> AsyncIterator[str]:
        told: int | None = None
        loop = asyncio.get_running_loop()
        ends = loop.time() + LIVE_SECONDS
        yield "retry: 5000\n\n"
        while loop.time() < ends and not await request.is_disconnected():
            latest = await run_in_threadpool(desk.dossier, key)
            version = 0 if latest is None else latest.version
            if version != told:
                told = version
                yield f"event: version\ndata: {version}\n\n"
            else:
                yield ": still here\n\n"
            await asyncio.sleep(every)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"cache-control": "no-store"}
    )


def _back(key: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/stories/{key}?done={done}", status_code=303)


@router.post("/stories/{key}/move", dependencies=[Depends(check_csrf)])
def move_article(
    key: str,
    desk: Annotated[Desk, Depends(desk_of)],
    article_id: Annotated[int, Form()],
    to_story: Annotated[str, Form()],
) -> RedirectResponse:
    moved = desk.move_article(article_id, to_story.strip())
    return _back(moved.key, "moved")


@router.post("/stories/{key}/exclude", dependencies=[Depends(check_csrf)])
def exclude_article(
    key: str, desk: Annotated[Desk, Depends(desk_of)], article_id: Annotated[int, Form()]
) -> RedirectResponse:
    desk.exclude_article(article_id)
    return _back(key, "excluded")


@router.post("/stories/{key}/split", dependencies=[Depends(check_csrf)])
def split_story(
    key: str,
    desk: Annotated[Desk, Depends(desk_of)],
    article_ids: Annotated[list[int], Form()],
) -> RedirectResponse:
    made = desk.split_story(key, article_ids)
    return _back(made.key, "split")


@router.post("/stories/{key}/merge", dependencies=[Depends(check_csrf)])
def merge_story(
    key: str, desk: Annotated[Desk, Depends(desk_of)], other: Annotated[str, Form()]
) -> RedirectResponse:
    merged = desk.merge_stories(key, other.strip())
    return _back(merged.key, "merged")
