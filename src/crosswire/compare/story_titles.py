"""Story titles: the headline that names a story best, never a line of page furniture.

A story is named after one of its articles' headlines (`Article.title`, as extraction found it):
among the titles shaped like a headline (not a byline, a counter, a reader prompt, a time stamp or
a reading-time badge: data/story_titles.json) and backed by the story's own texts, the one whose
words the story's other articles share most, that is the most representative. A title that names
nothing the texts tell ("Watch CBSN Live" over a report of a rescue, a reporter's name over an
article that never names them) is furniture the extractor took for the headline. When no article
has such a headline, the story is named by a short statement of its best-shared content: the
lead sentence whose words the other articles share most, cut to a headline's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from crosswire.datafiles import load_data
from crosswire.model import Article
from crosswire.text import function_words, sentence_spans, word_tokens, words

HEADLINE_MIN_WORDS = 3  # fewer words are a name, a label or a counter ("Al Root", "1 / 23")
# The share of a headline's content words the story's texts must give. Judgement, checked on the
# scrapinghub text renders (benchmarks/bench_story_choice.py): most titles under it are bylines,
# counters, prompts or another article's headline; a real headline under it gives way to a
# statement of the lead, not to furniture.
SUPPORT_MIN = 0.5
TITLE_MAX_WORDS = 16  # a statement standing in for a headline is cut after this many words
LEAD_SENTENCES = 3  # sentences of each article read for a statement
STATEMENT_MIN_WORDS = 6  # shorter sentences are labels and captions, not statements
BODY_WORDS = 1_000  # words of each text read for support
QUOTE_MARKS = "\"'“”‘’«»„"
# A label glued to what follows it in a page dump ("Media captionWho is ...", "Eric SongBy Eric"):
# a lower-case letter right before an upper-case one and another lower-case one.
GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


@dataclass(frozen=True, slots=True)
class TitleRules:
    """The furniture shapes of data/story_titles.json, compiled once."""

    starts: re.Pattern[str]
    ends: re.Pattern[str]
    anywhere: re.Pattern[str]
    marks: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@cache
def title_rules() -> TitleRules:
    data = load_data("story_titles.json")

    def phrases(key: str) -> str:
        listed = sorted({re.escape(str(p).lower()) for p in data[key]}, key=len, reverse=True)
        return "(?:" + "|".join(listed) + ")"

    return TitleRules(
        starts=re.compile(r"^\W*" + phrases("starts") + r"(?!\w)"),
        ends=re.compile(r"(?<!\w)" + phrases("ends") + r"\W*$"),
        anywhere=re.compile(r"(?<!\w)" + phrases("anywhere") + r"(?!\w)"),
        marks=tuple(str(m) for m in data["marks"]),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["patterns"].values()),
    )


def content_words(text: str) -> list[str]:
    """The casefolded words of the text that carry content: not the function words of any
    language the project knows (in a pile mostly in one language another language's function
    words are rare, so they weighed like names and held that language's unrelated pages
    together: four Russian pages of the scrapinghub text renders), not single Latin letters."""
    stop = function_words()
    return [w for w in words(text.casefold()) if w not in stop and (len(w) > 1 or not w.isascii())]


def headline_shaped(title: str, authors: Iterable[str] = ()) -> bool:
    """Whether a page's title can be a headline: enough words, no furniture shape, and not the
    byline of one of the article's own authors."""
    lowered = GLUED.sub(" ", " ".join(title.split())).casefold()
    if sum(any(c.isalpha() for c in w) for w in word_tokens(lowered)) < HEADLINE_MIN_WORDS:
        return False
    rules = title_rules()
    if any(mark in lowered for mark in rules.marks):
        return False
    if any(p.search(lowered) for p in (rules.starts, rules.ends, rules.anywhere, *rules.patterns)):
        return False
    return not any(name.casefold() in lowered for name in authors if name.strip())


def support(words: Sequence[str], known: set[str]) -> float:
    """The share of `words` found among `known` (0 for no words)."""
    return sum(w in known for w in words) / len(words) if words else 0.0


