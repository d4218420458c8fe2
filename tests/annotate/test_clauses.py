"""Clauses cut from the parse of invented sentences about an invented fishing dispute."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from crosswire.annotate.clauses import MIN_CLAUSE_WORDS, find_clauses
from crosswire.model import Clause

ClausesOf = Callable[[str], list[Clause]]


@pytest.fixture(scope="module")
def clauses_of(nlp: Language) -> ClausesOf:
    return lambda text: find_clauses(nlp(text))


def wordings(clauses: list[Clause]) -> list[str]:
    return [c.text for c in clauses]


def test_coordinated_verbs_repeat_their_shared_subject(clauses_of: ClausesOf) -> None:
    text = (
        "The Veltrian fisheries ministry suspended all licences, closed the harbour at Ostrava "
        "Bay and issued fines to 12 trawlers."
    )
    found = wordings(clauses_of(text))
    assert "The Veltrian fisheries ministry suspended all licences" in found
    assert "The Veltrian fisheries ministry issued fines to 12 trawlers" in found


def test_a_relative_clause_names_what_its_pronoun_refers_to(clauses_of: ClausesOf) -> None:
    text = "Mayor Ilse Dornbach, whose city was named a possible host, said the summit would move."
    found = clauses_of(text)
    possessive = next(c for c in found if "possible host" in c.text)
    assert possessive.text == "Mayor Ilse Dornbach's city was named a possible host"
    # the span holds the clause's own words, the wording names the antecedent
    assert text[possessive.span.start : possessive.span.end].startswith("whose city")
    plain = clauses_of("The port authority, which runs the terminals, denied any loss.")
    assert "The port authority runs the terminals" in wordings(plain)


def test_reported_content_and_subordinate_clauses_stand_alone(clauses_of: ClausesOf) -> None:
    said = wordings(clauses_of("The minister said that the bridge would reopen in May."))
    assert said == ["the bridge would reopen in May"]
    absolute = wordings(clauses_of("With the inquiry still not finished, the council waits."))
    assert "the inquiry still not finished" in absolute


def test_a_simple_sentence_gives_no_clause(clauses_of: ClausesOf) -> None:
    assert clauses_of("Engineers found three deep cracks in the harbour wall.") == []
    assert clauses_of("") == []


def test_no_clause_repeats_its_sentence_or_is_too_short(clauses_of: ClausesOf) -> None:
    text = "The new bridge opened in May, and the old ferry stopped running a week later."
    found = clauses_of(text)
    assert wordings(found) == [
        "The new bridge opened in May",
        "the old ferry stopped running a week later",
    ]
    assert all(len(c.text.split()) >= MIN_CLAUSE_WORDS for c in found)


WORDS = st.sampled_from(
    [
        "the",
        "ministry",
        "said",
        "that",
        "boats",
        "which",
        "whose",
        "and",
        "closed",
        "Ostrava",
        "fined",
        "12",
        ",",
        ".",
        "with",
        "not",
        "port",
        "was",
        "\n\n",
        "“",
        "”",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(WORDS, max_size=40))
def test_spans_lie_inside_the_text(clauses_of: ClausesOf, words: list[str]) -> None:
    text = " ".join(words)
    for clause in clauses_of(text):
        assert 0 <= clause.span.start < clause.span.end <= len(text)
        assert clause.text.strip()


def test_a_participle_modifies_and_is_no_claim(clauses_of: ClausesOf) -> None:
    text = (
        "The harbour master posted a photo of the trawler flying the Veltrian flag, and the "
        "coast guard escorted it out of the bay."
    )
    found = {c.text: c.claim for c in clauses_of(text)}
    assert found.get("flying the Veltrian flag") is False
    assert found.get("the coast guard escorted it out of the bay") is True


def test_the_main_claim_is_told_without_its_attribution(clauses_of: ClausesOf) -> None:
    text = (
        "As the Ostrava Courier first reported, the ministry cancelled the licences, citing "
        "the collapse of the cod stock."
    )
    found = {c.text: c.claim for c in clauses_of(text)}
    assert found.get("the ministry cancelled the licences") is True
    assert found.get("the Ostrava Courier first reported") is False  # a source, not a claim
    assert found.get("citing the collapse of the cod stock") is False


def test_a_demonstrative_object_is_told_by_the_object_before(clauses_of: ClausesOf) -> None:
    text = (
        "Fishing crews urged the minister to reconsider the closure of Ostrava Bay. "
        "The minister, however, continues to reject these demands."
    )
    found = wordings(clauses_of(text))
    assert "The minister, however, continues to reject the closure of Ostrava Bay" in found


def test_a_long_object_or_a_bare_this_is_left_as_written(clauses_of: ClausesOf) -> None:
    text = (
        "The union has been applying sustained pressure on the ministry to lift the ban before "
        "the spring season opens. The minister said this will not happen."
    )
    assert not any("pressure will not" in c.text for c in clauses_of(text))


def test_a_pronoun_subject_is_told_by_the_name_it_stands_for(clauses_of: ClausesOf) -> None:
    text = "Minister Ilse Dornbach visited the harbour on Monday. She promised new licences."
    found = wordings(clauses_of(text))
    assert "Ilse Dornbach promised new licences" in found


def test_a_pronoun_inside_a_quotation_stays(clauses_of: ClausesOf) -> None:
    text = "Ilse Dornbach spoke at the harbour. “They have fished here for centuries,” she said."
    assert not any("Dornbach have fished" in c.text for c in clauses_of(text))


def test_the_commas_around_a_left_out_phrase_go_with_it(clauses_of: ClausesOf) -> None:
    text = (
        "The mayor's spokesperson, responding to a reporter's question, said plainly that the "
        "harbour would stay closed, citing the storm damage."
    )
    found = wordings(clauses_of(text))
    assert not any(",," in w or ", said" in w for w in found)


def test_a_sentence_with_no_claim_is_marked_as_none(clauses_of: ClausesOf) -> None:
    text = (
        "Coast guards chased the trawler for an hour. "
        "Photo: the Veltrian trawler at dawn off Ostrava Bay."
    )
    caption = next(c for c in clauses_of(text) if c.text.startswith("Photo"))
    assert caption.claim is False
    assert clauses_of("The ministry fined the crew of the trawler.") == []  # a claim: no mark
