"""Indirect quotes: what reporting verbs report, on invented sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crosswire.annotate.indirect_quotes import complement_of
from tests.conftest import token


@pytest.mark.parametrize(
    ("sentence", "verb", "content", "preposition"),
    [
        (
            "Okonjo said that the port would reopen on Friday.",
            "said",
            "the port would reopen on Friday",
            None,
        ),
        (
            "The port would reopen on Friday, Okonjo said.",
            "said",
            "The port would reopen on Friday",
            None,
        ),
        ("Okonjo vowed to keep the gates shut.", "vowed", "to keep the gates shut", None),
        ("The union called for a new contract.", "called", "a new contract", "for"),
        (
            "Brenner cited the losses of the past week.",
            "cited",
            "the losses of the past week",
            None,
        ),
        ("Brenner called the strike a disaster.", "called", "the strike a disaster", None),
    ],
)
def test_complement_of_a_reporting_verb(
    nlp: Language, sentence: str, verb: str, content: str, preposition: str | None
) -> None:
    doc = nlp(sentence)
    found = complement_of(token(doc, verb))
    assert found is not None
    (start, end), prep = found
    assert sentence[start:end] == content
    assert (prep.text if prep is not None else None) == preposition


def test_a_verb_with_nothing_reported_gives_nothing(nlp: Language) -> None:
    doc = nlp("The workers said nothing and the states that were expected to join stayed away.")
    assert complement_of(token(doc, "expected")) is None


def test_a_clause_of_another_paragraph_is_not_reported(nlp: Language) -> None:
    from crosswire.annotate.quotes import find_quotes

    text = "Okonjo told the crowd to stay.\n\nThe port nevertheless remains open to ships."
    assert not [q for q in find_quotes(nlp(text)) if "remains open" in q.text]
    text = "Okonjo added:\n\nThe port will stay shut until Friday."
    quotes = find_quotes(nlp(text))
    assert [q.text for q in quotes if q.kind == "indirect"] == [
        "The port will stay shut until Friday"
    ]
