"""Articles to and from plain JSON-ready dicts: the output contract that later tools read.

The field names here are a contract (issue 2, item 7): add fields freely, never rename one.
Offsets: a paragraph's `start`/`end` index `body`; every `page_start`/`page_end` indexes the page
the piece came from (the text page, or the rendered text of an HTML page). A piece's provenance
source is the article's `source` unless the piece says otherwise (`page_source`).

Reading back (`article_from_dict`) is an edge: the dict may come from any file, so every field is
checked and anything malformed raises InputError, never a KeyError or TypeError.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from crosswire.errors import InputError
from crosswire.model import (
    Article,
    Basis,
    Caption,
    DateValue,
    Embed,
    Evidenced,
    InputFailure,
    Paragraph,
    Problem,
    Provenance,
    Removed,
    Span,
)
from crosswire.report.annotation_json import annotations_from_dict, annotations_to_dict

JsonDict = dict[str, Any]
T = TypeVar("T")

PAGE_MODES = ("html", "text")


# ---------------------------------------------------------------- writing


def article_to_dict(a: Article, *, with_page_text: bool = False) -> JsonDict:
    """The article as a JSON-ready dict (with the page's text too when `with_page_text`)."""
    out: JsonDict = {"source": a.source, "url": a.url}
    out.update(_evidenced_fields("outlet", a.outlet))
    out.update(_evidenced_fields("title", a.title))
    out["standfirst"] = a.standfirst
    out["authors"] = list(a.authors)
    out["authors_basis"] = str(a.authors_basis)
    out.update(_date_fields("published", a.published))
    out.update(_date_fields("modified", a.modified))
    out["language"] = a.language
    out["body"] = a.text
    out["paragraphs"] = [_paragraph_dict(a, p) for p in a.paragraphs]
    out["captions"] = [c.text for c in a.captions]
    out["captions_detail"] = [_caption_dict(a, c) for c in a.captions]
    out["embeds"] = [_embed_dict(a, e) for e in a.embeds]
    out["tags"] = list(a.tags)
    out["removed"] = [_removed_dict(a, r) for r in a.removed]
    out["problems"] = [{"stage": p.stage, "message": p.message} for p in a.problems]
    out["mode"] = a.mode
    out["fetched_at"] = a.fetched_at
    if with_page_text:
        out["page_text"] = a.page_text
    if a.annotations is not None:
        out.update(annotations_to_dict(a.text, a.annotations))
    return out


def failure_to_dict(f: InputFailure) -> JsonDict:
    """An input that produced no article, as {source, error}."""
    return {"source": f.source, "error": f.message}


def _evidenced_fields(name: str, value: Evidenced) -> JsonDict:
    return {
        name: value.value,
        f"{name}_basis": str(value.basis),
        f"{name}_evidence": value.evidence,
    }


def _date_fields(name: str, value: DateValue) -> JsonDict:
    return {
        name: value.value,
        f"{name}_basis": str(value.basis),
        f"{name}_evidence": value.evidence,
        f"{name}_ambiguous": value.ambiguous,
        f"{name}_alternatives": list(value.alternatives),
    }


def _provenance_fields(a: Article, prov: Provenance) -> JsonDict:
    out: JsonDict = {"page_start": prov.start, "page_end": prov.end}
    if prov.source != a.source:
        out["page_source"] = prov.source
    return out


def _paragraph_dict(a: Article, p: Paragraph) -> JsonDict:
    out: JsonDict = {
        "text": a.text[p.span.start : p.span.end],
        "start": p.span.start,
        "end": p.span.end,
        "language": p.language,
    }
    out.update(_provenance_fields(a, p.provenance))
    return out


def _caption_dict(a: Article, c: Caption) -> JsonDict:
    out: JsonDict = {"text": c.text, "language": c.language}
    out.update(_provenance_fields(a, c.provenance))
    return out


def _embed_dict(a: Article, e: Embed) -> JsonDict:
    out: JsonDict = {
        "text": e.text,
        "author": e.author,
        "handle": e.handle,
        "date": e.date,
        "language": e.language,
        "url": e.url,
    }
    out.update(_provenance_fields(a, e.provenance))
    return out


def _removed_dict(a: Article, r: Removed) -> JsonDict:
    out: JsonDict = {"text": r.text, "reason": r.reason}
    out.update(_provenance_fields(a, r.provenance))
    return out


# ---------------------------------------------------------------- reading


def article_from_dict(d: object) -> Article:
    """The article a dict describes (as `article_to_dict` writes it); InputError when malformed."""
    data = _mapping(d, "article")
    source = _text(data, "source")
    body = _text(data, "body")
    mode = _text(data, "mode", default="text")
    if mode not in PAGE_MODES:
        raise InputError(f"field 'mode' must be one of {PAGE_MODES}, not {mode!r}")
    return Article(
        source=source,
        text=body,
        paragraphs=_items(data, "paragraphs", lambda p: _paragraph(p, source, body)),
        url=_opt_text(data, "url"),
        outlet=_evidenced(data, "outlet"),
        title=_evidenced(data, "title"),
        standfirst=_opt_text(data, "standfirst"),
        authors=_texts(data, "authors"),
        authors_basis=_basis(data, "authors_basis"),
        published=_date(data, "published"),
        modified=_date(data, "modified"),
        fetched_at=_opt_text(data, "fetched_at"),
        language=_opt_text(data, "language"),
        captions=_captions(data, source),
        embeds=_items(data, "embeds", lambda e: _embed(e, source)),
        tags=_texts(data, "tags"),
        removed=_items(data, "removed", lambda r: _removed(r, source)),
        problems=_items(data, "problems", _problem),
        mode="html" if mode == "html" else "text",
        page_text=_text(data, "page_text", default=""),
        annotations=annotations_from_dict(data, body),
    )


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"{what} must be a JSON object, not {type(value).__name__}")
    return value


