"""The spaCy pipeline loader and batch parser: texts come back intact, long ones in one Doc."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from crosswire.annotate import spacy_model
from crosswire.errors import ConfigError


@given(st.text(alphabet=st.sampled_from("ab .\n!?"), max_size=400), st.integers(4, 60))
def test_split_text_pieces_join_back_and_respect_limit(text: str, limit: int) -> None:
    pieces = spacy_model.split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(piece) <= limit for piece in pieces)
    assert all(pieces) or pieces == [""]


def test_split_text_prefers_paragraph_breaks() -> None:
    text = "One two three.\n\nFour five six. Seven eight.\n\nNine."
    pieces = spacy_model.split_text(text, 30)
    assert pieces[0] == "One two three.\n\n"


def test_load_nlp_is_loaded_once(nlp: Language) -> None:
    assert spacy_model.load_nlp() is spacy_model.load_nlp()


def test_load_nlp_reports_missing_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spacy_model, "MODEL_NAMES", ("no_such_pipeline_xx",))
    spacy_model.load_nlp.cache_clear()
    try:
        with pytest.raises(ConfigError, match="en_core_web_sm"):
            spacy_model.load_nlp()
    finally:
        monkeypatch.undo()
        spacy_model.load_nlp.cache_clear()


def test_parse_keeps_texts_and_order(nlp: Language) -> None:
    texts = ["Mara Quill runs Feldspar Ltd in Oslo.", "", "Zzz.\n\n\u00abBonjour\u00bb, dit-il."]
    docs = spacy_model.parse(texts)
    assert [doc.text for doc in docs] == texts
    assert any(ent.text == "Mara Quill" for ent in docs[0].ents)


def test_parse_long_text_is_one_doc_with_exact_text(nlp: Language) -> None:
    paragraph = "Tobin Arkwright said the bridge in Varnholm would reopen. It did not.\n\n"
    text = paragraph * 400  # ~28,000 chars: three pieces
    (doc,) = spacy_model.parse([text])
    assert doc.text == text
    assert len(list(doc.sents)) == 800
    assert sum(ent.text == "Tobin Arkwright" for ent in doc.ents) == 400


def test_a_paragraph_break_ends_a_sentence_unless_a_colon_leads_on(nlp: Language) -> None:
    doc = nlp("She called the plan “bold.”\n\nThe council nevertheless voted for it.")
    assert [s.text.strip() for s in doc.sents] == [
        "She called the plan “bold.”",
        "The council nevertheless voted for it.",
    ]
    doc = nlp("The mayor added:\n\nThe bridge stays shut.")
    assert len(list(doc.sents)) == 1
