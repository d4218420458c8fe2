"""Cue verbs and their speakers, on invented sentences."""

from __future__ import annotations

from typing import Any

import pytest

from crosswire.annotate.speakers import cue_of, subject_of


@pytest.fixture(scope="module")
def nlp() -> Any:
    from crosswire.annotate.spacy_model import load_nlp

    return load_nlp()


def _token(doc: Any, word: str) -> Any:
    return next(t for t in doc if t.text == word)


def test_cue_keeps_auxiliaries_and_the_audience(nlp: Any) -> None:
    doc = nlp("Okonjo has told reporters that the port stays shut.")
    span, text = cue_of(_token(doc, "told"))
    assert text == "has told reporters" and doc.text[span.start : span.end] == text


def test_according_to_is_one_cue_with_its_object_as_source(nlp: Any) -> None:
    doc = nlp("According to the harbour board, losses are rising.")
    according = _token(doc, "According")
    assert cue_of(according)[1] == "According to"
    subject = subject_of(according)
    assert subject is not None and subject.text == "board"


def test_a_participle_shares_the_subject_of_its_verb(nlp: Any) -> None:
    doc = nlp("Brenner spoke on Monday, adding that the offer was final.")
    subject = subject_of(_token(doc, "adding"))
    assert subject is not None and subject.text == "Brenner"


def test_a_passive_participle_does_not_borrow_a_subject(nlp: Any) -> None:
    doc = nlp("Asked about the strike, Brenner said the port would reopen.")
    assert subject_of(_token(doc, "Asked")) is None
    said = subject_of(_token(doc, "said"))
    assert said is not None and said.text == "Brenner"
