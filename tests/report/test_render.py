"""The dossier renderings: every section shown, page text always escaped, HTML self-contained.

Golden files: tests/report/golden/dossier.html and dossier.md are the renderings of
`story_dossier()` (tests/conftest.py). After an intended change of the output, regenerate them on
purpose with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/report/test_render.py -k golden` and review the
diff.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.errors import ConfigError
from crosswire.model import (
    Actor,
    Article,
    Basis,
    Caption,
    Conflict,
    ConflictKind,
    DateValue,
    Derivation,
    Dossier,
    Embed,
    Evidenced,
    Fact,
    FactStatus,
    InputFailure,
    LedgerQuote,
    Provenance,
    PublicationDate,
    QuoteKind,
    QuoteVariant,
    Removed,
    Span,
    Story,
    TimelineEvent,
    VariantKind,
)
from crosswire.report import render as report
from crosswire.report.dossier_json import dossier_to_dict
from crosswire.report.render import (
    Highlight,
    escape_markdown,
    highlight_html,
    render_article,
    render_articles,
    render_dossier,
    render_stories,
)
from tests.conftest import (
    DOSSIER_SCHEMA,
    article,
    empty_dossier,
    paragraphed_article,
    paragraphs_of,
    story_dossier,
    support,
)

NOW = datetime(2031, 3, 5, 7, 30, tzinfo=UTC)
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
EVIL = f"{SCRIPT}{BREAKOUT}"
GOLDEN = Path(__file__).parent / "golden"
# The sections of a dossier with something in each, in order.
SECTIONS = (
    "Facts and outlet coverage",
    "Conflicts",
    "Single-source claims",
    "Quote ledger",
    "Timeline",
    "Actors",
    "Sources and derivations",
    "Articles",
    "Inputs that failed",
)


def two_articles() -> list[Article]:
    prov = Provenance("a.txt", 0, 1)
    text = "Engineers opened the spillway at noon.\n\nΟ δήμαρχος ζήτησε ψυχραιμία."
    first = article(
        "a.txt",
        text,
        title="Dam gates opened at Orvik",
        language="en",
        paragraphs=paragraphs_of("a.txt", text, [None, "el"]),
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
    return [first]


VOID_ELEMENTS = {"meta", "br", "img", "input", "link", "hr"}


class TagCollector(HTMLParser):
    """Start tags, attributes, ids and links seen, and whether every element closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.open: list[str] = []
        self.misnested: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.misnested.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def values(self, name: str) -> list[str]:
        return [v or "" for n, v in self.attrs if n == name]


def parse(html: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector


def html_of(dossier: Dossier) -> str:
    return render_dossier(dossier, fmt="html", generated_at=NOW)


# ---------------------------------------------------------------- highlighting


def hl(start: int, end: int, anchor: str, kind: str = "fact") -> Highlight:
    return Highlight(start, end, kind, anchor, f"entry-{anchor}", anchor.upper())


def shown_text(html: str) -> str:
    """The text a reader sees, without the entry labels the marks carry."""
    return unescape(re.sub(r'<a class="ref"[^>]*>[^<]*</a>|<[^>]+>', "", html))


def test_highlight_nests_a_quote_inside_a_sentence() -> None:
    text = 'He said "go now" & left.'
    out = highlight_html(text, [hl(0, len(text), "f1"), hl(9, 15, "q1", "quote")])
    assert out == (
        '<mark class="fact" id="f1"><a class="ref" href="#entry-f1">F1</a>He said &#34;'
        '<mark class="quote" id="q1"><a class="ref" href="#entry-q1">Q1</a>go now</mark>'
        "&#34; &amp; left.</mark>"
    )


def test_highlight_splits_crossing_spans_and_keeps_ids_unique() -> None:
    text = "abcdefghij"
    out = highlight_html(text, [hl(0, 6, "a"), hl(3, 9, "b")])
    assert out == (
        '<mark class="fact" id="a"><a class="ref" href="#entry-a">A</a>abc'
        '<mark class="fact" id="b"><a class="ref" href="#entry-b">B</a>def</mark></mark>'
        '<mark class="fact">ghi</mark>j'
    )
    parsed = parse(str(out))
    assert parsed.misnested == [] and parsed.open == []
    assert parsed.values("id") == ["a", "b"]


def test_highlight_skips_empty_and_out_of_range_spans() -> None:
    out = highlight_html("<b>", [hl(1, 1, "e"), hl(2, 9, "x"), hl(-1, 2, "n")])
    assert out == "&lt;b&gt;"


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=6),
)
def test_highlight_keeps_text_and_nests_any_spans(text: str, pairs: list[tuple[int, int]]) -> None:
    spans = [hl(min(p), max(p), f"s{i}") for i, p in enumerate(pairs)]
    out = str(highlight_html(text, spans))
    parsed = parse(out)
    assert parsed.misnested == [] and parsed.open == []
    assert set(parsed.tags) <= {"mark", "a"}
    valid = {h.anchor for h in spans if h.start < h.end <= len(text)}
    assert sorted(parsed.values("id")) == sorted(valid)
    assert shown_text(out) == text


