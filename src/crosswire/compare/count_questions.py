"""Counts that answer one question in several articles: NUMBER conflicts.

Every sentence's counts are read whole (crosswire.compare.numbers: "about 4,200 dockworkers").
Two counts of two articles answer one question ("how many ships at anchor?") when
- they stand in sentences of one fact (the outlets tell one claim) and count one kind of thing
  (the same noun, nouns listed as alike, or people: "dockworkers" and "union members"); or
- across facts, they count the same thing (the same noun or nouns listed as alike: "ships" and
  "vessels"; counts, not sums, durations or measures), stand within MAX_RATIO of each other (and
  neither is one), share a common word next to them ("at anchor"), and tell no different
  act of it (the verbs that have it as their argument or follow it, less verbs that only count or
  state it, share one when both have some: "12 people were killed" is not "30 people were
  injured"); or
- across facts, they count people who took part in one collective act, told by acts listed as such
  ("has idled about 4,200 dockworkers" and "roughly 4,000 union members have stayed away": how
  many struck; "marched", "rallied": how many protested), within MAX_RATIO of each other, whatever
  noun each outlet counts them by.
Each count is linked with the best such count of each other article (most shared words), when it
is also the best for that one; linked counts make one question. A question whose counts cannot all
be right (crosswire.compare.numbers.agree: "about 4,200" and "roughly 4,000" are two estimates that
differ; "about 40" and 37 agree) is one conflict, the value told by most outlets on one side and
the others on the other; each count is named with the time its clause gives ("40 on Sunday night"),
since a count can change from one day to the next and the reader should see when each was made.
Copies of one text (the same words) are read once and stand on their side together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from crosswire.compare.conflict_words import clauses, common_stems, tokens
from crosswire.compare.numbers import (
    Count,
    agree,
    counts_in,
    counts_part,
    counts_people,
    number_words,
    same_thing,
    shown,
    singular,
)
from crosswire.compare.tellings import Found, id_key, support_key, support_of
from crosswire.model import Article, ConflictKind, Fact, Support

# Counts of different facts answer one question only if the words next to them (NEAR_WORDS)
# share this many common words besides the counted noun and the times ("at anchor"). Set on the
# bundled example (its ship counts share "anchor") against benchmarks/bench_seed_conflicts.py
# (seeds and the ECB+ exposure: no number conflict between unrelated counts).
MIN_SHARED_CONTEXT = 1
# Counts of different facts answer one question only if the larger is at most this many times
# the smaller, and neither is one ("one bullet entered his side" enumerates, it does not count).
# Set on the ECB+ exposure of benchmarks/bench_seed_conflicts.py: unrelated counts that shared a
# word stood 2.9 to 60 times apart (8 and 23 pirates of two captures, 15 and 50 miles north of one
# city, 10 and 612 killed in two quakes); the differing reports of one count stood within 2 (4
# and 7 villages, 120,000 and 200,000 residents, the example's 37 and 42 ships).
MAX_RATIO = 2.0
# The words of a count's own question stand this close to it: "counted 42 ships at anchor".
NEAR_WORDS = 4
# A time is named with a count when it stands this close after the noun phrase's end, in its clause.
TIME_NEAR = 60


@dataclass(frozen=True, slots=True)
class Reading:
    """One count in one sentence, with what tells which question it answers."""

    count: Count
    support: Support  # the sentence
    facts: frozenset[str]  # the facts the sentence supports
    context: frozenset[str]  # common words of its clause, less the count and times (stems)
    near: frozenset[str]  # those of them within NEAR_WORDS words of the count ("counted", "anchor")
    verbs: frozenset[str]  # what its clause tells happened to what it counts (verb lemmas)
    turnout: bool  # it counts people its clause tells took part in a collective act ("marched")
    time: str  # the time its clause gives the count ("on Sunday night"), or ""
    after_noun: str  # its clause's words after the noun phrase ("at anchor on Tuesday")


def number_conflicts(articles: Sequence[Article], facts: Sequence[Fact]) -> list[Found]:
    """The NUMBER conflicts of a story: questions whose counts disagree across its articles."""
    copies = _copies(articles)
    readings = [r for group in copies.values() for r in readings_of(group, facts)]
    found = []
    for group in _questions(readings, _links(readings)):
        chosen = [readings[i] for i in group]
        if len({r.support.article for r in chosen}) < 2 or _all_agree(chosen):
            continue
        found.append(_conflict(chosen, copies))
    return found


def _copies(articles: Sequence[Article]) -> dict[str, list[Article]]:
    """The articles by one representative of each text (copies tell it once)."""
    groups: dict[tuple[object, ...], list[Article]] = {}
    for article in sorted({a.source: a for a in articles}.values(), key=lambda a: a.source):
        key = (article.text, article.published, article.language)
        groups.setdefault(key, []).append(article)
    return {group[0].source: group for group in groups.values()}


def readings_of(copies: Article | Sequence[Article], facts: Sequence[Fact]) -> list[Reading]:
    """The counts of an article's sentences: of one article, or of the first of its copies with
    the facts any of them supports."""
    group = [copies] if isinstance(copies, Article) else list(copies)
    article = group[0]
    if article.annotations is None:
        return []
    spans = [span for a in group for span in _fact_spans(a.source, facts)]
    found = []
    for statement in article.annotations.statements:
        start, end = statement.span.start, statement.span.end
        support = support_of(article, statement)
        dated = [
            (t.span.start, t.span.end)
            for t in article.annotations.times
            if t.type in ("date", "time") and start <= t.span.start < end
        ]
        for count in counts_in(article.text[start:end], start, dated):
            in_facts = frozenset(f for a, b, f in spans if a <= count.start < b)
            found.append(_reading(article, support, count, in_facts, dated))
    return found


def _fact_spans(source: str, facts: Sequence[Fact]) -> list[tuple[int, int, str]]:
    return [
        (s.span.start, s.span.end, fact.id)
        for fact in facts
        for s in fact.support
        if s.article == source
    ]


def _reading(
    article: Article,
    support: Support,
    count: Count,
    in_facts: frozenset[str],
    dated: Sequence[tuple[int, int]],
) -> Reading:
    clause = next(
        (c for c in clauses(support.text, support.span.start) if c.start <= count.start < c.end),
        None,
    )
    lo, hi = (clause.start, clause.end) if clause else (support.span.start, support.span.end)
    words = _blanked(article.text, lo, hi, [(count.start, count.noun_end), *dated])
    own = {count.lemma[:5]}
    verbs = _verbs(article, count, lo, hi)
    at, after = count.start - lo, count.noun_end - lo
    before = " ".join(words[:at].split()[-NEAR_WORDS:])
    following = " ".join(words[after:].split()[:NEAR_WORDS])
    return Reading(
        count=count,
        support=support,
        facts=in_facts,
        context=common_stems(words) - own,
        near=common_stems(f"{before} {following}") - own,
        verbs=verbs,
        turnout=counts_people(count) and _tells_turnout(article.text, count, lo, hi),
        time=_time_of(article, count, lo, hi),
        after_noun=article.text[count.noun_end : hi].strip(),
    )


def _blanked(text: str, lo: int, hi: int, spans: Sequence[tuple[int, int]]) -> str:
    """text[lo:hi] with the given spans written over with spaces (the offsets stay)."""
    chars = list(text[lo:hi])
    for a, b in spans:
        for i in range(max(a, lo), min(b, hi)):
            chars[i - lo] = " "
    return "".join(chars)


def _verbs(article: Article, count: Count, lo: int, hi: int) -> frozenset[str]:
    """The verbs of a clause that tell what happened to what a count counts: those with its noun
    as their argument ("killed 7 people"), or right after it ("7 people were killed")."""
    assert article.annotations is not None
    neutral = number_words().neutral_verbs
    found = set()
    for predicate in article.annotations.predicates:
        if not lo <= predicate.span.start < hi:
            continue
        words = predicate.key.split()
        if words and words[0] == "not":
            words = words[1:]
        if len(words) < 2:
            continue
        verb, argument = words[0], words[-1]
        between = tokens(article.text[count.noun_end : predicate.span.start])
        follows = predicate.span.start >= count.noun_end and len(between) <= 2
        if singular(argument) == count.lemma or argument == count.noun.lower() or follows:
            found.add(verb)
    return frozenset(found - neutral)


def _tells_turnout(text: str, count: Count, lo: int, hi: int) -> bool:
    """Whether a count's clause tells that its people took part in a collective act: a turnout
    verb right after its noun ("4,000 members have stayed away", "8,000 people marched") or
    right before it ("has idled about 4,200 dockworkers"); a verb listed with particles only
    with one right after it ("stayed away", not "stayed at the fair")."""
    lists = number_words()
    after = tokens(text[count.noun_end : hi])
    while after and after[0] in lists.turnout_auxiliaries:
        after = after[1:]
    before = tokens(text[lo : count.start])[-1:]
    if before and _lemmas(before[0]) & lists.turnout_verbs:
        return True
    if not after:
        return False
    lemmas = _lemmas(after[0])
    if lemmas & lists.turnout_verbs:
        return True
    particle = after[1] if len(after) > 1 else ""
    return any(
        particle in lists.turnout_particle_verbs[v]
        for v in lemmas & lists.turnout_particle_verbs.keys()
    )


def _lemmas(word: str) -> set[str]:
    """The lemmas a verb form may have: "stayed" -> stay, "rallied" -> rally, "idled" -> idle."""
    irregular = number_words().turnout_irregular_forms
    found = {word, irregular.get(word, word)}
    for suffix, ending in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("d", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            found.add(word[: -len(suffix)] + ending)
    return found


def _time_of(article: Article, count: Count, lo: int, hi: int) -> str:
    """The day or time a clause gives its count ("on Sunday night"), with the word before it when
    that word places it in time; a time inside a longer phrase ("the start of the week") is not
    the count's own."""
    assert article.annotations is not None
    prepositions = number_words().time_prepositions
    for time in sorted(article.annotations.times, key=lambda t: t.span.start):
        if time.type not in ("date", "time") or not lo <= time.span.start < hi:
            continue
        if abs(time.span.start - count.noun_end) > TIME_NEAR:
            continue
        before = tokens(article.text[lo : time.span.start])
        last_two = " ".join(before[-2:])
        if last_two in prepositions:
            return f"{last_two} {time.text}"
        if before and before[-1] in prepositions:
            return f"{before[-1]} {time.text}"
        if not before or before[-1] in ("of", "the", "'s"):
            continue
        return time.text
    return ""


