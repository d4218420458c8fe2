"""Output formats by name: one spelling for every command and every front end.

`json` (one document), `jsonl` (one item a line), `md` (Markdown; `markdown` is the same), `text`
(plain text) and `html` (the self-contained dossier page), each where it makes sense.
"""

from __future__ import annotations

from collections.abc import Sequence

from crosswire.errors import ConfigError

ALIASES = {"markdown": "md"}
ARTICLE_FORMATS = ("json", "jsonl", "md", "text")
STORY_FORMATS = ("json", "jsonl", "md", "text")
DOSSIER_FORMATS = ("html", "md", "json")
# A dossier file's format from its name, when no format is given.
DOSSIER_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}


def format_named(name: str, allowed: Sequence[str]) -> str:
    """The format `name` stands for (any case; `markdown` is `md`), or ConfigError when it is not
    one of `allowed`."""
    canonical = ALIASES.get(name.lower(), name.lower())
    if canonical not in allowed:
        choices = ", ".join("md (or markdown)" if f == "md" else f for f in allowed)
        raise ConfigError(f"unknown format {name!r}: use one of {choices}")
    return canonical
