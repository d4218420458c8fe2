"""An article's annotations to and from plain JSON-ready dicts (part of `serialize`'s contract).

Written as top-level fields of the article dict (`sentences`, `entities`, `quotes`, `statements`,
`times`, `clauses`, `predicates`), present only when the article was annotated. Every
`start`/`end` indexes the article's `body`, and every `text` next to them is `body[start:end]`
(checked on reading); a clause's `statement` is its wording as a statement of its own, a
predicate's `predicate` its lemmas ("not force varnia"). Reading is an edge: anything malformed
raises InputError.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from crosswire.errors import InputError
from crosswire.model import (
    Annotations,
    Clause,
    Entity,
    Mention,
    Predicate,
    Quote,
    QuoteKind,
    Span,
    Statement,
    StatementStatus,
    TimeExpression,
)

JsonDict = dict[str, Any]
T = TypeVar("T")
FIELDS = ("sentences", "entities", "quotes", "statements", "times", "clauses", "predicates")


# ---------------------------------------------------------------- writing


def annotations_to_dict(body: str, annotations: Annotations) -> JsonDict:
    return {
        "sentences": [_span_dict(body, s) for s in annotations.sentences],
        "entities": [_entity_dict(e) for e in annotations.entities],
        "quotes": [_quote_dict(body, q) for q in annotations.quotes],
        "statements": [_statement_dict(body, s) for s in annotations.statements],
        "times": [_time_dict(t) for t in annotations.times],
        "clauses": [_clause_dict(body, c) for c in annotations.clauses],
        "predicates": [_predicate_dict(body, p) for p in annotations.predicates],
    }


def _span_dict(body: str, span: Span) -> JsonDict:
    return {"start": span.start, "end": span.end, "text": body[span.start : span.end]}


def _optional_span_dict(span: Span | None) -> JsonDict | None:
    return None if span is None else {"start": span.start, "end": span.end}


def _entity_dict(e: Entity) -> JsonDict:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "roles": list(e.roles),
        "handles": list(e.handles),
        "description": e.description,
        "mentions": [_mention_dict(m) for m in e.mentions],
    }


def _mention_dict(m: Mention) -> JsonDict:
    return {"text": m.text, "start": m.span.start, "end": m.span.end}


def _quote_dict(body: str, q: Quote) -> JsonDict:
    out = _span_dict(body, q.span)
    out.update(
        kind=str(q.kind),
        text=q.text,
        speaker=q.speaker,
        speaker_id=q.speaker_id,
        speaker_mention=_optional_span_dict(q.speaker_mention),
        speaker_description=q.speaker_description,
        cue=q.cue,
        cue_span=_optional_span_dict(q.cue_span),
        verb=q.verb,
        confidence=q.confidence,
        language=q.language,
        translation_of=_optional_span_dict(q.translation_of),
        original_embed=q.original_embed,
    )
    return out


def _statement_dict(body: str, s: Statement) -> JsonDict:
    out = _span_dict(body, s.span)
    # "sentence" is the contract name for the statement's text; "text" is kept alongside.
    out.update(sentence=out["text"], status=str(s.status), source=s.source, cue=s.cue)
    return out


def _clause_dict(body: str, c: Clause) -> JsonDict:
    out = _span_dict(body, c.span)
    out.update(statement=c.text, claim=c.claim)
    return out


def _predicate_dict(body: str, p: Predicate) -> JsonDict:
    out = _span_dict(body, p.span)
    out.update(predicate=p.key)
    return out


def _time_dict(t: TimeExpression) -> JsonDict:
    return {
        "text": t.text,
        "start": t.span.start,
        "end": t.span.end,
        "value": t.value,
        "type": t.type,
        "anchor": t.anchor,
    }


# ---------------------------------------------------------------- reading


def annotations_from_dict(data: Mapping[str, Any], body: str) -> Annotations | None:
    """The annotations an article dict holds; None when it holds none (never annotated)."""
    if not any(key in data for key in FIELDS):
        return None
    return Annotations(
        sentences=_items(data, "sentences", lambda v: _span(_mapping(v, "sentence"), body)),
        entities=_items(data, "entities", lambda v: _entity(v, body)),
        quotes=_items(data, "quotes", lambda v: _quote(v, body)),
        statements=_items(data, "statements", lambda v: _statement(v, body)),
        times=_items(data, "times", lambda v: _time(v, body)),
        clauses=_items(data, "clauses", lambda v: _clause(v, body)),
        predicates=_items(data, "predicates", lambda v: _predicate(v, body)),
    )


def _items(data: Mapping[str, Any], key: str, read: Callable[[object], T]) -> tuple[T, ...]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InputError(f"field {key!r} must be a list")
    return tuple(read(item) for item in value)


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"{what} must be a JSON object, not {type(value).__name__}")
    return value


def _str(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string")
    return value


def _opt_str(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string or null")
    return value


def _strs(item: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"field {key!r} must be a list of strings")
    return tuple(value)


def _offset(item: Mapping[str, Any], key: str) -> int:
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"field {key!r} must be a non-negative integer")
    return value


def _span(item: Mapping[str, Any], body: str, *, check_text: bool = True) -> Span:
    start, end = _offset(item, "start"), _offset(item, "end")
    if not start <= end <= len(body):
        raise InputError(f"range {start}..{end} lies outside the body")
    text = item.get("text")
    if check_text and text is not None and text != body[start:end]:
        raise InputError(f"text {text!r} does not match body[{start}:{end}]")
    return Span(start, end)


def _optional_span(item: Mapping[str, Any], key: str, body: str) -> Span | None:
    value = item.get(key)
    return None if value is None else _span(_mapping(value, key), body)


def _entity(value: object, body: str) -> Entity:
    item = _mapping(value, "entity")
    mentions = []
    for raw in _items(item, "mentions", lambda v: _mapping(v, "mention")):
        mentions.append(Mention(_span(raw, body), _str(raw, "text")))
    return Entity(
        id=_str(item, "id"),
        name=_str(item, "name"),
        type=_str(item, "type"),
        mentions=tuple(mentions),
        roles=_strs(item, "roles"),
        handles=_strs(item, "handles"),
        description=_opt_str(item, "description"),
    )


def _quote(value: object, body: str) -> Quote:
    item = _mapping(value, "quote")
    confidence = item.get("confidence", 0.0)
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        raise InputError("field 'confidence' must be a number")
    return Quote(
        kind=_enum(QuoteKind, item, "kind"),
        # A quote's text may be a cleaned form of its span (joined across a split quote).
        span=_span(item, body, check_text=False),
        text=_str(item, "text"),
        speaker=_opt_str(item, "speaker"),
        speaker_id=_opt_str(item, "speaker_id"),
        speaker_mention=_optional_span(item, "speaker_mention", body),
        speaker_description=_opt_str(item, "speaker_description"),
        cue=_opt_str(item, "cue"),
        cue_span=_optional_span(item, "cue_span", body),
        verb=_opt_str(item, "verb"),
        confidence=float(confidence),
        language=_opt_str(item, "language"),
        translation_of=_optional_span(item, "translation_of", body),
        original_embed=_optional_index(item, "original_embed"),
    )


def _optional_index(item: Mapping[str, Any], key: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"quote {key} must be a non-negative integer or null, not {value!r}")
    return value


def _statement(value: object, body: str) -> Statement:
    item = _mapping(value, "statement")
    return Statement(
        span=_span(item, body),
        status=_enum(StatementStatus, item, "status"),
        source=_opt_str(item, "source"),
        cue=_opt_str(item, "cue"),
    )


def _clause(value: object, body: str) -> Clause:
    item = _mapping(value, "clause")
    claim = item.get("claim", True)  # files written before clauses said so: all claims
    if not isinstance(claim, bool):
        raise InputError(f"clause: 'claim' must be true or false, not {claim!r}")
    return Clause(span=_span(item, body), text=_str(item, "statement"), claim=claim)


def _predicate(value: object, body: str) -> Predicate:
    item = _mapping(value, "predicate")
    return Predicate(span=_span(item, body), key=_str(item, "predicate"))


def _time(value: object, body: str) -> TimeExpression:
    item = _mapping(value, "time")
    return TimeExpression(
        span=_span(item, body),
        text=_str(item, "text"),
        value=_opt_str(item, "value"),
        type=_str(item, "type"),
        anchor=_opt_str(item, "anchor"),
    )


E = TypeVar("E", QuoteKind, StatementStatus)


def _enum(kind: type[E], item: Mapping[str, Any], key: str) -> E:
    value = item.get(key)
    try:
        return kind(str(value))
    except ValueError:
        names = ", ".join(k.value for k in kind)
        raise InputError(f"field {key!r} must be one of {names}, not {value!r}") from None
