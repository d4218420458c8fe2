"""Indirect quotes: what speech and cognition verbs report outside quotation marks.

The clausal complement of a speech or cognition verb ("said [that] Norway would participate"),
an infinitive of intent ("vowed to ..."), a prepositional frame ("called for ..."), an object of
a few speech verbs ("cited the figures"), the clause "according to X" stands in, and the clause a
parenthetical cue is inserted in ("Norway, he said, will take part").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from crosswire.annotate.coref import phrase_span
from crosswire.annotate.cues import (
    cue_of,
    is_according,
    is_reporting,
    outside_quotes,
    text_span,
    verb_lemma,
)
from crosswire.annotate.quotemarks import Regions
from crosswire.annotate.speakers import (
    CONFIDENCE,
    NOT_SPEAKERS,
    QuoteRecord,
    adjacent_subject,
    resolve_speaker,
    subject_of,
)
from crosswire.annotate.speech_lexicon import speech_words
from crosswire.model import Quote, QuoteKind
from crosswire.model import Span as TextSpan

OPENING = "“„«‹「『‘"
CLOSING = "”’\"'»›」』"  # closing marks stay with a complement that ends in a quote


def find_indirect_quotes(
    doc: Doc, text: str, quoted: Regions, candidates: list[Span]
) -> list[QuoteRecord]:
    words = speech_words()
    records: list[QuoteRecord] = []
    for token in doc:
        if not outside_quotes(token, quoted):
            continue
        found: tuple[tuple[int, int], Token | None] | None = None
        if is_according(token):
            content = _according_content(token)
            found = (content, None) if content else None
        elif _attributing(token, words.attributing) or is_reporting(token):
            found = complement_of(token)
        if found is None or _mostly_quoted(found[0], quoted) or _apart(text, token, found[0]):
            continue
        record = _indirect(doc, text, token, found, candidates, quoted)
        if record is not None:
            records.append(record)
    return records


def _apart(text: str, verb: Token, content: tuple[int, int]) -> bool:
    """A parse that hangs a clause of another paragraph under a verb is wrong, unless the verb's
    paragraph ends with a colon that introduces the next ("He added:")."""
    low, high = min(verb.idx, content[0]), max(verb.idx, content[1])
    brk = text.find("\n\n", low, high)
    if brk < 0:
        return False
    introduces = verb.idx < content[0] and text[verb.idx : brk].rstrip().endswith(":")
    return not introduces


def _attributing(token: Token, lemmas: frozenset[str]) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lemmas


def complement_of(verb: Token) -> tuple[tuple[int, int], Token | None] | None:
    """What an attributing verb reports, and a preposition that belongs to its cue.

    A clause ("said [that] Norway would participate"), else an infinitive ("vowed to ..."), a
    prepositional object ("called for ..."), or a noun phrase ("cited the figures").
    """
    words = speech_words()
    lemma = verb.lemma_.lower()
    by_dep: dict[str, Token] = {}
    for child in sorted(verb.children, key=lambda c: c.i < verb.i):  # right of the verb first
        by_dep.setdefault(child.dep_, child)
    clause = by_dep.get("ccomp")
    if clause is not None and lemma in words.reporting:
        content = _clean_extent(list(clause.subtree))
        return (content, None) if content else None
    frames = words.prep_frames.get(lemma, frozenset())
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in frames:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            content = _clean_extent(list(obj.subtree)) if obj is not None else None
            return (content, child) if content else None
    infinitive = by_dep.get("xcomp")
    passive = "auxpass" in by_dep  # "states that were expected to": someone else's expectation
    if infinitive is not None and lemma in words.intent and infinitive.pos_ in ("VERB", "AUX"):
        if passive:
            return None
        content = _clean_extent(list(infinitive.subtree))
        return (content, None) if content else None
    obj = by_dep.get("dobj")
    named = by_dep.get("oprd") or by_dep.get("ccomp") or by_dep.get("xcomp")
    if obj is not None and named is not None and lemma in words.naming:
        # "called climate change a hoax": what is named and what it is called.
        content = _clean_extent(list(obj.subtree) + list(named.subtree))
        return (content, None) if content else None
    if obj is not None and lemma in words.object_verbs and obj.pos_ not in ("PRON",):
        content = _clean_extent(list(obj.subtree))
        return (content, None) if content else None
    return _parenthetical(verb)


def _clean_extent(tokens: list[Token]) -> tuple[int, int] | None:
    """The char extent of a complement without a leading "that" and edge punctuation."""
    while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    while tokens and (
        tokens[-1].is_space or (tokens[-1].is_punct and tokens[-1].text not in CLOSING)
    ):
        tokens.pop()
    if not tokens:
        return None
    last = tokens[-1]
    after = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    opened = sum(t.text in OPENING for t in tokens) > sum(t.text in CLOSING for t in tokens)
    if after is not None and opened and after.text in CLOSING:
        last = after  # the complement's quotation closes just past its last word
    return tokens[0].idx, last.idx + len(last)


def _parenthetical(verb: Token) -> tuple[tuple[int, int], Token | None] | None:
    """ "Norway, he said, will take part": the clause the verb is inserted in."""
    if verb.dep_ != "parataxis" or not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    head = verb.head
    tokens = [t for t in head.subtree if not (verb.left_edge.i <= t.i <= verb.right_edge.i)]
    content = _clean_extent(tokens)
    return (content, None) if content else None


def _according_content(according: Token) -> tuple[int, int] | None:
    """The clause "according to X" stands in, without the frame itself."""
    head = according.head
    frame = range(according.left_edge.i, according.right_edge.i + 1)
    tokens = [t for t in head.subtree if t.i not in frame]
    return _clean_extent(tokens) if len(tokens) >= 2 else None


def _mostly_quoted(content: tuple[int, int], quoted: Regions) -> bool:
    start, end = content
    inside = quoted.chars_inside(start, end)
    return inside >= 0.8 * (end - start)


def _indirect(
    doc: Doc,
    text: str,
    verb: Token,
    found: tuple[tuple[int, int], Token | None],
    candidates: list[Span],
    quoted: Regions,
) -> QuoteRecord | None:
    (start, end), preposition = found
    subject = subject_of(verb, quoted)
    if subject is not None and subject.ent_type_ in NOT_SPEAKERS:
        subject = adjacent_subject(verb, quoted)
    if subject is None:
        return None  # reported words of no one ("an image showing ...", "Asked about ...")
    resolution = resolve_speaker(doc, subject, candidates)
    cue_span, cue_text = cue_of(verb, preposition)
    confidence = CONFIDENCE.get(resolution.via, CONFIDENCE["none"]) - 0.1
    quote = Quote(
        QuoteKind.INDIRECT,
        TextSpan(start, end),
        text[start:end],
        speaker_mention=text_span(resolution.mention),
        speaker_description=resolution.description if resolution.mention is None else None,
        cue=cue_text,
        cue_span=cue_span,
        verb=verb_lemma(verb),
        confidence=round(max(confidence, 0.2), 2) if subject is not None else 0.3,
    )
    source = phrase_span(subject) if subject is not None else None
    return QuoteRecord(quote, source, verb)
