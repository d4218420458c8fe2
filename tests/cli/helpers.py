"""What the CLI's tests share: a fake of the library's extraction and the names of its inputs."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from crosswire.model import Article, InputFailure
from tests.conftest import article
from tests.paths import ROOT

runner = CliRunner()


WORDS = ["--embeddings", "words"]  # no sentence model needed for the CLI's own behaviour


EXAMPLES = ROOT / "examples"


@dataclass
class FakePipeline:
    """Stands in for crosswire.pipeline.extract: 'broken' inputs fail, the others succeed."""

    calls: list[dict[str, Any]]
    raises: Exception | None = None
    results: list[Article | InputFailure] | None = None  # what to give instead of fake results

    def __call__(
        self,
        inputs: Sequence[str],
        *,
        on_progress: Callable[[str, int, int | None], None] = lambda *_: None,
        **options: Any,
    ) -> list[Article | InputFailure]:
        self.calls.append({"inputs": list(inputs), **options})
        if self.raises is not None:
            raise self.raises
        if self.results is not None:
            return self.results
        results: list[Article | InputFailure] = []
        for item in inputs:
            results.append(fake_result(item))
            on_progress("extracting", len(results), len(inputs))
        return results


def fake_result(source: str) -> Article | InputFailure:
    if "broken" in source:
        return InputFailure(source, "cannot read it")
    body = f"Floodwater reached the square ({Path(source).name})."
    title = f"Title of {Path(source).stem}"
    return article(source, body, title=title, paragraphed=True, language="en")


INPUT_NAMES = ("a.txt", "b.txt", "b.html", "c.txt", "broken.txt", "broken[bold].txt", "menu.txt")


def shown(stderr: str) -> str:
    """A usage error's message without the box typer draws around it."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", stderr).split())


FERRY_TELLINGS = [
    (
        "Tavel Times",
        "Night ferry runs aground near Tavel",
        "The night ferry from Orsk Harbour ran "
        "aground near Tavel on Friday, Captain Ilse Brandvik said. All 212 passengers are safe.",
    ),
    (
        "Orsk Post",
        "Ferry passengers rescued near Tavel",
        "All 212 passengers of the Orsk Harbour "
        "ferry were rescued near Tavel on Friday after it ran aground, Captain Ilse Brandvik said.",
    ),
    (
        "Coast Radio",
        "Orsk Harbour ferry aground off Tavel",
        "The Orsk Harbour ferry ran aground "
        "off Tavel on Friday; Captain Ilse Brandvik said all 212 passengers were taken ashore.",
    ),
]
