"""Positions: opposed positions of one side across articles (POSITION conflicts).

See crosswire.compare.conflicts for the whole; this module finds a sentence's holder, side, polarity
and topic, and pairs opposed positions of one side in different articles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from crosswire.compare.conflict_words import has_cue, tokens, words
from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.compare.headings import claim_answer
from crosswire.compare.tellings import Found, id_key, support_key, support_of, tail
from crosswire.model import (
    Article,
    ConflictKind,
    Fact,
    Statement,
    StatementStatus,
    Support,
)
from crosswire.text import whole_word_spans

# Two positions are on one topic when their sentences (with the one before) are this similar
# (MiniLM; the seeds' true pairs stand at .23-.58, so polarity and a shared target do most of the
# work and this only keeps apart what is plainly about something else).
# set on benchmarks/bench_seed_conflicts.py
POSITION_MIN_COSINE = 0.3
# "said at a conference that Turkey would participate": the claim is what follows "that".
REPORTED_THAT = re.compile(
    r"^.*?\b(?:said|says|told|stated|announced|insisted|claimed|added)\b.*?\bthat\s+", re.I
)
# "back this stance": a stance told earlier, named by whose it is in a heading.
POINTING_BACK = re.compile(r"\b(this|that|these|such)\s+(stance|position|view|decision|policy)\b")
# A quotation's end with the speaker's pronoun after it: 'a participant," he'.
QUOTE_TAIL = re.compile(r"[,.]?\s*[\"”’]\s*\w+\s*$")


# --- Positions -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Position:
    support: Support
    side: str
    polarity: int  # +1 for (participation, support), -1 against
    targets: frozenset[str]  # the other sides its context names
    context: str  # the sentence after the one its "this stance" points back to
    claim: str  # the stretch of the sentence that tells the position
    speaker: str | None = None  # who says it, when it is said by someone (not an outlet's source)
    said: bool = True  # the speaker says it ("Olsen said ..."), or does it ("Varnia backs ...")
    subject: str | None = None  # the side the stance is about ("Turkey would participate")
    stance: str = ""  # its first stance word ("participate")
    refers_to: str | None = None  # whose stance "this stance" points back to


@lru_cache(maxsize=65_536)  # every sentence of every article asks about its words
def _stance(token: str) -> int:
    """+1 or -1 for a stance word or a negation, 0 for other words. A stem of five letters or more
    takes any ending ("particip-ation"); a shorter one only a short ending ("ban-s", not
    "ban-king")."""
    lex = words()
    if _negation(token):
        return -1
    for sign, stems_ in ((-1, lex.opposition), (1, lex.support)):
        for stem in (s.strip() for s in stems_ if " " not in s.strip()):
            near = len(stem) >= 5 or len(token) <= len(stem) + 3
            if token == stem or (token.startswith(stem) and near):
                return sign
    return 0


def _negation(token: str) -> bool:
    return token in words().negations or token.endswith("n't")


def holders_words(text: str) -> list[str]:
    """The words of a stretch up to where someone else's act begins: a subordinate or relative
    clause, or a second reporting word ("told him that the three refused")."""
    lex = words()
    toks = tokens(text)
    for i, token in enumerate(toks):
        if (i and token in lex.stance_stoppers) or (i >= 2 and token in lex.report_cues):
            return toks[:i]
    return toks


def polarity(text: str, earlier: int | None, *, whole: bool = False) -> tuple[int, bool]:
    """The polarity of a stretch of text (the product of its stance words, negations and the
    polarity `earlier` of a stance it points back to) and whether it holds a stance word: of the
    holder's words only, or of the `whole` stretch (the stance a later "this stance" points to)."""
    lex = words()
    toks = tokens(text) if whole else holders_words(text)
    lowered = " " + " ".join(toks) + " "
    sign, stance = 1, False
    for phrase in lex.support + lex.opposition:
        if " " in phrase.strip() and f" {phrase.strip()} " in lowered:
            stance = True
            sign *= -1 if phrase in lex.opposition else 1
    for i, token in enumerate(toks):
        previous = toks[i - 1] if i else ""
        if token in lex.position_nouns and (
            previous in ("this", "that", "these", "such", "its", "their") or previous.endswith("'s")
        ):
            if earlier is None:
                return 0, False
            sign *= earlier
            stance = True
            continue
        value = _stance(token)
        if value:
            sign *= value
            stance = stance or not _negation(token)
    return sign, stance


