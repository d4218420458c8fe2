"""Who said what: direct, partial, indirect and scare quotes over a spaCy parse.

Quoted segments come from the marks (quotemarks.py); each is given its cue, the speech verb that
governs it in the parse or stands next to it in its sentence ("…,” he said.), else the speaker of
the quote just before it (“…,” he said. “…”). Whole utterances are direct, fragments inside
reported speech partial, short quoted terms with no speech verb scare quotes (no speaker).
Indirect quotes are the clausal complements of speech and cognition verbs outside quotation marks
("X said that ...") and the clauses of "according to X". The speaker is the verb's subject,
resolved through coref.py.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from crosswire.annotate.coref import name_candidates, phrase_span
from crosswire.annotate.cues import (
    cue_of,
    dash_speaker,
    is_according,
    is_reporting,
    outside_quotes,
    text_span,
    verb_lemma,
)
from crosswire.annotate.indirect_quotes import find_indirect_quotes
from crosswire.annotate.quotemarks import QuotedSegment, Regions, find_quoted_segments
from crosswire.annotate.speakers import (
    CONFIDENCE,
    NOT_SPEAKERS,
    QuoteRecord,
    adjacent_subject,
    resolve_speaker,
    subject_of,
)
from crosswire.annotate.speech_lexicon import speech_words
from crosswire.extract.language import line_language
from crosswire.model import Mention, Quote, QuoteKind
from crosswire.model import Span as TextSpan
from crosswire.text import sentence_breaks

log = logging.getLogger(__name__)

# A quoted term of at most this many words with no speech verb over it is a scare quote
# (bench_seed_quotes.py: the seeds' scare quotes have 1 word, their shortest partial quotes 2-3
# words under a speech verb, which the verb test keeps apart).
SCARE_MAX_WORDS = 3
# Edges by which a quoted fragment hangs under a speech verb as what was said (not as a
# mere object: "alleging “genocide”" is a scare quote).
SAID_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "parataxis", "oprd", "csubj", "acomp"})
# Shorter quotes are too short to tell their language (not tuned: language.py's own minimum).
MIN_JUDGED_QUOTE = 20
BLOCK = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")  # a paragraph: lines with no blank line between
# A quote with no cue continues the previous quote's speaker up to this many paragraph breaks
# after it (bench_seed_quotes.py: the seeds' continuations are in the same paragraph).
CONTINUATION_PARAGRAPHS = 1


def find_quotes(doc: Doc, *, mentions: Sequence[Mention] = ()) -> list[Quote]:
    """Every quote of the parsed article text, in text order."""
    return [record.quote for record in find_quote_records(doc, mentions=mentions)]


def find_quote_records(doc: Doc, *, mentions: Sequence[Mention] = ()) -> list[QuoteRecord]:
    text = doc.text  # spaCy joins the tokens on each call: once per document
    segments = find_quoted_segments(text)
    quoted = Regions((s.start, s.end) for s in segments)
    candidates = _candidates(doc, quoted, mentions)
    records = _marked_quotes(doc, text, segments, candidates)
    records += find_indirect_quotes(doc, text, quoted, candidates)
    records.sort(key=lambda r: (r.quote.span.start, r.quote.span.end))
    return _link_translations(text, records)


def _candidates(doc: Doc, quoted: Regions, mentions: Sequence[Mention]) -> list[Span]:
    found = name_candidates(doc, quoted)
    known = {(c.start_char, c.end_char) for c in found}
    for mention in mentions:
        span = doc.char_span(mention.span.start, mention.span.end, label="PERSON")
        if span is not None and (span.start_char, span.end_char) not in known:
            found.append(span)
    return sorted(found, key=lambda s: s.start)


# --- quotes in quotation marks ---------------------------------------------------------------


def _marked_quotes(
    doc: Doc, text: str, segments: list[QuotedSegment], candidates: list[Span]
) -> list[QuoteRecord]:
    quoted = Regions(
        (s.open_at, (s.close_at if s.close_at is not None else s.end) + 1) for s in segments
    )
    records: list[QuoteRecord] = []
    previous: QuoteRecord | None = None
    for index in range(len(segments)):
        record = _marked_quote(doc, text, segments, index, quoted, candidates, previous)
        if record is None:
            continue
        records.append(record)
        if record.quote.kind != QuoteKind.SCARE:
            previous = record
    return _share_chain_speakers(segments, records)


def _marked_quote(
    doc: Doc,
    full_text: str,
    segments: list[QuotedSegment],
    index: int,
    quoted: Regions,
    candidates: list[Span],
    previous: QuoteRecord | None,
) -> QuoteRecord | None:
    segment = segments[index]
    inner = doc.char_span(segment.start, segment.end, alignment_mode="expand")
    if inner is None or not len(inner):
        return None
    text = full_text[segment.start : segment.end]
    left, right = _clause_window(full_text, segments, index)
    verb, entry = _governing_verb(inner, quoted)
    if verb is None:
        verb = _window_verb(doc, segment, left, right, quoted)
        entry = "window"
    words = len([t for t in inner if not t.is_punct])
    starts_clause = not full_text[left : segment.open_at].strip(" ,:;—–-\n")
    if verb is None and starts_clause:
        dashed = dash_speaker(doc, full_text, segment)
        if dashed is not None:
            return _attributed(doc, segment, text, QuoteKind.DIRECT, dashed, candidates, quoted)
    # A short quote is a scare quote unless a verb reports it ("called it “fraud”") or it is a
    # whole utterance with its cue (“You winning?” she said).
    reported = starts_clause or _says(verb, entry) if verb is not None else False
    if verb is None or (words <= SCARE_MAX_WORDS and not reported):
        return _unattributed(full_text, segment, starts_clause, words, previous)
    kind = (
        QuoteKind.DIRECT
        if starts_clause or _after_cue(full_text, left, segment)
        else QuoteKind.PARTIAL
    )
    return _attributed(doc, segment, text, kind, verb, candidates, quoted)


def _says(verb: Token, entry: str) -> bool:
    """Whether a short fragment is what the verb reports (not a term it uses)."""
    if entry == "window":
        return False
    return entry in SAID_DEPS or verb.lemma_.lower() in speech_words().naming


def _after_cue(text: str, left: int, segment: QuotedSegment) -> bool:
    """“…” right after a cue and a comma or colon (He added later, “…”) is a whole utterance."""
    before = text[left : segment.open_at].rstrip()
    return before.endswith((",", ":"))


def _unattributed(
    full_text: str,
    segment: QuotedSegment,
    starts_clause: bool,
    words: int,
    previous: QuoteRecord | None,
) -> QuoteRecord:
    """A quote with no cue: a scare quote, or the previous speaker going on."""
    span = TextSpan(segment.start, segment.end)
    text = full_text[segment.start : segment.end]
    if words <= SCARE_MAX_WORDS and not starts_clause:
        return QuoteRecord(Quote(QuoteKind.SCARE, span, text, confidence=0.6), None, None)
    kind = QuoteKind.DIRECT if starts_clause else QuoteKind.PARTIAL
    if previous is not None and _near(full_text, previous.quote.span.end, segment.start):
        before = previous.quote
        quote = Quote(
            kind,
            span,
            text,
            speaker_mention=before.speaker_mention,
            speaker_description=before.speaker_description,
            verb=before.verb,
            confidence=min(before.confidence, CONFIDENCE["continued"]),
        )
        return QuoteRecord(quote, None, None)
    return QuoteRecord(Quote(kind, span, text, confidence=CONFIDENCE["none"]), None, None)


def _near(text: str, end: int, start: int) -> bool:
    return text.count("\n\n", end, start) <= CONTINUATION_PARAGRAPHS


def _attributed(
    doc: Doc,
    segment: QuotedSegment,
    text: str,
    kind: QuoteKind,
    verb: Token,
    candidates: list[Span],
    quoted: Regions,
) -> QuoteRecord:
    cue_span, cue_text = cue_of(verb)
    subject = subject_of(verb, quoted)
    if subject is None or subject.ent_type_ in NOT_SPEAKERS:
        subject = adjacent_subject(verb, quoted)
    resolution = resolve_speaker(doc, subject, candidates)
    quote = Quote(
        kind,
        TextSpan(segment.start, segment.end),
        text,
        speaker_mention=text_span(resolution.mention),
        speaker_description=resolution.description if resolution.mention is None else None,
        cue=cue_text,
        cue_span=cue_span,
        verb=verb_lemma(verb),
        confidence=CONFIDENCE.get(resolution.via, CONFIDENCE["none"]) if subject else 0.4,
    )
    source = phrase_span(subject) if subject is not None else None
    return QuoteRecord(quote, source, verb)


def _share_chain_speakers(
    segments: list[QuotedSegment], records: list[QuoteRecord]
) -> list[QuoteRecord]:
    """Paragraphs of one quotation running on share the speaker its last paragraph names."""
    by_start = {r.quote.span.start: r for r in records}
    chain: list[QuoteRecord] = []
    out: dict[int, QuoteRecord] = dict(by_start)
    for segment in segments:
        record = by_start.get(segment.start)
        if record is None:
            continue
        chain.append(record)
        if segment.continues:
            continue
        named = next((r for r in reversed(chain) if r.quote.speaker_mention is not None), None)
        for member in chain:
            if named is not None and member.quote.speaker_mention is None:
                quote = replace(
                    member.quote,
                    kind=QuoteKind.DIRECT,
                    speaker_mention=named.quote.speaker_mention,
                    confidence=CONFIDENCE["continued"],
                )
                out[member.quote.span.start] = QuoteRecord(quote, None, None)
        chain = []
    return [out[k] for k in sorted(out)]


def _clause_window(text: str, segments: list[QuotedSegment], index: int) -> tuple[int, int]:
    """Where the quote's own sentence starts and ends, bounded by neighbouring quotes."""
    segment = segments[index]
    para_start = text.rfind("\n\n", 0, segment.open_at)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", segment.end)
    para_end = len(text) if para_end < 0 else para_end
    left = para_start
    if index > 0 and segments[index - 1].close_at is not None:
        left = max(left, segments[index - 1].close_at + 1)  # type: ignore[operator]
    ends = [mark_end for mark_end, _ in sentence_breaks(text, left, segment.open_at, any_stop=True)]
    if ends:
        left = ends[-1]
    right = para_end
    close = segment.close_at if segment.close_at is not None else segment.end
    if index + 1 < len(segments):
        right = min(right, segments[index + 1].open_at)
    stop = next(sentence_breaks(text, close + 1, right, any_stop=True), None)
    if stop is not None:
        right = stop[0]
    return left, right


