"""Predicates: each verb of a parsed text with each of its arguments, as lemmas.

A fact told in other words often keeps its verb and what the verb acts on: "the ministry would
not force Varnia to accept the plan" and "Brelsk wouldn't force anything on Varnia" share
"not force varnia", though an embedding may put each nearer to other refusals of the story.
Facts compare statements on their predicates as on their names and numbers
(`crosswire.compare.facts`).

Arguments are the verb's object, passive subject or complement, and the objects of its
prepositions; pronouns and determiners say nothing of their own and are left out. The labels are
spaCy's English dependency labels, kept as data (data/predicates.json).

A verb also gives a stance on each country its arguments name: "against turkey" for "vetoed Turkish
involvement", "will not involve Turkish troops" and "there will be no Turkish boots": one position
told with other verbs, which facts compare apart from the verbs (`statements.STANCE`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from crosswire.annotate.statements import STANCE
from crosswire.countries import countries
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
    opposition: frozenset[str]
    support: frozenset[str]
    no_determiners: frozenset[str]
    owners: frozenset[str]
    clausal: frozenset[str]
    existential: frozenset[str]
    subjects: frozenset[str]


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
        opposition=frozenset(data["opposition_lemmas"]),
        support=frozenset(data["support_lemmas"]),
        no_determiners=frozenset(data["no_determiners"]),
        owners=frozenset(data["owner_labels"]),
        clausal=frozenset(data["clausal_argument_labels"]),
        existential=frozenset(data["existential_labels"]),
        subjects=frozenset(data["subject_labels"]),
    )


def find_predicates(doc: Doc) -> list[Predicate]:
    """Every verb's predicates (one per argument), in text order."""
    labels = _labels()
    found: list[Predicate] = []
    for verb in doc:
        existential = any(c.dep_ in labels.existential for c in verb.children)
        if verb.pos_ not in labels.verb_tags and not existential:
            continue
        negated = any(
            c.dep_ in labels.negation_labels or c.lower_ in labels.negation_words
            for c in verb.children
        )
        lemma = verb.lemma_.lower()
        span = Span(verb.idx, verb.idx + len(verb.text))
        arguments = list(_arguments(verb))
        if not existential:  # "there is": the stance below, no predicate of its own
            for argument in arguments:
                key = f"{'not ' if negated else ''}{lemma} {argument.lemma_.lower()}"
                found.append(Predicate(span, key))
        if negated:  # "does not want [Turkish soldiers deployed]": what is not wanted
            clauses = (c for c in verb.children if c.dep_ in labels.clausal)
            arguments += [s for c in clauses for s in _subjects(c)]
        found.extend(Predicate(span, key) for key in _stances(lemma, negated, arguments))
    return found


def _subjects(verb: Token) -> Iterable[Token]:
    return (c for c in verb.children if c.dep_ in _labels().subjects)


def _stances(lemma: str, negated: bool, arguments: list[Token]) -> list[str]:
    """The verb's stances on the countries its arguments name ("against turkey"): a verb of
    opposition, or a negated verb of support; an argument under "no" negates too."""
    labels = _labels()
    names = countries()
    keys: dict[str, None] = {}
    for argument in arguments:
        denied = negated or any(c.lower_ in labels.no_determiners for c in argument.children)
        if lemma in labels.opposition:
            direction = STANCE[1] if denied else STANCE[0]
        elif lemma in labels.support or denied:
            direction = STANCE[0] if denied else STANCE[1]
        else:
            continue
        for word in _named_in(argument):
            if word.text[:1].isupper() and word.lower_ in names:
                keys.setdefault(direction + names[word.lower_].lower())
    return list(keys)


def _named_in(argument: Token) -> Iterable[Token]:
    """The argument and the words that say whose it is ("Turkish troops", "Turkey's inclusion",
    "any prospect of Turkish soldiers"), not the clauses hung on it (a country named there is not
    what the verb acts on)."""
    labels = _labels()
    yield argument
    for child in argument.children:
        if child.dep_ in labels.owners:
            yield child
        elif child.dep_ in labels.prepositions:
            for inner in child.children:
                if inner.dep_ in labels.prepositional_objects:
                    yield inner
                    yield from (c for c in inner.children if c.dep_ in labels.owners)


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
