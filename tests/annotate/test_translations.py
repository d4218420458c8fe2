"""Translations: quotes given in translation linked to the embedded post they translate."""

from dataclasses import replace

from crosswire.annotate.translations import link_originals
from crosswire.model import Embed, Entity, Provenance, Quote, Span
from tests.conftest import entity_at, quote_at, span_of

TEXT = (
    "Mayor Ana Ruiz posted a message in Spanish on Sunday. "
    "“We will rebuild the bridge,” a translation of the post reads. "
    "“Nobody will be left behind.”\n\n"
    "“The budget is ready,” Ruiz told reporters later."
)


def _sentences() -> list[Span]:
    spans, start = [], 0
    for end in (53, 116, 146, len(TEXT)):  # the four sentences
        spans.append(Span(start, end))
        start = end + 1
    return spans


RUIZ = entity_at(TEXT, "e1", "Ana Ruiz", "person")
POST = Embed(
    "Reconstruiremos el puente.", Provenance("p.txt", 0, 10), author="Ana Ruiz", handle="@aruiz"
)
SPANISH_POST = replace(POST, language="es")


def _quote(words: str, cue: str | None = None) -> Quote:
    cue_span = span_of(TEXT, cue) if cue else None
    return quote_at(TEXT, words, "Ana Ruiz", speaker_id="e1", verb=None, cue=cue, cue_span=cue_span)


QUOTES = [
    _quote("We will rebuild the bridge,", "a translation of the post reads"),
    _quote("Nobody will be left behind."),
    _quote("The budget is ready,", "told reporters"),
]


def test_a_quote_marked_as_translation_and_its_continuation_point_at_the_post() -> None:
    linked = link_originals(QUOTES, [SPANISH_POST], [RUIZ], _sentences(), TEXT, "en")
    assert [q.original_embed for q in linked] == [0, 0, None]


def test_no_link_to_a_post_in_the_articles_own_language_or_by_someone_else() -> None:
    english_post = POST  # language None: not known to be foreign
    assert all(
        q.original_embed is None
        for q in link_originals(QUOTES, [english_post], [RUIZ], _sentences(), TEXT, "en")
    )
    other = Entity("e2", "Luis Gomez", "person", ())
    quotes = [replace(q, speaker_id="e2") for q in QUOTES]
    assert all(
        q.original_embed is None
        for q in link_originals(quotes, [SPANISH_POST], [RUIZ, other], _sentences(), TEXT, "en")
    )
