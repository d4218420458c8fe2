"""The dossier view: articles side by side with their metadata and what was removed.

Three renderings of one view model (the JSON dicts of `crosswire.serialize`, so every format shows
the same fields): a self-contained HTML file (inline CSS, no scripts, no external requests),
Markdown and JSON. Everything taken from a page is untrusted: HTML autoescapes every value, and the
Markdown environment escapes every value through `finalize`, so no template can forget to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from crosswire.errors import ConfigError
from crosswire.model import Article, InputFailure
from crosswire.serialize import article_to_dict, failure_to_dict

DossierFormat = Literal["html", "md", "json"]
ArticleFormat = Literal["markdown", "text"]
DOSSIER_FORMATS: tuple[str, ...] = ("html", "md", "json")

TEMPLATES = Path(__file__).parent / "templates"

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


def _is_web_address(value: object) -> bool:
    # Only http(s) addresses become links: a page could claim a javascript: or data: "URL".
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _version() -> str:
    try:
        return metadata.version("crosswire")
    except metadata.PackageNotFoundError:
        return "unknown"


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
    env.tests["web_address"] = _is_web_address
    return env


@cache
def _markdown_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        finalize=_finalize_markdown,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["quote"] = _markdown_quote
    return env


def render_dossier(
    articles: Sequence[Article],
    failures: Sequence[InputFailure],
    *,
    fmt: DossierFormat,
    generated_at: datetime,
) -> str:
    """The dossier of these articles (and the inputs that failed) as HTML, Markdown or JSON."""
    view: dict[str, Any] = {
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "articles": [article_to_dict(a) for a in articles],
        "failures": [failure_to_dict(f) for f in failures],
    }
    if fmt == "json":
        return json.dumps(view, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return _html_environment().get_template("dossier.html.j2").render(view, version=_version())
    if fmt == "md":
        return _markdown_environment().get_template("dossier.md.j2").render(view)
    raise ConfigError(f"unknown dossier format {fmt!r}; choose one of {DOSSIER_FORMATS}")


def render_article(article: Article, fmt: ArticleFormat) -> str:
    """One article for `crosswire extract`: Markdown with its metadata, or its plain text."""
    if fmt == "markdown":
        template = _markdown_environment().get_template("article.md.j2")
        return template.render(a=article_to_dict(article)).rstrip() + "\n"
    if fmt == "text":
        return _plain_text(article)
    raise ConfigError(f"unknown article format {fmt!r}; choose markdown or text")


def _plain_text(article: Article) -> str:
    parts = [f"==> {article.source} <=="]
    if article.title.value:
        parts.append(article.title.value)
    if article.text:
        parts.append(article.text)
    return "\n\n".join(parts) + "\n"
