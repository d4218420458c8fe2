"""Article labels: outlet and day, short and unique, never a path."""

from __future__ import annotations

from crosswire.compare.labels import article_labels, article_name
from crosswire.model import PublicationDate
from tests.conftest import article

DEEP = "/tmp/some/dir/page_{:04d}.txt"


def test_label_is_outlet_and_publication_day() -> None:
    a = article(DEEP.format(1), "x", outlet="Harbour Wire", published="2031-03-04T09:15")
    assert article_labels([a]) == {a.source: "Harbour Wire, 4 Mar"}


def test_the_dossier_s_date_wins_over_the_page_s() -> None:
    a = article(DEEP.format(1), "x", outlet="Harbour Wire")
    estimated = PublicationDate(a.source, "2031-11-09", True, "it retells another article")
    assert article_labels([a], [estimated])[a.source] == "Harbour Wire, 9 Nov"


def test_year_shown_only_when_the_articles_span_years() -> None:
    a = article("a.txt", "x", outlet="Orvik Ledger", published="2030-12-30")
    b = article("b.txt", "x", outlet="Valdren Post", published="2031-01-02")
    assert article_labels([a, b]) == {
        "a.txt": "Orvik Ledger, 30 Dec 2030",
        "b.txt": "Valdren Post, 2 Jan 2031",
    }


def test_two_articles_of_one_outlet_and_day_get_a_short_headline() -> None:
    a = article("a.txt", "x", outlet="Orvik Ledger", published="2031-03-04",
                title="Dam gates opened at Orvik after the storm")  # fmt: skip
    b = article("b.txt", "x", outlet="Orvik Ledger", published="2031-03-04",
                title="Mayor calls for calm")  # fmt: skip
    labels = article_labels([a, b])
    assert labels["a.txt"] == "Orvik Ledger, 4 Mar (Dam gates opened at…)"
    assert labels["b.txt"] == "Orvik Ledger, 4 Mar (Mayor calls for calm)"


def test_identical_labels_are_numbered_in_input_order() -> None:
    twins = [article(DEEP.format(n), "x", outlet="Orvik Ledger", title="Same") for n in (1, 2)]
    assert list(article_labels(twins).values()) == [
        "Orvik Ledger (Same) #1",
        "Orvik Ledger (Same) #2",
    ]


def test_articles_without_headlines_are_numbered() -> None:
    twins = [article(DEEP.format(n), "x", outlet="Orvik Ledger") for n in (1, 2)]
    assert list(article_labels(twins).values()) == ["Orvik Ledger #1", "Orvik Ledger #2"]


def test_no_outlet_means_the_headline_then_the_position_never_the_path() -> None:
    titled = article(DEEP.format(1), "x", title="Ferry service to Saltmere suspended for winter")
    bare = article(DEEP.format(2), "x", published="2031-05-01")
    labels = article_labels([titled, bare])
    assert labels[titled.source] == "“Ferry service to Saltmere…”"
    assert labels[bare.source] == "Article 2, 1 May"
    assert not any("/" in label or ".txt" in label for label in labels.values())


def test_long_outlet_names_are_cut_and_bad_dates_ignored() -> None:
    a = article("a.txt", "x", outlet="The Very Long Name Of A Regional Evening Newspaper",
                published="2031-02-30")  # fmt: skip
    label = article_labels([a])["a.txt"]
    assert label.endswith("…") and len(label) <= 32


def test_article_name_for_evidence() -> None:
    assert article_name(article(DEEP.format(1), "x", outlet="Harbour Wire")) == "Harbour Wire"
    assert article_name(article(DEEP.format(1), "x", title="Cranes idle")) == "“Cranes idle”"
    assert article_name(article(DEEP.format(1), "x")) == "another article"
