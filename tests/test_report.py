"""The dossier renderings: content shown, page text always escaped, HTML self-contained."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.errors import ConfigError
from crosswire.model import (
    Article,
    Basis,
    Caption,
    DateValue,
    Embed,
    Evidenced,
    InputFailure,
    Paragraph,
    Provenance,
    Removed,
    Span,
)
from crosswire.report import escape_markdown, render_article, render_dossier
from crosswire.serialize import article_to_dict

NOW = datetime(2031, 3, 5, 7, 30, tzinfo=UTC)
SCRIPT = "<script>alert(1)</script>"


def article(
    source: str,
    paragraphs: list[str],
    *,
    title: str = "Dam gates opened at Orvik",
    langs: list[str | None] | None = None,
    **fields: object,
) -> Article:
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for para in paragraphs:
        spans.append(Span(pos, pos + len(para)))
        pos += len(para) + 2
    langs = langs or [None] * len(paragraphs)
    prov = Provenance(source, 0, 1)
    return Article(
        source=source,
        text=text,
        paragraphs=tuple(Paragraph(s, prov, lang) for s, lang in zip(spans, langs, strict=True)),
        title=Evidenced(title, Basis.STATED, title),
        language="en",
        **fields,  # type: ignore[arg-type]
    )


def two_articles() -> list[Article]:
    prov = Provenance("a.txt", 0, 1)
    first = article(
        "a.txt",
        ["Engineers opened the spillway at noon.", "Ο δήμαρχος ζήτησε ψυχραιμία."],
        langs=[None, "el"],
        outlet=Evidenced("Orvik Ledger", Basis.URL, "orvik-ledger.example"),
        authors=("Mara Quell",),
        authors_basis=Basis.STATED,
        published=DateValue(
            "2030-06-07T14:05",
            Basis.STATED,
            "Published on 07-06-2030 14:05",
            True,
            ("2030-06-07T14:05", "2030-07-06T14:05"),
        ),
        captions=(Caption("La presa al amanecer.", prov, "es"),),
        embeds=(Embed("Water is rising fast", prov, "Tova Brin", "@tovab", "2030-06-07", "en"),),
        tags=("floods", "Orvik"),
        removed=(Removed("Donate to keep us independent", "donation appeal", prov),),
    )
    second = article(
        "b.html",
        ["Residents downstream were told to leave."],
        title="Orvik evacuates low streets",
        mode="html",
    )
    return [first, second]


VOID_ELEMENTS = {"meta", "br", "img", "input", "link", "hr"}


class TagCollector(HTMLParser):
    """Start tags and attributes seen, and whether every element was closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.open: list[str] = []
        self.misnested: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.misnested.append(tag)


def parse(html: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html)
    return collector


def test_html_shows_articles_side_by_side_with_metadata() -> None:
    html = render_dossier(two_articles(), [], fmt="html", generated_at=NOW)
    tags = parse(html).tags
    assert tags.count("article") == 2
    assert "Orvik Ledger" in html and "Mara Quell" in html
    assert "2030-06-07T14:05" in html and "(stated)" in html
    assert "ambiguous: 2030-06-07T14:05 or 2030-07-06T14:05" in html
    assert "Orvik evacuates low streets" in html
    assert "2031-03-05T07:30:00+00:00" in html


def test_html_marks_foreign_paragraphs_captions_and_lists_removed_lines() -> None:
    html = render_dossier(two_articles(), [], fmt="html", generated_at=NOW)
    assert '<p class="foreign">' in html and '<span lang="el" dir="auto">' in html
    assert 'lang="es"' in html and "La presa al amanecer." in html
    assert "@tovab" in html and "Water is rising fast" in html
    assert "<details" in html and "donation appeal" in html
    assert "Donate to keep us independent" in html
    assert '<span class="tag">floods</span>' in html


def test_html_lists_failures() -> None:
    failures = [InputFailure("broken.gz", "truncated gzip stream")]
    html = render_dossier([], failures, fmt="html", generated_at=NOW)
    assert "Inputs that failed" in html
    assert "broken.gz" in html and "truncated gzip stream" in html
    assert "No articles were extracted" in html


def test_html_is_self_contained() -> None:
    html = render_dossier(two_articles(), [InputFailure("x", "y")], fmt="html", generated_at=NOW)
    parsed = parse(html)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parsed.tags)
    assert not [name for name, _ in parsed.attrs if name in ("src", "srcset")]
    assert "@import" not in html and "url(" not in html
    assert "<style>" in html
    assert parsed.misnested == [] and parsed.open == []


