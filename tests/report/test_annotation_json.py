"""Annotations in the article JSON: written when present, read back equal, malformed refused."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.errors import InputError
from crosswire.model import (
    Annotations,
    Article,
    Clause,
    Entity,
    Mention,
    Predicate,
    Quote,
    QuoteKind,
    Span,
    Statement,
    StatementStatus,
    TimeExpression,
)
from crosswire.report.article_json import article_from_dict, article_to_dict

BODY = 'Mayor Ilse Varga said on Friday: "The dam will hold." Critics doubt it.'


def annotated() -> Article:
    name = BODY.index("Ilse Varga")
    quote = BODY.index("The dam")
    friday = BODY.index("Friday")
    return Article(
        source="invented.txt",
        text=BODY,
        annotations=Annotations(
            sentences=(Span(0, BODY.index(" Critics")), Span(BODY.index("Critics"), len(BODY))),
            entities=(
                Entity(
                    "e1",
                    "Ilse Varga",
                    "person",
                    (Mention(Span(name, name + 10), "Ilse Varga"),),
                    roles=("Mayor",),
                    handles=("@ilsevarga",),
                ),
                Entity("e2", "critics", "person", (), description="critics"),
            ),
            quotes=(
                Quote(
                    QuoteKind.DIRECT,
                    Span(quote, quote + 19),
                    "The dam will hold.",
                    speaker="Ilse Varga",
                    speaker_id="e1",
                    speaker_mention=Span(name, name + 10),
                    cue="said",
                    cue_span=Span(name + 11, name + 15),
                    verb="say",
                    confidence=0.9,
                    language="en",
                    original_embed=0,
                ),
            ),
            statements=(
                Statement(Span(BODY.index("Critics"), len(BODY)), StatementStatus.ASSERTED),
            ),
            times=(TimeExpression(Span(friday, friday + 6), "Friday", "2030-05-03", "date"),),
            clauses=(Clause(Span(quote, quote + 17), "The dam will hold"),),
            predicates=(Predicate(Span(name + 11, name + 15), "say friday"),),
        ),
    )


def test_round_trip_keeps_every_annotation() -> None:
    article = annotated()
    data = article_to_dict(article)
    assert data["quotes"][0]["speaker"] == "Ilse Varga"
    assert data["sentences"][1]["text"] == "Critics doubt it."
    assert data["quotes"][0]["original_embed"] == 0
    assert data["statements"][0]["sentence"] == data["statements"][0]["text"]
    assert data["entities"][0]["mentions"][0] == {"text": "Ilse Varga", "start": 6, "end": 16}
    assert data["clauses"][0]["statement"] == "The dam will hold"
    assert data["predicates"][0] == {
        "start": 17,
        "end": 21,
        "text": "said",
        "predicate": "say friday",
    }
    assert article_from_dict(data) == article


def test_unannotated_article_has_no_annotation_fields() -> None:
    article = replace(annotated(), annotations=None)
    data = article_to_dict(article)
    assert "quotes" not in data and "entities" not in data
    assert article_from_dict(data).annotations is None
    empty = replace(article, annotations=Annotations())
    assert article_from_dict(article_to_dict(empty)).annotations == Annotations()


@pytest.mark.parametrize(
    ("field", "index", "key", "bad"),
    [
        ("sentences", 0, "end", len(BODY) + 5),
        ("sentences", 0, "text", "not the body"),
        ("quotes", 0, "kind", "shouted"),
        ("quotes", 0, "confidence", "high"),
        ("statements", 0, "status", "rumoured"),
        ("times", 0, "start", -1),
        ("entities", 0, "roles", "Mayor"),
        ("clauses", 0, "statement", None),
        ("clauses", 0, "text", "not the body"),
        ("predicates", 0, "predicate", 3),
    ],
)
def test_malformed_annotations_are_input_errors(
    field: str, index: int, key: str, bad: object
) -> None:
    data = article_to_dict(annotated())
    data[field][index][key] = bad
    with pytest.raises(InputError):
        article_from_dict(data)


@given(
    st.sampled_from(
        ["sentences", "entities", "quotes", "statements", "times", "clauses", "predicates"]
    ),
    st.integers(),
)
def test_non_list_fields_are_input_errors(field: str, junk: int) -> None:
    data = article_to_dict(annotated())
    data[field] = junk
    with pytest.raises(InputError):
        article_from_dict(data)