@dataclass(frozen=True, slots=True)
class TitleTraits:
    """What naming a story reads of one article, so that a story can be named without its
    articles (batch mode keeps these per article, `title_traits`): plain values throughout."""

    source: str
    headline: str  # the title when shaped like a headline (not the author's byline), else ""
    text_words: frozenset[str]  # the content words of the text's first BODY_WORDS words
    lead_sentences: tuple[str, ...]  # the text's first LEAD_SENTENCES statements
    opening: str  # the text's first TITLE_MAX_WORDS + 1 words (a stand-in's last resort)

    def to_row(self) -> dict[str, object]:
        """The traits as a row of plain values (str, lists of str), for a Parquet table."""
        return {
            "source": self.source,
            "headline": self.headline,
            "text_words": sorted(self.text_words),
            "lead_sentences": list(self.lead_sentences),
            "opening": self.opening,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TitleTraits:
        """The traits `to_row` wrote (lists may come back as arrays)."""
        return cls(
            source=str(row["source"]),
            headline=str(row["headline"]),
            text_words=frozenset(str(w) for w in row["text_words"]),
            lead_sentences=tuple(str(s) for s in row["lead_sentences"]),
            opening=str(row["opening"]),
        )


def title_traits(article: Article) -> TitleTraits:
    """What `story_title` reads of the article."""
    title = " ".join((article.title.value or "").split())
    return TitleTraits(
        source=article.source,
        headline=title if headline_shaped(title, article.authors) else "",
        text_words=frozenset(content_words(_head(article.text, BODY_WORDS))),
        lead_sentences=tuple(_lead_sentences(article.text)),
        opening=" ".join(article.text.split()[: TITLE_MAX_WORDS + 1]),
    )


def story_title(members: Sequence[Article]) -> str:
    """The story's name: its most representative headline, else a statement of its lead."""
    return title_from_traits([title_traits(a) for a in members])


def title_from_traits(members: Sequence[TitleTraits]) -> str:
    """`story_title` of the articles these traits were read from (the same title)."""
    members = sorted(members, key=lambda t: t.source)  # the same members, the same title
    texts = [set(m.text_words) for m in members]
    everything = set().union(*texts)
    candidates = []
    for n, member in enumerate(members):
        words = content_words(member.headline)
        if not member.headline or support(words, everything) < SUPPORT_MIN:
            continue
        others = set().union(*(t for m, t in enumerate(texts) if m != n))
        candidates.append(
            (-support(words, others), -support(words, everything), n, member.headline)
        )
    if candidates:
        return min(candidates)[3]
    return _statement(members, texts)


def lead_statement(members: Sequence[Article], texts: Sequence[set[str]] | None = None) -> str:
    """The lead sentence whose words the story's other articles share most (the first lead
    sentence of a story of one), cut to TITLE_MAX_WORDS words; "" when no article has text.
    A sentence that opens with a quotation is someone's words, not the story's: any other
    sentence comes first."""
    texts = texts if texts is not None else [set(content_words(a.text)) for a in members]
    return _statement([title_traits(a) for a in members], texts)


def _statement(members: Sequence[TitleTraits], texts: Sequence[set[str]]) -> str:
    """`lead_statement` from the members' traits, `texts` their content words."""
    best: tuple[bool, float, int] | None = None
    chosen = ""
    for n, member in enumerate(members):
        others = set().union(*(t for m, t in enumerate(texts) if m != n))
        for rank, sentence in enumerate(member.lead_sentences):
            unquoted = sentence[:1] not in QUOTE_MARKS
            key = (unquoted, support(content_words(sentence), others), -rank)
            if best is None or key > best:
                best, chosen = key, sentence
    if not chosen:
        chosen = next((m.opening for m in members if m.opening), "")
    return shortened(chosen)


def _lead_sentences(text: str) -> list[str]:
    sentences = []
    for start, end in sentence_spans(_head(text, 200), lines=True):
        sentence = " ".join(text[start:end].split())
        if len(sentence.split()) >= STATEMENT_MIN_WORDS and not sentence[:1].islower():
            sentences.append(sentence)
        if len(sentences) == LEAD_SENTENCES:
            break
    return sentences


def shortened(sentence: str, most: int = TITLE_MAX_WORDS) -> str:
    """The sentence cut after `most` words, with an ellipsis where it was cut."""
    words = sentence.split()
    if len(words) <= most:
        return sentence
    return " ".join(words[:most]).rstrip(",;:—-") + "…"


def _head(text: str, limit: int) -> str:
    words = text.split(maxsplit=limit)
    return text if len(words) <= limit else text[: text.rfind(words[limit])]
