"""What readers get: the story dossier (one self-contained HTML file, Markdown, or JSON), and the
articles and stories the other commands print.

Three renderings of one view model (the JSON dict of `crosswire.report.dossier_json`, so every
format shows the same fields). HTML has inline CSS and SVG, no scripts and no external requests; its
articles show every fact-supporting sentence and quote variant highlighted and linked both ways
(fact row <-> sentence, ledger entry <-> quote). Everything taken from a page is untrusted: HTML
autoescapes every value (Markup only for markup built here, with its text escaped), and the
Markdown environment escapes every value through `finalize`, so no template can forget to. Text,
Markdown and HTML carry no control characters (a page's terminal escapes), JSON carries them
escaped (`crosswire.report.control_chars`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from crosswire import __version__
from crosswire.model import Article, Dossier, Story
from crosswire.report.article_json import article_to_dict
from crosswire.report.control_chars import json_text, without_controls
from crosswire.report.dossier_json import dossier_to_dict
from crosswire.report.formats import ARTICLE_FORMATS, DOSSIER_FORMATS, STORY_FORMATS, format_named
from crosswire.report.independence import add_independence
from crosswire.report.naming import name_articles
from crosswire.report.svg import derivation_svg, timeline_svg

TEMPLATES = Path(__file__).parent / "templates"
STATUS_MARK = {"attributed": "(a)", "unconfirmed": "(u)"}  # how the Markdown fact table shows it
# Rows (items) a long HTML table (list) shows before "show all": 30 articles' facts, events and
# actors would bury the sections after them.
SHOWN = {"facts": 20, "events": 12, "actors": 12, "dots": 3}
CLAIMS_SHOWN = 24  # single-source claims shown at first, shared among the outlets' groups
NARROW_COLUMNS = 8  # with more articles than this, a fact's cell shows one dot and a count

# Characters that start Markdown (or raw HTML) syntax anywhere in a line.
MD_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# Line starts that Markdown reads as a heading, quote, list item, rule or setext underline; an
# ordered-list marker is escaped at its punctuation (1\.), since a backslash before a digit is none.
MD_LINE_START = re.compile(r"^(\s*)([#>+\-=])|^(\s*\d+)([.)])", re.MULTILINE)


class MarkdownSafe(str):
    """A string already escaped for Markdown; `finalize` passes it through untouched."""

    __slots__ = ()


def escape_markdown(text: str) -> str:
    """Text that a Markdown renderer shows literally (no markup, no raw HTML)."""
    escaped = MD_INLINE_SPECIAL.sub(r"\\\1", text)
    return MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = (match[1], match[2]) if match[2] else (match[3], match[4])
    return f"{lead}\\{mark}"


def _finalize_markdown(value: object) -> str:
    if isinstance(value, MarkdownSafe):
        return value
    return escape_markdown("" if value is None else str(value))


def _markdown_quote(text: str) -> MarkdownSafe:
    lines = (escape_markdown(line) for line in (text or "").splitlines() or [""])
    return MarkdownSafe("\n".join(f"> {line}" if line else ">" for line in lines))


def _basis_label(basis: str) -> Markup:
    if basis in ("", "unknown"):
        return Markup("")
    return Markup(' <span class="basis">({})</span>').format(basis)


def is_web_address(value: object) -> bool:
    # Only http(s) addresses become links: a page could claim a javascript: or data: "URL".
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


@cache
def _html_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["basis"] = _basis_label
    env.tests["web_address"] = is_web_address
    env.filters["score"] = _score
    return env


@cache
def _markdown_environment(*, trim: bool = False) -> Environment:
    """Markdown templates; the dossier's (`trim`) put each block tag on a line of its own."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        finalize=_finalize_markdown,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=trim,
        lstrip_blocks=trim,
    )
    env.filters["quote"] = _markdown_quote
    env.filters["oneline"] = _one_line
    env.filters["coverage"] = _coverage_mark
    env.filters["score"] = _score
    return env


def _score(value: object) -> MarkdownSafe:
    """A derivation score as 0.00 (a number: nothing in it to escape in HTML or Markdown)."""
    return MarkdownSafe(f"{value:.2f}" if isinstance(value, int | float) else "?")


def _one_line(value: object) -> str:
    """Text for a Markdown table cell or list item: no line breaks (escaped later by finalize)."""
    return " ".join(str(value or "").split())


def _coverage_mark(cell: Mapping[str, Any]) -> str:
    """An article's cell in the Markdown fact table: a dot per sentence (hollow where the article
    only repeats another's), (a)/(u) if not asserted there."""
    dot, most = ("○" if cell["repeat"] else "●"), SHOWN["dots"]
    dots = " ".join(dot + STATUS_MARK.get(s["status"], "") for s in cell["supports"][:most])
    more = len(cell["supports"]) - most
    return f"{dots} +{more}" if more > 0 else dots


def render_dossier(
    dossier: Dossier, fmt: str = "html", *, generated_at: datetime | None = None
) -> str:
    """The story dossier as one self-contained HTML file, Markdown or JSON, saying it was made at
    `generated_at` (default: now)."""
    return render_dossier_dict(dossier_to_dict(dossier), fmt, generated_at=generated_at)


