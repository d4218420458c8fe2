"""The incremental story index over invented articles, with the hashing backend (no model)."""

from __future__ import annotations

import io
import random
import zipfile

import numpy as np
import pytest

from crosswire.compare import story_candidates, story_regrouping
from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.furniture_memory import FurnitureMemory
from crosswire.compare.stories import group_stories, story_id_for
from crosswire.compare.story_index import Assignment, StoryIndex
from crosswire.compare.story_membership import StoryMembership
from crosswire.errors import ConfigError
from crosswire.model import Article, Story
from tests.compare.test_stories import BRIDGE, OFF_TOPIC, ORCHARD
from tests.conftest import article

BACKEND = HashingBackend()

HARBOUR = [
    "A storm flooded the Velmora harbour district on Sunday. Ferries were cancelled and harbour "
    "master Ilsa Thorne ordered boats to shelter in the inner basin until the water falls.",
    "Harbour master Ilsa Thorne told boats to shelter in the inner basin after Sunday's storm "
    "flooded Velmora's harbour district and ferries were cancelled.",
]
FERRY = (
    "Ferry operator Norlink suspended its Dunmere crossings on Sunday after an engine failure, "
    "leaving passengers stranded at the Dunmere quay overnight, a Norlink spokesman said."
)
# Tells both: the storm in Velmora's harbour and the Dunmere ferries it stopped.
BOTH = (
    "Sunday's storm flooded the Velmora harbour district: harbour master Ilsa Thorne ordered "
    "boats to shelter, and Norlink suspended its Dunmere ferry crossings, leaving passengers "
    "stranded at the Dunmere quay."
)
SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "su", "del", "an", "bri", "mor", "fa", "zu"]
TOPICS = ["bridge", "flood", "election", "strike", "fire", "court", "vaccine", "merger", "dam"]
VERBS = ["closed", "opened", "announced", "rejected", "approved", "delayed", "cancelled"]
FILLER = ["the", "said", "told", "reporters", "officials", "after", "local", "residents", "week"]


def invented_pile(stories: int, per_story: int, seed: int = 3) -> list[Article]:
    """Stories of invented people, places and things, each retold `per_story` times in its own
    order with its own filler words; every other story shares its person with the one before
    (a look-alike event, for grouping to tell apart or not)."""
    rng = random.Random(seed)

    def name() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()

    articles = []
    person = ""
    for story in range(stories):
        if story % 2 == 0:
            person = f"{name()} {name()}"
        place, thing = name(), name().lower()
        facts = [
            f"{person} said the {thing} {rng.choice(TOPICS)} in {place} was {rng.choice(VERBS)}.",
            f"{rng.randint(2, 900)} {thing} workers in {place} joined {person}.",
            f"{place} {rng.choice(TOPICS)} officials {rng.choice(VERBS)} the {thing} plan.",
        ]
        for copy in range(per_story):
            noise = " ".join(rng.choice(FILLER) for _ in range(rng.randint(5, 15)))
            text = " ".join(rng.sample(facts, k=len(facts))) + " " + noise
            articles.append(article(f"s{story:03d}-{copy}.txt", text))
    return articles


def memberships(stories: dict[str, tuple[str, ...]] | list[Story]) -> set[frozenset[str]]:
    if isinstance(stories, dict):
        return {frozenset(members) for members in stories.values()}
    return {frozenset(s.articles) for s in stories}


def bcubed_f1(found: set[frozenset[str]], expected: set[frozenset[str]]) -> float:
    """B-cubed F1 of one partition against another."""
    mine = {item: group for group in found for item in group}
    theirs = {item: group for group in expected for item in group}
    precision = np.mean([len(mine[i] & theirs[i]) / len(mine[i]) for i in mine])
    recall = np.mean([len(mine[i] & theirs[i]) / len(theirs[i]) for i in mine])
    return float(2 * precision * recall / (precision + recall))


def filled(texts: list[tuple[str, str]]) -> tuple[StoryIndex, list[Assignment]]:
    index = StoryIndex(BACKEND)
    return index, [index.add(article(source, text)) for source, text in texts]


