"""The web desk's templates: its own pages (web/templates) around the dossier's (report/templates).

One Jinja environment, autoescaping everything: a page's title, text or byline shows as text
wherever it goes. Markup enters only from `render_dossier_body` and the highlighters, which
escape the text they wrap.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from crosswire import __version__
from crosswire.report.control_chars import without_controls
from crosswire.report.render import TEMPLATES as REPORT_TEMPLATES
from crosswire.report.render import input_name, is_web_address
from crosswire.web.security import CSRF_FIELD, csrf_token

WEB_TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
NAV = (
    ("/", "Stories"),
    ("/search", "Search"),
    ("/outlets", "Outlets"),
    ("/add", "Add"),
    ("/jobs", "Jobs"),
)


def _when(value: object) -> str:
    """A moment for people: "2026-12-03 14:05 UTC" (a date alone as it is)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return "" if value is None else str(value)


def _day(value: object) -> str:
    """A day for people: "2026-12-03" (the moment's date; a date alone as it is)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return "" if value is None else str(value)[:10]


def _query(request: Request, **changes: object) -> str:
    """The current query string with `changes` (None removes a parameter)."""
    params = dict(request.query_params)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = str(value)
    return "?" + urlencode(params) if params else "?"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader([WEB_TEMPLATES, REPORT_TEMPLATES]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["day"] = _day
    # A job's input by its file's name: the uploads folder's path is the server's business.
    env.filters["input_name"] = input_name
    env.tests["web_address"] = is_web_address
    env.globals.update(nav=NAV, version=__version__, csrf_field=CSRF_FIELD, query=_query)
    return env


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page of the desk: `template` rendered with `context`, the request and its CSRF token."""
    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            csrf=csrf_token(request),
            here=request.url.path,
            **context,
        )
    )
    return HTMLResponse(without_controls(html), status_code=status)
