"""Which story of an invented pile a dossier covers: the largest coherent one."""

from __future__ import annotations

from crosswire.compare.story_choice import SHARED_NAMES_MIN, as_written, rank_stories
from crosswire.model import Article, Story
from tests.conftest import article

FERRY = [
    "The night ferry from Orsk Harbour ran aground near Tavel, Captain Ilse Brandvik said.",
    "Passengers of the Orsk Harbour ferry were rescued near Tavel, the coastguard said.",
    "Lifeboats reached the ferry near Tavel; Captain Ilse Brandvik stayed aboard until dawn.",
]
SITE = [  # one outlet's pages, alike in wording, about nothing in common
    "we tested the new helmet on a wet track and it kept us dry and calm.",
    "we tested the new gloves on a wet track and they kept us warm and calm.",
    "we tested the new boots on a wet track and they kept us steady and calm.",
    "we tested the new jacket on a wet track and it kept us dry and calm.",
]
WEEK = [  # two outlets that share only the days of the week and the region all pages name
    "On Monday the Velmora council met in March to discuss budgets.",
    "By Monday in March the Velmora library had reopened its doors.",
]


def pile() -> tuple[list[Story], list[Article]]:
    ferry = [article(f"ferry-{n}.txt", t, outlet=f"Outlet {n}") for n, t in enumerate(FERRY)]
    site = [article(f"site-{n}.txt", t, outlet="Gear Review") for n, t in enumerate(SITE)]
    week = [article(f"week-{n}.txt", t, outlet=f"Paper {n}") for n, t in enumerate(WEEK)]
    region = [
        article(f"velmora-{n}.txt", f"Port town number {n}: Velmora.", outlet="Atlas")
        for n in range(3)
    ]
    stories = [
        Story("story-site", "Gear tests", tuple(a.source for a in site)),
        Story("story-ferry", "Ferry aground", tuple(a.source for a in ferry)),
        Story("story-week", "A week in Velmora", tuple(a.source for a in week)),
        *(Story(f"story-region-{a.source}", "Velmora", (a.source,)) for a in region),
    ]
    return stories, [*ferry, *site, *week, *region]


def test_a_story_several_outlets_tell_with_shared_names_comes_first() -> None:
    stories, articles = pile()
    ranked = rank_stories(stories, articles)
    ferry = ranked[0]
    assert ferry.story.id == "story-ferry" and ferry.coherent and ferry.outlets == 3
    assert {"orsk harbour", "tavel", "captain ilse brandvik"} <= set(ferry.shared_names)
    site = next(s for s in ranked if s.story.id == "story-site")
    assert not site.coherent and site.outlets == 0  # bigger, but one outlet and no names


def test_days_months_and_a_pile_wide_name_are_not_a_story_s_names() -> None:
    stories, articles = pile()
    week = next(s for s in rank_stories(stories, articles) if s.story.id == "story-week")
    assert len(week.shared_names) < SHARED_NAMES_MIN and not week.coherent


def test_ranking_does_not_depend_on_order() -> None:
    stories, articles = pile()
    first = [s.story.id for s in rank_stories(stories, articles)]
    assert [s.story.id for s in rank_stories(stories[::-1], articles[::-1])] == first


def test_a_name_is_shown_as_written() -> None:
    assert as_written("orsk harbour", [article("a.txt", FERRY[0])]) == "Orsk Harbour"
    assert as_written("nowhere", [article("a.txt", FERRY[0])]) == "nowhere"
