"""Rule-based coreference of speakers, on invented articles."""

from __future__ import annotations

from spacy.language import Language

from crosswire.annotate.coref import Resolution, name_candidates, resolve_mention
from tests.conftest import token


def _resolve(nlp: Language, text: str, word: str, nth: int = -1) -> Resolution:
    doc = nlp(text)
    tokens = [t for t in doc if t.text == word]
    assert tokens, f"{word!r} not in {text!r}"
    return resolve_mention(doc, tokens[nth], candidates=name_candidates(doc))


def test_pronoun_goes_to_the_nearest_preceding_subject(nlp: Language) -> None:
    text = (
        "Harbour director Paul Brenner met Marta Okonjo on Monday. "
        "Brenner said the offer was fair. Later he said it would not change."
    )
    found = _resolve(nlp, text, "he")
    assert found.via == "pronoun" and found.mention is not None
    assert found.mention.text == "Brenner"


def test_pronoun_skips_names_inside_quotation_marks(nlp: Language) -> None:
    text = "Ida Lund spoke first. “Paul Brenner is wrong,” she said."
    doc = nlp(text)
    candidates = name_candidates(doc, [(text.index("“"), text.index("”") + 1)])
    she = token(doc, "she")
    found = resolve_mention(doc, she, candidates=candidates)
    assert found.mention is not None and found.mention.text == "Ida Lund"


def test_role_noun_goes_to_the_person_with_that_title(nlp: Language) -> None:
    text = (
        "Norwegian Transport Minister Kari Holm visited the port. Union leader Marta Okonjo "
        "was not there. The Norwegian minister said the strike must end."
    )
    found = _resolve(nlp, text, "minister")
    assert found.via == "role" and found.mention is not None
    assert found.mention.text == "Kari Holm"


def test_a_post_stands_for_its_author(nlp: Language) -> None:
    text = (
        "Mayor Henrik Dalby warned residents in a tweet on Tuesday. The water kept rising. "
        "The post said the bridge was closed."
    )
    found = _resolve(nlp, text, "post")
    assert found.via == "media" and found.mention is not None
    assert found.mention.text == "Henrik Dalby"


def test_a_translation_of_a_post_stands_for_the_post_author(nlp: Language) -> None:
    text = "Henrik Dalby posted a message on Tuesday. A translation of the message says more."
    found = _resolve(nlp, text, "translation")
    assert found.mention is not None and found.mention.text == "Henrik Dalby"


def test_unnamed_source_is_kept_as_its_description(nlp: Language) -> None:
    text = "A government spokesperson said the dam would hold."
    found = _resolve(nlp, text, "spokesperson")
    assert found.mention is None and found.description == "A government spokesperson"


def test_a_name_in_apposition_is_the_speaker(nlp: Language) -> None:
    text = "The port's director, Paul Brenner, said the talks would resume."
    found = _resolve(nlp, text, "director")
    assert found.via == "name" and found.mention is not None
    assert found.mention.text == "Paul Brenner"


def test_pronoun_with_nobody_before_it_stays_unresolved(nlp: Language) -> None:
    found = _resolve(nlp, "He said the port was closed.", "He")
    assert found.mention is None and found.description == "He"


def test_information_obtained_by_a_paper_stands_for_the_paper(nlp: Language) -> None:
    text = "According to information obtained by the Brask Courier, the dam failed."
    found = _resolve(nlp, text, "information")
    assert found.mention is not None and "Brask Courier" in found.mention.text
