"""The JSON API: the pages' data for programs, paginated, with stable ids, described at /docs."""

from __future__ import annotations

import json

import jsonschema
from fastapi.testclient import TestClient

from crosswire.store.desk import Desk
from crosswire.store.worker import Worker
from tests.paths import ROOT

SCHEMA = json.loads((ROOT / "docs" / "dossier.schema.json").read_text(encoding="utf-8"))


def _desk(client: TestClient) -> Desk:
    return client.app.state.desk  # type: ignore[attr-defined, no-any-return]


def test_the_story_list_is_paginated_and_names_each_story_by_its_key(client: TestClient) -> None:
    listed = client.get("/api/stories", params={"limit": 1}).json()
    assert listed["total"] == len(_desk(client).stories()) >= 1
    assert listed["offset"] == 0 and listed["limit"] == 1 and len(listed["items"]) == 1
    story = listed["items"][0]
    assert story["key"] == _desk(client).stories()[0].key
    assert story["articles"] == 4 and story["outlets"] == 4
    assert client.get("/api/stories", params={"offset": 5}).json()["items"] == []
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422
    assert client.get("/api/stories", params={"limit": 10_000}).status_code == 422


def test_a_story_and_its_dossier_in_the_schema_form(client: TestClient) -> None:
    key = _desk(client).stories()[0].key
    story = client.get(f"/api/stories/{key}").json()
    assert story["key"] == key and len(story["articles"]) == 4
    assert story["dossier_version"] == 1 and story["dossier_stale"] is False
    answer = client.get(f"/api/stories/{key}/dossier")
    assert answer.headers["x-dossier-version"] == "1"
    jsonschema.validate(answer.json(), SCHEMA)
    assert client.get(f"/api/stories/{key}/dossier", params={"version": 9}).status_code == 404
    missing = client.get("/api/stories/story-000000000000")
    assert missing.status_code == 404 and "no story" in missing.json()["detail"]


def test_what_changed_between_two_dossier_versions(client: TestClient) -> None:
    desk = _desk(client)
    key = desk.stories()[0].key
    desk.rebuild_dossier(key)
    changes = client.get(f"/api/stories/{key}/changes", params={"since": 1}).json()
    assert changes["since"] == 1 and changes["new_facts"] == []
    assert changes["lines"] == ["Nothing new."]


def test_an_article_whole(client: TestClient) -> None:
    article_id = _desk(client).stories()[0].articles[0]
    answer = client.get(f"/api/articles/{article_id}").json()
    assert answer["record"]["id"] == article_id
    assert answer["article"]["body"]
    assert client.get("/api/articles/999999").status_code == 404


def test_pages_are_ingested_through_the_api_and_their_jobs_followed(client: TestClient) -> None:
    text = (
        "Tram depot reopens in Durrow\n\n"
        "The tram depot of Durrow reopened on Monday after two years of repairs to its roof, "
        "the town's transport office said in a statement.\n\n"
        "Councillor Ida Lunde said the first trams would leave the depot at dawn on Tuesday, "
        "and that the old timetable would hold until the summer.\n"
    )
    queued = client.post(
        "/api/ingest",
        json={"text": text, "url": "https://durrow-post.example/tram", "outlet": "Durrow Post"},
    )
    assert queued.status_code == 202
    [job_id] = queued.json()["jobs"]
    listed = client.get("/api/jobs", params={"ids": str(job_id)}).json()
    assert [job["state"] for job in listed["items"]] == ["queued"]
    Worker(_desk(client), annotate=False).run_once()
    done = client.get("/api/jobs", params={"ids": str(job_id)}).json()["items"][0]
    assert done["state"] == "done" and done["payload"]["outlet"] == "Durrow Post"
    assert client.post("/api/ingest", json={}).status_code == 400
    assert client.post("/api/ingest", json={"urls": ["ftp://x.example/a"]}).status_code == 400


def test_feeds_are_added_listed_and_removed(client: TestClient) -> None:
    made = client.post("/api/feeds", json={"url": "https://durrow-post.example/rss", "every": "1h"})
    assert made.status_code == 201
    feed_id = made.json()["id"]
    listed = client.get("/api/feeds").json()
    assert [f["every_seconds"] for f in listed["items"]] == [3600]
    assert client.delete(f"/api/feeds/{feed_id}").status_code == 200
    assert client.get("/api/feeds").json()["total"] == 0


def test_a_failed_job_is_retried(client: TestClient) -> None:
    desk = _desk(client)
    job_id = desk.enqueue("ingest", {"input": "/no/such/page.txt"})
    Worker(desk, annotate=False).run_once()
    failed = client.get("/api/jobs", params={"state": "failed"}).json()["items"]
    assert [job["id"] for job in failed] == [job_id] and failed[0]["last_error"]
    assert client.post(f"/api/jobs/{job_id}/retry").json()["state"] == "queued"
    assert client.get("/api/jobs", params={"state": "nonsense"}).status_code == 404


def test_the_openapi_description_lists_the_api_and_the_docs_page_serves_it_locally(
    client: TestClient,
) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/stories/{key}/dossier",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/ingest",
        "/api/feeds",
        "/api/jobs",
    ):
        assert path in spec["paths"], path
    assert not any(path.startswith(("/stories", "/add")) for path in spec["paths"])
    docs = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
