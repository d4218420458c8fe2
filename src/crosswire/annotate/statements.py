"""Statements: the sentences and clauses of an article that facts are lined up from.

An article's annotated sentences with their attribution (status, source), cut at paragraph
breaks and, when long, into clauses where one opens (", but ...", ", citing ..."); then the
clauses the parse found in each sentence (`crosswire.annotate.clauses`: "X suspended trade and
issued warrants" also gives "X issued warrants"), so that a sentence packing three facts can meet
three sentences elsewhere. Statements of one sentence overlap; each knows its sentence. For an
article without annotations, a plain split at sentence ends, taken as asserted. Trivial ones are
left out. Each carries the particulars it is compared on: names, numbers, dates, quoted and content
words, and predicates (a verb with its argument).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from crosswire.annotate.quotemarks import find_quoted_segments
from crosswire.datafiles import load_data
from crosswire.model import Article, Clause, QuoteKind, Span, StatementStatus
from crosswire.text import function_words, sentence_spans, word_tokens

# A word; in scripts written without spaces (Chinese, Japanese, Thai) each character counts.
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# A sentence ends at a stop (and closing marks) before white space, at a full-width stop, or at
# a blank line.
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
TAIL_MARKS = ".!?;:,”’\"' "
CLOSING_MARKS = re.compile(r"[.,!?]?[”\"]")
DATE_VALUE = re.compile(r"\d{4}(?:-[0-9W][0-9A-Z-]*)?(?:T[0-9:]+)?")

# How a predicate that is a stance starts (crosswire.annotate.predicates): "against turkey".
STANCE = ("against ", "for ")
MIN_WORDS = 4  # shorter sentences are headings, credits and fragments, not facts
MIN_CONTENT_WORDS = 2
MIN_CLAUSE_SENTENCE = 24  # words: shorter sentences are not cut into clauses
MIN_CLAUSE_WORDS = 6  # the least words of a clause cut off a sentence
NAME_STEM = 6  # letters a name is compared on: "Morocco"/"Moroccan", "Estonia"/"Estonian"


@dataclass(frozen=True, slots=True)
class StatementUnit:
    """One statement of one article, with the particulars it is compared on."""

    article: int  # index into the articles sorted by source
    sentence: int  # the sentence it comes from (its index in the article)
    span: Span
    text: str  # the article's words (article.text[span])
    wording: str  # what is compared: the text, or a clause told as a statement of its own
    status: StatementStatus
    source: str | None
    names: tuple[tuple[str, str], ...]  # (stem, name as shown or '') in order
    numbers: frozenset[str]
    dates: frozenset[str]
    quoted: frozenset[str]  # content words inside quotation marks
    words: frozenset[str]  # content words
    predicates: frozenset[str] = frozenset()  # verbs with an argument ("not force varnia")
    claim: bool = True  # reads as a claim of its own (a sentence, or a clause with a subject
    # and a finite verb); a modifier or a piece cut off a sentence helps line up, never states
    stances: frozenset[str] = frozenset()  # "against turkey": a stance on a side it names

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(stem for stem, _ in self.names)


def unique_by_source(articles: Iterable[Article]) -> list[Article]:
    """One article per source, sorted by source (ties between duplicates: the longer text)."""
    best: dict[str, Article] = {}
    for article in articles:
        kept = best.get(article.source)
        if kept is None or (len(article.text), article.text) > (len(kept.text), kept.text):
            best[article.source] = article
    return [best[source] for source in sorted(best)]


def statement_units(index: int, article: Article) -> list[StatementUnit]:
    annotations = article.annotations
    if annotations is not None and annotations.sentences:
        sentences = list(annotations.sentences)
    else:
        sentences = [Span(*s) for s in sentence_spans(article.text)]  # unannotated: a plain split
    clauses = sorted(annotations.clauses, key=lambda c: c.span.start) if annotations else []
    units: list[StatementUnit] = []
    for number, sentence in enumerate(sentences):
        if 0 <= sentence.start < sentence.end <= len(article.text):
            inside = list(_inside(clauses, sentence))
            units.extend(_sentence_units((index, number), article, sentence, inside))
    return units


def _sentence_units(
    where: tuple[int, int], article: Article, sentence: Span, clauses: Sequence[Clause]
) -> list[StatementUnit]:
    """A sentence's statements: its paragraph parts (an annotated sentence may run over a
    paragraph break after a closing quotation mark), long ones cut where a clause opens, then the
    parse's clauses, each with the attribution of the part it starts in."""
    parts = list(_paragraph_parts(article, sentence))
    attributions = [_attribution(article, part, whole=len(parts) == 1) for part in parts]
    found = []
    retold = {_bare(article.text, c.span): c for c in clauses}  # a whole part told resolved
    for part, (status, source) in zip(parts, attributions, strict=True):
        pieces = _clauses(article.text, part)
        whole = len(parts) == 1 and len(pieces) == 1
        for piece in pieces:
            clause = retold.get(_bare(article.text, piece))
            wording = None if clause is None else clause.text + _tail(article.text, piece)
            claim = whole and (clause is None or clause.claim)
            found.append(_unit(where, article, piece, status, source, wording=wording, claim=claim))
    for clause in clauses:
        status, source = next(
            (
                a
                for p, a in zip(parts[::-1], attributions[::-1], strict=True)
                if p.start <= clause.span.start
            ),
            (StatementStatus.ASSERTED, None),
        )
        found.append(
            _unit(
                where, article, clause.span, status, source, wording=clause.text, claim=clause.claim
            )
        )
    return _distinct(u for u in found if u is not None)


