"""Cues: the words that introduce a quote — a speech or cognition verb ("said", "believes"),
"according to", or a dash after a quotation — and their extent in the text ("told reporters")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from crosswire.annotate.quotemarks import QuotedSegment, Regions
from crosswire.annotate.speech_lexicon import speech_words
from crosswire.model import Span as TextSpan

DASH_AFTER = re.compile(r"[ \t]*(\S)[ \t\xa0]*")  # the mark after a closing quote, then a word


def dash_speaker(doc: Doc, text: str, segment: QuotedSegment) -> Token | None:
    """“…” ― Jo Smith: a dash after the quote and a name. Returns the dash (the cue)."""
    if segment.close_at is None:
        return None
    match = DASH_AFTER.match(text, segment.close_at + 1)
    if match is None or match.group(1) not in speech_words().dashes:
        return None
    dash = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
    name = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
    if dash is None or name is None or name[0].pos_ != "PROPN":
        return None
    return dash[0]


def text_span(span: Span | None) -> TextSpan | None:
    return None if span is None else TextSpan(span.start_char, span.end_char)


def is_reporting(token: Token) -> bool:
    """A speech or cognition verb (also one mistagged a noun that has a subject: "… reads.")."""
    words = speech_words()
    if token.lemma_.lower() not in words.reporting:
        return False
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in token.children)


def outside_quotes(token: Token, quoted: Regions | None) -> bool:
    return quoted is None or not quoted.holds(token.idx)


def is_according(token: Token) -> bool:
    return token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)


def cue_of(verb: Token, preposition: Token | None = None) -> tuple[TextSpan, str]:
    """The cue's words: the verb with its auxiliaries, particle and audience ("told reporters")."""
    words = speech_words()
    doc = verb.doc
    if verb.text in words.dashes:
        return TextSpan(verb.idx, verb.idx + len(verb)), verb.text
    if is_according(verb):
        to = next(c for c in verb.children if c.lower_ == "to")
        return TextSpan(verb.idx, to.idx + len(to)), doc[verb.i : to.i + 1].text
    start = end = verb.i
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg") and child.i < verb.i and verb.i - child.i <= 3:
            start = min(start, child.i)
        if child.dep_ == "prt" or (
            child.dep_ in ("dobj", "dative") and child.lower_ in words.audience
        ):
            end = max(end, child.i)
    if preposition is not None:
        end = max(end, preposition.i)
    span = doc[start : end + 1]
    return TextSpan(span.start_char, span.end_char), span.text


def verb_lemma(verb: Token) -> str:
    return "according to" if is_according(verb) else verb.lemma_.lower()
