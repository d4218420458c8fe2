"""Counts that answer one question across invented outlets' articles (NUMBER conflicts), and the
bundled example's ship and striker counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

import crosswire
from crosswire.annotate.annotator import annotate_articles
from crosswire.compare.conflicts import find_conflicts
from crosswire.compare.count_questions import number_conflicts
from crosswire.compare.embeddings import HashingBackend
from crosswire.compare.tellings import support_of
from crosswire.model import Article, Basis, Conflict, ConflictKind, Fact, FactStatus
from crosswire.pipeline import annotate, extract
from crosswire.report.dossier_json import dossier_to_dict
from tests.conftest import article
from tests.paths import ROOT

TEXTS = {
    "quay.html": (
        "Quay Courier",
        "The blockade has left 12 trawlers and 30 cargo ships waiting at anchor off Kelvport.",
    ),
    "tide.html": (
        "Tide Wire",
        "According to the harbour office, 35 vessels were at anchor on Friday morning.",
    ),
    "gull.html": ("Gull Gazette", "Harbour officials counted 33 ships at anchor on Saturday."),
    "blast-a.html": ("Market Post", "The blast killed 12 people in the Sorn market."),
    "blast-b.html": ("Valley Wire", "The blast injured 14 people in the Sorn market."),
    "raid-a.html": ("Coast Times", "Coast guards captured 8 smugglers near Sorn."),
    "raid-b.html": ("Bay Ledger", "Coast guards captured 23 smugglers near Sorn."),
    "walkout-a.html": (
        "Dock Herald",
        "The walkout, which began on Monday, has idled about 4,200 dockworkers.",
    ),
    "walkout-b.html": (
        "Pier Wire",
        "Roughly 4,000 union members have stayed away from the quays since then.",
    ),
    "walkout-c.html": ("Crane Daily", "The walkout has idled 4,300 dockworkers."),
    "ballot.html": (
        "Ballot Times",
        "Of the 3,870 members of the dockers' union who took part in the vote, most backed it.",
    ),
    "march-a.html": ("Square Post", "Police said about 8,000 people marched through Sorn."),
    "march-b.html": ("Lantern Wire", "Organisers said 15,000 protesters rallied in Sorn."),
    "march-c.html": ("Bell Courier", "Some 40,000 protesters rallied in Sorn, organisers said."),
    "march-d.html": ("Tower News", "About 8,000 people stayed at the Sorn fair all night."),
    "walkout-d.html": ("Rope News", "The walkout has idled 4,200 dockworkers."),
    "cranes-a.html": ("Steel Review", "The port bought the cranes for 1.5 million crowns."),
    "cranes-b.html": ("Rail Gazette", "The port bought the cranes for 2.5 million crowns."),
    "census-a.html": ("Lake Courier", "The ministry detained about 40 officials at the border."),
    "census-b.html": ("Hill Gazette", "The ministry detained 37 officials at the border."),
    "shot-a.html": ("Mill Post", "A gunman shot three people at the Sorn mill on Monday."),
    "shot-b.html": (
        "Ferry Times",
        "A gunman killed a woman and wounded two men at the Sorn mill on Monday.",
    ),
}
GIVEN = {
    source: article(source, text, outlet=outlet, basis=Basis.USER, language="en")
    for source, (outlet, text) in TEXTS.items()
}
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".html"))


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {a.source: a for a in annotate_articles(list(GIVEN.values()))}


def _fact(*members: Article) -> Fact:
    support = tuple(
        support_of(a, s) for a in members if a.annotations for s in a.annotations.statements
    )
    return Fact("F1", support[0].text, support, len(members), FactStatus.CORROBORATED)


def _numbers(
    articles: dict[str, Article], sources: Sequence[str], *, one_fact: bool = False
) -> list[Conflict]:
    chosen = [articles[s] for s in sources]
    facts = [_fact(*chosen)] if one_fact else []
    found = find_conflicts(chosen, facts, backend=HashingBackend())
    return [c for c in found if c.kind is ConflictKind.NUMBER]


def test_counts_of_one_thing_in_different_facts_are_one_question(
    articles: dict[str, Article],
) -> None:
    (conflict,) = _numbers(articles, ["quay.html", "tide.html", "gull.html"])
    assert conflict.values == ("30", "33, 35")
    assert conflict.summary == (
        "How many ships at anchor: 30 (Quay Courier) vs 33 on Saturday (Gull Gazette)"
        " vs 35 on Friday morning (Tide Wire)"
    )
    assert {s.article for s in conflict.side_a} == {"quay.html"}
    assert {s.article for s in conflict.side_b} == {"tide.html", "gull.html"}


def test_counts_of_different_acts_or_far_apart_are_no_conflict(
    articles: dict[str, Article],
) -> None:
    assert _numbers(articles, ["blast-a.html", "blast-b.html"]) == []  # killed vs injured
    assert _numbers(articles, ["raid-a.html", "raid-b.html"]) == []  # 8 and 23: two raids
    assert _numbers(articles, ["quay.html", "raid-b.html"]) == []  # ships and smugglers


def test_estimates_of_people_in_one_fact_are_a_hedged_difference(
    articles: dict[str, Article],
) -> None:
    sources = ["walkout-a.html", "walkout-b.html"]
    (conflict,) = _numbers(articles, sources, one_fact=True)
    assert conflict.values == ("roughly 4,000", "about 4,200")
    assert conflict.summary == (
        "How many dockworkers or union members: roughly 4,000 (Pier Wire)"
        " vs about 4,200 (Dock Herald)"
    )
    assert conflict.facts == ("F1",)


def test_counts_of_people_who_took_part_in_one_act_are_one_question(
    articles: dict[str, Article],
) -> None:
    # Different nouns, different acts, no shared word: both tell how many struck.
    (strikers,) = _numbers(articles, ["walkout-a.html", "walkout-b.html"])
    assert strikers.values == ("roughly 4,000", "about 4,200")
    (marchers,) = _numbers(articles, ["march-a.html", "march-b.html"])
    assert marchers.values == ("about 8,000", "15,000")


def test_people_counts_of_other_acts_or_far_apart_are_no_turnout_question(
    articles: dict[str, Article],
) -> None:
    assert _numbers(articles, ["walkout-b.html", "ballot.html"]) == []  # voted, not struck
    assert _numbers(articles, ["march-a.html", "march-c.html"]) == []  # 5 times apart
    assert _numbers(articles, ["march-b.html", "march-d.html"]) == []  # stayed at a fair


def test_numbers_are_read_whole(articles: dict[str, Article]) -> None:
    (walkout,) = _numbers(articles, ["walkout-d.html", "walkout-c.html"], one_fact=True)
    assert walkout.values == ("4,200", "4,300")  # not 200 vs 300
    (cranes,) = _numbers(articles, ["cranes-a.html", "cranes-b.html"], one_fact=True)
    assert cranes.values == ("1.5 million", "2.5 million")
    assert cranes.summary.startswith("How much, in crowns: 1.5 million (Steel Review)")


def test_a_count_of_men_or_women_is_a_part_of_a_count_of_people(
    articles: dict[str, Article],
) -> None:
    assert _numbers(articles, ["shot-a.html", "shot-b.html"], one_fact=True) == []


def test_a_rounded_estimate_agrees_with_the_exact_count(articles: dict[str, Article]) -> None:
    assert _numbers(articles, ["census-a.html", "census-b.html"], one_fact=True) == []


def test_copies_are_read_once_and_stand_with_their_side(articles: dict[str, Article]) -> None:
    tide = articles["tide.html"]
    copies = [replace(tide, source=f"copy-{n}.html") for n in range(3)]
    chosen = [articles["quay.html"], tide, *copies]
    (conflict,) = number_conflicts(chosen, [])
    assert {s.article for s in conflict.side_b} == {"tide.html", *(c.source for c in copies)}


@pytest.fixture(scope="module")
def example_dossier() -> dict[str, object]:
    return dossier_to_dict(crosswire.make_dossier(EXAMPLES, embeddings="words"))


def _conflict_values(dossier: dict[str, object]) -> list[tuple[str, str]]:
    conflicts = dossier["conflicts"]
    assert isinstance(conflicts, list)
    return [tuple(c["values"]) for c in conflicts if c["kind"] == "number"]


def test_the_bundled_example_has_its_ship_conflict(example_dossier: dict[str, object]) -> None:
    conflicts = example_dossier["conflicts"]
    assert isinstance(conflicts, list)
    (ships,) = [c for c in conflicts if c["summary"].startswith("How many ships at anchor:")]
    assert ships["kind"] == "number" and ships["values"] == ["37", "40, 41, 42"]
    for outlet in ("Velmora Courier", "Harbour Wire", "Northshore Gazette", "Coastline Review"):
        assert outlet in ships["summary"]
    assert "examples/" not in ships["summary"] and ".txt" not in ships["summary"]


def test_the_bundled_example_has_its_striker_conflict(example_dossier: dict[str, object]) -> None:
    assert ("roughly 4,000", "about 4,200") in _conflict_values(example_dossier)


def test_the_bundled_example_strikers_differ_once_told_as_one_fact() -> None:
    articles = [a for a in annotate(extract(EXAMPLES)) if isinstance(a, Article)]
    told = [
        (a, s)
        for a in articles
        if a.annotations
        for s in a.annotations.statements
        if "4,200 dockworkers" in a.text[s.span.start : s.span.end]
        or "4,000 union members" in a.text[s.span.start : s.span.end]
    ]
    support = tuple(support_of(a, s) for a, s in told)
    fact = Fact("F1", support[0].text, support, 2, FactStatus.CORROBORATED)
    found = number_conflicts(articles, [fact])
    strikers = [f for f in found if "dockworkers" in f.question]
    assert [f.values for f in strikers] == [("roughly 4,000", "about 4,200")]
