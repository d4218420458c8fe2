"""Conflict headings put together from invented conflicts."""

from __future__ import annotations

from crosswire.compare.headings import (
    certainty_answer,
    claim_answer,
    heading,
    plain,
    when_question,
    without,
)
from crosswire.compare.tellings import Found
from crosswire.model import ConflictKind, Span, StatementStatus, Support


def _support(article: str, outlet: str | None, text: str) -> Support:
    return Support(article, outlet, Span(0, len(text)), text)


def _name(support: Support) -> str:
    return support.outlet or "an unnamed outlet"


A = _support("a.txt", "Quay Courier", "The port counted 30 barges.")
B = _support("b.txt", "Tide Wire", "The port counted 35 barges on Friday.")
C = _support("c.txt", "Gull Gazette", "The port counted 35 barges on Friday.")


def test_a_heading_is_the_question_then_each_answer_with_its_outlets() -> None:
    found = Found(
        ConflictKind.NUMBER,
        "30 vs 35",
        (A,),
        (B, C),
        ("30", "35"),
        ("F1",),
        question="How many barges",
        told=((A.text, "30"), (B.text, "35 on Friday")),
    )
    assert heading(found, _name) == (
        "How many barges: 30 (Quay Courier) vs 35 on Friday (Tide Wire, Gull Gazette)"
    )


def test_a_question_mark_needs_no_colon_and_many_outlets_are_counted() -> None:
    many = tuple(_support(f"{n}.txt", f"Outlet {n}", B.text) for n in range(5))
    found = Found(
        ConflictKind.POSITION,
        "",
        (A,),
        many,
        ("for", "against"),
        (),
        question="Is Varnia for it?",
        told=((A.text, "yes"), (B.text, "no")),
    )
    assert heading(found, _name) == (
        "Is Varnia for it? yes (Quay Courier) vs no (Outlet 0, Outlet 1, Outlet 2 +2 more)"
    )


def test_a_conflict_without_a_question_keeps_its_summary() -> None:
    found = Found(ConflictKind.NUMBER, "30 vs 35 (barges)", (A,), (B,), ("30", "35"), ())
    assert heading(found, _name) == "30 vs 35 (barges)"


def test_a_sentence_without_its_own_answer_gives_its_sides_first() -> None:
    other = _support("d.txt", "Rope News", "Kelvport has 35 barges waiting.")
    found = Found(
        ConflictKind.NUMBER,
        "",
        (A,),
        (B, other),
        ("30", "35"),
        (),
        question="How many barges",
        told=((A.text, "30"), (B.text, "35 on Friday")),
    )
    assert heading(found, _name).endswith("vs 35 on Friday (Tide Wire, Rope News)")


def test_clauses_read_inside_a_question() -> None:
    assert plain("  The ferry sank near Sorn.\n") == "the ferry sank near Sorn"
    assert plain("Sorn's ferry sank.") == "Sorn's ferry sank"
    clause = "The ferry sank on 3 May 2031 near Sorn"
    at = clause.index("3 May")
    assert without(clause, at, at + len("3 May 2031"), ("on",)) == "The ferry sank near Sorn"
    assert when_question(without(clause, at, at + 10, ("on",))) == "When the ferry sank near Sorn"


def test_answers_say_whose_word_a_claim_is() -> None:
    assert certainty_answer(StatementStatus.ASSERTED, None) == "stated as fact"
    assert certainty_answer(StatementStatus.UNCONFIRMED, "Dorland") == "only claimed, by Dorland"
    assert certainty_answer(StatementStatus.ATTRIBUTED, "the police") == "said by the police"
    assert claim_answer("Dorland will take part.", "Piet Olsen") == "Olsen: Dorland will take part"
    assert claim_answer("x " * 80).endswith("…")
