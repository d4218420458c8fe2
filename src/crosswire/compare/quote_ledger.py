"""The quote ledger: each quote of a story lined up across its outlets, with how each one tells it.

Every direct and partial quote of every article, and every indirect quote reported with a verb of
saying (data/quoteledger.json), is one telling. Tellings are grouped into one ledger entry when
they are the same words (quotation marks, case and punctuation aside), one a run of the other's
words (a truncation), the same claim by the same speaker in other words (embedding cosine), or a
translation of an embedded post or of an on-page original. Grouping is greedy, strongest link
first, and never puts together two tellings that cannot be one quote: overlapping spans of one
article (an indirect quote and its quoted fragment) or short identical words by different named
speakers ("no" said by two people is two quotes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import numpy as np

from crosswire.annotate.speech_lexicon import speech_words
from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.datafiles import load_data
from crosswire.model import (
    Article,
    LedgerQuote,
    PublicationDate,
    Quote,
    QuoteKind,
    QuoteVariant,
    Span,
    VariantKind,
)
from crosswire.text import whole_words

# A truncation keeps at least this share of the shorter telling's words as one run of the longer
# one's ("with the floods ..." inside "... for the floods ...": 7 of 8 words): set on
# benchmarks/bench_seed_ledger.py.
TRUNCATION_SHARE = 0.75
# ...and at least this many words in that run, unless the two are the same words.
MIN_SHARED_WORDS = 3
IDENTICAL_LINK = 3.0  # the strength of a link between tellings of the same words
# Identical or contained words by two different named speakers are one quote only when the shared
# run is this long (a sentence is quoted, a short answer is a coincidence). Not tuned: no seed
# quote is credited to two speakers.
LONG_SHARED_WORDS = 8
# Paraphrases: same named speaker, different articles, embedding cosine at least this (MiniLM):
# set on benchmarks/bench_seed_ledger.py -v, where one speaker's different claims reach .67 and
# retellings of one claim .75 and up.
PARAPHRASE_COSINE = 0.72
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


# --- Links between tellings -----------------------------------------------------------------------


def overlapping(a: Telling, b: Telling) -> bool:
    return (
        a.article == b.article
        and a.quote.span.start < b.quote.span.end
        and (b.quote.span.start < a.quote.span.end)
    )


def speakers_clash(a: Telling, b: Telling) -> bool:
    return a.speaker is not None and b.speaker is not None and not same_name(a.speaker, b.speaker)


def cannot_join(a: Telling, b: Telling) -> bool:
    """Two tellings that are never one quote."""
    if overlapping(a, b):
        return True
    if speakers_clash(a, b):
        return longest_shared_run(a.words, b.words) < LONG_SHARED_WORDS
    return False


def word_link(a: Telling, b: Telling) -> float | None:
    """The strength of a link by shared words (higher is stronger), or None."""
    if cannot_join(a, b):
        return None
    if a.words == b.words:
        agreed = a.speaker is not None and same_name(a.speaker, b.speaker)
        return IDENTICAL_LINK if agreed or len(a.words) >= MIN_SHARED_WORDS else None
    share, run = containment(a.words, b.words)
    if share >= TRUNCATION_SHARE and run >= MIN_SHARED_WORDS:
        return 2.0 + share / 2
    return None


def translation_links(tellings: Sequence[Telling]) -> list[tuple[float, int, int]]:
    """A translation and its on-page original, in one article, are one quote."""
    links = []
    for i, t in enumerate(tellings):
        target = t.quote.translation_of
        if target is None:
            continue
        for j, other in enumerate(tellings):
            same_place = other.article == t.article and other.quote.span.start < target.end
            if i != j and same_place and target.start < other.quote.span.end:
                links.append((4.0, min(i, j), max(i, j)))
    return links


def speaker_blocks(tellings: Sequence[Telling]) -> list[list[int]]:
    """Tellings whose speakers may be one actor, from more than one article. A speaker's names
    share their last word ("Petrak", "Jonas Petrak"), so blocks are by that word."""
    by_last: dict[str, list[int]] = {}
    for i, t in enumerate(tellings):
        if t.speaker is not None:
            by_last.setdefault(name_words(t.speaker)[-1], []).append(i)
    return [m for m in by_last.values() if len({tellings[i].article for i in m}) > 1]


def paraphrase_links(
    tellings: Sequence[Telling], backend: EmbeddingBackend
) -> list[tuple[float, int, int]]:
    """Same named speaker, different articles, close meaning."""
    blocks = speaker_blocks(tellings)
    candidates = sorted({i for block in blocks for i in block})
    if not candidates:
        return []
    # Only tellings that have a possible partner are encoded: the model is the slow part.
    vectors = np.asarray(backend.encode([tellings[i].quote.text for i in candidates]))
    row = {i: x for x, i in enumerate(candidates)}
    links = []
    for members in blocks:
        block = vectors[[row[i] for i in members]]
        cosines = block @ block.T
        for x, i in enumerate(members):
            for y in range(x + 1, len(members)):
                a, b = tellings[i], tellings[members[y]]
                cosine = float(cosines[x, y])
                if cosine < PARAPHRASE_COSINE or a.article == b.article:
                    continue
                if same_name(a.speaker, b.speaker):
                    links.append((1.0 + cosine, i, members[y]))
    return links


def sharing_pairs(tellings: Sequence[Telling]) -> list[tuple[int, int]]:
    """Pairs that may share words: the same words, or a run of MIN_SHARED_WORDS words in common
    (an index of word runs keeps this near-linear on a large story)."""
    holders: dict[tuple[str, ...], set[int]] = {}
    for i, t in enumerate(tellings):
        if len(t.words) < MIN_SHARED_WORDS:
            holders.setdefault(("=", *t.words), set()).add(i)
        for k in range(len(t.words) - MIN_SHARED_WORDS + 1):
            holders.setdefault(t.words[k : k + MIN_SHARED_WORDS], set()).add(i)
    pairs: set[tuple[int, int]] = set()
    for held in holders.values():
        ordered = sorted(held)
        pairs.update((a, b) for n, a in enumerate(ordered) for b in ordered[n + 1 :])
    return sorted(pairs)


def all_links(
    tellings: Sequence[Telling], backend: EmbeddingBackend
) -> list[tuple[float, int, int]]:
    links = translation_links(tellings) + paraphrase_links(tellings, backend)
    for i, j in sharing_pairs(tellings):
        strength = word_link(tellings[i], tellings[j])
        if strength is not None:
            links.append((strength, i, j))
    # Strongest first; ties by position in the (sorted) tellings, so the result is deterministic.
    return sorted(links, key=lambda link: (-link[0], link[1], link[2]))


def alike_classes(tellings: Sequence[Telling]) -> list[list[int]]:
    """Tellings that are one quote beyond doubt (the same words and speaker in different
    articles, long or attributed enough for the strongest word link), as classes whose first
    member is linked and grouped for all: a wire story reprinted by 600 outlets repeats each of
    its quotes 600 times, and linking them pair by pair would take minutes."""
    classes: list[list[int]] = []
    articles: list[set[str]] = []  # per class: the articles of its members
    latest: dict[tuple[object, ...], int] = {}  # the last class opened for these words
    for i, t in enumerate(tellings):
        key = (
            t.words,
            t.speaker,
            t.quote.kind,
            t.language,
            t.original_language,
            t.quote.translation_of is None,
        )
        if key in latest:
            n = latest[key]
            first = tellings[classes[n][0]]
            if t.article not in articles[n] and word_link(first, t) == IDENTICAL_LINK:
                classes[n].append(i)
                articles[n].add(t.article)
                continue
        latest[key] = len(classes)
        classes.append([i])
        articles.append({t.article})
    return classes


def group(tellings: Sequence[Telling], links: Sequence[tuple[float, int, int]]) -> list[list[int]]:
    """Greedy grouping, strongest link first, keeping apart what cannot be one quote."""
    group_of = list(range(len(tellings)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(tellings))}
    for _, i, j in links:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if any(cannot_join(tellings[a], tellings[b]) for a in members[gi] for b in members[gj]):
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        for member in members.pop(gone):
            group_of[member] = keep
            members[keep].append(member)
    return [sorted(m) for m in members.values()]


# --- Ledger entries -------------------------------------------------------------------------------


def head_of(tellings: Sequence[Telling]) -> Telling:
    """The fullest wording in the articles' own language: quoted words before reported speech,
    then the longest, then the first."""
    return min(
        tellings,
        key=lambda t: (
            t.language is not None,
            t.quote.kind == QuoteKind.INDIRECT,
            -len(t.words),
            t.order,
        ),
    )


def variant_kind(telling: Telling, head: Telling) -> VariantKind:
    translated = telling.original_language is not None or telling.quote.translation_of is not None
    if translated or telling.language != head.language:
        return VariantKind.TRANSLATED
    if telling.words == head.words:
        return VariantKind.EXACT
    share, run = containment(telling.words, head.words)
    if (
        share >= TRUNCATION_SHARE
        and run >= MIN_SHARED_WORDS
        and len(telling.words) <= len(head.words)
    ):
        return VariantKind.TRUNCATED
    return VariantKind.PARAPHRASED


def variant_of(telling: Telling, head: Telling) -> QuoteVariant:
    return QuoteVariant(
        article=telling.article,
        outlet=telling.outlet,
        span=telling.quote.span,
        text=telling.quote.text,
        kind=variant_kind(telling, head),
        quote_kind=telling.quote.kind,
        published=telling.published,
        sentence=telling.sentence,
    )


def main_speaker(tellings: Sequence[Telling]) -> str | None:
    """The most frequent named speaker; the fullest name among those naming the same actor."""
    named = [t.speaker for t in tellings if t.speaker]
    if not named:
        described = [t.quote.speaker_description for t in tellings if t.quote.speaker_description]
        return min(described, key=lambda d: (-described.count(d), d)) if described else None
    counts = Counter(named)
    for name in named:  # a last name alone counts for the full name it ends
        for other in counts:
            if other != name and same_name(name, other) and len(other) > len(name):
                counts[other] += 1
    return min(counts, key=lambda n: (-counts[n], -len(n), n))


def entry(tellings: Sequence[Telling]) -> LedgerQuote:
    ordered = sorted(tellings, key=lambda t: t.order)
    head = head_of(ordered)
    languages = [t.original_language or t.language for t in ordered]
    original = next((lang for lang in languages if lang), None)
    return LedgerQuote(
        id="",
        text=head.quote.text,
        speaker=main_speaker(ordered),
        variants=tuple(variant_of(t, head) for t in ordered),
        first_article=ordered[0].article,
        first_published=ordered[0].published,
        original_language=original,
    )


def entry_order(quote: LedgerQuote) -> tuple[bool, str, int, str, int]:
    first = quote.variants[0]
    return (
        quote.first_published is None,
        quote.first_published or "",
        -len(quote.outlets),
        quote.first_article,
        first.span.start,
    )


def build_quote_ledger(
    articles: Sequence[Article],
    published: Sequence[PublicationDate],
    *,
    backend: EmbeddingBackend,
) -> list[LedgerQuote]:
    """Every quote of the story's articles, grouped across them, in order of first appearance."""
    dates = {p.article: p.value for p in published}
    tellings: list[Telling] = []
    for article in sorted(articles, key=lambda a: a.source):
        tellings.extend(tellings_of(article, dates.get(article.source)))
    tellings.sort(key=lambda t: (t.article, t.quote.span.start, t.quote.span.end, t.position))
    if not tellings:
        return []
    classes = alike_classes(tellings)
    told_once = [tellings[members[0]] for members in classes]
    groups = [
        [i for n in g for i in classes[n]] for g in group(told_once, all_links(told_once, backend))
    ]
    entries = sorted((entry([tellings[i] for i in sorted(g)]) for g in groups), key=entry_order)
    return [_with_id(e, n) for n, e in enumerate(entries, start=1)]


def _with_id(quote: LedgerQuote, number: int) -> LedgerQuote:
    return replace(quote, id=f"Q{number}")