# --- Which counts answer one question ------------------------------------------------------------


def same_question(r: Reading, s: Reading) -> bool:
    """Whether two counts of two articles answer one question (see the module's docstring)."""
    if r.support.article == s.support.article or r.count.kind != s.count.kind:
        return False
    if 1 in (r.count.value, s.count.value) or not _near_in_value(r.count, s.count):
        return False
    if r.facts & s.facts:
        if same_thing(r.count, s.count):
            return True
        people = counts_people(r.count) and counts_people(s.count)
        return people and not (counts_part(r.count) or counts_part(s.count))
    if r.turnout and s.turnout:
        # How many took part: outlets count one crowd by different nouns and tell it with
        # different acts, and share no other word ("idled 4,200 dockworkers", "4,000 union
        # members stayed away").
        return not (counts_part(r.count) or counts_part(s.count))
    if r.count.kind != "things" or not same_thing(r.count, s.count):
        return False
    if len(r.near & s.near) < MIN_SHARED_CONTEXT:
        return False
    return not r.verbs or not s.verbs or bool(r.verbs & s.verbs)


def _near_in_value(a: Count, b: Count) -> bool:
    """Two counts within MAX_RATIO of each other (far apart, they more likely count different
    things: a year's total and one day's, an earlier event)."""
    low, high = sorted((a.value, b.value))
    return low > 0 and high / low <= MAX_RATIO