def side_of(name: str, type_: str, roles: Sequence[str], places: Sequence[str]) -> str | None:
    """The side an entity stands for: a country (by name, alias, capital or demonym, or a place of
    the article in its role, as in "X ambassador to Y" -> X), else the organisation or person."""
    countries = words().countries
    for phrase in roles if type_ == "person" else [name]:
        country = _country_in(phrase, countries, places)
        if country:
            return country
    if type_ in ("place", "organisation", "person"):
        return name
    return None


def _country_in(phrase: str, countries: dict[str, str], places: Sequence[str]) -> str | None:
    """The first country or named place of a phrase, skipping one after "to", "in" or "at"
    (the host of an ambassador, not its sender)."""
    toks = [t.removesuffix("'s") for t in tokens(phrase)]
    for i in range(len(toks)):
        if i and toks[i - 1] in ("to", "in", "at"):
            continue
        for size in (3, 2, 1):
            gram = " ".join(toks[i : i + size])
            for candidate in (gram, gram.rstrip("s")):
                if candidate in countries:
                    return countries[candidate]
                place = _place_named(candidate, places)
                if place:
                    return countries.get(place.lower(), place)
    return None


def _place_named(word: str, places: Sequence[str]) -> str | None:
    """The place a word names: the place itself, or its demonym formed by an ending of up to three
    letters on the name less its last letter ("Varnian" -> "Varnia")."""
    for place in places:
        name = place.lower()
        if word == name:
            return place
        if len(name) >= 4 and word.startswith(name[:-1]) and 0 < len(word) - len(name) <= 3:
            return place
    return None


@dataclass(frozen=True, slots=True)
class _Mentioned:
    start: int
    side: str
    name: str


def _sides_mentioned(article: Article) -> list[_Mentioned]:
    assert article.annotations is not None
    places = [e.name for e in article.annotations.entities if e.type != "person"]
    found: list[_Mentioned] = []
    for entity in article.annotations.entities:
        if entity.description is not None:
            continue
        side = side_of(entity.name, entity.type, entity.roles, places)
        if side:
            found.extend(_Mentioned(m.span.start, side, entity.name) for m in entity.mentions)
    return sorted(found, key=lambda m: (m.start, m.name))


def _cue_at(sentence: str, cue: str | None) -> int | None:
    if not cue:
        return None
    at = sentence.lower().find(cue.lower())
    return at if at >= 0 else None


def _holder_and_region(
    article: Article, statement: Statement, mentioned: list[_Mentioned]
) -> tuple[str | None, int, int]:
    """Who holds the position a sentence tells, and the stretch of the sentence that tells it:
    the speaker and what follows the cue (or precedes it: '"...," he said'), or, in the outlet's
    own voice or after "according to", the first side named before the stance."""
    span = statement.span
    sentence = article.text[span.start : span.end]
    at = _cue_at(sentence, statement.cue)
    start, end = span.start, span.end
    if at is not None:
        after = article.text[span.start + at : span.end]
        if len(tokens(after)) > len(tokens(statement.cue or "")) + 3:
            start = span.start + at
        else:
            end = span.start + at
    speaker = statement.source if statement.status is not StatementStatus.ASSERTED else None
    if speaker and not has_cue(statement.cue or "", words().outlet_cues):
        named = [m.side for m in mentioned if m.name == speaker]
        return (named[0] if named else words().countries.get(speaker.lower())), start, end
    stance_at = _first_stance(article.text, start, end)
    inside = [m for m in mentioned if start <= m.start < stance_at and m.name != statement.source]
    return (inside[0].side if inside else None), start, end


def _first_stance(text: str, start: int, end: int) -> int:
    """Where the first stance word of text[start:end] begins (`end` when none)."""
    for left, right in whole_word_spans(text, start, end):
        word = text[left:right].lower().replace("’", "'")
        if _stance(word) and not _negation(word):
            return left
    return end


