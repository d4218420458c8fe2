"""Inline SVG charts: well-formed, escaped, and drawing what the dossier says."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.report.dossier_json import dossier_to_dict
from crosswire.report.svg import (
    AXIS_LEFT,
    CHAR_W,
    CHART_EVENTS,
    LABEL_RIGHT,
    derivation_svg,
    timeline_svg,
)
from tests.conftest import story_dossier

NS = "{http://www.w3.org/2000/svg}"
EVIL = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
SVG_TAGS = {"svg", "g", "title", "rect", "circle", "text", "line", "polygon"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def tags(root: ET.Element) -> list[str]:
    return [el.tag.removeprefix(NS) for el in root.iter()]


def event(id_: str, start: str, end: str, what: str = "it happened") -> dict[str, Any]:
    return {"id": id_, "start": start, "end": end, "value": start, "what": what}


def article(source: str, date: str | None, estimated: bool = False) -> dict[str, Any]:
    publication = {"value": date, "estimated": estimated, "evidence": ""}
    return {"source": source, "outlet": f"{source} outlet", "publication": publication}


def test_timeline_draws_days_as_dots_intervals_as_bars_and_publications_as_markers() -> None:
    events = [event("T1", "2031-03-03", "2031-03-03"), event("T2", "2031-03-20", "2031-06-20")]
    pubs = [article("a.txt", "2031-03-04T10:00"), article("b.txt", "2031-03-05", True)]
    root = parse(timeline_svg(events, pubs))
    assert tags(root).count("circle") == 1
    bars = [r for r in root.iter(f"{NS}rect") if r.get("class") == "interval"]
    assert len(bars) == 1 and float(bars[0].get("width", "0")) > 100
    groups = [g.get("class") for g in root.iter(f"{NS}g")]
    assert groups.count("pub") == 1 and groups.count("pub estimated") == 1
    texts = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert "(est.)" in texts and "2031-03-04" in texts


def test_timeline_places_later_dates_further_right() -> None:
    events = [event("T1", "2031-05-01", "2031-05-01"), event("T2", "2031-01-01", "2031-01-01")]
    root = parse(timeline_svg(events, []))
    xs = [float(c.get("cx", "0")) for c in root.iter(f"{NS}circle")]
    assert xs[0] > xs[1]


def test_timeline_skips_undated_and_is_empty_without_dates() -> None:
    assert timeline_svg([event("T1", "someday", "")], [article("a", None)]) == ""
    root = parse(timeline_svg([event("T1", "bad", "bad"), event("T2", "2031-01-01", "x")], []))
    assert tags(root).count("circle") == 1


def test_derivation_graph_draws_nodes_arrows_and_independent_groups() -> None:
    view = dossier_to_dict(story_dossier())
    root = parse(derivation_svg(view["articles"], view["derivations"]))
    assert sum(1 for g in root.iter(f"{NS}g") if g.get("class") == "node") == 3
    edges = [g for g in root.iter(f"{NS}g") if g.get("class") == "edge"]
    assert len(edges) == 1
    assert "copy 0.93" in "".join(edges[0].itertext())
    assert sum(1 for g in root.iter(f"{NS}g") if g.get("class") == "band") == 2


def test_derivation_graph_survives_cycles_self_loops_and_unknown_articles() -> None:
    arts: list[dict[str, Any]] = [{"source": "a", "outlet": None}, {"source": "b", "outlet": "B"}]
    derivations = [
        {"article": "a", "derived_from": "b", "kind": "copy", "score": 0.9},
        {"article": "b", "derived_from": "a", "kind": "copy", "score": 0.8},
        {"article": "a", "derived_from": "a", "kind": "copy", "score": 1.0},
        {"article": "a", "derived_from": "zzz", "kind": "rewrite", "score": 0.5},
    ]
    root = parse(derivation_svg(arts, derivations))
    assert sum(1 for g in root.iter(f"{NS}g") if g.get("class") == "edge") == 2
    assert derivation_svg([], derivations) == ""


def test_svg_text_is_escaped() -> None:
    arts = [article(EVIL, "2031-01-02", True) | {"outlet": EVIL}, article("b", "2031-01-03")]
    derivations = [{"article": "b", "derived_from": EVIL, "kind": EVIL, "score": 0.5}]
    for svg in (
        timeline_svg([event(EVIL, "2031-01-01", "2031-01-04", EVIL)], arts),
        derivation_svg(arts, derivations),
    ):
        assert "<script" not in svg and "<img" not in svg
        root = parse(svg)
        assert set(tags(root)) <= SVG_TAGS
        assert any("<script>" in (t.text or "") for t in root.iter())


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60), st.text(max_size=30), st.dates(), st.dates())
def test_any_label_yields_well_formed_svg(what: str, source: str, first: Any, last: Any) -> None:
    what = "".join(c for c in what if c.isprintable())  # XML 1.0 forbids most control characters
    source = "".join(c for c in source if c.isprintable())
    start, end = sorted([first.isoformat(), last.isoformat()])
    arts = [article(source, end), article(source + "x", start, True)]
    derivations = [{"article": source + "x", "derived_from": source, "kind": what, "score": 0.1}]
    for svg in (
        timeline_svg([event("T1", start, end, what)], arts),
        derivation_svg(arts, derivations),
    ):
        assert set(tags(parse(svg))) <= SVG_TAGS


def text_ends(root: ET.Element) -> list[float]:
    """Where each <text> ends at the widest a character is taken to be (start-anchored ones)."""
    return [
        float(t.get("x", "0")) + len(t.text or "") * CHAR_W
        for t in root.iter(f"{NS}text")
        if t.get("text-anchor") != "middle"
    ]


def test_timeline_labels_fit_inside_the_chart_left_of_the_axis() -> None:
    long_what = "The harbour master counted the ships at anchor off Saltmere again " * 3
    events = [event("T1", "2031-03-03", "2031-03-03", long_what),
              event("T2", "2031-03-04", "2031-06-30", long_what)]  # fmt: skip
    pubs = [article("a.txt", "2031-06-30", True) | {"label": "The Northshore Gazette, 30 Jun"}]
    root = parse(timeline_svg(events, pubs))
    labels = [t for t in root.iter(f"{NS}text") if t.get("class") != "tick-label"]
    assert len(labels) == 3
    assert all(end <= LABEL_RIGHT for end in text_ends(root)[:3])
    marks = [float(c.get("cx", "0")) for c in root.iter(f"{NS}circle")]
    assert marks and min(marks) >= AXIS_LEFT
    assert "published: The Northshore Gazette, 30 Jun (est.)" in "".join(root.itertext())


def test_timeline_draws_the_most_told_events_and_says_how_many_are_left_out() -> None:
    def told_by(n: int, day: int) -> dict[str, Any]:
        support = [{"article": f"{k}.txt"} for k in range(n)]
        return event(f"T{day}", f"2031-01-{day:02d}", f"2031-01-{day:02d}") | {"support": support}

    events = [told_by(1, d) for d in range(1, 29)] + [told_by(3, 29), told_by(2, 30)]
    events += [told_by(1, 31)] * 5
    root = parse(timeline_svg(events, []))
    drawn = [g for g in root.iter(f"{NS}g") if g.get("class") == "tl-event"]
    assert len(drawn) == CHART_EVENTS
    assert any("T29 " in "".join(g.itertext()) for g in drawn)
    assert "5 more are in the table" in "".join(root.itertext())


def test_derivation_graph_names_articles_by_label_and_keeps_paths_out() -> None:
    arts = [
        {
            "source": "/tmp/some/dir/page_0001.txt",
            "label": "Harbour Wire, 4 Mar",
            "title": "Cranes",
        },
        {"source": "/tmp/some/dir/page_0002.txt", "label": "Coastline Review, 5 Mar"},
    ]
    derivations = [{"article": arts[1]["source"], "derived_from": arts[0]["source"],
                    "kind": "rewrite", "score": 0.8}]  # fmt: skip
    svg = derivation_svg(arts, derivations)
    assert "/tmp/some" not in svg and "page_000" not in svg
    root = parse(svg)
    text = "".join(root.itertext())
    assert "Harbour Wire, 4 Mar" in text and "Coastline Review, 5 Mar is a rewrite of" in text
    assert all(end <= float(root.get("width", "0")) for end in text_ends(root))


def test_unrelated_articles_share_one_band_in_a_grid() -> None:
    arts = [{"source": f"{n}.txt", "label": f"Outlet {n}, 4 Mar"} for n in range(30)]
    root = parse(derivation_svg(arts, []))
    bands = [g for g in root.iter(f"{NS}g") if g.get("class") == "band"]
    assert len(bands) == 1 and "30 more independent sources" in "".join(bands[0].itertext())
    assert float(root.get("height", "0")) < 30 * 40 / 2
