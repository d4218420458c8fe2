"""Markup nested past the parser's depth is flattened, and the article inside it kept."""

from crosswire.extract.deep_markup import MAX_NESTING, flatten_deep_nesting
from crosswire.extract.htmlmode import extract_html

ARTICLE = "<h1>Ferry landing at Brackwater to close after a century of service</h1>" + "".join(
    f"<p>The council of Brackwater voted on Tuesday to close landing number {i}, and commuters "
    "who cross the harbour every morning said they had not been asked.</p>"
    for i in range(6)
)


def _wrapped(depth: int, tag: str = "div") -> str:
    return f"<html><body>{f'<{tag}>' * depth}{ARTICLE}{f'</{tag}>' * depth}</body></html>"


def test_an_article_inside_a_hundred_thousand_divs_keeps_its_title_and_paragraphs() -> None:
    extraction = extract_html(_wrapped(100_000))
    body = extraction.body_text()
    assert body.count("commuters who cross the harbour") == 6
    assert len(body.split("\n")) == 6  # the paragraphs stay apart
    assert extraction.meta.title == (
        "Ferry landing at Brackwater to close after a century of service"
    )


def test_inline_wrappers_nested_past_the_limit_are_flattened_too() -> None:
    body = extract_html(_wrapped(50_000, "b")).body_text()
    assert body.count("commuters who cross the harbour") == 6


def test_shallow_markup_is_returned_unchanged() -> None:
    page = _wrapped(MAX_NESTING - 60)
    assert flatten_deep_nesting(page) is page


def test_only_the_tags_past_the_limit_go_and_every_word_stays() -> None:
    page = _wrapped(1000)
    flat = flatten_deep_nesting(page)
    assert flat.count("<div>") < MAX_NESTING and flat.count("</div>") == flat.count("<div>")
    assert flat.replace("<div>", "").replace("</div>", "") == page.replace("<div>", "").replace(
        "</div>", ""
    )


def test_markup_inside_scripts_and_void_elements_does_not_count_as_nesting() -> None:
    script = "<script>" + "<div>" * 5000 + "</script>"
    page = f"<html><body>{'<br>' * 5000}{script}{ARTICLE}</body></html>"
    assert flatten_deep_nesting(page) is page


def test_stray_closing_tags_are_kept_as_they_are() -> None:
    page = "<div>" * 300 + "</span>" * 100_000 + ARTICLE + "</div>" * 300
    flat = flatten_deep_nesting(page)
    assert flat.count("</span>") == 100_000 and "commuters" in flat
