"""Predicates of invented sentences: verbs with their arguments, as lemmas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from crosswire.annotate.predicates import find_predicates
from crosswire.model import Predicate

PredicatesOf = Callable[[str], list[Predicate]]


@pytest.fixture(scope="module")
def predicates_of(nlp: Language) -> PredicatesOf:
    return lambda text: find_predicates(nlp(text))


def keys(found: list[Predicate]) -> list[str]:
    return [p.key for p in found]


def test_two_wordings_of_one_refusal_share_a_predicate(predicates_of: PredicatesOf) -> None:
    ministry = keys(predicates_of("The ministry would not force Varnia to accept the plan."))
    capital = keys(predicates_of("Brelsk wouldn't force anything on Varnia."))
    assert "not force varnia" in ministry and "not force varnia" in capital
    assert "accept plan" in ministry


def test_passive_subjects_and_prepositional_objects_are_arguments(
    predicates_of: PredicatesOf,
) -> None:
    text = "The harbour was closed by the port authority."
    found = predicates_of(text)
    assert {"close harbour", "close authority"} <= set(keys(found))
    verb = found[0].span
    assert text[verb.start : verb.end] == "closed"


def test_pronouns_and_verbs_without_arguments_give_none(predicates_of: PredicatesOf) -> None:
    assert predicates_of("She told them it was over.") == []
    assert predicates_of("Rain fell.") == []
    assert predicates_of("") == []


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Cd ef.,;\n“”"), max_size=120))
def test_spans_lie_inside_the_text(predicates_of: PredicatesOf, text: str) -> None:
    for predicate in predicates_of(text):
        assert 0 <= predicate.span.start < predicate.span.end <= len(text)
        assert predicate.key.strip()


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister vetoed Norwegian involvement in the patrol.",
        "Oslo said the patrol will not involve Norwegian ships.",
        "There will be no Norwegian boots on the ground, the spokesperson said.",
        "The cabinet does not want Norwegian sailors deployed to the strait.",
        "The minister continues to reject Norway's inclusion in the patrol.",
    ],
)
def test_one_stance_told_with_other_verbs(predicates_of: PredicatesOf, text: str) -> None:
    assert "against norway" in keys(predicates_of(text))


def test_support_is_a_stance_for_and_a_plain_verb_is_none(predicates_of: PredicatesOf) -> None:
    assert "for norway" in keys(predicates_of("The council welcomed Norwegian ships."))
    plain = keys(predicates_of("The ship sailed from the Norwegian coast."))
    assert not [k for k in plain if k.startswith(("for ", "against "))]


def test_a_country_in_a_clause_hung_on_the_argument_takes_no_stance(
    predicates_of: PredicatesOf,
) -> None:
    text = "The cabinet rejected the report that Norwegian officials had written."
    assert "against norway" not in keys(predicates_of(text))
