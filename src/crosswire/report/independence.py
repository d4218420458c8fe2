"""Independence a reader can see: which of a fact's articles tell it, and which only repeat it.

A fact told by an article and by its rewrite rests on one outlet, not two. The fact table draws
the rewrite's dot as a copy (hollow, "rewrite of The Times of Israel, 9 Nov"), its status says
"1 independent outlet (+1 rewrite)", and the single-source list groups what one independent outlet
alone says under that outlet (its copies named with it). Works on the JSON view of a dossier
(`crosswire.report.dossier_json`) after `crosswire.report.naming.name_articles` labelled it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from crosswire.compare.derivation import independent_groups
from crosswire.model import Derivation

JsonDict = dict[str, Any]
PLURALS = {"copy": "copies", "rewrite": "rewrites"}


def add_independence(view: JsonDict) -> None:
    """Each fact's `cells` (per article, in order: its sentences there, and whether they only
    repeat another article's) and `independence` text; each derived article's `derived`
    (kind and what of); the view's `single_source` groups."""
    derivations = _derivations(view["derivations"])
    derived_from = {d.article: d for d in reversed(derivations)}  # the first given wins
    labels = {a["source"]: a["label"] for a in view["articles"]}
    for a in view["articles"]:
        d = derived_from.get(a["source"])
        a["derived"] = None if d is None else _derived(d, labels)
    for fact in view["facts"]:
        repeats = repeated(fact["articles"], derivations)
        fact["cells"] = [_cell(fact, a, repeats) for a in view["articles"]]
        kinds = Counter(_kind(derived_from.get(source)) for source in repeats)
        fact["independence"] = independence_text(fact["independent_outlets"], kinds)
        main, _, extra = fact["independence"].partition(" (")
        fact["independence_main"], fact["independence_extra"] = main, extra.rstrip(")")
        fact["outlets_class"] = "several" if fact["independent_outlets"] >= 2 else "one"
    view["single_source"] = single_source_groups(view, derivations)


def repeated(sources: Sequence[str], derivations: Sequence[Derivation]) -> list[str]:
    """The articles among `sources` that only repeat another of their independent group: all but
    one per group, the one kept being the first derived from none of the others here."""
    source_of = {d.article: d.derived_from for d in reversed(derivations)}  # the first wins
    out: list[str] = []
    for group in independent_groups(sources, derivations):
        members = [s for s in sources if s in group]
        kept = next((s for s in members if source_of.get(s) not in group), members[0])
        out.extend(s for s in members if s != kept)
    return out


def independence_text(independent: int, repeats: Mapping[str, int]) -> str:
    """ "2 independent outlets", "1 independent outlet (+1 rewrite)", "+2 copies", ..."""
    if independent < 1:
        return "no outlet"
    text = f"{independent} independent outlet{'' if independent == 1 else 's'}"
    extra = [
        f"+{n} {kind if n == 1 else PLURALS.get(kind, kind + 's')}"
        for kind, n in sorted(repeats.items())
        if n
    ]
    return f"{text} ({', '.join(extra)})" if extra else text


def single_source_groups(view: JsonDict, derivations: Sequence[Derivation]) -> list[JsonDict]:
    """What only one independent outlet says, grouped by that outlet: per group its `label`, its
    copies and rewrites (`repeats`, each a label and kind) and its `facts`, in article order."""
    sources = [a["source"] for a in view["articles"]]
    labels = {a["source"]: a["label"] for a in view["articles"]}
    kinds = {a["source"]: (a["derived"] or {}).get("kind") for a in view["articles"]}
    groups = independent_groups(sources, derivations)
    group_of = {source: n for n, group in enumerate(groups) for source in group}
    facts: dict[int, list[JsonDict]] = {}
    for fact in view["facts"]:
        if fact["independent_outlets"] == 1 and fact["articles"]:
            facts.setdefault(group_of.get(fact["articles"][0], -1), []).append(fact)
    out = []
    for n, group in enumerate(groups):
        if n not in facts:
            continue
        members = [s for s in sources if s in group]
        kept = [s for s in members if s not in repeated(members, derivations)]
        out.append(
            {
                "label": labels[kept[0]],
                "source": kept[0],
                "repeats": [
                    {"label": labels[s], "kind": kinds[s] or "copy"}
                    for s in members
                    if s != kept[0]
                ],
                "facts": facts[n],
            }
        )
    return out


def _cell(fact: JsonDict, article: JsonDict, repeats: Sequence[str]) -> JsonDict:
    """One article's cell of a fact's row: its sentences (each with a tooltip `tip`), and
    whether it only repeats another article (`repeat`, drawn as a hollow dot)."""
    repeat = article["source"] in repeats
    derived = article["derived"]
    note = f"{derived['text']}; " if repeat and derived else ""
    supports = [s for s in fact["support"] if s["article"] == article["source"]]
    for s in supports:
        said = f"{s['status']}: {s['source']}" if s.get("source") else s["status"]
        s["tip"] = f"{article['label']}: {note}{said}"
    return {"supports": supports, "repeat": repeat, "dot": "○" if repeat else "●"}


def _derived(d: Derivation, labels: Mapping[str, str]) -> JsonDict:
    of = labels.get(d.derived_from, "an article not in this dossier")
    return {"kind": d.kind, "of": of, "text": f"{d.kind} of {of}"}


def _kind(d: Derivation | None) -> str:
    return d.kind if d is not None else "copy"


def _derivations(items: Sequence[Mapping[str, Any]]) -> list[Derivation]:
    return [
        Derivation(str(d["article"]), str(d["derived_from"]), str(d["kind"]), float(d["score"]))
        for d in items
        if d.get("article") != d.get("derived_from")
    ]
