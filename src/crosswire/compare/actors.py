"""Actors: the people and organisations of a story, merged across its articles.

Each article's annotation has its own entities; an actor is those entities across articles that
name one person or organisation: the same name (quotation marks and case aside), a shared social
media handle, a last name alone that ends exactly one person's full name ("Petrak" and "Jonas
Petrak"), or an acronym that spells exactly one organisation's name ("NGA"). Places are not
actors. An unnamed source ("a government spokesperson") is an actor only where it is quoted: it
then speaks in the story, but an unquoted description ("senior officials") is just a noun phrase.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace

from crosswire.compare.quote_tellings import in_ledger, name_words
from crosswire.compare.tellings import support_of
from crosswire.model import (
    Actor,
    Article,
    Entity,
    LedgerQuote,
    Support,
)

ACTOR_TYPES = ("person", "organisation")
# Words an acronym skips ("Northern Grid Authority" is NGA; "Bank of Ruritania" is BR).
ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "le", "du", "des"})
ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,9}$")


@dataclass(frozen=True, slots=True)
class Sighting:
    """One entity of one article that may be an actor."""

    article: str
    outlet: str  # the outlet, or the article's source when unknown
    entity: Entity
    name: str  # the entity's name, or the unnamed source's description
    quoted: bool  # the article quotes it

    @property
    def key(self) -> tuple[str, ...]:
        return name_words(self.name)


def quoted_ids(article: Article) -> set[str]:
    """Ids of the entities the article quotes (linked by id, or by name where no id was set)."""
    if article.annotations is None:
        return set()
    # Only what the ledger counts as quoted: words said, not "praised X" or "according to".
    quotes = [q for q in article.annotations.quotes if in_ledger(q)]
    ids = {q.speaker_id for q in quotes if q.speaker_id}
    names = {name_words(q.speaker) for q in quotes if q.speaker and not q.speaker_id}
    ids.update(e.id for e in article.annotations.entities if name_words(e.name) in names)
    return ids


def sightings_of(article: Article) -> list[Sighting]:
    if article.annotations is None:
        return []
    quoted = quoted_ids(article)
    outlet = article.outlet.value or article.source
    found = []
    for entity in article.annotations.entities:
        if entity.type not in ACTOR_TYPES:
            continue
        unnamed = entity.description is not None
        if unnamed and entity.id not in quoted:
            continue
        name = entity.description if unnamed and entity.description else entity.name
        if name_words(name):
            found.append(Sighting(article.source, outlet, entity, name, entity.id in quoted))
    return found


# --- Merging sightings into actors ----------------------------------------------------------------


class Groups:
    """Union-find over sighting indexes; the smaller index leads, so merging is order-free."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def join_all(self, members: Iterable[int]) -> None:
        first = None
        for member in members:
            first = member if first is None else first
            self.join(first, member)


def by_key(
    sightings: Sequence[Sighting], key_of: Callable[[Sighting], Iterable[Hashable]]
) -> dict[Hashable, list[int]]:
    keyed: dict[Hashable, list[int]] = {}
    for i, s in enumerate(sightings):
        for key in key_of(s):
            keyed.setdefault(key, []).append(i)
    return keyed


def handle_keys(s: Sighting) -> list[str]:
    return [h.lower().lstrip("@") for h in s.entity.handles if h.strip("@")]


def initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w not in ACRONYM_SKIPS)


def short_name_targets(sightings: Sequence[Sighting]) -> dict[int, tuple[str, ...]]:
    """Sightings named by a last name alone or an acronym -> the one full name they stand for."""
    people: dict[str, set[tuple[str, ...]]] = {}
    acronyms: dict[str, set[tuple[str, ...]]] = {}
    for s in sightings:
        if len(s.key) < 2 or s.entity.description is not None:
            continue
        if s.entity.type == "person":
            people.setdefault(s.key[-1], set()).add(s.key)
        else:
            acronyms.setdefault(initials(s.key), set()).add(s.key)
    targets: dict[int, tuple[str, ...]] = {}
    for i, s in enumerate(sightings):
        if len(s.key) != 1 or s.entity.description is not None:
            continue
        if s.entity.type == "person":
            candidates = people.get(s.key[0], set())
        elif ACRONYM.match(s.name.strip()):
            candidates = acronyms.get(s.key[0].replace(".", ""), set())
        else:
            continue
        if len(candidates) == 1:
            targets[i] = next(iter(candidates))
    return targets


def merge(sightings: Sequence[Sighting]) -> list[list[int]]:
    groups = Groups(len(sightings))
    names = by_key(sightings, lambda s: [s.key])
    for members in names.values():
        groups.join_all(members)
    for members in by_key(sightings, handle_keys).values():
        groups.join_all(members)
    for i, full in short_name_targets(sightings).items():
        groups.join_all([i, *names.get(full, [])])
    merged: dict[int, list[int]] = {}
    for i in range(len(sightings)):
        merged.setdefault(groups.find(i), []).append(i)
    return list(merged.values())


# --- One actor --------------------------------------------------------------------------------


