"""What the benchmarks share: where their data is, one way to skip without it, and the seed pages.

    from shared import SEEDS, absent, load_gold, page_key, page_line, seed_articles

- ../shared, beside the repository (the data sets are large and not ours to ship): SHARED, its
  DATA and SEEDS, the seeds' hand annotation GOLD, and the folder of each data set;
- `absent(what, *paths)`: says "skipped: ... (../shared is absent)" when data is missing, so that
  the benchmark (or the part of it that needs the data) is skipped and exits 0;
- the seed pages: `load_gold()`, `seed_files()`, `gold_interval(when)` (the days of a gold
  timeline event), and the pages read and annotated through the public API as a user would
  (`seed_results()`, `seed_articles()`);
- `page_key(source)` (the "000" gold.json names a seed page by) and `page_line(article, start)`,
  the line of the page an offset of an article came from, which is how gold.json points;
- `TimedBackend`, an embedding backend that keeps the seconds spent encoding.

A benchmark runs as a script (`python benchmarks/bench_x.py`), so this folder is first on sys.path
and `import shared` finds this module. Its name must not start with `bench_`: `make bench` runs
every benchmarks/bench_*.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import crosswire
from crosswire.annotate.timex_values import value_interval
from crosswire.model import Article, InputFailure

if TYPE_CHECKING:
    import numpy as np

    from crosswire.compare.embeddings import EmbeddingBackend

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"
GOLD = SEEDS / "gold.json"
# The data sets under DATA (../shared/data/README.md says where each comes from).
SCRAPINGHUB = DATA / "scrapinghub"  # the extraction benchmark: HTML, text renders, gold bodies
POLNEAR = DATA / "polnear" / "data"  # quote attribution, a folder per split
ECB_PLUS = DATA / "ecbplus" / "ECB+"  # event coreference, a folder per topic
TEMPEVAL = DATA / "tempeval3" / "TBAQ-cleaned"  # TempEval-3 training data (TimeML)


def absent(what: str, *paths: Path) -> bool:
    """Whether one of `paths` is missing, having said so: "skipped: <what> not found at <path>
    (../shared is absent)". The caller then skips what needs the data, and a benchmark skipped
    as a whole exits 0: a checkout without ../shared is no failure of `make bench`."""
    for path in paths:
        if not path.exists():
            print(f"skipped: {what} not found at {path} (../shared is absent)")
            return True
    return False


def load_gold() -> dict[str, Any]:
    """The seed pages' hand annotation (gold.json): what a careful reader finds in them."""
    gold: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return gold


def gold_interval(when: Any) -> tuple[date, date]:
    """The days of a gold "when": [first day, last day], or a value as crosswire writes time
    values (a day "2025-11-08", a month "2025-10", a week "2025-W44")."""
    if isinstance(when, list):
        return date.fromisoformat(when[0]), date.fromisoformat(when[1])
    span = value_interval(when)
    assert span is not None, when
    return span


def seed_files() -> list[Path]:
    """The seed pages, in the order of gold.json's documents."""
    return [SEEDS / doc["file"] for doc in load_gold()["documents"]]


def seed_results() -> list[Article | InputFailure]:
    """The seed pages read together, as a user gives them (`crosswire.extract`): each page's
    article, or the failure saying why it could not be read, in the order of seed_files()."""
    results: list[Article | InputFailure] = crosswire.extract([str(f) for f in seed_files()])
    return results


def seed_articles(*, annotated: bool = True) -> list[Article]:
    """The seed pages' articles (those read), annotated as `crosswire annotate` does
    (`crosswire.annotate`: who said what, and when), or as extracted with `annotated=False`."""
    articles = [r for r in seed_results() if isinstance(r, Article)]
    if not annotated:
        return articles
    annotated_articles: list[Article] = crosswire.annotate(articles)
    return annotated_articles


def page_key(source: str) -> str:
    """What gold.json calls a seed page ("000"): the start of the file name of the article's
    source."""
    return Path(source).name[:3]


def page_line(article: Article, start: int) -> int | None:
    """The 1-based line of the page (the file the article was read from) holding offset `start`
    of the article's text, found through the provenance of the paragraph holding it (for a text
    page: where the paragraph stands in the file); None when no paragraph holds the offset."""
    for paragraph in article.paragraphs:
        if paragraph.span.start <= start < paragraph.span.end:
            offset = paragraph.provenance.start + (start - paragraph.span.start)
            return _page_text(article.source).count("\n", 0, offset) + 1
    return None


@cache
def _page_text(source: str) -> str:
    """The page as read from its file: offsets into it are the provenance of paragraphs."""
    return Path(source).read_text(encoding="utf-8")


class TimedBackend:
    """An embedding backend that keeps the seconds spent encoding, so that the time of a stage is
    told apart from the time of the model it asks for vectors."""

    def __init__(self, backend: EmbeddingBackend) -> None:
        self.backend = backend
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        began = time.perf_counter()
        try:
            return self.backend.encode(texts)
        finally:
            self.seconds += time.perf_counter() - began
