"""The CLI's fixtures: the library's extraction faked in a folder of stand-in inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

import crosswire.pipeline
from tests.cli.helpers import INPUT_NAMES, FakePipeline


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakePipeline:
    """The library's extraction faked, in a folder where the inputs the tests name exist."""
    monkeypatch.chdir(tmp_path)
    for name in INPUT_NAMES:
        (tmp_path / name).write_text("stand-in page", encoding="utf-8")
    pipeline = FakePipeline(calls=[])
    monkeypatch.setattr(crosswire.pipeline, "extract", pipeline)
    return pipeline
