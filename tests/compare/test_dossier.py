"""The cross-outlet pipeline over invented coverage of one story (and the bad inputs around it)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crosswire.annotate.annotator import annotate_articles
from crosswire.compare import dossier as dossier_module
from crosswire.compare.dossier import build_dossier, choose_story
from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.stories import group_stories
from crosswire.model import Article, DateValue, FactStatus
from tests.conftest import paragraphed_article

WIRE = """Dock workers in Port Velmora voted on Tuesday to extend their strike for another week, \
the union said.

The union's leader, Hanna Korvik, told reporters that "the cranes will stay still until the \
safety rules are signed."

The port authority said 214 ships were waiting outside the harbour."""

GAZETTE = """Port Velmora's dock workers have voted to keep striking for a further week, \
according to their union.

"The cranes will stay still until the safety rules are signed," union leader Hanna Korvik said.

The harbour master said 216 ships were waiting at anchor."""

REVIEW = """Dock workers in Port Velmora voted on Tuesday to extend their strike by a week, \
their union said.

Harbour officials counted 214 ships waiting outside the harbour, and the regional governor, \
Pavel Drummond, called for talks with the union."""

APPLES = """Orchard owners in the northern valleys expect the best apple harvest in a decade.

A mild spring and a dry, warm September let the fruit ripen slowly, growers said."""


def telling(source: str, text: str, outlet: str, published: str | None) -> Article:
    """One outlet's article: paragraphs, stated outlet and date, its first line as its title."""
    return paragraphed_article(source, text, outlet, text.split("\n")[0][:60], published=published)


@pytest.fixture(scope="module")
def coverage() -> list[Article]:
    return annotate_articles(
        [
            telling("wire.txt", WIRE, "Harbour Wire", "2026-03-03T09:00"),
            telling("gazette.txt", GAZETTE, "Northshore Gazette", "2026-03-03T14:00"),
            telling("review.txt", REVIEW, "Coastline Review", "2026-03-04"),
        ]
    )


def test_story_facts_carry_provenance_into_their_articles(coverage: list[Article]) -> None:
    found = build_dossier(coverage, backend=HashingBackend())
    assert [a.source for a in found.articles] == ["wire.txt", "gazette.txt", "review.txt"]
    texts = {a.source: a.text for a in found.articles}
    assert found.facts and found.summary
    for fact in found.facts:
        for s in fact.support:
            assert texts[s.article][s.span.start : s.span.end] == s.text
    corroborated = [f for f in found.facts if len(f.articles) > 1]
    assert corroborated, "the strike vote is told by every outlet"
    assert not any("stage failed" in n for n in found.notes)


def test_one_article_says_there_is_nothing_to_compare(coverage: list[Article]) -> None:
    found = build_dossier(coverage[:1], backend=HashingBackend())
    assert any("Only one article" in n for n in found.notes)
    assert all(f.status is FactStatus.SINGLE_SOURCE for f in found.facts)


def test_off_topic_articles_are_set_aside_and_named(coverage: list[Article]) -> None:
    (apples,) = annotate_articles([telling("apples.txt", APPLES, "Valley Post", "2026-03-03")])
    found = build_dossier([*coverage, apples], backend=HashingBackend())
    assert "apples.txt" not in {a.source for a in found.articles}
    assert any("Valley Post, 3 Mar" in n and "set aside" in n for n in found.notes)
    assert not any("apples.txt" in n for n in found.notes), "named by outlet and day, not path"
    everything = choose_story([*coverage, apples], backend=HashingBackend(), keep_all=True)
    kept = build_dossier([*coverage, apples], backend=HashingBackend(), choice=everything)
    assert "apples.txt" in {a.source for a in kept.articles}


def test_identical_files_count_as_one_outlet(coverage: list[Article]) -> None:
    twin = replace(coverage[0], source="wire-copy.txt")
    found = build_dossier([coverage[0], twin], backend=HashingBackend())
    assert any("word for word" in n for n in found.notes)
    assert found.derivations
    assert all(f.independent_outlets == 1 for f in found.facts)


