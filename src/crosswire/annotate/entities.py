"""People, organisations and places of one article: spaCy's mentions grouped into entities.

A person's canonical name is the longest full name the article gives ("Defense Minister
Jonas Petrak", "Petrak" and "@Jonas_petrak" are all "Jonas Petrak"); the title words in front of
a name or in an apposition beside it become its roles. Short names join the nearest full name
before them that ends or starts with them; acronyms join the name they abbreviate; a capital that
says or does something stands for its government (`data/aliases.json`). Unnamed sources ("a
senior official") are entities too, named by their description; wrong labels are corrected by
kind (entity_kinds.py: nationalities, outlets). Word lists are data (`data/titles.json`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from typing import TYPE_CHECKING

from crosswire.annotate.entity_kinds import is_nationality, opens_sentence, outlet_key, speaks
from crosswire.datafiles import load_data
from crosswire.model import Entity, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
}
CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp"})
HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_]{2,30})\b")
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# How close a handle must be to a name to be its owner (difflib ratio of the letters alone);
# set on invented handles in tests/test_entities.py ("@jpetrak", "@Jonas_petrak", "@petrak_jonas").
HANDLE_SIMILARITY = 0.75


@dataclass(frozen=True, slots=True)
class TitleWords:
    heads: frozenset[str]
    modifiers: frozenset[str]
    unnamed_sources: frozenset[str]
    documents: frozenset[str]
    connectors: frozenset[str]


@dataclass(frozen=True, slots=True)
class Aliases:
    countries: Mapping[str, str]
    capitals: Mapping[str, str]
    governments: Mapping[str, str]


@cache
def title_words() -> TitleWords:
    data = load_data("titles.json")

    def words(key: str) -> frozenset[str]:
        value = data[key]
        assert isinstance(value, list)
        return frozenset(str(word).lower() for word in value)

    return TitleWords(
        words("heads"),
        words("modifiers"),
        words("unnamed_sources"),
        words("documents"),
        words("connectors"),
    )


@cache
def aliases() -> Aliases:
    data = load_data("aliases.json")

    def table(key: str) -> dict[str, str]:
        value = data[key]
        assert isinstance(value, dict)
        return {str(k): str(v) for k, v in value.items()}

    return Aliases(table("countries"), table("capitals"), table("governments"))


@dataclass(slots=True)
class _Group:
    """An entity being built."""

    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    description: str | None = None

    def add_role(self, role: str) -> None:
        if role and role.lower() not in {r.lower() for r in self.roles}:
            self.roles.append(role)

    def first(self) -> int:
        return min((m.span.start for m in self.mentions), default=0)


def find_entities(
    doc: Doc,
    *,
    embeds_handles: Mapping[str, str | None] | None = None,
    outlets: Iterable[str] = (),
) -> list[Entity]:
    """The entities of one parsed article, in order of first mention, ids "e1", "e2", ...

    `embeds_handles` maps social-media handles of the article's embeds ("@jpetrak") to their
    authors' names where known, so a handle found nowhere in the text still joins its person.
    `outlets` are names of news outlets (the article's own): an entity of that name is an
    organisation, whatever the recogniser took it for ("as the Valley Courier reported").
    """
    words = title_words()
    people: list[_Group] = []
    others: dict[tuple[str, str], _Group] = {}
    for ent in doc.ents:
        kind = _kind(ent, words)
        if kind == "person":
            _add_person(people, doc, ent, words)
        elif kind is not None:
            _add_other(others, doc, ent, kind)
    rest = _merge_acronyms(list(others.values()))
    rest = _merge_short_names(people, rest)
    _add_unlabelled_short_names(people, doc)
    groups = _retype_one_word_people(people, rest, doc) + rest
    _attach_handles(groups, doc.text, embeds_handles or {})
    groups.extend(_unnamed_sources(doc, groups, words))
    _type_outlets(groups, outlets)
    return _finish(groups)


def _kind(ent: DocSpan, words: TitleWords) -> str | None:
    kind = ENTITY_TYPES.get(ent.label_)
    if kind is None or all(_is_title_word(t, words) or t.is_punct for t in ent):
        return None  # "Defense" of "Defense Minister" taken for an organisation
    table = aliases()
    if kind == "person" and (ent.text in table.capitals or ent.text in table.countries):
        return "place"  # "Madrid said" taken for a person
    if kind == "person" and is_nationality(ent):
        return "other"  # "Azerbaijani" of "Azerbaijani Foreign Minister" taken for a person
    if kind == "organisation" and _described_as_person(ent, words):
        return "person"  # "Ilse Varga, the mayor of ..." taken for an organisation
    return kind


def _type_outlets(groups: Sequence[_Group], outlets: Iterable[str]) -> None:
    """An entity named like a news outlet is that outlet: an organisation, not a person."""
    names = {outlet_key(name) for name in outlets if name}
    names.discard("")
    for group in groups:
        if group.description is None and outlet_key(group.name) in names:
            group.type = "organisation"


def _described_as_person(ent: DocSpan, words: TitleWords) -> bool:
    root = ent.root
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        described.append(root.head)
    return any(t.text.lower() in words.heads and t.text.islower() for t in described)


def _finish(groups: list[_Group]) -> list[Entity]:
    groups = [g for g in groups if g.mentions]
    groups.sort(key=lambda g: g.first())
    return [
        Entity(
            id=f"e{number}",
            name=g.name,
            type=g.type,
            mentions=tuple(sorted(g.mentions, key=lambda m: m.span.start)),
            roles=tuple(g.roles),
            handles=tuple(g.handles),
            description=g.description,
        )
        for number, g in enumerate(groups, 1)
    ]


# People ---------------------------------------------------------------------------------------


def _add_person(people: list[_Group], doc: Doc, ent: DocSpan, words: TitleWords) -> None:
    name_tokens, title_tokens = _split_leading_title(ent, words)
    if not name_tokens:
        return
    # Span.text, never doc.text: the latter joins the whole document on every call.
    start = name_tokens[0].idx
    name = POSSESSIVE.sub("", doc[name_tokens[0].i : name_tokens[-1].i + 1].text).strip()
    if not name or not any(ch.isalpha() for ch in name):
        return
    group = _person_group(people, name)
    group.mentions.append(Mention(Span(start, start + len(name)), name))
    if len(name.split()) > len(group.name.split()):
        group.name = name
    role = _role_before(doc, ent.start, words, title_tokens)
    if role:
        group.add_role(role)
    for role in _appositive_roles(ent, words):
        group.add_role(role)


def _retype_one_word_people(people: list[_Group], others: list[_Group], doc: Doc) -> list[_Group]:
    """One word taken for a person that the article also names as a place is that place ("in
    Velmora" and "Velmora backed"); one never given a full name that only ever opens a sentence
    and never speaks is a common word capitalised there ("Turnout was high"): no person."""
    places = {g.name.lower(): g for g in others if g.type == "place"}
    kept: list[_Group] = []
    for group in people:
        if " " in group.name or group.handles:
            kept.append(group)
            continue
        place = places.get(group.name.lower())
        if place is not None:
            place.mentions.extend(group.mentions)
            continue
        spans = [mention.span for mention in group.mentions]
        if all(opens_sentence(doc, s) for s in spans) and not any(speaks(doc, s) for s in spans):
            group.type = "other"
        kept.append(group)
    return kept


def _merge_short_names(people: list[_Group], others: list[_Group]) -> list[_Group]:
    """A one-word "organisation" that is a known person's surname is that person ("Quill said")."""
    kept: list[_Group] = []
    for group in others:
        owner = _short_name_owner(people, group.name) if " " not in group.name else None
        if owner is not None and group.type != "place":
            owner.mentions.extend(group.mentions)
        else:
            kept.append(group)
    return kept


def _short_name_owner(people: Sequence[_Group], word: str) -> _Group | None:
    owners = [g for g in people if " " in g.name and word.lower() == g.name.split()[-1].lower()]
    return owners[-1] if len(owners) == 1 else None


def _add_unlabelled_short_names(people: list[_Group], doc: Doc) -> None:
    """Surnames spaCy did not label ("Arkwright, who spoke...") join their person."""
    covered = {i for g in people for m in g.mentions for i in range(m.span.start, m.span.end)}
    for token in doc:
        if token.ent_type_ or token.idx in covered or not token.text[:1].isupper():
            continue
        if token.pos_ != "PROPN":
            continue
        owner = _short_name_owner(people, token.text)
        if owner is not None:
            owner.mentions.append(Mention(Span(token.idx, token.idx + len(token.text)), token.text))


def _split_leading_title(ent: DocSpan, words: TitleWords) -> tuple[list[Token], list[Token]]:
    # spaCy sometimes takes a title into the name ("Minister Tobin Arkwright"): peel it off.
    tokens = list(ent)
    cut = 0
    while cut < len(tokens) - 1 and _is_title_word(tokens[cut], words):
        cut += 1
    return tokens[cut:], tokens[:cut]


def _is_title_word(token: Token, words: TitleWords) -> bool:
    lower = token.text.lower()
    return lower in words.heads or lower in words.modifiers


def _person_group(people: list[_Group], name: str) -> _Group:
    """The person `name` belongs to: same name, a longer name holding it, else a new person."""
    parts = [p.lower() for p in name.split()]
    for group in reversed(people):  # nearest first: "Petrak" is the last Petrak named
        known = [p.lower() for p in group.name.split()]
        if parts == known or _holds(known, parts) or _holds(parts, known):
            return group
    group = _Group(name=name, type="person")
    people.append(group)
    return group


def _holds(longer: list[str], shorter: list[str]) -> bool:
    """Whether a shorter name is the start or end of a longer one ("Petrak" of "Jonas Petrak")."""
    if len(shorter) >= len(longer) or not shorter:
        return False
    return longer[-len(shorter) :] == shorter or longer[: len(shorter)] == shorter


def _role_before(
    doc: Doc, start: int, words: TitleWords, in_name: Sequence[Token] = ()
) -> str | None:
    """The title words right before a name ("US Ambassador to Norway" Carl Brenner)."""
    first = in_name[0].i if in_name else start
    i = first - 1
    while i >= 0 and _may_be_in_title(doc[i], words):
        i -= 1
    tokens = list(doc[i + 1 : first]) + list(in_name)
    while tokens and tokens[0].text.lower() in words.connectors:
        tokens.pop(0)
    if not any(t.text.lower() in words.heads for t in tokens):
        return None
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _may_be_in_title(token: Token, words: TitleWords) -> bool:
    if token.is_space or token.ent_type_ in {"DATE", "TIME", "PERSON", "CARDINAL"}:
        return False
    lower = token.text.lower()
    if lower in words.heads or lower in words.modifiers or lower in words.connectors:
        return True
    return token.ent_type_ in {"GPE", "NORP", "ORG", "LOC"}


def _appositive_roles(ent: DocSpan, words: TitleWords) -> list[str]:
    """Roles beside a name: "Carl Brenner, the US ambassador," or "the ambassador, Carl Brenner"."""
    roles: list[str] = []
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.ent_type_ != "PERSON":
            roles.append(_noun_phrase(child, words, exclude=ent))
    if root.dep_ == "appos" and root.head.ent_type_ != "PERSON":
        roles.append(_noun_phrase(root.head, words, exclude=ent))
    return [r for r in roles if r]


def _noun_phrase(head: Token, words: TitleWords, *, exclude: DocSpan) -> str:
    if head.text.lower() not in words.heads:
        return ""
    # Clauses describe, they do not name a role: "minister who leads the party" -> "minister".
    clauses = {t.i for c in head.children if c.dep_ in CLAUSES for t in c.subtree}
    tokens = [
        t
        for t in head.subtree
        if not (exclude.start <= t.i < exclude.end)
        and (t.i == head.i or t.dep_ != "appos")
        and not t.is_punct
        and t.i not in clauses
    ]
    tokens = [t for t in tokens if t.i >= _left_edge(head, exclude)]
    while tokens and (tokens[0].dep_ in {"det", "punct"} or tokens[0].is_space):
        tokens.pop(0)
    if not tokens or tokens[-1].i - tokens[0].i > 12:
        return ""
    return head.doc[tokens[0].i : tokens[-1].i + 1].text


def _left_edge(head: Token, exclude: DocSpan) -> int:
    # The phrase must not reach back over the name it describes.
    return exclude.end if exclude.end <= head.i else head.left_edge.i


# Organisations, places, groups ----------------------------------------------------------------


def _add_other(others: dict[tuple[str, str], _Group], doc: Doc, ent: DocSpan, kind: str) -> None:
    text = ent.text
    start = ent.start_char
    article = LEADING_ARTICLE.match(text)
    if article:
        start += article.end()
        text = text[article.end() :]
    text = POSSESSIVE.sub("", text).rstrip()
    if not text or not any(ch.isalpha() for ch in text):
        return
    name, kind = _alias(text, kind, ent)
    key = (name.lower(), kind)
    group = others.setdefault(key, _Group(name=name, type=kind))
    group.mentions.append(Mention(Span(start, start + len(text)), text))


def _alias(text: str, kind: str, ent: DocSpan) -> tuple[str, str]:
    table = aliases()
    if kind == "place" and text in table.capitals and _acts(ent):
        country = table.capitals[text]
        return table.governments.get(country, f"government of {country}"), "organisation"
    return table.countries.get(text, text), kind


def _acts(ent: DocSpan) -> bool:
    """Whether a place name is the subject of a verb ("Madrid said"): then it is its government."""
    return ent.root.dep_ in {"nsubj", "nsubjpass"} and ent.root.head.pos_ in {"VERB", "AUX"}


def _merge_acronyms(groups: list[_Group]) -> list[_Group]:
    """Acronyms join the name they abbreviate ("UN" -> "United Nations")."""
    by_initials: dict[str, _Group] = {}
    for group in groups:
        capitals = [w[0] for w in group.name.split() if w[:1].isupper()]
        if len(capitals) >= 2:
            by_initials.setdefault("".join(capitals), group)
    kept: list[_Group] = []
    for group in groups:
        letters = group.name.replace(".", "")
        target = by_initials.get(letters) if letters.isupper() and " " not in letters else None
        if target is not None and target is not group and target.type == group.type:
            target.mentions.extend(group.mentions)
        else:
            kept.append(group)
    return kept


# Handles --------------------------------------------------------------------------------------


def _attach_handles(groups: list[_Group], text: str, embeds: Mapping[str, str | None]) -> None:
    people = [g for g in groups if g.type == "person"]
    for match in HANDLE.finditer(text):
        handle = match.group(0)
        owner = _handle_owner(people, handle, embeds.get(handle))
        if owner is None:
            owner = _Group(name=handle, type="other")
            groups.append(owner)
        owner.mentions.append(Mention(Span(match.start(), match.end()), handle))
        if handle not in owner.handles:
            owner.handles.append(handle)
    for handle, author in embeds.items():
        owner = _handle_owner(people, handle, author)
        if owner is not None and handle not in owner.handles:
            owner.handles.append(handle)


def _handle_owner(people: Iterable[_Group], handle: str, author: str | None) -> _Group | None:
    best, best_score = None, HANDLE_SIMILARITY
    for group in people:
        if author and author.lower() == group.name.lower():
            return group
        score = handle_similarity(handle, group.name)
        if score >= best_score:
            best, best_score = group, score
    return best


def handle_similarity(handle: str, name: str) -> float:
    """How alike a handle and a name are (0..1), read as letters in either name order."""
    letters = re.sub(r"[^a-z]", "", handle.lower())
    parts = [re.sub(r"[^a-z]", "", p) for p in name.lower().split()]
    if not letters or not parts:
        return 0.0
    readings = {"".join(parts), "".join(reversed(parts)), parts[0][:1] + parts[-1], parts[-1]}
    return max(SequenceMatcher(None, letters, r).ratio() for r in readings if r)


# Unnamed sources ------------------------------------------------------------------------------


def _unnamed_sources(doc: Doc, named: Sequence[_Group], words: TitleWords) -> list[_Group]:
    """Indefinite or bare plural noun phrases naming a source: "a senior official", "diplomats"."""
    covered = {i for g in named for m in g.mentions for i in range(m.span.start, m.span.end)}
    found: dict[str, _Group] = {}
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.text.lower() not in words.unnamed_sources or root.ent_type_:
            continue
        if root.idx in covered or _names_someone(chunk) or not _indefinite(chunk):
            continue
        text = chunk.text.strip()
        key = LEADING_ARTICLE.sub("", text).lower()
        kind = "other" if root.text.lower() in words.documents else "person"
        group = found.setdefault(key, _Group(name=text, type=kind, description=text))
        group.mentions.append(Mention(Span(chunk.start_char, chunk.start_char + len(text)), text))
    return list(found.values())


def _names_someone(chunk: DocSpan) -> bool:
    # "spokesperson Lea Dorvan", "the official, Mara Quill": a name is given, not unnamed.
    neighbours = [*chunk, *chunk.root.children]
    after = chunk.doc[chunk.end] if chunk.end < len(chunk.doc) else None
    if after is not None and after.ent_type_ == "PERSON":
        return True
    return any(t.ent_type_ == "PERSON" or t.dep_ == "appos" for t in neighbours)


def _indefinite(chunk: DocSpan) -> bool:
    first = chunk[0].text.lower()
    if first in {"a", "an", "one", "two", "three", "several", "some", "many", "other"}:
        return True
    return chunk.root.tag_ in {"NNS", "NNPS"} and chunk[0].dep_ != "det"


# Look-up --------------------------------------------------------------------------------------


def entity_for(entities: Sequence[Entity], span: Span) -> Entity | None:
    """The entity one of whose mentions best overlaps `span` (None if none does)."""
    best: Entity | None = None
    best_overlap = 0
    for entity in entities:
        for mention in entity.mentions:
            overlap = min(mention.span.end, span.end) - max(mention.span.start, span.start)
            if overlap > best_overlap or (overlap == best_overlap > 0 and mention.span == span):
                best, best_overlap = entity, overlap
    return best
