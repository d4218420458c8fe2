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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

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


def story_title(members: Sequence[Article]) -> str:
    """The story's name: its most representative headline, else a statement of its lead."""
    members = sorted(members, key=lambda a: a.source)  # the same members, the same title
    texts = [set(content_words(_head(a.text, BODY_WORDS))) for a in members]
    everything = set().union(*texts)
    candidates = []
    for n, article in enumerate(members):
        title = " ".join((article.title.value or "").split())
        words = content_words(title)
        if not headline_shaped(title, article.authors) or support(words, everything) < SUPPORT_MIN:
            continue
        others = set().union(*(t for m, t in enumerate(texts) if m != n))
        candidates.append((-support(words, others), -support(words, everything), n, title))
    if candidates:
        return min(candidates)[3]
    return lead_statement(members, texts)


def lead_statement(members: Sequence[Article], texts: Sequence[set[str]] | None = None) -> str:
    """The lead sentence whose words the story's other articles share most (the first lead
    sentence of a story of one), cut to TITLE_MAX_WORDS words; "" when no article has text.
    A sentence that opens with a quotation is someone's words, not the story's: any other
    sentence comes first."""
    texts = texts if texts is not None else [set(content_words(a.text)) for a in members]
    best: tuple[bool, float, int] | None = None
    chosen = ""
    for n, article in enumerate(members):
        others = set().union(*(t for m, t in enumerate(texts) if m != n))
        for rank, sentence in enumerate(_lead_sentences(article.text)):
            unquoted = sentence[:1] not in QUOTE_MARKS
            key = (unquoted, support(content_words(sentence), others), -rank)
            if best is None or key > best:
                best, chosen = key, sentence
    if not chosen:
        chosen = next((" ".join(a.text.split()) for a in members if a.text.strip()), "")
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
