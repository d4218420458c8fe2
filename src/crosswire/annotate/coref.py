"""Rule-based coreference for speakers: who "he", "the minister" and "the post" stand for.

No coreference model works offline here, so a speaker's head word is resolved by rules over the
parse: names stand for themselves; pronouns go to the nearest preceding compatible name outside
quotation marks, subjects first; definite role nouns ("the spokesperson", "the Danish leader") go
to the nearest preceding name that carries that title; a message ("the post", "a translation of
the tweet") goes to whoever wrote it earlier ("Moreau mentioned ... in a tweet"). What resolves to
no name is an unnamed source, kept as its description ("a government spokesperson").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from crosswire.annotate.quotemarks import Regions
from crosswire.annotate.speech_lexicon import speech_words

PERSON_LABELS = frozenset({"PERSON"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
NAME_LABELS = PERSON_LABELS | GROUP_LABELS
# How far back a pronoun, role noun or message may reach, in sentences (quotes split sentences
# too). bench_seed_quotes.py: a pronoun reach of 4 loses one seed speaker ("He added later"),
# 6 and 8 lose none; the role and message reaches are not tuned (PolNeAR scores sources before
# coreference, so bench_polnear.py cannot tell).
PRONOUN_REACH = 8
ROLE_REACH = 12
MEDIA_REACH = 10
# Words around a name that may carry its title ("Danish Foreign Minister Hans Falk", "Falk,
# Denmark's foreign minister,"): tokens before it and after it in its sentence (not tuned: long
# enough for a title of several words and an apposition).
TITLE_WINDOW_BEFORE = 8
TITLE_WINDOW_AFTER = 10
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
MAX_DEPTH = 3
SENTENCE_STARTS = "crosswire.sentence_starts"  # doc.user_data key: token index of each sentence


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a speaker word stands for: a name in the text, or only a description."""

    mention: Span | None  # the name it resolved to (None for an unnamed source)
    description: str | None  # the words of an unnamed source ("a government spokesperson")
    via: str  # name, pronoun, role, media, group, description


def name_candidates(doc: Doc, quoted: Regions | Iterable[tuple[int, int]] = ()) -> list[Span]:
    """Names that a later word may stand for: people and groups outside quotation marks.

    Besides the recogniser's entities, a proper-noun subject it missed ("Brenner said") counts as
    a person: subjects of speech are people far more often than anything else.
    """
    regions = quoted if isinstance(quoted, Regions) else Regions(quoted)
    found = [ent for ent in doc.ents if ent.label_ in NAME_LABELS]
    taken = {i for ent in found for i in range(ent.start, ent.end)}
    for token in doc:
        if token.dep_ in SUBJECT_DEPS and token.pos_ == "PROPN" and token.i not in taken:
            run = _name_run(token)
            found.append(Span(doc, run.start, run.end, label="PERSON"))
            taken.update(range(run.start, run.end))
    inside = regions.covers
    return sorted((c for c in found if not inside(c.start_char, c.end_char)), key=lambda c: c.start)


def resolve_mention(
    doc: Doc, token: Token, *, candidates: Sequence[Span], depth: int = 0
) -> Resolution:
    """Resolve a speaker's head word to a name (or a description) by the rules above."""
    words = speech_words()
    lower = token.lower_
    name = name_of(token)
    if name is not None:
        return Resolution(name, None, "name")
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl" and depth < MAX_DEPTH:
        # "Morial, who said ...": the one the relative clause is about.
        return resolve_mention(doc, token.head.head, candidates=candidates, depth=depth + 1)
    if lower in words.pronouns:
        found = _resolve_pronoun(token, words.pronouns[lower], candidates)
        return Resolution(found, None if found else token.text, "pronoun")
    if token.lemma_.lower() in words.media and depth < MAX_DEPTH:
        return _resolve_media(doc, token, candidates, depth)
    agent = _agent_of(token)
    if agent is not None and depth < MAX_DEPTH:
        # "information obtained by the Courier": whoever obtained it stands behind it.
        behind = resolve_mention(doc, agent, candidates=candidates, depth=depth + 1)
        if behind.mention is not None:
            return behind
    if token.lemma_.lower() in words.roles and _is_definite(token):
        found = _resolve_role(token, candidates)
        if found is not None:
            return Resolution(found, None, "role")
    return Resolution(None, description_of(token), "description")


def _agent_of(noun: Token) -> Token | None:
    """The "by" agent of a participle modifying a noun ("information obtained by X")."""
    for clause in noun.children:
        if clause.dep_ != "acl":
            continue
        for agent in clause.children:
            if agent.dep_ == "agent":
                return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def name_of(token: Token) -> Span | None:
    """The proper name a word is, holds or stands in apposition with ("the minister, Kari Holm")."""
    phrase = _subject_phrase(token)
    people = [e for e in _entities_in(phrase) if e.label_ == "PERSON"]
    if people:
        return _strip_possessive(people[-1])
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return _name_run(child)
    if token.pos_ == "PROPN" or (token.ent_type_ in NAME_LABELS and token.pos_ != "PRON"):
        return _name_run(token)
    return None


