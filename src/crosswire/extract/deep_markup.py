"""Markup nested deeper than the HTML parser goes, flattened before parsing.

libxml2 stops building the tree past 256 open elements and drops what lies inside, so an article
wrapped in a few hundred `<div>`s (a broken template, or a hostile page) came out empty; and deep
trees make every later tree walk recursive and slow. Tags opened past MAX_NESTING are left out,
with their closing tags; the text inside them is kept where it was. Past WRAPPER_NESTING only the
elements that shape an article (paragraphs, headings, list items, quotes, figures) are still
opened, so an article wrapped in a hundred thousand `<div>`s keeps its paragraphs.
"""

from __future__ import annotations

import re

# Below libxml2's limit of 256 open elements, with room for the html/body/head the parser adds.
MAX_NESTING = 200
WRAPPER_NESTING = 150
STRUCTURAL = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figure", "figcaption"}
    | {"table", "tr", "td", "th", "pre"}
)
# How far down the stack a closing tag looks for its opening tag (browsers' misnested markup
# closes a few elements at once; looking further would make a long run of stray closing tags
# cost quadratic time).
CLOSE_SEARCH_DEPTH = 16
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
# Elements that never hold others (no closing tag), and the raw-text ones whose content is not
# markup (a `<div>` inside a script is text).
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext"})


def flatten_deep_nesting(html: str) -> str:
    """`html` with the tags opened past MAX_NESTING removed (the page itself when none is)."""
    if html.count("<") <= WRAPPER_NESTING:
        return html
    dropped = _tags_past_the_limit(html)
    if not dropped:
        return html
    parts: list[str] = []
    cursor = 0
    for start, end in dropped:
        parts.append(html[cursor:start])
        cursor = end
    parts.append(html[cursor:])
    return "".join(parts)


def _tags_past_the_limit(html: str) -> list[tuple[int, int]]:
    """Where each opening tag past the limit, and its closing tag, are in `html`."""
    stack: list[tuple[str, bool]] = []  # (name, dropped) of each open element
    dropped: list[tuple[int, int]] = []
    kept = 0  # open elements that are kept
    position = 0
    while match := TAG.search(html, position):
        position = match.end()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            at = _find_open(stack, name)
            if at is not None:
                if stack[at][1]:
                    dropped.append(match.span())
                kept -= sum(1 for _, gone in stack[at:] if not gone)
                del stack[at:]
        elif name in RAW_TEXT:
            position = _raw_text_end(html, name, position)
        elif name not in VOID and not self_closing:
            too_deep = kept >= MAX_NESTING or (kept >= WRAPPER_NESTING and name not in STRUCTURAL)
            stack.append((name, too_deep))
            if too_deep:
                dropped.append(match.span())
            else:
                kept += 1
    return dropped


def _find_open(stack: list[tuple[str, bool]], name: str) -> int | None:
    for at in range(len(stack) - 1, max(-1, len(stack) - 1 - CLOSE_SEARCH_DEPTH), -1):
        if stack[at][0] == name:
            return at
    return None


def _raw_text_end(html: str, name: str, position: int) -> int:
    closing = re.compile(rf"</{name}\s*>", re.I).search(html, position)
    return closing.end() if closing else len(html)
