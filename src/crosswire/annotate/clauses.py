"""Clauses: the propositions a sentence packs, cut from its dependency parse.

"The ministry suspended trade, closed its ports and issued warrants" tells three facts that
other outlets may tell one per sentence. Each clause with a subject of its own (or one it shares
with the verb it is coordinated with), each participle clause and each content clause of a verb
of saying becomes a `Clause`: its words in the article, and its wording as a statement of its own.
A relative clause names what its pronoun refers to ("the minister, whose country was a
candidate" -> "the minister's country was a candidate"); a coordinated verb repeats the shared
subject. Facts are lined up from sentences and these clauses (`crosswire.annotate.statements`).

The labels are spaCy's English dependency labels, kept as data (data/clauses.json).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from crosswire.annotate.statements import plain_wording
from crosswire.datafiles import load_data
from crosswire.model import Clause, Span

# Set on benchmarks/bench_seed_facts.py: clauses of three words ("aimed at the minister") met
# unrelated sentences; from four words on they found facts long sentences hid.
MIN_CLAUSE_WORDS = 4
SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:])")


@dataclass(frozen=True, slots=True)
class _Labels:
    subject: frozenset[str]
    clause: frozenset[str]
    participle: frozenset[str]
    participle_tags: frozenset[str]
    edge: frozenset[str]
    relative: frozenset[str]
    possessive: frozenset[str]


@cache
def _labels() -> _Labels:
    data = load_data("clauses.json")
    return _Labels(
        subject=frozenset(data["subject_labels"]),
        clause=frozenset(data["clause_labels"]),
        participle=frozenset(data["participle_labels"]),
        participle_tags=frozenset(data["participle_tags"]),
        edge=frozenset(data["edge_labels"]),
        relative=frozenset(data["relative_pronouns"]),
        possessive=frozenset(data["possessive_relative_pronouns"]),
    )


def find_clauses(doc: Doc) -> list[Clause]:
    """The clauses of every sentence of a parsed document, in text order, none repeating its
    sentence or another clause word for word."""
    clauses: list[Clause] = []
    for sentence in doc.sents:
        seen = {plain_wording(sentence.text)}
        for clause in _sentence_clauses(sentence):
            key = plain_wording(clause.text)
            if key not in seen and len(key.split()) >= MIN_CLAUSE_WORDS:
                seen.add(key)
                clauses.append(clause)
    return clauses


def _sentence_clauses(sentence: SpacySpan) -> Iterable[Clause]:
    labels = _labels()
    for token in sentence:
        if token.dep_ != "ROOT" and token.dep_ not in labels.clause:
            continue
        if not _heads_clause(token):
            continue
        coordinated = _coordinated_clauses(token)
        if token.dep_ == "ROOT" and not coordinated:
            continue  # the sentence itself
        words = _trimmed([t for t in token.subtree if t.i not in coordinated])
        if words:
            yield _clause(token, words)


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


def _clause(head: Token, words: Sequence[Token]) -> Clause:
    labels = _labels()
    first = words[0]
    start, end = first.idx, words[-1].idx + len(words[-1].text)
    text = _joined(words)
    if head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN"):
        pronoun = first.lower_
        if pronoun in labels.relative or pronoun in labels.possessive:
            antecedent = _antecedent(head)
            named = _joined(antecedent).rstrip(" ,")
            rest = text[len(first.text) :]
            text = f"{named}'s{rest}" if pronoun in labels.possessive else f"{named}{rest}"
    elif head.dep_ == "conj" and _subject(head) is None:
        subject = _shared_subject(head)
        if subject is not None:
            text = f"{_joined(list(subject.subtree))} {text}"
    return Clause(Span(start, end), text)


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


def _joined(words: Sequence[Token]) -> str:
    """The words as written; where a left-out word stood before a comma, no space before it."""
    return SPACE_BEFORE_MARK.sub(r"\1", "".join(t.text_with_ws for t in words).strip())
