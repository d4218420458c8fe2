"""Whose word each sentence is: the outlet's own, a source's, or an unconfirmed report.

A sentence is unconfirmed when it is hedged ("reportedly", "allegedly", "recent reports claim",
"according to information obtained by ...", "sources told"), or when the outlet passes on an
actor's own claim about what it did ("the ministry said it repaired the dam"). It is attributed when
a quote (direct, partial or indirect) carries it or its cue stands in it, and asserted otherwise.
The word lists are data/hedges.json.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from crosswire.annotate.speakers import subject_of
from crosswire.annotate.speech_lexicon import speech_words
from crosswire.model import Quote, QuoteKind, Statement, StatementStatus
from crosswire.model import Span as TextSpan

# A quote carries a sentence when it covers at least this share of the sentence's characters
# (or its cue stands in the sentence). Not tuned on a benchmark (none scores statements yet):
# set so that a quoted clause filling under half a sentence does not carry it.
CARRIES_SHARE = 0.4
ACTOR_LABELS = frozenset({"ORG", "GPE", "NORP", "PERSON"})


@dataclass(frozen=True, slots=True)
class Hedge:
    cue: str
    source: str | None = None


def attribute_statements(doc: Doc, quotes: Sequence[Quote]) -> list[Statement]:
    """One statement per sentence of the parsed text, in order."""
    text = doc.text  # spaCy joins the tokens on each call: once per document
    sentences: list[tuple[Span, TextSpan]] = []
    for sent in doc.sents:
        words = sent.text.strip()
        if not words or not any(t.is_alpha for t in sent):
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        sentences.append((sent, TextSpan(start, start + len(words))))
    near = _quotes_by_sentence([span for _, span in sentences], quotes)
    return [
        _statement(text, sent, span, near.get(n, [])) for n, (sent, span) in enumerate(sentences)
    ]


def _quotes_by_sentence(spans: list[TextSpan], quotes: Sequence[Quote]) -> dict[int, list[Quote]]:
    """The quotes that may carry each sentence: those over it or cued in it.

    Reported intentions and positions ("is attempting to", "rejected the offer") are the outlet's
    own account, not a source's word: only speech, thought and "according to" count.
    """
    words = speech_words()
    starts = [span.start for span in spans]
    found: dict[int, list[Quote]] = {}
    for quote in quotes:
        if quote.kind == QuoteKind.SCARE:
            continue
        if quote.verb and quote.verb != "according to" and quote.verb not in words.reporting:
            continue
        first = max(0, bisect_right(starts, quote.span.start) - 1)
        last = bisect_left(starts, quote.span.end)
        touched = set(range(first, max(first + 1, last)))
        if quote.cue_span is not None:
            touched.add(max(0, bisect_right(starts, quote.cue_span.start) - 1))
        for n in touched:
            found.setdefault(n, []).append(quote)
    return found


def _statement(text: str, sent: Span, span: TextSpan, quotes: Sequence[Quote]) -> Statement:
    hedge = hedge_of(sent)
    carrier = _carrying_quote(span, quotes)
    if hedge is not None:
        source = hedge.source or (_source_of(text, carrier) if carrier else None)
        return Statement(span, StatementStatus.UNCONFIRMED, source, hedge.cue)
    if carrier is not None:
        return Statement(span, StatementStatus.ATTRIBUTED, _source_of(text, carrier), carrier.cue)
    return Statement(span, StatementStatus.ASSERTED)


def _carrying_quote(span: TextSpan, quotes: Sequence[Quote]) -> Quote | None:
    best: tuple[float, Quote] | None = None
    length = max(1, span.end - span.start)
    for quote in quotes:
        shared = max(0, min(span.end, quote.span.end) - max(span.start, quote.span.start))
        cue_here = quote.cue_span is not None and span.start <= quote.cue_span.start < span.end
        share = shared / length
        if (share >= CARRIES_SHARE or (cue_here and shared)) and (best is None or share > best[0]):
            best = (share, quote)
    return best[1] if best else None


def _source_of(text: str, quote: Quote | None) -> str | None:
    if quote is None:
        return None
    if quote.speaker:
        return quote.speaker
    if quote.speaker_mention is not None:
        return text[quote.speaker_mention.start : quote.speaker_mention.end]
    return quote.speaker_description


def hedge_of(sent: Span) -> Hedge | None:
    """The hedge that makes a sentence unconfirmed, if any."""
    hedge = _hedge_phrase(sent)
    if hedge is not None and hedge.source is None:
        # "Recent reports claim ...": the reports are where the claim comes from (no speaker of
        # a quote, speaker_kinds.py, but the sentence's source all the same).
        claim = _report_claim(sent)
        return Hedge(hedge.cue, claim.source) if claim is not None else hedge
    return hedge or _hedge_word(sent) or _report_claim(sent) or _self_report(sent)


def _hedge_phrase(sent: Span) -> Hedge | None:
    words = speech_words()
    lowered = " " + " ".join(t.lower_ for t in sent) + " "
    for phrase in sorted(words.unconfirmed_phrases, key=len, reverse=True):
        if f" {phrase} " in lowered:
            return Hedge(phrase, _agent_after(sent, phrase))
    for phrase in words.anonymous_sources:
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        for token in sent:
            subject = token.dep_ in ("nsubj", "nsubjpass") and _reports(token.head)
            if subject and pattern.search(_phrase_text(token).lower()) and not _is_named(token):
                return Hedge(f"{_phrase_text(token)} {token.head.text}", _phrase_text(token))
    return None


def _hedge_word(sent: Span) -> Hedge | None:
    words = speech_words()
    for token in sent:
        if token.lower_ in words.hedge_adverbs:
            return Hedge(token.text)
    return None


def _report_claim(sent: Span) -> Hedge | None:
    """ "Recent reports claim ...": a report, not a named source, as the subject of a claim."""
    words = speech_words()
    for token in sent:
        if token.lemma_.lower() in words.claim_verbs | words.reporting and token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ in words.report_nouns:
                return Hedge(f"{_phrase_text(subject)} {token.text}", _phrase_text(subject))
    return None


def _self_report(sent: Span) -> Hedge | None:
    """ "The ministry said it repaired the dam": an actor's own word about its own action."""
    words = speech_words()
    for token in sent:
        if token.lemma_.lower() not in words.self_report_verbs or token.pos_ != "VERB":
            continue
        clause = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None)
        if clause is None or clause.tag_ not in ("VBD", "VBN"):
            continue
        inner = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        actor = _actor_of(token)
        if inner is not None and inner.lower_ in ("it", "they", "we") and actor is not None:
            cue = f"{token.text} {inner.text} {clause.text}"
            return Hedge(cue, actor)
    return None


def _actor_of(verb: Token) -> str | None:
    subject = subject_of(verb)
    if subject is not None and subject.ent_type_ in ACTOR_LABELS:
        return _phrase_text(subject)
    return None


def _agent_after(sent: Span, phrase: str) -> str | None:
    """The named source inside a hedge ("information obtained by the Valley Courier")."""
    for token in sent:
        if token.lower_ == "by" and token.dep_ == "agent":
            obj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if obj is not None and phrase.endswith("by"):
                return _phrase_text(obj)
    return None


def _reports(verb: Token) -> bool:
    return verb.lemma_.lower() in speech_words().reporting


def _is_named(token: Token) -> bool:
    return any(t.pos_ == "PROPN" for t in token.subtree)


def _phrase_text(token: Token) -> str:
    left = min(
        (c.left_edge.i for c in token.lefts if c.dep_ not in ("punct", "cc")), default=token.i
    )
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat"):
            end = child.i + 1
    return token.doc[left:end].text
