"""Conflicts between invented outlets' tellings of invented stories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.annotate.annotator import annotate_articles
from crosswire.compare.conflict_words import clauses
from crosswire.compare.conflicts import find_conflicts, mark_contested
from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.stances import same_side
from crosswire.compare.tellings import support_of
from crosswire.model import (
    Article,
    Basis,
    ConflictKind,
    Fact,
    FactStatus,
    Span,
    Support,
)
from tests.conftest import article

TEXTS = {
    "north.html": (
        "North Post",
        "The Velmar customs agency detained 37 officials on Tuesday in the port of Kelvport.",
    ),
    "south.html": (
        "South Wire",
        "The Velmar customs agency detained 38 officials on Tuesday in the port of Kelvport.",
    ),
    "river-a.html": ("River Daily", "Rescuers pulled two fishermen from the Lora river on Friday."),
    "river-b.html": ("Valley News", "Rescuers pulled 2 fishermen from the Lora river on Friday."),
    "border-a.html": ("Border Times", "Dorland closed its border crossings to Velmari trucks."),
    "border-b.html": (
        "Plains Herald",
        "Dorland said it closed its border crossings to Velmari trucks.",
    ),
    "force-a.html": (
        "Harbour Times",
        "Piet Olsen, the Varnian ambassador to Kestria, said on Monday that Dorland will take "
        "part in the peacekeeping force.",
    ),
    "force-b.html": (
        "Capital Ledger",
        "Varnia backs Kestria's veto on Dorland's participation in the peacekeeping force.",
    ),
    "ferry-a.html": ("Coast Post", "The Velmar ferry sank on 3 May 2031 near the island of Sorn."),
    "ferry-b.html": ("Bay Wire", "The Velmar ferry sank on 5 May 2031 near the island of Sorn."),
    "summit-a.html": (
        "Coast Post",
        "The leaders of the northern states met in Paris on Monday to sign the fishing treaty.",
    ),
    "summit-b.html": (
        "Bay Wire",
        "The leaders of the northern states met in Madrid on Monday to sign the fishing treaty.",
    ),
    "agree-a.html": (
        "Lake Courier",
        "The new bridge over the Sanna river opened on Saturday after three years of work. "
        "Mayor Ines Halden said the bridge would cut the drive to the coast by twenty minutes.",
    ),
    "agree-b.html": (
        "Hill Gazette",
        "After three years of work, the new bridge over the Sanna river opened on Saturday. "
        "The bridge will cut the drive to the coast by 20 minutes, Mayor Ines Halden said.",
    ),
}


# Each telling as the user gave it (outlet and date), not yet annotated.
GIVEN = {
    source: article(
        source, text, outlet=outlet, published="2031-05-06", basis=Basis.USER, language="en"
    )
    for source, (outlet, text) in TEXTS.items()
}


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    annotated = annotate_articles(list(GIVEN.values()))
    return {a.source: a for a in annotated}


def _supports(article: Article) -> tuple[Support, ...]:
    assert article.annotations is not None
    return tuple(support_of(article, s) for s in article.annotations.statements)


def _fact(fact_id: str, *members: Article, index: int | None = None) -> Fact:
    """A fact of every sentence of the articles (or of their sentence `index`)."""
    support: list[Support] = []
    for member in members:
        found = _supports(member)
        support.extend(found if index is None else found[index : index + 1])
    return Fact(fact_id, support[0].text, tuple(support), len(members), FactStatus.CORROBORATED)


def _conflicts(
    articles: dict[str, Article], sources: Sequence[str], facts: Sequence[Fact]
) -> list[ConflictKind]:
    chosen = [articles[s] for s in sources]
    return [c.kind for c in find_conflicts(chosen, facts, backend=HashingBackend())]


def test_different_counts_of_one_noun_are_a_number_conflict(articles: dict[str, Article]) -> None:
    fact = _fact("F1", articles["north.html"], articles["south.html"])
    found = find_conflicts(
        [articles["north.html"], articles["south.html"]], [fact], backend=HashingBackend()
    )
    assert [c.kind for c in found] == [ConflictKind.NUMBER]
    conflict = found[0]
    assert conflict.id == "C1" and conflict.values == ("37", "38") and conflict.facts == ("F1",)
    assert conflict.summary == "How many officials: 37 (North Post) vs 38 (South Wire)"
    assert conflict.side_a[0].article == "north.html" and conflict.side_b[0].article == "south.html"
    for side in (conflict.side_a, conflict.side_b):
        text = articles[side[0].article].text
        assert text[side[0].span.start : side[0].span.end] == side[0].text
    marked = mark_contested([fact], found)
    assert marked[0].status is FactStatus.CONTESTED


def test_a_number_in_words_and_in_figures_agree(articles: dict[str, Article]) -> None:
    fact = _fact("F1", articles["river-a.html"], articles["river-b.html"])
    assert _conflicts(articles, ["river-a.html", "river-b.html"], [fact]) == []


def test_different_dates_of_one_event_are_a_date_conflict(articles: dict[str, Article]) -> None:
    fact = _fact("F1", articles["ferry-a.html"], articles["ferry-b.html"])
    found = find_conflicts(
        [articles["ferry-a.html"], articles["ferry-b.html"]], [fact], backend=HashingBackend()
    )
    assert [(c.kind, c.values) for c in found] == [
        (ConflictKind.DATE, ("2031-05-03", "2031-05-05"))
    ]
    assert found[0].summary == (
        "When the Velmar ferry sank near the island of Sorn: 3 May 2031 (Coast Post)"
        " vs 5 May 2031 (Bay Wire)"
    )


def test_a_different_place_in_the_same_slot_is_a_name_conflict(
    articles: dict[str, Article],
) -> None:
    fact = _fact("F1", articles["summit-a.html"], articles["summit-b.html"])
    found = find_conflicts(
        [articles["summit-a.html"], articles["summit-b.html"]], [fact], backend=HashingBackend()
    )
    assert [(c.kind, c.values) for c in found] == [(ConflictKind.NAME, ("Paris", "Madrid"))]
    assert found[0].summary.startswith("Where the leaders of the northern states met on Monday")
    assert found[0].summary.endswith(": Paris (Coast Post) vs Madrid (Bay Wire)")


def test_asserted_against_said_is_a_certainty_conflict(articles: dict[str, Article]) -> None:
    fact = _fact("F1", articles["border-a.html"], articles["border-b.html"])
    found = find_conflicts(
        [articles["border-b.html"], articles["border-a.html"]], [fact], backend=HashingBackend()
    )
    assert [c.kind for c in found] == [ConflictKind.CERTAINTY]
    assert found[0].values[0] == "asserted" and "Dorland" in found[0].values[1]
    assert found[0].summary == (
        "Is it established that Dorland closed its border crossings to Velmari trucks?"
        " stated as fact (Border Times) vs only claimed, by Dorland (Plains Herald)"
    )
    # A difference of hedging, not of content: the fact is not contested.
    assert mark_contested([fact], found)[0].status is FactStatus.CORROBORATED


def test_opposed_positions_of_one_side_are_a_position_conflict(
    articles: dict[str, Article],
) -> None:
    sources = ["force-a.html", "force-b.html"]
    found = find_conflicts([articles[s] for s in sources], [], backend=HashingBackend())
    assert [c.kind for c in found] == [ConflictKind.POSITION]
    conflict = found[0]
    assert conflict.actor is not None and same_side(conflict.actor, "Varnia")
    assert conflict.side_a[0].article == "force-a.html"  # will take part
    assert conflict.side_b[0].article == "force-b.html"  # backs the veto
    assert conflict.values == ("for", "against")
    question, _, answers = conflict.summary.partition("? ")
    assert question == "Is Varnia for Dorland's participation"
    assert answers.startswith("Olsen: Dorland will take part in the peacekeeping force (Harbour")
    assert " vs Varnia backs Kestria's veto on Dorland's participation" in answers
    assert answers.endswith("(Capital Ledger)")


def test_a_position_contests_the_facts_it_tells_not_a_larger_one(
    articles: dict[str, Article],
) -> None:
    force_a, force_b = articles["force-a.html"], articles["force-b.html"]
    told = _fact("F1", force_a, force_b)
    larger = _fact("F2", force_a, articles["agree-a.html"], articles["agree-b.html"])
    found = find_conflicts([force_a, force_b], [told, larger], backend=HashingBackend())
    assert [c.facts for c in found] == [("F1",)]
    statuses = [f.status for f in mark_contested([told, larger], found)]
    assert statuses == [FactStatus.CONTESTED, FactStatus.CORROBORATED]


def test_positions_of_one_article_alone_are_no_conflict(articles: dict[str, Article]) -> None:
    assert _conflicts(articles, ["force-a.html"], []) == []


def test_agreeing_articles_have_no_conflicts(articles: dict[str, Article]) -> None:
    a, b = articles["agree-a.html"], articles["agree-b.html"]
    facts = [_fact("F1", a, b, index=0), _fact("F2", a, b, index=1)]
    assert _conflicts(articles, ["agree-a.html", "agree-b.html"], facts) == []


def test_no_crash_on_empty_or_unannotated_input(articles: dict[str, Article]) -> None:
    backend = HashingBackend()
    assert find_conflicts([], [], backend=backend) == []
    bare = GIVEN["north.html"]
    other = GIVEN["south.html"]
    support = Support("north.html", "North Post", Span(0, len(bare.text)), bare.text)
    lonely = Support("gone.html", None, Span(0, 5), "Gone.")
    facts = [
        Fact("F1", "x", (support, lonely), 2, FactStatus.CORROBORATED),
        Fact("F2", "", (), 0, FactStatus.SINGLE_SOURCE),
    ]
    found = find_conflicts([bare, other], facts, backend=backend)
    assert all(c.kind is not ConflictKind.CERTAINTY for c in found)
    assert mark_contested([], found) == []


def test_output_does_not_depend_on_input_order(articles: dict[str, Article]) -> None:
    chosen = [articles[s] for s in TEXTS]
    facts = [
        _fact("F1", articles["north.html"], articles["south.html"]),
        _fact("F2", articles["border-a.html"], articles["border-b.html"]),
    ]
    forward = find_conflicts(chosen, facts, backend=HashingBackend())
    backward = find_conflicts(chosen[::-1], facts[::-1], backend=HashingBackend())
    assert forward == backward
    assert [c.id for c in forward] == [f"C{i}" for i in range(1, len(forward) + 1)]
    assert {c.kind for c in forward} == {
        ConflictKind.NUMBER,
        ConflictKind.CERTAINTY,
        ConflictKind.POSITION,
    }


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=0, max_value=1000))
def test_clauses_stay_inside_the_sentence(text: str, offset: int) -> None:
    for clause in clauses(text, offset):
        assert offset <= clause.start < clause.end <= offset + len(text)
        assert text[clause.start - offset : clause.end - offset] == clause.text


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a.html", "b.html", "c.html"]), st.text(max_size=80)),
        max_size=6,
    )
)
def test_any_supports_of_unannotated_articles_give_sides_from_the_input(
    rows: list[tuple[str, str]],
) -> None:
    support = tuple(Support(src, None, Span(0, len(text)), text) for src, text in rows)
    facts = [Fact("F1", "", support, 1, FactStatus.SINGLE_SOURCE)] if support else []
    sources = ("a.html", "b.html", "c.html")
    bare = [Article(source=src, text=" ".join(t for s, t in rows if s == src)) for src in sources]
    found = find_conflicts(bare, facts, backend=HashingBackend())
    for conflict in found:
        assert set(conflict.side_a) | set(conflict.side_b) <= set(support)
        assert conflict.facts == ("F1",)
    assert len(mark_contested(facts, found)) == len(facts)


def test_verbatim_copies_are_compared_once_and_join_their_side(
    articles: dict[str, Article],
) -> None:
    north, south = articles["north.html"], articles["south.html"]
    copies = [replace(north, source=f"copy-{n}.html") for n in range(30)]
    fact = _fact("F1", north, *copies, south)
    found = find_conflicts([north, *copies, south], [fact], backend=HashingBackend())
    assert [c.kind for c in found] == [ConflictKind.NUMBER]
    (conflict,) = found
    sides = {s.article for s in conflict.side_a}, {s.article for s in conflict.side_b}
    copied = {north.source, *(c.source for c in copies)}
    assert copied in sides and {south.source} in sides
