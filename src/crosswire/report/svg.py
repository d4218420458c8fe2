"""Inline SVG charts for the HTML dossier: the timeline and the source derivation graph.

Both take the dossier's JSON dicts (`crosswire.report.dossier_json`) and return `Markup`: an `<svg>`
element with no scripts, no external references and every piece of page text escaped. A chart
with nothing to draw is the empty string, so the template can say so in words.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

JsonDict = Mapping[str, Any]

WIDTH = 760  # px; the page's content width
LABEL_CHARS = 48  # longer labels are cut (the full text is in the <title> tooltip and the table)
ROW = 22  # px per timeline row
AXIS_LEFT, AXIS_RIGHT = 40, 560  # the date axis; labels run on to the right edge
NODE_W, NODE_H, COL_GAP, ROW_GAP = 170, 34, 70, 14
ARROW = 8  # px, arrowhead length
BAND_HEAD = 20  # px above a group's nodes, for its label


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _day(value: object) -> date | None:
    """The calendar day an ISO date or date-time string starts with, or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _svg(width: int, height: int, label: str, body: Sequence[Markup]) -> Markup:
    head = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
    ).format(w=width, h=height, label=label)
    return head + Markup("").join(body) + Markup("</svg>")


# ---------------------------------------------------------------- timeline