# ---------------------------------------------------------------- HTML


def test_html_has_every_section_of_the_story() -> None:
    html = html_of(story_dossier())
    text = unescape(html)
    assert '<h1 dir="auto">Orrin Bridge in Tamsk closed after cracks found</h1>' in html
    for heading in SECTIONS:
        assert f"<h2>{heading}</h2>" in html
    assert "Kestrel Wire copies Harbor Gazette" in html
    assert "14 vs 16 (million crowns for repairs)" in text
    assert "missing.html" in html and "no such file" in html
    assert 'class="badge contested"' in html
    assert '2 independent outlets</span> <span class="muted">(+1 copy)' in html
    assert "1 independent outlet</span>" in html
    assert "(estimated: from the story's other dates)" in text
    assert html.count("<svg") == 2
    assert 'class="pub estimated"' in html and "copy 0.93" in html
    assert "crosswire" in html.split("<footer>")[1]


def test_fact_table_has_a_column_per_article_with_links_to_its_sentences() -> None:
    html = html_of(story_dossier())
    table = html.split('<table class="facts">')[1].split("</table>")[0]
    assert table.count('<th class="col"') == 3
    row = table.split('<tr id="fact-2"')[1].split("</tr>")[0]
    assert row.count('<td class="cov">') == 2 and row.count('<td class="cov repeat">') == 1
    assert '<a href="#f2-1"' in row and '<a href="#f2-2"' in row and "<sup>u</sup>" in row
    f3 = table.split('<tr id="fact-3"')[1].split("</tr>")[0]
    assert f3.count('<span class="none">') == 2


def test_highlights_link_both_ways() -> None:
    html = html_of(story_dossier())
    parsed = parse(html)
    ids = parsed.values("id")
    assert len(ids) == len(set(ids)), "anchor ids are unique"
    internal = [h[1:] for h in parsed.values("href") if h.startswith("#")]
    assert set(internal) <= set(ids), "every internal link has its target"
    assert '<mark class="fact" id="f1-3"><a class="ref" href="#fact-1">F1</a>' in html
    assert '<mark class="quote" id="q1-2"><a class="ref" href="#quote-1">Q1</a>' in html
    assert {"fact-1", "fact-2", "fact-3", "quote-1", "f3-1", "q1-1"} <= set(internal)


def test_html_is_self_contained_and_well_formed() -> None:
    html = html_of(story_dossier())
    parsed = parse(html)
    assert not {"script", "link", "img", "iframe", "object", "embed", "image"} & set(parsed.tags)
    assert not [name for name, _ in parsed.attrs if name in ("src", "srcset", "xlink:href")]
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    assert "@import" not in html and "url(" not in html
    assert "<style>" in html and "@media print" in html
    assert parsed.misnested == [] and parsed.open == []


