"""Story grouping over invented articles, with the hashing backend (no model)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.stories import (
    BACKGROUND_MAX,
    BACKGROUND_MIN_ARTICLES,
    YEAR_MISMATCH_PENALTY,
    background,
    candidate_pairs,
    group_stories,
    group_traits,
    pair_score,
    story_id_for,
)
from crosswire.compare.story_titles import story_title, title_from_traits, title_traits
from crosswire.compare.story_traits import ArticleTraits, embed, read_traits
from crosswire.model import Annotations, Article, DateValue, Entity, Evidenced, Mention, Span, Story
from tests.conftest import article

BACKEND = HashingBackend()

BRIDGE = [
    "The Harbour Bridge in Velmora closed on Tuesday after engineers found cracks in two steel "
    "cables, the city transport office said. Mayor Ilsa Thorne told reporters the bridge would "
    "stay shut for at least three weeks while the cables are replaced.",
    "Velmora's Harbour Bridge was shut on Tuesday when engineers discovered cracks in two of its "
    "steel cables. Mayor Ilsa Thorne said the bridge would remain closed for three weeks or more "
    "as crews replace the cables, according to the transport office.",
    "Engineers found cracked steel cables on the Harbour Bridge in Velmora, which closed Tuesday. "
    "The bridge will stay shut for at least three weeks, Mayor Ilsa Thorne told reporters, while "
    "the damaged cables are replaced.",
]
ORCHARD = [
    "A late frost destroyed most of the apple blossom in the Dunmere valley this spring, growers "
    "said, and the cooperative expects the smallest harvest in twenty years. Prices for cider "
    "apples have already doubled at the Dunmere market.",
    "Growers in the Dunmere valley say a late spring frost killed most apple blossom, and their "
    "cooperative now expects its smallest harvest in two decades. Cider apple prices at the "
    "Dunmere market have doubled.",
]
OFF_TOPIC = (
    "The chess club of Ostrava Nova elected a new chairwoman, Renata Kopecka, who promised "
    "weekly lessons for children and a spring tournament at the library."
)


def pile() -> list[Article]:
    articles = [article(f"bridge-{n}.txt", t) for n, t in enumerate(BRIDGE)]
    articles += [article(f"orchard-{n}.txt", t) for n, t in enumerate(ORCHARD)]
    return [*articles, article("chess.txt", OFF_TOPIC)]


def memberships(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_same_story_grouped_and_off_topic_alone() -> None:
    found = memberships(group_stories(pile(), backend=BACKEND))
    assert found == {
        frozenset({"bridge-0.txt", "bridge-1.txt", "bridge-2.txt"}),
        frozenset({"orchard-0.txt", "orchard-1.txt"}),
        frozenset({"chess.txt"}),
    }


def test_every_article_in_exactly_one_story() -> None:
    stories = group_stories(pile(), backend=BACKEND)
    sources = [s for story in stories for s in story.articles]
    assert sorted(sources) == sorted(a.source for a in pile())
    assert len({s.id for s in stories}) == len(stories)


def test_two_identical_files_together() -> None:
    twins = [article("a.txt", OFF_TOPIC), article("b.txt", OFF_TOPIC), *pile()[:2]]
    found = memberships(group_stories(twins, backend=BACKEND))
    assert frozenset({"a.txt", "b.txt"}) in found


def test_ids_and_title_come_from_content() -> None:
    titled = [
        article("x.txt", ORCHARD[0], title=Evidenced("Frost ruins Dunmere apple harvest")),
        article("y.txt", ORCHARD[1], title=Evidenced("Dunmere growers count frost losses")),
    ]
    (story,) = group_stories(titled, backend=BACKEND)
    assert story.id == story_id_for(["y.txt", "x.txt"])
    assert story.title in {
        "Frost ruins Dunmere apple harvest",
        "Dunmere growers count frost losses",
    }
    assert story.articles == ("x.txt", "y.txt")  # input order


@settings(max_examples=25, deadline=None)
@given(st.permutations(pile()))
def test_independent_of_input_order(shuffled: list[Article]) -> None:
    expected = group_stories(pile(), backend=BACKEND)
    found = group_stories(shuffled, backend=BACKEND)
    assert {(s.id, s.title, frozenset(s.articles)) for s in found} == {
        (s.id, s.title, frozenset(s.articles)) for s in expected
    }


def test_incremental_join_keeps_ids() -> None:
    first = group_stories(pile()[:2] + pile()[3:], backend=BACKEND)
    bridge = next(s for s in first if "bridge-0.txt" in s.articles)
    later = group_stories(pile(), backend=BACKEND, existing=first)
    grown = next(s for s in later if s.id == bridge.id)
    assert set(grown.articles) == {"bridge-0.txt", "bridge-1.txt", "bridge-2.txt"}
    assert grown.articles[:2] == bridge.articles
    assert {s.id for s in first} <= {s.id for s in later}


def test_existing_stories_are_never_merged() -> None:
    existing = [Story("old-1", "One", ("bridge-0.txt",)), Story("old-2", "Two", ("bridge-1.txt",))]
    stories = group_stories(pile(), backend=BACKEND, existing=existing)
    by_id = {s.id: set(s.articles) for s in stories}
    assert "bridge-0.txt" in by_id["old-1"] and "bridge-1.txt" in by_id["old-2"]
    assert "bridge-1.txt" not in by_id["old-1"]


def test_existing_members_not_given_are_kept() -> None:
    existing = [Story("old", "Old story", ("gone.txt",))]
    stories = group_stories(pile()[:1], backend=BACKEND, existing=existing)
    assert Story("old", "Old story", ("gone.txt",)) in stories


def test_empty_input() -> None:
    assert group_stories([], backend=BACKEND) == []
    assert group_stories([article("e.txt", "")], backend=BACKEND)[0].articles == ("e.txt",)


def test_far_apart_dates_and_missing_dates() -> None:
    dated = [
        article("a.txt", BRIDGE[0], published=DateValue("2025-03-04")),
        article("b.txt", BRIDGE[1], published=DateValue("not a date")),
        article("c.txt", BRIDGE[2]),
    ]
    assert len(group_stories(dated, backend=BACKEND)) == 1


def test_shared_entities_and_quotes_help() -> None:
    def with_names(source: str, text: str) -> Article:
        names = ("Ilsa Thorne", "Harbour Bridge", "Velmora")
        entities = tuple(
            Entity(f"e{n}", name, "other", (Mention(Span(0, 1), name),))
            for n, name in enumerate(names)
        )
        return article(source, text, annotations=Annotations(entities=entities))

    bare = group_stories([article("a", BRIDGE[0]), article("b", ORCHARD[0])], backend=BACKEND)
    named = group_stories([with_names("a", BRIDGE[0]), with_names("b", BRIDGE[1])], backend=BACKEND)
    assert len(bare) == 2 and len(named) == 1


def test_different_languages_do_not_crash() -> None:
    texts = [
        "Die Brücke in Velmora wurde am Dienstag gesperrt, nachdem Risse gefunden wurden.",
        "Le pont de Velmora a été fermé mardi après la découverte de fissures.",
        "ヴェルモラの橋は火曜日に閉鎖された。",
        "جسر فيلمورا أغلق يوم الثلاثاء",
    ]
    stories = group_stories([article(f"{n}", t) for n, t in enumerate(texts)], backend=BACKEND)
    assert sorted(s for story in stories for s in story.articles) == ["0", "1", "2", "3"]


def test_large_pile_uses_the_indexes_and_keeps_stories() -> None:
    # Above the all-pairs limit the candidates come from MinHash LSH and hyperplane buckets.
    articles = [
        article(f"{story}-{copy}", f"story {story} " + " ".join(f"w{story}x{k}" for k in range(30)))
        for story in range(700)
        for copy in range(3)
    ]
    stories = group_stories(articles, backend=BACKEND)
    assert len(stories) == 700
    assert all(
        {s.split("-")[0] for s in story.articles} == {story.articles[0].split("-")[0]}
        for story in stories
    )


def test_leads_naming_different_years_score_lower() -> None:
    def traits(source: str, year: int) -> ArticleTraits:
        return read_traits(article(source, f"The {year} Velmora marathon closed the harbour road."))

    same = pair_score(traits("a", 2013), traits("b", 2013), 0.5)
    other = pair_score(traits("a", 2013), traits("c", 2009), 0.5)
    assert same - other == pytest.approx(YEAR_MISMATCH_PENALTY)
    assert pair_score(traits("a", 2013), read_traits(article("d", "no year.")), 0.5) == 0.5


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=4))
def test_candidate_pairs_are_sorted_unique_and_ordered(count: int, dimension: int) -> None:
    vectors = HashingBackend(dimension=8).encode([f"w{n % dimension} w{n}" for n in range(count)])
    traits = [read_traits(article(f"{n:03d}", f"w{n}")) for n in range(count)]
    pairs = candidate_pairs(traits, vectors)
    assert pairs == sorted(set(pairs))
    assert all(0 <= i < j < count for i, j in pairs)


def test_background_is_the_average_of_distinct_pairs_capped() -> None:
    count = BACKGROUND_MIN_ARTICLES
    no_words = sparse.csr_matrix((count, 3))
    # Orthogonal rows: no two articles alike, whatever each row's similarity to itself.
    assert background(np.eye(count, dtype=np.float32), no_words) == 0.0
    # All alike: the background would be 1; it is capped so that one story's pile still links.
    alike = np.ones((count, 4), dtype=np.float32) / 2
    assert background(alike, sparse.csr_matrix(alike)) == BACKGROUND_MAX
    # Too few articles to tell a beat from a story: no background.
    assert background(alike[:5], sparse.csr_matrix(alike[:5])) == 0.0


def test_a_pile_of_one_story_stays_one_story() -> None:
    # Many retellings of one story (above the background's minimum pile): the background is
    # capped and each article keeps enough neighbours, so the story is not cut into pieces.
    generator = random.Random(5)
    sentences = [s.strip() + "." for text in BRIDGE for s in text.split(".") if s.strip()]
    filler = [
        "the",
        "a",
        "of",
        "in",
        "on",
        "and",
        "said",
        "told",
        "reporters",
        "officials",
        "after",
        "before",
        "while",
        "local",
    ]
    articles = [
        article(
            f"{n:03d}.txt",
            " ".join(generator.sample(sentences, 4))
            + " "
            + " ".join(generator.choice(filler) for _ in range(20)),
        )
        for n in range(BACKGROUND_MIN_ARTICLES + 20)
    ]
    assert len(group_stories(articles, backend=BACKEND)) == 1


def test_pages_without_words_are_never_grouped() -> None:
    empty = [article(f"empty-{n}.txt", "") for n in range(3)]
    found = group_stories(empty, backend=HashingBackend())
    assert sorted(len(s.articles) for s in found) == [1, 1, 1]


def test_many_verbatim_copies_do_not_push_the_other_reports_aside() -> None:
    # 150 reprints of one report would be the pile's background: grouped once, they are not.
    reprints = [article(f"reprint-{n}.txt", BRIDGE[0]) for n in range(150)]
    found = group_stories([*reprints, *pile()], backend=BACKEND)
    bridge = next(s for s in found if "bridge-0.txt" in s.articles)
    assert {"bridge-1.txt", "bridge-2.txt", "reprint-0.txt", "reprint-149.txt"} <= set(
        bridge.articles
    )
    assert len(bridge.articles) == 153
    assert sorted(s for story in found for s in story.articles) == sorted(
        [a.source for a in reprints] + [a.source for a in pile()]
    )


class SameVector:
    """A model that reads no Portuguese: every text at one point (cosine 1 to every other)."""

    dimension = 16

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), self.dimension), dtype=np.float32) / 4.0


PORTO = [
    "O porto de Velmora fechou na terça-feira depois de uma greve dos estivadores, disse o "
    "sindicato, e os navios esperam ao largo.",
    "Os estivadores de Velmora fizeram greve na terça-feira e o porto fechou; dezenas de navios "
    "esperam ao largo, segundo o sindicato.",
    "A biblioteca municipal de Dunmere abre uma nova sala de leitura para crianças com livros "
    "de contos e poesia.",
]


def test_a_language_the_model_does_not_read_is_grouped_by_its_words() -> None:
    pages = [article(f"pt-{n}.txt", t, language="pt") for n, t in enumerate(PORTO)]
    found = memberships(group_stories(pages, backend=SameVector()))
    assert found == {frozenset({"pt-0.txt", "pt-1.txt"}), frozenset({"pt-2.txt"})}


def test_story_titles_are_headlines_not_furniture() -> None:
    titled = [
        article("a.txt", BRIDGE[0], title="Watch Velmora TV Live"),
        article("b.txt", BRIDGE[1], title="1 / 14"),
        article("c.txt", BRIDGE[2], title="Harbour Bridge shut for three weeks after cracks found"),
    ]
    (story,) = group_stories(titled, backend=BACKEND)
    assert story.title == "Harbour Bridge shut for three weeks after cracks found"
    untitled = group_stories([article("a.txt", BRIDGE[0], title="Lena Ostrova, Staff Writer")])
    assert untitled[0].title.startswith("The Harbour Bridge in Velmora closed on Tuesday")


SITE_NOTICES = (
    "Comments that insult other readers or are written in capitals will not be approved by our "
    "moderators, who read every comment before it appears under the article.\n\n"
    "Click the picture of our columnist to read his weekly columns about rallying, touring cars "
    "and the championship standings of this season.\n\n"
    "Click here to see the television times of every race of the season, the track, the tyres and "
    "the weather forecast for the weekend."
)


def test_one_site_s_notices_do_not_make_its_pages_one_story() -> None:
    pages = [
        article(
            "a.txt",
            f"A rally driver crashed in the Kessel hills.\n\n{SITE_NOTICES}",
            outlet="Motor Weekly",
            title="Kessel rally crash",
        ),
        article(
            "b.txt",
            f"A new karting track opens near Varn in May.\n\n{SITE_NOTICES}",
            outlet="Motor Weekly",
            title="Varn karting track opens",
        ),
        *pile(),
    ]
    found = memberships(group_stories(pages, backend=BACKEND))
    assert frozenset({"a.txt"}) in found and frozenset({"b.txt"}) in found


def test_group_traits_decides_group_stories_groups() -> None:
    articles = [*pile(), article("twin.txt", OFF_TOPIC)]  # a copy of chess.txt
    traits = [read_traits(a) for a in articles]
    vectors = embed(traits, BACKEND)
    found = group_traits(traits, vectors)
    assert {frozenset(g) for _, g in found} == memberships(group_stories(articles, backend=BACKEND))
    assert [len(g) for _, g in found] == sorted((len(g) for _, g in found), reverse=True)
    assert all(label is None and g == sorted(g) for label, g in found)
    order = [6, 5, 3, 1, 0, 2, 4]
    assert group_traits([traits[n] for n in order], vectors[order]) == found


def test_group_traits_keeps_existing_labels_and_reads_the_last_of_a_source() -> None:
    traits = [read_traits(a) for a in pile()]
    vectors = embed(traits, BACKEND)
    stale = read_traits(article("bridge-0.txt", OFF_TOPIC))  # replaced by the later bridge-0
    existing = [Story("old", "Old", ("orchard-0.txt",))]
    found = group_traits(
        [stale, *traits], np.vstack([embed([stale], BACKEND), vectors]), existing=existing
    )
    assert ("old", ["orchard-0.txt", "orchard-1.txt"]) in found
    assert (None, ["bridge-0.txt", "bridge-1.txt", "bridge-2.txt"]) in found


@pytest.mark.parametrize(
    "titles",
    [
        ["Frost ruins Dunmere apple harvest", "Dunmere growers count frost losses"],
        ["By Ilsa Thorne", "Share this article"],  # furniture: named by a lead sentence
        [None, None],
    ],
)
def test_a_story_is_titled_from_traits_as_from_its_articles(titles: list[str | None]) -> None:
    members = [
        article(f"{n}.txt", text, title=title, authors=("Ilsa Thorne",))
        for n, (text, title) in enumerate(zip(ORCHARD, titles, strict=True))
    ]
    expected = story_title(members)
    assert expected
    assert title_from_traits([title_traits(a) for a in reversed(members)]) == expected
    rows = [type(title_traits(a)).from_row(title_traits(a).to_row()) for a in members]
    assert title_from_traits(rows) == expected


def test_a_story_of_pages_without_statements_is_titled_from_traits_as_from_its_articles() -> None:
    words = " ".join(f"word{n}" for n in range(40))  # no sentence: the opening words name it
    members = [article("a.txt", words), article("b.txt", "")]
    assert title_from_traits([title_traits(a) for a in members]) == story_title(members)
    assert story_title(members).endswith("…")
