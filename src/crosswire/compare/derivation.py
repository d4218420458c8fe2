"""Derivation and independence: which articles of one story copy or rewrite another.

Two kinds are told apart:
- a *copy* (wire copy, syndicated reprint): near-identical text, measured as word-shingle
  containment (the share of the shorter text's 5-word runs found in the other);
- a *rewrite*: the same facts in the same order and the same quotes. Sentences of one article are
  aligned to the other's by content-word similarity (rapidfuzz token ratio); a rewrite aligns many
  of its sentences, in order, and shares quotes (in order too). Two independent reports share facts
  but tell them in another order and quote differently, so order and quotes carry the decision.

The direction (which is the source) is the earlier publication; with dates unknown or equal, the
page that credits the other's outlet is the copy; else the richer article (more quotes, more text)
is taken as the source. Every derivation says in its evidence which of these decided.

Aligning the sentences of two related articles costs a millisecond or two (a copy, told by its
word runs, needs none), so a story of more than a few tens of articles compares only candidate
pairs (`candidate_pairs`): each article with its few most alike among those meeting it in a MinHash
LSH of content vocabulary, plus the articles sharing a rare quoted passage or sentence.

Corroboration counts independent outlets: articles linked by derivations are one outlet
(`independent_groups`, `count_independent`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from crosswire.annotate.quotemarks import find_quoted_segments
from crosswire.compare.derivation_candidates import MIN_CONTENT_WORDS, compared_pairs
from crosswire.compare.labels import article_name
from crosswire.datafiles import load_data
from crosswire.model import Article, Derivation, QuoteKind
from crosswire.text import function_words, sentence_spans, words

# A sentence similarity: two sentences' content words -> 0..100. Swappable (an embedding backend
# can be passed to `find_derivations`).
SentenceSimilarity = Callable[[str, str], float]

SHINGLE = 5  # words per shingle: long enough that independent reports rarely share one by chance
# All thresholds below were set on benchmarks/bench_derivation.py: the seeds' rewrite (001 of 000:
# 7 sentences aligned, 50% of its sentences, 72% similar wording, 5 of its 5 quotes shared in
# order) found, 002 not linked; ECB+ dev same-subtopic pairs (independent reports, and wire
# variants sharing 10%+ of their 8-word runs) and injected ECB+ reprints and rewrites.
COPY_CONTAINMENT = 0.8  # share of the shorter text's shingles found in the longer: a copy
SENTENCE_MATCH = 62.0  # content-word similarity (0..100) at which two sentences tell one fact
MIN_ALIGNED = 3  # sentences aligned before "the same facts in the same order" is considered
# Content words shared over the shorter's: the seeds' rewrite .57, found ECB+ derivations (with the
# injected ones) .58 and up, half of ECB+ same-subtopic pairs below .42 (skipped unaligned).
MIN_SHARED_VOCABULARY = 0.4
REWRITE_SCORE = 0.5  # the least score reported as a rewrite (every rule below gives >= .5)
REUSED_WORDING = 0.5  # shingle containment at which the wording is reused (not near-identical)
MIN_WORDS_REUSED = 40  # shorter texts share word runs by chance (names, set phrases)
IN_ORDER = 0.75  # share of aligned sentences (or quotes) in order for "the same order"
FACT_COVERAGE = 0.5  # share of its sentences aligned for "retells the other's facts"
MIN_COVERAGE = 0.3  # the least share aligned when the quotes are shared
STRICT_ORDER = 0.9  # "in the same order" when neither wording nor quotes are shared
# Mean sentence similarity of a rewrite that barely changes the words: injected rewrites .8-1.0,
# ECB+ independent reports in order .65-.84 where no 8-word runs are shared.
CLOSE_WORDING = 0.85
MIN_SHARED_QUOTES = 2
QUOTE_SHARE = 0.6  # share of its quotes found in the other, in order: quotes taken over
MIN_QUOTE_WORDS = 3  # a shorter quoted passage ("genocide") is a term, not a quote
QUOTE_MATCH = 90.0  # partial ratio (0..100) at which two quoted passages are the same words


@dataclass(frozen=True, slots=True)
class PairSignals:
    """What two articles share, seen from the candidate copy (`later`) towards `earlier`."""

    containment: float  # share of the shorter text's shingles found in the other
    aligned: int  # sentences of `later` matched to a sentence of `earlier`
    coverage: float  # aligned over `later`'s sentences
    order: float  # share of the aligned sentences in the same order (longest ordered run)
    closeness: float  # mean similarity (0..1) of the aligned sentences: retold or rewritten
    shared_quotes: int
    quote_order: float  # share of shared quotes in the same order
    later_quotes: int  # quoted passages of `later`
    shorter_words: int  # words of the shorter article


@dataclass(frozen=True, slots=True)
class _Prepared:
    article: Article
    shingles: frozenset[tuple[str, ...]]
    sentences: tuple[str, ...]  # content words of each sentence (lower case, joined by spaces)
    quotes: tuple[str, ...]  # quoted passages, normalised, in text order
    words: int
    vocabulary: frozenset[str]  # content words


def find_derivations(
    articles: Sequence[Article],
    *,
    similarity: SentenceSimilarity | None = None,
    all_pairs: bool = False,
) -> list[Derivation]:
    """The copies and rewrites among one story's articles, at most one source per article.

    Candidate pairs are compared (every pair in a small story, or with `all_pairs`). The result
    does not depend on input order: sorted by article then source.
    """
    similar = similarity or _token_similarity
    prepared = _prepare_all(articles)
    published = {p.article.source: _when(p.article) or "\uffff" for p in prepared}
    candidates: dict[str, list[Derivation]] = {}
    for i, j in compared_pairs(
        prepared, published, all_pairs=all_pairs, may_share=_may_share_facts
    ):
        found = _derivation(prepared[i], prepared[j], similar)
        if found is not None:
            candidates.setdefault(found.article, []).append(found)
    # The best source: the surest, then the earliest published (the original over its copies).
    best = [
        min(found, key=lambda d: (-d.score, published[d.derived_from], d.derived_from))
        for found in candidates.values()
    ]
    return sorted(best, key=lambda d: (d.article, d.derived_from))


def candidate_pairs(
    articles: Sequence[Article], *, all_pairs: bool = False
) -> list[tuple[str, str]]:
    """The pairs of sources `find_derivations` compares in full (first by source first)."""
    prepared = _prepare_all(articles)
    published = {p.article.source: _when(p.article) or "\uffff" for p in prepared}
    return [
        (prepared[i].article.source, prepared[j].article.source)
        for i, j in compared_pairs(
            prepared, published, all_pairs=all_pairs, may_share=_may_share_facts
        )
    ]


def independent_groups(sources: Sequence[str], derivations: Sequence[Derivation]) -> list[set[str]]:
    """The sources grouped into independent outlets: those linked by derivations are one group.

    A derivation through an article not in `sources` still links (two reprints of one wire story
    are not independent of each other). Groups come in the order of their first source.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for source in sources:
        root(source)
    for derivation in derivations:
        a, b = root(derivation.article), root(derivation.derived_from)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, set[str]] = {}
    for source in dict.fromkeys(sources):
        groups.setdefault(root(source), set()).add(source)
    return list(groups.values())