def positions_of(article: Article) -> list[Position]:
    """The positions an article's sentences tell, with their side, polarity and topic."""
    if article.annotations is None:
        return []
    mentioned = _sides_mentioned(article)
    statements = sorted(article.annotations.statements, key=lambda s: s.span.start)
    found: list[Position] = []
    earlier: list[tuple[int, str | None] | None] = []  # each sentence's stance and its holder
    for i, statement in enumerate(statements):
        holder, start, end = _holder_and_region(article, statement, mentioned)
        # "backs this stance" takes the stance of the sentence just before.
        before = earlier[-1] if earlier else None
        sign, stance = polarity(article.text[start:end], before[0] if before else None)
        sentence = article.text[statement.span.start : statement.span.end]
        whole, whole_stance = polarity(sentence, before[0] if before else None, whole=True)
        told_stance = whole_stance or _has_negation(article, statement)
        earlier.append((whole, holder) if told_stance and whole else None)
        if not (holder and stance):
            continue
        first = statements[max(0, i - 2)].span.start
        targets = frozenset(
            m.side for m in mentioned if first <= m.start < statement.span.end and m.side != holder
        )
        # The topic is embedded from the sentence and the one before ("this stance"), short enough
        # to embed fast.
        context = article.text[statements[max(0, i - 1)].span.start : statement.span.end]
        position = Position(support_of(article, statement), holder, sign, targets, context, "")
        found.append(
            _told(
                article, statement, position, (start, end), mentioned, before[1] if before else None
            )
        )
    return found


def _told(
    article: Article,
    statement: Statement,
    position: Position,
    region: tuple[int, int],
    mentioned: list[_Mentioned],
    refers_to: str | None,
) -> Position:
    """A position with what a heading says of it: its claim, speaker, the side it is about and
    its stance word."""
    start, end = region
    stance_at, stance = _stance_words(article.text, start, end)
    about = [m.side for m in mentioned if start <= m.start < stance_at and m.side != position.side]
    cue = statement.cue or ""
    attributed = statement.status is not StatementStatus.ASSERTED
    return replace(
        position,
        claim=" ".join(article.text[start:end].split()),
        speaker=statement.source if attributed and not has_cue(cue, words().outlet_cues) else None,
        said=has_cue(cue, words().report_cues),
        subject=about[-1] if about else None,
        stance=stance,
        refers_to=refers_to,
    )


def _stance_words(text: str, start: int, end: int) -> tuple[int, str]:
    """Where the first stance of text[start:end] begins and its words ("participate", "take
    part"): a stance word, or a stance phrase when one stands earlier."""
    at = _first_stance(text, start, end)
    found = next(iter(tokens(text[at:end])), "") if at < end else ""
    lowered = text[start:end].lower()
    lex = words()
    for phrase in (p.strip() for p in (*lex.support, *lex.opposition) if " " in p.strip()):
        where = lowered.find(phrase)
        if where >= 0 and start + where < at:
            at, found = start + where, phrase
    return at, found


def _has_negation(article: Article, statement: Statement) -> bool:
    sentence = article.text[statement.span.start : statement.span.end]
    return any(_negation(t) for t in tokens(sentence))


def position_conflicts(
    articles: Sequence[Article], facts: Sequence[Fact], backend: EmbeddingBackend
) -> list[Found]:
    """Opposed positions of one side in different articles, on one topic; the positions of a side
    that oppose each other are gathered into one conflict (for against against)."""
    positions = [p for a in articles for p in positions_of(a)]
    pairs = [
        (i, j)
        for i, p in enumerate(positions)
        for j in range(i + 1, len(positions))
        if _may_oppose(p, positions[j])
    ]
    if not pairs:
        return []
    # Only the positions of candidate pairs are embedded: the model is the slow part.
    involved = sorted({i for pair in pairs for i in pair})
    row = {index: n for n, index in enumerate(involved)}
    vectors = backend.encode([positions[i].context for i in involved])
    linked: dict[int, set[int]] = {}
    for i, j in pairs:
        if float(vectors[row[i]] @ vectors[row[j]]) >= POSITION_MIN_COSINE:
            linked.setdefault(i, set()).add(j)
            linked.setdefault(j, set()).add(i)
    return [_position_found(positions, group, facts) for group in _components(linked)]


