"""Independence a reader can see: copies drawn as copies, counts that say why."""

from __future__ import annotations

from collections import Counter

from crosswire.model import Derivation
from crosswire.report.dossier_json import dossier_to_dict
from crosswire.report.independence import add_independence, independence_text, repeated
from crosswire.report.naming import name_articles
from tests.conftest import story_dossier


def copy(article: str, of: str, kind: str = "copy") -> Derivation:
    return Derivation(article, of, kind, 0.9)


def test_repeats_are_all_but_the_original_of_each_group() -> None:
    derivations = [copy("b", "a", "rewrite"), copy("c", "b")]
    assert repeated(["a", "b", "c", "d"], derivations) == ["b", "c"]
    assert repeated(["c", "b"], derivations) == ["c"]  # the original of those here: b


def test_two_copies_of_a_source_not_given_count_once() -> None:
    derivations = [copy("b", "wire"), copy("c", "wire")]
    assert repeated(["b", "c"], derivations) == ["c"]


def test_independence_text() -> None:
    assert independence_text(2, Counter()) == "2 independent outlets"
    assert independence_text(1, Counter(rewrite=1)) == "1 independent outlet (+1 rewrite)"
    assert independence_text(1, Counter(copy=2, rewrite=1)) == (
        "1 independent outlet (+2 copies, +1 rewrite)"
    )
    assert independence_text(0, Counter()) == "no outlet"


def test_fact_cells_mark_the_copy_and_single_source_claims_group_under_the_original() -> None:
    view = dossier_to_dict(story_dossier())
    name_articles(view)
    add_independence(view)
    f1 = view["facts"][0]
    assert [c["repeat"] for c in f1["cells"]] == [False, False, True]
    assert [c["dot"] for c in f1["cells"]] == ["●", "●", "○"]
    assert f1["independence"] == "2 independent outlets (+1 copy)"
    assert view["articles"][2]["derived"]["text"] == "copy of Harbor Gazette, 4 Mar"
    [group] = view["single_source"]
    assert group["label"] == "Harbor Gazette, 4 Mar"
    assert group["repeats"] == [{"label": "Kestrel Wire, 4 Mar", "kind": "copy"}]
    assert [f["id"] for f in group["facts"]] == ["F3"]
