"""What the tests share: invented articles, pages and annotations, the story dossier of the report
tests, and the models.

Everything here is invented (fictional outlets, places, people and stories); the page dumps are in
tests/pages.py, the paths of the project and of ../shared in tests/paths.py.

Fixtures (ask for them by name):
  nlp     the English spaCy pipeline, loaded once per session
  minilm  the packaged MiniLM sentence-embedding backend, loaded once per session
Both models are hard dependencies, installed by `make test`: a missing one fails the tests that
need it with crosswire's ConfigError; nothing is skipped.

Factories (import them: `from tests.conftest import article, span_of`):
  spans        span_of, paragraph_spans, paragraphs_of, token
  pages        lines_of, text_page, page_of
  articles     article (any fields; outlet, title and date known or not; paragraphs or not),
               paragraphed_article (as the report tests give one), timed_article (sentences and
               times, no spaCy), stated and ambiguous (publication dates), HARBOUR and
               HARBOUR_RETOLD (one event told twice)
  annotations  entity_at, quote_at (made by hand, at the place of their words in a text)
  dossiers     story_dossier (a bridge closed in Tamsk, told by three outlets, one a wire copy),
               empty_dossier, support, DOSSIER_SCHEMA (docs/dossier.schema.json)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pytest

from crosswire.annotate.timex import find_times
from crosswire.model import (
    Actor,
    Annotations,
    Article,
    Basis,
    Conflict,
    ConflictKind,
    DateValue,
    Derivation,
    Dossier,
    Embed,
    Entity,
    Evidenced,
    Fact,
    FactStatus,
    InputFailure,
    LedgerQuote,
    Line,
    LineLabel,
    Mention,
    Page,
    Paragraph,
    Provenance,
    PublicationDate,
    Quote,
    QuoteKind,
    QuoteVariant,
    Span,
    StatementStatus,
    Support,
    TimelineEvent,
    VariantKind,
)
from tests.paths import ROOT

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from crosswire.compare.embeddings import MiniLMBackend

# ---------------------------------------------------------------------------------------- models


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English spaCy pipeline crosswire parses with (ConfigError when it is not installed)."""
    from crosswire.annotate.spacy_model import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def minilm() -> MiniLMBackend:
    """The MiniLM backend of the packaged model (ConfigError when it is not installed)."""
    from crosswire.compare.embeddings import minilm_backend

    return minilm_backend()


# ----------------------------------------------------------------------------------------- spans


def span_of(text: str, words: str, start: int = 0) -> Span:
    """The span of the first `words` in `text` at or after `start` (ValueError if absent)."""
    at = text.index(words, start)
    return Span(at, at + len(words))


def paragraph_spans(paragraphs: Sequence[str]) -> list[Span]:
    """The spans of `paragraphs` in the text that joins them with blank lines."""
    spans, start = [], 0
    for paragraph in paragraphs:
        spans.append(Span(start, start + len(paragraph)))
        start += len(paragraph) + 2
    return spans


def paragraphs_of(
    source: str, text: str, languages: Sequence[str | None] | None = None
) -> tuple[Paragraph, ...]:
    """`text`'s paragraphs (cut at blank lines), each from the same offsets of page `source`."""
    spans = paragraph_spans(text.split("\n\n"))
    languages = languages or [None] * len(spans)
    return tuple(
        Paragraph(span, Provenance(source, span.start, span.end), language)
        for span, language in zip(spans, languages, strict=True)
    )


def token(doc: Doc, word: str) -> Token:
    """The first token of `doc` that is `word`."""
    return next(t for t in doc if t.text == word)


# ----------------------------------------------------------------------------------------- pages


def lines_of(*rows: tuple[LineLabel, str]) -> list[Line]:
    """Classified lines, one a row, laid out as the lines of one text."""
    lines, start = [], 0
    for label, text in rows:
        lines.append(Line(start, start + len(text), text, label))
        start += len(text) + 1
    return lines


def text_page(text: str, source: str = "page.txt", **fields: Any) -> Page:
    """A page dump (kind "text"); any other Page field (url, hints, ...) passes through."""
    return Page(source=source, content=text, kind="text", **fields)


def page_of(lines: Sequence[Line], **fields: Any) -> Page:
    """The text page `lines` (made by `lines_of`) were read from."""
    return text_page("\n".join(line.text for line in lines), "x.txt", **fields)


# -------------------------------------------------------------------------------------- articles

NO_DATE = DateValue(None)


