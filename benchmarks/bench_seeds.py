"""The seed pages against their hand annotation (../shared/seeds/gold.json).

    .venv/bin/python benchmarks/bench_seeds.py

For each page: body shingle F1 against gold's body lines (bar .97), outlet, title, authors and the
publication date with its basis as gold says, and every caption and embed line of gold out of the
body and in its own field. The three pages are read together, as a user would give them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring import score_document
from shared import GOLD, SEEDS, absent, load_gold, seed_results

BODY_BAR = 0.97


def gold_lines(path: Path, numbers: list[int]) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [lines[n - 1].strip() for n in numbers]


def check_page(doc: dict[str, Any], article: Any) -> list[tuple[str, bool, str]]:
    """(check, passed, detail) rows for one page."""
    path = SEEDS / doc["file"]
    rows = []
    gold_body = "\n".join(gold_lines(path, doc["body"]))
    f1 = score_document(gold_body, article.text).f1
    rows.append(("body F1", f1 >= BODY_BAR, f"{f1:.3f} (bar {BODY_BAR})"))
    rows.append(("outlet", article.outlet.value == doc["outlet"], f"{article.outlet.value!r}"))
    rows.append(("title", article.title.value == doc["title"], f"{article.title.value!r}"))
    want_authors = [doc["byline"]] if doc["byline"] else []
    rows.append(("authors", list(article.authors) == want_authors, f"{list(article.authors)}"))
    rows.append(_published_row(doc, article))
    caption_lines = gold_lines(path, doc.get("captions", []))
    captions = "\n".join(c.text for c in article.captions)
    missing = [c for c in caption_lines if c not in captions or c in article.text]
    found_captions = f"{len(caption_lines) - len(missing)}/{len(caption_lines)}"
    rows.append(("captions apart", not missing, found_captions))
    embed_lines = [ln for e in doc.get("embeds", []) for ln in gold_lines(path, e["lines"])]
    embeds = "\n".join(f"{e.text}\n{e.author} ({e.handle})" for e in article.embeds)
    stray = [ln for ln in embed_lines if ln in article.text]
    found = [ln for ln in embed_lines if ln[:40] in embeds or (ln.startswith("—") and embeds)]
    ok = not stray and len(found) == len(embed_lines)
    rows.append(("embeds apart", ok, f"{len(found)}/{len(embed_lines)}"))
    rows.extend(_language_rows(doc, article, path))
    if doc.get("tags"):
        rows.append(("tags", list(article.tags) == doc["tags"], f"{list(article.tags)}"))
    if doc.get("modified"):
        value = article.modified.value
        rows.append(("modified", bool(value and value.startswith(doc["modified"])), f"{value}"))
    return rows


def _language_rows(doc: dict[str, Any], article: Any, path: Path) -> list[tuple[str, bool, str]]:
    """The article's language, and the foreign language of gold's marked captions and embeds."""
    rows = [("language", article.language == doc["language"], f"{article.language}")]
    for number, language in doc.get("caption_languages", {}).items():
        (line,) = gold_lines(path, [int(number)])
        got = [c.language for c in article.captions if c.text == line]
        rows.append((f"caption {number} lang", got == [language], f"{got}"))
    for embed in doc.get("embeds", []):
        got = [e.language for e in article.embeds]
        rows.append(("embed language", embed["language"] in got, f"{got}"))
    return rows


def _published_row(doc: dict[str, Any], article: Any) -> tuple[str, bool, str]:
    gold = doc["published"]
    value, basis = article.published.value, str(article.published.basis)
    detail = f"{value} ({basis})"
    if article.published.ambiguous:
        detail += f", flagged ambiguous: {' or '.join(article.published.alternatives)}"
    if gold["date"] is None:  # unknown, or inferred within the days the story allows
        ok = value is None or (basis == "inferred" and "2025-11-09" <= value[:10] <= "2025-11-11")
    elif "T" in gold["date"]:
        ok = value is not None and value.startswith(gold["date"]) and basis == "stated"
    else:
        ok = value is not None and value[:10] == gold["date"] and basis == "inferred"
    return "published", ok, detail


def main() -> int:
    if absent("the seed pages", GOLD):
        return 0
    gold = load_gold()
    results = seed_results()
    failed = 0
    for doc, article in zip(gold["documents"], results, strict=True):
        print(f"\n{doc['file']}")
        if not hasattr(article, "text"):
            print(f"  input failed: {article.message}")
            failed += 1
            continue
        for check, passed, detail in check_page(doc, article):
            failed += not passed
            print(f"  {'PASS' if passed else 'FAIL'}  {check:15} {detail}")
    print(f"\n{failed} check(s) failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