def evil_dossier() -> Dossier:
    text = f"Before {EVIL} after. The {BREAKOUT} said {SCRIPT}."
    a = paragraphed_article(EVIL, text, EVIL, EVIL)
    b = paragraphed_article("b.txt", f"Other {EVIL}.", f"{BREAKOUT}", EVIL)
    sentence = support(a, text[: text.index("after.") + 6])
    other = support(b, b.text)
    start = text.index(SCRIPT, 20)
    variant = QuoteVariant(a.source, EVIL, Span(start, start + len(SCRIPT)), SCRIPT,
                           VariantKind.EXACT, QuoteKind.DIRECT, EVIL)  # fmt: skip
    return Dossier(
        title=EVIL,
        summary=(EVIL,),
        articles=(a, b),
        published=(PublicationDate(a.source, "2031-01-01", True, EVIL),),
        facts=(
            Fact(EVIL, EVIL, (sentence, other), 2, FactStatus.CORROBORATED, (EVIL,), (EVIL,), EVIL),
        ),
        conflicts=(
            Conflict(
                EVIL, ConflictKind.NAME, EVIL, (sentence,), (other,), (EVIL, EVIL), (EVIL,), EVIL
            ),
        ),
        quotes=(LedgerQuote(EVIL, EVIL, EVIL, (variant,), EVIL, EVIL, EVIL),),
        timeline=(
            TimelineEvent(
                EVIL, "2031-01-01", "2031-01-02", EVIL, EVIL, (sentence,), (EVIL,), (EVIL,), (EVIL,)
            ),
        ),
        derivations=(Derivation("b.txt", EVIL, EVIL, 0.5, (EVIL,)),),
        actors=(Actor(EVIL, EVIL, EVIL, (EVIL,), (EVIL,), (EVIL,), (EVIL,), (EVIL,), (other,)),),
        notes=(EVIL,),
        failures=(InputFailure(EVIL, EVIL),),
    )


def test_page_text_is_escaped_everywhere_in_html() -> None:
    html = html_of(evil_dossier())
    parsed = parse(html)
    assert "<script" not in html and "<img" not in html
    assert not {"script", "img"} & set(parsed.tags)
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert parsed.misnested == [] and parsed.open == []
    assert EVIL in "".join(parsed.text), "the page text is shown, as text"


def test_page_text_is_escaped_everywhere_in_markdown() -> None:
    md = render_dossier(evil_dossier(), fmt="md", generated_at=NOW)
    assert re.search(r"(?<!\\)<(script|img)", md) is None, "every < is escaped"
    assert "\\<script\\>" in md


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_page_text_yields_only_template_tags(text: str) -> None:
    a = paragraphed_article("p.txt", text, text, text)
    whole = support(a, a.text)
    fact = Fact("F1", text, (whole,), 1, FactStatus.SINGLE_SOURCE)
    dossier = Dossier(text, (text,), (a,), (), (fact,), (), (), (), (), (), (text,))
    parsed = parse(html_of(dossier))
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p"}
    allowed |= {"nav", "a", "section", "div", "table", "thead", "tbody", "tr", "th", "td", "span"}
    allowed |= {"sup", "ul", "li", "article", "mark", "footer", "time", "q", "b", "svg", "g"}
    allowed |= {"rect", "text", "line", "polygon", "circle", "input", "label", "details"}
    allowed |= {"summary"}
    assert set(parsed.tags) <= allowed
    assert parsed.misnested == [] and parsed.open == []