def article(
    source: str,
    text: str = "",
    *,
    outlet: str | Evidenced | None = None,
    title: str | Evidenced | None = None,
    published: str | DateValue | None = None,
    basis: Basis = Basis.STATED,
    paragraphed: bool = False,
    **fields: Any,
) -> Article:
    """An invented article.

    An outlet or title given as a string is known on `basis`, with itself as evidence; a
    publication date given as a string is known on `basis`. What is not given is unknown.
    `paragraphed`: paragraphs cut at its blank lines (`paragraphs_of`). Any other Article field
    (language, authors, annotations, embeds, ...) passes through.
    """
    if isinstance(outlet, str):
        outlet = Evidenced(outlet, basis, outlet)
    if isinstance(title, str):
        title = Evidenced(title, basis, title)
    if isinstance(published, str):
        published = DateValue(published, basis)
    if paragraphed:
        fields["paragraphs"] = paragraphs_of(source, text)
    return Article(
        source=source,
        text=text,
        outlet=outlet or Evidenced(None),
        title=title or Evidenced(None),
        published=published or NO_DATE,
        **fields,
    )


def paragraphed_article(
    source: str, text: str, outlet: str | None, title: str, **fields: Any
) -> Article:
    """An English article with paragraphs and a stated outlet and title (the report tests' and
    the dossier tests' articles); other fields as for `article`."""
    return article(
        source, text, outlet=outlet, title=title, paragraphed=True, language="en", **fields
    )


SENTENCE = re.compile(r"[^.!?]+[.!?]")


def timed_article(
    source: str,
    text: str,
    published: DateValue = NO_DATE,
    *,
    embeds: tuple[Embed, ...] = (),
    outlet: str | None = None,
) -> Article:
    """An article annotated with its sentences and time expressions only (no spaCy); its outlet
    is `outlet`, else its source in capitals."""
    sentences = tuple(Span(m.start(), m.end()) for m in SENTENCE.finditer(text))
    anchor = None if published.ambiguous and not published.value else published.value
    return Article(
        source=source,
        text=text,
        published=published,
        embeds=embeds,
        outlet=Evidenced(outlet or source.upper()),
        annotations=Annotations(sentences=sentences, times=tuple(find_times(text, anchor))),
    )


def stated(day: str) -> DateValue:
    """A publication date the page states."""
    return DateValue(day, Basis.STATED, f"stated: {day}")


def ambiguous(default: str, other: str) -> DateValue:
    """A stated numeric date ("04-03-2024") read as `default` or `other`."""
    return DateValue(default, Basis.STATED, "stated: 04-03-2024", True, (default, other))


# One event (a budget approved on Sunday) told by two outlets, and one more (last week) told once.
HARBOUR = (
    "The Varnland parliament approved the new harbour budget for Port Elsam on Sunday. "
    "Last week, the mayor of Osterholm opened a ferry terminal on the northern shore."
)
HARBOUR_RETOLD = (
    "On Sunday the Varnland parliament approved the harbour budget for Port Elsam after a long "
    "debate. Opposition members walked out of the chamber before the vote."
)

# ------------------------------------------------------------------------- annotations by hand


def entity_at(text: str, eid: str, name: str, kind: str, *words: str, **fields: Any) -> Entity:
    """An entity mentioned in `text` as each of `words` (else as its name)."""
    mentions = tuple(Mention(span_of(text, w), w) for w in words or (name,))
    return Entity(id=eid, name=name, type=kind, mentions=mentions, **fields)


def quote_at(
    text: str,
    words: str,
    speaker: str | None = None,
    kind: QuoteKind = QuoteKind.DIRECT,
    *,
    verb: str | None = "say",
    **fields: Any,
) -> Quote:
    """The quote of `words` (their first place in `text`); any other Quote field passes through."""
    return Quote(kind, span_of(text, words), words, speaker=speaker, verb=verb, **fields)


# -------------------------------------------------------------------------------------- dossiers

DOSSIER_SCHEMA = json.loads((ROOT / "docs" / "dossier.schema.json").read_text("utf-8"))


def support(
    a: Article, sentence: str, status: StatementStatus = StatementStatus.ASSERTED, by: str = ""
) -> Support:
    """The support for `sentence`, which must stand in `a`'s text."""
    return Support(
        a.source, a.outlet.value, span_of(a.text, sentence), sentence, status, by or None
    )


def _variant(a: Article, words: str, kind: VariantKind, sentence: str, date: str) -> QuoteVariant:
    return QuoteVariant(
        a.source,
        a.outlet.value,
        span_of(a.text, words),
        words,
        kind,
        QuoteKind.DIRECT if kind is VariantKind.EXACT else QuoteKind.PARTIAL,
        date,
        span_of(a.text, sentence),
    )


