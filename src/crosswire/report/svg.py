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

WIDTH = 780  # px; the page's content width
CHAR_W = 6.6  # px, a generous mean width of an 11px sans-serif character (labels must fit)
ROW = 22  # px per timeline row
# Labels have a column of their own left of the date axis, so none runs off the chart's edge;
# the axis leaves room for its end ticks' dates (centred on them) inside the chart.
LABEL_LEFT, LABEL_RIGHT = 6, 372
AXIS_LEFT, AXIS_RIGHT = 404, WIDTH - 40
LABEL_CHARS = int((LABEL_RIGHT - LABEL_LEFT) / CHAR_W)  # longer labels are cut (full: tooltip)
NODE_W, NODE_H, COL_GAP, ROW_GAP = 170, 34, 70, 14
NODE_W_MAX = 300  # px; a node widens to its article's label up to this
CHART_EVENTS = 30  # events drawn at most: those the most articles tell (the table has them all)
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
    left_out = max(len(rows) - CHART_EVENTS, 0)
    if left_out:
        told = sorted(range(len(rows)), key=lambda i: (-_tellers(rows[i][0]), i))
        kept = set(told[:CHART_EVENTS])
        rows = [row for i, row in enumerate(rows) if i in kept]
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
    if left_out:
        body.append(
            Markup('<text class="tick-label" x="{x}" y="{y}">The chart draws the {k} events '
                   "the most articles tell; {n} more are in the table.</text>").format(
                x=LABEL_LEFT, y=height + 6, n=left_out, k=CHART_EVENTS)
        )  # fmt: skip
        height += 16
    return _svg(WIDTH, height, "Timeline of events and publication dates", body)


def _tellers(event: JsonDict) -> int:
    """How many articles tell an event."""
    return len({s.get("article") for s in event.get("support") or ()})


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
    text = Markup('<text x="{x}" y="{y}">{label}</text>').format(
        x=LABEL_LEFT, y=y + 9, label=_cut(label)
    )
    return Markup('<g class="tl-event"><title>{tip}</title>{guide}{mark}{text}</g>').format(
        tip=tip, guide=_guide(y + 5, x0), mark=mark, text=text
    )


