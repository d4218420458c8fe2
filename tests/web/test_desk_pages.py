"""The Add and Jobs pages: what a user gives becomes jobs the worker runs, with their progress
and, on failure, the reason and a retry."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from crosswire.store.desk import Desk
from crosswire.store.worker import Worker
from crosswire.web.intake import clean_name
from crosswire.web.security import CSRF_COOKIE

PAGE = (
    "Ferry strike ends at Kelmere after night talks\n\n"
    "Crews of the Kelmere ferry returned to work on Friday after talks that ran through the "
    "night, the harbour office said.\n\n"
    '"We have a deal that keeps every crossing staffed," said union steward Liv Harrow.\n'
)


def _desk(client: TestClient) -> Desk:
    return client.app.state.desk  # type: ignore[attr-defined, no-any-return]


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    client.get("/add")
    return {"csrf": client.cookies[CSRF_COOKIE], **fields}


def test_a_pasted_page_is_queued_with_what_the_user_knows_of_it_then_stored(
    client: TestClient,
) -> None:
    answer = client.post(
        "/add/paste",
        data=_form(
            client,
            text=PAGE,
            url="https://kelmere-tides.example/ferry",
            outlet="Kelmere Tides",
            published="2031-05-02",
        ),
        follow_redirects=False,
    )
    assert answer.status_code == 303
    job_id = int(answer.headers["location"].rpartition("=")[2])
    shown = client.get(answer.headers["location"])
    assert f'id="job-{job_id}"' in shown.text and "queued" in shown.text
    desk = _desk(client)
    job = desk.jobs_page(ids=[job_id])[0][0]
    assert job.payload["outlet"] == "Kelmere Tides"
    assert job.payload["url"] == "https://kelmere-tides.example/ferry"
    Worker(desk, annotate=False).run_once()
    stored = [a for a in desk.articles() if a.url == "https://kelmere-tides.example/ferry"]
    assert [a.outlet for a in stored] == ["Kelmere Tides"]
    assert stored[0].published is not None and stored[0].published.startswith("2031-05-02")
    done = client.get(answer.headers["location"]).text
    assert f'<a href="/articles/{stored[0].id}">article {stored[0].id}</a>' in done
    listed = client.get("/api/jobs", params={"ids": str(job_id)}).json()["items"]
    assert listed[0]["state"] == "done" and listed[0]["article_id"] == stored[0].id


def test_a_paste_with_a_bad_date_or_no_text_says_why_and_queues_nothing(
    client: TestClient,
) -> None:
    before = _desk(client).jobs_page()[1]
    bad_date = client.post("/add/paste", data=_form(client, text=PAGE, published="last week"))
    assert bad_date.status_code == 400 and "ISO 8601" in bad_date.text
    empty = client.post("/add/paste", data=_form(client, text="   "))
    assert empty.status_code == 400 and "empty" in empty.text
    bad_url = client.post("/add/paste", data=_form(client, text=PAGE, url="javascript:alert(1)"))
    assert bad_url.status_code == 400
    assert _desk(client).jobs_page()[1] == before


def test_several_files_are_uploaded_at_once_each_a_job_under_a_clean_name(
    client: TestClient, tmp_path: Path
) -> None:
    files = [
        ("files", ("../../etc/ferry one.txt", PAGE.encode(), "text/plain")),
        ("files", ("second.html", b"<html><body><h1>Tram</h1><p>Text.</p></body></html>", "")),
    ]
    answer = client.post("/add/files", data=_form(client), files=files, follow_redirects=False)
    assert answer.status_code == 303
    ids = [int(i) for i in answer.headers["location"].rpartition("=")[2].split(",")]
    jobs = _desk(client).jobs_page(ids=ids)[0]
    inputs = sorted((Path(job.payload["input"]) for job in jobs), key=lambda p: p.name)
    assert [p.name for p in inputs] == ["ferry-one.txt", "second.html"]
    assert all(p.is_relative_to(tmp_path / "uploads") for p in inputs)
    assert inputs[0].read_text(encoding="utf-8") == PAGE
    jobs_page = client.get("/jobs").text
    assert "ferry-one.txt" in jobs_page and str(tmp_path / "uploads") not in jobs_page


def test_a_file_name_is_cleaned_of_folders_and_odd_characters() -> None:
    assert clean_name("..\\..\\windows\\evil.html") == "evil.html"
    assert clean_name("/etc/passwd") == "passwd"
    assert clean_name("...") == "page.txt"
    assert clean_name("crawl 2031-05.warc.gz") == "crawl-2031-05.warc.gz"
    assert clean_name(None) == "page.txt"


def test_addresses_are_queued_one_per_line_and_other_schemes_refused(client: TestClient) -> None:
    answer = client.post(
        "/add/urls",
        data=_form(client, urls="https://a.example/1\n\nhttps://b.example/2\n"),
        follow_redirects=False,
    )
    ids = answer.headers["location"].rpartition("=")[2].split(",")
    assert len(ids) == 2
    refused = client.post("/add/urls", data=_form(client, urls="file:///etc/passwd"))
    assert refused.status_code == 400 and "not a web address" in refused.text


def test_a_feed_is_added_and_listed(client: TestClient) -> None:
    answer = client.post(
        "/add/feed",
        data=_form(client, url="https://kelmere-tides.example/rss.xml", every="15m"),
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert [f.url for f in _desk(client).feeds()] == ["https://kelmere-tides.example/rss.xml"]
    assert "kelmere-tides.example/rss.xml" in client.get("/add").text
    too_often = client.post("/add/feed", data=_form(client, url="https://x.example/f", every="5s"))
    assert too_often.status_code == 400


def test_a_failed_job_shows_its_reason_and_is_retried_from_the_jobs_page(
    client: TestClient, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    desk = _desk(client)
    job_id = desk.enqueue("ingest", {"input": str(empty)})
    Worker(desk, annotate=False).run_once()
    failed = client.get("/jobs?state=failed")
    assert f'id="job-{job_id}"' in failed.text
    reason = desk.jobs_page(ids=[job_id])[0][0].last_error
    assert reason and reason in failed.text
    retried = client.post(f"/jobs/{job_id}/retry", data=_form(client), follow_redirects=False)
    assert retried.status_code == 303
    assert desk.jobs_page(ids=[job_id])[0][0].state == "queued"


def test_the_jobs_page_is_paginated_newest_first(client: TestClient) -> None:
    desk = _desk(client)
    for n in range(60):
        desk.enqueue("ingest", {"input": f"https://many.example/{n}"})
    first = client.get("/jobs")
    assert "https://many.example/59" in first.text and "Page 1 of 2" in first.text
    second = client.get("/jobs?page=2")
    assert "https://many.example/59" not in second.text
