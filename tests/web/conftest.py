"""What the web desk's tests share: a store of the bundled example (four invented outlets' pages
of one invented story), built once per test process with the real pipeline (ingested, annotated,
grouped, its dossier built by the real worker), and a fresh copy of it for each test.

Fixtures:
  example_store   the built store's file (do not write to it: copy it, or use `desk_path`)
  desk_path       a copy of it for one test
  client          a TestClient of the web desk over `desk_path` (no token)
  settings_for    WebSettings over a path, uploads in the test's folder
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crosswire.store.desk import Desk
from crosswire.store.worker import Worker
from crosswire.web import WebSettings, create_app
from tests.paths import ROOT

EXAMPLES = ROOT / "examples"


def example_pages() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("example-store") / "desk.db"
    with Desk(path) as desk:
        desk.ingest([str(p) for p in example_pages()])
        Worker(desk).run_once()  # the story's dossier, as a served desk's worker builds it
    return path


@pytest.fixture
def desk_path(example_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "desk.db"
    shutil.copyfile(example_store, copy)
    return copy


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., WebSettings]:
    def make(path: Path, **changes: Any) -> WebSettings:
        return WebSettings(db=str(path), uploads=tmp_path / "uploads", **changes)

    return make


@pytest.fixture
def client(desk_path: Path, settings_for: Callable[..., WebSettings]) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(desk_path))) as test_client:
        yield test_client


def story_key(client: TestClient) -> str:
    """The key of the example's story (the biggest of the desk)."""
    desk: Desk = client.app.state.desk  # type: ignore[attr-defined]
    return desk.stories()[0].key