@dataclass(frozen=True, slots=True)
class _Scale:
    first: date
    last: date

    def x(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        return AXIS_LEFT + (AXIS_RIGHT - AXIS_LEFT) * (day - self.first).days / span


def timeline_svg(events: Sequence[JsonDict], articles: Sequence[JsonDict]) -> Markup:
    """Events on a date axis (intervals as bars), the articles' publication dates as markers."""
    dated = [(e, _day(e.get("start")), _day(e.get("end"))) for e in events]
    rows = [(e, s, max(s, t or s)) for e, s, t in dated if s is not None]
    pubs = [(a, _day((a.get("publication") or {}).get("value"))) for a in articles]
    pub_days = [(a, d) for a, d in pubs if d is not None]
    days = [d for _, s, t in rows for d in (s, t)] + [d for _, d in pub_days]
    if not days:
        return Markup("")
    scale = _Scale(min(days) - timedelta(days=1), max(days) + timedelta(days=1))
    body: list[Markup] = []
    for i, (event, start, end) in enumerate(rows):
        body.append(_event_mark(event, start, end, 10 + i * ROW, scale))
    axis_y = 10 + len(rows) * ROW + 8
    body.extend(_axis(scale, axis_y))
    for i, (article, day) in enumerate(pub_days):
        body.append(_publication_mark(article, day, axis_y + 24 + i * ROW, scale))
    height = axis_y + 24 + len(pub_days) * ROW + 6
    return _svg(WIDTH, height, "Timeline of events and publication dates", body)


def _event_mark(event: JsonDict, start: date, end: date, y: int, scale: _Scale) -> Markup:
    x0, x1 = scale.x(start), scale.x(end)
    label = f"{event.get('id', '')} {event.get('what', '')}"
    tip = f"{event.get('value', '')}: {event.get('what', '')}"
    if end > start:
        mark = Markup(
            '<rect class="interval" x="{x:.1f}" y="{y}" width="{w:.1f}" height="10" rx="3"/>'
        ).format(x=x0, y=y, w=max(x1 - x0, 2.0))
    else:
        mark = Markup('<circle class="event" cx="{x:.1f}" cy="{y}" r="5"/>').format(x=x0, y=y + 5)
    text = Markup('<text x="{x:.1f}" y="{y}">{label}</text>').format(
        x=max(x0, x1) + 8, y=y + 9, label=_cut(label)
    )
    return Markup('<g class="tl-event"><title>{tip}</title>{mark}{text}</g>').format(
        tip=tip, mark=mark, text=text
    )


def _axis(scale: _Scale, y: int) -> list[Markup]:
    out = [
        Markup('<line class="axis" x1="{a}" y1="{y}" x2="{b}" y2="{y}"/>').format(
            a=AXIS_LEFT, b=AXIS_RIGHT, y=y
        )
    ]
    total = (scale.last - scale.first).days
    ticks = sorted({scale.first + timedelta(days=round(total * k / 4)) for k in range(5)})
    for day in ticks:
        x = scale.x(day)
        out.append(
            Markup(
                '<line class="tick" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y2}"/>'
                '<text class="tick-label" x="{x:.1f}" y="{ty}" text-anchor="middle">{d}</text>'
            ).format(x=x, y=y, y2=y + 4, ty=y + 15, d=day.isoformat())
        )
    return out


def _publication_mark(article: JsonDict, day: date, y: int, scale: _Scale) -> Markup:
    estimated = bool((article.get("publication") or {}).get("estimated"))
    x = scale.x(day)
    name = article.get("outlet") or article.get("source") or ""
    note = " (estimated)" if estimated else ""
    points = f"{x:.1f},{y - 6} {x + 6:.1f},{y} {x:.1f},{y + 6} {x - 6:.1f},{y}"
    return Markup(
        '<g class="{cls}"><title>{tip}</title><polygon points="{p}"/>'
        '<text x="{tx:.1f}" y="{ty}">published: {label}</text></g>'
    ).format(
        cls="pub estimated" if estimated else "pub",
        tip=f"{article.get('source', '')}: published {day.isoformat()}{note}",
        p=points,
        tx=x + 10,
        ty=y + 4,
        label=_cut(f"{name} {day.isoformat()}{note}"),
    )


# ---------------------------------------------------------------- derivation graph


def derivation_svg(articles: Sequence[JsonDict], derivations: Sequence[JsonDict]) -> Markup:
    """Articles as nodes in their independent groups; arrows source → derived article."""
    sources = list(dict.fromkeys(str(a.get("source", "")) for a in articles))
    if not sources:
        return Markup("")
    edges = [
        d
        for d in derivations
        if d.get("article") in sources
        and d.get("derived_from") in sources
        and d.get("article") != d.get("derived_from")
    ]
    layout = _layout(sources, edges)
    names = {str(a.get("source", "")): a.get("outlet") or a.get("source") or "" for a in articles}
    width = max(300, max(x for x, _ in layout.positions.values()) + NODE_W + 20)
    body = [_band(n, top, h, width) for n, (top, h) in enumerate(layout.bands, 1)]
    body.extend(_edge(d, layout.positions) for d in edges)
    body.extend(_node(s, names[s], layout.positions[s]) for s in sources)
    return _svg(width, layout.height, "Which article derives from which", body)


def _arrowhead(x1: float, y1: float, x2: float, y2: float) -> Markup:
    """A filled arrowhead at (x2, y2) pointing along the line (drawn, not a url() marker)."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * ARROW, y2 - uy * ARROW
    left = (bx - uy * ARROW / 2, by + ux * ARROW / 2)
    right = (bx + uy * ARROW / 2, by - ux * ARROW / 2)
    points = f"{x2:.1f},{y2:.1f} {left[0]:.1f},{left[1]:.1f} {right[0]:.1f},{right[1]:.1f}"
    return Markup('<polygon class="head" points="{p}"/>').format(p=points)


@dataclass(frozen=True, slots=True)
class _Layout:
    positions: dict[str, tuple[int, int]]  # top-left corner of each article's node
    bands: list[tuple[int, int]]  # (top, height) of each independent group's band
    height: int


def _layout(sources: list[str], edges: Sequence[JsonDict]) -> _Layout:
    """Each independent group a band of rows; within it, a column per derivation depth."""
    parents: dict[str, list[str]] = {s: [] for s in sources}
    for d in edges:
        parents[d["article"]].append(d["derived_from"])
    depth = _depths(sources, parents)
    positions: dict[str, tuple[int, int]] = {}
    bands: list[tuple[int, int]] = []
    y = 4
    for group in _groups(sources, parents):
        taken: dict[int, int] = {}
        for source in group:
            row = taken.get(depth[source], 0)
            taken[depth[source]] = row + 1
            x = 14 + depth[source] * (NODE_W + COL_GAP)
            positions[source] = (x, y + BAND_HEAD + row * (NODE_H + ROW_GAP))
        height = BAND_HEAD + max(taken.values()) * (NODE_H + ROW_GAP)
        bands.append((y, height))
        y += height + ROW_GAP // 2
    return _Layout(positions, bands, y)


def _band(number: int, top: int, height: int, width: int) -> Markup:
    return Markup(
        '<g class="band"><rect class="group" x="4" y="{y}" width="{w}" height="{h}" rx="6"/>'
        '<text class="group-label" x="12" y="{ty}">independent source {n}</text></g>'
    ).format(y=top, w=width - 8, h=height, ty=top + 14, n=number)


def _depths(sources: list[str], parents: Mapping[str, list[str]]) -> dict[str, int]:
    """Each article's column: the longest chain of derivations above it (cycles cut)."""
    depth: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(source: str) -> int:
        if source in depth:
            return depth[source]
        if source in visiting:  # a cycle in bad input: stop climbing
            return 0
        visiting.add(source)
        depth[source] = max((visit(p) + 1 for p in parents.get(source, [])), default=0)
        visiting.discard(source)
        return depth[source]

    for source in sources:
        visit(source)
    return depth


def _groups(sources: list[str], parents: Mapping[str, list[str]]) -> list[list[str]]:
    group_of = {s: s for s in sources}

    def root(s: str) -> str:
        while group_of[s] != s:
            s = group_of[s]
        return s

    for child, ups in parents.items():
        for up in ups:
            a, b = root(child), root(up)
            if a != b:
                group_of[max(a, b, key=sources.index)] = min(a, b, key=sources.index)
    groups: dict[str, list[str]] = {}
    for s in sources:
        groups.setdefault(root(s), []).append(s)
    return list(groups.values())


def _node(source: str, name: str, at: tuple[int, int]) -> Markup:
    x, y = at
    return Markup(
        '<g class="node"><title>{source}</title>'
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5"/>'
        '<text x="{tx}" y="{ty}">{name}</text></g>'
    ).format(source=source, x=x, y=y, w=NODE_W, h=NODE_H, tx=x + 8, ty=y + 21, name=_cut(name, 24))


def _edge(d: JsonDict, positions: Mapping[str, tuple[int, int]]) -> Markup:
    (fx, fy), (tx, ty) = positions[d["derived_from"]], positions[d["article"]]
    x1, y1 = fx + NODE_W, fy + NODE_H // 2
    x2, y2 = tx, ty + NODE_H // 2
    if tx <= fx:  # same column (bad input or a cycle): go from bottom to top edge instead
        x1, y1, x2, y2 = fx + NODE_W // 2, fy + NODE_H, tx + NODE_W // 2, ty
    score = d.get("score")
    label = (
        f"{d.get('kind', '')} {score:.2f}"
        if isinstance(score, float | int)
        else str(d.get("kind", ""))
    )
    return Markup(
        '<g class="edge"><title>{tip}</title>'
        '<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>{head}'
        '<text x="{mx}" y="{my}" text-anchor="middle">{label}</text></g>'
    ).format(
        tip=f"{d['article']} derived from {d['derived_from']}",
        x1=x1, y1=y1, x2=x2, y2=y2, head=_arrowhead(x1, y1, x2, y2),
        mx=(x1 + x2) // 2, my=(y1 + y2) // 2 - 5,
        label=label,
    )  # fmt: skip
