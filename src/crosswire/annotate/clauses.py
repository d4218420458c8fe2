"""Clauses: the propositions a sentence packs, cut from its dependency parse.

"The ministry suspended trade, closed its ports and issued warrants" tells three facts that
other outlets may tell one per sentence. Each clause with a subject of its own (or one it shares
with the verb it is coordinated with), each participle clause and each content clause of a verb
of saying becomes a `Clause`: its words in the article, and its wording as a statement of its own.
A relative clause names what its pronoun refers to ("the minister, whose country was a
candidate" -> "the minister's country was a candidate"); a coordinated verb repeats the shared
subject. Facts are lined up from sentences and these clauses (`crosswire.annotate.statements`).

A clause is a claim when it has a subject and a finite verb: a reader can quote it. A participle
clause ("bearing the Israeli flag") only modifies; it helps line up facts but never states one.
Two more wordings make a sentence's claim quotable on its own: its main clause without the
attribution around it ("As the Courier reported, the mayor vetoed the plan, citing costs" -> "the
mayor vetoed the plan"), and a demonstrative object resolved from the sentence before ("... urged
him to reconsider the port's closure. The mayor continues to reject these proposals." -> "The
mayor continues to reject the port's closure").

The labels are spaCy's English dependency labels, kept as data (data/clauses.json).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from crosswire.annotate.coref import name_candidates, resolve_mention
from crosswire.annotate.quotemarks import Regions, find_quoted_segments
from crosswire.annotate.speech_lexicon import speech_words
from crosswire.annotate.statements import plain_wording
from crosswire.datafiles import load_data
from crosswire.model import Clause, Span

# Set on benchmarks/bench_seed_facts.py: clauses of three words ("aimed at the minister") met
# unrelated sentences; from four words on they found facts long sentences hid.
MIN_CLAUSE_WORDS = 4
# The longest object that stands in for "these proposals": a longer one is a clause of its own
# and reads worse than the demonstrative (not tuned).
MAX_ANTECEDENT_WORDS = 8
PERSONAL = frozenset({"male", "female", "plural"})  # pronoun kinds a name stands in for
SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:])")
# The commas left around a phrase left out ("Dorn, responding to a question, said" -> "Dorn said").
REPEATED_COMMA = re.compile(r",(?:\s*,)+(?=\s)")


@dataclass(frozen=True, slots=True)
class _Labels:
    subject: frozenset[str]
    clause: frozenset[str]
    participle: frozenset[str]
    participle_tags: frozenset[str]
    edge: frozenset[str]
    relative: frozenset[str]
    possessive: frozenset[str]
    finite: frozenset[str]
    auxiliary: frozenset[str]
    attribution: frozenset[str]
    according: frozenset[str]
    demonstratives: frozenset[str]
    arguments: frozenset[str]
    antecedents: frozenset[str]
    antecedent_left_out: frozenset[str]
    bare: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Context:
    """What a clause's words may stand for: the object of the sentence before (for "these
    proposals"), the names before it and the quoted stretches (for "he")."""

    antecedent: str | None
    names: Sequence[SpacySpan]
    quoted: Regions


@cache
def _labels() -> _Labels:
    data = load_data("clauses.json")

    def labels(key: str) -> frozenset[str]:
        return frozenset(data[key])

    return _Labels(
        subject=labels("subject_labels"),
        clause=labels("clause_labels"),
        participle=labels("participle_labels"),
        participle_tags=labels("participle_tags"),
        edge=labels("edge_labels"),
        relative=labels("relative_pronouns"),
        possessive=labels("possessive_relative_pronouns"),
        finite=labels("finite_tags"),
        auxiliary=labels("auxiliary_labels"),
        attribution=labels("attribution_labels"),
        according=labels("according_labels"),
        demonstratives=labels("demonstratives"),
        arguments=labels("argument_labels"),
        antecedents=labels("antecedent_labels"),
        antecedent_left_out=labels("antecedent_left_out"),
        bare=labels("bare_attribution_labels"),
    )


def find_clauses(doc: Doc) -> list[Clause]:
    """The clauses of every sentence of a parsed document, in text order, none repeating its
    sentence or another clause word for word; a sentence that states no claim (no subject with
    a finite verb: a heading, a caption, a fragment the splitter cut) is given as a clause of
    its own words that is no claim, so that it lines facts up but never states one."""
    clauses: list[Clause] = []
    before: SpacySpan | None = None
    quoted = Regions((q.open_at, q.close_at or q.end) for q in find_quoted_segments(doc.text))
    names = name_candidates(doc, quoted)
    for sentence in doc.sents:
        seen = {plain_wording(sentence.text)}
        context = _Context(_antecedent_words(before), names, quoted)
        for clause in _sentence_clauses(sentence, context):
            key = plain_wording(clause.text)
            if key not in seen and len(key.split()) >= MIN_CLAUSE_WORDS:
                seen.add(key)
                clauses.append(clause)
        words = _trimmed([t for t in sentence if not t.is_space])
        if words and not any(_tells(t) for t in words):
            clauses.append(_fragment(words))
        before = sentence
    return sorted(clauses, key=lambda c: (c.span.start, c.span.end))