def _governing_verb(inner: Span, quoted: Regions) -> tuple[Token | None, str]:
    """The nearest speech verb outside the quotes that the quoted words hang under."""
    for token in inner:
        if inner.start <= token.head.i < inner.end and token.head is not token:
            continue
        child, node = token, token.head
        steps = 0
        while node is not child and steps < 8:
            beyond = node.i < inner.start or node.i >= inner.end
            if beyond and outside_quotes(node, quoted) and _is_cue(node):
                return node, child.dep_
            if node.sent != inner.doc[inner.start].sent and node.i >= inner.end:
                break
            child, node = node, node.head
            steps += 1
    return None, ""


def _is_cue(token: Token) -> bool:
    return is_reporting(token) or is_according(token)


def _window_verb(
    doc: Doc, segment: QuotedSegment, left: int, right: int, quoted: Regions
) -> Token | None:
    """A speech verb in the quote's sentence outside the quotes: after it first (“…,” he said)."""
    close = segment.close_at if segment.close_at is not None else segment.end
    after = doc.char_span(close + 1, right, alignment_mode="contract")
    before = doc.char_span(left, segment.open_at, alignment_mode="contract")
    for span, order in ((after, 1), (before, -1)):
        if span is None:
            continue
        tokens = list(span)[::order]
        for token in tokens:
            if outside_quotes(token, quoted) and (is_reporting(token) or is_according(token)):
                return token
    return None