def count_independent(sources: Sequence[str], derivations: Sequence[Derivation]) -> int:
    """How many independent outlets stand behind `sources`."""
    return len(independent_groups(sources, derivations))


def _prepare_all(articles: Sequence[Article]) -> list[_Prepared]:
    return sorted((_prepare(a) for a in _unique_sources(articles)), key=lambda p: p.article.source)


def _unique_sources(articles: Iterable[Article]) -> list[Article]:
    """One article per source (the first given; a source is an article's identity)."""
    seen: dict[str, Article] = {}
    for article in articles:
        seen.setdefault(article.source, article)
    return list(seen.values())


def _derivation(
    first: _Prepared, second: _Prepared, similar: SentenceSimilarity
) -> Derivation | None:
    if not _may_share_facts(first.vocabulary, second.vocabulary):
        return None
    copy, source, why = _direction(first, second)
    containment = _containment(copy, source)
    if containment >= COPY_CONTAINMENT:  # a copy needs no alignment (the costly part)
        evidence = (f"near-identical text: {containment:.0%} of word runs shared", why)
        return Derivation(copy.article.source, source.article.source, "copy",
                          round(containment, 3), evidence)  # fmt: skip
    signals = _signals(copy, source, similar)
    score = _rewrite_score(signals)
    if score < REWRITE_SCORE:
        return None
    return Derivation(
        copy.article.source, source.article.source, "rewrite", round(score, 3),
        (*_rewrite_evidence(signals, copy.article), why),
    )  # fmt: skip