def test_empty_and_one_article_dossiers_render() -> None:
    formats = ("html", "md", "json")
    for fmt in formats:
        assert "no articles" in render_dossier(empty_dossier(), fmt=fmt, generated_at=NOW)
    html = html_of(empty_dossier())
    assert "No articles were extracted." in html and "No facts were found." in html
    assert "<svg" not in html
    single = paragraphed_article("only.txt", "One thing happened.", None, "Only")
    one = Dossier("Only", (), (single,), (), (), (), (), (), (), (),
                  ("only one article: nothing to compare",))  # fmt: skip
    html = html_of(one)
    assert "only one article: nothing to compare" in html and "Unknown outlet" in html
    assert "One thing happened." in html
    md = render_dossier(one, fmt="md", generated_at=NOW)
    assert "only one article: nothing to compare" in md and "One thing happened." in md


def test_article_without_text_or_with_bad_spans_still_renders() -> None:
    empty = Article(source="menu-only.txt", text="")
    dossier = replace(story_dossier(), articles=(empty, *story_dossier().articles[1:]))
    html = html_of(dossier)
    assert "No article text was found on this page." in html
    parsed = parse(html)
    internal = {h[1:] for h in parsed.values("href") if h.startswith("#")}
    assert internal <= set(parsed.values("id"))


def _reported_only(dossier: Dossier) -> Dossier:
    """The dossier with its one ledger quote told only in reported speech."""
    quote = dossier.quotes[0]
    variants = tuple(replace(v, quote_kind=QuoteKind.INDIRECT) for v in quote.variants)
    return replace(dossier, quotes=(replace(quote, variants=variants),))


def test_ledger_shows_reported_speech_as_a_paraphrase() -> None:
    said = html_of(story_dossier())
    assert '<q dir="auto">The bridge will reopen in spring.</q>' in said
    reported = html_of(_reported_only(story_dossier()))
    ledger = reported.split('<section id="quotes">')[1].split("</section>")[0]
    assert "<q " not in ledger and "“" not in ledger
    assert '<span class="paraphrase" dir="auto">The bridge will reopen in spring.</span>' in ledger
    assert "(paraphrase, 2031-03-04)" in ledger
    md = render_dossier(_reported_only(story_dossier()), fmt="md", generated_at=NOW)
    assert "### Q1: The bridge will reopen in spring. (paraphrase) — Ilse Varga" in md
    assert "(paraphrase, 2031-03-05): will reopen in spring" in md
    data = dossier_to_dict(_reported_only(story_dossier()))
    assert {v["quote_kind"] for v in data["quotes"][0]["variants"]} == {"indirect"}


# ---------------------------------------------------------------- Markdown and JSON


def test_markdown_has_the_same_sections() -> None:
    md = render_dossier(story_dossier(), fmt="md", generated_at=NOW)
    assert md.startswith("# Orrin Bridge in Tamsk closed after cracks found\n")
    for heading in SECTIONS:
        assert f"\n## {heading}\n" in md
    assert (
        "| F2 | Repairs will cost 14 million crowns. | 2 independent outlets (+1 copy), contested "
        "| ● | ●(u) | ○ |"
    ) in md
    assert "- truncated, Valdren Post, 5 Mar (partial, 2031-03-05): will reopen in spring" in md
    assert "copy, 0.93" in md


def test_markdown_escapes_page_text() -> None:
    a = paragraphed_article(
        "m.txt", f"# Not a heading {SCRIPT}\n\n1. not a list", "x", f"[x]({SCRIPT})"
    )
    md = render_dossier(Dossier("t", (), (a,), (), (), (), (), (), (), ()), fmt="md",
                        generated_at=NOW)  # fmt: skip
    assert SCRIPT not in md
    assert "\\# Not a heading" in md and "1\\. not a list" in md and "\\[x\\]" in md