def _sentence_clauses(sentence: SpacySpan, context: _Context) -> Iterable[Clause]:
    """The sentence's clauses; the sentence itself and its main claim, when a demonstrative in
    them resolves or attribution is cut away."""
    labels = _labels()
    for token in sentence:
        if token.dep_ == "ROOT":
            yield from _main_claims(token, sentence, context)
        if token.dep_ not in labels.clause or not _heads_clause(token):
            continue
        words = _trimmed([t for t in token.subtree if t.i not in _coordinated_clauses(token)])
        if words:
            yield _clause(token, words, context)


def _main_claims(root: Token, sentence: SpacySpan, context: _Context) -> Iterable[Clause]:
    """The sentence with its demonstrative or pronoun subject resolved, and its main clause
    (without coordinated clauses, attribution and trailing participles) when that is a claim of
    its own."""
    whole = _trimmed([t for t in sentence if not t.is_space])
    if whole and _resolved(root, whole, context):
        yield _clause(root, whole, context)
    if not _heads_clause(root):
        return
    left_out = _coordinated_clauses(root) | _framing(root)
    words = _trimmed([t for t in root.subtree if t.i not in left_out])
    if words and len(words) < len(whole):
        yield _clause(root, words, context)


def _framing(root: Token) -> set[int]:
    """Token indices of what frames the main clause rather than tells it: an attribution clause
    ("As the Courier reported", "officials said"), an "according to" phrase, a participle clause
    after the verb (", citing costs")."""
    labels = _labels()
    reporting = speech_words().reporting
    out: set[int] = set()
    for child in root.children:
        attributes = child.dep_ in labels.attribution and child.lemma_.lower() in reporting
        according = child.dep_ in labels.according and child.lower_ == "according"
        trailing = (
            child.i > root.i
            and child.dep_ in labels.participle
            and child.tag_ in labels.participle_tags
            and _subject(child) is None
        )
        if attributes or according or trailing:
            out.update(t.i for t in child.subtree)
    return out


def _heads_clause(token: Token) -> bool:
    """Whether the verb heads a clause that can stand as a statement."""
    labels = _labels()
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if _subject(token) is not None or token.dep_ == "relcl":
        return True
    if token.dep_ in labels.participle and token.tag_ in labels.participle_tags:
        return True
    return token.dep_ == "conj" and _shared_subject(token) is not None


def _coordinated_clauses(token: Token) -> set[int]:
    """The token indices of the clauses coordinated with the verb (each is a clause of its own),
    with the conjunctions before them."""
    out: set[int] = set()
    for child in token.children:
        if child.dep_ == "conj" and _heads_clause(child):
            out.update(t.i for t in child.subtree)
            out.update(c.i for c in token.children if c.dep_ == "cc" and c.i < child.i)
    return out


def _trimmed(words: Sequence[Token]) -> list[Token]:
    """Without the conjunctions, markers and punctuation at either end ("and", "that", ",")."""
    edge = _labels().edge
    start, end = 0, len(words)
    while start < end and (words[start].dep_ in edge or words[start].is_space):
        start += 1
    while end > start and (words[end - 1].dep_ in ("cc", "punct") or words[end - 1].is_space):
        end -= 1
    return list(words[start:end])


def _clause(head: Token, words: Sequence[Token], context: _Context | None = None) -> Clause:
    labels = _labels()
    first = words[0]
    start, end = first.idx, words[-1].idx + len(words[-1].text)
    text = _joined(words, _resolved(head, words, context) if context else {})
    claim = _finite(head)
    if head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN"):
        pronoun = first.lower_
        claim = claim and (first.dep_ in labels.subject or pronoun in labels.possessive)
        if pronoun in labels.relative or pronoun in labels.possessive:
            named = _joined(_antecedent(head)).rstrip(" ,")
            rest = text[len(first.text) :]
            text = f"{named}'s{rest}" if pronoun in labels.possessive else f"{named}{rest}"
    elif head.dep_ == "conj" and _subject(head) is None:
        subject = _shared_subject(head)
        if subject is not None:
            text = f"{_joined(list(subject.subtree))} {text}"
    else:
        claim = claim and _subject(head) is not None and not _bare_attribution(head)
    return Clause(Span(start, end), text, claim=claim)


def _bare_attribution(verb: Token) -> bool:
    """A verb of saying with nothing said ("As the Courier reported"): a source, not a claim."""
    if verb.lemma_.lower() not in speech_words().reporting:
        return False
    labels = _labels()
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return True
    return all(c.dep_ in labels.subject or c.dep_ in labels.bare for c in verb.children)