def _bare(text: str, span: Span) -> Span:
    """The span without the stops and closing marks at its end."""
    end = span.end
    while end > span.start and text[end - 1] in TAIL_MARKS:
        end -= 1
    return Span(span.start, end)


def _tail(text: str, span: Span) -> str:
    """The stops and closing marks at the span's end ("." of a sentence)."""
    return text[_bare(text, span).end : span.end]


def _inside(clauses: Sequence[Clause], sentence: Span) -> Iterable[Clause]:
    """The clauses (sorted by start) that lie within the sentence."""
    at = bisect_left([c.span.start for c in clauses], sentence.start)
    for clause in clauses[at:]:
        if clause.span.start >= sentence.end:
            break
        if clause.span.end <= sentence.end:
            yield clause


def plain_wording(text: str) -> str:
    """The words of a statement, for telling repeats apart ("position." is "position")."""
    return " ".join(text.lower().strip(" .,;:!?\"'“”‘’").split())


def _distinct(units: Iterable[StatementUnit]) -> list[StatementUnit]:
    """The sentence's statements with no wording told twice."""
    seen: set[str] = set()
    out = []
    for unit in units:
        key = plain_wording(unit.wording)
        if key not in seen:
            seen.add(key)
            out.append(unit)
    return out


def _paragraph_parts(article: Article, span: Span) -> Iterable[Span]:
    """The sentence cut at blank lines, white space trimmed."""
    text = article.text[span.start : span.end]
    for part in _split_at(text, PARAGRAPH_BREAK):
        yield Span(span.start + part.start, span.start + part.end)


def _clauses(text: str, span: Span) -> list[Span]:
    """A long sentence cut into clauses where a clause opens, never inside a quotation and never
    leaving a piece of fewer than MIN_CLAUSE_WORDS words; a short sentence stays whole."""
    sentence = text[span.start : span.end]
    if len(word_tokens(sentence)) < MIN_CLAUSE_SENTENCE:
        return [span]
    quoted = [(q.open_at, q.close_at or len(sentence)) for q in find_quoted_segments(sentence)]
    pieces, start = [], 0
    for match in _clause_break().finditer(sentence):
        if any(a <= match.start() <= b for a, b in quoted):
            continue
        before, after = sentence[start : match.start()], sentence[match.end() :]
        if min(len(word_tokens(before)), len(word_tokens(after))) >= MIN_CLAUSE_WORDS:
            pieces.append(Span(span.start + start, span.start + match.start()))
            start = match.end()
    pieces.append(Span(span.start + start, span.end))
    return pieces


def _split_at(text: str, boundary: re.Pattern[str]) -> Iterable[Span]:
    """The pieces of `text` between matches of `boundary` (closing marks stay with the piece
    before), white space trimmed, empty pieces left out."""
    start = 0
    for match in [*boundary.finditer(text), None]:
        end = len(text) if match is None else match.start() + len(match.group().rstrip())
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            yield Span(start + lead, start + trail)
        start = len(text) if match is None else match.end()


def _unit(
    where: tuple[int, int],
    article: Article,
    span: Span,
    status: StatementStatus,
    source: str | None,
    *,
    wording: str | None = None,
    claim: bool = True,
) -> StatementUnit | None:
    """The statement on `span` of sentence `where` (article index, sentence index), compared by
    `wording` when given (a clause told as a statement), else by its text. A statement that reads
    as a claim must start as a sentence does (not in lower case)."""
    closed = _with_closing_marks(article.text, span)
    text = article.text[closed.start : closed.end]
    wording = text if wording is None else wording + article.text[span.end : closed.end]
    span = closed
    tokens = word_tokens(wording)
    stop = function_words()
    words = frozenset(w.lower() for w in tokens if w.lower() not in stop and not w.isdigit())
    if len(tokens) < MIN_WORDS or len(words) < MIN_CONTENT_WORDS:
        return None
    dated, dates = _dates(article, span)
    return StatementUnit(
        article=where[0],
        sentence=where[1],
        span=span,
        text=text,
        wording=wording,
        status=status,
        source=source,
        names=_names(article, span, text),
        numbers=_numbers(text, span.start, dated),
        dates=dates,
        quoted=_quoted(article, span, text),
        words=words,
        predicates=_predicates(article, span),
        claim=claim and not starts_lower(wording),
        stances=_predicates(article, span, stances=True),
    )


def starts_lower(text: str) -> bool:
    """Whether the text starts in lower case (a piece of a sentence; scripts without case never
    do)."""
    first = next((c for c in text if c.isalpha()), "")
    return first.islower()