def test_json_dossier() -> None:
    dossier = story_dossier()
    out = json.loads(render_dossier(dossier, fmt="json", generated_at=NOW))
    assert out == dossier_to_dict(dossier) | {"generated_at": "2031-03-05T07:30:00+00:00"}
    jsonschema.validate(out, DOSSIER_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        render_dossier(story_dossier(), fmt="pdf", generated_at=NOW)
    with pytest.raises(ConfigError):
        render_article(two_articles()[0], "pdf")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "__version__", "GOLDEN")
    rendered = render_dossier(story_dossier(), fmt=fmt, generated_at=NOW)
    path = GOLDEN / f"dossier.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8"), (
        f"{path} differs; if the change is intended: UPDATE_GOLDEN=1 pytest {__file__} -k golden"
    )


# ---------------------------------------------------------------- names for people

DEEP = "/tmp/some/dir/page_{:04d}.txt"
MOVED = {
    "gazette.txt": DEEP.format(1),
    "https://post.example/bridge": DEEP.format(2),
    "wire.txt": DEEP.format(3),
    "Kestrel Wire": None,  # an outlet nobody named: the wire copy is known by its headline
}


def moved(value: Any, to: Mapping[str, str | None]) -> Any:
    """`value` with every string equal to a key of `to` replaced, through dataclasses and tuples."""
    if isinstance(value, str):
        return to.get(value, value)
    if isinstance(value, tuple):
        return tuple(moved(v, to) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: moved(getattr(value, f.name), to) for f in fields(value)})
    return value


