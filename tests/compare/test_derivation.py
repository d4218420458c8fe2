"""Derivation and independence over invented coverage of an invented port strike."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.compare.derivation import (
    candidate_pairs,
    count_independent,
    find_derivations,
    independent_groups,
)
from crosswire.compare.derivation_candidates import SMALL_STORY
from crosswire.model import Article, Derivation
from tests.conftest import article

WIRE_TEXT = """ROTTERVIK (Harbour Wire) - Dock workers at the port of Rottervik walked off the \
job on Monday, halting container traffic at the country's second-largest harbour.

The Dockworkers' Union said 4,200 members joined the strike after talks over night-shift pay \
collapsed late on Sunday.

"We have been patient for eleven months and the employers have offered us nothing," union leader \
Mara Velden told reporters at the gate.

The port authority said 38 ships were waiting at anchor and that perishable cargo would be \
diverted to smaller terminals.

Transport Minister Oskar Brandt called the strike "a blow to every exporter in the region" and \
urged both sides to return to the table.

"The government will not take sides, but it will not let the port stay shut for weeks," Brandt \
said in a statement.

Employers' federation spokesman Lief Aronsen said the union's demands would raise labour costs \
by a fifth.

Talks are due to resume on Thursday under a state mediator."""

REWRITE_TEXT = """Thousands of dockers stopped work at Rottervik port on Monday, bringing \
container traffic at the nation's second-biggest harbour to a standstill.

About 4,200 members of the Dockworkers' Union joined the walkout once negotiations over pay for \
night shifts broke down on Sunday night, the union said.

Union leader Mara Velden told reporters: "We have been patient for eleven months and the \
employers have offered us nothing."

According to the port authority, 38 vessels were left waiting at anchor, and perishable goods \
would be sent to smaller terminals.

Transport Minister Oskar Brandt described the strike as "a blow to every exporter in the \
region," calling on both sides to resume negotiations.

"The government will not take sides, but it will not let the port stay shut for weeks," the \
minister said.

Mediated talks are set to restart on Thursday."""

INDEPENDENT_TEXT = """Long queues of lorries formed outside Rottervik on Monday as the port's \
cranes fell silent.

"I have forty tonnes of apples going soft in this trailer," said driver Tomas Kuhl, who had \
waited since dawn.

The strike, called by the Dockworkers' Union over night-shift pay, is the first at the port in \
twelve years.

Employers say the union's demands would raise labour costs by a fifth; the union says its \
members have waited eleven months for an offer.

A mediator appointed by the transport ministry will meet both sides on Thursday.

"Nobody wins from a closed port," said Ilse Marten, who runs a freight agency near the terminal.

Port officials said 38 ships were at anchor by Monday evening."""

FOOTBALL_TEXT = """Lakeside Rovers beat Millbrook Athletic 3-1 on Saturday to climb to third in \
the table.

Striker Ana Probst scored twice before half-time, and substitute Jon Hale added a third late on.

"The lads were brilliant from the first whistle to the last," manager Pia Grund said after the \
match.

Millbrook pulled one back from the penalty spot but never threatened a comeback."""

MUSEUM_TEXT = """The city museum reopened its east wing on Friday after a two-year renovation \
that cost 14 million crowns.

Curator Elsa Dorn said the wing would show the museum's collection of maritime paintings for the \
first time since 2019.

"We wanted the light of the harbour to come back into these rooms," Dorn told visitors.