def _may_share_facts(a: frozenset[str], b: frozenset[str]) -> bool:
    """A cheap test before aligning: a copy or rewrite shares much of its content vocabulary."""
    shorter = min(len(a), len(b))
    return shorter > 0 and len(a & b) / shorter >= MIN_SHARED_VOCABULARY


def _rewrite_score(s: PairSignals) -> float:
    """0..1 (0: no rewrite) from shared wording, shared quotes, and aligned facts in order.

    Facts in order alone are not enough: independent reports of one event tell its facts in much
    the same order (ECB+ subtopics, the news lead). A rewrite also shares the words (many word
    runs, or sentences barely changed) or the quotes (most of its quotes, in the same order).
    """
    facts = min(1.0, s.coverage / FACT_COVERAGE) * s.order
    if s.containment >= REUSED_WORDING and s.shorter_words >= MIN_WORDS_REUSED:
        return 0.5 + 0.5 * max(facts, s.containment)
    if s.aligned < MIN_ALIGNED or s.order < IN_ORDER:
        return 0.0
    quote_share = s.shared_quotes / s.later_quotes if s.later_quotes else 0.0
    if (
        s.shared_quotes >= MIN_SHARED_QUOTES
        and quote_share >= QUOTE_SHARE
        and s.quote_order >= IN_ORDER
        and s.coverage >= MIN_COVERAGE
    ):
        return 0.5 + 0.5 * (facts + quote_share * s.quote_order) / 2
    if s.coverage >= FACT_COVERAGE and s.order >= STRICT_ORDER and s.closeness >= CLOSE_WORDING:
        return 0.5 + 0.5 * (facts + s.closeness) / 2
    return 0.0


def _rewrite_evidence(s: PairSignals, copy: Article) -> tuple[str, ...]:
    notes = [
        f"same facts in the same order: {s.aligned} sentences aligned "
        f"({s.coverage:.0%} of its sentences, {s.order:.0%} in order, "
        f"{s.closeness:.0%} similar wording)"
    ]
    if s.containment >= REUSED_WORDING:
        notes.append(f"reused wording: {s.containment:.0%} of word runs shared")
    if s.shared_quotes:
        notes.append(
            f"same quotes: {s.shared_quotes} of its {s.later_quotes} shared "
            f"({s.quote_order:.0%} in order)"
        )
    if any("staff" in author.lower() for author in copy.authors):
        notes.append("'Staff' byline (weak evidence)")
    return tuple(notes)


def _direction(a: _Prepared, b: _Prepared) -> tuple[_Prepared, _Prepared, str]:
    """(copy, source, why): the earlier is the source; else the one credited; else the richer."""
    when_a, when_b = _when(a.article), _when(b.article)
    if when_a and when_b and len(when_a) != len(when_b):  # a day against a minute: compare days
        when_a, when_b = when_a[:10], when_b[:10]
    if when_a and when_b and when_a != when_b:
        copy, source = (a, b) if when_a > when_b else (b, a)
        return copy, source, f"direction: published later ({_when(copy.article)})"
    credits_b, credits_a = _credits(a.article, b.article), _credits(b.article, a.article)
    if credits_b != credits_a:
        copy, source = (a, b) if credits_b else (b, a)
        return copy, source, f"direction: it credits {_outlet(source.article)}"
    richness_a, richness_b = (len(a.quotes), a.words), (len(b.quotes), b.words)
    copy, source = (a, b) if richness_a < richness_b else (b, a)
    dates = "same time" if when_a and when_b else "date unknown"
    if richness_a == richness_b:  # nothing tells them apart: a stable choice (first by source)
        return copy, source, f"direction ({dates}): as rich as each other, first by name"
    return copy, source, f"direction ({dates}): the source has more quotes and text"


def _when(article: Article) -> str | None:
    """The publication time to compare: to the minute when known (time zones differ little
    against a day of news), else the day."""
    value = article.published.value
    if not value or len(value) < 10:
        return None
    return value[:16] if len(value) >= 16 and value[10] == "T" else value[:10]


def _outlet(article: Article) -> str:
    return article_name(article)  # evidence is read by people: an outlet or headline, no path


def _credits(copy: Article, source: Article) -> bool:
    """Whether `copy` credits `source`'s outlet ("(Reuters)", "originally published by ...")."""
    outlet = (source.outlet.value or "").strip().lower()
    if len(outlet) < 2:
        return False
    text = " ".join(copy.text.lower().split())
    return any(p.format(outlet=outlet) in text for p in _credit_patterns())


