"""The words and text pieces the conflict stages share: word lists (`data/conflicts.json`,
country names from `data/aliases.json`), tokens and stems, clauses, and one supporting sentence
with its article and statement (`Told`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from crosswire.datafiles import load_data
from crosswire.model import (
    Article,
    ConflictKind,
    Span,
    Statement,
    StatementStatus,
    Support,
)

STEM = 5  # words are compared by their first letters ("closed" ~ "close", "officials" ~ "official")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|\d[\d,.]*\d|\d")


@dataclass(frozen=True, slots=True)
class Words:
    number_words: dict[str, int]
    multipliers: dict[str, int]
    negations: frozenset[str]
    support: tuple[str, ...]
    opposition: tuple[str, ...]
    position_nouns: frozenset[str]
    report_cues: tuple[str, ...]
    outlet_cues: tuple[str, ...]
    clause_break: re.Pattern[str]
    stopwords: frozenset[str]
    stance_stoppers: frozenset[str]
    approximators: tuple[str, ...]
    not_counted: frozenset[str]
    countries: dict[str, str]  # lower-cased country name, alias, capital or demonym -> country


@cache
def words() -> Words:
    data = load_data("conflicts.json")
    aliases = load_data("aliases.json")
    countries: dict[str, str] = {}
    for table in ("countries", "capitals"):
        for name, country in aliases.get(table, {}).items():
            countries[str(name).lower()] = countries[str(country).lower()] = str(country)
    for demonym, country in data["demonyms"].items():
        countries[str(demonym)] = str(country)
        countries.setdefault(str(country).lower(), str(country))
    breaks = "|".join(re.escape(b) for b in data["clause_breaks"])
    return Words(
        number_words=dict(data["number_words"]),
        multipliers=dict(data["multipliers"]),
        negations=frozenset(data["negations"]),
        support=tuple(data["support_words"]),
        opposition=tuple(data["opposition_words"]),
        position_nouns=frozenset(data["position_nouns"]),
        report_cues=tuple(data["report_cues"]),
        outlet_cues=tuple(data["outlet_cues"]),
        clause_break=re.compile(rf"\s*(?:{breaks})\s*"),
        stopwords=frozenset(data["stopwords"]),
        stance_stoppers=frozenset(data["stance_stoppers"]),
        approximators=tuple(data["approximators"]),
        not_counted=frozenset(data["not_counted"]),
        countries=countries,
    )


# --- Text pieces ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clause:
    start: int  # into the article's text
    end: int
    text: str


def tokens(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def stems(text: str) -> frozenset[str]:
    stop = words().stopwords
    return frozenset(
        w[:STEM] for w in tokens(text) if w not in stop and not w[0].isdigit() and len(w) > 1
    )


def common_stems(text: str) -> frozenset[str]:
    """The stems of the words written in lower case (not names)."""
    stop = words().stopwords
    return frozenset(
        w.lower()[:STEM]
        for w in WORD.findall(text)
        if w[0].islower() and w.lower() not in stop and len(w) > 1
    )


def clauses(text: str, offset: int) -> list[Clause]:
    """A sentence cut at commas, semicolons and dashes (offsets into the article's text)."""
    found: list[Clause] = []
    start = 0
    for match in words().clause_break.finditer(text):
        if match.start() > start:
            found.append(
                Clause(offset + start, offset + match.start(), text[start : match.start()])
            )
        start = match.end()
    if start < len(text):
        found.append(Clause(offset + start, offset + len(text), text[start:]))
    return [c for c in found if WORD.search(c.text)]


def has_cue(text: str, cues: Iterable[str]) -> bool:
    lowered = " " + " ".join(tokens(text)) + " "
    return any(f" {cue} " in lowered for cue in cues)


# --- Per-sentence context: the article, its statement, its clauses ------------------------------


@dataclass(frozen=True, slots=True)
class Told:
    """One supporting sentence with what the article knows about it."""

    support: Support
    article: Article | None
    statement: Statement | None
    clauses: tuple[Clause, ...]

    def hedged(self, clause: Clause) -> bool | None:
        """Whether `clause` is told as reported speech (True) or in the outlet's own voice (False);
        None when the sentence is attributed by a cue that is no reporting word ("rejected",
        "praised": a stance, not a hedge). A reporting cue covers the whole sentence, except a cue
        that opens a clause of its own in a list of the subject's acts ("X suspended trade, said it
        closed its airspace and issued warrants"): that covers its clause only."""
        status, cue = status_and_cue(self)
        if status is StatementStatus.ASSERTED:
            return False
        if not cue:
            return True  # a quoted sentence that goes on from an earlier cue
        if not has_cue(cue, words().report_cues):
            return None
        cue_words = tokens(cue)
        for i, piece in enumerate(self.clauses):
            if i and tokens(piece.text)[: len(cue_words)] == cue_words and self._listed(i):
                return clause == piece
        return True

    def _listed(self, i: int) -> bool:
        """Whether clause i stands in a list of acts: it ends with "and" or "or", or the next
        clause opens with one."""
        if tokens(self.clauses[i].text)[-1:] in (["and"], ["or"]):
            return True
        following = self.clauses[i + 1].text if i + 1 < len(self.clauses) else ""
        return tokens(following)[:1] in (["and"], ["or"])


def status_and_cue(told: Told) -> tuple[StatementStatus, str | None]:
    if told.statement is not None:
        return told.statement.status, told.statement.cue
    return told.support.status, None


def statement_at(article: Article | None, span: Span) -> Statement | None:
    if article is None or article.annotations is None:
        return None
    best: tuple[int, Statement] | None = None
    for statement in article.annotations.statements:
        shared = min(statement.span.end, span.end) - max(statement.span.start, span.start)
        if shared > 0 and (best is None or shared > best[0]):
            best = (shared, statement)
    return best[1] if best else None


def told(support: Support, by_source: dict[str, Article]) -> Told:
    article = by_source.get(support.article)
    statement = statement_at(article, support.span)
    return Told(support, article, statement, tuple(clauses(support.text, support.span.start)))


def support_of(article: Article, statement: Statement) -> Support:
    span = statement.span
    return Support(
        article=article.source,
        outlet=article.outlet.value,
        span=span,
        text=article.text[span.start : span.end],
        status=statement.status,
        source=statement.source,
    )


@dataclass(frozen=True, slots=True)
class Found:
    """A conflict before it is numbered."""

    kind: ConflictKind
    summary: str
    side_a: tuple[Support, ...]
    side_b: tuple[Support, ...]
    values: tuple[str, str]
    facts: tuple[str, ...]
    actor: str | None = None


def support_key(s: Support) -> tuple[str, int, int]:
    return (s.article, s.span.start, s.span.end)


def short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tail(text: str, limit: int) -> str:
    """The end of a claim, where its verb and object stand ("... that X would take part")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    tail = text[-(limit - 1) :]
    return "…" + (tail.split(" ", 1)[1] if " " in tail else tail)


def id_key(fact_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in fact_id if ch.isdigit())
    return (int(digits) if digits else 0, fact_id)
