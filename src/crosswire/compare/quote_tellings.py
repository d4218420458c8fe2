"""Tellings: every quote of a story's articles that the quote ledger lines up, with its words.

Every direct and partial quote of every article, and every indirect quote reported with a verb of
saying (data/quoteledger.json), is one telling: the quote with its words (lower-cased, quotation
marks and punctuation aside), its named speaker, its article's outlet and publication date, its
sentence, and the language of its original where it is a translation. Also here: how two tellings'
words compare (the longest shared run, containment) and when two names are one actor's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from crosswire.annotate.speech_lexicon import speech_words
from crosswire.datafiles import load_data
from crosswire.model import Article, Quote, QuoteKind, Span
from crosswire.text import whole_words

# An indirect quote that is mostly a quoted fragment of the same article is that fragment: set on
# benchmarks/bench_seed_ledger.py (4 quoted words of 5 is the fragment; 2 of 20 is not).
FRAGMENT_SHARE = 0.5


# Indirect reported content shorter than this is an object ("denied the report"), not words said
# (not tuned: the shortest reported clause, subject and verb, has two words).
MIN_INDIRECT_WORDS = 3


MARKS = re.compile(r"[’‘`´]")


@dataclass(frozen=True, slots=True)
class LedgerWords:
    speech_verbs: frozenset[str]
    intent_openers: tuple[str, ...]
    clause_markers: frozenset[str]


@cache
def ledger_words() -> LedgerWords:
    data = load_data("quoteledger.json")
    return LedgerWords(
        frozenset(data["speech_verbs"]),
        tuple(data["intent_openers"]),
        frozenset(data["clause_markers"]),
    )


@lru_cache(maxsize=65_536)  # a story's quotes and names are compared pair by pair, many times
def words_of(text: str) -> tuple[str, ...]:
    """The words of a quote, lower-cased, without quotation marks and punctuation."""
    return tuple(whole_words(MARKS.sub("'", text.lower())))


def name_words(name: str | None) -> tuple[str, ...]:
    return words_of(name) if name else ()


@lru_cache(maxsize=65_536)
def same_name(a: str | None, b: str | None) -> bool:
    """Two names of one actor: the same words, or one a single capitalised word that ends the
    other ("Petrak" and "Jonas Petrak"; not "government" and "Ruritanian government")."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    (short, short_name), long = ((wa, a), wb) if len(wa) < len(wb) else ((wb, b), wa)
    return len(short) == 1 and short[0] == long[-1] and str(short_name).strip()[:1].isupper()


@dataclass(frozen=True, slots=True)
class Telling:
    """One quote of one article, ready to be grouped."""

    article: str
    outlet: str | None
    position: int  # the quote's index in its article's quotes
    quote: Quote
    words: tuple[str, ...]
    speaker: str | None  # a named speaker (entity canonical name); None when unnamed or unknown
    published: str | None
    language: str | None  # the language of its words, where it is not the article's
    original_language: str | None  # when it is a translation: the original's language
    sentence: Span | None

    @property
    def order(self) -> tuple[int, str, str, int]:
        return (self.published is None, self.published or "", self.article, self.quote.span.start)


def longest_shared_run(a: Sequence[str], b: Sequence[str]) -> int:
    """The longest run of consecutive words the two share (dynamic programming, small inputs)."""
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def containment(a: Sequence[str], b: Sequence[str]) -> tuple[float, int]:
    """How much of the shorter is one run of the longer: (share of its words, run length)."""
    shortest = min(len(a), len(b))
    if shortest == 0:
        return 0.0, 0
    run = longest_shared_run(a, b)
    return run / shortest, run


def in_ledger(quote: Quote) -> bool:
    """Quotes a ledger lists: direct and partial ones, and indirect ones reported as said."""
    if quote.kind == QuoteKind.SCARE:
        return False
    if quote.kind != QuoteKind.INDIRECT:
        return bool(words_of(quote.text))
    if not (quote.speaker or quote.speaker_mention or quote.speaker_description):
        return False  # reported words of no one ("recent reports claim ..."): a hedge, no quote
    vocabulary = ledger_words()
    words = words_of(quote.text)
    if quote.verb not in vocabulary.speech_verbs or len(words) < MIN_INDIRECT_WORDS:
        return False
    opening = " ".join(words[:2])
    if any(opening == o or opening.startswith(o + " ") for o in vocabulary.intent_openers):
        return False
    # A verb that also takes an object or a prepositional phrase ("announced new tolls",
    # "responded to a question") reports words only with a clause after it.
    frames = speech_words()
    takes_object = quote.verb in frames.object_verbs or quote.verb in frames.prep_frames
    return not takes_object or is_clause(words, vocabulary.clause_markers)


def is_clause(words: Sequence[str], markers: frozenset[str]) -> bool:
    """Reported speech is a clause: it has an auxiliary, a modal or a past-tense verb (a rough
    test without a parse; used only after verbs that may take a noun phrase instead)."""
    for word in words[1:]:
        if word in markers or word.endswith(("ed", "n't")):
            return True
        if "'" in word and "'" + word.split("'", 1)[1] in markers:
            return True
    return words[0] in markers if words else False


def is_fragment_carrier(quote: Quote, quotes: Sequence[Quote]) -> bool:
    """An indirect quote that is mostly a quoted fragment of its own article: the fragment is
    the quote (in 'the town “will not be moved”' the fragment is)."""
    if quote.kind != QuoteKind.INDIRECT:
        return False
    inner = [
        q
        for q in quotes
        if q.kind in (QuoteKind.DIRECT, QuoteKind.PARTIAL)
        and quote.span.start <= q.span.start < quote.span.end
    ]
    inner_words = sum(len(words_of(q.text)) for q in inner)
    return inner_words >= FRAGMENT_SHARE * max(1, len(words_of(quote.text)))


def original_language(article: Article, quote: Quote) -> str | None:
    """The language a translated quote was said in, from its embedded post or on-page original."""
    if quote.original_embed is not None and 0 <= quote.original_embed < len(article.embeds):
        return article.embeds[quote.original_embed].language
    if quote.translation_of is None:
        return None
    span = quote.translation_of
    for paragraph in article.paragraphs:
        if paragraph.span.start <= span.start < paragraph.span.end and paragraph.language:
            return paragraph.language
    others = article.annotations.quotes if article.annotations else ()
    for other in others:
        if other.span.start < span.end and span.start < other.span.end and other.language:
            return other.language
    return None


def sentence_of(article: Article, span: Span) -> Span | None:
    sentences = article.annotations.sentences if article.annotations else ()
    for sentence in sentences:
        if sentence.start <= span.start < sentence.end:
            return sentence
    return None


def tellings_of(article: Article, published: str | None) -> list[Telling]:
    if article.annotations is None:
        return []
    quotes = article.annotations.quotes
    tellings = []
    for position, quote in enumerate(quotes):
        if not in_ledger(quote) or is_fragment_carrier(quote, quotes):
            continue
        named = (
            quote.speaker if name_words(quote.speaker) and not quote.speaker_description else None
        )
        # Annotated articles are English or of unknown language (read as English).
        own = article.language or "en"
        language = quote.language if quote.language and quote.language != own else None
        tellings.append(
            Telling(
                article=article.source,
                outlet=article.outlet.value,
                position=position,
                quote=quote,
                words=words_of(quote.text),
                speaker=named,
                published=published,
                language=language,
                original_language=original_language(article, quote),
                sentence=sentence_of(article, quote.span),
            )
        )
    return tellings