def render_dossier_dict(
    built: dict[str, Any], fmt: str = "html", *, generated_at: datetime | None = None
) -> str:
    """A dossier kept as `dossier_to_dict` gave it (the desk's stored versions), rendered as
    `render_dossier` renders the dossier itself."""
    fmt = format_named(fmt, DOSSIER_FORMATS)
    made = generated_at or datetime.now(UTC)
    view = built | {"generated_at": made.isoformat(timespec="seconds")}
    if fmt == "json":
        return json_text(view, indent=2) + "\n"
    if fmt == "md":
        template = _markdown_environment(trim=True).get_template("dossier.md.j2")
        return without_controls(template.render(people_view(view)))
    template = _html_environment().get_template("dossier.html.j2")
    # Controls are no valid HTML characters either; markup built here holds none.
    return without_controls(template.render(html_view(view), version=__version__))


def render_dossier_body(built: dict[str, Any], *, generated_at: datetime | None = None) -> Markup:
    """The HTML dossier's body alone (what the standalone file holds inside <body>), for a page
    that has its own layout and links `dossier_css()` instead of inlining it: the web desk."""
    made = generated_at or datetime.now(UTC)
    # The view is built by adding to the dossier's own items: a copy, so `built` stays as stored.
    view = deepcopy(built) | {"generated_at": made.isoformat(timespec="seconds")}
    template = _html_environment().get_template("dossier_body.html.j2")
    return Markup(without_controls(template.render(html_view(view), version=__version__)))


def dossier_css() -> str:
    """The dossier's stylesheet: inlined in the standalone file, served as a file by the desk."""
    return (TEMPLATES / "dossier.css").read_text(encoding="utf-8")


def render_articles(articles: Sequence[Article], fmt: str = "json") -> str:
    """Articles as `crosswire extract` prints them: one JSON array, JSON lines, Markdown with their
    metadata, or their plain text."""
    fmt = format_named(fmt, ARTICLE_FORMATS)
    if fmt == "json":
        return json_text([article_to_dict(a) for a in articles], indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json_text(article_to_dict(a)) + "\n" for a in articles)
    separator = "\n---\n\n" if fmt == "md" else "\n"
    return separator.join(render_article(a, fmt) for a in articles)


def render_article(article: Article, fmt: str) -> str:
    """One article: Markdown with its metadata (`md`), or its plain text (`text`)."""
    fmt = format_named(fmt, ("md", "text"))
    if fmt == "md":
        template = _markdown_environment().get_template("article.md.j2")
        return without_controls(template.render(a=article_to_dict(article))).rstrip() + "\n"
    return without_controls(_plain_text(article))


def render_stories(stories: Sequence[Story], fmt: str = "json") -> str:
    """Stories as `crosswire stories` prints them: `{"stories": [{id, title, articles}]}`, one
    story a JSON line, a Markdown list, or a readable list."""
    fmt = format_named(fmt, STORY_FORMATS)
    data = [{"id": s.id, "title": s.title, "articles": list(s.articles)} for s in stories]
    if fmt == "json":
        return json_text({"stories": data}, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json_text(story) + "\n" for story in data)
    lines = []
    for story in stories:
        count = f"{len(story.articles)} article(s)"
        if fmt == "md":
            title = " ".join(story.title.split()) or story.id
            lines += [f"## {escape_markdown(title)}", "", f"`{story.id}`, {count}", ""]
            lines += [f"- {escape_markdown(source)}" for source in story.articles] + [""]
        else:
            lines.append(f"{story.id}  {story.title}  ({count})")
            lines.extend(f"    {source}" for source in story.articles)
    return without_controls("\n".join(lines).rstrip("\n") + ("\n" if lines else ""))


def _plain_text(article: Article) -> str:
    parts = [f"==> {article.source} <=="]
    if article.title.value:
        parts.append(article.title.value)
    if article.text:
        parts.append(article.text)
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- highlighting


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of an article's text shown as `<mark>`, with an anchor and a link to its entry."""

    start: int
    end: int
    kind: str  # "fact" or "quote": the CSS class
    anchor: str  # the id of the highlighted piece (fact rows and ledger entries link here)
    href: str  # the id of the entry it belongs to (the fact row, the ledger entry)
    label: str  # the entry's id as readers see it ("F1", "Q2")


def highlight_html(text: str, highlights: Sequence[Highlight]) -> Markup:
    """The text escaped, with each highlight a `<mark>`; overlapping ones nest or are split.

    Marks must nest, so where two spans cross, the inner one is closed at the outer's end and
    reopened after it; only its first piece carries the anchor id and the link to its entry.
    """
    spans = sorted(
        (h for h in highlights if 0 <= h.start < h.end <= len(text)),
        key=lambda h: (h.start, -h.end, h.anchor),
    )
    cuts = sorted({0, len(text)} | {h.start for h in spans} | {h.end for h in spans})
    out: list[Markup] = []
    stack: list[Highlight] = []
    pending = 0
    for pos, following in zip(cuts, [*cuts[1:], len(text)], strict=True):
        _close_at(pos, stack, out)
        while pending < len(spans) and spans[pending].start == pos:
            out.append(_open_mark(spans[pending], first=True))
            stack.append(spans[pending])
            pending += 1
        out.append(escape(text[pos:following]))
    return Markup("").join(out)