def _text(data: Mapping[str, Any], key: str, *, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string")
    return value


def _opt_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string or null")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    # bool is an int subclass; a true/false offset is a malformed file, not position 1/0.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"field {key!r} must be a non-negative integer")
    return value


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise InputError(f"field {key!r} must be true or false")
    return value


def _texts(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"field {key!r} must be a list of strings")
    return tuple(value)


def _items(data: Mapping[str, Any], key: str, read: Callable[[object], T]) -> tuple[T, ...]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InputError(f"field {key!r} must be a list")
    return tuple(read(item) for item in value)


def _basis(data: Mapping[str, Any], key: str) -> Basis:
    value = data.get(key, Basis.UNKNOWN.value)
    try:
        return Basis(value)
    except ValueError:
        names = ", ".join(b.value for b in Basis)
        raise InputError(f"field {key!r} must be one of {names}, not {value!r}") from None


def _evidenced(data: Mapping[str, Any], name: str) -> Evidenced:
    return Evidenced(
        value=_opt_text(data, name),
        basis=_basis(data, f"{name}_basis"),
        evidence=_text(data, f"{name}_evidence", default=""),
    )


def _date(data: Mapping[str, Any], name: str) -> DateValue:
    return DateValue(
        value=_opt_text(data, name),
        basis=_basis(data, f"{name}_basis"),
        evidence=_text(data, f"{name}_evidence", default=""),
        ambiguous=_bool(data, f"{name}_ambiguous"),
        alternatives=_texts(data, f"{name}_alternatives"),
    )


def _provenance(item: Mapping[str, Any], source: str) -> Provenance:
    start, end = _int(item, "page_start"), _int(item, "page_end")
    if start > end:
        raise InputError(f"page range {start}..{end} is reversed")
    page_source = _opt_text(item, "page_source")
    return Provenance(page_source if page_source is not None else source, start, end)


def _paragraph(value: object, source: str, body: str) -> Paragraph:
    item = _mapping(value, "paragraph")
    start, end = _int(item, "start"), _int(item, "end")
    if not start <= end <= len(body):
        raise InputError(f"paragraph range {start}..{end} lies outside the body")
    text = item.get("text")
    if text is not None and text != body[start:end]:
        raise InputError(f"paragraph text does not match body[{start}:{end}]")
    return Paragraph(Span(start, end), _provenance(item, source), _opt_text(item, "language"))


def _caption(value: object, source: str) -> Caption:
    item = _mapping(value, "caption")
    return Caption(_text(item, "text"), _provenance(item, source), _opt_text(item, "language"))


def _captions(data: Mapping[str, Any], source: str) -> tuple[Caption, ...]:
    # A hand-written file may give only the plain caption strings; their provenance is then unknown.
    if "captions_detail" in data:
        return _items(data, "captions_detail", lambda c: _caption(c, source))
    return tuple(Caption(text, Provenance(source, 0, 0)) for text in _texts(data, "captions"))


def _embed(value: object, source: str) -> Embed:
    item = _mapping(value, "embed")
    return Embed(
        text=_text(item, "text"),
        provenance=_provenance(item, source),
        author=_opt_text(item, "author"),
        handle=_opt_text(item, "handle"),
        date=_opt_text(item, "date"),
        language=_opt_text(item, "language"),
        url=_opt_text(item, "url"),
    )


def _removed(value: object, source: str) -> Removed:
    item = _mapping(value, "removed line")
    return Removed(_text(item, "text"), _text(item, "reason"), _provenance(item, source))


def _problem(value: object) -> Problem:
    item = _mapping(value, "problem")
    return Problem(_text(item, "stage"), _text(item, "message"))
