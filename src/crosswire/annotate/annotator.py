"""Who said what, and when: the annotation stage over extracted articles.

English articles are parsed in one batch (`nlp.parse`), then each gets its sentences, entities,
quotes, statements and time expressions; quote speakers and statement sources are linked to the
article's entities (canonical name and id). Articles in other languages get time expressions only
(the rest needs an English parse) and a Problem saying so. Each sub-stage that fails on an article
becomes a Problem("annotate", ...) on that article: the batch always goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import partial
from pickle import PicklingError
from typing import TYPE_CHECKING, TypeVar

from crosswire.annotate.entities import entity_for, find_entities
from crosswire.annotate.translations import link_originals
from crosswire.budget import PAGE_TIMEOUT, OverBudget, time_budget
from crosswire.errors import ConfigError, guarded
from crosswire.model import (
    Annotations,
    Article,
    Clause,
    Entity,
    Mention,
    Predicate,
    Problem,
    Quote,
    Span,
    Statement,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)
STAGE = "annotate"
SPEAKER_TYPES = frozenset({"person", "organisation"})
# Languages the spaCy pipeline reads (None: the extractor could not tell; English is tried).
PARSED_LANGUAGES = frozenset({"en", None})
# Most articles per task of a worker process (spaCy's own batch size).
PROCESS_BATCH = 32
T = TypeVar("T")


def annotate_articles(
    articles: Sequence[Article],
    *,
    n_process: int = 1,
    on_progress: Callable[[int], None] | None = None,
    article_timeout: float | None = PAGE_TIMEOUT,
) -> list[Article]:
    """The articles with `annotations` set (and a Problem on any that could not be annotated).

    Articles are annotated in batches of spaCy's own batch size; `on_progress` is told how many
    articles each finished batch held. With `n_process` > 1 the batches are shared out to that
    many worker processes, each of which parses and annotates its own (so the rules run in
    parallel too, not only the parser). Raises ConfigError when no English spaCy pipeline is
    installed. An article's parse, and then its annotation, may each take `article_timeout`
    seconds (None: no limit).
    """
    done = on_progress or (lambda count: None)
    annotate_batch = partial(_annotate_batch, timeout=article_timeout)
    if n_process > 1 and len(articles) > 1:
        return _annotate_in_processes(articles, n_process, done, annotate_batch)
    annotated: list[Article] = []
    for first in range(0, len(articles), PROCESS_BATCH):
        annotated.extend(annotate_batch(articles[first : first + PROCESS_BATCH]))
        done(len(annotated) - first)
    return annotated


def _annotate_in_processes(
    articles: Sequence[Article],
    n_process: int,
    done: Callable[[int], None],
    annotate_batch: Callable[[Sequence[Article]], list[Article]],
) -> list[Article]:
    from crosswire.annotate.spacy_model import load_nlp

    # Loaded before the workers start: a missing model is one ConfigError, and forked workers
    # share the loaded pipeline instead of each loading it again.
    load_nlp()
    # About four tasks per worker, so that one long batch does not keep the others waiting.
    size = max(1, min(PROCESS_BATCH, -(-len(articles) // (4 * n_process))))
    batches = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
    annotated: list[Article] = []
    try:
        with ProcessPoolExecutor(n_process) as pool:
            for batch in pool.map(annotate_batch, batches):
                annotated.extend(batch)
                done(len(batch))
    except (BrokenProcessPool, OSError, PicklingError) as error:
        log.warning("worker processes failed (%s); annotating the rest in this process", error)
        rest = annotate_batch(articles[len(annotated) :])
        done(len(rest))
        annotated.extend(rest)
    return annotated


def _annotate_batch(articles: Sequence[Article], timeout: float | None) -> list[Article]:
    wanted = [i for i, a in enumerate(articles) if a.text.strip() and _parsed_language(a)]
    docs = _parse_within([articles[i].text for i in wanted], timeout)
    doc_for = dict(zip(wanted, docs, strict=True))
    return [
        _annotate_within(article, doc_for.get(i), timeout) for i, article in enumerate(articles)
    ]


def _parse_within(texts: list[str], timeout: float | None) -> list[Doc | OverBudget | None]:
    """The batch's parses; a batch past its budget (each text's, summed) is parsed text by text,
    so that only a text past its own budget goes without a parse."""
    try:
        with time_budget(None if timeout is None else timeout * max(1, len(texts))):
            return list(_parse_all(texts))
    except OverBudget:
        if len(texts) == 1:
            return [OverBudget(timeout or 0.0)]
    return [doc for text in texts for doc in _parse_within([text], timeout)]


def _annotate_within(
    article: Article, doc: Doc | OverBudget | None, timeout: float | None
) -> Article:
    if isinstance(doc, OverBudget):
        return _times_only(article, f"parsing {doc}, the time budget of one article", timeout)
    try:
        with time_budget(timeout):
            return _annotate_one(article, doc)
    except OverBudget as over:
        return _times_only(article, f"annotation {over}, the time budget of one article", timeout)


def _times_only(article: Article, why: str, timeout: float | None) -> Article:
    """The article with its time expressions only, and the reason; nothing at all when even
    those take longer than the budget."""
    log.warning("%s: %s", article.source, why)
    problems: list[Problem] = []
    try:
        with time_budget(timeout):
            times = _guard(problems, "times", lambda: _times(article), [])
        problems.insert(0, Problem(STAGE, f"{why}; times only"))
    except OverBudget:
        times, problems = [], [Problem(STAGE, f"{why}; not annotated")]
    return replace(
        article,
        annotations=Annotations(times=tuple(times)),
        problems=(*article.problems, *problems),
    )


def _parsed_language(article: Article) -> bool:
    return article.language in PARSED_LANGUAGES


def _parse_all(texts: list[str]) -> list[Doc | None]:
    """One parse per text; if the batch fails, each text alone (one bad text costs only itself)."""
    from crosswire.annotate.spacy_model import parse

    if not texts:
        return []
    try:
        return list(parse(texts))
    except ConfigError:
        raise  # no pipeline installed: every article would fail the same way
    except Exception:
        log.exception("batch parse failed; parsing articles one by one")
    docs: list[Doc | None] = []
    for text in texts:
        try:
            docs.append(parse([text])[0])
        except Exception:
            log.exception("parse failed")
            docs.append(None)
    return docs


def _annotate_one(article: Article, doc: Doc | None) -> Article:
    problems: list[Problem] = []
    if not article.text.strip():
        return replace(article, annotations=Annotations())
    times = _guard(problems, "times", lambda: _times(article), [])
    if doc is None:
        if _parsed_language(article):
            problems.append(Problem(STAGE, "the text could not be parsed; times only"))
        else:
            problems.append(
                Problem(
                    STAGE,
                    f"language {article.language!r} is not supported for entities, quotes and "
                    "statements; times only",
                )
            )
        annotations = Annotations(times=tuple(times))
    else:
        annotations = _annotate_parsed(article, doc, problems, times)
    return replace(article, annotations=annotations, problems=(*article.problems, *problems))


def _annotate_parsed(
    article: Article, doc: Doc, problems: list[Problem], times: list[TimeExpression]
) -> Annotations:
    handles = {e.handle: e.author for e in article.embeds if e.handle}
    outlets = [article.outlet.value] if article.outlet.value else []
    entities = _guard(
        problems,
        "entities",
        lambda: find_entities(doc, embeds_handles=handles, outlets=outlets),
        [],
    )
    # Speakers are people and organisations: a place named near "he said" is no candidate.
    mentions = [
        m for e in entities if e.description is None and e.type in SPEAKER_TYPES for m in e.mentions
    ]
    quotes = _guard(problems, "quotes", lambda: _quotes(doc, mentions), [])
    statements = _guard(problems, "statements", lambda: _statements(doc, quotes), [])
    text = article.text  # == doc.text, which spaCy rebuilds from the tokens on every call
    linked_quotes = [_link_quote(q, entities, text) for q in quotes]
    speakers = _speaker_names(quotes, linked_quotes, text)
    linked_statements = [_link_statement(s, entities, speakers) for s in statements]
    sentences = _sentences(doc)
    clauses = _guard(problems, "clauses", lambda: _clauses(doc), [])
    predicates = _guard(problems, "predicates", lambda: _predicates(doc), [])
    linked_quotes = link_originals(
        linked_quotes, article.embeds, entities, sentences, text, article.language
    )
    return Annotations(
        sentences=tuple(sentences),
        entities=tuple(entities),
        quotes=tuple(linked_quotes),
        statements=tuple(linked_statements),
        times=tuple(times),
        clauses=tuple(clauses),
        predicates=tuple(predicates),
    )


def _guard(
    problems: list[Problem], what: str, run: Callable[[], list[T]], empty: list[T]
) -> list[T]:
    """`run()`, or `empty` and a Problem on the article if it fails."""
    return guarded(
        what, run, empty, lambda failure: problems.append(Problem(STAGE, f"{what}: {failure}"))
    )


def _times(article: Article) -> list[TimeExpression]:
    from crosswire.annotate.timex import find_times

    return list(find_times(article.text, article.published.value))


def _quotes(doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
    from crosswire.annotate.quotes import find_quotes

    return list(find_quotes(doc, mentions=mentions))


def _statements(doc: Doc, quotes: Sequence[Quote]) -> list[Statement]:
    from crosswire.annotate.attribution import attribute_statements

    return list(attribute_statements(doc, quotes))


def _clauses(doc: Doc) -> list[Clause]:
    from crosswire.annotate.clauses import find_clauses

    return find_clauses(doc)


def _predicates(doc: Doc) -> list[Predicate]:
    from crosswire.annotate.predicates import find_predicates

    return find_predicates(doc)


def _sentences(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if stripped:
            start = sent.start_char + (len(text) - len(text.lstrip()))
            spans.append(Span(start, start + len(stripped)))
    return spans


def _link_quote(quote: Quote, entities: Sequence[Entity], text: str) -> Quote:
    """The quote with its speaker's canonical name and id, where its speaker mention is known."""
    if quote.speaker_mention is None:
        return _link_by_description(quote, entities)
    entity = entity_for(entities, quote.speaker_mention)
    if entity is None:
        said_by = text[quote.speaker_mention.start : quote.speaker_mention.end]
        return replace(quote, speaker_description=quote.speaker_description or said_by)
    return replace(
        quote,
        speaker=entity.name,
        speaker_id=entity.id,
        speaker_description=quote.speaker_description or entity.description,
    )


