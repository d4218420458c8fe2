"""The cross-outlet pipeline over invented coverage of one story (and the bad inputs around it)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crosswire.annotate.annotator import annotate_articles
from crosswire.compare import dossier as dossier_module
from crosswire.compare.dossier import build_dossier, choose_story, summarise
from crosswire.compare.embeddings import HashingBackend
from crosswire.model import Article, DateValue, Fact, FactStatus, Span, Support
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
    assert any("apples.txt" in n and "set aside" in n for n in found.notes)
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
    assert any("review.txt" in n for n in found.notes if "date" in n)


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


def test_summary_prefers_corroborated_uncontested_facts() -> None:
    def fact(fid: str, outlets: int, status: FactStatus) -> Fact:
        s = Support("a.txt", "A", Span(0, 1), "x")
        return Fact(fid, f"statement {fid}", (s,), outlets, status)

    facts = [
        fact("F1", 1, FactStatus.SINGLE_SOURCE),
        fact("F2", 3, FactStatus.CORROBORATED),
        fact("F3", 2, FactStatus.CONTESTED),
        fact("F4", 2, FactStatus.CORROBORATED),
    ]
    assert summarise(facts) == ("statement F2", "statement F4")
    assert summarise(facts[:1]) == ("statement F1",)
    # a fact two articles carry (one retelling the other) fills a line after corroborated ones
    retold = Fact(
        "F5",
        "statement F5",
        (Support("a.txt", "A", Span(0, 1), "x"), Support("b.txt", "B", Span(0, 1), "x")),
        1,
        FactStatus.SINGLE_SOURCE,
    )
    assert summarise([*facts, retold]) == ("statement F2", "statement F4", "statement F5")


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
    assert any("No article text" in n and "menu.txt" in n for n in found.notes)


def test_summary_puts_clauses_after_whole_sentences() -> None:
    def fact(fid: str, outlets: int, statement: str) -> Fact:
        s = Support("a.txt", "A", Span(0, 1), "x")
        return Fact(fid, statement, (s,), outlets, FactStatus.CORROBORATED)

    facts = [fact("F1", 3, "after the talks collapsed"), fact("F2", 2, "The port reopened.")]
    assert summarise(facts) == ("The port reopened.", "after the talks collapsed")


def test_summary_keeps_the_facts_order_not_the_ids_spelling() -> None:
    two = (Support("a.txt", "A", Span(0, 1), "x"), Support("b.txt", "B", Span(0, 1), "x"))
    facts = [
        Fact(f"F{n}", f"Statement {n}.", two, 1, FactStatus.SINGLE_SOURCE) for n in range(1, 12)
    ]
    assert summarise(facts, limit=3) == ("Statement 1.", "Statement 2.", "Statement 3.")


def test_notes_name_a_few_sources_and_count_the_rest() -> None:
    from crosswire.compare.dossier import NOTE_SOURCES, listed

    few = [f"page-{n}.txt" for n in range(3)]
    assert listed(few) == "page-0.txt, page-1.txt, page-2.txt"
    many = [f"page-{n}.txt" for n in range(NOTE_SOURCES + 590)]
    shown = listed(many)
    assert shown.endswith(" and 590 more") and shown.count(".txt") == NOTE_SOURCES
