"""Story grouping at archive scale, one time window at a time, over invented articles (hashing
backend, no model)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from crosswire.compare.archive_stories import (
    OVERLAP_DAYS,
    WINDOW_DAYS,
    group_archive,
    traits_from_row,
    traits_row,
)
from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.stories import group_stories
from crosswire.compare.story_traits import ArticleTraits, embed, read_traits
from crosswire.model import Annotations, Article, Entity, Mention, Span, Story
from tests.conftest import article

BACKEND = HashingBackend()
PLACES = ["Velmora", "Dunmere", "Ostrava Nova", "Kelbrook", "Sarnia Vale", "Tollund", "Brisk"]
# Each story's three facts (its place and person are added).
EVENTS = [
    (
        "The harbour bridge closed after engineers found cracks in two steel cables.",
        "Cable replacement will keep the crossing shut for three weeks.",
        "Commuters queued for hours at the ferry terminal instead.",
    ),
    (
        "A late frost killed most apple blossom in the valley orchards.",
        "The growers' cooperative expects its smallest harvest in twenty years.",
        "Cider apple prices at the market have doubled.",
    ),
    (
        "The night ferry ran aground on a sandbank with ninety passengers aboard.",
        "Lifeboat crews brought everyone ashore before dawn, coastguards said.",
        "Investigators will examine the vessel's radar and charts.",
    ),
    (
        "Fire destroyed the museum's east wing and two seventeenth-century paintings.",
        "Curators rescued the manuscripts from the archive in the basement.",
        "Insurers estimate restoration will take four years.",
    ),
    (
        "The mayor lost the election to her rival by thirty-eight votes.",
        "A recount of postal ballots was requested by her campaign.",
        "Turnout reached sixty-one percent, the highest in decades.",
    ),
    (
        "Dockers ended their strike after accepting a six percent pay rise.",
        "Container ships anchored offshore began unloading on Thursday.",
        "The union's members voted by a large majority.",
    ),
    (
        "Drought drained the reservoir to a third of its usual level.",
        "Hosepipes are banned and farmers may not irrigate wheat.",
        "Engineers are laying an emergency pipeline from the river.",
    ),
]
FILLER = ["officials said", "residents told reporters", "a statement said", "on Tuesday", "later"]
FIRST_DAY = date(2025, 3, 1)


def retelling(rng: random.Random, place: str, event: tuple[str, ...], person: str) -> str:
    facts = [*event, f"{person} spoke for {place}."]
    rng.shuffle(facts)
    return " ".join(facts) + " " + " ".join(rng.sample(FILLER, 3)) + "."


def invented_pile(days: list[int], seed: int = 3) -> list[Article]:
    """One story per entry of `days` (its first day from FIRST_DAY), told by four outlets on that
    day or up to two days later; annotated with the story's person."""
    rng = random.Random(seed)
    articles = []
    for story, day in enumerate(days):
        place, event = PLACES[story % len(PLACES)], EVENTS[story % len(EVENTS)]
        person = ["Ilsa Thorne", "Jon Bakker", "Mara Quist", "Teo Lund", "Ana Roth"][story % 5]
        for copy in range(4):
            text = retelling(rng, place, event, person)
            published = FIRST_DAY + timedelta(days=day + rng.randint(0, 2))
            start = text.find(person)
            entity = Entity(
                "e0", person, "person", (Mention(Span(start, start + len(person)), person),)
            )
            articles.append(
                article(
                    f"s{story}-{copy}.txt",
                    text,
                    published=published.isoformat(),
                    annotations=Annotations(entities=(entity,)),
                )
            )
    return articles


def traits_and_vectors(articles: list[Article]) -> tuple[list[ArticleTraits], np.ndarray]:
    traits = [read_traits(a) for a in articles]
    return traits, embed(traits, BACKEND)


def groups_of(found: list[tuple[str | None, list[str]]]) -> set[frozenset[str]]:
    return {frozenset(sources) for _, sources in found}


def test_a_pile_of_one_window_is_grouped_as_group_stories_groups_it() -> None:
    articles = invented_pile([0, 1, 2, 3, 5, 6])
    traits, vectors = traits_and_vectors(articles)
    expected = {frozenset(s.articles) for s in group_stories(articles, backend=BACKEND)}
    assert groups_of(group_archive(traits, vectors)) == expected
    assert len(expected) == 6  # the invented stories, each one group


