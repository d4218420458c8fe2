"""The article of a page: body, head, captions, embeds and furniture apart, with provenance."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.extract.article import extract_article, extract_pages
from crosswire.model import Hints, InputFailure, LineLabel, Page
from tests.conftest import text_page
from tests.pages import APPEAL_DUMP, BROWSER_DUMP, HTML_PAGE, ONLY_FURNITURE


def test_browser_dump_body_and_metadata_lines_are_apart() -> None:
    a = extract_article(text_page(BROWSER_DUMP))
    assert a.text.startswith("The river broke through an earth embankment")
    assert "volunteers brought blankets" in a.text.lower()
    assert "Related Posts" not in a.text and "Peter Olsen" not in a.text
    assert a.title.value == "River Osta bursts its banks as rain keeps falling over the valley"
    assert a.standfirst and a.standfirst.startswith("Emergency crews evacuated")
    assert a.authors == ("Marta Lindqvist",)
    assert "Peter Olsen" not in a.authors
    assert [c.text for c in a.captions] == [
        "Rescue boats on the flooded main street of Dunmere. Photo: Lakeside Herald"
    ]
    assert not a.problems or all(p.stage != "extract" for p in a.problems)


def test_paragraph_spans_and_provenance_point_at_the_same_words() -> None:
    page = text_page(BROWSER_DUMP)
    a = extract_article(page)
    assert a.paragraph_texts() == a.text.split("\n\n")
    for p in a.paragraphs:
        assert (
            page.content[p.provenance.start : p.provenance.end] == a.text[p.span.start : p.span.end]
        )


def test_appeals_inside_and_after_the_body_are_removed_with_reasons() -> None:
    a = extract_article(text_page(APPEAL_DUMP))
    assert "harbour authority of Port Velan" in a.text
    assert "Shipping companies have begun" in a.text
    for furniture in (
        "Morning Briefing",
        "By signing up",
        "Your support is essential",
        "Anna Kovalenko",
    ):
        assert furniture not in a.text
    assert "Anna Kovalenko" not in a.authors
    reasons = {r.text: r.reason for r in a.removed}
    assert reasons["By signing up, you agree to the terms"]


def test_embedded_post_is_kept_apart_with_author_handle_date_and_language() -> None:
    a = extract_article(text_page(APPEAL_DUMP))
    assert "Seguimos firmes" not in a.text
    (embed,) = a.embeds
    assert embed.text.startswith("Seguimos firmes")
    assert (embed.author, embed.handle, embed.date) == (
        "Jonas Petrak",
        "@jpetrak_union",
        "2026-03-03",
    )
    assert embed.language == "es"


def test_page_of_furniture_gives_an_empty_article_with_a_problem() -> None:
    a = extract_article(text_page(ONLY_FURNITURE))
    assert a.text == ""
    assert any(p.stage == "extract" and "furniture" in p.message for p in a.problems)
    assert a.removed


def test_html_page_goes_through_html_mode() -> None:
    a = extract_article(Page(source="p.html", content=HTML_PAGE, kind="html"))
    assert a.mode == "html"
    assert "old stone bridge" in a.text
    assert "alert(" not in a.text
    assert "The repaired bridge on Monday morning" not in a.text
    assert any("repaired bridge" in c.text for c in a.captions)
    assert a.outlet.value == "Northgate Tribune"
    assert a.authors == ("Sofia Brandt",)
    assert a.published.value and a.published.value.startswith("2026-01-20")


def test_user_hints_win() -> None:
    hints = Hints(outlet="My Outlet", published="2026-03-04")
    a = extract_article(text_page(APPEAL_DUMP, hints=hints))
    assert a.outlet.value == "My Outlet"
    assert a.published.value == "2026-03-04"
    assert a.published.basis == "user"


def test_labels_cover_every_non_empty_line() -> None:
    a = extract_article(text_page(BROWSER_DUMP))
    kept = len(a.paragraphs) + len(a.captions) + len(a.removed)
    non_empty = [ln for ln in BROWSER_DUMP.splitlines() if ln.strip()]
    assert kept <= len(non_empty)
    assert LineLabel.BODY.value == "body"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=600))
def test_never_raises_and_spans_stay_inside(text: str) -> None:
    page = text_page(text)
    a = extract_article(page)
    for p in a.paragraphs:
        assert 0 <= p.span.start <= p.span.end <= len(a.text)
        assert 0 <= p.provenance.start <= p.provenance.end <= len(text)


def test_a_page_past_its_time_budget_is_a_failure_and_the_other_pages_go_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crosswire.extract import article as article_module

    real_classify = article_module.classify_lines

    def classify(text: str, **options: Any) -> Any:
        while "endless" in text:  # a freak page: this one never finishes
            pass
        return real_classify(text, **options)

    monkeypatch.setattr(article_module, "classify_lines", classify)
    pages = [text_page(BROWSER_DUMP, "a.txt"), text_page("endless\n" + APPEAL_DUMP, "b.txt")]
    results = extract_pages([*pages, text_page(APPEAL_DUMP, "c.txt")], page_timeout=0.3)
    assert [type(r).__name__ for r in results] == ["Article", "InputFailure", "Article"]
    failure = results[1]
    assert isinstance(failure, InputFailure)
    assert failure.message == (
        "extraction took longer than 0.3 s, the time budget of one page "
        "(page_timeout, --page-timeout, raises it)"
    )
