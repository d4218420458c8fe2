"""Which story of a pile a dossier covers: the largest coherent one.

Grouping puts every article in one story; a pile of many stories still needs one chosen. A story
a dossier can cover is told by several outlets that share its names: the people, places and
bodies the story is about. A group of pages of one site (its furniture alike), or of pages that
share words but no names, is no such story, however big. So stories are ranked by:

1. coherent first: two or more outlets, and at least SHARED_NAMES_MIN names of the story that
   two or more of its outlets give ("characteristic" names: given by more of the story's
   articles than of the rest of the pile, so a beat's usual names do not count);
2. then the outlets whose articles give those names (an outlet's rewrite adds an article, not a
   voice), then the articles, then how many names they share; ties by story id.

A page whose outlet is not known counts as an outlet of its own (a pile of copied texts names
no outlets, and its pages still come from somewhere).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from crosswire.compare.site_furniture import outlet_key
from crosswire.compare.story_traits import read_traits
from crosswire.datafiles import load_data
from crosswire.model import Article, Story
from crosswire.text import words

# Judgement, checked on benchmarks/bench_story_choice.py: groups held together by furniture or
# by a language's words share no names (four Russian pages: 0; three Portuguese pages: 1), the
# stories of the scrapinghub pile share 4 to 47.
SHARED_NAMES_MIN = 2


@dataclass(frozen=True, slots=True)
class StoryStanding:
    """How a story stands as the one a dossier covers."""

    story: Story
    outlets: int  # distinct outlets whose articles give the story's shared names
    shared_names: tuple[str, ...]  # characteristic names two or more outlets give

    @property
    def coherent(self) -> bool:
        return self.outlets >= 2 and len(self.shared_names) >= SHARED_NAMES_MIN

    def rank(self) -> tuple[bool, int, int, int]:
        return (self.coherent, self.outlets, len(self.story.articles), len(self.shared_names))


def rank_stories(stories: Sequence[Story], articles: Sequence[Article]) -> list[StoryStanding]:
    """The stories with their standing, best first (ties by story id)."""
    by_source = {a.source: a for a in articles}
    names = {a.source: _names(a) for a in articles}
    pile = Counter(name for found in names.values() for name in found)
    standings = [_standing(s, by_source, names, pile) for s in stories]
    by_id = sorted(standings, key=lambda s: s.story.id)
    return sorted(by_id, key=lambda s: s.rank(), reverse=True)  # stable: ties stay by id


def _names(article: Article) -> frozenset[str]:
    """The article's names as grouping reads them, a possessive one as the name itself, and no
    day or month (capitalised, but any two articles of one week share them)."""
    found = (name.removesuffix("'s").removesuffix("\u2019s") for name in read_traits(article).names)
    calendar = _calendar_words()
    return frozenset(name for name in found if not calendar.issuperset(words(name)))


@cache
def _calendar_words() -> frozenset[str]:
    data = load_data("time_words.json")
    return frozenset(
        word for key in ("months", "weekdays", "weekday_abbreviations") for word in data[key]
    )


def _standing(
    story: Story,
    by_source: dict[str, Article],
    names: dict[str, frozenset[str]],
    pile: Counter[str],
) -> StoryStanding:
    members = [s for s in story.articles if s in by_source]
    inside = Counter(name for s in members for name in names[s])
    outlets_of: dict[str, set[str]] = {}
    for source in members:
        for name in names[source]:
            outlets_of.setdefault(name, set()).add(outlet_key(by_source[source]))
    shared = [
        name
        for name, outlets in outlets_of.items()
        if len(outlets) >= 2 and inside[name] > pile[name] - inside[name]
    ]
    shared.sort(
        key=lambda name: (-len(outlets_of[name]), -len(name), name)
    )  # the story's core first
    voices = {outlet_key(by_source[s]) for s in members if names[s].intersection(shared)}
    return StoryStanding(story, len(voices), tuple(shared))


def as_written(name: str, articles: Sequence[Article]) -> str:
    """A casefolded name as the first article that gives it writes it ("gaza" -> "Gaza")."""
    for article in articles:
        at = article.text.casefold().find(name)
        if at >= 0 and len(article.text.casefold()) == len(article.text):
            return article.text[at : at + len(name)]
    return name
