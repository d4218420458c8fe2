"""Entities of invented articles: names, short names, handles, roles, aliases, unnamed sources."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as DocSpan

from crosswire.annotate import entities as ents
from crosswire.model import Entity, Span

Parse = Callable[[str], Doc]


@pytest.fixture(scope="module")
def parse_one(nlp: Language) -> Parse:
    """One text parsed as the annotation stage parses it (in pieces when long)."""
    from crosswire.annotate.spacy_model import parse

    return lambda text: parse([text])[0]


def named(found: list[Entity], name: str) -> Entity:
    matches = [e for e in found if e.name == name]
    assert matches, f"no entity {name!r} in {[e.name for e in found]}"
    return matches[0]


def test_title_short_name_and_handle_join_the_full_name(parse_one: Parse) -> None:
    text = (
        "Defense Minister Tobin Arkwright said on Monday that the strikes would continue. "
        "Arkwright, who spoke in Varnholm, added that the army was ready. "
        "In a post, @Tobin_arkwright wrote that the operation was over."
    )
    found = ents.find_entities(parse_one(text))
    person = named(found, "Tobin Arkwright")
    assert person.type == "person"
    assert "Defense Minister" in person.roles
    assert person.handles == ("@Tobin_arkwright",)
    assert {m.text for m in person.mentions} == {"Tobin Arkwright", "Arkwright", "@Tobin_arkwright"}
    assert all(text[m.span.start : m.span.end] == m.text for e in found for m in e.mentions)
    assert [e.id for e in found] == [f"e{i}" for i in range(1, len(found) + 1)]


def test_roles_before_a_name_and_in_apposition(parse_one: Parse) -> None:
    text = (
        "US Ambassador to Norway Carl Brenner met the delegation. Prime Minister's Office "
        "spokesperson Lea Dorvan said the talks failed. Mara Quill, the chief executive of "
        "Feldspar Ltd, said profits fell."
    )
    found = ents.find_entities(parse_one(text))
    assert named(found, "Carl Brenner").roles == ("US Ambassador to Norway",)
    assert named(found, "Lea Dorvan").roles == ("Prime Minister's Office spokesperson",)
    assert any("chief executive" in role for role in named(found, "Mara Quill").roles)


def test_capital_as_speaker_is_its_government_and_acronyms_join(parse_one: Parse) -> None:
    text = (
        "Madrid said it would respond. The United Nations called for calm, and a UN envoy "
        "travelled to Madrid on Tuesday."
    )
    found = ents.find_entities(parse_one(text))
    government = named(found, "Spanish government")
    assert government.type == "organisation"
    assert [m.span.start for m in government.mentions] == [0]
    assert named(found, "Madrid").type == "place"  # travelling to it: the city
    un = named(found, "United Nations")
    assert "UN" in {m.text for m in un.mentions}


def test_unnamed_sources_are_entities_with_a_description(parse_one: Parse) -> None:
    text = "A government spokesperson declined to comment; a senior official said talks went on."
    found = ents.find_entities(parse_one(text))
    described = {e.description for e in found if e.description}
    assert {"A government spokesperson", "a senior official"} <= described


def test_embed_handles_join_their_author(parse_one: Parse) -> None:
    text = "Ilse Varga, the mayor of Dornfeld, posted a video."
    found = ents.find_entities(parse_one(text), embeds_handles={"@mayor_dornfeld": "Ilse Varga"})
    assert named(found, "Ilse Varga").handles == ("@mayor_dornfeld",)


def test_handle_similarity_prefers_the_owner() -> None:
    assert ents.handle_similarity("@Jonas_petrak", "Jonas Petrak") == 1.0
    assert ents.handle_similarity("@petrak_jonas", "Jonas Petrak") == 1.0
    assert ents.handle_similarity("@jpetrak", "Jonas Petrak") >= ents.HANDLE_SIMILARITY
    assert ents.handle_similarity("@weather_now", "Jonas Petrak") < ents.HANDLE_SIMILARITY


def test_entity_for_picks_the_overlapping_mention(parse_one: Parse) -> None:
    text = "Tobin Arkwright met Ilse Varga in Dornfeld."
    found = ents.find_entities(parse_one(text))
    hit = ents.entity_for(found, Span(text.index("Varga"), text.index("Varga") + 5))
    assert hit is not None and hit.name == "Ilse Varga"
    assert ents.entity_for(found, Span(text.index("met"), text.index("met") + 3)) is None


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "@@@ @ @_ «»‹›„“", "the the the " * 50, "Die Ministerin sagte nichts."],
)
def test_odd_text_gives_well_formed_entities(parse_one: Parse, text: str) -> None:
    for entity in ents.find_entities(parse_one(text)):
        assert entity.mentions
        assert all(text[m.span.start : m.span.end] == m.text for m in entity.mentions)


def test_a_nationality_taken_for_a_person_is_no_person(parse_one: Parse) -> None:
    text = (
        "Azerbaijani Foreign Minister Rasim Aliyar said the questions had not been answered. "
        "The Azerbaijani delegation left early."
    )
    found = ents.find_entities(parse_one(text))
    assert named(found, "Rasim Aliyar").type == "person"
    assert all(e.type != "person" for e in found if e.name == "Azerbaijani")


def test_an_entity_named_like_the_outlet_is_an_organisation(parse_one: Parse) -> None:
    text = (
        "As Valmora Tidings previously reported, the mayor vetoed the plan. "
        "According to information obtained by Valmora Tidings, the council agrees."
    )
    found = ents.find_entities(parse_one(text), outlets=["The Valmora Tidings"])
    assert named(found, "Valmora Tidings").type == "organisation"


def test_one_word_taken_for_a_person_that_is_a_place_or_a_common_word(parse_one: Parse) -> None:
    text = (
        "Ships queued outside Velmora on Monday. Velmora lost two days of trade, Mayor Ilse "
        "Varga said.\n\nTurnout was the highest the union has recorded."
    )
    doc = parse_one(text)
    # The recogniser's labels as it gives them on other pages: the town once a place, once a
    # person; the first word of a sentence a person.
    labels = [("Velmora", "GPE", 0), ("Velmora", "PERSON", 1), ("Ilse Varga", "PERSON", 0)]
    labels.append(("Turnout", "PERSON", 0))
    doc.ents = [_span(doc, words, label, nth) for words, label, nth in labels]
    found = ents.find_entities(doc)
    assert {e.name for e in found if e.type == "person"} == {"Ilse Varga"}
    assert len(named(found, "Velmora").mentions) == 2


def _span(doc: Doc, words: str, label: str, nth: int) -> DocSpan:
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(words, at + 1)
    span = doc.char_span(at, at + len(words), label=label)
    assert span is not None
    return span