def _containment(a: _Prepared, b: _Prepared) -> float:
    """The share of the shorter text's shingles found in the other."""
    shorter = min(len(a.shingles), len(b.shingles))
    return len(a.shingles & b.shingles) / shorter if shorter else 0.0


def _signals(later: _Prepared, earlier: _Prepared, similar: SentenceSimilarity) -> PairSignals:
    containment = _containment(later, earlier)
    aligned = _align(later.sentences, earlier.sentences, similar)
    matches = [index for index, _ in aligned]
    quote_matches = _align_quotes(later.quotes, earlier.quotes)
    return PairSignals(
        containment=containment,
        aligned=len(matches),
        coverage=len(matches) / len(later.sentences) if later.sentences else 0.0,
        order=_in_order(matches),
        closeness=sum(score for _, score in aligned) / len(aligned) / 100 if aligned else 0.0,
        shared_quotes=len(quote_matches),
        quote_order=_in_order(quote_matches),
        later_quotes=len(later.quotes),
        shorter_words=min(later.words, earlier.words),
    )


def _align(
    later: Sequence[str], earlier: Sequence[str], similar: SentenceSimilarity
) -> list[tuple[int, float]]:
    """For each sentence of `later` (in order) that tells a fact of `earlier`, the index of its
    best match there and the similarity."""
    matches: list[tuple[int, float]] = []
    for sentence in later:
        if len(sentence.split()) < MIN_CONTENT_WORDS:
            continue
        scored = [
            (similar(sentence, other), j)
            for j, other in enumerate(earlier)
            if len(other.split()) >= MIN_CONTENT_WORDS
        ]
        if scored:
            score, index = max(scored, key=lambda pair: (pair[0], -pair[1]))
            if score >= SENTENCE_MATCH:
                matches.append((index, score))
    return matches


def _align_quotes(later: Sequence[str], earlier: Sequence[str]) -> list[int]:
    matches = []
    for quote in later:
        for j, other in enumerate(earlier):
            if fuzz.partial_ratio(quote, other) >= QUOTE_MATCH:
                matches.append(j)
                break
    return matches


def _in_order(indices: Sequence[int]) -> float:
    """The share of `indices` in a longest non-decreasing run (1.0: all in order)."""
    if not indices:
        return 0.0
    tails: list[int] = []
    for value in indices:
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] <= value:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(value)
        else:
            tails[lo] = value
    return len(tails) / len(indices)


def _token_similarity(a: str, b: str) -> float:
    """Content-word similarity of two sentences; the average of set and sorted-token ratios, so
    a short sentence inside a long one does not score 100."""
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def _prepare(article: Article) -> _Prepared:
    tokens = [w.lower() for w in words(article.text)]
    shingles = frozenset(
        tuple(tokens[i : i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1))
    )
    sentences = _sentences(article)
    vocabulary = frozenset(w for sentence in sentences for w in sentence.split())
    return _Prepared(article, shingles, sentences, _quotes(article), len(tokens), vocabulary)


def _sentences(article: Article) -> tuple[str, ...]:
    text = article.text
    annotations = article.annotations
    if annotations is not None and annotations.sentences:
        pieces = [text[s.start : s.end] for s in annotations.sentences]
    else:
        pieces = [text[start:end] for start, end in sentence_spans(text)]
    return tuple(c for c in (_content_words(p) for p in pieces) if c)


def _content_words(text: str) -> str:
    stop = function_words()
    return " ".join(w for w in (w.lower() for w in words(text)) if w not in stop)


def _quotes(article: Article) -> tuple[str, ...]:
    """The article's quoted passages of MIN_QUOTE_WORDS words or more, normalised, in order."""
    annotations = article.annotations
    if annotations is not None and annotations.quotes:
        spans = [
            (q.span.start, q.span.end)
            for q in annotations.quotes
            if q.kind in (QuoteKind.DIRECT, QuoteKind.PARTIAL)
        ]
    else:
        spans = [(s.start, s.end) for s in find_quoted_segments(article.text)]
    passages = (" ".join(words(article.text[a:b].lower())) for a, b in sorted(spans))
    return tuple(p for p in passages if len(p.split()) >= MIN_QUOTE_WORDS)


@cache
def _credit_patterns() -> tuple[str, ...]:
    return tuple(load_data("derivation_credits.json")["credit_patterns"])
