"""Speakers: whose words a cue introduces, on invented sentences."""

from __future__ import annotations

from spacy.language import Language

from crosswire.annotate.speakers import subject_of
from tests.conftest import token


def test_a_participle_shares_the_subject_of_its_verb(nlp: Language) -> None:
    doc = nlp("Brenner spoke on Monday, adding that the offer was final.")
    subject = subject_of(token(doc, "adding"))
    assert subject is not None and subject.text == "Brenner"


def test_a_passive_participle_does_not_borrow_a_subject(nlp: Language) -> None:
    doc = nlp("Asked about the strike, Brenner said the port would reopen.")
    assert subject_of(token(doc, "Asked")) is None
    said = subject_of(token(doc, "said"))
    assert said is not None and said.text == "Brenner"
