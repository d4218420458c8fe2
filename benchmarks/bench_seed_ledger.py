"""The quote ledger of the seed pages against their hand annotation (../shared/seeds/gold.json).

    .venv/bin/python benchmarks/bench_seed_ledger.py [-v]

The three pages are extracted and annotated as in bench_seed_quotes.py, then put through
`crosswire.compare.quote_ledger.build_quote_ledger` with the MiniLM backend and each article's own
publication date (`article.published.value`).

Matching rule. Two gold quotes of different files are the same quote when gold gives them the same
speaker (by last name) and their words overlap as bench_seed_quotes.py's `overlaps` says (a shared
run of at least half the shorter's words, and two words unless it has one); gold quotes are
grouped transitively. A gold quote is "in" a ledger entry when one of the entry's variants comes
from its file and overlaps its words. A cross-file gold group is held together when one ledger
entry holds all its gold quotes.

Reported:
- cross-file gold groups held together in one entry (bar: all of them);
- variant kinds: gold quotes of a line the page translates from an embedded post (gold
  documents' `embeds[].translated_at_line`) must be TRANSLATED variants of an entry whose
  `original_language` is the embed's language; the other cross-file quotes must be EXACT or
  TRUNCATED variants (the same words, whole or in part);
- the number of ledger entries and of entries with variants from more than one file;
- actors (crosswire.compare.actors.find_actors on the same ledger): gold's speakers found as an
actor (by
  last name) whose `quoted_by` holds the outlets of every file gold quotes them in.
With -v: every entry, and the cosines of one speaker's tellings across files (what
quoteledger.PARAPHRASE_COSINE was set on).
Peer in the same run: exact-string grouping only (the same tellings, grouped when their
normalised words are equal).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from bench_seed_quotes import last_name, overlaps  # the same matching rule
from crosswire.model import Article, LedgerQuote, PublicationDate, VariantKind
from shared import GOLD, absent, load_gold, page_key, seed_articles


def gold_groups(quotes: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Gold quotes said once and told in several files (scare quotes have no speaker: left out)."""
    spoken = [q for q in quotes if q["speaker"] and q["kind"] != "scare"]
    parent = list(range(len(spoken)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(spoken):
        for j in range(i + 1, len(spoken)):
            b = spoken[j]
            same_speaker = last_name(a["speaker"]) == last_name(b["speaker"])
            if a["file"] != b["file"] and same_speaker and overlaps(a["text"], b["text"]):
                parent[find(j)] = find(i)
    groups: dict[int, list[dict[str, Any]]] = {}
    for i, q in enumerate(spoken):
        groups.setdefault(find(i), []).append(q)
    return [g for g in groups.values() if len({q["file"] for q in g}) > 1]


def holds(entry: LedgerQuote, gold: dict[str, Any], files: dict[str, str]) -> Any:
    """The entry's variant that is this gold quote, or None."""
    for variant in entry.variants:
        if files[variant.article] == gold["file"] and overlaps(gold["text"], variant.text):
            return variant
    return None


def translated_lines(documents: Sequence[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """(file, line) of a translation of an embedded post -> the post's language."""
    lines = {}
    for doc in documents:
        for embed in doc.get("embeds", []):
            if embed.get("translated_at_line") and embed.get("language"):
                lines[(doc["file"][:3], embed["translated_at_line"])] = embed["language"]
    return lines


def score(
    ledger: Sequence[LedgerQuote],
    groups: Sequence[list[dict[str, Any]]],
    files: dict[str, str],
    translated: dict[tuple[str, int], str],
    verbose: bool | None,
) -> tuple[int, int, int]:
    """(groups held in one entry, gold quotes with a sensible kind, gold quotes checked).
    Prints every group with `verbose`, the misses with False, nothing with None."""
    held = sensible = checked = 0
    for group in groups:
        entry = next((e for e in ledger if all(holds(e, g, files) for g in group)), None)
        held += entry is not None
        if verbose or (entry is None and verbose is not None):
            mark = "ok " if entry else "MISS"
            print(f"  {mark} {group[0]['speaker']}: {group[0]['text'][:50]!r}")
        if entry is None:
            continue
        for gold in group:
            variant = holds(entry, gold, files)
            language = translated.get((gold["file"], gold["line"]))
            if language is not None:
                ok = variant.kind == VariantKind.TRANSLATED and entry.original_language == language
            else:
                ok = variant.kind in (VariantKind.EXACT, VariantKind.TRUNCATED)
            checked += 1
            sensible += ok
            if verbose or (not ok and verbose is not None):
                print(
                    f"    {'ok ' if ok else 'KIND'} {gold['file']}:{gold['line']} {variant.kind} "
                    f"(entry language {entry.original_language}) {gold['text'][:40]!r}"
                )
    return held, sensible, checked


def exact_string_ledger(articles: Sequence[Any], published: Sequence[PublicationDate]) -> Any:
    """The peer: the ledger's tellings grouped by equal normalised words only."""
    from crosswire.compare.quote_ledger import entry
    from crosswire.compare.quote_tellings import tellings_of

    dates = {p.article: p.value for p in published}
    tellings = [t for a in articles for t in tellings_of(a, dates.get(a.source))]
    by_words: dict[tuple[str, ...], list[Any]] = {}
    for telling in tellings:
        by_words.setdefault(telling.words, []).append(telling)
    return [entry(group) for group in by_words.values()]


def paraphrase_cosines(
    articles: Sequence[Any], ledger: Sequence[LedgerQuote], backend: Any
) -> None:
    """Cosines of one speaker's tellings across files (what PARAPHRASE_COSINE was set on), and
    whether the ledger put them together."""
    from crosswire.compare.quote_tellings import same_name, tellings_of

    tellings = [t for a in articles for t in tellings_of(a, None) if t.speaker]
    vectors = backend.encode([t.quote.text for t in tellings])
    entry_of = {(v.article, v.span): q.id for q in ledger for v in q.variants}
    for i, a in enumerate(tellings):
        for j in range(i + 1, len(tellings)):
            b = tellings[j]
            if a.article == b.article or not same_name(a.speaker, b.speaker):
                continue
            together = entry_of.get((a.article, a.quote.span)) == entry_of.get(
                (b.article, b.quote.span)
            )
            cosine = float(vectors[i] @ vectors[j])
            mark = "joined" if together else "apart "
            print(
                f"    cos {cosine:.2f} {mark} {a.speaker}: "
                f"{a.quote.text[:35]!r} / {b.quote.text[:35]!r}"
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if absent("the seed pages", GOLD):
        return 0
    from crosswire.compare.embeddings import quantised_minilm_backend
    from crosswire.compare.quote_ledger import build_quote_ledger

    gold = load_gold()
    articles = seed_articles()
    files = {a.source: page_key(a.source) for a in articles}
    published = [PublicationDate(a.source, a.published.value) for a in articles]
    ledger = build_quote_ledger(articles, published, backend=quantised_minilm_backend())
    if args.verbose:
        for q in ledger:
            kinds = ", ".join(f"{files[v.article]}:{v.kind}" for v in q.variants)
            print(f"    {q.id} {q.speaker} [{kinds}] {q.text[:60]!r}")
        paraphrase_cosines(articles, ledger, quantised_minilm_backend())
    groups = gold_groups(gold["quotes"])
    translated = translated_lines(gold["documents"])
    held, sensible, checked = score(ledger, groups, files, translated, args.verbose)
    peer = exact_string_ledger(articles, published)
    peer_held, _, _ = score(peer, groups, files, translated, None)
    multi = sum(len({files[v.article] for v in q.variants}) > 1 for q in ledger)
    peer_multi = sum(len({files[v.article] for v in q.variants}) > 1 for q in peer)
    ok = held == len(groups) and sensible == checked
    print(
        f"{'PASS' if ok else 'FAIL'}  cross-file gold quotes in one entry {held}/{len(groups)}  "
        f"sensible variant kinds {sensible}/{checked}   "
        f"exact-string grouping (peer): {peer_held}/{len(groups)}"
    )
    print(
        f"      ledger entries {len(ledger)} ({multi} from more than one file)   "
        f"peer: {len(peer)} ({peer_multi} from more than one file)"
    )
    report_actors(articles, ledger, gold["quotes"], files, args.verbose)
    return 0


def report_actors(
    articles: Sequence[Article],
    ledger: Sequence[LedgerQuote],
    gold_quotes: Sequence[dict[str, Any]],
    files: dict[str, str],
    verbose: bool,
) -> None:
    """Gold's speakers as actors: found (by last name) and quoted by the outlets of the files
    gold quotes them in (crosswire.compare.actors.find_actors on the same ledger)."""
    from crosswire.compare.actors import find_actors

    actors = find_actors(articles, ledger)
    outlet = {files[a.source]: a.outlet.value or a.source for a in articles}
    quoted_in: dict[str, set[str]] = {}
    for q in gold_quotes:
        if q["speaker"] and q["kind"] != "scare":
            quoted_in.setdefault(q["speaker"], set()).add(outlet[q["file"]])
    right = 0
    for speaker, outlets in sorted(quoted_in.items()):
        actor = next((a for a in actors if last_name(a.name) == last_name(speaker)), None)
        ok = actor is not None and outlets <= set(actor.quoted_by)
        right += ok
        if verbose or not ok:
            found = (actor.id, actor.quoted_by) if actor else None
            print(f"  {'ok ' if ok else 'MISS'} {speaker}: {sorted(outlets)} -> {found}")
    print(
        f"      actors {len(actors)}: gold speakers found and quoted by the right outlets "
        f"{right}/{len(quoted_in)}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
