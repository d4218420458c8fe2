"""Articles named for people in the rendered views: labels beside every article reference."""

from __future__ import annotations

from dataclasses import replace

from crosswire.report.dossier_json import dossier_to_dict
from crosswire.report.naming import name_articles, names_of, unbroken_day, unpathed
from tests.conftest import story_dossier


def test_every_article_reference_gets_its_label() -> None:
    view = dossier_to_dict(story_dossier())
    labels = name_articles(view)
    assert labels == {
        "gazette.txt": "Harbor Gazette, 4 Mar",
        "https://post.example/bridge": "Valdren Post, 5 Mar",
        "wire.txt": "Kestrel Wire, 4 Mar",
    }
    supports = [s for f in view["facts"] for s in f["support"]]
    supports += [s for c in view["conflicts"] for side in c["sides"] for s in side]
    supports += [v for q in view["quotes"] for v in q["variants"]]
    supports += [s for e in view["timeline"] for s in e["support"]]
    assert all(s["label"] == labels[s["article"]] for s in supports)
    assert view["quotes"][0]["first_label"] == "Harbor Gazette, 4 Mar"
    d = view["derivations"][0]
    assert (d["article_label"], d["derived_from_label"]) == (
        "Kestrel Wire, 4 Mar",
        "Harbor Gazette, 4 Mar",
    )


def test_an_outlet_list_that_fell_back_to_a_source_shows_the_label() -> None:
    dossier = story_dossier()
    actor = replace(dossier.actors[0], quoted_by=("wire.txt", "Valdren Post"))
    view = dossier_to_dict(replace(dossier, actors=(actor,)))
    name_articles(view)
    assert view["actors"][0]["quoted_by_names"] == ["Kestrel Wire, 4 Mar", "Valdren Post"]
    assert names_of(["a", "a", "b"], {}) == ["a", "b"]


def test_stage_sentences_lose_their_paths_but_not_their_words() -> None:
    labels = {"/in/page_0001.txt": "Harbour Wire, 4 Mar", "a": "Coastline Review, 5 Mar"}
    assert unpathed("it retells /in/page_0001.txt (2031-03-04)", labels) == (
        "it retells Harbour Wire, 4 Mar (2031-03-04)"
    )
    assert unpathed("a ship and a crane", labels) == "a ship and a crane"


def test_a_label_s_day_stays_on_one_line() -> None:
    assert unbroken_day("The Times of Israel, 9 Nov") == "The Times of Israel, 9\u00a0Nov"
    assert unbroken_day("Orvik Ledger, 30 Dec 2030") == "Orvik Ledger, 30\u00a0Dec\u00a02030"
    assert unbroken_day("Article 2") == "Article 2"
