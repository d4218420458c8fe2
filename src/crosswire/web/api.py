"""The JSON API: the data of the pages, for programs. Lists take `offset` and `limit` and say
their `total`; a story is named by its key, an article by its id, a job by its id, for good.
The dossier is served in the form of docs/dossier.schema.json (`dossier_to_dict`)."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from crosswire import __version__
from crosswire.errors import ConfigError
from crosswire.report.article_json import article_to_dict
from crosswire.store.desk import Desk
from crosswire.web import intake
from crosswire.web.deps import MAX_PAGE, Paging, desk_of, paging, settings_of
from crosswire.web.desk_pages import job_articles
from crosswire.web.security import check_csrf

router = APIRouter(prefix="/api", tags=["desk"])
Json = dict[str, Any]
DeskDep = Annotated[Desk, Depends(desk_of)]
Csrf = [Depends(check_csrf)]


def plain(value: Any) -> Any:
    """A record as JSON-ready data: dataclasses as dicts, moments and dates in ISO 8601."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def listed(items: list[Any], total: int, page: Paging) -> Json:
    return {"items": plain(items), "total": total, "offset": page.offset, "limit": page.limit}


@router.get("/health", summary="Whether the desk answers")
def health(request: Request) -> Json:
    return {"ok": True, "version": __version__}