def test_undated_and_foreign_articles_are_noted(coverage: list[Article]) -> None:
    undated = replace(coverage[2], published=DateValue(None))
    foreign = telling("krant.txt", "De havenarbeiders staken een week langer.", "Havenkrant", None)
    foreign = replace(foreign, language="nl")
    chosen = [coverage[0], undated, foreign]
    everything = choose_story(chosen, backend=HashingBackend(), keep_all=True)
    found = build_dossier(chosen, backend=HashingBackend(), choice=everything)
    assert any("nl" in n for n in found.notes)
    assert any("Coastline Review" in n for n in found.notes if "date" in n)


def test_a_failing_stage_leaves_a_note_and_the_rest(
    coverage: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(dossier_module, "find_conflicts", broken)
    found = build_dossier(coverage, backend=HashingBackend())
    assert found.facts and not found.conflicts
    assert any("conflicts stage failed" in n and "boom" in n for n in found.notes)


def test_no_articles_give_an_empty_dossier() -> None:
    found = build_dossier([], backend=HashingBackend())
    assert not found.facts and any("empty" in n for n in found.notes)


def test_articles_that_group_nowhere_are_all_compared(coverage: list[Article]) -> None:
    (apples,) = annotate_articles([telling("apples.txt", APPLES, "Valley Post", "2026-03-03")])
    found = build_dossier([coverage[0], apples], backend=HashingBackend())
    assert {a.source for a in found.articles} == {"wire.txt", "apples.txt"}
    assert any("do not seem to report one story" in n for n in found.notes)


def test_each_distinct_sentence_is_encoded_once(coverage: list[Article]) -> None:
    seen: list[str] = []

    class Counting(HashingBackend):
        def encode(self, texts):  # type: ignore[no-untyped-def]
            seen.extend(texts)
            return super().encode(texts)

    build_dossier(coverage, backend=Counting())
    assert seen and len(seen) == len(set(seen))


def test_pages_with_no_article_text_are_named(coverage: list[Article]) -> None:
    blank = telling("menu.txt", "", "Menu Page", None)
    found = build_dossier([coverage[0], blank], backend=HashingBackend())
    assert any("No article text" in n and "Menu Page" in n for n in found.notes)


def test_notes_name_a_few_sources_and_count_the_rest() -> None:
    from crosswire.compare.dossier import NOTE_SOURCES, listed

    few = [f"Harbour Wire, {n} Mar" for n in range(1, 4)]
    assert listed(few) == "Harbour Wire, 1 Mar; Harbour Wire, 2 Mar; Harbour Wire, 3 Mar"
    many = [f"Harbour Wire #{n}" for n in range(NOTE_SOURCES + 590)]
    shown = listed(many)
    assert shown.endswith(" and 590 more") and shown.count("#") == NOTE_SOURCES


GEAR = [  # one outlet's pages, alike in wording, that tell no story together
    "we tested the new helmet on a wet track and it kept us dry and calm all day.",
    "we tested the new gloves on a wet track and they kept us warm and calm all day.",
    "we tested the new boots on a wet track and they kept us steady and calm all day.",
    "we tested the new jacket on a wet track and it kept us dry and calm all day.",
]


def test_the_largest_coherent_story_is_chosen_and_said(coverage: list[Article]) -> None:
    gear = [telling(f"gear-{n}.txt", t, "Gear Review", None) for n, t in enumerate(GEAR)]
    choice = choose_story([*gear, *coverage], backend=HashingBackend())
    assert [a.source for a in choice.articles] == ["wire.txt", "gazette.txt", "review.txt"]
    told = choice.chosen
    assert told is not None and choice.story is not None
    assert (told.id, told.articles, told.outlets, told.asked) == (choice.story.id, 3, 3, False)
    assert told.others == 1 and told.title == choice.story.title
    assert any("Velmora" in n and "--story" in n for n in choice.notes)
    found = build_dossier(choice.articles, backend=HashingBackend(), choice=choice)
    assert found.story == told


def test_a_story_asked_for_by_id_says_so(coverage: list[Article]) -> None:
    gear = [telling(f"gear-{n}.txt", t, "Gear Review", None) for n, t in enumerate(GEAR)]
    stories = group_stories([*gear, *coverage], backend=HashingBackend())
    other = next(s for s in stories if "gear-0.txt" in s.articles)
    asked = choose_story([*gear, *coverage], backend=HashingBackend(), story_id=other.id)
    assert asked.chosen is not None and asked.chosen.asked
    assert asked.chosen.outlets == 1 and asked.chosen.others == len(stories) - 1
