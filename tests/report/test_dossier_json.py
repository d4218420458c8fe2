"""The dossier as JSON: every item with its provenance, valid against docs/dossier.schema.json
(on the hand-built `story_dossier()` of tests/conftest.py, and on generated dossiers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.model import (
    Actor,
    Annotations,
    Conflict,
    ConflictKind,
    Dossier,
    Fact,
    FactStatus,
    LedgerQuote,
    QuoteKind,
    QuoteVariant,
    Span,
    Support,
    TimelineEvent,
    VariantKind,
)
from crosswire.report.dossier_json import dossier_to_dict
from tests.conftest import DOSSIER_SCHEMA, empty_dossier, paragraphed_article, story_dossier


def provenance_items(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in the output that names an article and a span of it."""
    if isinstance(node, dict):
        if {"article", "start", "end", "text"} <= node.keys():
            yield node
        for value in node.values():
            yield from provenance_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from provenance_items(value)


def test_dossier_serialises_and_validates() -> None:
    out = dossier_to_dict(story_dossier())
    jsonschema.validate(out, DOSSIER_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out


def test_dossier_fields() -> None:
    out = dossier_to_dict(story_dossier())
    assert [a["source"] for a in out["articles"]][1] == "https://post.example/bridge"
    assert out["articles"][2]["publication"] == {
        "value": "2031-03-04",
        "estimated": True,
        "evidence": "from the story's other dates",
    }
    assert out["articles"][0]["body"] == story_dossier().articles[0].text
    f2 = out["facts"][1]
    assert f2["status"] == "contested" and f2["independent_outlets"] == 2
    assert f2["articles"] == ["gazette.txt", "https://post.example/bridge", "wire.txt"]
    assert f2["support"][1]["status"] == "unconfirmed" and f2["support"][1]["source"] == "officials"
    conflict = out["conflicts"][0]
    assert conflict["values"] == ["14", "16"]
    assert [len(side) for side in conflict["sides"]] == [2, 1]
    quote = out["quotes"][0]
    assert quote["outlets"] == ["Harbor Gazette", "Valdren Post"]
    assert quote["variants"][1]["kind"] == "truncated"
    assert quote["variants"][1]["sentence"]["text"].startswith("Varga told reporters")
    assert out["derivations"][0]["derived_from"] == "gazette.txt"
    assert out["actors"][0]["statements"][0]["article"] == "gazette.txt"
    assert out["failures"] == [{"source": "missing.html", "error": "no such file"}]


def test_every_item_carries_provenance_into_its_article() -> None:
    out = dossier_to_dict(story_dossier())
    bodies = {a["source"]: a["body"] for a in out["articles"]}
    items = list(provenance_items(out))
    assert len(items) >= 15
    for item in items:
        assert bodies[item["article"]][item["start"] : item["end"]] == item["text"]


def test_annotated_articles_keep_their_annotations() -> None:
    story = story_dossier()
    gazette = story.articles[0]
    sentence = Span(0, gazette.text.index("\n"))
    annotated = replace(gazette, annotations=Annotations(sentences=(sentence,)))
    out = dossier_to_dict(replace(story, articles=(annotated, *story.articles[1:])))
    jsonschema.validate(out, DOSSIER_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert out["articles"][0]["sentences"][0]["text"] == gazette.text.split("\n")[0]
    assert "sentences" not in out["articles"][1]


def test_empty_dossier_validates() -> None:
    out = dossier_to_dict(empty_dossier())
    jsonschema.validate(out, DOSSIER_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert out["facts"] == [] and out["notes"] == ["no articles"]


def test_schema_rejects_a_support_without_provenance() -> None:
    out = dossier_to_dict(story_dossier())
    del out["facts"][0]["support"][0]["start"]
    validator = jsonschema.Draft202012Validator(DOSSIER_SCHEMA)
    assert not validator.is_valid(out)


@st.composite
def generated_dossiers(draw: st.DrawFn) -> Dossier:
    """Articles of arbitrary text; facts, quotes and events on arbitrary spans of them."""
    texts = draw(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=3))
    outlets = draw(st.lists(st.none() | st.text(), min_size=len(texts), max_size=len(texts)))
    articles = [
        paragraphed_article(f"s{i}.txt", text, outlet, text)
        for i, (text, outlet) in enumerate(zip(texts, outlets, strict=True))
    ]

    def spans() -> tuple[Support, ...]:
        out = []
        for _ in range(draw(st.integers(0, 3))):
            a = draw(st.sampled_from(articles))
            start = draw(st.integers(0, len(a.text)))
            end = draw(st.integers(start, len(a.text)))
            out.append(Support(a.source, a.outlet.value, Span(start, end), a.text[start:end]))
        return tuple(out)

    facts = tuple(
        Fact(f"F{i}", "s", spans(), 1, FactStatus.SINGLE_SOURCE)
        for i in range(draw(st.integers(0, 3)))
    )
    variants = tuple(
        QuoteVariant(
            s.article,
            s.outlet,
            s.span,
            s.text,
            VariantKind.EXACT,
            QuoteKind.DIRECT,
            sentence=s.span,
        )
        for s in spans()
    )
    quotes = (LedgerQuote("Q1", "q", None, variants, articles[0].source),) if variants else ()
    events = (TimelineEvent("T1", "2031-01-01", "2031-01-01", "2031-01-01", "x", spans()),)
    conflicts = (Conflict("C1", ConflictKind.DATE, "x", spans(), spans()),)
    actors = (Actor("A1", "X", "person", statements=spans()),)
    return Dossier("t", (), tuple(articles), (), facts, conflicts, quotes, events, (), actors)


@settings(max_examples=60, deadline=None)
@given(generated_dossiers())
def test_generated_dossiers_keep_spans_inside_their_articles(dossier: Dossier) -> None:
    out = json.loads(json.dumps(dossier_to_dict(dossier)))
    jsonschema.validate(out, DOSSIER_SCHEMA, cls=jsonschema.Draft202012Validator)
    bodies = {a["source"]: a["body"] for a in out["articles"]}
    for item in provenance_items(out):
        assert 0 <= item["start"] <= item["end"] <= len(bodies[item["article"]])
        assert bodies[item["article"]][item["start"] : item["end"]] == item["text"]
        sentence = item.get("sentence")
        if sentence is not None:
            assert bodies[item["article"]][sentence["start"] : sentence["end"]] == sentence["text"]
