"""Who can be a speaker: a person, an organisation, a government, a named document, or an unnamed
source described as such ("a senior official", "a source close to the talks").

A parse makes many words the subject of a speech verb that are none of these. They are refused by
kind, never by instance, once coreference found no name for them:

- a pronoun that stands for no one: a relative or demonstrative pronoun with no antecedent that is
  someone ("which", "this"), "it" left unresolved, the reader addressed ("you");
- a negated subject: "no country announced ...", "nobody said ...": no one said it;
- a report, claim, message or record with no named holder ("recent reports claim", "new messages
  urge"); with one ("the ministry's report", "a Valdoria Herald poll") it is a named document;
- a common noun that names no person and no group of people ("the rising water suggests").

The word lists are data: data/speakers.json (written by hand) and data/human_nouns.json (drawn
from WordNet by tools/human_nouns.py), with the role and source nouns of titles.json,
hedges.json and coref_roles.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from spacy.tokens import Token

from crosswire.datafiles import load_data

# Entity kinds that can hold a document ("a Valdoria Herald poll"): a nationality cannot
# ("Ruritanian reports" names no one).
HOLDER_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "LAW"})
# Entity kinds that are no one (a date or a number made a subject by the parse).
NUMBER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
# Prepositions that name a document's holder: "a report by", "a study from", "a paper in". Not
# "of": "a poll of voters" names whom it asked, not whose it is.
HOLDER_PREPOSITIONS = frozenset({"by", "from", "in", "at"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
DESCRIBING_DEPS = frozenset({"acl", "relcl", "prep", "amod", "advmod"})
MAX_RELATIVE_STEPS = 3


class Refusal(StrEnum):
    """Why the subject of a speech verb is no speaker."""

    NO_ONE = "pronoun of no one"
    NEGATED = "negated"
    UNHELD = "report without a named holder"
    THING = "neither a person nor a group"


@dataclass(frozen=True, slots=True)
class SpeakerWords:
    no_one: frozenset[str]
    negating: frozenset[str]
    documents: frozenset[str]
    people: frozenset[str]


@cache
def speaker_words() -> SpeakerWords:
    rules = load_data("speakers.json")
    nouns = load_data("human_nouns.json")
    titles = load_data("titles.json")
    people = {*nouns["person"], *nouns["group"], *rules["people_words"]}
    people.update(titles["heads"], titles["unnamed_sources"])
    people.update(load_data("hedges.json")["unnamed_source_nouns"])
    people.update(load_data("coref_roles.json")["roles"])
    return SpeakerWords(
        no_one=frozenset(rules["pronouns_of_no_one"]),
        negating=frozenset(rules["negating_words"]),
        documents=frozenset(rules["documents"]),
        people=frozenset(word.lower() for word in people),
    )


def refusal(subject: Token) -> Refusal | None:
    """Why `subject` (a speech verb's subject that coreference gave no name) is no speaker, or
    None when it may be one."""
    words = speaker_words()
    head = antecedent(subject)
    if head is None:
        return Refusal.NO_ONE
    if negated(head):
        return Refusal.NEGATED
    lower, lemma = head.lower_, head.lemma_.lower()
    if lower in words.no_one and head.pos_ != "PROPN":
        return None if _described(head) else Refusal.NO_ONE
    if named(head):
        return None
    if head.pos_ != "NOUN":
        return None  # only common nouns are judged: "I", "others", "many" may be anyone
    if lemma in words.documents or lower in words.documents:
        return None if held_by_name(head) else Refusal.UNHELD
    # "a majority of voters" speaks for the voters
    return None if _person_word(head) or _of_people(head) else Refusal.THING


def antecedent(token: Token) -> Token | None:
    """What a relative pronoun stands for ("the report, which said" -> report; where the parse
    hangs its clause on nothing, the noun right before it); other words stand for themselves.
    None for a relative pronoun that follows no noun."""
    for _ in range(MAX_RELATIVE_STEPS):
        if token.tag_ not in ("WDT", "WP"):
            return token
        clause = token.head
        if clause.dep_ in ("relcl", "acl") and clause.head is not clause:
            token = clause.head
            continue
        before = _noun_before(token)
        if before is None:
            return None if token.lower_ in speaker_words().no_one else token
        token = before
    return token


def _noun_before(token: Token) -> Token | None:
    at = token.i - 1
    while at >= token.sent.start and token.doc[at].is_punct:
        at -= 1
    if at < token.sent.start or token.doc[at].pos_ not in ("NOUN", "PROPN"):
        return None
    return token.doc[at]


def negated(head: Token) -> bool:
    """ "no country", "nobody", "neither side", "not everyone", "none of the states"."""
    negating = speaker_words().negating
    if head.lower_ in negating:
        return True
    return any(
        child.lower_ in negating and child.i < head.i
        for child in head.children
        if child.dep_ in ("det", "neg", "advmod", "preconj", "predet")
    )


def named(token: Token) -> bool:
    """A proper name or a named entity that may be someone (a person, a body, a place's
    government, a named law or work)."""
    if token.ent_type_ in NUMBER_LABELS:
        return False
    return token.pos_ == "PROPN" or bool(token.ent_type_) or _written_as_name(token)


def _written_as_name(token: Token) -> bool:
    """A word the article writes capitalised inside a sentence is a name the tagger took for a
    common noun ("the Lakers said", "Vantor said")."""
    text = token.text
    if not text[:1].isupper() or text.isupper():
        return False
    return any(
        other.text == text and not other.is_sent_start and not _after_opening(other)
        for other in token.doc
    )


def _after_opening(token: Token) -> bool:
    """Capitals are normal after an opening quotation mark or a colon."""
    before = token.doc[token.i - 1] if token.i else None
    return before is not None and (before.is_left_punct or before.text in (":", "“", '"', "‘"))


def held_by_name(document: Token) -> bool:
    """Whether a report names whose it is: a possessor ("the ministry's report"), a name or a
    body before it ("a Valdoria Herald poll", "court documents"), or one after "by", "from", "in"
    ("a study by researchers at Norvik University", "an analysis released by the ministry")."""
    for child in document.children:
        if child.dep_ == "poss":
            return True
        if child.i < document.i and child.dep_ in MODIFIER_DEPS and _holder(child):
            return True
        by = child.dep_ in ("prep", "agent") and child.lower_ in HOLDER_PREPOSITIONS
        if by and _names_holder(child):
            return True
        if child.dep_ in ("acl", "relcl") and _released_by_name(child):
            return True  # "an analysis released by the Department of Ports"
    return False


def _released_by_name(clause: Token) -> bool:
    return any(
        _names_holder(agent)
        for agent in clause.children
        if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by")
    )


def _names_holder(preposition: Token) -> bool:
    """Whether the words after a preposition name someone."""
    return any(_holder(t) for t in preposition.subtree if t is not preposition)


def _of_people(head: Token) -> bool:
    """ "a majority of voters", "74 percent of residents", "half of the officials"."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if any(named(o) or _person_word(o) or _personal(o) for o in objects):
                return True
    return False


def _holder(token: Token) -> bool:
    """A name that can hold a document, or a person or body named by a common noun ("court
    documents", "police reports")."""
    if token.ent_type_:
        return token.ent_type_ in HOLDER_LABELS
    return token.pos_ == "PROPN" or _person_word(token)


def _person_word(token: Token) -> bool:
    people = speaker_words().people
    return token.pos_ == "NOUN" and (token.lower_ in people or token.lemma_.lower() in people)


def _personal(token: Token) -> bool:
    """A pronoun that stands for people ("a majority of them")."""
    return token.pos_ == "PRON" and token.lower_ not in speaker_words().no_one


def _described(pronoun: Token) -> bool:
    """ "those familiar with the talks", "those who attended": a description of people."""
    return any(child.dep_ in DESCRIBING_DEPS for child in pronoun.children)