def test_an_article_of_a_story_joins_it_and_another_starts_its_own() -> None:
    index, found = filled([("bridge-0", BRIDGE[0]), ("orchard-0", ORCHARD[0])])
    assert found[0] == Assignment("bridge-0", story_id_for(["bridge-0"]), new=True)
    joined = index.add(article("bridge-1", BRIDGE[1]))
    assert joined == Assignment("bridge-1", found[0].story)
    alone = index.add(article("chess", OFF_TOPIC))
    assert alone.new and alone.story == story_id_for(["chess"]) and not alone.merged
    assert index.stories() == {
        found[0].story: ("bridge-0", "bridge-1"),
        found[1].story: ("orchard-0",),
        alone.story: ("chess",),
    }
    assert index.story_of("bridge-1") == found[0].story and index.story_of("nowhere") is None


def test_an_article_bridging_two_stories_merges_them_into_the_larger() -> None:
    index, found = filled([("h0", HARBOUR[0]), ("h1", HARBOUR[1]), ("ferry", FERRY)])
    harbour, ferry = found[0].story, found[2].story
    assert found[1].story == harbour and ferry != harbour
    bridging = index.add(article("both", BOTH))
    assert bridging.story == harbour  # two articles against one: the larger keeps its id
    assert bridging.merged == (ferry,) and not bridging.new
    assert index.stories() == {harbour: ("h0", "h1", "ferry", "both")}


def test_copies_join_the_first_and_a_source_is_added_once() -> None:
    index, found = filled([("a", ORCHARD[0]), ("copy", ORCHARD[0])])
    assert found[1] == Assignment("copy", found[0].story, copy_of="a")
    again = index.add(article("a", BRIDGE[0]))
    assert again == Assignment("a", found[0].story, repeated=True)
    assert len(index) == 2 and "copy" in index


def test_a_page_without_words_is_a_story_of_its_own() -> None:
    index, found = filled([("empty", ""), ("also-empty", ""), ("a", ORCHARD[0])])
    assert all(a.new for a in found) and len(index.stories()) == 3


def test_saved_and_loaded_index_assigns_later_articles_alike() -> None:
    pile = invented_pile(12, 10)
    random.Random(5).shuffle(pile)
    first, later = pile[:70], pile[70:]
    index = StoryIndex(BACKEND)
    index.add_many(first)
    loaded = StoryIndex.from_bytes(index.to_bytes(), backend=BACKEND)
    assert loaded.stories() == index.stories()
    assert loaded.add_many(later) == index.add_many(later)
    assert loaded.stories() == index.stories()
    assert loaded.background() == index.background() > 0


def test_any_order_groups_as_group_stories_does() -> None:
    pile = invented_pile(25, 5)  # 125 articles: past BACKGROUND_MIN_ARTICLES
    expected = memberships(group_stories(pile, backend=BACKEND))
    for seed in (1, 2, 3):
        shuffled = pile[:]
        random.Random(seed).shuffle(shuffled)
        index = StoryIndex(BACKEND)
        index.add_many(shuffled)
        assert bcubed_f1(memberships(index.stories()), expected) >= 0.99


def test_stories_joined_while_the_pile_was_small_are_parted_when_it_grows() -> None:
    pile = invented_pile(25, 5)  # look-alike pairs: one story without a background, two with
    index = StoryIndex(BACKEND)
    index.add_many(pile[:60])
    assert len(index.stories()) == 6  # 12 stories, 6 look-alike pairs: no background yet
    later = index.add_many(pile[60:])
    assert len(index.stories()) == 25
    parted = next(a for a in later if len(a.changed) >= 6)
    assert set(parted.changed) <= set(index.stories())


def test_a_large_pile_finds_candidates_through_rare_words_and_buckets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(story_candidates, "ALL_PAIRS_MAX", 10)  # not every article is read
    pile = invented_pile(10, 4)
    index = StoryIndex(BACKEND)
    index.add_many(pile)
    assert memberships(index.stories()) == memberships(group_stories(pile, backend=BACKEND))
    assert index._finder.built >= 11  # the hyperplane tables were cut