def _close_at(pos: int, stack: list[Highlight], out: list[Markup]) -> None:
    """Close the marks ending at `pos`; marks opened inside them are closed and reopened."""
    ending = [i for i, h in enumerate(stack) if h.end == pos]
    if not ending:
        return
    above = stack[ending[0] :]
    del stack[ending[0] :]
    out.extend(Markup("</mark>") for _ in above)
    for h in above:
        if h.end != pos:
            out.append(_open_mark(h, first=False))
            stack.append(h)


def _open_mark(h: Highlight, *, first: bool) -> Markup:
    if not first:
        return Markup('<mark class="{}">').format(h.kind)
    return Markup('<mark class="{k}" id="{a}"><a class="ref" href="#{h}">{l}</a>').format(
        k=h.kind, a=h.anchor, h=h.href, l=h.label
    )


# ---------------------------------------------------------------- the HTML view


def people_view(view: dict[str, Any]) -> dict[str, Any]:
    """The JSON view as people read it (both renderings): articles named by their labels, never
    their paths; facts' coverage cells and independence; what one outlet alone says, grouped;
    failed inputs named by their file's name (the whole path in a title attribute)."""
    name_articles(view)
    add_independence(view)
    for failure in view["failures"]:
        failure["name"] = input_name(failure["source"])
        failure["shown_error"] = str(failure.get("error") or "").replace(
            failure["source"], failure["name"]
        )
    return view


def input_name(source: str) -> str:
    """A failed input's name for people: a web address as it is, else the file's own name."""
    if is_web_address(source):
        return source
    return re.split(r"[\\/]", source.rstrip("/\\"))[-1] or source


def html_view(view: dict[str, Any]) -> dict[str, Any]:
    """The JSON view plus what only HTML shows: anchors, highlighted texts, coverage, charts.

    Anchor ids are built from positions (article n, fact i, support j), never from page text.
    """
    people_view(view)
    articles = view["articles"]
    bodies = {a["source"]: a["body"] for a in articles}
    marks: dict[str, list[Highlight]] = {a["source"]: [] for a in articles}
    for i, fact in enumerate(view["facts"], 1):
        fact["anchor"] = f"fact-{i}"
        for j, s in enumerate(fact["support"], 1):
            s["anchor"] = _mark(
                marks, bodies, s, Highlight(0, 0, "fact", f"f{i}-{j}", fact["anchor"], fact["id"])
            )
    for i, quote in enumerate(view["quotes"], 1):
        quote["anchor"] = f"quote-{i}"
        for j, v in enumerate(quote["variants"], 1):
            v["anchor"] = _mark(
                marks,
                bodies,
                v,
                Highlight(0, 0, "quote", f"q{i}-{j}", quote["anchor"], quote["id"]),
            )
    _link_other_sentences(view)
    for n, a in enumerate(articles, 1):
        a["anchor"] = f"article-{n}"
        a["highlighted"] = highlight_html(a["body"], marks[a["source"]])
    view["timeline_svg"] = timeline_svg(view["timeline"], articles)
    view["derivation_svg"] = derivation_svg(articles, view["derivations"])
    groups = len(view["single_source"])
    view["shown"] = SHOWN | {
        "claims": max(3, min(8, CLAIMS_SHOWN // max(groups, 1))),
        "dots": 1 if len(articles) > NARROW_COLUMNS else SHOWN["dots"],
    }
    return view


def _mark(
    marks: dict[str, list[Highlight]],
    bodies: Mapping[str, str],
    item: Mapping[str, Any],
    template: Highlight,
) -> str | None:
    """Highlight a support or variant's span; its anchor, or None where it cannot be shown."""
    body = bodies.get(item["article"])
    if body is None or not 0 <= item["start"] < item["end"] <= len(body):
        return None
    marks[item["article"]].append(replace(template, start=item["start"], end=item["end"]))
    return template.anchor


def _link_other_sentences(view: dict[str, Any]) -> None:
    """Conflict sides, events and actors' statements link to the same sentence's highlight."""
    by_span: dict[tuple[str, int, int], str] = {}
    for fact in view["facts"]:
        for s in fact["support"]:
            if s["anchor"]:
                by_span.setdefault((s["article"], s["start"], s["end"]), s["anchor"])
    numbers = {a["source"]: n for n, a in enumerate(view["articles"], 1)}
    items = [s for c in view["conflicts"] for side in c["sides"] for s in side]
    items += [s for e in view["timeline"] for s in e["support"]]
    items += [s for a in view["actors"] for s in a["statements"]]
    for s in items:
        n = numbers.get(s["article"])
        fallback = f"article-{n}" if n is not None else None
        s["anchor"] = by_span.get((s["article"], s["start"], s["end"]), fallback)