def test_page_text_is_escaped_everywhere_in_html() -> None:
    prov = Provenance("evil.txt", 0, 1)
    evil = article(
        "evil.txt",
        [f"Before {SCRIPT} after"],
        title=SCRIPT,
        outlet=Evidenced(SCRIPT, Basis.STATED),
        authors=(SCRIPT,),
        standfirst=SCRIPT,
        captions=(Caption(SCRIPT, prov),),
        embeds=(Embed(SCRIPT, prov, SCRIPT, SCRIPT, SCRIPT, '"><b>'),),
        tags=(SCRIPT,),
        removed=(Removed(SCRIPT, SCRIPT, prov),),
        url="javascript:alert(1)",
    )
    html = render_dossier([evil], [InputFailure(SCRIPT, SCRIPT)], fmt="html", generated_at=NOW)
    parsed = parse(html)
    assert "script" not in parsed.tags
    assert "b" not in parsed.tags  # the lang attribute value could not break out either
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert ("href", "javascript:alert(1)") not in parsed.attrs


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda t: "\n\n" not in t))
def test_any_page_text_yields_only_template_tags(text: str) -> None:
    a = article("p.txt", [text], title=text, tags=(text,))
    tags = set(parse(render_dossier([a], [], fmt="html", generated_at=NOW)).tags)
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p"}
    allowed |= {"time", "main", "article", "dl", "dt", "dd", "section", "span", "details"}
    allowed |= {"summary", "ul", "ol", "li", "q", "br", "b", "blockquote", "footer", "a"}
    assert tags <= allowed


def test_markdown_escapes_page_text() -> None:
    evil = article("m.txt", [f"# Not a heading {SCRIPT}", "1. not a list"], title=f"[x]({SCRIPT})")
    md = render_dossier([evil], [], fmt="md", generated_at=NOW)
    assert SCRIPT not in md
    assert "\\<script\\>" in md
    assert "\\# Not a heading" in md
    assert "1\\. not a list" in md
    assert "\\[x\\]" in md


def test_markdown_dossier_content() -> None:
    md = render_dossier(two_articles(), [InputFailure("gone.html", "no such file")], fmt="md",
                        generated_at=NOW)  # fmt: skip
    assert md.startswith("# Story dossier")
    assert "## Dam gates opened at Orvik" in md
    assert "\\[el\\] Ο δήμαρχος ζήτησε ψυχραιμία." in md
    assert "> Water is rising fast" in md
    assert "*donation appeal:* Donate to keep us independent" in md
    assert "gone.html: no such file" in md


def test_json_dossier() -> None:
    articles = two_articles()
    out = json.loads(
        render_dossier(articles, [InputFailure("x", "empty file")], fmt="json", generated_at=NOW)
    )
    assert out["generated_at"] == "2031-03-05T07:30:00+00:00"
    assert out["articles"] == [article_to_dict(a) for a in articles]
    assert out["failures"] == [{"source": "x", "error": "empty file"}]


def test_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        render_dossier([], [], fmt="pdf", generated_at=NOW)  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        render_article(two_articles()[0], "pdf")  # type: ignore[arg-type]


def test_render_article_text_and_markdown() -> None:
    a = two_articles()[0]
    text = render_article(a, "text")
    assert text.startswith("==> a.txt <==\n\nDam gates opened at Orvik\n\n")
    assert text.endswith(a.text + "\n")
    md = render_article(a, "markdown")
    assert md.startswith("## Dam gates opened at Orvik")
    assert "Engineers opened the spillway at noon." in md


def test_empty_article_says_no_text_found() -> None:
    empty = Article(source="menu-only.txt", text="")
    assert "No article text was found" in render_dossier([empty], [], fmt="html", generated_at=NOW)
    assert "No article text was found" in render_article(empty, "markdown")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a*b_c", "a\\*b\\_c"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("x & y", "x \\& y"),
        ("10) ten", "10\\) ten"),
        ("2024-03-11 and 1-2", "2024-03-11 and 1-2"),
        ("  # deep", "  \\# deep"),
    ],
)
def test_escape_markdown(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_escaped_markdown_leaves_no_bare_markup_character(text: str) -> None:
    escaped = escape_markdown(text)
    unescaped = escaped.replace("\\\\", "")  # drop escaped backslashes, then check the rest
    for i, char in enumerate(unescaped):
        if char in "<>`*_[]|~&":
            assert i > 0 and unescaped[i - 1] == "\\", (text, escaped)