def test_stories_of_many_windows_are_grouped_as_group_stories_groups_them() -> None:
    days = [0, 9, 25, 31, 47, 70, 120]
    articles = invented_pile(days)
    traits, vectors = traits_and_vectors(articles)
    assert len({(FIRST_DAY + timedelta(d)).toordinal() // WINDOW_DAYS for d in days}) > 3
    expected = {frozenset(s.articles) for s in group_stories(articles, backend=BACKEND)}
    found = group_archive(traits, vectors)
    assert groups_of(found) == expected
    assert len(expected) == len(days)
    assert all(label is None for label, _ in found)


def test_independent_of_input_order() -> None:
    traits, vectors = traits_and_vectors(invented_pile([0, 9, 18, 19, 40, 41]))
    expected = group_archive(traits, vectors)
    for seed in range(3):
        order = list(range(len(traits)))
        random.Random(seed).shuffle(order)
        assert group_archive([traits[n] for n in order], vectors[order]) == expected


def day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def test_a_story_across_a_window_boundary_stays_one_story() -> None:
    # The first day of a window, and a story told from four days before it to two days after.
    boundary = next(
        d for d in range(40, 80) if day_number(FIRST_DAY + timedelta(d)) % WINDOW_DAYS == 0
    )
    articles = invented_pile([boundary - 4, boundary - 30, boundary + 30])
    straddling = [
        a
        for n, a in enumerate(articles)
        if a.source.startswith("s0-") or (n % 4 == 0 and a.source.startswith("s1-"))
    ]
    moved = [
        _dated(a, FIRST_DAY + timedelta(days=boundary + 2)) if a.source == "s0-3.txt" else a
        for a in straddling
    ]
    traits, vectors = traits_and_vectors(moved)
    windows = {day_number(t.published) // WINDOW_DAYS for t in traits if t.source.startswith("s0")}
    assert len(windows) == 2  # the story's articles are in two windows
    found = groups_of(group_archive(traits, vectors))
    assert frozenset({"s0-0.txt", "s0-1.txt", "s0-2.txt", "s0-3.txt"}) in found


def _dated(original: Article, day: date) -> Article:
    return article(
        original.source,
        original.text,
        published=day.isoformat(),
        annotations=original.annotations,
    )


def test_a_story_seen_again_after_the_overlap_is_not_joined_across_windows() -> None:
    # Reports further apart than the overlap lose FAR_APART_PENALTY anyway; they are not compared.
    articles = invented_pile([0, 0 + WINDOW_DAYS + OVERLAP_DAYS + 30])
    traits, vectors = traits_and_vectors(articles)
    assert len(groups_of(group_archive(traits, vectors))) == 2


def test_existing_stories_keep_their_ids_across_windows() -> None:
    articles = invented_pile([0, 25])
    traits, vectors = traits_and_vectors(articles)
    existing = [Story("old-story", "", ("s0-0.txt",)), Story("other", "", ("s1-0.txt",))]
    found = dict(group_archive(traits, vectors, existing=existing))
    assert set(found["old-story"]) == {"s0-0.txt", "s0-1.txt", "s0-2.txt", "s0-3.txt"}
    assert set(found["other"]) == {"s1-0.txt", "s1-1.txt", "s1-2.txt", "s1-3.txt"}


def test_undated_articles_are_grouped_among_themselves() -> None:
    articles = [_undated(a) for a in invented_pile([0, 1])]
    traits, vectors = traits_and_vectors(articles)
    expected = {frozenset(s.articles) for s in group_stories(articles, backend=BACKEND)}
    assert groups_of(group_archive(traits, vectors)) == expected


def _undated(original: Article) -> Article:
    return article(original.source, original.text, annotations=original.annotations)


def test_empty_pile() -> None:
    assert group_archive([], np.zeros((0, BACKEND.dimension), dtype=np.float32)) == []


def test_traits_survive_a_row() -> None:
    traits, _ = traits_and_vectors(invented_pile([0]))
    for trait in traits:
        assert traits_from_row(traits_row(trait)) == trait


@pytest.mark.parametrize("year", [None, float("nan")])
def test_a_row_read_back_as_arrays_gives_the_traits(year: float | None) -> None:
    (trait, *_), _ = traits_and_vectors(invented_pile([0]))
    row = traits_row(trait)
    arrays = {k: np.array(v) if isinstance(v, list) else v for k, v in row.items()}
    arrays["year"] = year
    read = traits_from_row(arrays)
    assert read.words == trait.words and read.names == trait.names
    assert read.year is None and read.published == trait.published


def test_progress_is_told_window_by_window() -> None:
    traits, vectors = traits_and_vectors(invented_pile([0, 45]))
    told: list[tuple[str, int, int]] = []
    group_archive(traits, vectors, on_progress=lambda *step: told.append(step))
    assert told == [("windows", 0, 3), ("windows", 1, 3), ("windows", 2, 3)]
