"""Conflict headings: one line a reader understands, made from what the conflict stages parsed.

A heading is the question the outlets answer differently, then each answer with the outlets that
give it: "How many ships at anchor: 37 (The Velmora Courier) vs 40 on Sunday night (Harbour
Wire)"; "Is the United States for Turkey's participation? Tom Barrack: Turkey would participate
(The Times of Israel) vs the US continues to back Netanyahu's stance (Israel Hayom)". The stages
give the question and what each sentence answers (`Found.question`, `Found.told`); this module
writes the questions of dates, places, people and certainty from a clause, and puts a heading
together once the conflict's sides are final (copies joined), naming outlets, never file paths.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from crosswire.compare.tellings import Found, short
from crosswire.model import StatementStatus, Support

MAX_OUTLETS = 3  # outlets named for one answer; more are counted ("+4 more")
CLAIM_CHARS = 60  # a claim quoted in a heading is cut after this many characters
CLAUSE_CHARS = 70  # the clause a question quotes
# Words that open a clause and read in lower case inside a question ("The ferry sank" -> "When
# the ferry sank").
LOWER_OPENERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their"})
TRAILING = " \t\n.,;:!?\"'“”‘’"


def heading(found: Found, name_of: Callable[[Support], str]) -> str:
    """The conflict's heading: its question, then each answer with the outlets that give it (a
    sentence with no answer of its own gives its side's first). A conflict found without a
    question keeps its summary."""
    if not found.question:
        return found.summary
    told = dict(found.told)
    answers: dict[str, list[str]] = {label: [] for _, label in found.told}
    for side, value in ((found.side_a, found.values[0]), (found.side_b, found.values[1])):
        # A sentence with no answer of its own gives its side's first one.
        first = next((told[s.text] for s in side if s.text in told), value)
        for support in side:
            names = answers.setdefault(told.get(support.text, first), [])
            name = name_of(support)
            if name not in names:
                names.append(name)
    parts = [f"{label} ({_outlets(names)})" for label, names in answers.items() if names]
    joint = " " if found.question.endswith("?") else ": "
    return f"{found.question}{joint}{' vs '.join(parts)}"


def _outlets(names: Sequence[str]) -> str:
    shown = ", ".join(names[:MAX_OUTLETS])
    more = len(names) - MAX_OUTLETS
    return f"{shown} +{more} more" if more > 0 else shown


def plain(text: str) -> str:
    """A clause as it reads inside a heading: one line, without end punctuation or quotation
    marks around it, an opening article in lower case."""
    text = " ".join(text.split()).strip(TRAILING)
    first, _, rest = text.partition(" ")
    if first.lower() in LOWER_OPENERS:
        text = f"{first.lower()} {rest}".strip()
    return text


def without(text: str, start: int, end: int, before: Sequence[str] = ()) -> str:
    """The text less text[start:end] and one of the words `before` right before it ("sank on 3
    May near Sorn" less "3 May" and "on" -> "sank near Sorn")."""
    head = text[:start].rstrip()
    for word in before:
        if head.lower().endswith(" " + word) or head.lower() == word:
            head = head[: len(head) - len(word)].rstrip()
            break
    return re.sub(r"\s+([,.;:])", r"\1", f"{head} {text[end:].lstrip()}").strip()


def when_question(clause: str) -> str:
    """ "When the ferry sank near Sorn": the clause, its date taken out by the caller."""
    return f"When {short(plain(clause), CLAUSE_CHARS)}"


def where_question(clause: str) -> str:
    return f"Where {short(plain(clause), CLAUSE_CHARS)}"


def who_question(role: str, clause: str) -> str:
    """ "Which spokesperson: ..." for a person named in one role by both sides."""
    return f"Which {role} ({short(plain(clause), CLAUSE_CHARS)})"


def certainty_question(claim: str) -> str:
    return f"Is it established that {short(plain(claim), CLAUSE_CHARS)}?"


def certainty_answer(status: StatementStatus | str, source: str | None) -> str:
    """What a hedged telling makes of a claim: "only claimed by Turkey", "said by the police"."""
    status = StatementStatus(status)
    if status is StatementStatus.ASSERTED:
        return "stated as fact"
    if status is StatementStatus.UNCONFIRMED:
        return f"only claimed, by {source}" if source else "only claimed, unconfirmed"
    return f"said by {source}" if source else "attributed"


def claim_answer(claim: str, speaker: str | None = None) -> str:
    """A position as a heading gives it: "Barrack: Turkey would participate"."""
    said = short(plain(claim), CLAIM_CHARS)
    if not speaker:
        return said
    last = speaker.split()[-1] if speaker.split() else speaker
    return f"{last}: {said}"