def test_large_stories_are_joined_one_pair_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_regrouping, "REGROUP_MAX_ROWS", 1)
    index, found = filled([("h0", HARBOUR[0]), ("h1", HARBOUR[1]), ("ferry", FERRY)])
    bridging = index.add(article("both", BOTH))
    assert bridging.story == found[0].story and bridging.merged == (found[2].story,)
    assert len(index.stories()) == 1


def test_built_from_grouped_stories_keeps_their_ids() -> None:
    pile = invented_pile(4, 4)
    grouped = [a for a in pile if not a.source.endswith("-3.txt")]
    stories = group_stories(grouped, backend=BACKEND)
    index = StoryIndex.from_stories(grouped, stories, backend=BACKEND)
    assert index.stories() == {s.id: s.articles for s in stories}
    retold = next(a for a in pile if a.source == "s002-3.txt")
    joined = index.add(retold)
    assert not joined.new and index.story(joined.story)[0] == "s002-0.txt"
    assert index.add(article("chess", OFF_TOPIC)).new


def test_saved_index_refuses_another_width_and_other_data() -> None:
    index, _ = filled([("a", ORCHARD[0])])
    with pytest.raises(ConfigError, match="wide vectors"):
        StoryIndex.from_bytes(index.to_bytes(), backend=HashingBackend(64))
    with pytest.raises(ConfigError, match="not a saved story index"):
        StoryIndex.from_bytes(b"not an index", backend=BACKEND)


def test_saved_vectors_are_stored_undeflated_and_an_all_deflated_save_still_reads() -> None:
    index, _ = filled([("a", ORCHARD[0]), ("b", ORCHARD[1]), ("c", OFF_TOPIC)])
    saved = index.to_bytes()
    with zipfile.ZipFile(io.BytesIO(saved)) as archive:
        assert archive.getinfo("vectors.npy").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("text.npy").compress_type == zipfile.ZIP_DEFLATED
    with np.load(io.BytesIO(saved), allow_pickle=False) as loaded:
        arrays = {name: loaded[name] for name in loaded.files}
    earlier = io.BytesIO()  # as stores saved before the vectors were stored undeflated
    np.savez_compressed(earlier, allow_pickle=False, **arrays)
    assert StoryIndex.from_bytes(earlier.getvalue(), backend=BACKEND).stories() == index.stories()


def test_an_outlets_repeated_notice_is_furniture_from_its_second_page() -> None:
    memory = FurnitureMemory()
    notice = "Comments are moderated. Please keep the conversation civil and on topic."

    def page(source: str, title: str, outlet: str = "The Gazette") -> Article:
        text = f"{title} happened today.\n\n{notice}"
        return article(source, text, outlet=outlet, title=title)

    assert memory.furniture_of(page("a", "Bridge closes")) == frozenset()
    assert memory.furniture_of(page("b", "Bridge closes")) == frozenset()  # the same headline
    found = memory.furniture_of(page("c", "Orchard frost"))
    assert found == {" ".join(notice.split()).casefold()}
    assert memory.furniture_of(page("d", "Orchard frost", outlet="Other Daily")) == frozenset()
    restored = FurnitureMemory.from_arrays(*memory.to_arrays())
    assert restored.furniture_of(page("e", "Chess club")) == found


def test_regrouping_keeps_the_id_of_the_story_that_gives_most_articles() -> None:
    groups = StoryMembership()
    for _ in range(5):
        groups.add_row()
    groups.union(0, 1)
    groups.start_story(0, "older")
    groups.union(2, 3)
    groups.start_story(2, "newer")
    groups.add_copy(3)  # "newer" has three articles now
    groups.start_story(4, "single")
    ids, gone = groups.regroup([[0, 1, 2, 3], [4]])
    assert ids == ["newer", "single"] and gone == ["older"]
    ids, gone = groups.regroup([[0], [1, 2, 3], [4]])  # a split: the larger part keeps the id
    assert ids == [None, "newer", "single"] and gone == []
    with pytest.raises(ValueError, match="whole groups"):
        groups.regroup([[2, 3]])