def canonical_name(members: Sequence[Sighting]) -> str:
    """The most used of the longest names (a full name over a last name alone)."""
    longest = max(len(s.key) for s in members)
    counts = Counter(s.name for s in members if len(s.key) == longest)
    return min(counts, key=lambda n: (-counts[n], n))


def distinct(values: Iterable[str]) -> tuple[str, ...]:
    """Case-insensitively distinct values, the most frequent spelling of each, sorted."""
    spellings: dict[str, Counter[str]] = {}
    for value in values:
        cleaned = value.strip()
        if cleaned:
            spellings.setdefault(cleaned.casefold(), Counter())[cleaned] += 1
    best = [min(c, key=lambda v: (-c[v], v)) for c in spellings.values()]
    return tuple(sorted(best, key=str.casefold))


class Owners:
    """Which actor a name in a statement or a ledger quote stands for: the actor with that name,
    else the one person whose last name it is; None when no actor or more than one fits."""

    def __init__(self, groups: Sequence[Sequence[Sighting]]) -> None:
        self.exact: dict[tuple[str, ...], set[int]] = {}
        self.last: dict[str, set[int]] = {}
        for n, members in enumerate(groups):
            for s in members:
                self.exact.setdefault(s.key, set()).add(n)
                if len(s.key) > 1 and s.entity.type == "person":
                    self.last.setdefault(s.key[-1], set()).add(n)

    def of(self, name: str | None) -> int | None:
        key = name_words(name)
        found = self.exact.get(key, set())
        if not found and len(key) == 1 and str(name).strip()[:1].isupper():
            found = self.last.get(key[0], set())
        return next(iter(found)) if len(found) == 1 else None


def attributed(
    articles: Sequence[Article], quotes: Sequence[LedgerQuote], owners: Owners
) -> tuple[dict[int, list[Support]], dict[int, list[str]]]:
    """Per actor: the sentences attributed to it and the ledger quotes it speaks."""
    statements: dict[int, list[Support]] = {}
    for article in articles:
        for statement in article.annotations.statements if article.annotations else ():
            owner = owners.of(statement.source)
            if owner is not None:
                statements.setdefault(owner, []).append(support_of(article, statement))
    spoken: dict[int, list[str]] = {}
    for quote in quotes:
        owner = owners.of(quote.speaker)
        if owner is not None:
            spoken.setdefault(owner, []).append(quote.id)
    return statements, spoken


def outlet_keys(articles: Iterable[Article]) -> set[tuple[str, ...]]:
    """The words of the story's outlets' names, without a leading "the"."""
    return {_without_article(name_words(a.outlet.value)) for a in articles if a.outlet.value}


def _without_article(words: tuple[str, ...]) -> tuple[str, ...]:
    return words[1:] if words[:1] == ("the",) else words


def actor_type(members: Sequence[Sighting], outlets: Collection[tuple[str, ...]]) -> str:
    """An outlet of the story is an organisation ("as the Valley Courier reported"), whatever
    an article's recogniser took it for; else the type most of its sightings have."""
    if any(_without_article(s.key) in outlets for s in members if s.entity.description is None):
        return "organisation"
    types = Counter(s.entity.type for s in members)
    return "person" if types["person"] >= types["organisation"] else "organisation"


def actor_of(
    members: Sequence[Sighting],
    statements: Sequence[Support],
    quotes: Sequence[str],
    outlets: Collection[tuple[str, ...]] = (),
) -> Actor:
    name = canonical_name(members)
    names = {s.name for s in members}
    kind = actor_type(members, outlets)
    handles = [h for s in members for h in s.entity.handles]
    aliases = [n for n in distinct([*names, *handles]) if n.casefold() != name.casefold()]
    return Actor(
        id="",
        name=name,
        type=kind,
        roles=distinct(r for s in members for r in s.entity.roles),
        aliases=tuple(aliases),
        articles=tuple(sorted({s.article for s in members})),
        quoted_by=tuple(sorted({s.outlet for s in members if s.quoted})),
        quotes=tuple(quotes),
        statements=tuple(statements),
        mentions=sum(len(s.entity.mentions) for s in members),
    )


def find_actors(articles: Sequence[Article], quotes: Sequence[LedgerQuote]) -> list[Actor]:
    """The story's people and organisations, most quoted and most mentioned first."""
    by_source = {a.source: a for a in sorted(articles, key=lambda a: a.source)}
    sightings = [s for a in by_source.values() for s in sightings_of(a)]
    sightings.sort(key=lambda s: (s.article, s.entity.id, s.name))
    groups = [[sightings[i] for i in g] for g in merge(sightings)]
    statements, spoken = attributed(list(by_source.values()), quotes, Owners(groups))
    outlets = outlet_keys(by_source.values())
    actors = [
        actor_of(members, statements.get(n, []), spoken.get(n, []), outlets)
        for n, members in enumerate(groups)
    ]
    actors.sort(
        key=lambda a: (-len(a.quoted_by), -len(a.quotes), -a.mentions, -len(a.articles), a.name)
    )
    return [_numbered(a, n) for n, a in enumerate(actors, start=1)]


def _numbered(actor: Actor, number: int) -> Actor:
    return replace(actor, id=f"A{number}")