Entry to the new wing is free for the first month."""


WIRE = article("wire.html", WIRE_TEXT, outlet="Harbour Wire", published="2031-03-03T09:10")
COPY = article(
    "coastal.html",
    WIRE_TEXT + "\n\nThis article was originally published by Harbour Wire.",
    outlet="Coastal Daily",
    published="2031-03-03T11:40",
)
REWRITE = article(
    "ledger.html",
    REWRITE_TEXT,
    outlet="Northern Ledger",
    published="2031-03-04",
    authors=("Northern Ledger Staff",),
)
INDEPENDENT = article("courier.html", INDEPENDENT_TEXT, outlet="Baltic Courier",
                      published="2031-03-03")  # fmt: skip
FOOTBALL = article("sport.html", FOOTBALL_TEXT, outlet="Lakeside Post", published="2031-03-01")
MUSEUM = article("museum.html", MUSEUM_TEXT, outlet="City Weekly", published="2031-03-05")
STORY = [WIRE, COPY, REWRITE, INDEPENDENT]


def pairs(derivations: list[Derivation]) -> set[tuple[str, str]]:
    return {(d.article, d.derived_from) for d in derivations}


def test_wire_copy_is_a_copy_of_the_wire() -> None:
    found = {d.article: d for d in find_derivations(STORY)}
    copy = found["coastal.html"]
    assert copy.derived_from == "wire.html"
    assert copy.kind == "copy"
    assert copy.score >= 0.8
    assert any("near-identical" in e for e in copy.evidence)


def test_rewrite_with_the_same_quotes_in_order() -> None:
    found = {d.article: d for d in find_derivations(STORY)}
    rewrite = found["ledger.html"]
    assert rewrite.derived_from == "wire.html"  # the original, not its copy
    assert rewrite.kind == "rewrite"
    assert 0.5 <= rewrite.score <= 1.0
    assert any("same quotes" in e for e in rewrite.evidence)
    assert any("Staff" in e for e in rewrite.evidence)


def test_independent_report_of_the_same_story_is_not_derived() -> None:
    found = find_derivations(STORY)
    assert not any("courier.html" in (d.article, d.derived_from) for d in found)


def test_unrelated_articles_give_no_derivation() -> None:
    assert find_derivations([WIRE, FOOTBALL, MUSEUM]) == []
    assert find_derivations([FOOTBALL, MUSEUM, INDEPENDENT]) == []


def test_same_facts_in_another_order_are_not_a_rewrite() -> None:
    reordered_text = "\n\n".join(reversed(REWRITE_TEXT.split("\n\n")))
    reordered = article("shuffled.html", reordered_text, published="2031-03-04")
    assert find_derivations([WIRE, reordered]) == []


def test_unknown_dates_take_the_richer_article_as_source() -> None:
    undated = [
        article("a.html", REWRITE_TEXT, outlet="Northern Ledger"),
        article("b.html", WIRE_TEXT, outlet="Harbour Wire"),
    ]
    [found] = find_derivations(undated)
    assert (found.article, found.derived_from) == ("a.html", "b.html")
    assert any("date unknown" in e for e in found.evidence)


def test_credit_decides_the_direction_of_an_undated_copy() -> None:
    credited = article(
        "a.html", WIRE_TEXT + "\n\nThis article was originally published by Harbour Wire.",
        outlet="Coastal Daily",
    )  # fmt: skip
    original = article("z.html", WIRE_TEXT, outlet="Harbour Wire")
    [found] = find_derivations([original, credited])
    assert (found.article, found.derived_from) == ("a.html", "z.html")
    assert any("credits Harbour Wire" in e for e in found.evidence)


def test_earlier_publication_is_the_source() -> None:
    early_copy = article("coastal.html", WIRE_TEXT, published="2031-03-02")
    [found] = find_derivations([WIRE, early_copy])
    assert (found.article, found.derived_from) == ("wire.html", "coastal.html")


def test_identical_files_are_one_copy() -> None:
    first, second = article("one.txt", WIRE_TEXT), article("two.txt", WIRE_TEXT)
    found = find_derivations([first, second])
    assert len(found) == 1 and found[0].kind == "copy" and found[0].score == 1.0
    assert find_derivations([second, first]) == found
    assert count_independent(["one.txt", "two.txt"], found) == 1


def test_odd_input_never_crashes() -> None:
    empty = article("empty.txt", "")
    tiny = article("tiny.txt", "Strike.")
    assert find_derivations([]) == []
    assert find_derivations([empty, tiny, empty]) == []
    assert find_derivations([WIRE, WIRE]) == []  # one source is one article


@settings(max_examples=25, deadline=None)
@given(st.permutations([WIRE, COPY, REWRITE, INDEPENDENT, FOOTBALL, MUSEUM]))
def test_output_does_not_depend_on_input_order(articles: list[Article]) -> None:
    assert find_derivations(articles) == EXPECTED


EXPECTED = find_derivations([WIRE, COPY, REWRITE, INDEPENDENT, FOOTBALL, MUSEUM])


def test_independent_groups_join_derived_articles() -> None:
    sources = ["wire.html", "coastal.html", "ledger.html", "courier.html", "sport.html"]
    found = find_derivations([WIRE, COPY, REWRITE, INDEPENDENT, FOOTBALL])
    groups = independent_groups(sources, found)
    assert {"wire.html", "coastal.html", "ledger.html"} in groups
    assert {"courier.html"} in groups and {"sport.html"} in groups
    assert count_independent(sources, found) == 3
    assert count_independent(["ledger.html", "courier.html"], found) == 2


def test_derivations_through_an_absent_source_still_link() -> None:
    via_wire = [
        Derivation("a", "wire", "copy", 1.0),
        Derivation("b", "wire", "copy", 1.0),
    ]
    assert independent_groups(["a", "b", "c"], via_wire) == [{"a", "b"}, {"c"}]
    assert count_independent(["a", "a", "b"], []) == 2
    assert count_independent([], via_wire) == 0


def test_sentence_similarity_backend_is_swappable() -> None:
    def nothing_alike(a: str, b: str) -> float:
        return 0.0

    found = find_derivations(STORY, similarity=nothing_alike)
    # Word runs still show the copy; with no sentence aligned nothing is a rewrite.
    assert pairs(found) == {("coastal.html", "wire.html")}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=4))
def test_any_texts_give_sane_derivations(texts: list[str]) -> None:
    articles = [article(f"{i}.txt", text) for i, text in enumerate(texts)]
    for found in find_derivations(articles):
        assert found.article != found.derived_from
        assert 0.0 <= found.score <= 1.0 and found.kind in {"copy", "rewrite"}


# Candidate pairs: a story of more than SMALL_STORY articles compares only likely pairs.

SYLLABLES = ("ka", "lo", "mi", "ru", "te", "sa", "no", "vi", "de", "po", "ze", "fu", "ga", "hi")


def invented_article(index: int) -> Article:
    """An article about nothing the others mention: invented words of its own, few repeated."""
    rng = random.Random(index)

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(4))

    lexicon = [word() for _ in range(60)]
    sentences = [
        " ".join(rng.choice(lexicon) for _ in range(rng.randint(8, 14))).capitalize() + "."
        for _ in range(rng.randint(6, 10))
    ]
    return article(f"filler{index:03d}.txt", " ".join(sentences), published="2031-02-01")


FILLERS = [invented_article(k) for k in range(56)]


def test_small_story_compares_every_pair() -> None:
    assert len(candidate_pairs(STORY)) == 6
    assert len(candidate_pairs(FILLERS[:SMALL_STORY])) == SMALL_STORY * (SMALL_STORY - 1) // 2


def test_unrelated_articles_give_no_candidates() -> None:
    assert len(FILLERS) > SMALL_STORY
    assert candidate_pairs(FILLERS) == []
    assert len(candidate_pairs(FILLERS, all_pairs=True)) == 56 * 55 // 2


def test_copy_and_rewrite_among_sixty_articles_are_found() -> None:
    crowd = [*FILLERS, *STORY]
    assert len(crowd) == 60
    assert (
        find_derivations(crowd)
        == find_derivations(STORY)
        == find_derivations(crowd, all_pairs=True)
    )
    compared = candidate_pairs(crowd)
    assert ("coastal.html", "wire.html") in compared and ("ledger.html", "wire.html") in compared
    assert len(compared) < 60


def test_identical_files_among_sixty_are_found() -> None:
    first, second = article("one.txt", MUSEUM_TEXT), article("two.txt", MUSEUM_TEXT)
    [found] = find_derivations([*FILLERS[:58], second, first])
    assert (found.article, found.derived_from, found.kind, found.score) == (
        "two.txt", "one.txt", "copy", 1.0,
    )  # fmt: skip


def test_many_copies_of_one_wire_link_to_it() -> None:
    copies = [
        article(
            f"reprint{k:02d}.html",
            f"{WIRE_TEXT}\n\nDistributed to subscriber {k}.",
            published=f"2031-03-{4 + k % 20:02d}",
        )
        for k in range(60)
    ]
    found = find_derivations([WIRE, *copies])
    assert len(candidate_pairs([WIRE, *copies])) < 61 * 60 // 2
    assert count_independent(["wire.html", *(c.source for c in copies)], found) == 1
    assert {d.article for d in found} == {c.source for c in copies}


@settings(max_examples=5, deadline=None)
@given(st.randoms(use_true_random=False))
def test_candidates_do_not_depend_on_input_order(rng: random.Random) -> None:
    crowd = [*FILLERS, *STORY]
    rng.shuffle(crowd)
    assert find_derivations(crowd) == CROWD_EXPECTED
    assert candidate_pairs(crowd) == CROWD_PAIRS


CROWD_EXPECTED = find_derivations([*FILLERS, *STORY])
CROWD_PAIRS = candidate_pairs([*FILLERS, *STORY])


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["", " \n ", "Strike.", "¡¿…", "港口 罢工 今天", WIRE_TEXT[:80], MUSEUM_TEXT]
            ),
            st.text(max_size=200),
        ),
        min_size=SMALL_STORY + 1,
        max_size=SMALL_STORY + 5,
    )
)
def test_odd_texts_in_a_large_story_give_sane_derivations(texts: list[str]) -> None:
    articles = [article(f"{i:02d}.txt", text) for i, text in enumerate(texts)]
    for found in find_derivations(articles):
        assert found.article != found.derived_from
        assert 0.0 <= found.score <= 1.0 and found.kind in {"copy", "rewrite"}
    assert all(a < b for a, b in candidate_pairs(articles))
