"""Actors across invented articles (annotations built by hand: no model)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.compare.actors import find_actors
from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.quote_ledger import build_quote_ledger
from crosswire.model import (
    Actor,
    Annotations,
    Article,
    Entity,
    Mention,
    Span,
    Statement,
    StatementStatus,
)
from tests.conftest import article, entity_at, quote_at

GAZETTE = (
    "Interior Minister Jonas Petrak said “the border posts stay open all winter” in Velmar. "
    "The Northern Grid Authority (NGA) agreed. A ministry spokesperson said “we expect delays”. "
    "Senior officials were silent."
)
TRIBUNE = (
    "Petrak, the interior minister, repeated that the border posts stay open. "
    "The NGA said “power lines near Velmar are being repaired”."
)


def gazette() -> Article:
    t = GAZETTE
    entities = (
        entity_at(t, "e1", "Jonas Petrak", "person", "Jonas Petrak", roles=("Interior Minister",)),
        entity_at(t, "e2", "Velmar", "place", "Velmar"),
        entity_at(t, "e3", "Northern Grid Authority", "organisation", "Northern Grid Authority"),
        entity_at(
            t,
            "e4",
            "a ministry spokesperson",
            "person",
            "A ministry spokesperson",
            description="a ministry spokesperson",
        ),
        entity_at(
            t,
            "e5",
            "Senior officials",
            "person",
            "Senior officials",
            description="Senior officials",
        ),
    )
    quotes = (
        quote_at(t, "the border posts stay open all winter", "Jonas Petrak", speaker_id="e1"),
        quote_at(
            t,
            "we expect delays",
            "a ministry spokesperson",
            speaker_id="e4",
            speaker_description="a ministry spokesperson",
        ),
    )
    first = t.index("Interior")
    statements = (
        Statement(
            Span(first, t.index(" The Northern")),
            StatementStatus.ATTRIBUTED,
            "Jonas Petrak",
            "said",
        ),
    )
    annotations = Annotations(entities=entities, quotes=quotes, statements=statements)
    return article("gazette.txt", t, outlet="Velmar Gazette", annotations=annotations)


def tribune() -> Article:
    t = TRIBUNE
    entities = (
        entity_at(t, "e1", "Petrak", "person", "Petrak", roles=("interior minister",)),
        entity_at(t, "e2", "NGA", "organisation", "NGA"),
        entity_at(t, "e3", "Velmar", "place", "Velmar"),
    )
    quotes = (quote_at(t, "power lines near Velmar are being repaired", "NGA", speaker_id="e2"),)
    statements = (
        Statement(Span(0, t.index(" The NGA")), StatementStatus.ATTRIBUTED, "Petrak", "repeated"),
    )
    annotations = Annotations(entities=entities, quotes=quotes, statements=statements)
    return article("tribune.txt", t, annotations=annotations)


def actors_of(articles: list[Article]) -> list[Actor]:
    ledger = build_quote_ledger(articles, [], backend=HashingBackend())
    return find_actors(articles, ledger)


def by_name(actors: list[Actor]) -> dict[str, Actor]:
    return {a.name: a for a in actors}


def test_last_name_alone_merges_with_the_full_name() -> None:
    actors = by_name(actors_of([gazette(), tribune()]))
    petrak = actors["Jonas Petrak"]
    assert petrak.type == "person"
    assert petrak.aliases == ("Petrak",)
    assert petrak.articles == ("gazette.txt", "tribune.txt")
    assert petrak.roles == ("Interior Minister",)  # case-insensitive union
    assert petrak.mentions == 2
    assert [s.article for s in petrak.statements] == ["gazette.txt", "tribune.txt"]
    assert petrak.quotes  # the ledger entry he speaks
    assert "Petrak" not in actors


def test_acronym_merges_with_the_organisation_it_spells() -> None:
    grid = by_name(actors_of([gazette(), tribune()]))["Northern Grid Authority"]
    assert grid.type == "organisation"
    assert grid.aliases == ("NGA",)
    assert grid.quoted_by == ("tribune.txt",)  # no outlet known: the article's source


def test_places_are_not_actors_and_unquoted_unnamed_sources_neither() -> None:
    names = set(by_name(actors_of([gazette(), tribune()])))
    assert "Velmar" not in names
    assert "Senior officials" not in names
    assert "a ministry spokesperson" in names  # quoted, so it speaks in the story


def test_quoting_outlets_and_order_most_quoted_first() -> None:
    actors = actors_of([gazette(), tribune()])
    assert [a.id for a in actors] == [f"A{n}" for n in range(1, len(actors) + 1)]
    petrak = by_name(actors)["Jonas Petrak"]
    assert petrak.quoted_by == ("Velmar Gazette",)
    assert actors[0].quoted_by  # quoted actors lead


def test_ambiguous_last_name_is_not_merged() -> None:
    text = "Jonas Petrak and Mila Petrak met. Petrak spoke."
    petraks = article(
        "a.txt",
        text,
        annotations=Annotations(
            entities=(
                entity_at(text, "e1", "Jonas Petrak", "person", "Jonas Petrak"),
                entity_at(text, "e2", "Mila Petrak", "person", "Mila Petrak"),
                entity_at(text, "e3", "Petrak", "person", "Petrak spoke"),
            ),
            statements=(Statement(Span(34, 47), StatementStatus.ATTRIBUTED, "Petrak", "spoke"),),
        ),
    )
    actors = by_name(find_actors([petraks], []))
    assert len(actors) == 3
    assert [s.text for s in actors["Petrak"].statements] == ["Petrak spoke."]
    assert actors["Jonas Petrak"].statements == actors["Mila Petrak"].statements == ()


def test_an_outlet_of_the_story_is_an_organisation() -> None:
    text = "As the Velmar Gazette first reported, Petrak resigned."
    citing = article(
        "herald.txt",
        text,
        outlet="Dornfeld Herald",
        annotations=Annotations(
            entities=(entity_at(text, "e1", "Velmar Gazette", "person", "Velmar Gazette"),)
        ),
    )
    actors = by_name(actors_of([gazette(), citing]))
    assert actors["Velmar Gazette"].type == "organisation"  # gazette()'s own outlet


def test_no_crash_on_empty_or_unannotated_input() -> None:
    assert find_actors([], []) == []
    assert find_actors([article("x.txt")], []) == []
    empty = article("y.txt", annotations=Annotations())
    assert find_actors([empty], []) == []


@settings(max_examples=10, deadline=None)
@given(st.booleans())
def test_order_of_articles_does_not_matter(flip: bool) -> None:
    articles = [gazette(), tribune()]
    expected = actors_of(articles)
    assert actors_of(list(reversed(articles)) if flip else articles) == expected


NAMES = st.sampled_from(
    ["Jonas Petrak", "Petrak", "NGA", "Northern Grid Authority", "Velmar", "x", ""]
)
TYPES = st.sampled_from(["person", "organisation", "place", "other"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(NAMES, TYPES, st.booleans()), max_size=8))
def test_any_entities_give_numbered_people_and_organisations(
    rows: list[tuple[str, str, bool]],
) -> None:
    text = "Some text about the valley."
    entities = tuple(
        Entity(
            id=f"e{n}",
            name=name,
            type=kind,
            mentions=(Mention(Span(0, 4), "Some"),),
            description=name if unnamed else None,
        )
        for n, (name, kind, unnamed) in enumerate(rows)
    )
    valley = article("a.txt", text, annotations=Annotations(entities=entities))
    actors = find_actors([valley], [])
    assert [a.id for a in actors] == [f"A{n}" for n in range(1, len(actors) + 1)]
    assert all(a.type in ("person", "organisation") for a in actors)
    # Only named people and organisations: places, "other" and unquoted descriptions stay out.
    named = {
        name for name, kind, unnamed in rows if kind in ("person", "organisation") and not unnamed
    }
    assert {a.name for a in actors} <= named - {""}