def _link_by_description(quote: Quote, entities: Sequence[Entity]) -> Quote:
    """An unnamed speaker ("officials") linked to the unnamed-source entity of the same words."""
    if not quote.speaker_description:
        return quote
    words = quote.speaker_description.strip().lower()
    for entity in entities:
        if entity.description and words in {m.text.lower() for m in entity.mentions}:
            return replace(quote, speaker=entity.name, speaker_id=entity.id)
    return quote


def _speaker_names(raw: Sequence[Quote], linked: Sequence[Quote], text: str) -> dict[str, str]:
    """The words each quote named its speaker by -> the speaker's canonical name."""
    names: dict[str, str] = {}
    for before, after in zip(raw, linked, strict=True):
        if before.speaker_mention is not None and after.speaker:
            words = text[before.speaker_mention.start : before.speaker_mention.end]
            names[words.strip().lower()] = after.speaker
    return names


def _link_statement(
    statement: Statement, entities: Sequence[Entity], speakers: dict[str, str]
) -> Statement:
    """The statement with its source's canonical name, when the source is a known entity."""
    if not statement.source:
        return statement
    source = statement.source.strip()
    name = speakers.get(source.lower())
    if name is None:
        name = _entity_named(entities, source)
    return replace(statement, source=name) if name else statement


def _entity_named(entities: Sequence[Entity], words: str) -> str | None:
    lower = words.lower()
    for entity in entities:
        if entity.name.lower() == lower or any(m.text.lower() == lower for m in entity.mentions):
            return entity.name
    return None
