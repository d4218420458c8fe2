"""The dossier as JSON: every item with its provenance, valid against docs/dossier.schema.json.

`story_dossier()` is the hand-built fixture the report and SVG tests share: an invented story (a
bridge closed in the city of Tamsk) told by three invented outlets, one a wire copy of another.
"""

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
    Article,
    Basis,
    Conflict,
    ConflictKind,
    Derivation,
    Dossier,
    Evidenced,
    Fact,
    FactStatus,
    InputFailure,
    LedgerQuote,
    Paragraph,
    Provenance,
    PublicationDate,
    QuoteKind,
    QuoteVariant,
    Span,
    StatementStatus,
    Support,
    TimelineEvent,
    VariantKind,
)
from crosswire.report.dossier_json import dossier_to_dict
from tests.paths import ROOT

SCHEMA = json.loads((ROOT / "docs" / "dossier.schema.json").read_text("utf-8"))

GAZETTE = (
    "The Orrin Bridge in Tamsk was closed on Monday after engineers found cracks.\n\n"
    'Transport minister Ilse Varga said: "The bridge will reopen in spring."\n\n'
    "Repairs will cost 14 million crowns."
)
POST = (
    "Tamsk shut the Orrin Bridge on Monday, citing cracks in two pillars.\n\n"
    'Varga told reporters the bridge "will reopen in spring".\n\n'
    "Officials reportedly put the repair bill at 16 million crowns."
)
WIRE = (
    "The Orrin Bridge in Tamsk was closed on Monday after engineers found cracks.\n\n"
    "Repairs will cost 14 million crowns."
)


def make_article(source: str, text: str, outlet: str | None, title: str) -> Article:
    spans, pos = [], 0
    for para in text.split("\n\n"):
        spans.append(Span(pos, pos + len(para)))
        pos += len(para) + 2
    return Article(
        source=source,
        text=text,
        paragraphs=tuple(Paragraph(s, Provenance(source, s.start, s.end)) for s in spans),
        outlet=Evidenced(outlet, Basis.STATED, outlet or ""),
        title=Evidenced(title, Basis.STATED, title),
        language="en",
    )


def support(
    a: Article, sentence: str, status: StatementStatus = StatementStatus.ASSERTED, by: str = ""
) -> Support:
    """The support for `sentence`, which must stand in `a`'s text."""
    start = a.text.index(sentence)
    span = Span(start, start + len(sentence))
    return Support(a.source, a.outlet.value, span, sentence, status, by or None)


def variant(a: Article, words: str, kind: VariantKind, sentence: str, date: str) -> QuoteVariant:
    start, at = a.text.index(words), a.text.index(sentence)
    return QuoteVariant(
        a.source,
        a.outlet.value,
        Span(start, start + len(words)),
        words,
        kind,
        QuoteKind.DIRECT if kind is VariantKind.EXACT else QuoteKind.PARTIAL,
        date,
        Span(at, at + len(sentence)),
    )


