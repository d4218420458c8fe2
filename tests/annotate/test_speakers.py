"""Speakers: whose words a cue introduces, on invented sentences."""

from __future__ import annotations

from typing import Any

import pytest

from crosswire.annotate.speakers import subject_of


@pytest.fixture(scope="module")
def nlp() -> Any:
    from crosswire.annotate.spacy_model import load_nlp

    return load_nlp()


def _token(doc: Any, word: str) -> Any:
    return next(t for t in doc if t.text == word)


def test_a_participle_shares_the_subject_of_its_verb(nlp: Any) -> None:
    doc = nlp("Brenner spoke on Monday, adding that the offer was final.")
    subject = subject_of(_token(doc, "adding"))
    assert subject is not None and subject.text == "Brenner"


def test_a_passive_participle_does_not_borrow_a_subject(nlp: Any) -> None:
    doc = nlp("Asked about the strike, Brenner said the port would reopen.")
    assert subject_of(_token(doc, "Asked")) is None
    said = subject_of(_token(doc, "said"))
    assert said is not None and said.text == "Brenner"
