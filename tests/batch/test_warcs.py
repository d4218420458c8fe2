"""The batch tests' WARC files: crosswire's reader gives every good record once as a Page and every
broken record as exactly one InputFailure, for each kind of damage a crawl leaves; the invented
news pages extract into articles with their headline, outlet and date, and group into their
stories."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crosswire.model import Article, Hints, InputFailure, Page
from crosswire.pipeline import extract, stories
from crosswire.sources.inputs import iter_pages
from crosswire.sources.options import SourceOptions
from tests.batch.warcs import (
    CORRUPT_MEMBER,
    DAMAGES,
    GARBAGE,
    HTML,
    STORIES,
    TRUNCATED,
    Expected,
    WarcAppender,
    corrupt_member,
    invented_pages,
    non_page_records,
    padded,
    response_record,
    write_damaged_warc,
    write_warc,
)

PAGES = invented_pages(6, seed=7)
# Every damage, in a plain and a compressed file (a corrupt gzip member only exists in the latter).
CASES = [(damage, gzip) for damage in DAMAGES for gzip in (True, False)]
CASES.remove((CORRUPT_MEMBER, False))
CASE_IDS = [f"{damage}-{'gz' if gzip else 'plain'}" for damage, gzip in CASES]
LARGE = 100_000  # characters: a record warcio decompresses in many reads (it reads 16 KB at once)


def read(path: Path) -> list[Page | InputFailure]:
    return list(iter_pages([str(path)], options=SourceOptions(), hints=Hints()))


def offset_of(item: Page | InputFailure) -> int:
    name, _, offset = item.source.rpartition("#offset=")
    assert name and offset.isdigit(), item.source
    return int(offset)


def assert_read_as_expected(path: Path, expected: Expected) -> None:
    items = read(path)
    pages = [(offset_of(item), item.url) for item in items if isinstance(item, Page)]
    failures = [item for item in items if isinstance(item, InputFailure)]
    assert pages == list(expected.pages)
    assert [offset_of(failure) for failure in failures] == list(expected.broken)
    assert all(failure.message.startswith("broken WARC record (") for failure in failures)


def warc_path(tmp_path: Path, gzip: bool) -> Path:
    return tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
@pytest.mark.parametrize(("damage", "gzip"), CASES, ids=CASE_IDS)
def test_each_damage_is_one_failure_and_the_good_records_come_through(
    tmp_path: Path, damage: str, gzip: bool, large: bool
) -> None:
    path = warc_path(tmp_path, gzip)
    pages = [padded(page, LARGE) for page in PAGES] if large else PAGES
    expected = write_damaged_warc(path, pages, [damage], gzip=gzip)
    assert len(expected.pages) == len(PAGES)
    assert len(expected.broken) == 1
    assert_read_as_expected(path, expected)


@pytest.mark.parametrize("gzip", [True, False], ids=["gz", "plain"])
def test_every_damage_at_once_among_non_page_records(tmp_path: Path, gzip: bool) -> None:
    damages = [damage for damage in DAMAGES if gzip or damage != CORRUPT_MEMBER]
    path = warc_path(tmp_path, gzip)
    expected = write_damaged_warc(path, PAGES, damages, gzip=gzip, non_pages=True)
    assert len(expected.broken) == len(damages)
    assert_read_as_expected(path, expected)


def test_a_truncated_record_ends_the_file(tmp_path: Path) -> None:
    path = warc_path(tmp_path, True)
    expected = write_damaged_warc(path, PAGES, [TRUNCATED, *DAMAGES[1:]])
    assert expected.broken[-1] > expected.pages[-1][0]
    assert_read_as_expected(path, expected)


@pytest.mark.parametrize("gzip", [True, False], ids=["gz", "plain"])
def test_non_page_records_are_skipped_not_failures(tmp_path: Path, gzip: bool) -> None:
    path = warc_path(tmp_path, gzip)
    expected = write_damaged_warc(path, PAGES[:2], [], gzip=gzip, non_pages=True)
    assert path.stat().st_size > 3 * (expected.pages[1][0] - expected.pages[0][0]) // 2
    assert_read_as_expected(path, expected)


def test_a_warc_of_non_page_records_only_is_one_failure_of_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "images.warc.gz"
    with path.open("wb") as stream:
        appender = WarcAppender(stream)
        for record in non_page_records("https://harbour-gazette.example/a"):
            appender.record(record)
    (item,) = read(path)
    assert isinstance(item, InputFailure)
    assert item.message == "no HTML or text response records in WARC (5 skipped)"


@pytest.mark.parametrize("gzip", [True, False], ids=["gz", "plain"])
def test_write_warc_round_trips_pages_given_as_tuples(tmp_path: Path, gzip: bool) -> None:
    given = [
        (
            "https://valleycourier.example/a",
            "<html><body><p>Mill fire.</p></body></html>",
            HTML,
            "2026-03-04T10:00:00Z",
        ),
        (
            "https://valleycourier.example/b.txt",
            "The mill fire was put out.\n",
            "text/plain",
            "2026-03-05T11:30:00Z",
        ),
    ]
    path = warc_path(tmp_path, gzip)
    offsets = write_warc(path, given, gzip=gzip)
    items = read(path)
    assert [item.source for item in items] == [f"{path}#offset={offset}" for offset in offsets]
    assert all(isinstance(item, Page) for item in items)
    pages = [item for item in items if isinstance(item, Page)]
    assert [(p.url, p.content, p.kind) for p in pages] == [
        (given[0][0], given[0][1], "html"),
        (given[1][0], given[1][1], "text"),
    ]
    assert [p.fetched_at.isoformat() if p.fetched_at else None for p in pages] == [
        "2026-03-04T10:00:00+00:00",
        "2026-03-05T11:30:00+00:00",
    ]


def test_the_same_pages_are_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "1.warc.gz", tmp_path / "2.warc.gz"
    write_damaged_warc(first, invented_pages(5, seed=3), DAMAGES)
    write_damaged_warc(second, invented_pages(5, seed=3), DAMAGES)
    assert first.read_bytes() == second.read_bytes()


def test_damages_that_cannot_be_written_are_refused(tmp_path: Path) -> None:
    with (tmp_path / "crawl.warc").open("wb") as stream:
        appender = WarcAppender(stream, gzip=False)
        with pytest.raises(ValueError, match=r"needs a \.warc\.gz"):
            appender.broken(PAGES[0], CORRUPT_MEMBER)
        with pytest.raises(ValueError, match="unknown damage"):
            appender.broken(PAGES[0], "mildew")


def test_garbage_without_a_blank_line_in_a_plain_warc_keeps_the_next_record(
    tmp_path: Path,
) -> None:
    path = warc_path(tmp_path, False)
    with path.open("wb") as stream:
        appender = WarcAppender(stream, gzip=False)
        first = appender.page(PAGES[0])
        garbage = appender.raw(b"\x00\x17partial upload")
        rest = [(appender.page(page), page.url) for page in PAGES[1:3]]
    assert_read_as_expected(path, Expected(((first, PAGES[0].url), *rest), (garbage,)))


def test_garbage_at_the_start_of_a_warc_gz_keeps_the_records_after_it(tmp_path: Path) -> None:
    path = warc_path(tmp_path, True)
    with path.open("wb") as stream:
        appender = WarcAppender(stream)
        garbage = appender.broken(PAGES[0], GARBAGE)
        good = [(appender.page(page), page.url) for page in PAGES[1:3]]
    assert_read_as_expected(path, Expected(tuple(good), (garbage,)))


def test_garbage_at_the_start_of_a_plain_warc_keeps_the_records_after_it(
    tmp_path: Path,
) -> None:
    path = warc_path(tmp_path, False)
    with path.open("wb") as stream:
        appender = WarcAppender(stream, gzip=False)
        garbage = appender.raw(b"\x00\x17partial upload")
        good = [(appender.page(page), page.url) for page in PAGES[0:2]]
    assert_read_as_expected(path, Expected(tuple(good), (garbage,)))


def test_a_large_corrupt_member_writes_nothing_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = warc_path(tmp_path, True)
    expected = write_damaged_warc(path, [padded(PAGES[0], LARGE), PAGES[1]], [CORRUPT_MEMBER])
    assert_read_as_expected(path, expected)  # passes: only the noise is wrong
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "header",
    [b"\x1f\x8b\x08\x2b", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"],
    ids=["reserved-flags", "valid-header"],
)
def test_a_corrupt_member_holding_gzip_magic_is_still_one_failure(
    tmp_path: Path, header: bytes
) -> None:
    member = bytearray(corrupt_member(gzip.compress(response_record(padded(PAGES[1], LARGE)))))
    at = 3 * len(member) // 4
    member[at : at + len(header)] = header  # random bytes can hold it too
    path = warc_path(tmp_path, True)
    with path.open("wb") as stream:
        appender = WarcAppender(stream)
        first = appender.page(PAGES[0])
        broken = appender.raw(bytes(member))
        last = appender.page(PAGES[2])
    expected = Expected(((first, PAGES[0].url), (last, PAGES[2].url)), (broken,))
    assert_read_as_expected(path, expected)


# --- invented pages -----------------------------------------------------------------------------


def test_invented_pages_are_the_same_for_a_seed_and_all_different() -> None:
    pages = invented_pages(40, seed=5)
    assert pages == invented_pages(40, seed=5)
    assert pages != invented_pages(40, seed=6)
    assert len({page.url for page in pages}) == len({page.content for page in pages}) == 40
    assert {page.story for page in pages} == {story.key for story in STORIES}


def test_each_story_is_told_by_several_outlets_in_their_own_words() -> None:
    pages = invented_pages(30, seed=1)
    for story in {page.story for page in pages}:
        told = [page for page in pages if page.story == story]
        hosts = {page.url.split("/")[2] for page in told}
        headlines = {page.content.split("<h1>")[1].split("</h1>")[0] for page in told}
        assert len(hosts) >= 4, story
        assert len(headlines) >= 3, story


def test_invented_pages_extract_into_articles_with_headline_outlet_and_date(tmp_path: Path) -> None:
    pages = invented_pages(30, seed=2)  # every story told by every outlet
    path = tmp_path / "news.warc.gz"
    write_warc(path, pages)
    results = extract([str(path)])
    assert all(isinstance(result, Article) for result in results)
    articles = [result for result in results if isinstance(result, Article)]
    for page, article in zip(pages, articles, strict=True):
        assert article.url == page.url
        assert article.title.value == page.content.split("<h1>")[1].split("</h1>")[0]
        assert article.outlet.value and article.outlet.value in page.content
        assert article.published.value and article.published.value[:10] == page.warc_date[:10]
        assert "cookies" not in article.text and "Most read" not in article.text
        assert len(article.paragraphs) >= 5


def test_invented_pages_group_into_their_stories(tmp_path: Path) -> None:
    pages = invented_pages(20, seed=4)
    path = tmp_path / "news.warc.gz"
    offsets = write_warc(path, pages)
    story_of = {
        f"{path}#offset={offset}": page.story for offset, page in zip(offsets, pages, strict=True)
    }
    found = stories(extract([str(path)]), embeddings="words")
    told = sorted(sorted(story_of[source] or "" for source in story.articles) for story in found)
    assert told == sorted([story.key] * 4 for story in STORIES)
