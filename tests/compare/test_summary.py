from crosswire.compare.summary import DISAGREEMENT, outlets_behind, summarise
from crosswire.model import Conflict, ConflictKind, Derivation, Fact, FactStatus, Span, Support


def support(source: str, outlet: str) -> Support:
    return Support(source, outlet, Span(0, 1), "x")


def fact(fid: str, outlets: int, status: FactStatus, statement: str | None = None) -> Fact:
    return Fact(fid, statement or f"statement {fid}", (support("a.txt", "A"),), outlets, status)


def test_summary_prefers_corroborated_uncontested_facts() -> None:
    facts = [
        fact("F1", 1, FactStatus.SINGLE_SOURCE),
        fact("F2", 3, FactStatus.CORROBORATED),
        fact("F3", 2, FactStatus.CONTESTED),
        fact("F4", 2, FactStatus.CORROBORATED),
    ]
    assert summarise(facts) == ("statement F2 — A", "statement F4 — A")
    assert summarise(facts[:1]) == ("statement F1 — A",)
    # a fact two articles carry (one retelling the other) fills a line after corroborated ones
    retold = Fact(
        "F5",
        "statement F5",
        (support("a.txt", "A"), support("b.txt", "B")),
        1,
        FactStatus.SINGLE_SOURCE,
    )
    lines = summarise([*facts, retold])
    assert lines == ("statement F2 — A", "statement F4 — A", "statement F5 — A, B")


def test_summary_puts_clauses_after_whole_sentences() -> None:
    facts = [
        fact("F1", 3, FactStatus.CORROBORATED, "after the talks collapsed"),
        fact("F2", 2, FactStatus.CORROBORATED, "The port reopened."),
    ]
    assert summarise(facts) == ("The port reopened. — A", "after the talks collapsed — A")


def test_summary_keeps_the_facts_order_not_the_ids_spelling() -> None:
    two = (support("a.txt", "A"), support("b.txt", "B"))
    facts = [
        Fact(f"F{n}", f"Statement {n}.", two, 1, FactStatus.SINGLE_SOURCE) for n in range(1, 12)
    ]
    lines = summarise(facts, limit=3)
    statements = [line.split(" — ")[0] for line in lines]
    assert statements == ["Statement 1.", "Statement 2.", "Statement 3."]


def test_summary_ends_with_the_first_disagreement() -> None:
    heading = "How many ships: 37 (A) vs 42 (B)"
    conflict = Conflict("C1", ConflictKind.NUMBER, heading, (), (), ("37", "42"), ("F1",))
    lines = summarise([fact("F1", 2, FactStatus.CORROBORATED)], conflicts=[conflict])
    assert lines[-1] == DISAGREEMENT + heading


def _conflict(cid: str, heading: str, a: list[str], b: list[str]) -> Conflict:
    side_a = tuple(support(s, s.upper()) for s in a)
    side_b = tuple(support(s, s.upper()) for s in b)
    return Conflict(cid, ConflictKind.NUMBER, heading, side_a, side_b, ("1", "2"), ())


def test_the_main_disagreement_is_the_one_most_independent_outlets_stand_in() -> None:
    two = _conflict("C1", "strikers", ["a"], ["b"])
    three = _conflict("C2", "ships", ["a", "c"], ["d"])
    facts = [fact("F1", 2, FactStatus.CORROBORATED)]
    assert summarise(facts, conflicts=[two, three])[-1] == DISAGREEMENT + "ships"
    # d retells c: three articles, two independent outlets; the first of equals stays
    rewrite = Derivation("d", "c", "rewrite", 0.9)
    lines = summarise(facts, conflicts=[two, three], derivations=[rewrite])
    assert lines[-1] == DISAGREEMENT + "strikers"


def test_a_rewrite_is_named_with_the_outlet_it_retells() -> None:
    told = Fact(
        "F1",
        "The port closed.",
        (
            support("wire.txt", "Harbour Wire"),
            support("courier.txt", "Velmora Courier"),
            support("gazette.txt", "Northshore Gazette"),
        ),
        2,
        FactStatus.CORROBORATED,
    )
    rewrite = Derivation("courier.txt", "wire.txt", "rewrite", 0.9)
    assert outlets_behind(told, [rewrite]) == (
        "Harbour Wire (and Velmora Courier's rewrite), Northshore Gazette"
    )
    assert outlets_behind(told, []) == "Harbour Wire, Velmora Courier, Northshore Gazette"
