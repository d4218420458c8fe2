"""A story dossier as a plain JSON-ready dict: the contract of `crosswire dossier -o story.json`.

The shape is described by `docs/dossier.schema.json` (JSON Schema 2020-12); field names are a
contract: add fields freely, never rename one. Every item carries its provenance: the article (its
`source` as given on the command line), the sentence's text and its `start`/`end` into that
article's `body`. Articles are written by `crosswire.report.article_json.article_to_dict` (body,
metadata and, when annotated, the annotations) plus `publication`: the date the dossier used, stated
or estimated, and `label`: the article's name for people ("The Times of Israel, 9 Nov"; unique in
the dossier, never its path).

A conflict's two tellings are `sides`: a list of exactly two lists of supports, in the order of
`values` (side 0 says `values[0]`, side 1 says `values[1]`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crosswire.compare.labels import article_labels
from crosswire.model import (
    Actor,
    Article,
    Conflict,
    Derivation,
    Dossier,
    Fact,
    LedgerQuote,
    PublicationDate,
    QuoteVariant,
    Span,
    Support,
    TimelineEvent,
)
from crosswire.report.article_json import article_to_dict, failure_to_dict

JsonDict = dict[str, Any]


def dossier_to_dict(dossier: Dossier) -> JsonDict:
    """The dossier as a JSON-ready dict (without `generated_at`, which the renderer adds)."""
    published = {p.article: p for p in dossier.published}
    bodies = {a.source: a.text for a in dossier.articles}
    labels = article_labels(dossier.articles, dossier.published)
    return {
        "title": dossier.title,
        "summary": list(dossier.summary),
        "notes": list(dossier.notes),
        "articles": [
            _article_dict(a, published.get(a.source), labels[a.source]) for a in dossier.articles
        ],
        "facts": [_fact_dict(f) for f in dossier.facts],
        "conflicts": [_conflict_dict(c) for c in dossier.conflicts],
        "quotes": [_quote_dict(q, bodies) for q in dossier.quotes],
        "timeline": [_event_dict(e) for e in dossier.timeline],
        "derivations": [_derivation_dict(d) for d in dossier.derivations],
        "actors": [_actor_dict(a) for a in dossier.actors],
        "failures": [failure_to_dict(f) for f in dossier.failures],
    }


def support_to_dict(s: Support) -> JsonDict:
    """One sentence behind an item: article, outlet, text, span, and whose word it is there."""
    return {
        "article": s.article,
        "outlet": s.outlet,
        "text": s.text,
        "start": s.span.start,
        "end": s.span.end,
        "status": str(s.status),
        "source": s.source,
    }


def _article_dict(a: Article, published: PublicationDate | None, label: str) -> JsonDict:
    out = article_to_dict(a)
    out["label"] = label
    out["publication"] = (
        None
        if published is None
        else {
            "value": published.value,
            "estimated": published.estimated,
            "evidence": published.evidence,
        }
    )
    return out


def _fact_dict(f: Fact) -> JsonDict:
    return {
        "id": f.id,
        "statement": f.statement,
        "status": str(f.status),
        "independent_outlets": f.independent_outlets,
        "articles": list(f.articles),
        "support": [support_to_dict(s) for s in f.support],
        "entities": list(f.entities),
        "numbers": list(f.numbers),
        "when": f.when,
    }


def _conflict_dict(c: Conflict) -> JsonDict:
    return {
        "id": c.id,
        "kind": str(c.kind),
        "summary": c.summary,
        "values": list(c.values),
        "facts": list(c.facts),
        "actor": c.actor,
        "sides": [[support_to_dict(s) for s in c.side_a], [support_to_dict(s) for s in c.side_b]],
    }


def _quote_dict(q: LedgerQuote, bodies: Mapping[str, str]) -> JsonDict:
    return {
        "id": q.id,
        "text": q.text,
        "speaker": q.speaker,
        "first_article": q.first_article,
        "first_published": q.first_published,
        "original_language": q.original_language,
        "outlets": list(q.outlets),
        "variants": [_variant_dict(v, bodies.get(v.article, "")) for v in q.variants],
    }


def _variant_dict(v: QuoteVariant, body: str) -> JsonDict:
    return {
        "article": v.article,
        "outlet": v.outlet,
        "text": v.text,
        "start": v.span.start,
        "end": v.span.end,
        "kind": str(v.kind),
        "quote_kind": str(v.quote_kind),
        "published": v.published,
        "sentence": _sentence_dict(v.sentence, body),
    }


def _sentence_dict(span: Span | None, body: str) -> JsonDict | None:
    if span is None or span.end > len(body):
        return None
    return {"text": body[span.start : span.end], "start": span.start, "end": span.end}


def _event_dict(e: TimelineEvent) -> JsonDict:
    return {
        "id": e.id,
        "start": e.start,
        "end": e.end,
        "value": e.value,
        "what": e.what,
        "expressions": list(e.expressions),
        "reported": list(e.reported),
        "facts": list(e.facts),
        "support": [support_to_dict(s) for s in e.support],
    }


def _derivation_dict(d: Derivation) -> JsonDict:
    return {
        "article": d.article,
        "derived_from": d.derived_from,
        "kind": d.kind,
        "score": d.score,
        "evidence": list(d.evidence),
    }


def _actor_dict(a: Actor) -> JsonDict:
    return {
        "id": a.id,
        "name": a.name,
        "type": a.type,
        "roles": list(a.roles),
        "aliases": list(a.aliases),
        "articles": list(a.articles),
        "quoted_by": list(a.quoted_by),
        "quotes": list(a.quotes),
        "statements": [support_to_dict(s) for s in a.statements],
        "mentions": a.mentions,
    }