def _with_closing_marks(text: str, span: Span) -> Span:
    """The span with the closing quotation mark (and the stop inside it) that follows it, when
    the span opens a quotation it does not close: '... of “genocide' reads '... of “genocide.”'."""
    inside = text[span.start : span.end]
    if inside.count("“") <= inside.count("”") and inside.count('"') % 2 == 0:
        return span
    match = CLOSING_MARKS.match(text, span.end)
    return Span(span.start, match.end()) if match else span


def _attribution(
    article: Article, span: Span, *, whole: bool
) -> tuple[StatementStatus, str | None]:
    """The status and source of the article's statement for the sentence (asserted if none).

    A part of a sentence cut at a paragraph break keeps them only if it holds the cue.
    """
    annotations = article.annotations
    if annotations is not None:
        for statement in annotations.statements:
            if statement.span.start <= span.start < statement.span.end:
                text = article.text[span.start : span.end]
                if whole or (statement.cue is not None and statement.cue in text):
                    return statement.status, statement.source
                break
    return StatementStatus.ASSERTED, None


def _names(article: Article, span: Span, text: str) -> tuple[tuple[str, str], ...]:
    """The names the sentence mentions: annotated entities, then any other capitalised word
    (shown as a name only in an article without annotations: elsewhere it is a weekday, a title,
    the first word of a sentence more often than a name the annotation missed)."""
    found: dict[str, str] = {}
    annotations = article.annotations
    if annotations is not None:
        for entity in annotations.entities:
            if entity.name[:1].isupper() and any(
                span.start <= m.span.start < span.end for m in entity.mentions
            ):
                for word in word_tokens(entity.name):
                    if word[:1].isupper():
                        found.setdefault(word.lower()[:NAME_STEM], entity.name)
    stop = function_words()
    for word in word_tokens(text):
        if word[:1].isupper() and word.lower() not in stop and not word.isdigit():
            found.setdefault(word.lower()[:NAME_STEM], "" if annotations else word)
    return tuple(found.items())


def _predicates(article: Article, span: Span, *, stances: bool = False) -> frozenset[str]:
    """The predicates whose verb stands in the statement (or only their stances)."""
    annotations = article.annotations
    if annotations is None:
        return frozenset()
    return frozenset(
        p.key
        for p in annotations.predicates
        if span.start <= p.span.start < span.end and p.key.startswith(STANCE) == stances
    )


def _dates(article: Article, span: Span) -> tuple[list[tuple[int, int]], frozenset[str]]:
    """The time expressions inside the sentence (their spans) and their dated values."""
    annotations = article.annotations
    if annotations is None:
        return [], frozenset()
    inside = [t for t in annotations.times if span.start <= t.span.start < span.end]
    values = frozenset(
        t.value for t in inside if t.value is not None and DATE_VALUE.fullmatch(t.value)
    )
    return [(t.span.start, t.span.end) for t in inside], values


def _numbers(text: str, offset: int, dated: Sequence[tuple[int, int]]) -> frozenset[str]:
    """Numbers the sentence states (digits or number words), outside its time expressions."""
    found = set()
    for match in DIGITS.finditer(text):
        at = offset + match.start()
        if not any(start <= at < end for start, end in dated):
            found.add(_plain_number(match.group()))
    words = _number_words()
    found.update(words[w.lower()] for w in word_tokens(text) if w.lower() in words)
    return frozenset(found)


def _plain_number(digits: str) -> str:
    """'4,200' and '4.200' as '4200' (thousands separators); '2.5' stays."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        return re.sub(r"[.,]", "", digits)
    return digits.replace(",", ".")


def _quoted(article: Article, span: Span, text: str) -> frozenset[str]:
    """Content words the sentence quotes (annotated direct and partial quotes, else marks)."""
    annotations = article.annotations
    pieces: list[str]
    if annotations is not None and annotations.quotes:
        pieces = [
            q.text
            for q in annotations.quotes
            if q.kind in (QuoteKind.DIRECT, QuoteKind.PARTIAL)
            and q.span.start < span.end
            and span.start < q.span.end
        ]
    else:
        pieces = [text[s.start : s.end] for s in find_quoted_segments(text)]
    stop = function_words()
    return frozenset(
        w.lower() for piece in pieces for w in word_tokens(piece) if w.lower() not in stop
    )


@cache
def _data() -> dict[str, Any]:
    return load_data("facts.json")


def _number_words() -> dict[str, str]:
    words: dict[str, str] = _data()["number_words"]
    return words


@cache
def _clause_break() -> re.Pattern[str]:
    def choice(key: str) -> str:
        return "|".join(re.escape(w) for w in _data()[key])

    participle = rf"(?!(?:{choice('ing_prepositions')})\b)\w+ing"
    return re.compile(
        rf"\s*;\s+|,\s+(?=(?:{choice('clause_openers')}|{participle})\b)"
        rf"|\s+(?=(?:{choice('bare_clause_openers')})\s)",
        re.IGNORECASE,
    )