def _may_oppose(p: Position, q: Position) -> bool:
    """Positions of one side in two articles, of opposite polarity, naming a common target."""
    if p.support.article == q.support.article or p.polarity == q.polarity:
        return False
    if not same_side(p.side, q.side):
        return False
    return any(same_side(x, y) for x in p.targets for y in q.targets)


@lru_cache(maxsize=65_536)
def same_side(a: str, b: str) -> bool:
    """Two articles name one side alike, or one by its demonym ("Varnian" and "Varnia")."""
    return (
        a == b
        or _place_named(a.lower(), [b]) is not None
        or _place_named(b.lower(), [a]) is not None
    )


def _components(linked: dict[int, set[int]]) -> list[list[int]]:
    seen: set[int] = set()
    groups = []
    for start in sorted(linked):
        if start in seen:
            continue
        group, todo = [], [start]
        seen.add(start)
        while todo:
            node = todo.pop()
            group.append(node)
            for other in sorted(linked[node] - seen):
                seen.add(other)
                todo.append(other)
        groups.append(sorted(group))
    return groups


def _position_found(positions: list[Position], group: list[int], facts: Sequence[Fact]) -> Found:
    chosen = [positions[i] for i in group]
    # The side by its shortest name: "Varnia", not "Varnian" (same_side joins the two).
    side = min((p.side for p in chosen), key=lambda name: (len(name), name))
    pro = tuple(sorted({p.support for p in chosen if p.polarity > 0}, key=support_key))
    con = tuple(sorted({p.support for p in chosen if p.polarity < 0}, key=support_key))
    for_ = next(p for p in chosen if p.support == pro[0])
    against = next(p for p in chosen if p.support == con[0])
    summary = f"{side}: “{tail(for_.claim, 60)}” vs “{tail(against.claim, 60)}”"
    involved = _facts_of([*pro, *con], facts)
    told = ((pro[0].text, position_answer(for_)), (con[0].text, position_answer(against)))
    return Found(
        ConflictKind.POSITION,
        summary,
        pro,
        con,
        ("for", "against"),
        involved,
        side,
        question=position_question(side, for_),
        told=told,
    )


def position_question(side: str, for_: Position) -> str:
    """What the opposed positions answer: "Is the United States for Turkey's participation?",
    from the side, the side its for-position is about and what its stance word is for."""
    lex = words()
    name = f"the {side}" if side.lower() in lex.countries_with_the else side
    stance = for_.stance.lower()
    noun = next((n for stem, n in lex.stance_nouns.items() if stance.startswith(stem)), None)
    if noun and for_.subject:
        return f"Is {name} for {for_.subject}'s {noun}?"
    if for_.subject:
        return f"Where does {name} stand on {for_.subject}?"
    return f"Where does {name} stand?"


def position_answer(position: Position) -> str:
    """A position as a heading gives it: the speaker's words after "said ... that", an
    outlet's "according to ..." left out, "this stance" named by whose it is."""
    claim = position.claim
    said = REPORTED_THAT.search(claim)
    if said:
        claim = claim[said.end() :]
    head, comma, rest = claim.partition(", ")
    if comma and has_cue(head, words().outlet_cues):
        claim = rest
    if position.refers_to:
        claim = POINTING_BACK.sub(lambda m: f"{position.refers_to}'s {m.group(2)}", claim)
    claim = QUOTE_TAIL.sub("", claim)
    if position.speaker and not position.said:
        return claim_answer(f"{position.speaker} {claim}")  # "Varnia backs Kestria's veto"
    return claim_answer(claim, position.speaker)


def _facts_of(supports: Sequence[Support], facts: Sequence[Fact]) -> tuple[str, ...]:
    """The facts told mostly (at least half their sentences) by the positions' sentences: a fact
    many outlets corroborate is not contested because one of its sentences is also a position."""
    keys = [support_key(s) for s in supports]

    def on_position(s: Support) -> bool:
        return any(
            k[0] == s.article and min(k[2], s.span.end) > max(k[1], s.span.start) for k in keys
        )

    hits = [
        f.id for f in facts if f.support and 2 * sum(map(on_position, f.support)) >= len(f.support)
    ]
    return tuple(sorted(set(hits), key=id_key))
