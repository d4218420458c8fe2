"""The rows a researcher reads: `articles/` and `failures/` as Parquet columns.

An article row holds the metadata flat (for filters in pandas, DuckDB or Spark), the body, counts
of what annotation found, and the whole article as crosswire's JSON (`article_json`: the same
dict `crosswire extract -f json` and `crosswire annotate` give, read back by
`crosswire.article_from_dict`). A duplicate (the same text, or the same address, as an article
kept before it) is a row too, with `duplicate_of` naming the one kept: every record is in
`articles/` or `failures/`, once.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from crosswire.model import Article
from crosswire.report.article_json import article_to_dict

ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("source", pa.string()),
        ("shard", pa.string()),
        ("url", pa.string()),
        ("url_key", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("published", pa.string()),
        ("language", pa.string()),
        ("mode", pa.string()),
        ("text", pa.string()),
        ("words", pa.int64()),
        ("text_hash", pa.string()),
        ("duplicate_of", pa.string()),
        ("annotated", pa.bool_()),
        ("quotes", pa.int64()),
        ("entities", pa.int64()),
        ("problems", pa.list_(pa.string())),
        ("article_json", pa.string()),
    ]
)
FAILURE_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("shard", pa.string()),
        ("stage", pa.string()),
        ("reason", pa.string()),
    ]
)


def article_output(
    article: Article,
    *,
    article_id: str,
    shard: str,
    url_key: str | None,
    text_hash: str,
    duplicate_of: str | None,
) -> dict[str, Any]:
    """The Parquet row of one article."""
    annotations = article.annotations
    return {
        "article_id": article_id,
        "source": article.source,
        "shard": shard,
        "url": article.url,
        "url_key": url_key,
        "outlet": article.outlet.value,
        "title": article.title.value,
        "authors": list(article.authors),
        "published": article.published.value,
        "language": article.language,
        "mode": article.mode,
        "text": article.text,
        "words": len(article.text.split()),
        "text_hash": text_hash,
        "duplicate_of": duplicate_of,
        "annotated": annotations is not None,
        "quotes": len(annotations.quotes) if annotations else 0,
        "entities": len(annotations.entities) if annotations else 0,
        "problems": [f"{p.stage}: {p.message}" for p in article.problems],
        "article_json": json.dumps(article_to_dict(article), ensure_ascii=False),
    }


def failure_output(source: str, shard: str, stage: str, reason: str) -> dict[str, Any]:
    return {"source": source, "shard": shard, "stage": stage, "reason": reason}