def story_dossier() -> Dossier:
    """A hand-built dossier of every part: the Orrin Bridge in Tamsk closed, told by three outlets,
    one a wire copy of another. tests/report/golden/ holds its renderings."""
    gazette_text = (
        "The Orrin Bridge in Tamsk was closed on Monday after engineers found cracks.\n\n"
        'Transport minister Ilse Varga said: "The bridge will reopen in spring."\n\n'
        "Repairs will cost 14 million crowns."
    )
    post_text = (
        "Tamsk shut the Orrin Bridge on Monday, citing cracks in two pillars.\n\n"
        'Varga told reporters the bridge "will reopen in spring".\n\n'
        "Officials reportedly put the repair bill at 16 million crowns."
    )
    wire_text = (
        "The Orrin Bridge in Tamsk was closed on Monday after engineers found cracks.\n\n"
        "Repairs will cost 14 million crowns."
    )
    gazette = paragraphed_article(
        "gazette.txt", gazette_text, "Harbor Gazette", "Orrin Bridge closed"
    )
    post = paragraphed_article(
        "https://post.example/bridge", post_text, "Valdren Post", "Tamsk shuts bridge"
    )
    wire = paragraphed_article("wire.txt", wire_text, "Kestrel Wire", "Bridge closed")
    closed = [
        support(gazette, gazette_text.split("\n\n")[0]),
        support(post, post_text.split("\n\n")[0]),
        support(wire, wire_text.split("\n\n")[0]),
    ]
    said = 'Transport minister Ilse Varga said: "The bridge will reopen in spring."'
    said_post = 'Varga told reporters the bridge "will reopen in spring".'
    cost_g, cost_w = (
        support(gazette, gazette_text.split("\n\n")[2]),
        support(wire, wire_text.split("\n\n")[1]),
    )
    cost_p = support(post, post_text.split("\n\n")[2], StatementStatus.UNCONFIRMED, "officials")
    facts = (
        Fact(
            "F1",
            closed[0].text,
            tuple(closed),
            2,
            FactStatus.CORROBORATED,
            ("Orrin Bridge", "Tamsk"),
            (),
            "2031-03-03",
        ),
        Fact("F2", cost_g.text, (cost_g, cost_p, cost_w), 2, FactStatus.CONTESTED, (), ("14",)),
        Fact("F3", said, (support(gazette, said),), 1, FactStatus.SINGLE_SOURCE, ("Ilse Varga",)),
    )
    conflict = Conflict(
        "C1",
        ConflictKind.NUMBER,
        "14 vs 16 (million crowns for repairs)",
        (cost_g, cost_w),
        (cost_p,),
        ("14", "16"),
        ("F2",),
    )
    quote = LedgerQuote(
        "Q1",
        "The bridge will reopen in spring.",
        "Ilse Varga",
        (
            _variant(
                gazette, "The bridge will reopen in spring.", VariantKind.EXACT, said, "2031-03-04"
            ),
            _variant(post, "will reopen in spring", VariantKind.TRUNCATED, said_post, "2031-03-05"),
        ),
        "gazette.txt",
        "2031-03-04",
    )
    return Dossier(
        title="Orrin Bridge in Tamsk closed after cracks found",
        summary=(closed[0].text,),
        articles=(gazette, post, wire),
        published=(
            PublicationDate("gazette.txt", "2031-03-04", False, "Published 4 March 2031"),
            PublicationDate("https://post.example/bridge", "2031-03-05", False, "meta tag"),
            PublicationDate("wire.txt", "2031-03-04", True, "from the story's other dates"),
        ),
        facts=facts,
        conflicts=(conflict,),
        quotes=(quote,),
        timeline=(
            TimelineEvent(
                "T1",
                "2031-03-03",
                "2031-03-03",
                "2031-03-03",
                "The bridge was closed",
                tuple(closed[:2]),
                ("on Monday",),
                ("2031-03-04", "2031-03-05"),
                ("F1",),
            ),
            TimelineEvent(
                "T2",
                "2031-03-20",
                "2031-06-20",
                "2031-SP",
                "The bridge reopens",
                (support(gazette, said),),
                ("in spring",),
                ("2031-03-04",),
            ),
        ),
        derivations=(
            Derivation("wire.txt", "gazette.txt", "copy", 0.93, ("2 of 2 sentences shared",)),
        ),
        actors=(
            Actor(
                "A1",
                "Ilse Varga",
                "person",
                ("Transport minister",),
                ("Varga",),
                ("gazette.txt", "https://post.example/bridge"),
                ("Harbor Gazette", "Valdren Post"),
                ("Q1",),
                (support(gazette, said),),
                2,
            ),
        ),
        notes=("Kestrel Wire copies Harbor Gazette: they count as one outlet.",),
        failures=(InputFailure("missing.html", "no such file"),),
    )


def empty_dossier() -> Dossier:
    """A dossier of no articles, with the note that says so."""
    return Dossier("", (), (), (), (), (), (), (), (), (), ("no articles",))
