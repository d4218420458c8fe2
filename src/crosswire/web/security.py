"""Who may use the web desk, and what a page of it may do in a browser.

- Access: with no token the desk serves whoever reaches it, which `serve` allows on a loopback
  address alone. With a token (`--token`, $CROSSWIRE_TOKEN) every request needs it: an API client
  sends `Authorization: Bearer <token>`, a browser logs in once (the token as password) and keeps
  a signed session cookie. Static files and the login page are open.
- CSRF: every form carries a token equal to a random cookie of the browser's (double submit);
  another site can neither read the cookie nor set the field. A JSON request needs no token: a
  page of another site cannot send `Content-Type: application/json` without a CORS preflight,
  which this app never grants. An `Origin` that is not this host is refused outright, and an
  API call with no `Origin` at all comes from no browser (browsers send it with every POST), so
  it needs no CSRF token either: only its access token, when one is set.
- Headers: a Content-Security-Policy that allows scripts, styles, images and connections from
  this origin alone (no inline script, no external request), no framing, no referrer.
- Bodies: a request body over the upload limit is refused (413) before it is read whole.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse, RedirectResponse, Response

from crosswire.web.settings import WebSettings

SESSION_COOKIE = "crosswire_session"
CSRF_COOKIE = "crosswire_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    # same-origin, not no-referrer: under no-referrer a browser's form POST carries
    # `Origin: null`, which the origin check must refuse (a sandboxed frame sends it too).
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
OPEN_PATHS = ("/static/", "/login", "/api/health", "/docs-assets/")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


def session_value(settings: WebSettings) -> str:
    """The session cookie's value: a MAC of the token under this start's secret, so a cookie
    says "logged in with the current token" and nothing else."""
    token = (settings.token or "").encode()
    return hmac.new(settings.secret, b"session:" + token, hashlib.sha256).hexdigest()


def token_matches(settings: WebSettings, given: str | None) -> bool:
    """Whether `given` is the access token (compared in constant time)."""
    if settings.token is None or given is None:
        return False
    return hmac.compare_digest(given.encode(), settings.token.encode())


def is_authorized(request: Request, settings: WebSettings) -> bool:
    """Whether the request may be served: no token set, the bearer token, or a session."""
    if settings.token is None:
        return True
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() == "bearer" and token_matches(settings, given.strip()):
        return True
    cookie = request.cookies.get(SESSION_COOKIE)
    return cookie is not None and hmac.compare_digest(cookie, session_value(settings))


def has_bearer(request: Request, settings: WebSettings) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and token_matches(settings, given.strip())


def _foreign_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc != request.headers.get("host", "")


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _refusal(request: Request, settings: WebSettings) -> Response | None:
    """The answer to a request that may not be served (None: it may)."""
    path = request.url.path
    if request.method not in SAFE_METHODS and _foreign_origin(request):
        return JSONResponse({"detail": "cross-site request refused"}, 403)
    if path.startswith(OPEN_PATHS) or is_authorized(request, settings):
        return None
    if _is_api(path) or path in ("/openapi.json", "/docs"):
        return JSONResponse(
            {"detail": "an access token is needed"}, 401, headers={"www-authenticate": "Bearer"}
        )
    return RedirectResponse(f"/login?next={quote(_local_next(request))}", 303)


def _csrf_cookie(value: str) -> str:
    """The Set-Cookie header of the browser's CSRF token."""
    made = Response()
    made.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict", path="/")
    return made.headers["set-cookie"]


class Guard:
    """The ASGI middleware around every request: access and foreign origins checked first;
    security headers, and the browser's CSRF cookie when it has none, added to every answer.
    Plain ASGI rather than Starlette's BaseHTTPMiddleware, which costs every request a task
    and a stream (bench_web_load.py)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        settings: WebSettings = scope["app"].state.settings
        wants_cookie = CSRF_COOKIE not in request.cookies and not _is_api(request.url.path)

        async def guarded(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if wants_cookie:
                    headers.append("set-cookie", _csrf_cookie(csrf_token(request)))
            await send(message)

        refusal = _refusal(request, settings)
        if refusal is not None:
            await refusal(scope, receive, guarded)
        else:
            await self.app(scope, receive, guarded)


def _local_next(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return request.url.path + query


def safe_next(value: str | None) -> str:
    """Where to go after logging in: a path of this site only (never `//other.site`)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def csrf_token(request: Request) -> str:
    """The browser's CSRF token: its cookie, or one made for this response (kept on the
    request so that the forms of this page and the cookie set with it agree)."""
    known = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf", None)
    if known is None:
        known = secrets.token_urlsafe(24)
        request.state.csrf = known
    return str(known)


async def check_csrf(request: Request) -> None:
    """A dependency of every form route: the form's token must be the browser's cookie. A JSON
    request, or one with the bearer token, needs none (see the module's docstring)."""
    settings: WebSettings = request.app.state.settings
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json" or has_bearer(request, settings):
        return
    if _is_api(request.url.path) and "origin" not in request.headers:
        return  # not a browser: every browser sends Origin with a POST (see the docstring)
    cookie = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if given is None and content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        given = field if isinstance(field, str) else None
    if not cookie or not given or not hmac.compare_digest(cookie, given):
        raise HTTPException(403, "the form has expired or came from another site: reload the page")


class BodyLimit:
    """An ASGI middleware that refuses a request body over `limit` bytes with 413: at once when
    its Content-Length says so, else as soon as that many bytes have arrived."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413, self._message())
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"the upload is over the limit of {self.limit // (1024 * 1024)} MB"

    async def _refuse(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        response = JSONResponse({"detail": self._message()}, 413, headers=SECURITY_HEADERS)
        await response(scope, receive, send)