def deep_dossier() -> Dossier:
    """The story dossier read from long paths, one article with no outlet, and a stage's note
    that names a path (the report must name articles by label even then)."""
    dossier = moved(story_dossier(), MOVED)
    actor = replace(dossier.actors[0], quoted_by=(DEEP.format(3), "Valdren Post"))
    note = f"Publication dates estimated from the story: {DEEP.format(3)}."
    failure = InputFailure(DEEP.format(9), f"{DEEP.format(9)}: no such file")
    summary = (f"The Orrin Bridge was closed. — {DEEP.format(3)}",)
    return replace(dossier, actors=(actor,), notes=(note,), failures=(failure,), summary=summary)


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside <style>, no attribute values (tooltips count:
    SVG <title> elements are kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.parts.append(data)


def visible_text(html: str) -> str:
    reader = VisibleText()
    reader.feed(html)
    return " ".join(reader.parts)


def test_html_visible_text_shows_no_input_path() -> None:
    html = html_of(deep_dossier())
    text = visible_text(html)
    assert "/tmp/some/dir" not in text and "page_0001" not in text and "page_0003" not in text
    assert "Harbor Gazette, 4 Mar" in text and "Valdren Post, 5 Mar" in text
    assert "“Bridge closed”, 4 Mar" in text  # the wire copy: no outlet, so its headline
    assert f'title="{DEEP.format(1)}"' in html, "the path stays in the provenance"
    assert "page_0009.txt" in text, "a failed input is named by its file's name"


def test_markdown_names_articles_by_label_and_keeps_the_source_line() -> None:
    md = render_dossier(deep_dossier(), fmt="md", generated_at=NOW)
    before_articles, articles = md.split("\n## Articles\n")
    assert "/tmp/some/dir" not in before_articles.split("\n## Inputs that failed")[0]
    assert "| Harbor Gazette, 4 Mar | Valdren Post, 5 Mar | “Bridge closed”, 4 Mar |" in md
    assert f"**Source:** {escape_markdown(DEEP.format(1))}" in articles


def test_json_articles_carry_their_label_beside_their_source() -> None:
    out = json.loads(render_dossier(deep_dossier(), fmt="json", generated_at=NOW))
    assert [(a["source"], a["label"]) for a in out["articles"]] == [
        (DEEP.format(1), "Harbor Gazette, 4 Mar"),
        (DEEP.format(2), "Valdren Post, 5 Mar"),
        (DEEP.format(3), "“Bridge closed”, 4 Mar"),
    ]
    jsonschema.validate(out, DOSSIER_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_a_copy_s_dot_is_drawn_as_a_copy_with_its_original_named() -> None:
    html = html_of(story_dossier())
    row = html.split('<tr id="fact-1"')[1].split("</tr>")[0]
    assert row.count("●") == 2 and row.count("○") == 1
    assert 'title="Kestrel Wire, 4 Mar: copy of Harbor Gazette, 4 Mar; asserted"' in row
    legend = html.split('<p class="legend">')[1].split("</p>")[0]
    assert "Kestrel Wire, 4 Mar is a copy of Harbor Gazette, 4 Mar." in legend


def test_single_source_claims_are_grouped_under_their_outlet() -> None:
    html = html_of(story_dossier())
    section = html.split('<section id="single">')[1].split("</section>")[0]
    assert section.count("<li>") == 1 and "F3" in section
    assert "Only" in section and "and its copy" in section and "1 claim<" in section
    assert "Repairs will cost" not in section, "a fact of two outlets is not single-source"


def test_long_tables_fold_with_a_count_and_a_filter_without_scripts() -> None:
    dossier = story_dossier()
    many = tuple(replace(dossier.facts[2], id=f"F{n}") for n in range(3, 40))
    html = html_of(replace(dossier, facts=(*dossier.facts[:2], *many)))
    assert 'id="only-several"' in html and "(2 of 39)" in html
    assert "Show all 39 facts (19 more)" in html
    assert html.count('-outlet extra"') == 19
    assert "<script" not in html


# ---------------------------------------------------------------- single articles


def test_render_article_text_and_markdown() -> None:
    a = two_articles()[0]
    text = render_article(a, "text")
    assert text.startswith("==> a.txt <==\n\nDam gates opened at Orvik\n\n")
    assert text.endswith(a.text + "\n")
    md = render_article(a, "markdown")
    assert md.startswith("## Dam gates opened at Orvik")
    assert "Engineers opened the spillway at noon." in md
    assert "\\[el\\] Ο δήμαρχος ζήτησε ψυχραιμία." in md
    assert "> Water is rising fast" in md
    assert "*donation appeal:* Donate to keep us independent" in md
    assert "ambiguous: 2030-06-07T14:05 or 2030-07-06T14:05" in md
    assert "No article text was found" in render_article(Article("e.txt", ""), "markdown")


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


# ---------------------------------------------------------------- terminal escapes

ESCAPES = "Bridge \x1b]0;PWNED\x07closed \x1b[31mred\x1b[0m, \x9b2J\r done."
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_page_text_reaches_readers_without_control_characters() -> None:
    a = paragraphed_article("p\x1b[2J.txt", ESCAPES, ESCAPES, ESCAPES)
    fact = Fact("F1", ESCAPES, (support(a, a.text),), 1, FactStatus.SINGLE_SOURCE)
    dossier = Dossier(
        ESCAPES,
        (ESCAPES,),
        (a,),
        (),
        (fact,),
        (),
        (),
        (),
        (),
        (),
        (ESCAPES,),
        failures=(InputFailure(ESCAPES, ESCAPES),),
    )
    story = Story("story-1", ESCAPES, (a.source,))
    for shown in (
        render_dossier(dossier, fmt="html", generated_at=NOW),
        render_dossier(dossier, fmt="md", generated_at=NOW),
        render_article(a, "text"),
        render_article(a, "md"),
        render_stories([story], "text"),
        render_stories([story], "md"),
    ):
        assert not CONTROLS.search(shown)
        assert "]0;PWNED" in shown and "31mred" in shown
    dossier_json = render_dossier(dossier, fmt="json", generated_at=NOW)
    article_line = render_articles([a], "jsonl")
    stories_json = render_stories([story], "json")
    for data in (dossier_json, article_line, stories_json):
        assert not CONTROLS.search(data.replace("\n", ""))  # escaped: \u001b, \u009b
    assert json.loads(dossier_json)["articles"][0]["body"] == ESCAPES  # spans stay true
    assert json.loads(article_line)["title"] == ESCAPES
    assert json.loads(stories_json)["stories"][0]["title"] == ESCAPES
