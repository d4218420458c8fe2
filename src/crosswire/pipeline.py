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
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol, TypeVar, overload

from crosswire.annotate.annotator import annotate_articles
from crosswire.budget import PAGE_TIMEOUT
from crosswire.compare.dossier import KEEP_ALL_WITH_STORY, build_dossier, choose_story
from crosswire.compare.embeddings import EmbeddingBackend, backend_named
from crosswire.compare.stories import group_stories
from crosswire.errors import ConfigError
from crosswire.extract.article import extract_pages
from crosswire.model import Article, Dossier, Hints, InputFailure, Page, Story
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
# ISO 8601 (extended format) as precise as the user knows: a year, a month, a day, or a moment: a
# day and a time to the minute, second or fraction, with or without an offset (Z, +02:00, +0200,
# +02); a space may stand for the T. Nothing looser (2025-1-5, 20251109, week dates): a hint is
# kept as given when no later stage reads it, so only what reads back unambiguously is taken.
ISO_PARTIAL_DATE = re.compile(r"\d{4}(?:-(?P<month>\d{2}))?", re.ASCII)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)
PUBLISHED_FORMS = "2025, 2025-11, 2025-11-09, 2025-11-09T15:22 or 2025-11-09T15:22+02:00"
FETCHED_FORMS = "2025-11-09 (the day) or 2025-11-09T15:22, 2025-11-09T15:22+02:00 (a moment)"


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
    if published is not None and not _is_iso(published, partial=True):
        raise ConfigError(f"{published!r} is not an ISO 8601 date: give {PUBLISHED_FORMS}")
    if fetched_at is not None and not _is_iso(fetched_at, partial=False):
        raise ConfigError(f"{fetched_at!r} is not an ISO 8601 day or moment: give {FETCHED_FORMS}")
    return Hints(url=url, outlet=outlet, published=published, fetched_at=fetched_at)


def _is_iso(value: str, *, partial: bool) -> bool:
    """Whether `value` is a real ISO 8601 day or moment (no 2025-02-30, no 25:00), or with
    `partial` also a year or a month (no 2025-13)."""
    if partial and (found := ISO_PARTIAL_DATE.fullmatch(value)):
        return found["month"] is None or 1 <= int(found["month"]) <= 12
    if not (ISO_DAY.fullmatch(value) or ISO_MOMENT.fullmatch(value)):
        return False
    try:  # the shape is right; the calendar and the clock say whether it exists
        (date.fromisoformat if len(value) == len("2025-11-09") else datetime.fromisoformat)(value)
    except ValueError:
        return False
    return True


def extract(
    inputs: Sequence[Input] | Input,
    *,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    fetched_at: str | None = None,
    max_bytes: int | None = None,
    allow_private: bool = False,
    timeout: float | None = None,
    max_archive_bytes: int | None = None,
    follow_links: bool = False,
    page_timeout: float | None = PAGE_TIMEOUT,
    fetch: Fetcher | None = None,
    on_progress: Progress = _quiet,
    on_read: Callable[[Page | InputFailure], None] | None = None,
) -> list[Result]:
    """The clean article behind every input, in input order: files (page dumps, HTML, `.gz`),
    folders, JSONL and WARC archives (a result per page), http(s) URLs (fetched with `fetch`, by
    default over the network with timeouts and size limits). An input that cannot be read is an
    `InputFailure` in its place, saying why.

    `url`, `outlet` and `published` are what you know of the page (`url` with one input only);
    `fetched_at` is when the pages were fetched (a day, or a moment), used where a page brings no
    fetch time of its own: "3 hours ago" on a page is counted back from it. `max_bytes` refuses
    larger inputs (default 50 MB). URLs on this machine or a private network are refused unless
    `allow_private`; `timeout` is the most seconds one URL may take, from DNS to its last byte
    (default 120). `max_archive_bytes` is all a compressed input may decompress to (default 4 GB);
    a folder's symlinks to outside it are read only with `follow_links`. A page whose extraction
    takes longer than `page_timeout` seconds (default 60; None: no limit) is an InputFailure
    saying so. `on_read` is told each page (or failure) as it is read, before extraction, in the
    order of the results: a caller that keeps pages as read (the desk's store) takes them there.
    """
    hints = hints_for(url=url, outlet=outlet, published=published, fetched_at=fetched_at)
    names = [os.fspath(given) for given in _listed(inputs)]
    if url is not None and len(names) != 1:
        raise ConfigError("url names one page: give one input with it")
    _check_timeout(page_timeout)
    options = SourceOptions(allow_private=allow_private, follow_links=follow_links)
    if max_archive_bytes is not None:
        options = replace(options, max_archive_bytes=max_archive_bytes)
    if max_bytes is not None:
        options = replace(options, max_bytes=max_bytes)
    if timeout is not None:
        options = replace(options, total_timeout=timeout)
    expected = expected_pages(names)
    items = []
    for item in iter_pages(names, options=options, hints=hints, fetch=fetch):
        items.append(item)
        if on_read is not None:
            on_read(item)
        on_progress(READING, len(items), expected)
    done = iter(range(1, len(items) + 1))
    return extract_pages(
        items,
        on_item=lambda _: on_progress(EXTRACTING, next(done), len(items)),
        page_timeout=page_timeout,
    )


