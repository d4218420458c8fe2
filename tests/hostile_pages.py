"""Hostile and freak pages, built from a random source: the fuzz test's and the fuzz benchmark's.

    from tests.hostile_pages import hostile_page
    name, data = hostile_page(random.Random(7), scale=1)

Each page mixes the kinds of line a page dump holds (headlines, bylines, dates in many languages,
tag lists, menus, captions, prose) with what breaks naive code: very long lines, thousands of
repeats, deep or broken markup, markup inside scripts, entity storms, terminal escapes, NUL and
other controls, bidi overrides, mixed scripts, odd encodings and byte garbage. Everything here is
invented for crosswire's tests. `scale` multiplies the sizes (the benchmark uses larger pages).
"""

from __future__ import annotations

import random
from collections.abc import Callable

NAMES = ["Marta Lindqvist", "Jonas Ekberg", "Aiko Tanaka", "Łukasz Wróbel", "Иван Петров", "X"]
WORDS = [
    "harbour",
    "council",
    "ferry",
    "strike",
    "dockers",
    "union",
    "minister",
    "said",
    "Tuesday",
    "port",
    "cranes",
    "vote",
    "talks",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "on",
    "was",
    "were",
    "has",
    "had",
    "will",
    "not",
    "no",
    "more",
    "than",
    "1,200",
    "workers",
    "14",
    "ships",
    "Velmora",
    "Brackwater",
    "Skarholm",
    "Porthaven",
    "港湾",
    "罢工",
    "工人",
    "Hafen",
    "Streik",
    "Grève",
    "port",
    "maritime",
]
LINE_KINDS = [
    "headline",
    "byline",
    "date",
    "relative_date",
    "tags",
    "joined_tags",
    "menu",
    "caption",
    "prose",
    "share",
    "escape",
    "controls",
    "bidi",
    "long_line",
    "empty",
    "markup_in_text",
]
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "latin-1",
    "cp1251",
    "shift_jis",
    "gb18030",
]


def hostile_page(rng: random.Random, scale: int = 1) -> tuple[str, bytes]:
    """A page as bytes, and a name saying what kind of page it is."""
    kind = rng.choice(["text", "html", "html", "garbage"])
    if kind == "garbage":
        return "garbage", _garbage(rng, scale)
    lines = [_line(rng, rng.choice(LINE_KINDS), scale) for _ in range(rng.randint(0, 40 * scale))]
    lines = _repeated(rng, lines, scale)
    text = _html(rng, lines, scale) if kind == "html" else "\n".join(lines)
    encoding = rng.choice(ENCODINGS)
    return f"{kind}/{encoding}", text.encode(encoding, errors="replace")


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


LINES: dict[str, Callable[[random.Random, int], str]] = {
    "headline": lambda rng, s: _sentence(rng, rng.randint(4, 14)).rstrip("."),
    "byline": lambda rng, s: (
        rng.choice(["By ", "Von ", "Par ", "Por ", "文/", ""])
        + " and ".join(rng.sample(NAMES, rng.randint(1, 3)))
        + rng.choice(["", "Follow", " | Redaktion", ", Reuters"])
    ),
    "date": lambda rng, s: rng.choice(
        [
            "Published 12 March 2031, 14:05 GMT",
            "12. März 2031",
            "2031年3月12日 14時05分",
            "03/04/2031",
            "31/02/2031 99:99",
            "Updated: 9999-99-99",
            "mardi 11 mars 2031 à 10h30",
        ]
    ),
    "relative_date": lambda rng, s: rng.choice(
        ["3 hours ago", "vor 3 Stunden", "il y a 2 heures", "gestern 14:30", "hace 99999 días"]
    ),
    "tags": lambda rng, s: "Tags: " + ", ".join(rng.choice(WORDS) for _ in range(8 * s)),
    "joined_tags": lambda rng, s: (
        "Tags: " + "".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 30)))
    ),
    "menu": lambda rng, s: "  ".join(rng.choice(WORDS).title() for _ in range(rng.randint(3, 12))),
    "caption": lambda rng, s: _sentence(rng, 8) + " Photo: " + rng.choice(NAMES) + "/AFP",
    "prose": lambda rng, s: " ".join(_sentence(rng, rng.randint(5, 30)) for _ in range(4)),
    "share": lambda rng, s: "Share on Facebook Twitter WhatsApp Email Print",
    "escape": lambda rng, s: (
        "\x1b]0;PWNED\x07\x1b[31mred\x1b[0m \x1b]8;;http://evil\x1b\\link"
        "\x1b]8;;\x1b\\ [bold]rich[/bold]"
    ),
    "controls": lambda rng, s: "".join(chr(rng.randint(0, 31)) for _ in range(20)) + "\x00\x7f\x9b",
    "bidi": lambda rng, s: "\u202eevil\u202c \u200b\u200d\ufeff مرحبا שלום e\u0301\u0301\u0301",
    "long_line": lambda rng, s: rng.choice(WORDS) * rng.randint(1000, 20_000 * s),
    "empty": lambda rng, s: rng.choice(["", " ", "\t", "\r", "\f\v"]),
    "markup_in_text": lambda rng, s: (
        'Use <div class="x"> and </p> in your <script>alert(1)</script> template.'
    ),
}


def _line(rng: random.Random, kind: str, scale: int) -> str:
    return LINES[kind](rng, scale)


def _repeated(rng: random.Random, lines: list[str], scale: int) -> list[str]:
    """Sometimes one line a thousand times over (a template gone wrong, or a hostile page)."""
    short = [line for line in lines if len(line) < 1000]  # a page of megabytes says nothing more
    if short and rng.random() < 0.3:
        line = rng.choice(short)
        at = rng.randrange(len(lines))
        lines[at:at] = [line] * rng.randint(10, 2000 * scale)
    return lines


def _html(rng: random.Random, lines: list[str], scale: int) -> str:
    depth = rng.choice([0, 0, 5, 300, 3000 * scale])
    wrapper = rng.choice(["div", "b", "section", "font"])
    body = "".join(_element(rng, line) for line in lines)
    head = rng.choice(
        [
            "",
            "<title>" + (lines[0] if lines else "") + "</title>",
            '<meta property="og:title" content="' + "&amp;" * 500 * scale + '">',
            '<script type="application/ld+json">{"@type":"NewsArticle","author":'
            + "[" * 200
            + "]" * 200
            + "}</script>",
        ]
    )
    broken = rng.choice(["", "</body></html>", "<p><b><i>", "<!-- never closed", "<![CDATA["])
    return (
        f"<!doctype html><html><head>{head}</head><body>"
        f"{f'<{wrapper}>' * depth}{body}{f'</{wrapper}>' * rng.randint(0, depth)}{broken}"
    )


def _element(rng: random.Random, line: str) -> str:
    tag = rng.choice(["p", "h1", "li", "figcaption", "a", "span", "td", "script", "style", "pre"])
    attributes = rng.choice(["", ' class="article-body"', " hidden", ' style="display:none"'])
    entity = rng.choice(["", "&nbsp;", "&#0;", "&#x1b;", "&#xD800;", "&bogus;", "&#99999999;"])
    return f"<{tag}{attributes}>{entity}{line}</{tag}>"


def _garbage(rng: random.Random, scale: int) -> bytes:
    size = rng.randint(0, 5000 * scale)
    prefix = rng.choice([b"", b"\x1f\x8b", b"\xff\xfe", b"\xef\xbb\xbf", b"%PDF-1.4", b"<html>"])
    return prefix + bytes(rng.randrange(256) for _ in range(size))
