"""The web desk's application: `create_app(settings)` gives the FastAPI app `serve` runs.

The app holds one `Desk` over the store, opened when it starts and closed when it stops; the
routes (pages and API) are thin over it. Reads run in FastAPI's thread pool, each on a
connection of its own (SQLite in WAL mode: readers never wait for the worker's writes).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import swagger_ui
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from crosswire import __version__
from crosswire.errors import CrosswireError, StoreError
from crosswire.report.render import dossier_css
from crosswire.store.desk import Desk
from crosswire.web import api, article_pages, desk_pages, finder_pages, story_pages
from crosswire.web.processes import die_with_parent
from crosswire.web.security import BodyLimit, Guard
from crosswire.web.settings import WebSettings, settings_from_environment
from crosswire.web.templating import STATIC, page

# Swagger UI's own files, as swagger-ui-py ships them (only its static folder is used).
SWAGGER_UI = Path(swagger_ui.__file__).parent / "static"
API_DESCRIPTION = (
    "The story desk's data: stories with their counts, each story's dossier (in the form of "
    "docs/dossier.schema.json), articles, search, ingestion, feeds and jobs. Lists are "
    "paginated with `offset` and `limit`; ids are stable (a story's key, an article's id). "
    "With an access token set, send `Authorization: Bearer <token>`."
)


def create_app(settings: WebSettings | None = None, *, desk: Desk | None = None) -> FastAPI:
    """The web desk over the store of `settings` (or over an open `desk`, which the caller
    closes: tests)."""
    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = desk or Desk(settings.db, clock=settings.clock)
        app.state.desk = opened
        try:
            yield
        finally:
            if desk is None:
                opened.close()

    app = FastAPI(
        title="crosswire desk",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(Guard)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    _add_error_pages(app)
    _add_assets(app)
    for module in (story_pages, article_pages, finder_pages, desk_pages, api):
        app.include_router(module.router)
    return app


def app_from_environment() -> FastAPI:
    """The app of one of the server processes `serve --processes N` starts (uvicorn imports it
    by name): its settings from the environment, and it ends when the server that started it
    does, however that ends (a kill -9 included: no process left holding the port)."""
    die_with_parent()
    return create_app(settings_from_environment())


def _add_assets(app: FastAPI) -> None:
    @app.get("/static/dossier.css", include_in_schema=False)
    def stylesheet() -> Response:
        # The HTML dossier's own stylesheet: one look for the file and the desk.
        return Response(dossier_css(), media_type="text/css")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html.j2")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/docs-assets", StaticFiles(directory=SWAGGER_UI), name="docs")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": error.detail}, error.status_code, error.headers)
        return _error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(error.errors())}, 422)
        wrong = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'][1:])}: {e['msg']}" for e in error.errors()
        )
        return _error_page(request, 422, f"Some of what was asked is not valid ({wrong}).")

    @app.exception_handler(StoreError)
    async def not_found(request: Request, error: StoreError) -> Response:
        return _refusal(request, 404, error)

    @app.exception_handler(CrosswireError)
    async def refused(request: Request, error: CrosswireError) -> Response:
        return _refusal(request, 400, error)


def _refusal(request: Request, status: int, error: CrosswireError) -> Response:
    """The library's refusal, without the store's path (a visitor need not know the server's
    folders): "no article 9 in the desk"."""
    message = str(error).replace(request.app.state.desk.where, "the desk")
    if _wants_json(request):
        return JSONResponse({"detail": message}, status)
    return _error_page(request, status, message)


def _error_page(request: Request, status: int, message: str) -> Response:
    try:
        return page(request, "error.html.j2", status, code=status, message=message)
    except Exception:  # the error page itself must never fail the answer
        return PlainTextResponse(message, status)
