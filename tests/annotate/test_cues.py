"""Cues: the words that introduce a quote, on invented sentences."""

from __future__ import annotations

from spacy.language import Language

from crosswire.annotate.cues import cue_of
from crosswire.annotate.speakers import subject_of
from tests.conftest import token


def test_cue_keeps_auxiliaries_and_the_audience(nlp: Language) -> None:
    doc = nlp("Okonjo has told reporters that the port stays shut.")
    span, text = cue_of(token(doc, "told"))
    assert text == "has told reporters" and doc.text[span.start : span.end] == text


def test_according_to_is_one_cue_with_its_object_as_source(nlp: Language) -> None:
    doc = nlp("According to the harbour board, losses are rising.")
    according = token(doc, "According")
    assert cue_of(according)[1] == "According to"
    subject = subject_of(according)
    assert subject is not None and subject.text == "board"
