"""What the desk hands back: stored articles, what an ingest did, search hits.

Frozen dataclasses, as the rest of the model; the article itself is the library's `Article`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from crosswire.model import Article, InputFailure


class Outcome(StrEnum):
    """What became of one page an ingest read."""

    NEW = "new"  # an article the store did not have
    NEW_VERSION = "new version"  # a changed text at an address the store had: the old superseded
    ALREADY_THERE = "already there"  # the same address and text, or the same text, was stored


@dataclass(frozen=True, slots=True)
class Ingested:
    """One page stored (or found stored): its source as given, and its article's id."""

    source: str
    outcome: Outcome
    article_id: int


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did: every input ends as an article here or as a failure (each failure
    is also kept in the store as a failed job, with its reason)."""

    ingested: tuple[Ingested, ...]
    failures: tuple[InputFailure, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.ingested if item.outcome is outcome)

    @property
    def new(self) -> int:
        return self.count(Outcome.NEW)

    @property
    def new_versions(self) -> int:
        return self.count(Outcome.NEW_VERSION)

    @property
    def already_there(self) -> int:
        return self.count(Outcome.ALREADY_THERE)

    def summary(self) -> str:
        """ "N articles stored (M new, K new versions, J already there), F failed"."""
        stored = len(self.ingested)
        return (
            f"{stored} {'article' if stored == 1 else 'articles'} stored ({self.new} new, "
            f"{self.new_versions} new {'version' if self.new_versions == 1 else 'versions'}, "
            f"{self.already_there} already there), {len(self.failures)} failed"
        )


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """A stored article's row, without its JSON: what a list of articles shows."""

    id: int
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    version: int  # 1, 2, ... at its address
    is_current: bool  # False once a newer version at its address superseded it
    superseded_by: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """A stored article whole: its row, and the article read back from its JSON."""

    record: ArticleRecord
    article: Article


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article a search found, with the words around the match."""

    article_id: int
    title: str | None
    url: str | None
    outlet: str | None
    snippet: str  # the matched words between the marks given to the search