def _likeness(r: Reading, s: Reading) -> tuple[int, float]:
    shared = len(r.context & s.context)
    union = len(r.context | s.context)
    return (len(r.facts & s.facts), shared / union if union else 0.0)


def _links(readings: Sequence[Reading]) -> list[tuple[tuple[int, float], int, int]]:
    """Each count with the best count answering its question in each other article, when it is
    also that one's best: (likeness, i, j), the likest first."""
    best: dict[tuple[int, str], tuple[tuple[int, float, int], int]] = {}
    for i, j in _candidates(readings):
        r, s = readings[i], readings[j]
        if not same_question(r, s):
            continue
        score = _likeness(r, s)
        for x, y in ((i, j), (j, i)):
            key = (x, readings[y].support.article)
            ranked = (*score, -y)  # ties: the earlier count
            if key not in best or ranked > best[key][0]:
                best[key] = (ranked, y)
    links = []
    for (i, _), (ranked, j) in best.items():
        if i < j and best.get((j, readings[i].support.article), (None, -1))[1] == i:
            links.append((ranked[:2], i, j))
    return sorted(links, key=lambda link: (-link[0][0], -link[0][1], link[1], link[2]))


def _candidates(readings: Sequence[Reading]) -> list[tuple[int, int]]:
    """The pairs of counts that may answer one question: of one noun (or nouns listed as alike),
    of one fact, or of people who took part; a story of hundreds of articles compares only these."""
    buckets: dict[tuple[str, object], list[int]] = {}
    for i, r in enumerate(readings):
        buckets.setdefault(("noun", _noun_key(r.count)), []).append(i)
        if r.turnout:
            buckets.setdefault(("turnout", None), []).append(i)
        for fact in r.facts:
            buckets.setdefault(("fact", fact), []).append(i)
    pairs = {
        (i, j)
        for members in buckets.values()
        for n, i in enumerate(members)
        for j in members[n + 1 :]
        if readings[i].support.article != readings[j].support.article
    }
    return sorted(pairs)


def _noun_key(count: Count) -> object:
    group = number_words().groups.get(count.lemma)
    return ("group", group) if group is not None else count.lemma