def _check_timeout(seconds: float | None) -> None:
    if seconds is not None and not seconds > 0:  # NaN too
        raise ConfigError(f"page_timeout must be a positive number of seconds, not {seconds}")


@overload
def annotate(
    articles: Sequence[Article],
    *,
    processes: int = 1,
    page_timeout: float | None = PAGE_TIMEOUT,
    on_progress: Progress = _quiet,
) -> list[Article]: ...
@overload
def annotate(
    articles: Sequence[Result],
    *,
    processes: int = 1,
    page_timeout: float | None = PAGE_TIMEOUT,
    on_progress: Progress = _quiet,
) -> list[Result]: ...
def annotate(
    articles: Sequence[Result],
    *,
    processes: int = 1,
    page_timeout: float | None = PAGE_TIMEOUT,
    on_progress: Progress = _quiet,
) -> list[Any]:  # list[Article] for articles, list[Result] for results (the overloads say)
    """Who said what, and when: each article with its sentences, entities, quotes, statements,
    clauses, predicates and time expressions (`Article.annotations`); failures pass through in
    place. English articles are parsed with spaCy's `en_core_web_sm` (loaded once per process;
    `processes` > 1 shares the work out to worker processes); other languages get time
    expressions only, with a problem saying so. An article whose parse, or then its annotation,
    takes longer than `page_timeout` seconds (default 60; None: no limit) keeps its time
    expressions only, with a problem saying so. Raises ConfigError when the English model is not
    installed.
    """
    if processes < 1:
        raise ConfigError(f"processes must be 1 or more, not {processes}")
    _check_timeout(page_timeout)
    readable = [a for a in articles if isinstance(a, Article)]
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        on_progress(ANNOTATING, done, len(readable))

    annotated = iter(
        annotate_articles(
            readable, n_process=processes, on_progress=advance, article_timeout=page_timeout
        )
    )
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
    allow_private: bool = False,
    timeout: float | None = None,
    max_archive_bytes: int | None = None,
    follow_links: bool = False,
    page_timeout: float | None = PAGE_TIMEOUT,
    fetch: Fetcher | None = None,
    on_progress: Progress = _quiet,
) -> Dossier:
    """The story dossier of the inputs: paths and URLs as `extract` reads them (with `published`,
    `fetched_at`, `max_bytes`, `allow_private`, `timeout`, `max_archive_bytes`, `follow_links`,
    `page_timeout` and `fetch`), or articles and failures `extract` gave (paths and URLs are read
    first, then the articles follow in their order).

    The inputs are grouped into stories and the dossier covers the biggest (the others are set
    aside and named in its notes), or the story `story` names (an id `stories` gave for the same
    inputs and embeddings), or every article with `keep_all`. Its articles are annotated (as
    `annotate`, with `processes` and `page_timeout`), then lined up across outlets: derivation,
    facts, conflicts, the quote ledger, the timeline and the actors. Render it with
    `crosswire.render_dossier`.
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
            allow_private=allow_private,
            timeout=timeout,
            max_archive_bytes=max_archive_bytes,
            follow_links=follow_links,
            page_timeout=page_timeout,
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
    annotated = annotate(
        unread, processes=processes, page_timeout=page_timeout, on_progress=on_progress
    )
    fresh = {a.source: a for a in annotated}
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
