"""The whole job, and each floor of it, in one call: what the CLI, the web app and batch mode share.

    import crosswire

    dossier = crosswire.make_dossier(["a.html", "b.txt", "https://example.com/story"])
    html = crosswire.render_dossier(dossier, "html")

- `extract(inputs)`: every input read and turned into its clean article, or a failure saying why;
- `annotate(articles)`: who said what, and when, in each article;
- `stories(articles)`: the articles grouped into the stories they report;
- `make_dossier(inputs)`: all of it, for the story the inputs tell.

Each takes `on_progress(step, done, total)`, told as work gets done (`total` is None where it is
not known up front), so that a front end can show a bar or a spinner. Bad arguments raise
`ConfigError`; a bad input never raises: it becomes an `InputFailure` in its place.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeVar, overload

from crosswire.annotate.annotator import annotate_articles
from crosswire.compare.dossier import KEEP_ALL_WITH_STORY, build_dossier, choose_story
from crosswire.compare.embeddings import EmbeddingBackend, backend_named
from crosswire.compare.stories import group_stories
from crosswire.errors import ConfigError
from crosswire.extract.article import extract_pages
from crosswire.model import Article, Dossier, Hints, InputFailure, Story
from crosswire.sources.fetch import Fetcher
from crosswire.sources.inputs import expected_pages, iter_pages
from crosswire.sources.options import SourceOptions

Result = Article | InputFailure
T = TypeVar("T")
Input = str | os.PathLike[str]

# The steps `on_progress` is told of, in the order a dossier takes them.
READING = "reading"
EXTRACTING = "extracting"
PREPARING_MODEL = "preparing the sentence model (first run only, about 10 s)"
GROUPING = "grouping the articles into stories"
ANNOTATING = "annotating"
COMPARING = "lining up the story across outlets"
# ISO 8601 as precise as the user knows: 2025, 2025-11, 2025-11-09, 2025-11-09T15:22[:00][+02:00].
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?")


class Progress(Protocol):
    """Told of the work as it is done: the step, how much of it is done, and of how much."""

    def __call__(self, step: str, done: int, total: int | None, /) -> None: ...


def _quiet(step: str, done: int, total: int | None, /) -> None:
    """The progress of a caller that does not follow it."""


def hints_for(
    *,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    fetched_at: str | None = None,
) -> Hints:
    """What the user knows of the inputs, checked: ConfigError when `published` is no ISO 8601
    date (as precise as known: 2025-11, 2025-11-09, 2025-11-09T15:22+02:00), `fetched_at` no ISO
    8601 day or moment (2025-11-09: fetched that day, time unknown; 2025-11-09T15:22+02:00) or
    `url` no http(s) address."""
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise ConfigError(f"{url!r} is not an http(s) address")
    if published is not None and not PARTIAL_DATE.fullmatch(published):
        _check_iso(published, "date", "2025-11-09 or 2025-11-09T15:22+02:00")
    if fetched_at is not None:
        _check_iso(fetched_at, "day or moment", "2025-11-09 or 2025-11-09T15:22+02:00")
    return Hints(url=url, outlet=outlet, published=published, fetched_at=fetched_at)


def _check_iso(value: str, what: str, examples: str) -> None:
    """ConfigError unless `value` is an ISO 8601 day (2025-11-09) or date-time."""
    parse = date.fromisoformat if len(value) <= len("2025-11-09") else datetime.fromisoformat
    try:
        parse(value)
    except ValueError:
        raise ConfigError(f"{value!r} is not an ISO 8601 {what} (e.g. {examples})") from None


def extract(
    inputs: Sequence[Input] | Input,
    *,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    fetched_at: str | None = None,
    max_bytes: int | None = None,
    fetch: Fetcher | None = None,
    on_progress: Progress = _quiet,
) -> list[Result]:
    """The clean article behind every input, in input order: files (page dumps, HTML, `.gz`),
    folders, JSONL and WARC archives (a result per page), http(s) URLs (fetched with `fetch`, by
    default over the network with timeouts and size limits). An input that cannot be read is an
    `InputFailure` in its place, saying why.

    `url`, `outlet` and `published` are what you know of the page (`url` with one input only);
    `fetched_at` is when the pages were fetched (a day, or a moment), used where a page brings no
    fetch time of its own: "3 hours ago" on a page is counted back from it. `max_bytes` refuses
    larger inputs (default 50 MB).
    """
    hints = hints_for(url=url, outlet=outlet, published=published, fetched_at=fetched_at)
    names = [os.fspath(given) for given in _listed(inputs)]
    if url is not None and len(names) != 1:
        raise ConfigError("url names one page: give one input with it")
    options = SourceOptions() if max_bytes is None else SourceOptions(max_bytes=max_bytes)
    expected = expected_pages(names)
    items = []
    for item in iter_pages(names, options=options, hints=hints, fetch=fetch):
        items.append(item)
        on_progress(READING, len(items), expected)
    done = iter(range(1, len(items) + 1))
    return extract_pages(items, on_item=lambda _: on_progress(EXTRACTING, next(done), len(items)))


@overload
def annotate(
    articles: Sequence[Article], *, processes: int = 1, on_progress: Progress = _quiet
) -> list[Article]: ...
@overload
def annotate(
    articles: Sequence[Result], *, processes: int = 1, on_progress: Progress = _quiet
) -> list[Result]: ...
def annotate(
    articles: Sequence[Result], *, processes: int = 1, on_progress: Progress = _quiet
) -> list[Any]:  # list[Article] for articles, list[Result] for results (the overloads say)
    """Who said what, and when: each article with its sentences, entities, quotes, statements,
    clauses, predicates and time expressions (`Article.annotations`); failures pass through in
    place. English articles are parsed with spaCy's `en_core_web_sm` (loaded once per process;
    `processes` > 1 shares the work out to worker processes); other languages get time
    expressions only, with a problem saying so. Raises ConfigError when the English model is not
    installed.
    """
    if processes < 1:
        raise ConfigError(f"processes must be 1 or more, not {processes}")
    readable = [a for a in articles if isinstance(a, Article)]
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        on_progress(ANNOTATING, done, len(readable))

    annotated = iter(annotate_articles(readable, n_process=processes, on_progress=advance))
    return [next(annotated) if isinstance(a, Article) else a for a in articles]


def stories(
    articles: Sequence[Result],
    *,
    embeddings: str | EmbeddingBackend = "minilm",
    on_progress: Progress = _quiet,
) -> list[Story]:
    """The articles grouped into the stories they report, biggest first: every article in exactly
    one story (an off-topic article is a story of its own). Similarity comes from the packaged
    MiniLM sentence model ("minilm"), from word overlap alone ("words"), or from a backend of your
    own; shared names, quotes, close dates and the years the leads name count too."""
    backend = _backend(embeddings, on_progress)
    readable = [a for a in articles if isinstance(a, Article)]
    on_progress(GROUPING, 0, None)
    return group_stories(readable, backend=backend)


def make_dossier(
    inputs: Sequence[Input | Result] | Input,
    *,
    published: str | None = None,
    fetched_at: str | None = None,
    story: str | None = None,
    keep_all: bool = False,
    embeddings: str | EmbeddingBackend = "minilm",
    processes: int = 1,
    max_bytes: int | None = None,
    fetch: Fetcher | None = None,
    on_progress: Progress = _quiet,
) -> Dossier:
    """The story dossier of the inputs: paths and URLs as `extract` reads them (with `published`,
    `fetched_at`, `max_bytes` and `fetch`), or articles and failures `extract` gave (paths and URLs
    are read first, then the articles follow in their order).

    The inputs are grouped into stories and the dossier covers the biggest (the others are set
    aside and named in its notes), or the story `story` names (an id `stories` gave for the same
    inputs and embeddings), or every article with `keep_all`. Its articles are annotated (as
    `annotate`, with `processes`), then lined up across outlets: derivation, facts, conflicts,
    the quote ledger, the timeline and the actors. Render it with `crosswire.render_dossier`.
    """
    if keep_all and story is not None:
        raise ConfigError(KEEP_ALL_WITH_STORY)
    if processes < 1:
        raise ConfigError(f"processes must be 1 or more, not {processes}")
    backend = _backend(embeddings, on_progress)  # first: a missing model fails before any work
    given = [item for item in _listed(inputs) if isinstance(item, Article | InputFailure)]
    paths = [item for item in _listed(inputs) if not isinstance(item, Article | InputFailure)]
    results = (
        extract(
            paths,
            published=published,
            fetched_at=fetched_at,
            max_bytes=max_bytes,
            fetch=fetch,
            on_progress=on_progress,
        )
        if paths
        else []
    )
    results += given
    articles = [r for r in results if isinstance(r, Article)]
    on_progress(GROUPING, 0, None)
    choice = choose_story(articles, backend=backend, keep_all=keep_all, story_id=story)
    unread = [a for a in choice.articles if a.annotations is None]
    fresh = {a.source: a for a in annotate(unread, processes=processes, on_progress=on_progress)}
    chosen = [fresh.get(a.source, a) for a in choice.articles]
    on_progress(COMPARING, 0, None)
    failures = [r for r in results if isinstance(r, InputFailure)]
    return build_dossier(chosen, backend=backend, failures=failures, choice=choice)


def _listed(inputs: Sequence[T] | Input) -> Sequence[T | Input]:
    """The inputs as a list: one path given alone is a list of one, not a list of characters."""
    return [inputs] if isinstance(inputs, str | os.PathLike) else inputs


def _backend(choice: str | EmbeddingBackend, on_progress: Progress) -> EmbeddingBackend:
    if not isinstance(choice, str):
        return choice
    return backend_named(choice, on_first_use=lambda: on_progress(PREPARING_MODEL, 0, None))
