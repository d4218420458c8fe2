"""Quotation marks and quotes with speakers, on invented articles (a port strike, a flood)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crosswire.annotate.quotes import find_quote_records, find_quotes
from crosswire.model import Quote, QuoteKind

STRIKE = "\n\n".join(
    [
        "Dockworkers at the port of Valmora walked off the job on Monday, halting container "
        "traffic.",
        "“We will not unload a single ship until the contract is signed,” union leader Marta "
        "Okonjo told reporters outside the main gate. “Our members have waited eighteen months. "
        "They are done waiting.”",
        "Harbour director Paul Brenner called the strike “an act of economic sabotage” and said "
        "the port authority had offered a fair deal.",
        "“The offer is on the table,” he said. “It has been there since March.”",
        "According to the port authority, losses have already reached two million euros a day.",
        "The union’s spokesperson, Ida Lund, met the mayor on Tuesday. The spokesperson added "
        "that “nobody wants a long strike.”",
        "The so-called “compromise” was never put to a vote, and a port official said the talks "
        "would resume.",
    ]
)

FLOOD = "\n\n".join(
    [
        "The river Sella burst its banks overnight, flooding the lower town of Brask.",
        "Mayor Henrik Dalby posted a message on social media early on Tuesday urging residents "
        "to stay indoors.",
        "Bleibt alle zu Hause und haltet euch von den Ufern fern. Die Feuerwehr ist schon "
        "unterwegs und hilft euch.",
        "“Stay at home and keep away from the banks. The fire brigade is on its way,” a "
        "translation of the post reads.",
    ]
)


def _quote(quotes: list[Quote], words: str, kind: QuoteKind | None = None) -> Quote:
    found = [q for q in quotes if words in q.text and kind in (None, q.kind)]
    assert found, f"no quote holds {words!r}: {[q.text for q in quotes]}"
    return found[0]


def _speaker(text: str, quote: Quote) -> str | None:
    if quote.speaker_mention is None:
        return None
    return text[quote.speaker_mention.start : quote.speaker_mention.end]


# --- quotes over a parse ---------------------------------------------------------------------


def test_split_multi_sentence_partial_and_pronoun_quotes(nlp: Language) -> None:
    quotes = find_quotes(nlp(STRIKE))
    first = _quote(quotes, "We will not unload")
    assert first.kind == QuoteKind.DIRECT and first.cue == "told reporters"
    assert _speaker(STRIKE, first) == "Marta Okonjo" and first.verb == "tell"
    rest = _quote(quotes, "Our members have waited")
    assert rest.kind == QuoteKind.DIRECT and "done waiting" in rest.text
    assert _speaker(STRIKE, rest) == "Marta Okonjo" and rest.confidence < first.confidence
    partial = _quote(quotes, "an act of economic sabotage", QuoteKind.PARTIAL)
    assert partial.text == "an act of economic sabotage"
    assert _speaker(STRIKE, partial) == "Paul Brenner" and partial.verb == "call"
    # "called the strike “…”" also reports what was named and what it was called.
    naming = _quote(quotes, "the strike “an act of economic sabotage”", QuoteKind.INDIRECT)
    assert _speaker(STRIKE, naming) == "Paul Brenner"
    pronoun = _quote(quotes, "The offer is on the table")
    assert _speaker(STRIKE, pronoun) == "Paul Brenner"
    assert pronoun.confidence < first.confidence


def test_indirect_according_to_and_scare_quotes(nlp: Language) -> None:
    quotes = find_quotes(nlp(STRIKE))
    indirect = _quote(quotes, "the port authority had offered a fair deal")
    assert indirect.kind == QuoteKind.INDIRECT and indirect.verb == "say"
    assert indirect.text == "the port authority had offered a fair deal"
    assert _speaker(STRIKE, indirect) == "Paul Brenner"
    according = _quote(quotes, "losses have already reached")
    assert according.kind == QuoteKind.INDIRECT and according.verb == "according to"
    assert according.text == "losses have already reached two million euros a day"
    assert according.speaker_description == "the port authority"
    scare = _quote(quotes, "compromise")
    assert scare.kind == QuoteKind.SCARE
    assert scare.speaker_mention is None and scare.speaker_description is None
    unnamed = _quote(quotes, "the talks would resume")
    assert unnamed.speaker_mention is None and unnamed.speaker_description == "a port official"


def test_role_noun_resolves_to_the_named_person(nlp: Language) -> None:
    quotes = find_quotes(nlp(STRIKE))
    quote = _quote(quotes, "nobody wants a long strike")
    assert quote.kind == QuoteKind.PARTIAL
    assert _speaker(STRIKE, quote) == "Ida Lund"


def test_post_quoted_in_translation_links_its_original(nlp: Language) -> None:
    quotes = find_quotes(nlp(FLOOD))
    quote = _quote(quotes, "Stay at home")
    assert _speaker(FLOOD, quote) == "Henrik Dalby" and quote.language == "en"
    assert quote.translation_of is not None
    original = FLOOD[quote.translation_of.start : quote.translation_of.end]
    assert original.startswith("Bleibt alle zu Hause")


def test_a_quote_in_another_language_is_marked(nlp: Language) -> None:
    text = "Marta Okonjo said: “Wir bleiben draußen, bis der Vertrag endlich unterschrieben ist.”"
    quotes = find_quotes(nlp(text))
    assert _quote(quotes, "Wir bleiben").language == "de"
    assert all(q.language is None for q in find_quotes(nlp(STRIKE)))


def test_quote_over_paragraphs_takes_the_speaker_of_its_last_paragraph(nlp: Language) -> None:
    text = "“The port will stay closed all week.\n\n“We have no other choice,” Marta Okonjo said."
    quotes = find_quotes(nlp(text))
    assert [_speaker(text, q) for q in quotes] == ["Marta Okonjo", "Marta Okonjo"]


@pytest.mark.parametrize(
    "text",
    [
        "Marta Okonjo said: «We stay out until Friday.»",
        "Marta Okonjo said: „We stay out until Friday.“",
        "Marta Okonjo said: 「We stay out until Friday.」",
        'Marta Okonjo said: "We stay out until Friday."',
        "Marta Okonjo said: 'We stay out until Friday.'",
        "Marta Okonjo said: ‹We stay out until Friday.›",
    ],
)
def test_every_mark_gives_a_quote_with_its_speaker(nlp: Language, text: str) -> None:
    quotes = find_quotes(nlp(text))
    quote = _quote(quotes, "We stay out until Friday")
    assert quote.kind == QuoteKind.DIRECT and _speaker(text, quote) == "Marta Okonjo"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "“”",
        "« » „ “ ‹ ›",
        "Die Hafenarbeiter streiken. „Wir bleiben draußen“, sagte Marta Okonjo.",
        "港口工人罢工。「我们不会回去」，她说。",
        "The “deal was signed, said Okonjo.\n\nNothing happened.",
    ],
)
def test_odd_input_never_crashes_and_spans_stay_inside(nlp: Language, text: str) -> None:
    for record in find_quote_records(nlp(text)):
        quote = record.quote
        assert 0 <= quote.span.start <= quote.span.end <= len(text)
        assert quote.text == text[quote.span.start : quote.span.end]
        if quote.cue_span is not None:
            assert quote.cue_span.end <= len(text)


def test_long_text_without_a_parser_gives_quotes_in_linear_passes() -> None:
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    text = "\n\n".join([STRIKE] * 200)  # ~160,000 chars
    quotes = find_quotes(blank(text))
    assert len([q for q in quotes if "We will not unload" in q.text]) == 200
    assert all(text[q.span.start : q.span.end] == q.text for q in quotes)
