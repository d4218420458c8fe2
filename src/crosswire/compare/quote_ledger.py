"""The quote ledger: each quote of a story lined up across its outlets, with how each one tells it.

Every quote a story's articles tell is one telling (`quote_tellings`). Tellings are grouped into one
ledger entry when they are the same words (quotation marks, case and punctuation aside), one a run
of the other's words (a truncation), the same claim by the same speaker in other words (embedding
cosine), or a translation of an embedded post or of an on-page original. Grouping is greedy,
strongest link first, and never puts together two tellings that cannot be one quote: overlapping
spans of one article (an indirect quote and its quoted fragment) or short identical words by
different named speakers ("no" said by two people is two quotes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from crosswire.compare.embeddings import EmbeddingBackend
from crosswire.compare.quote_tellings import (
    Telling,
    containment,
    longest_shared_run,
    name_words,
    same_name,
    tellings_of,
)
from crosswire.model import (
    Article,
    LedgerQuote,
    PublicationDate,
    QuoteKind,
    QuoteVariant,
    VariantKind,
)

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
