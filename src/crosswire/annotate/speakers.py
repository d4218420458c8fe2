"""Cue verbs and their speakers: what quotes.py and indirect_quotes.py share.

A cue is a speech or cognition verb (or "according to", or a dash after a quote); its speaker is
the verb's subject, found through participles and misparses, then resolved by coref.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from crosswire.annotate.coref import GROUP_LABELS, Resolution, resolve_mention
from crosswire.annotate.quotemarks import QuotedSegment, Regions
from crosswire.annotate.speech_lexicon import speech_words
from crosswire.model import Quote
from crosswire.model import Span as TextSpan

# Confidence by how the speaker was found (a named subject of a speech verb is surest). Set by
# hand as an order of trust, not tuned on a benchmark.
CONFIDENCE = {
    "name": 0.9,
    "group": 0.85,
    "role": 0.7,
    "pronoun": 0.75,
    "media": 0.65,
    "description": 0.7,
    "continued": 0.55,
    "none": 0.3,
}
# Entity kinds that never speak: a parse that makes "12:15 p.m." a subject is wrong.
NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Climbing from a participle ("adding that ...") to the verb whose subject it shares.
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "ccomp", "pcomp", "dep"})
DASH_AFTER = re.compile(r"[ \t]*(\S)[ \t\xa0]*")  # the mark after a closing quote, then a word


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A quote with the parse pieces behind it (for attribution and the PolNeAR benchmark)."""

    quote: Quote
    source: Span | None  # the speaker's words in the quote's own sentence, before coreference
    cue_token: Token | None


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


def adjacent_subject(verb: Token, quoted: Regions) -> Token | None:
    """When the parse gives the cue verb no subject: the name or pronoun right next to it
    ("…,” Chief Jo Smith said Monday", "Said Ellis: “…”")."""
    doc = verb.doc
    before = verb.i - 1
    while before >= 0 and doc[before].pos_ in ("ADV", "AUX", "PART"):
        before -= 1
    if before >= 0 and _may_speak(doc[before]) and outside_quotes(doc[before], quoted):
        return doc[before]
    after = verb.i + 1
    if after < len(doc) and _may_speak(doc[after]) and outside_quotes(doc[after], quoted):
        while after + 1 < len(doc) and doc[after + 1].pos_ == "PROPN":
            after += 1
        return doc[after]
    return None


def _may_speak(token: Token) -> bool:
    return token.pos_ in ("PROPN", "PRON") and token.ent_type_ not in NOT_SPEAKERS


def resolve_speaker(doc: Doc, subject: Token | None, candidates: list[Span]) -> Resolution:
    if subject is None:
        return Resolution(None, None, "none")
    resolution = resolve_mention(doc, subject, candidates=candidates)
    mention = resolution.mention
    if resolution.via == "name" and mention is not None and mention.label_ in GROUP_LABELS:
        return Resolution(resolution.mention, None, "group")
    return resolution


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


def subject_of(verb: Token, quoted: Regions | None = None) -> Token | None:
    """Who the verb's words are: its subject, the "according to" object, or its head verb's."""
    if verb.text in speech_words().dashes:  # “…” ― Jo Smith
        after = verb.i + 1
        while after + 1 < len(verb.doc) and verb.doc[after + 1].pos_ == "PROPN":
            after += 1
        return verb.doc[after] if after < len(verb.doc) else None
    if is_according(verb):
        for to in verb.children:
            if to.lower_ == "to":
                return next((c for c in to.children if c.dep_ == "pobj"), None)
        return None
    node, shares = verb, True
    for _ in range(5):
        for child in node.children if shares else ():
            if child.dep_ in SUBJECT_DEPS[:2] and outside_quotes(child, quoted):
                if child.dep_ == "nsubjpass":
                    agent = _agent(node)
                    return agent if agent is not None else child
                return child
        shared = _left_clause_subject(node) if shares else None
        if shared is not None:
            return shared
        if node.dep_ == "acl" and node.head.lemma_.lower() in speech_words().media:
            return node.head  # "a tweet asserting that ...": the tweet's author
        if node.dep_ not in CLIMB_DEPS or node.head is node:
            break
        if node.tag_ == "VBN" and node.dep_ == "advcl":
            break  # "Asked about X, Brenner said": someone else asked; the asker is unknown
        # A participle coordinated with a finite verb is a misparse of "adding ..., insisting
        # ...": it shares the subject of the verb above that one, not of its conjunct.
        shares = not (node.dep_ == "conj" and node.tag_ == "VBG" and node.head.tag_ != "VBG")
        node = node.head
    return None


def _left_clause_subject(verb: Token) -> Token | None:
    """ "The council cut its fees, said it closed ...": the parser often hangs the first of two
    coordinated verbs under the second as its clause; its subject is the subject of both."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if len(clauses) < 2 or clauses[0].i > verb.i or clauses[-1].i < verb.i:
        return None
    return next((c for c in clauses[0].children if c.dep_ == "nsubj"), None)


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


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