def _questions(
    readings: Sequence[Reading], links: Iterable[tuple[tuple[int, float], int, int]]
) -> list[list[int]]:
    """Linked counts joined into questions, the likest links first, never two counts of one
    article in one question (an article that gives two counts answers two questions)."""
    group_of = list(range(len(readings)))
    members = {i: [i] for i in range(len(readings))}
    for _, i, j in links:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        articles_a = {readings[n].support.article for n in members[a]}
        if any(readings[n].support.article in articles_a for n in members[b]):
            continue
        for n in members.pop(b):
            group_of[n] = a
            members[a].append(n)
    return [sorted(group) for group in members.values() if len(group) > 1]


def _all_agree(readings: Sequence[Reading]) -> bool:
    return all(
        agree(r.count, s.count)
        for n, r in enumerate(readings)
        for s in readings[n + 1 :]
        if r.support.article != s.support.article
    )


# --- The conflict --------------------------------------------------------------------------------


def _conflict(readings: Sequence[Reading], copies: dict[str, list[Article]]) -> Found:
    """One conflict of a question's counts: the value most outlets tell against the others."""
    by_value: dict[tuple[float, str], list[Reading]] = {}
    for r in sorted(readings, key=lambda r: (r.count.value, support_key(r.support))):
        by_value.setdefault(_key(r), []).append(r)
    ordered = sorted(
        by_value.values(),
        key=lambda rs: (-len({r.support.article for r in rs}), rs[0].count.value),
    )
    first, rest = ordered[0], sorted((r for rs in ordered[1:] for r in rs), key=_by_value)
    side_a = _sides(first, copies)
    side_b = _sides(rest, copies)
    # A value is named with its time when its counts give one, and the times differ.
    timed = len({r.time for r in readings}) > 1
    times = {key: {r.time for r in rs} if timed else set() for key, rs in by_value.items()}
    told = tuple(dict.fromkeys((r.support.text, _told(r, times[_key(r)])) for r in [*first, *rest]))
    others = ", ".join(dict.fromkeys(_value(r) for r in rest))
    facts = tuple(sorted({f for r in readings for f in r.facts}, key=id_key))
    question = question_of(readings)
    return Found(
        ConflictKind.NUMBER,
        question,
        side_a,
        side_b,
        (_value(first[0]), others),
        facts,
        question=question,
        told=told,
    )


def _by_value(r: Reading) -> tuple[float, tuple[str, int, int]]:
    return (r.count.value, support_key(r.support))


def _value(r: Reading) -> str:
    return shown(r.count)


def _key(r: Reading) -> tuple[float, str]:
    return (r.count.value, r.count.hedge)


def _told(r: Reading, times: set[str]) -> str:
    """What a count answers: its value, with its time when every count of that value gives the
    same one ("40 on Sunday night")."""
    return f"{_value(r)} {r.time}" if r.time and len(times) == 1 else _value(r)


def _sides(readings: Iterable[Reading], copies: dict[str, list[Article]]) -> tuple[Support, ...]:
    """The sentences of the readings, each with those of its copies."""
    found = set()
    for r in readings:
        found.add(r.support)
        for article in copies.get(r.support.article, []):
            if article.source != r.support.article:
                found.add(replace(r.support, article=article.source, outlet=article.outlet.value))
    return tuple(sorted(found, key=support_key))


# --- The question in plain words -----------------------------------------------------------------


def question_of(readings: Sequence[Reading]) -> str:
    """What a group of counts answers: "How many ships at anchor", "How many days", "How much,
    in crowns": the counted noun as most write it, with the shortest words after it that the
    counts' clauses share."""
    if readings[0].count.kind == "money":
        return f"How much, in {_plural(readings[0])}"
    nouns = [_plural(r) for r in readings]
    noun = max(dict.fromkeys(nouns), key=nouns.count)
    if not all(same_thing(readings[0].count, r.count) for r in readings):
        noun = " or ".join(dict.fromkeys(r.count.phrase for r in readings))
    return f"How many {noun}{_shared_after(readings)}"


def _plural(r: Reading) -> str:
    noun = r.count.noun.lower()
    if r.count.value != 1 or noun != r.count.lemma:
        return noun
    return noun + "s" if not noun.endswith("s") else noun


def _shared_after(readings: Sequence[Reading]) -> str:
    """The shortest run of words after a counted noun, up to a word all the counts' clauses share
    ("at anchor"); "" when they share none close after the noun."""
    shared = frozenset.intersection(*(r.near for r in readings))
    best = ""
    for r in readings:
        words = r.after_noun.split()
        for n, word in enumerate(words[:NEAR_WORDS]):
            if not word.isalpha() or word in ("and", "or", "but"):
                break
            if word.lower()[:5] in shared:
                phrase = " " + " ".join(words[: n + 1])
                if not best or len(phrase) < len(best):
                    best = phrase
                break
    return best
