"""The Add page (upload files, paste a page, add addresses, add a feed) and the Jobs page (the
queue, its failures and their retry), plus the login page when an access token is set."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from crosswire.errors import ConfigError
from crosswire.store.desk import Desk
from crosswire.store.jobs import INGEST
from crosswire.store.queue import Job
from crosswire.store.schema import JOB_STATES
from crosswire.web import intake
from crosswire.web.deps import MAX_PAGE_NUMBER, desk_of, settings_of
from crosswire.web.security import (
    SESSION_COOKIE,
    check_csrf,
    safe_next,
    session_value,
    token_matches,
)
from crosswire.web.templating import page

router = APIRouter(include_in_schema=False)


def job_articles(desk: Desk, jobs: list[Job]) -> dict[int, int]:
    """The article each finished ingest job stored (job id -> article id), for a link."""
    done = {
        job.id: str(job.payload["input"])
        for job in jobs
        if job.state == "done" and job.kind == INGEST
    }
    made = desk.articles_of_sources(list(done.values()))
    return {job_id: made[source] for job_id, source in done.items() if source in made}


JOBS_PER_PAGE = 50


def _add_page(
    request: Request,
    desk: Desk,
    *,
    jobs: list[int] | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    queued = desk.jobs_page(ids=jobs, limit=len(jobs))[0] if jobs else []
    return page(
        request,
        "add.html.j2",
        status,
        jobs=queued,
        made=job_articles(desk, queued),
        error=error,
        feeds=desk.feeds(),
        limit_mb=settings_of(request).max_upload_bytes // (1024 * 1024),
    )


@router.get("/add")
def add_page(
    request: Request,
    desk: Annotated[Desk, Depends(desk_of)],
    jobs: Annotated[str, Query(pattern=r"^[0-9,]*$")] = "",
) -> Response:
    shown = [int(job) for job in jobs.split(",") if job][:200]
    return _add_page(request, desk, jobs=shown)


def _queued(ids: list[int]) -> RedirectResponse:
    return RedirectResponse("/add?jobs=" + ",".join(map(str, ids)), status_code=303)


@router.post("/add/files", dependencies=[Depends(check_csrf)])
def add_files(
    request: Request,
    desk: Annotated[Desk, Depends(desk_of)],
    files: Annotated[list[UploadFile], File()],
) -> Response:
    folder = settings_of(request).uploads_folder(desk.where)
    chosen = [f for f in files if f.filename]
    if not chosen:
        return _add_page(request, desk, error="Choose at least one file.", status=400)
    return _queued([intake.save_upload(desk, folder, f.filename, f.file) for f in chosen])


@router.post("/add/paste", dependencies=[Depends(check_csrf)])
def add_paste(
    request: Request,
    desk: Annotated[Desk, Depends(desk_of)],
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
) -> Response:
    folder = settings_of(request).uploads_folder(desk.where)
    try:
        job = intake.save_paste(desk, folder, text, url=url, outlet=outlet, published=published)
    except ConfigError as error:
        return _add_page(request, desk, error=str(error), status=400)
    return _queued([job])


@router.post("/add/urls", dependencies=[Depends(check_csrf)])
def add_urls(
    request: Request, desk: Annotated[Desk, Depends(desk_of)], urls: Annotated[str, Form()] = ""
) -> Response:
    try:
        return _queued(intake.queue_addresses(desk, urls.splitlines()))
    except ConfigError as error:
        return _add_page(request, desk, error=str(error), status=400)


@router.post("/add/feed", dependencies=[Depends(check_csrf)])
def add_feed(
    request: Request,
    desk: Annotated[Desk, Depends(desk_of)],
    url: Annotated[str, Form()] = "",
    every: Annotated[str, Form()] = "30m",
) -> Response:
    try:
        intake.add_feed(desk, url, every)
    except ConfigError as error:
        return _add_page(request, desk, error=str(error), status=400)
    return RedirectResponse("/add#feeds", status_code=303)


@router.get("/jobs")
def jobs_page(
    request: Request,
    desk: Annotated[Desk, Depends(desk_of)],
    state: str = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE_NUMBER)] = 1,
) -> Response:
    chosen = state if state in JOB_STATES else None
    listed, total = desk.jobs_page(
        state=chosen, offset=(page_number - 1) * JOBS_PER_PAGE, limit=JOBS_PER_PAGE
    )
    return page(
        request,
        "jobs.html.j2",
        jobs=listed,
        made=job_articles(desk, listed),
        total=total,
        state=chosen or "",
        states=JOB_STATES,
        page_number=page_number,
        pages=max(1, -(-total // JOBS_PER_PAGE)),
    )


@router.post("/jobs/{job_id}/retry", dependencies=[Depends(check_csrf)])
def retry_job(job_id: int, desk: Annotated[Desk, Depends(desk_of)]) -> RedirectResponse:
    desk.retry_job(job_id)
    return RedirectResponse(f"/add?jobs={job_id}", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    # No navigation for a visitor who is not logged in: every link of it leads back here.
    return page(request, "login.html.j2", next=safe_next(next), error="", bare=True)


@router.post("/login", dependencies=[Depends(check_csrf)])
def log_in(
    request: Request,
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    settings = settings_of(request)
    if not token_matches(settings, password):
        return page(
            request, "login.html.j2", 401, next=safe_next(next), error="Wrong token.", bare=True
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, session_value(settings), httponly=True, samesite="strict", path="/"
    )
    return response
