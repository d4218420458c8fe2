"""Speakers: who a cue's words are, what quotes.py and indirect_quotes.py share.

A cue (cues.py) is a speech or cognition verb, "according to", or a dash after a quote; its
speaker is the verb's subject, found through participles and misparses, then resolved by coref.py;
a subject that is no one (speaker_kinds.py) gives the quote no speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from crosswire.annotate.coref import GROUP_LABELS, Resolution, resolve_mention
from crosswire.annotate.cues import is_according, outside_quotes
from crosswire.annotate.quotemarks import Regions
from crosswire.annotate.speaker_kinds import Refusal, antecedent, refusal
from crosswire.annotate.speech_lexicon import speech_words
from crosswire.model import Quote

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
    **{str(kind): 0.3 for kind in Refusal},  # words said by someone unknown
}
# Entity kinds that never speak: a parse that makes "12:15 p.m." a subject is wrong.
NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Climbing from a participle ("adding that ...") to the verb whose subject it shares.
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "ccomp", "pcomp", "dep"})


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A quote with the parse pieces behind it (for attribution and the PolNeAR benchmark)."""

    quote: Quote
    source: Span | None  # the speaker's words in the quote's own sentence, before coreference
    cue_token: Token | None


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
    """Who the subject stands for: a name, or the description of an unnamed source; a subject
    that is no one (speaker_kinds.py: "which", "recent reports") resolves to nobody, its `via`
    the kind refused."""
    if subject is None:
        return Resolution(None, None, "none")
    # A relative pronoun the parse hangs on no clause stands for the noun before it.
    stands_for = antecedent(subject) or subject
    resolution = resolve_mention(doc, stands_for, candidates=candidates)
    mention = resolution.mention
    if mention is None:
        refused = refusal(subject)
        if refused is not None:
            return Resolution(None, None, str(refused))
    if resolution.via == "name" and mention is not None and mention.label_ in GROUP_LABELS:
        return Resolution(resolution.mention, None, "group")
    return resolution


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
