"""Story titles over invented pages: a headline, never a byline, counter or prompt."""

from __future__ import annotations

import pytest

from crosswire.compare.story_titles import (
    TITLE_MAX_WORDS,
    content_words,
    headline_shaped,
    lead_statement,
    story_title,
)
from tests.conftest import article

FERRY = (
    "The night ferry between Orsk Harbour and the island of Tavel ran aground on a sandbank on "
    "Friday, the coastguard said. All 212 passengers were taken off by lifeboats before dawn.\n\n"
    "Captain Ilse Brandvik told the coastguard the ferry's radar failed in thick fog."
)
FERRY_RETOLD = (
    "All 212 passengers of the Orsk Harbour night ferry were rescued after it ran aground near "
    "Tavel on Friday. The coastguard said the radar of the ferry failed in fog, according to "
    "Captain Ilse Brandvik."
)
FERRY_THIRD = (
    '"We heard a long scrape and then nothing," one passenger said.\n\n'
    "The ferry from Orsk Harbour ran aground near Tavel in fog on Friday; lifeboats took all 212 "
    "passengers ashore, the coastguard said."
)


@pytest.mark.parametrize(
    "title",
    [
        "1 / 12",  # a gallery counter
        "48.2K",  # a share counter
        "Watch Orsk TV Live",  # a video prompt
        "Media captionWhat happened to the ferry?",  # a caption label glued to its text
        "By Mira Olsen",
        "Mira Olsen, Staff Writer",
        "Reading time: 3 minutes",
        "Tempo de leitura: 2 minutos",
        "Jon Varga @jvarga / 2 days",
        "Updated Mar 4, 9:41 AM",
        "News > Orsk > Harbour",
        "orsk-ferry-aground-sandbank",
        "Mira Olsen",  # two words: a name
    ],
)
def test_furniture_is_not_a_headline(title: str) -> None:
    assert not headline_shaped(title)


def test_a_headline_is_a_headline_unless_it_names_the_author() -> None:
    assert headline_shaped("Night ferry runs aground off Tavel, all passengers safe")
    assert headline_shaped("Video shows lifeboats reaching the stranded Orsk ferry")
    assert not headline_shaped("Ilse Brandvik Orsk Harbour Gazette", ["Ilse Brandvik"])


def test_the_headline_the_other_articles_share_names_the_story() -> None:
    members = [
        article("a.txt", FERRY, title="Watch Orsk TV Live"),
        article("b.txt", FERRY_RETOLD, title="Night ferry runs aground off Tavel in fog"),
        article("c.txt", FERRY_THIRD, title="1 / 9"),
    ]
    assert story_title(members) == "Night ferry runs aground off Tavel in fog"
    assert story_title(members[::-1]) == story_title(members)  # order does not matter


def test_a_title_the_texts_do_not_tell_is_passed_over() -> None:
    members = [
        article("a.txt", FERRY, title="Prairie dogs pose danger to hikers in the Dolan hills"),
        article("b.txt", FERRY_RETOLD, title="Ferry aground near Tavel, 212 passengers rescued"),
    ]
    assert story_title(members) == "Ferry aground near Tavel, 212 passengers rescued"


def test_without_a_headline_the_story_is_named_by_its_shared_lead() -> None:
    members = [
        article("a.txt", FERRY, title="Mira Olsen, Staff Writer"),
        article("c.txt", FERRY_THIRD),
    ]
    title = story_title(members)
    assert title.startswith("The night ferry between Orsk Harbour") or title.startswith(
        "The ferry from Orsk Harbour"
    )
    assert len(title.split()) <= TITLE_MAX_WORDS and title.endswith("…")


def test_a_statement_does_not_open_with_a_quotation() -> None:
    alone = article("c.txt", FERRY_THIRD)
    assert lead_statement([alone]).startswith("The ferry from Orsk Harbour")


def test_content_words_leave_out_function_words_of_any_language() -> None:
    assert content_words("The ferry and a boat") == ["ferry", "boat"]
    assert content_words("Os passageiros e o capitão") == ["passageiros", "capitão"]
