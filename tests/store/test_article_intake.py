"""Articles made elsewhere (a batch run's) stored in the desk as an ingest stores them: once, new
versions, stories regrouped; streamed a batch at a time. A real SQLite file, invented pages
extracted by the real pipeline (word embeddings: fast)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crosswire import pipeline
from crosswire.extract.article import NO_TEXT
from crosswire.model import Annotations, Article, QuoteKind
from crosswire.store import article_intake
from crosswire.store.article_intake import STORING, page_of
from crosswire.store.desk import Desk
from crosswire.store.records import Outcome
from tests.conftest import entity_at, quote_at
from tests.store.conftest import PEOPLE, Ticking, story_text, story_url, write_jsonl
from tests.store.test_story_rows import burst


def extracted(folder: Path, pages: Sequence[tuple[str | None, str]]) -> list[Article]:
    """The articles of (url, text) pages, as `crosswire.pipeline.extract` makes them."""
    folder.mkdir(parents=True, exist_ok=True)
    results = pipeline.extract([write_jsonl(folder / "pages.jsonl", pages)])
    assert all(isinstance(r, Article) for r in results), results
    return [r for r in results if isinstance(r, Article)]


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with Desk(tmp_path / "desk.db", clock=Ticking(), embeddings="words") as opened:
        yield opened


def test_each_article_is_stored_once_and_again_is_already_there(desk: Desk, tmp_path: Path) -> None:
    articles = extracted(tmp_path, [(story_url(n), story_text(n)) for n in range(3)])

    first = desk.ingest_articles(iter(articles))
    again = desk.ingest_articles(iter(articles[1:]))

    assert [i.outcome for i in first.ingested] == [Outcome.NEW] * 3
    assert [i.source for i in first.ingested] == [a.source for a in articles]
    assert [(i.outcome, i.article_id) for i in again.ingested] == [
        (Outcome.ALREADY_THERE, i.article_id) for i in first.ingested[1:]
    ]
    assert [r.url for r in desk.articles()] == [story_url(n) for n in range(3)]
    assert again.summary() == "2 articles stored (0 new, 0 new versions, 2 already there), 0 failed"


def test_a_changed_text_at_a_known_address_is_a_new_version(desk: Desk, tmp_path: Path) -> None:
    (old,) = extracted(tmp_path / "old", [(story_url(7), story_text(7))])
    (new,) = extracted(tmp_path / "new", [(story_url(7), story_text(7, edition=1))])

    first = desk.ingest_articles([old])
    later = desk.ingest_articles([new])

    assert later.ingested[0].outcome is Outcome.NEW_VERSION
    (current,) = desk.articles()
    assert current.id == later.ingested[0].article_id and current.version == 2
    assert [v.id for v in desk.article_versions(current.id)] == [
        first.ingested[0].article_id,
        current.id,
    ]
    assert "Correction 1 to report 7" in desk.article(current.id).article.text


def test_copies_within_one_batch_are_placed_as_they_come(desk: Desk, tmp_path: Path) -> None:
    (article,) = extracted(tmp_path, [(None, story_text(3))])

    report = desk.ingest_articles([article, replace(article, source="elsewhere.txt")])

    assert [i.outcome for i in report.ingested] == [Outcome.NEW, Outcome.ALREADY_THERE]
    assert len(desk.articles()) == 1


def test_an_article_is_stored_as_an_ingest_of_its_page_stores_it(tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "pages.jsonl", [(story_url(n), story_text(n)) for n in (1, 2)])
    with Desk(tmp_path / "ingested.db", embeddings="words") as by_ingest:
        ingested = by_ingest.ingest([jsonl], annotate=False)
        from_ingest = [by_ingest.article(i.article_id) for i in ingested.ingested]
    with Desk(tmp_path / "intake.db", embeddings="words") as by_intake:
        articles = [r for r in pipeline.extract([jsonl]) if isinstance(r, Article)]
        taken = by_intake.ingest_articles(articles)
        from_intake = [by_intake.article(i.article_id) for i in taken.ingested]
        again = by_intake.ingest([jsonl], annotate=False)

    assert [s.article for s in from_intake] == [s.article for s in from_ingest]
    assert [s.record.url for s in from_intake] == [s.record.url for s in from_ingest]
    assert [i.source for i in taken.ingested] == [i.source for i in ingested.ingested]
    assert [i.outcome for i in again.ingested] == [Outcome.ALREADY_THERE] * 2


def annotated(article: Article) -> Article:
    """The article with annotations made by hand: who is named in it, and what they said."""
    text = article.text
    person = next(p for p in PEOPLE if p in text)
    said = "the work on the"
    annotations = Annotations(
        entities=(entity_at(text, "e1", person, "person"),),
        quotes=(quote_at(text, said, person, QuoteKind.INDIRECT, verb="tell"),),
    )
    return replace(article, annotations=annotations)


def test_annotations_are_kept_and_an_unannotated_article_stays_so(
    desk: Desk, tmp_path: Path
) -> None:
    plain, other = extracted(tmp_path, [(story_url(n), story_text(n)) for n in (1, 2)])
    marked = annotated(other)

    report = desk.ingest_articles([plain, marked])

    stored = [desk.article(i.article_id).article for i in report.ingested]
    assert stored[0].annotations is None
    assert stored[1].annotations == marked.annotations


def test_the_stories_are_regrouped_once_at_the_end(desk: Desk, tmp_path: Path) -> None:
    articles = extracted(tmp_path, burst(3))
    steps: list[str] = []

    report = desk.ingest_articles(articles, on_progress=lambda step, *_: steps.append(step))

    (story,) = desk.stories()
    assert set(story.articles) == {i.article_id for i in report.ingested}
    assert steps[-1] == pipeline.GROUPING and steps.count(pipeline.GROUPING) == 1


def test_the_articles_stream_a_batch_at_a_time(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_intake, "INTAKE_BATCH", 2)
    articles = extracted(tmp_path, [(story_url(n), story_text(n)) for n in range(5)])
    pulled = 0

    def one_by_one() -> Iterator[Article]:
        nonlocal pulled
        for article in articles:
            pulled += 1
            yield article

    told: list[tuple[int, int | None, int, int]] = []

    def progress(step: str, done: int, total: int | None, /) -> None:
        if step == STORING:
            told.append((done, total, pulled, len(desk.articles())))

    desk.ingest_articles(one_by_one(), on_progress=progress, total=5)

    # (done, total, articles read from the stream, articles in the store) at each batch
    assert told == [(0, 5, 0, 0), (2, 5, 2, 2), (4, 5, 4, 4), (5, 5, 5, 5)]


def test_an_article_with_no_text_is_a_failure_and_not_stored(desk: Desk, tmp_path: Path) -> None:
    (article,) = extracted(tmp_path, [(story_url(1), story_text(1))])
    blank = replace(article, source="blank.html", text="  \n", paragraphs=())

    report = desk.ingest_articles([blank, article])

    assert [(f.source, f.message) for f in report.failures] == [("blank.html", NO_TEXT)]
    assert [i.source for i in report.ingested] == [article.source]
    assert desk.jobs("failed") == []  # the run that extracted it kept its failure, not the desk
    assert report.summary() == "1 article stored (1 new, 0 new versions, 0 already there), 1 failed"


def test_the_page_is_the_text_the_article_came_from(desk: Desk, tmp_path: Path) -> None:
    (article,) = extracted(tmp_path, [(story_url(2), story_text(2))])
    html = replace(article, mode="html", page_text="", fetched_at="2031-03-04T09:30:00+00:00")

    (stored,) = desk.ingest_articles([html]).ingested

    assert desk.raw_page(stored.article_id) == ("text", article.text)
    assert page_of(html).fetched_at == datetime(2031, 3, 4, 9, 30, tzinfo=UTC)
    assert page_of(replace(html, fetched_at="2031-03-04")).fetched_at is None  # a day only
    assert page_of(replace(html, fetched_at="yesterday")).fetched_at is None
    assert page_of(article).content == article.page_text != article.text
