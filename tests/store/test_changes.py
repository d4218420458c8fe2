"""What changed between two stored dossiers: facts matched by their words or their sentences,
conflicts by kind and values, quotes by any variant's words, outlets, corrections."""

from __future__ import annotations

from typing import Any

from crosswire.store.changes import Changes, StrongerFact, compare_dossiers


def fact(statement: str, outlets: int, *spans: tuple[str, int, int]) -> dict[str, Any]:
    support = [{"article": a, "start": s, "end": e} for a, s, e in spans]
    return {"statement": statement, "independent_outlets": outlets, "support": support}


def article(source: str, outlet: str, body: str, url: str | None = None) -> dict[str, Any]:
    return {"source": source, "url": url, "outlet": outlet, "body": body, "label": source}


BEFORE = {
    "articles": [article("a", "Harbour Wire", "Old text.", "https://hw.example/1")],
    "facts": [
        fact("The ferry was cancelled.", 1, ("a", 0, 10)),
        fact("The pier closed.", 1, ("a", 20, 30)),
    ],
    "conflicts": [{"kind": "number", "summary": "3 or 4 ferries?", "values": ["3", "4"]}],
    "quotes": [{"text": "We will rebuild", "variants": [{"text": "we will rebuild it"}]}],
}


def test_what_a_version_adds_is_told_once_each() -> None:
    after = {
        "articles": [
            article("a2", "Harbour Wire", "New text.", "https://hw.example/1"),
            article("b", "Dunmere Post", "Other."),
        ],
        "facts": [
            fact("the ferry  was cancelled.", 2, ("a", 0, 10), ("b", 0, 9)),
            fact("The pier was closed on Sunday.", 1, ("a", 20, 30)),
            fact("Passengers were stranded.", 1, ("a", 20, 30)),
        ],
        "conflicts": [
            {"kind": "number", "summary": "4 or 3 ferries?", "values": ["4", "3"]},
            {"kind": "date", "summary": "Sunday or Monday?", "values": ["Sunday", "Monday"]},
        ],
        "quotes": [
            {"text": "We will rebuild it", "variants": [{"text": "we will rebuild"}]},
            {"text": "Stay home", "variants": []},
        ],
    }

    changes = compare_dossiers(BEFORE, after, since=4)

    assert changes == Changes(
        since=4,
        new_facts=("Passengers were stranded.",),  # its sentence is the pier's, taken already
        stronger_facts=(StrongerFact("the ferry  was cancelled.", 1, 2),),
        new_conflicts=("Sunday or Monday?",),
        new_quotes=("Stay home",),
        new_outlets=("Dunmere Post",),
        corrections=("a2",),
    )
    assert Changes.from_dict(changes.to_dict()) == changes
    assert changes.lines()[:2] == ["New outlet: Dunmere Post", "Correction: a2"]


def test_against_nothing_everything_is_new_and_the_same_dossier_adds_nothing() -> None:
    everything = compare_dossiers(None, BEFORE, since=None)
    assert len(everything.new_facts) == 2 and everything.new_outlets == ("Harbour Wire",)
    same = compare_dossiers(BEFORE, BEFORE, since=1)
    assert same.empty and same.lines() == ["Nothing new."]
