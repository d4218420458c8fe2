"""Whose word each sentence is, on an invented flood article."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crosswire.annotate.attribution import attribute_statements
from crosswire.annotate.quotes import find_quotes
from crosswire.model import Statement, StatementStatus

FLOOD = (
    "The river Sella burst its banks overnight. "
    "Mayor Henrik Dalby said the lower town would be evacuated. "
    "A fire brigade spokesperson said two boats were on their way. "
    "According to information obtained by the Brask Courier, the dam was never inspected. "
    "The dam's operator reportedly ignored two warnings. "
    "Recent reports claim the pumps failed on Sunday. "
    "Sources told the newspaper that the alarm did not sound. "
    "Hydrava said it closed the sluice gates before the storm."
)


@pytest.fixture(scope="module")
def statements(nlp: Language) -> list[Statement]:
    doc = nlp(FLOOD)
    return attribute_statements(doc, find_quotes(doc))


def _of(statements: list[Statement], words: str) -> Statement:
    found = [s for s in statements if words in FLOOD[s.span.start : s.span.end]]
    assert len(found) == 1, words
    return found[0]


def test_one_statement_per_sentence_inside_the_text(statements: list[Statement]) -> None:
    assert len(statements) == 8
    for statement in statements:
        text = FLOOD[statement.span.start : statement.span.end]
        assert text == text.strip() and text


def test_the_outlet_s_own_words_are_asserted(statements: list[Statement]) -> None:
    statement = _of(statements, "burst its banks")
    assert statement.status == StatementStatus.ASSERTED and statement.source is None


def test_named_and_unnamed_sources_are_attributed(statements: list[Statement]) -> None:
    named = _of(statements, "evacuated")
    assert named.status == StatementStatus.ATTRIBUTED
    assert named.source == "Henrik Dalby" and named.cue == "said"
    unnamed = _of(statements, "two boats")
    assert unnamed.status == StatementStatus.ATTRIBUTED
    assert unnamed.source == "A fire brigade spokesperson"


@pytest.mark.parametrize(
    ("words", "cue", "source"),
    [
        ("never inspected", "according to information obtained by", "the Brask Courier"),
        ("ignored two warnings", "reportedly", None),
        ("pumps failed", "reports claim", "Recent reports"),
        ("alarm did not sound", "sources told", None),
        ("sluice gates", "said it closed", "Hydrava"),
    ],
)
def test_hedged_sentences_are_unconfirmed(
    statements: list[Statement], words: str, cue: str, source: str | None
) -> None:
    statement = _of(statements, words)
    assert statement.status == StatementStatus.UNCONFIRMED
    assert statement.cue is not None and statement.cue.lower() == cue.lower()
    if source is not None:
        assert statement.source == source


@pytest.mark.parametrize("text", ["", "  \n\n ", "„Wir bleiben“, sagte sie.", "。。。"])
def test_odd_input_never_crashes(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for statement in attribute_statements(doc, find_quotes(doc)):
        assert 0 <= statement.span.start <= statement.span.end <= len(text)