def _resolved(head: Token, words: Sequence[Token], context: _Context) -> dict[int, str]:
    """Words to tell in other words: a demonstrative subject or object by the object of the
    sentence before ("these proposals" -> "the port's closure"), the head's pronoun subject
    outside quotation marks by the name it stands for ("He predicted" -> "Barrack predicted")."""
    instead: dict[int, str] = {}
    demonstrative = _demonstrative(words)
    if demonstrative is not None and context.antecedent is not None:
        instead.update(dict.fromkeys(demonstrative[1:], ""))
        instead[demonstrative[0]] = context.antecedent
    subject = _subject(head)
    kinds = speech_words().pronouns
    if (
        subject is not None
        and kinds.get(subject.lower_) in PERSONAL
        and not context.quoted.holds(subject.idx)
        and subject.i in {t.i for t in words}
    ):
        found = resolve_mention(subject.doc, subject, candidates=context.names).mention
        if found is not None:
            name = found.text.removesuffix("'s").removesuffix("’s")
            instead[subject.i] = name[:1].upper() + name[1:] if subject.i == words[0].i else name
    return instead


def _tells(token: Token) -> bool:
    """Whether the token is the subject of a finite verb."""
    return token.dep_ in _labels().subject and _finite(token.head)


def _fragment(words: Sequence[Token]) -> Clause:
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return Clause(Span(start, end), _joined(words), claim=False)


def _finite(verb: Token) -> bool:
    """Whether the verb is finite itself or through its auxiliary ("has remained", "will go")."""
    labels = _labels()
    return verb.tag_ in labels.finite or any(
        c.dep_ in labels.auxiliary and c.tag_ in labels.finite for c in verb.children
    )


def _demonstrative(words: Sequence[Token]) -> list[int] | None:
    """The token indices of the first demonstrative subject or object in the words ("these
    proposals", "such support"), or None. A bare "this" is left alone: it mostly stands for an
    event told in a clause ("this will not happen"), not for an object."""
    labels = _labels()
    inside = {t.i for t in words}
    for token in words:
        lower = token.lower_
        if lower not in labels.demonstratives or token.dep_ not in ("det", "predet", "amod"):
            continue
        noun = token.head
        if noun.pos_ == "NOUN" and noun.dep_ in labels.arguments and noun.i > token.i:
            span = list(range(token.i, noun.i + 1))
            if all(i in inside for i in span):
                return span
    return None


def _antecedent_words(sentence: SpacySpan | None) -> str | None:
    """What a demonstrative in the next sentence stands for: this sentence's last direct object
    with its modifiers (not its relative clauses), when short enough to read in its place."""
    if sentence is None:
        return None
    labels = _labels()
    objects = [t for t in sentence if t.dep_ in labels.antecedents and t.pos_ in ("NOUN", "PROPN")]
    if not objects:
        return None
    head = objects[-1]
    left_out = {
        t.i for c in head.children if c.dep_ in labels.antecedent_left_out for t in c.subtree
    }
    words = [t for t in head.subtree if t.i not in left_out]
    if any(t.lower_ in labels.demonstratives for t in words):
        return None  # "this plan" again: nothing gained
    if not 1 < len(words) <= MAX_ANTECEDENT_WORDS:
        return None
    return _joined(words)


def _antecedent(relative_head: Token) -> list[Token]:
    """The noun phrase a relative clause hangs on, up to its noun ("the minister" of "the
    minister, whose ...")."""
    noun = relative_head.head
    inside = {t.i for t in relative_head.subtree}
    return [t for t in noun.subtree if t.i not in inside and t.i <= noun.i]


def _subject(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in _labels().subject), None)


def _shared_subject(token: Token) -> Token | None:
    """The subject a coordinated verb shares: its first conjunct's, else (when the parse hung the
    chain elsewhere) the sentence's first subject before it."""
    first = token
    while first.dep_ == "conj" and _subject(first) is None and first.head is not first:
        first = first.head
    found = _subject(first)
    if found is None:
        subjects = _labels().subject
        found = next((t for t in token.sent if t.dep_ in subjects and t.i < token.i), None)
    return found


def _joined(words: Sequence[Token], instead: Mapping[int, str] | None = None) -> str:
    """The words as written, a word given `instead` replaced (by nothing when empty); where a
    left-out word stood before a comma, no space before it."""
    instead = instead or {}
    pieces = []
    for t in words:
        if t.i not in instead:
            pieces.append(t.text_with_ws)
        elif instead[t.i]:
            pieces.append(instead[t.i] + t.whitespace_)
    joined = SPACE_BEFORE_MARK.sub(r"\1", "".join(pieces).strip())
    return REPEATED_COMMA.sub("", joined)