def _guide(y: int, x: float) -> Markup:
    """A faint line from the label column to a row's mark, so the eye finds the label's mark."""
    return Markup('<line class="guide" x1="{a}" y1="{y}" x2="{b:.1f}" y2="{y}"/>').format(
        a=LABEL_RIGHT + 4, b=x - 7, y=y
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
    name = article.get("label") or f"{article.get('outlet') or 'article'} {day.isoformat()}"
    note = " (estimated)" if estimated else ""
    short_note = " (est.)" if estimated else ""  # the hollow marker shows it too
    points = f"{x:.1f},{y - 6} {x + 6:.1f},{y} {x:.1f},{y + 6} {x - 6:.1f},{y}"
    return Markup(
        '<g class="{cls}"><title>{tip}</title>{guide}<polygon points="{p}"/>'
        '<text x="{tx}" y="{ty}">{label}</text></g>'
    ).format(
        cls="pub estimated" if estimated else "pub",
        tip=f"{name}: published {day.isoformat()}{note}",
        guide=_guide(y, x),
        p=points,
        tx=LABEL_LEFT,
        ty=y + 4,
        label=_cut(f"published: {name}{short_note}"),
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
    names = {
        str(a.get("source", "")): str(a.get("label") or a.get("outlet") or f"Article {n}")
        for n, a in enumerate(articles, 1)
    }
    titles = {str(a.get("source", "")): str(a.get("title") or "") for a in articles}
    node_w = min(NODE_W_MAX, max(NODE_W, round(max(map(len, names.values())) * CHAR_W) + 16))
    layout = _layout(sources, edges, node_w)
    width = max(300, max(x for x, _ in layout.positions.values()) + node_w + 20)
    body = [_band(label, top, h, width) for label, top, h in layout.bands]
    body.extend(_edge(d, layout.positions, names, node_w) for d in edges)
    body.extend(_node(names[s], titles[s], layout.positions[s], node_w) for s in sources)
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
    bands: list[tuple[str, int, int]]  # (label, top, height) of each band of the chart
    height: int


def _layout(sources: list[str], edges: Sequence[JsonDict], node_w: int) -> _Layout:
    """Each independent group of several articles a band of rows, within it a column per
    derivation depth; the articles nothing was copied from or into share one band, in a grid
    (thirty unrelated articles would otherwise make thirty bands)."""
    parents: dict[str, list[str]] = {s: [] for s in sources}
    for d in edges:
        parents[d["article"]].append(d["derived_from"])
    depth = _depths(sources, parents)
    groups = _groups(sources, parents)
    linked = [g for g in groups if len(g) > 1]
    alone = [g[0] for g in groups if len(g) == 1]
    positions: dict[str, tuple[int, int]] = {}
    bands: list[tuple[str, int, int]] = []
    y = 4
    for n, group in enumerate(linked if len(alone) > 1 else groups, 1):
        taken: dict[int, int] = {}
        for source in group:
            row = taken.get(depth[source], 0)
            taken[depth[source]] = row + 1
            x = 14 + depth[source] * (node_w + COL_GAP)
            positions[source] = (x, y + BAND_HEAD + row * (NODE_H + ROW_GAP))
        height = BAND_HEAD + max(taken.values()) * (NODE_H + ROW_GAP)
        bands.append((f"independent source {n}", y, height))
        y += height + ROW_GAP // 2
    if len(alone) > 1:
        columns = max(2, (WIDTH - 20) // (node_w + ROW_GAP))
        for i, source in enumerate(alone):
            row, column = divmod(i, columns)
            top = y + BAND_HEAD + row * (NODE_H + ROW_GAP)
            positions[source] = (14 + column * (node_w + ROW_GAP), top)
        height = BAND_HEAD + -(-len(alone) // columns) * (NODE_H + ROW_GAP)
        label = f"{len(alone)} more independent sources (no copy or rewrite found)"
        bands.append((label, y, height))
        y += height + ROW_GAP // 2
    return _Layout(positions, bands, y)


def _band(label: str, top: int, height: int, width: int) -> Markup:
    return Markup(
        '<g class="band"><rect class="group" x="4" y="{y}" width="{w}" height="{h}" rx="6"/>'
        '<text class="group-label" x="12" y="{ty}">{label}</text></g>'
    ).format(y=top, w=width - 8, h=height, ty=top + 14, label=label)


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


def _node(name: str, title: str, at: tuple[int, int], width: int) -> Markup:
    x, y = at
    return Markup(
        '<g class="node"><title>{tip}</title>'
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5"/>'
        '<text x="{tx}" y="{ty}">{name}</text></g>'
    ).format(
        tip=f"{name}: {title}" if title else name,
        x=x, y=y, w=width, h=NODE_H, tx=x + 8, ty=y + 21,
        name=_cut(name, int((width - 16) / CHAR_W)),
    )  # fmt: skip


def _edge(
    d: JsonDict, positions: Mapping[str, tuple[int, int]], names: Mapping[str, str], node_w: int
) -> Markup:
    (fx, fy), (tx, ty) = positions[d["derived_from"]], positions[d["article"]]
    x1, y1 = fx + node_w, fy + NODE_H // 2
    x2, y2 = tx, ty + NODE_H // 2
    if tx <= fx:  # same column (bad input or a cycle): go from bottom to top edge instead
        x1, y1, x2, y2 = fx + node_w // 2, fy + NODE_H, tx + node_w // 2, ty
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
        tip=f"{names[d['article']]} is a {d.get('kind', 'copy')} of {names[d['derived_from']]}",
        x1=x1, y1=y1, x2=x2, y2=y2, head=_arrowhead(x1, y1, x2, y2),
        mx=(x1 + x2) // 2, my=(y1 + y2) // 2 - 5,
        label=label,
    )  # fmt: skip
