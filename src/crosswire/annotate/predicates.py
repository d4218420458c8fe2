"""Predicates: each verb of a parsed text with each of its arguments, as lemmas.

A fact told in other words often keeps its verb and what the verb acts on: "the ministry would
not force Varnia to accept the plan" and "Brelsk wouldn't force anything on Varnia" share
"not force varnia", though an embedding may put each nearer to other refusals of the story.
Facts compare statements on their predicates as on their names and numbers
(`crosswire.compare.facts`).

Arguments are the verb's object, passive subject or complement, and the objects of its
prepositions; pronouns and determiners say nothing of their own and are left out. The labels are
spaCy's English dependency labels, kept as data (data/predicates.json).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from crosswire.datafiles import load_data
from crosswire.model import Predicate, Span


@dataclass(frozen=True, slots=True)
class _Labels:
    verb_tags: frozenset[str]
    negation_labels: frozenset[str]
    negation_words: frozenset[str]
    arguments: frozenset[str]
    prepositions: frozenset[str]
    prepositional_objects: frozenset[str]
    left_out: frozenset[str]


@cache
def _labels() -> _Labels:
    data = load_data("predicates.json")
    return _Labels(
        verb_tags=frozenset(data["verb_tags"]),
        negation_labels=frozenset(data["negation_labels"]),
        negation_words=frozenset(data["negation_words"]),
        arguments=frozenset(data["argument_labels"]),
        prepositions=frozenset(data["preposition_labels"]),
        prepositional_objects=frozenset(data["prepositional_object_labels"]),
        left_out=frozenset(data["argument_tags_left_out"]),
    )


def find_predicates(doc: Doc) -> list[Predicate]:
    """Every verb's predicates (one per argument), in text order."""
    labels = _labels()
    found: list[Predicate] = []
    for verb in doc:
        if verb.pos_ not in labels.verb_tags:
            continue
        negated = any(
            c.dep_ in labels.negation_labels or c.lower_ in labels.negation_words
            for c in verb.children
        )
        lemma = verb.lemma_.lower()
        span = Span(verb.idx, verb.idx + len(verb.text))
        for argument in _arguments(verb):
            key = f"{'not ' if negated else ''}{lemma} {argument.lemma_.lower()}"
            found.append(Predicate(span, key))
    return found


def _arguments(verb: Token) -> Iterable[Token]:
    labels = _labels()
    for child in verb.children:
        if child.dep_ in labels.arguments:
            candidates: Iterable[Token] = (child,)
        elif child.dep_ in labels.prepositions:
            candidates = (g for g in child.children if g.dep_ in labels.prepositional_objects)
        else:
            continue
        yield from (c for c in candidates if c.pos_ not in labels.left_out and c.lemma_.strip())