def _subject_phrase(token: Token) -> Span:
    """The words of a subject up to its clauses: "US Ambassador to Norway Carl Brenner" whole."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj", "appos"):
            break
        end = child.right_edge.i + 1
    return token.doc[phrase_span(token).start : end]


def _entities_in(span: Span) -> list[Span]:
    """The named entities wholly inside a span (read off the tokens: doc.ents builds them all)."""
    return [e for e in (_entity_at(t) for t in span if t.ent_iob_ == "B") if e.end <= span.end]


def _entity_at(token: Token) -> Span:
    """The named entity a token is part of."""
    doc = token.doc
    start = end = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end + 1, label=token.ent_type_)


def description_of(token: Token) -> str:
    """The words of a noun phrase without its relative clauses and appositions."""
    span = phrase_span(token)
    return span.text


def phrase_span(token: Token) -> Span:
    """A noun phrase's head with its left modifiers and right name parts (no clauses)."""
    start = token.i
    for child in token.lefts:
        if child.dep_ not in ("punct", "cc", "preconj"):
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "prt") or (
            child.dep_ == "prep" and child.lower_ == "of" and child.i == end
        ):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    return token.doc[start:end]


def _name_run(token: Token) -> Span:
    """The run of proper-noun words around `token` that make one name."""
    doc = token.doc
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        return _strip_possessive(_entity_at(token))
    start = end = token.i
    while start > token.sent.start and doc[start - 1].pos_ == "PROPN":
        start -= 1
    while end + 1 < token.sent.end and doc[end + 1].pos_ == "PROPN":
        end += 1
    return doc[start : end + 1]


def _strip_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].tag_ == "POS":
        return span[:-1]
    return span


def _is_definite(token: Token) -> bool:
    return any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in token.lefts)


def sentence_floor(token: Token, reach: int) -> int:
    """The first token of the sentence `reach` sentences before the token's own."""
    doc = token.doc
    starts: list[int] | None = doc.user_data.get(SENTENCE_STARTS)
    if starts is None:  # cached on the doc: doc.sents walks every token
        starts = [sent.start for sent in doc.sents]
        doc.user_data[SENTENCE_STARTS] = starts
    if not starts:
        return 0
    own = max(0, bisect_right(starts, token.i) - 1)
    return starts[max(0, own - reach)]


def _preceding(token: Token, candidates: Sequence[Span], reach: int) -> list[Span]:
    """Candidates (sorted by start) before `token` within `reach` sentences, nearest first."""
    floor = sentence_floor(token, reach)
    high = bisect_left(candidates, token.i, key=lambda c: c.start)
    low = bisect_left(candidates, floor, key=lambda c: c.start)
    before = [c for c in candidates[low:high] if c.end <= token.i]
    return before[::-1]


def _resolve_pronoun(token: Token, kind: str, candidates: Sequence[Span]) -> Span | None:
    labels = GROUP_LABELS if kind in ("thing",) else PERSON_LABELS
    if kind == "plural":
        labels = GROUP_LABELS | PERSON_LABELS
    if kind == "self":
        return None
    nearby = [c for c in _preceding(token, candidates, PRONOUN_REACH) if c.label_ in labels]
    if kind == "plural":
        groups = [c for c in nearby if c.label_ in GROUP_LABELS]
        nearby = groups or nearby
    subjects = [c for c in nearby if _is_subject(c)]
    pool = subjects or nearby
    return pool[0] if pool else None


def _is_subject(span: Span) -> bool:
    """A name that is a subject, or stands in apposition to one ("the minister, Hans Falk,")."""
    root = span.root
    while root.dep_ in ("appos", "compound", "flat") and root.head is not root:
        root = root.head
    return root.dep_ in SUBJECT_DEPS


def _resolve_role(token: Token, candidates: Sequence[Span]) -> Span | None:
    """The nearest earlier person introduced with the title this role noun stands for."""
    words = speech_words()
    titles = words.roles[token.lemma_.lower()]
    modifiers = [
        c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound") and c.lower_ not in titles
    ]
    for candidate in _preceding(token, candidates, ROLE_REACH):
        if candidate.label_ not in PERSON_LABELS:
            continue
        context = _title_context(candidate)
        if any(title in context for title in titles) and all(m in context for m in modifiers):
            return candidate
    return None


def _title_context(name: Span) -> str:
    sent = name.sent
    start = max(sent.start, name.start - TITLE_WINDOW_BEFORE)
    end = min(sent.end, name.end + TITLE_WINDOW_AFTER)
    return " " + name.doc[start:end].text.lower() + " "


def _resolve_media(doc: Doc, token: Token, candidates: Sequence[Span], depth: int) -> Resolution:
    """A message stands for its author: "of the post", "Moreau's tweet", an earlier "in a post"."""
    words = speech_words()
    for child in token.children:
        if child.dep_ == "poss":
            return resolve_mention(doc, child, candidates=candidates, depth=depth + 1)
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in words.media:
                    return resolve_mention(doc, obj, candidates=candidates, depth=depth + 1)
    author = _earlier_author(doc, token, candidates, depth)
    if author is not None:
        return Resolution(author, None, "media")
    return Resolution(None, description_of(token), "description")


def _earlier_author(doc: Doc, token: Token, candidates: Sequence[Span], depth: int) -> Span | None:
    """The subject of the nearest earlier verb that carried a message ("wrote in a post")."""
    words = speech_words()
    floor = sentence_floor(token, MEDIA_REACH)
    for i in range(token.i, floor - 1, -1):
        earlier = doc[i]
        if earlier.lemma_.lower() not in words.media or earlier.pos_ != "NOUN":
            continue
        verb = _carrying_verb(earlier)
        if verb is None:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.i != token.i:
            found = resolve_mention(doc, subject, candidates=candidates, depth=depth + 1)
            if found.mention is not None:
                return found.mention
    return None


def _carrying_verb(noun: Token) -> Token | None:
    """The verb of "posted a tweet" / "said in a statement" / "mentioned ... in a tweet"."""
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None