# --- translations ----------------------------------------------------------------------------


def _link_translations(text: str, records: list[QuoteRecord]) -> list[QuoteRecord]:
    """Quotes in another language than the text's are marked so; a quote cued as a translation
    points at the foreign-language paragraph next to it."""
    words = speech_words()
    out: list[QuoteRecord] = []
    for record in records:
        quote = record.quote
        if quote.kind != QuoteKind.INDIRECT and len(quote.text) >= MIN_JUDGED_QUOTE:
            language = line_language(quote.text, "en")
            if language is not None:
                quote = replace(quote, language=language)
        cue_words = _cue_phrase_words(record)
        if quote.kind != QuoteKind.SCARE and cue_words & words.translation:
            original = _foreign_neighbour(text, quote.span)
            if original is not None:
                quote = replace(quote, translation_of=original, language="en")
        out.append(QuoteRecord(quote, record.source, record.cue_token))
    return out


def _cue_phrase_words(record: QuoteRecord) -> set[str]:
    found: set[str] = set()
    if record.cue_token is not None:
        found.add(record.cue_token.lower_)
    if record.source is not None:
        found.update(t.lower_ for t in record.source)
    return found


def _foreign_neighbour(text: str, span: TextSpan) -> TextSpan | None:
    """The paragraph (or line) just before or after `span` that is not in English."""
    bounds = [(m.start(), m.end()) for m in BLOCK.finditer(text)]
    own = next((n for n, (s, e) in enumerate(bounds) if s <= span.start < e), None)
    if own is None:
        return None
    for n in (own - 1, own + 1):
        if 0 <= n < len(bounds):
            start, end = bounds[n]
            if line_language(text[start:end], "en") not in (None, "en"):
                return TextSpan(start, end)
    return None
