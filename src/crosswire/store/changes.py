"""What changed between two versions of a story's dossier, for the people following the story.

Two dossiers are compared as stored (`dossier_to_dict`), never by their item ids, which are
numbered afresh on each build:
- a fact is the same fact when it shares a supporting sentence (article, start, end) with an
  earlier one, or states the same words; it "gained an outlet" when more independent outlets
  tell it now;
- a conflict is the same when it is of the same kind over the same values;
- a quote is the same when its words, or any of its variants' words, were in the ledger before;
- an outlet is new when no earlier article came from it;
- a correction is an article at an address (or source) the earlier dossier had, with another
  text: a new version of that page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class StrongerFact:
    """A fact that more independent outlets tell than before."""

    statement: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Changes:
    """What a dossier version adds to an earlier one (`since`: that version; None: none)."""

    since: int | None
    new_facts: tuple[str, ...] = ()
    stronger_facts: tuple[StrongerFact, ...] = ()
    new_conflicts: tuple[str, ...] = ()
    new_quotes: tuple[str, ...] = ()
    new_outlets: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()  # the labels of articles that replaced an older version

    @property
    def empty(self) -> bool:
        return not (
            self.new_facts
            or self.stronger_facts
            or self.new_conflicts
            or self.new_quotes
            or self.new_outlets
            or self.corrections
        )

    def lines(self) -> list[str]:
        """The changes as lines a person reads ("New outlet: Israel Hayom", ...)."""
        told = [f"New outlet: {outlet}" for outlet in self.new_outlets]
        told += [f"Correction: {label}" for label in self.corrections]
        told += [f"New fact: {statement}" for statement in self.new_facts]
        told += [
            f"Fact now told by {f.after} independent outlets (was {f.before}): {f.statement}"
            for f in self.stronger_facts
        ]
        told += [f"New conflict: {summary}" for summary in self.new_conflicts]
        told += [f"New quote: “{text}”" for text in self.new_quotes]
        return told or ["Nothing new."]

    def to_dict(self) -> JsonDict:
        return {
            "since": self.since,
            "new_facts": list(self.new_facts),
            "stronger_facts": [
                {"statement": f.statement, "before": f.before, "after": f.after}
                for f in self.stronger_facts
            ],
            "new_conflicts": list(self.new_conflicts),
            "new_quotes": list(self.new_quotes),
            "new_outlets": list(self.new_outlets),
            "corrections": list(self.corrections),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Changes:
        return cls(
            since=data.get("since"),
            new_facts=tuple(data.get("new_facts", ())),
            stronger_facts=tuple(
                StrongerFact(f["statement"], f["before"], f["after"])
                for f in data.get("stronger_facts", ())
            ),
            new_conflicts=tuple(data.get("new_conflicts", ())),
            new_quotes=tuple(data.get("new_quotes", ())),
            new_outlets=tuple(data.get("new_outlets", ())),
            corrections=tuple(data.get("corrections", ())),
        )


def compare_dossiers(before: JsonDict | None, after: JsonDict, since: int | None) -> Changes:
    """What `after` adds to `before` (None: an empty dossier, so everything is new)."""
    earlier: JsonDict = before or {}
    new_facts, stronger = _fact_changes(earlier.get("facts", []), after.get("facts", []))
    return Changes(
        since=since,
        new_facts=new_facts,
        stronger_facts=stronger,
        new_conflicts=_new_conflicts(earlier.get("conflicts", []), after.get("conflicts", [])),
        new_quotes=_new_quotes(earlier.get("quotes", []), after.get("quotes", [])),
        new_outlets=_new_outlets(earlier.get("articles", []), after.get("articles", [])),
        corrections=_corrections(earlier.get("articles", []), after.get("articles", [])),
    )


def _said(text: str) -> str:
    return " ".join(text.lower().split())


def _supports(fact: Mapping[str, Any]) -> set[tuple[str, int, int]]:
    return {(s["article"], s["start"], s["end"]) for s in fact.get("support", ())}


def _fact_changes(
    before: Sequence[JsonDict], after: Sequence[JsonDict]
) -> tuple[tuple[str, ...], tuple[StrongerFact, ...]]:
    """New facts, and facts more independent outlets tell. Each earlier fact is the earlier
    self of one fact at most, the same words first: a sentence that now lines up with another
    fact does not hide that fact's news."""
    by_statement = {_said(f["statement"]): n for n, f in enumerate(before)}
    matched = {n: by_statement.get(_said(f["statement"])) for n, f in enumerate(after)}
    used = {old for old in matched.values() if old is not None}
    by_support: dict[tuple[str, int, int], int] = {}
    for n, fact in enumerate(before):
        by_support.update(dict.fromkeys(_supports(fact), n))
    new: list[str] = []
    stronger: list[StrongerFact] = []
    for n, fact in enumerate(after):
        old = matched[n]
        if old is None:
            shared = sorted(by_support[k] for k in _supports(fact) if k in by_support)
            old = next((o for o in shared if o not in used), None)
            if old is None:
                new.append(fact["statement"])
                continue
            used.add(old)
        was, now = before[old]["independent_outlets"], fact["independent_outlets"]
        if now > was:
            stronger.append(StrongerFact(fact["statement"], was, now))
    return tuple(new), tuple(stronger)


def _conflict_key(conflict: Mapping[str, Any]) -> tuple[str, frozenset[str]]:
    return conflict["kind"], frozenset(_said(str(v)) for v in conflict.get("values", ()))


def _new_conflicts(before: Sequence[JsonDict], after: Sequence[JsonDict]) -> tuple[str, ...]:
    known = {_conflict_key(c) for c in before}
    return tuple(c["summary"] for c in after if _conflict_key(c) not in known)


def _quote_words(quote: Mapping[str, Any]) -> set[str]:
    return {_said(quote["text"])} | {_said(v["text"]) for v in quote.get("variants", ())}


def _new_quotes(before: Sequence[JsonDict], after: Sequence[JsonDict]) -> tuple[str, ...]:
    known = set().union(*(_quote_words(q) for q in before)) if before else set()
    return tuple(q["text"] for q in after if not _quote_words(q) & known)


def _outlets(articles: Iterable[JsonDict]) -> list[str]:
    return [a["outlet"] for a in articles if a.get("outlet")]


def _new_outlets(before: Sequence[JsonDict], after: Sequence[JsonDict]) -> tuple[str, ...]:
    known = set(_outlets(before))
    return tuple(dict.fromkeys(o for o in _outlets(after) if o not in known))


def _corrections(before: Sequence[JsonDict], after: Sequence[JsonDict]) -> tuple[str, ...]:
    bodies = {a.get("url") or a["source"]: a.get("body") for a in before}
    return tuple(
        a.get("label") or a["source"]
        for a in after
        if (a.get("url") or a["source"]) in bodies
        and bodies[a.get("url") or a["source"]] != a.get("body")
    )
