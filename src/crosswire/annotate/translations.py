"""A quote given in translation, linked to its original when the page embeds the original post.

An article often quotes a post in translation ("a translation of the post reads: ...") while the
page embeds the post itself in its own language. The quote and the embed are the same words when
the quote's speaker wrote the embed (its author or handle names the speaker), the embed is in
another language than the article, and the quote is marked as a translation in its sentence — or
continues a quote so marked (the same speaker, no cue of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from crosswire.annotate.speech_lexicon import speech_words
from crosswire.model import Embed, Entity, Quote, QuoteKind, Span
from crosswire.text import words


def link_originals(
    quotes: Sequence[Quote],
    embeds: Sequence[Embed],
    entities: Sequence[Entity],
    sentences: Sequence[Span],
    text: str,
    article_language: str | None,
) -> list[Quote]:
    """The quotes, each translated one pointing at the embed that holds its original."""
    foreign = [i for i, e in enumerate(embeds) if e.language and e.language != article_language]
    if not foreign:
        return list(quotes)
    by_id = {e.id: e for e in entities}
    out: list[Quote] = []
    previous: Quote | None = None
    for quote in quotes:
        linked = quote
        entity = by_id.get(quote.speaker_id or "")
        if entity is not None and quote.kind in (QuoteKind.DIRECT, QuoteKind.PARTIAL):
            # A continuation has no cue of its own ("“...,” a translation reads. “...”").
            marked = _marked_as_translation(quote, sentences, text) or (
                quote.cue is None
                and previous is not None
                and previous.original_embed is not None
                and previous.speaker_id == quote.speaker_id
            )
            match = next((i for i in foreign if _wrote(entity, embeds[i])), None)
            if marked and match is not None:
                linked = replace(quote, original_embed=match)
        out.append(linked)
        if quote.kind is not QuoteKind.INDIRECT:
            previous = linked
    return out


def _marked_as_translation(quote: Quote, sentences: Sequence[Span], text: str) -> bool:
    """Whether the sentence the quote starts in speaks of a translation."""
    cues = speech_words().translation
    for sentence in sentences:
        if sentence.start <= quote.span.start < sentence.end or (
            quote.cue_span is not None and sentence.start <= quote.cue_span.start < sentence.end
        ):
            found = {w.lower() for w in words(text[sentence.start : sentence.end])}
            if found & cues:
                return True
    return False


def _wrote(entity: Entity, embed: Embed) -> bool:
    """The embed is the entity's post: its handle, or its author line naming the entity."""
    if embed.handle and embed.handle.lower() in {h.lower() for h in entity.handles}:
        return True
    author = (embed.author or "").lower()
    return bool(author) and entity.name.lower() in author
