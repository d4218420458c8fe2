"""The web desk's guards: access token, CSRF, origins, security headers, body limit, binding."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosswire.errors import ConfigError
from crosswire.web import WebSettings, create_app
from crosswire.web.security import CSRF_COOKIE, SESSION_COOKIE, safe_next
from crosswire.web.server import check_binding, is_loopback, worker_command

TOKEN = "correct horse battery staple"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.fixture
def guarded(desk_path: Path, settings_for: Callable[..., WebSettings]) -> TestClient:
    with TestClient(create_app(settings_for(desk_path, token=TOKEN))) as test_client:
        yield test_client  # type: ignore[misc]


def test_every_answer_carries_a_policy_that_forbids_inline_script_and_other_origins(
    client: TestClient,
) -> None:
    for path in ("/", "/add", "/jobs", "/api/health", "/static/app.js", "/no-such-page"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy, path
        assert "unsafe-inline" not in policy and "http" not in policy
        assert "frame-ancestors 'none'" in policy


def test_no_page_holds_an_inline_script(client: TestClient) -> None:
    key = client.app.state.desk.stories()[0].key  # type: ignore[attr-defined]
    for path in ("/", f"/stories/{key}", "/add", "/jobs", "/docs", "/login"):
        html = client.get(path).text
        assert not INLINE_SCRIPT.search(html), path
        assert " onclick=" not in html and " onload=" not in html


def test_with_a_token_pages_ask_for_a_login_and_the_api_for_the_bearer(
    guarded: TestClient,
) -> None:
    page = guarded.get("/jobs?state=failed", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/jobs%3Fstate%3Dfailed"
    assert guarded.get("/api/stories").status_code == 401
    assert guarded.get("/openapi.json").status_code == 401
    wrong = guarded.get("/api/stories", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = guarded.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200
    assert guarded.get("/api/health").status_code == 200  # open: a load balancer's probe
    assert guarded.get("/static/web.css").status_code == 200


def _csrf(client: TestClient) -> str:
    client.get("/login")
    return client.cookies[CSRF_COOKIE]


def test_a_browser_logs_in_with_the_token_and_keeps_a_session(guarded: TestClient) -> None:
    csrf = _csrf(guarded)
    bad = guarded.post("/login", data={"password": "guess", "next": "/jobs", "csrf": csrf})
    assert bad.status_code == 401 and "Wrong token" in bad.text
    assert 'aria-label="Desk"' not in bad.text  # no navigation that only leads back here
    assert SESSION_COOKIE not in guarded.cookies
    good = guarded.post(
        "/login",
        data={"password": TOKEN, "next": "/jobs", "csrf": csrf},
        follow_redirects=False,
    )
    assert good.status_code == 303 and good.headers["location"] == "/jobs"
    assert guarded.get("/jobs", follow_redirects=False).status_code == 200


def test_a_session_cookie_of_another_start_is_no_session(
    desk_path: Path, settings_for: Callable[..., WebSettings]
) -> None:
    with TestClient(create_app(settings_for(desk_path, token=TOKEN))) as first:
        csrf = _csrf(first)
        first.post("/login", data={"password": TOKEN, "next": "/", "csrf": csrf})
        session = first.cookies[SESSION_COOKIE]
    with TestClient(create_app(settings_for(desk_path, token=TOKEN))) as second:
        second.cookies.set(SESSION_COOKIE, session)
        assert second.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("/stories/x?y=1", "/stories/x?y=1"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_after_login_only_a_path_of_this_site_is_followed(given: str, kept: str) -> None:
    assert safe_next(given) == kept


def test_a_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/add")
    refused = client.post("/add/urls", data={"urls": "https://example.com/a"})
    assert refused.status_code == 403
    assert "expired" in refused.text
    forged = client.post("/add/urls", data={"urls": "https://example.com/a", "csrf": "forged"})
    assert forged.status_code == 403
    accepted = client.post(
        "/add/urls",
        data={"urls": "https://example.com/a", "csrf": client.cookies[CSRF_COOKIE]},
        follow_redirects=False,
    )
    assert accepted.status_code == 303


def test_a_request_from_another_origin_is_refused_whatever_it_carries(client: TestClient) -> None:
    client.get("/add")
    answer = client.post(
        "/add/urls",
        data={"urls": "https://example.com/a", "csrf": client.cookies[CSRF_COOKIE]},
        headers={"Origin": "https://evil.example"},
    )
    assert answer.status_code == 403
    sandboxed = client.post(
        "/add/urls",
        data={"urls": "https://example.com/a", "csrf": client.cookies[CSRF_COOKIE]},
        headers={"Origin": "null"},
    )
    assert sandboxed.status_code == 403
    # So the desk's own forms must not be sent with `Origin: null`, which browsers do for a
    # page whose policy is no-referrer.
    assert client.get("/add").headers["referrer-policy"] == "same-origin"
    json_call = client.post(
        "/api/ingest",
        json={"urls": ["https://example.com/a"]},
        headers={"Origin": "https://evil.example"},
    )
    assert json_call.status_code == 403


def test_a_browser_upload_to_the_api_needs_the_csrf_token_a_program_does_not(
    client: TestClient,
) -> None:
    files = {"files": ("a.txt", b"Headline\n\nSome text of a page.\n", "text/plain")}
    from_browser = client.post("/api/upload", files=files, headers={"Origin": "http://testserver"})
    assert from_browser.status_code == 403
    from_program = client.post("/api/upload", files=files)
    assert from_program.status_code == 202
    assert len(from_program.json()["jobs"]) == 1


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(
    desk_path: Path, settings_for: Callable[..., WebSettings]
) -> None:
    settings = settings_for(desk_path, max_upload_bytes=1024)
    with TestClient(create_app(settings)) as small:
        small.get("/add")
        files = {"files": ("big.txt", b"x" * 4096, "text/plain")}
        answer = small.post("/add/files", files=files, data={"csrf": small.cookies[CSRF_COOKIE]})
        assert answer.status_code == 413
        assert "over the limit" in answer.text
        assert not (Path(settings.uploads or "") / "big.txt").exists()


def test_only_a_loopback_address_may_be_served_without_a_token() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    check_binding("127.0.0.1", WebSettings())
    with pytest.raises(ConfigError, match="access token"):
        check_binding("0.0.0.0", WebSettings())
    check_binding("0.0.0.0", WebSettings(token=TOKEN))


def test_the_served_worker_gets_the_store_and_the_fetch_policy_of_the_server() -> None:
    command = worker_command(WebSettings(db="/tmp/desk.db", allow_private=True))
    assert command[1:4] == ["-m", "crosswire", "worker"]
    assert command[command.index("--db") + 1] == "/tmp/desk.db"
    assert "--allow-private" in command
    assert "--allow-private" not in worker_command(WebSettings(db="/tmp/desk.db"))


def test_a_bad_parameter_gets_the_error_page_and_the_api_its_json(client: TestClient) -> None:
    page = client.get("/", params={"page": "99999999999999999999"})
    assert page.status_code == 422 and "<h1>Cannot do that</h1>" in page.text
    assert client.get("/jobs", params={"page": "0"}).status_code == 422
    api = client.get("/api/stories", params={"offset": "-1"})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "offset"]


def test_a_refusal_does_not_tell_where_the_store_is(client: TestClient, desk_path: Path) -> None:
    page = client.get("/articles/424242")
    assert page.status_code == 404 and str(desk_path) not in page.text
    assert "no article 424242 in the desk" in page.text
    assert str(desk_path) not in client.get("/api/articles/424242").text
