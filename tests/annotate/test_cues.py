"""Cues: the words that introduce a quote, on invented sentences."""

from __future__ import annotations

from typing import Any

import pytest

from crosswire.annotate.cues import cue_of
from crosswire.annotate.speakers import subject_of


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
