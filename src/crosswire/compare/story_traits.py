"""What story grouping reads of one article: its traits (title and lead, words, names, quotes,
day and year, language) and its vector.

`read_traits` reads them of an extracted (and perhaps annotated) article; `embed` gives each
article one unit row, the sentence model's where it reads the article's language, else a hashed
bag of its words. `crosswire.compare.stories` and the archive and incremental groupings decide on
these alone, so batch mode can read them on its workers.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from crosswire.compare.embeddings import EmbeddingBackend, HashingBackend, first_words
from crosswire.compare.site_furniture import without_furniture
from crosswire.compare.story_titles import content_words, headline_shaped
from crosswire.model import Article
from crosswire.text import words

# Leads naming different years tell of look-alike events (this year's awards, last year's):
YEAR_LEAD_WORDS = 60  # words of title and lead searched for a year
# Words of the lead embedded after the title: MiniLM costs grow with length. 24 words (about 34
# word pieces) cost ~40% less than 40 words; on ECB+ train B3 F1 .884 vs .890, dev .882 vs .879.
LEAD_WORDS = 24  # benchmarks/bench_grouping_speed.py, checked on benchmarks/bench_ecbplus.py
BODY_WORDS = 600  # words read for the word cosine (names and numbers deep in the text count)
QUOTE_WORDS = 8  # a quote is recognised by its first words
# The languages a backend's vectors are trusted for unless it says otherwise (its `languages`):
# the packaged all-MiniLM-L6-v2 was trained on English sentence pairs.
MODEL_LANGUAGES: frozenset[str] | None = frozenset({"en"})
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A capitalised word (dots only inside it: "U.S"), and the capitalised words right after it.
NAME_RUN = re.compile(r"\b[A-Z](?:[\w'’-]|\.(?=\w))*(?: [A-Z](?:[\w'’-]|\.(?=\w))*)*")
NOT_NAMES = frozenset({"i", "a", "the", "mr", "mrs", "ms", "dr"})


@dataclass(frozen=True, slots=True)
class ArticleTraits:
    """What grouping reads of one article."""

    source: str
    text: str  # title and lead
    words: tuple[str, ...]  # the casefolded words of title and body (BODY_WORDS at most)
    title: str
    names: frozenset[str]
    quotes: frozenset[str]
    published: date | None
    year: int | None  # the year the title and lead name most often (the event's, usually)
    language: str | None = None  # as extraction detected it (None: not known)


def read_traits(article: Article, furniture: frozenset[str] = frozenset()) -> ArticleTraits:
    """What grouping reads of the article, leaving out the paragraphs of `furniture` (as
    `site_furniture` found them: its site's repeated notices and prompts)."""
    title = " ".join((article.title.value or "").split())
    if not headline_shaped(title, article.authors):
        title = ""  # a byline, a counter or a prompt taken for the title tells no story
    text = without_furniture(article.text, furniture)
    lead = first_words(text, LEAD_WORDS)
    annotations = article.annotations
    names: frozenset[str] = frozenset()
    quotes: frozenset[str] = frozenset()
    if annotations is None:
        names = surface_names(first_words(text, BODY_WORDS))
    else:
        names = frozenset(e.name.casefold() for e in annotations.entities if e.name.strip())
        quotes = frozenset(
            " ".join(words(q.text.casefold())[:QUOTE_WORDS])
            for q in annotations.quotes
            if len(words(q.text)) >= 3
        )
    return ArticleTraits(
        source=article.source,
        text=f"{title}\n{lead}" if title else lead,
        # Interned: a pile's articles share most words (2,000 ECB+ traits of 280 words: 21 KB
        # an article as separate strings, 6 KB interned; 100,000 of 600 words: 4.4 / 1.3 GB).
        words=tuple(
            sys.intern(w) for w in content_words(f"{title} {first_words(text, BODY_WORDS)}")
        ),
        title=title,
        names=names,
        quotes=quotes,
        published=_day(article.published.value),
        year=lead_year(f"{title} {first_words(text, YEAR_LEAD_WORDS)}"),
        language=article.language,
    )


def embed(traits: Sequence[ArticleTraits], backend: EmbeddingBackend) -> np.ndarray:
    """One unit row per article: the backend's embedding of its title and lead when the backend
    reads the article's language, else a hashed bag of its content words. The packaged sentence
    model was trained on English: it put any two Russian pages at cosine .6-.8 whatever they
    said (scrapinghub text renders), so for other languages only shared words count."""
    readable = [n for n, t in enumerate(traits) if reads(backend, t.language)]
    encoded = np.asarray(backend.encode([traits[n].text for n in readable]), dtype=np.float32)
    if encoded.ndim == 2:
        dimension = encoded.shape[1]
    else:  # nothing to encode, and the backend did not say its width
        dimension = encoded.size // max(len(readable), 1) or HashingBackend().dimension
        encoded = encoded.reshape(len(readable), dimension)
    vectors = np.zeros((len(traits), dimension), dtype=np.float32)
    vectors[readable] = encoded
    others = sorted(set(range(len(traits))) - set(readable))
    if others:
        hashing = HashingBackend(dimension)
        vectors[others] = hashing.encode([" ".join(traits[n].words) for n in others])
    return vectors


def reads(backend: EmbeddingBackend, language: str | None) -> bool:
    """Whether the backend's vectors mean something for text in this language (a backend may
    say which languages it reads in a `languages` attribute; by default English; None reads
    all). Articles of unknown language are taken as read."""
    languages = getattr(backend, "languages", MODEL_LANGUAGES)
    return language is None or languages is None or language in languages


def surface_names(text: str) -> frozenset[str]:
    """Names as the text writes them, for an article not annotated: runs of capitalised words
    that do not open a sentence (a sentence's first word is capitalised whatever it is)."""
    names = set()
    for match in NAME_RUN.finditer(text):
        before = text[: match.start()].rstrip()
        run = match.group()
        if not before or before[-1] in ".!?\"“”'\n:":
            run = run.partition(" ")[2]  # the sentence's first word is no evidence of a name
        if run and run.casefold() not in NOT_NAMES:
            names.add(run.casefold())
    return frozenset(names)


def lead_year(text: str) -> int | None:
    """The year the text names most often (ties: the latest), None when it names none."""
    counts = Counter(int(y) for y in YEAR.findall(text))
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