@router.get("/stories", summary="Stories, newest activity first, with their counts")
def stories(
    desk: DeskDep,
    page: Annotated[Paging, Depends(paging)],
    q: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Json:
    found = desk.story_summaries(
        since=since,
        until=until,
        outlet=outlet,
        language=language,
        query=q,
        offset=page.offset,
        limit=page.limit,
    )
    return listed(list(found.items), found.total, page)


@router.get("/stories/{key}", summary="A story: its title, articles and dossier version")
def story(key: str, desk: DeskDep) -> Json:
    record = desk.story(key)
    latest = desk.rendered_dossier(key)  # its version and articles, not the dossier itself
    return plain(record) | {
        "dossier_version": None if latest is None else latest.version,
        "dossier_stale": latest is None or latest.articles != record.articles,
    }


@router.get("/stories/{key}/dossier", summary="The story's dossier (docs/dossier.schema.json)")
def dossier(
    key: str, desk: DeskDep, version: Annotated[int | None, Query(ge=1)] = None
) -> JSONResponse:
    found = desk.dossier(key, version)
    if found is None:
        return JSONResponse({"detail": f"story {key!r} has no dossier yet"}, 404)
    return JSONResponse(found.dossier, headers={"x-dossier-version": str(found.version)})


@router.get("/stories/{key}/changes", summary="What the latest dossier adds to version `since`")
def changes(key: str, desk: DeskDep, since: Annotated[int, Query(ge=0)]) -> Json:
    found = desk.changes(key, since=since)
    return plain(found) | {"lines": found.lines()}


class MoveBody(BaseModel):
    to_story: str = Field(description="The key of the story the article goes to.")


class SplitBody(BaseModel):
    articles: list[int] = Field(min_length=1, description="The articles of the new story.")


class MergeBody(BaseModel):
    other: str = Field(description="The key of the story merged into this one.")


@router.post("/articles/{article_id}/move", dependencies=Csrf, summary="Move an article")
def move(article_id: int, body: MoveBody, desk: DeskDep) -> Json:
    return plain(desk.move_article(article_id, body.to_story))


@router.post(
    "/articles/{article_id}/exclude", dependencies=Csrf, summary="Take an article out of its story"
)
def exclude(article_id: int, desk: DeskDep) -> Json:
    return plain(desk.exclude_article(article_id))


@router.post("/stories/{key}/split", dependencies=Csrf, summary="Split articles off a story")
def split(key: str, body: SplitBody, desk: DeskDep) -> Json:
    return plain(desk.split_story(key, body.articles))


@router.post("/stories/{key}/merge", dependencies=Csrf, summary="Merge a story into this one")
def merge(key: str, body: MergeBody, desk: DeskDep) -> Json:
    return plain(desk.merge_stories(key, body.other))


@router.get("/articles", summary="The current articles, newest stored first")
def articles(desk: DeskDep, page: Annotated[Paging, Depends(paging)]) -> Json:
    found = desk.articles()[::-1]
    return listed(found[page.offset : page.offset + page.limit], len(found), page)


@router.get("/articles/{article_id}/versions", summary="Every version at the article's address")
def versions(article_id: int, desk: DeskDep) -> Json:
    found = desk.article_versions(article_id)
    return {"items": plain(found), "total": len(found), "story": desk.story_of(article_id)}


@router.get("/outlets", summary="The outlets, with their articles and stories")
def outlets(desk: DeskDep) -> Json:
    found = desk.outlets()
    return {"items": plain(found), "total": len(found)}


@router.get("/outlets/{name}", summary="One outlet's articles, whom it copies, who copies it")
def outlet(name: str, desk: DeskDep, page: Annotated[Paging, Depends(paging)]) -> Json:
    return plain(desk.outlet(name, offset=page.offset, limit=page.limit))


@router.get("/articles/{article_id}", summary="A stored article whole, with its annotations")
def article(article_id: int, desk: DeskDep) -> Json:
    stored = desk.article(article_id)
    return {"record": plain(stored.record), "article": article_to_dict(stored.article)}


@router.get("/search", summary="Full-text search over articles, facts or quotes")
def search(
    desk: DeskDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    page: Annotated[Paging, Depends(paging)],
    kind: Literal["articles", "facts", "quotes"] = "articles",
    speaker: str | None = None,
) -> Json:
    if kind == "facts":
        hits: list[Any] = desk.search_facts(q, offset=page.offset, limit=page.limit)
    elif kind == "quotes":
        hits = desk.search_quotes(q, speaker=speaker, offset=page.offset, limit=page.limit)
    else:
        hits = desk.search(q, offset=page.offset, limit=page.limit)
    return {"items": plain(hits), "offset": page.offset, "limit": page.limit, "kind": kind}


class IngestBody(BaseModel):
    urls: list[str] = Field(default_factory=list, max_length=intake.MAX_URLS)
    text: str | None = Field(None, description="A page's text or HTML, pasted.")
    url: str | None = Field(None, description="The pasted page's address, if known.")
    outlet: str | None = None
    published: str | None = Field(None, description="ISO 8601, as precise as known.")


@router.post("/ingest", status_code=202, dependencies=Csrf, summary="Queue pages to ingest")
def ingest(body: IngestBody, request: Request, desk: DeskDep) -> Json:
    folder = settings_of(request).uploads_folder(desk.where)
    jobs = intake.queue_addresses(desk, body.urls) if body.urls else []
    if body.text is not None:
        jobs.append(
            intake.save_paste(
                desk, folder, body.text, url=body.url, outlet=body.outlet, published=body.published
            )
        )
    if not jobs:
        raise ConfigError("give `urls`, or a page's `text`")
    return {"jobs": jobs}


@router.post("/upload", status_code=202, dependencies=Csrf, summary="Upload files to ingest")
def upload(request: Request, desk: DeskDep, files: Annotated[list[UploadFile], File()]) -> Json:
    folder = settings_of(request).uploads_folder(desk.where)
    return {"jobs": [intake.save_upload(desk, folder, f.filename, f.file) for f in files]}


class FeedBody(BaseModel):
    url: str
    every: str = Field("30m", description="90s, 30m, 2h, 1d (at least 1m).")


@router.get("/feeds", summary="The polled feeds")
def feeds(desk: DeskDep) -> Json:
    found = desk.feeds()
    return {"items": plain(found), "total": len(found)}


@router.post("/feeds", status_code=201, dependencies=Csrf, summary="Poll a feed")
def add_feed(body: FeedBody, desk: DeskDep) -> Json:
    return {"id": intake.add_feed(desk, body.url, body.every)}


@router.delete("/feeds/{feed_id}", dependencies=Csrf, summary="Stop polling a feed")
def remove_feed(feed_id: int, desk: DeskDep) -> Json:
    return plain(desk.remove_feed(feed_id))


@router.get("/jobs", summary="The job queue, newest first")
def jobs(
    desk: DeskDep,
    page: Annotated[Paging, Depends(paging)],
    state: str | None = None,
    ids: Annotated[str | None, Query(pattern=r"^[0-9,]*$")] = None,
) -> Json:
    wanted = None if ids is None else [int(i) for i in ids.split(",") if i][:MAX_PAGE]
    found, total = desk.jobs_page(state=state, ids=wanted, offset=page.offset, limit=page.limit)
    made = job_articles(desk, found)
    items = [plain(job) | {"article_id": made.get(job.id)} for job in found]
    return {"items": items, "total": total, "offset": page.offset, "limit": page.limit}


@router.post("/jobs/{job_id}/retry", dependencies=Csrf, summary="Queue a failed job again")
def retry(job_id: int, desk: DeskDep) -> Json:
    return plain(desk.retry_job(job_id))
