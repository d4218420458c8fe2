"""The dossier's summary: the story in a few lines, each naming the outlets that tell it.

First the claim the most independent outlets carry, then the other best-corroborated claims, then
the main disagreement. Each line ends with its outlets, a copy or rewrite named with the outlet it
was taken from ("— Harbour Wire (and Velmora Courier's rewrite), Northshore Gazette"), so that a
reader sees at once how many independent outlets stand behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crosswire.compare.derivation import independent_groups
from crosswire.model import Conflict, Derivation, Fact, FactStatus

SUMMARY_FACTS = 5  # fact lines in the summary
DISAGREEMENT = "Outlets disagree: "
UNNAMED = "an unnamed outlet"


def summarise(
    facts: Sequence[Fact],
    *,
    conflicts: Sequence[Conflict] = (),
    derivations: Sequence[Derivation] = (),
    names: Mapping[str, str] | None = None,
    limit: int = SUMMARY_FACTS,
) -> tuple[str, ...]:
    """The best-corroborated, uncontested facts' statements with their outlets, then the main
    conflict (the one the most independent outlets stand in). When fewer than `limit` facts are
    corroborated, uncontested facts that several articles carry (a rewrite and its source count
    as one outlet, but both tell it) fill the lines. `names` names an article whose support has
    no outlet (by source; never a path)."""
    lines = [
        f"{fact.statement} — {outlets_behind(fact, derivations, names)}"
        for fact in _ranked(facts)[:limit]
    ]
    if conflicts:
        lines.append(DISAGREEMENT + main_conflict(conflicts, derivations).summary)
    return tuple(lines)


def main_conflict(conflicts: Sequence[Conflict], derivations: Sequence[Derivation]) -> Conflict:
    """The conflict the most independent outlets take part in (four outlets' ship counts before
    two outlets' striker counts); ties go to the first."""

    def outlets(conflict: Conflict) -> int:
        sources = list(dict.fromkeys(s.article for s in (*conflict.side_a, *conflict.side_b)))
        return len(independent_groups(sources, derivations))

    return max(conflicts, key=outlets)  # max keeps the first of equals


def _ranked(facts: Sequence[Fact]) -> list[Fact]:
    agreed = [f for f in facts if f.status is FactStatus.CORROBORATED]
    uncontested = [f for f in facts if f.status is not FactStatus.CONTESTED]
    repeated = [f for f in uncontested if f not in agreed and len(f.articles) > 1]
    pool = (agreed + repeated) or uncontested
    # A clause cut from a sentence ("after the talks collapsed, ...") reads badly as a summary
    # line: clauses come after every whole sentence of the pool.
    order = {id(f): n for n, f in enumerate(facts)}  # facts come most corroborated first
    return sorted(
        pool,
        key=lambda f: (
            f.statement[:1].islower(),
            -f.independent_outlets,
            -len(f.articles),
            order[id(f)],
        ),
    )


def outlets_behind(
    fact: Fact, derivations: Sequence[Derivation], names: Mapping[str, str] | None = None
) -> str:
    """The fact's outlets, one entry per independent outlet: "Harbour Wire (and Velmora
    Courier's rewrite), Northshore Gazette"."""
    names = names or {}
    outlet = {s.article: s.outlet or names.get(s.article, UNNAMED) for s in fact.support}
    taken = {d.article: d for d in derivations}
    entries = []
    for group in independent_groups(list(outlet), derivations):
        ordered = [s for s in outlet if s in group]
        first = next((s for s in ordered if s not in taken), ordered[0])
        told = [outlet[first]]
        for source in ordered:
            if source == first or outlet[source] in told:
                continue
            kind = taken[source].kind if source in taken else "copy"
            told.append(f"{outlet[source]}'s {kind}")
        extra = f" (and {', '.join(told[1:])})" if len(told) > 1 else ""
        entries.append(told[0] + extra)
    return ", ".join(entries)
