"""Run-together tags split with the page's words, indexed once per page."""

import pytest

from crosswire.extract import joined_tags
from crosswire.extract.joined_tags import (
    MAX_JOINED_TAG_LINES,
    PageVocabulary,
    split_joined_tag_lines,
)

PAGE = (
    "Estonian navy boats joined the coastal patrol on Monday, NATO said.\n"
    "The port strike left dockworkers idle in Brackwater."
)


def test_the_vocabulary_knows_whole_phrases_and_stems_of_the_page() -> None:
    vocabulary = PageVocabulary(PAGE, "Estoniacoastal patrolNATOport strikedockworkers")
    assert vocabulary.has_phrase("coastal patrol") and vocabulary.has_phrase("NATO")
    assert not vocabulary.has_phrase("Estonia")  # only a stem of 'Estonian'
    assert vocabulary.has_stem("Estonia") and not vocabulary.has_stem("Latvia")
    assert vocabulary.has_spelling("port strike") and not vocabulary.has_spelling("strike port")


def test_run_together_tags_are_split_at_case_changes_and_between_known_phrases() -> None:
    split = split_joined_tag_lines(["Estoniacoastal patrolNATO", "port strikedockworkers"], PAGE)
    assert split == [["Estonia", "coastal patrol", "NATO"], ["port strike", "dockworkers"]]


def test_the_page_is_read_once_however_many_tag_lines_it_has(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page_reads: list[int] = []
    real_words = joined_tags.words

    def counting_words(text: str) -> list[str]:
        if len(text) > 1000:
            page_reads.append(len(text))
        return real_words(text)

    monkeypatch.setattr(joined_tags, "words", counting_words)
    page = PAGE + "\n" + "The harbour council met again.\n" * 200
    lines = ["harbourcouncilstrike"] * 50
    split = split_joined_tag_lines(lines, page)
    assert len(page_reads) == 1
    assert split[0] == ["harbour", "council", "strike"]
    # Past the first few lines a page's 'tag lines' are not a tag list: they are kept whole.
    assert split[MAX_JOINED_TAG_LINES:] == [["harbourcouncilstrike"]] * (50 - MAX_JOINED_TAG_LINES)


def test_a_line_too_long_for_a_tag_list_is_kept_whole() -> None:
    line = "harbourcouncil" * 200
    assert split_joined_tag_lines([line], PAGE) == [[line]]