def story_dossier() -> Dossier:
    gazette = make_article("gazette.txt", GAZETTE, "Harbor Gazette", "Orrin Bridge closed")
    post = make_article("https://post.example/bridge", POST, "Valdren Post", "Tamsk shuts bridge")
    wire = make_article("wire.txt", WIRE, "Kestrel Wire", "Bridge closed")
    closed = [
        support(gazette, GAZETTE.split("\n\n")[0]),
        support(post, POST.split("\n\n")[0]),
        support(wire, WIRE.split("\n\n")[0]),
    ]
    said = 'Transport minister Ilse Varga said: "The bridge will reopen in spring."'
    said_post = 'Varga told reporters the bridge "will reopen in spring".'
    cost_g, cost_w = (
        support(gazette, GAZETTE.split("\n\n")[2]),
        support(wire, WIRE.split("\n\n")[1]),
    )
    cost_p = support(post, POST.split("\n\n")[2], StatementStatus.UNCONFIRMED, "officials")
    facts = (
        Fact(
            "F1",
            closed[0].text,
            tuple(closed),
            2,
            FactStatus.CORROBORATED,
            ("Orrin Bridge", "Tamsk"),
            (),
            "2031-03-03",
        ),
        Fact("F2", cost_g.text, (cost_g, cost_p, cost_w), 2, FactStatus.CONTESTED, (), ("14",)),
        Fact("F3", said, (support(gazette, said),), 1, FactStatus.SINGLE_SOURCE, ("Ilse Varga",)),
    )
    conflict = Conflict(
        "C1",
        ConflictKind.NUMBER,
        "14 vs 16 (million crowns for repairs)",
        (cost_g, cost_w),
        (cost_p,),
        ("14", "16"),
        ("F2",),
    )
    quote = LedgerQuote(
        "Q1",
        "The bridge will reopen in spring.",
        "Ilse Varga",
        (
            variant(
                gazette, "The bridge will reopen in spring.", VariantKind.EXACT, said, "2031-03-04"
            ),
            variant(post, "will reopen in spring", VariantKind.TRUNCATED, said_post, "2031-03-05"),
        ),
        "gazette.txt",
        "2031-03-04",
    )
    return Dossier(
        title="Orrin Bridge in Tamsk closed after cracks found",
        summary=(closed[0].text,),
        articles=(gazette, post, wire),
        published=(
            PublicationDate("gazette.txt", "2031-03-04", False, "Published 4 March 2031"),
            PublicationDate("https://post.example/bridge", "2031-03-05", False, "meta tag"),
            PublicationDate("wire.txt", "2031-03-04", True, "from the story's other dates"),
        ),
        facts=facts,
        conflicts=(conflict,),
        quotes=(quote,),
        timeline=(
            TimelineEvent(
                "T1",
                "2031-03-03",
                "2031-03-03",
                "2031-03-03",
                "The bridge was closed",
                tuple(closed[:2]),
                ("on Monday",),
                ("2031-03-04", "2031-03-05"),
                ("F1",),
            ),
            TimelineEvent(
                "T2",
                "2031-03-20",
                "2031-06-20",
                "2031-SP",
                "The bridge reopens",
                (support(gazette, said),),
                ("in spring",),
                ("2031-03-04",),
            ),
        ),
        derivations=(
            Derivation("wire.txt", "gazette.txt", "copy", 0.93, ("2 of 2 sentences shared",)),
        ),
        actors=(
            Actor(
                "A1",
                "Ilse Varga",
                "person",
                ("Transport minister",),
                ("Varga",),
                ("gazette.txt", "https://post.example/bridge"),
                ("Harbor Gazette", "Valdren Post"),
                ("Q1",),
                (support(gazette, said),),
                2,
            ),
        ),
        notes=("Kestrel Wire copies Harbor Gazette: they count as one outlet.",),
        failures=(InputFailure("missing.html", "no such file"),),
    )


def empty_dossier() -> Dossier:
    return Dossier("", (), (), (), (), (), (), (), (), (), ("no articles",))


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
    jsonschema.validate(out, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out


def test_dossier_fields() -> None:
    out = dossier_to_dict(story_dossier())
    assert [a["source"] for a in out["articles"]][1] == "https://post.example/bridge"
    assert out["articles"][2]["publication"] == {
        "value": "2031-03-04",
        "estimated": True,
        "evidence": "from the story's other dates",
    }
    assert out["articles"][0]["body"] == GAZETTE
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
    sentence = Span(0, GAZETTE.index("\n"))
    annotated = replace(story.articles[0], annotations=Annotations(sentences=(sentence,)))
    out = dossier_to_dict(replace(story, articles=(annotated, *story.articles[1:])))
    jsonschema.validate(out, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert out["articles"][0]["sentences"][0]["text"] == GAZETTE.split("\n")[0]
    assert "sentences" not in out["articles"][1]


def test_empty_dossier_validates() -> None:
    out = dossier_to_dict(empty_dossier())
    jsonschema.validate(out, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert out["facts"] == [] and out["notes"] == ["no articles"]


def test_schema_rejects_a_support_without_provenance() -> None:
    out = dossier_to_dict(story_dossier())
    del out["facts"][0]["support"][0]["start"]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(out)


@st.composite
def generated_dossiers(draw: st.DrawFn) -> Dossier:
    """Articles of arbitrary text; facts, quotes and events on arbitrary spans of them."""
    texts = draw(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=3))
    outlets = draw(st.lists(st.none() | st.text(), min_size=len(texts), max_size=len(texts)))
    articles = [
        make_article(f"s{i}.txt", text, outlet, text)
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
    jsonschema.validate(out, SCHEMA, cls=jsonschema.Draft202012Validator)
    bodies = {a["source"]: a["body"] for a in out["articles"]}
    for item in provenance_items(out):
        assert 0 <= item["start"] <= item["end"] <= len(bodies[item["article"]])
        assert bodies[item["article"]][item["start"] : item["end"]] == item["text"]
        sentence = item.get("sentence")
        if sentence is not None:
            assert bodies[item["article"]][sentence["start"] : sentence["end"]] == sentence["text"]
