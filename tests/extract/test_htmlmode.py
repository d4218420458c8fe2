"""HTML mode: body vs captions vs embeds vs furniture, metadata, and no crash on odd markup.

Every page here is invented (an invented outlet and story), written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.extract import htmlmeta, htmlmode
from crosswire.extract.htmlmode import HtmlExtraction, extract_html
from crosswire.extract.htmlrender import render
from crosswire.model import Line, LineLabel
from tests.pages import (
    LIGHTHOUSE_CAPTION,
    LIGHTHOUSE_FOOTER,
    LIGHTHOUSE_NAV,
    LIGHTHOUSE_PARAGRAPHS,
    LIGHTHOUSE_TWEET,
    SCRIPT_MARK,
    lighthouse_page,
)


@pytest.fixture(scope="module")
def extraction() -> HtmlExtraction:
    return extract_html(lighthouse_page(), url="https://ledger.example/2025/03/14/lighthouse")


def texts(extraction: HtmlExtraction, label: LineLabel) -> list[str]:
    return [line.text for line in extraction.lines if line.label is label]


def test_body_holds_the_article_paragraphs(extraction: HtmlExtraction) -> None:
    body = "\n".join(texts(extraction, LineLabel.BODY))
    for paragraph in LIGHTHOUSE_PARAGRAPHS:
        assert paragraph in body


def test_captions_embeds_and_furniture_stay_out_of_the_body(extraction: HtmlExtraction) -> None:
    body = "\n".join(texts(extraction, LineLabel.BODY))
    assert LIGHTHOUSE_CAPTION not in body and LIGHTHOUSE_TWEET not in body
    assert texts(extraction, LineLabel.CAPTION) == [LIGHTHOUSE_CAPTION]
    assert any(LIGHTHOUSE_TWEET in text for text in texts(extraction, LineLabel.EMBED))
    assert LIGHTHOUSE_FOOTER not in body
    assert not any(item in body.split("\n") for item in LIGHTHOUSE_NAV)
    assert LIGHTHOUSE_FOOTER in extraction.page_text  # rendered, just not body


def test_embed_keeps_its_author_handle_date_and_address(extraction: HtmlExtraction) -> None:
    (embed,) = extraction.embeds
    assert embed.text == LIGHTHOUSE_TWEET
    assert (embed.author, embed.handle, embed.date) == ("Kai Brenner", "@kaibrenner", "2025-03-14")
    assert embed.platform == "twitter"
    assert embed.url == "https://twitter.com/kaibrenner/status/1234567890"
    assert LIGHTHOUSE_TWEET in extraction.page_text[embed.start : embed.end]


def test_headline_is_the_title_line(extraction: HtmlExtraction) -> None:
    assert texts(extraction, LineLabel.TITLE) == ["Porthaven lighthouse shines again after storm"]


def test_scripts_and_styles_never_reach_the_text(extraction: HtmlExtraction) -> None:
    assert SCRIPT_MARK not in extraction.page_text
    assert "color: red" not in extraction.page_text


def test_lines_are_spans_of_the_rendered_page(extraction: HtmlExtraction) -> None:
    for line in extraction.lines:
        assert extraction.page_text[line.start : line.end] == line.text
        assert line.reason
    starts = [line.start for line in extraction.lines]
    assert starts == sorted(starts)


def test_metadata_from_the_markup(extraction: HtmlExtraction) -> None:
    meta = extraction.meta
    assert meta.title == "Porthaven lighthouse shines again after storm"
    assert meta.authors == ("Mara Quell", "Tobias Fenn")
    assert meta.published == "2025-03-14T18:45+01:00"
    assert meta.modified is not None and meta.modified.startswith("2025-03-15")
    assert meta.sitename == "The Harbourview Ledger"
    assert meta.description == "Volunteers finish restoring the harbour lighthouse."
    assert meta.language == "en"
    assert {"Porthaven", "Lighthouses"} <= set(meta.tags)
    assert meta.url == "https://ledger.example/2025/03/14/lighthouse"


def test_date_without_time_stays_a_date() -> None:
    page = lighthouse_page(with_tweet=False).replace("2025-03-14T18:45:00+01:00", "2025-03-14")
    assert extract_html(page).meta.published == "2025-03-14"


def test_now_bounds_the_dates_htmldate_accepts() -> None:
    from datetime import datetime

    meta = extract_html(lighthouse_page(), now=datetime(2025, 3, 1)).meta
    assert meta.published is None or meta.published < "2025-03-02"


def test_article_split_into_sibling_chunks_comes_back_whole() -> None:
    root = htmlmode._parse(
        "<html><body><div class='chunk'>"
        + "".join(f"<p>{p}</p>" for p in LIGHTHOUSE_PARAGRAPHS[:3])
        + "</div><div class='ad'>Advertisement</div><div class='chunk'>"
        + "".join(f"<p>{p}</p>" for p in LIGHTHOUSE_PARAGRAPHS[3:])
        + "<p>Share this story</p></div><aside><div class='chunk'><p>"
        + LIGHTHOUSE_PARAGRAPHS[0].upper()
        + "</p></div></aside></body></html>"
    )
    assert root is not None
    _, blocks = render(root)
    first_chunk = {i for i, b in enumerate(blocks) if b.text in LIGHTHOUSE_PARAGRAPHS[:3]}
    rescued = htmlmode._rescue_chunks(blocks, first_chunk)
    assert {blocks[i].text for i in rescued} == set(LIGHTHOUSE_PARAGRAPHS[3:])


def test_class_less_containers_are_not_chunks() -> None:
    root = htmlmode._parse(
        "<html><body><div>" + "".join(f"<p>{p}</p>" for p in LIGHTHOUSE_PARAGRAPHS[:3]) + "</div>"
        "<div><p>" + LIGHTHOUSE_PARAGRAPHS[4] + "</p></div></body></html>"
    )
    assert root is not None
    _, blocks = render(root)
    first = {i for i, b in enumerate(blocks) if b.text in LIGHTHOUSE_PARAGRAPHS[:3]}
    assert htmlmode._rescue_chunks(blocks, first) == set()


def test_list_items_and_table_cells_are_found_in_the_rendering() -> None:
    page = "Intro line\nFirst item\nSecond item\nCell one\nCell two"
    spans = htmlmode._locate(
        ["- First item", "- Second item", "| Cell one | Cell two |", "|---|---|"],
        page.replace("\n", " "),
    )
    assert [page[a:b] for a, b in spans] == ["First item\nSecond item\nCell one\nCell two"]


def test_paragraph_with_different_inner_spacing_is_found_by_its_ends() -> None:
    rendered = (
        "Menu\nThe council voted on Tuesday , after a long debate in the town hall, to keep the "
        "ferry running all winter long.\n"
    )
    extracted = (
        "The council voted on Tuesday, after a long debate in the town hall, to keep the "
        "ferry running all winter long."
    )
    spans = htmlmode._locate([extracted], rendered.replace("\n", " "))
    assert [rendered[a:b] for a, b in spans] == [rendered[5:-1]]


def test_menu_dump_is_recognised() -> None:
    assert htmlmode._menu_like("\n".join(["Home", "News", "Sport", "Council"] * 6))
    assert not htmlmode._menu_like("\n".join(LIGHTHOUSE_PARAGRAPHS * 4))


def test_htmldate_times_become_iso() -> None:
    assert htmlmeta.iso_date("2019-11-20T10:31:00-0600") == "2019-11-20T10:31:00-06:00"
    assert htmlmeta.iso_date("2019-11-20T00:00:00") == "2019-11-20"
    assert htmlmeta.iso_date(None) is None


def test_instagram_embed_signature() -> None:
    page = lighthouse_page(with_tweet=False).replace(
        "</article>",
        '<blockquote class="instagram-media" data-instgrm-permalink='
        '"https://www.instagram.com/p/AbC123/"><div><p>Lantern glow from the water</p>'
        "<p>A post shared by Porthaven Sailing Club (@porthavensail) on "
        '<time datetime="2025-03-13T20:01:00+00:00">Mar 13, 2025</time></p></div>'
        "</blockquote></article>",
    )
    (embed,) = extract_html(page).embeds
    assert embed.platform == "instagram"
    assert embed.handle == "@porthavensail"
    assert embed.author == "Porthaven Sailing Club"
    assert embed.date == "2025-03-13"
    assert embed.url == "https://www.instagram.com/p/AbC123/"
    assert "Lantern glow from the water" in embed.text


ODD_PAGES = [
    "",
    "   \n ",
    "<html></html>",
    "<html><head><title>Only a head</title></head></html>",
    "<script>alert('x')</script>",
    "plain words with no markup at all",
    "<p>unclosed <b>bold <i>italic <div>mixed",
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>déclaré</p></body></html>',
    "\x00\x01\x02 binary-ish \ufffd",
    "<div>" * 5000 + "deep" + "</div>" * 5000,
    "<table><tr><td>a<td>b</table></table></tr>",
    "<!-- only a comment -->",
    "<html><body><p>tail after comment <!-- c --> still text</p></body></html>",
]


@pytest.mark.parametrize("page", ODD_PAGES)
def test_odd_markup_never_crashes(page: str) -> None:
    result = extract_html(page)
    assert_consistent(result)


def test_huge_page_is_read_whole() -> None:
    paragraphs = (f"<p>{LIGHTHOUSE_PARAGRAPHS[i % 6]} {i}</p>" for i in range(8000))
    result = extract_html("<html><body>" + "".join(paragraphs) + "</body></html>")
    assert_consistent(result)
    assert len(result.page_text) > 1_000_000


def assert_consistent(result: HtmlExtraction) -> None:
    for line in result.lines:
        assert 0 <= line.start <= line.end <= len(result.page_text)
        assert result.page_text[line.start : line.end] == line.text


FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='caption'>",
        "</div>",
        "<blockquote class='twitter-tweet'>",
        "</blockquote>",
        "<script>",
        "</script>",
        "<br>",
        "<figcaption>",
        "<h1>",
        "<!--",
        "-->",
        "&amp;",
        "&#0;",
        "<style>",
        "<a href='x'>",
        "\n",
        " ",
    ]
)
WORDS = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, WORDS), max_size=40))
def test_any_markup_gives_consistent_lines(parts: list[str]) -> None:
    page = "".join(parts)
    result = extract_html(page)
    assert_consistent(result)
    if "<script>" not in page and "<style>" not in page and "<!--" not in page:
        return
    # text written only inside a script must never be rendered
    marked = extract_html(f"<html><body>{page}<script>zzqqscript</script></body></html>")
    assert "zzqqscript" not in marked.page_text


def test_second_opinion_takes_furniture_out_of_the_body() -> None:
    page_text = "Related posts\nA paragraph of the story that runs on for a while and ends here."
    lines = [
        Line(0, 13, "Related posts", LineLabel.BODY, htmlmode.BODY_REASON),
        Line(14, len(page_text), page_text[14:], LineLabel.BODY, htmlmode.BODY_REASON),
    ]
    opinion = Line(0, 13, "Related posts", LineLabel.FURNITURE, "related posts")
    assert htmlmode._vetoes(opinion)
    assert not htmlmode._vetoes(Line(0, 13, "x", LineLabel.BODY, "prose"))
    assert [line.label for line in htmlmode._second_opinion(page_text, lines)][1] is LineLabel.BODY


def test_byline_above_the_body_is_labelled_by_the_text_classifier(
    extraction: HtmlExtraction,
) -> None:
    assert texts(extraction, LineLabel.BYLINE) == ["By Mara Quell and Tobias Fenn"]


def test_a_list_of_links_inside_the_main_text_is_not_body() -> None:
    teasers = "".join(
        f'<p><a href="/story/{i}">Another harbour story number {i} worth a click today</a></p>'
        for i in range(4)
    )
    page = lighthouse_page(with_tweet=False).replace(
        "</div>\n</article>", teasers + "</div></article>"
    )
    result = extract_html(page)
    body = "\n".join(texts(result, LineLabel.BODY))
    assert "worth a click" not in body
    assert LIGHTHOUSE_PARAGRAPHS[-1] in body


def test_outside_lines_take_the_head_labels_of_the_text_classifier() -> None:
    outside = Line(0, 9, "By A Name", LineLabel.FURNITURE, htmlmode.OUTSIDE_REASON)
    byline = Line(0, 9, "By A Name", LineLabel.BYLINE, "byline at the head")
    menu = Line(0, 9, "By A Name", LineLabel.FURNITURE, "navigation")
    assert htmlmode._adopts(outside, byline)
    assert not htmlmode._adopts(outside, menu)


def test_a_keywords_list_becomes_separate_tags() -> None:
    page = lighthouse_page(with_tweet=False).replace(
        "<head>", '<head><meta name="keywords" content="harbour, lighthouse; restoration">', 1
    )
    tags = extract_html(page).meta.tags
    assert {"harbour", "lighthouse", "restoration"} <= set(tags)
    assert not any("," in tag or ";" in tag for tag in tags)


def test_no_metadata_where_trafilatura_finds_no_document() -> None:
    page = "<html><head><title>Harbour notes</title></head><body><p>x</p></body></html>"
    assert extract_html(page).meta.title == "Harbour notes"
    empty = extract_html(page.replace("<p>x</p>", ""))
    assert empty.meta.title is None  # as trafilatura's own metadata: none without a document


# ---------------------------------------------------------------- declared metadata, end to end

DECLARED_PARAGRAPHS = [
    "The Glenmoor council voted on Tuesday evening to fund the new footbridge over the river Ael, "
    "ending a dispute that had run for three winters between the town and the ferry operators.",
    "Work is to start in the spring, the council said, and the old ferry will keep running until "
    "the bridge opens to walkers and cyclists at the end of next year.",
    "Residents who had campaigned for the crossing gathered outside the hall to hear the result, "
    "and several said they had waited a decade for a way across that did not depend on the tide.",
]


def declared_page() -> str:
    """A page whose header shows the day it was viewed and whose heading carries a kicker, while its
    JSON-LD and meta tags declare the article's own date, headline and author."""
    ld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Council backs the new footbridge",'
        ' "datePublished": "2024-06-04T19:30:00+01:00",'
        ' "author": {"@type": "Person", "name": "Wren Odell"}}'
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in DECLARED_PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="en"><head>
<title>Council backs the new footbridge | Glenmoor Gazette</title>
<meta property="og:title" content="Council backs the new footbridge | Glenmoor Gazette">
<meta property="og:site_name" content="Glenmoor Gazette">
<script type="application/ld+json">{ld}</script>
</head><body>
<header><p>Friday, 7 June 2024</p></header>
<main><article>
<h1>Bridge vote Council backs the new footbridge at last</h1>
<p class="meta">Friday, 7 June 2024</p>
<div class="story">{paragraphs}</div>
</article></main></body></html>"""


def test_declared_metadata_outranks_what_the_text_offers() -> None:
    from crosswire.extract.article import extract_article
    from crosswire.model import Basis, Page

    page = Page(source="bridge.html", content=declared_page(), kind="html")
    article = extract_article(page)
    assert article.published.value == "2024-06-04T19:30+01:00"
    assert article.published.basis is Basis.METADATA
    assert article.title.value == "Council backs the new footbridge"
    assert article.authors == ("Wren Odell",)


def test_a_tree_too_large_for_trafilatura_is_read_in_text_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # trafilatura's tree passes are quadratic on huge trees; over the cap they are not run.
    called: list[str] = []
    monkeypatch.setattr(htmlmode, "_trafilatura", lambda *args: called.append("x"))
    monkeypatch.setattr(htmlmode, "MAX_TRAFILATURA_ELEMENTS", 20)
    page = extract_html(lighthouse_page(), url="https://ledger.example/2025/03/14/lighthouse")
    assert not called
    assert LIGHTHOUSE_PARAGRAPHS[0] in page.body_text()
    assert not any(line in LIGHTHOUSE_NAV for line in page.body_text().split("\n"))


def test_a_tree_far_past_any_article_page_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.errors import InputError
    from crosswire.extract.article import extract_pages
    from crosswire.model import Hints, InputFailure, Page

    monkeypatch.setattr(htmlmode, "MAX_HTML_ELEMENTS", 20)
    with pytest.raises(InputError, match=r"HTML elements, more than the 20 read"):
        extract_html(lighthouse_page())
    page = Page(source="huge.html", content=lighthouse_page(), kind="html", hints=Hints())
    (failure,) = extract_pages([page])
    assert isinstance(failure, InputFailure)
    assert failure.message.endswith(
        "more than the 20 read (news pages have a few thousand): not read"
    )
