"""Statements: sentences and clauses of an article, with their particulars and attribution."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.annotate.statements import statement_units, unique_by_source
from crosswire.model import (
    Annotations,
    Article,
    Clause,
    Predicate,
    Span,
    Statement,
    StatementStatus,
)

LONG = (
    "The council approved the new harbour wall on Monday after a long debate, but the mayor "
    "of Tamsk warned that the budget for the repairs would not cover the second phase of the "
    "works before the winter storms."
)


def test_unannotated_text_is_split_at_sentence_ends_and_taken_as_asserted() -> None:
    text = "The bridge over the Orrin closed at noon. Engineers found three deep cracks in it."
    units = statement_units(0, Article(source="a", text=text))
    assert [u.text for u in units] == [
        "The bridge over the Orrin closed at noon.",
        "Engineers found three deep cracks in it.",
    ]
    assert all(u.status is StatementStatus.ASSERTED for u in units)
    assert {"3"} <= units[1].numbers


def test_a_long_sentence_is_cut_into_clauses_where_one_opens() -> None:
    units = statement_units(0, Article(source="a", text=LONG))
    assert len(units) == 2
    assert units[1].text.startswith("but the mayor")


def test_attribution_comes_from_the_annotation() -> None:
    text = "The port will reopen on Friday, the harbour master said."
    sentence = Span(0, len(text))
    annotations = Annotations(
        sentences=(sentence,),
        statements=(Statement(sentence, StatementStatus.ATTRIBUTED, "harbour master", "said"),),
    )
    (unit,) = statement_units(0, Article(source="a", text=text, annotations=annotations))
    assert (unit.status, unit.source) == (StatementStatus.ATTRIBUTED, "harbour master")


def test_trivial_pieces_are_left_out() -> None:
    assert statement_units(0, Article(source="a", text="Share this. Photo: AP.")) == []


def test_one_article_per_source_sorted() -> None:
    short, longer = Article(source="b", text="x"), Article(source="b", text="xy")
    assert [a.text for a in unique_by_source([longer, Article(source="a", text=""), short])] == [
        "",
        "xy",
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Cd 12 .,;\n“”"), max_size=200))
def test_spans_are_inside_the_text_and_match_it(text: str) -> None:
    for unit in statement_units(0, Article(source="a", text=text)):
        assert 0 <= unit.span.start < unit.span.end <= len(text)
        assert text[unit.span.start : unit.span.end] == unit.text


FINES = (
    "The ministry suspended all licences and issued fines to 12 trawlers, the harbour office said."
    "\n\nRain fell over the bay all day."
)


def test_clauses_of_the_parse_are_statements_of_their_sentence() -> None:
    first = Span(0, FINES.index("\n"))
    second = Span(FINES.index("Rain"), len(FINES))
    issued = Span(FINES.index("issued"), FINES.index(", the harbour"))
    annotations = Annotations(
        sentences=(first, second),
        statements=(Statement(first, StatementStatus.ATTRIBUTED, "the harbour office", "said"),),
        clauses=(
            Clause(issued, "The ministry issued fines to 12 trawlers"),
            # the same words as a whole sentence's statement: not told twice
            Clause(Span(second.start, second.end - 1), "Rain fell over the bay all day"),
        ),
        predicates=(
            Predicate(Span(FINES.index("suspended"), FINES.index(" all")), "suspend licence"),
            Predicate(Span(FINES.index("issued"), FINES.index(" fines")), "issue fine"),
        ),
    )
    units = statement_units(3, Article(source="a", text=FINES, annotations=annotations))
    clause = next(u for u in units if u.wording.startswith("The ministry issued"))
    assert clause.text == "issued fines to 12 trawlers"
    assert (clause.article, clause.sentence) == (3, 0)
    assert (clause.status, clause.source) == (StatementStatus.ATTRIBUTED, "the harbour office")
    assert clause.numbers == {"12"}
    assert clause.predicates == {"issue fine"}
    assert units[0].predicates == {"suspend licence", "issue fine"}
    assert [u.sentence for u in units] == sorted(u.sentence for u in units)
    assert [u.wording for u in units if u.sentence == 1] == ["Rain fell over the bay all day."]
    assert len(units) == 3


def test_a_statement_that_opens_a_quotation_keeps_its_closing_mark() -> None:
    text = "The union called the plan “a betrayal of the harbour.” Talks resume on Monday."
    cut = text.index(" of the harbour")
    sentence = Span(0, cut)
    annotations = Annotations(sentences=(sentence,), clauses=())
    (unit,) = statement_units(0, Article(source="a", text=text, annotations=annotations))
    assert unit.text == "The union called the plan “a betrayal"
    whole = Span(0, text.index(".”"))
    annotations = Annotations(sentences=(whole,))
    (unit,) = statement_units(0, Article(source="a", text=text, annotations=annotations))
    assert unit.text.endswith("harbour.”")


def test_a_sentence_told_resolved_is_compared_and_shown_resolved() -> None:
    text = "Crews urged a vote on the closure. She rejected these demands."
    second = Span(text.index("She"), len(text))
    annotations = Annotations(
        sentences=(Span(0, second.start - 1), second),
        clauses=(Clause(Span(second.start, len(text) - 1), "Mayor Dorn rejected a vote"),),
    )
    units = statement_units(0, Article(source="a", text=text, annotations=annotations))
    told = [u for u in units if u.span.start == second.start]
    assert [u.wording for u in told] == ["Mayor Dorn rejected a vote."]
    assert told[0].claim


def test_pieces_cut_off_a_long_sentence_are_no_claims() -> None:
    annotations = Annotations(sentences=(Span(0, len(LONG)),))
    units = statement_units(0, Article(source="a", text=LONG, annotations=annotations))
    assert len(units) > 1 and not any(u.claim for u in units)


def test_a_sentence_the_parse_found_no_claim_in_is_no_claim() -> None:
    text = "Photo: the harbour of Tamsk at dawn on Monday."
    annotations = Annotations(
        sentences=(Span(0, len(text)),),
        clauses=(Clause(Span(0, len(text) - 1), text[:-1], claim=False),),
    )
    (unit,) = statement_units(0, Article(source="a", text=text, annotations=annotations))
    assert unit.text == text and not unit.claim
