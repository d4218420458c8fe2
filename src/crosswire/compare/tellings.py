"""Tellings: one supporting sentence of a fact with what its article knows of it (`Told`: its
statement, its clauses, whether a clause is told as reported speech), the conflict found between
tellings before it is numbered (`Found`), and how conflicts quote them (`short`, `tail`)."""

from __future__ import annotations

from dataclasses import dataclass

from crosswire.compare.conflict_words import Clause, clauses, has_cue, tokens, words
from crosswire.model import (
    Article,
    ConflictKind,
    Span,
    Statement,
    StatementStatus,
    Support,
)


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
    # What the sides answer differently, in plain words ("How many ships at anchor"), and what
    # each sentence (by its text: copies tell it alike) answers, in the order a heading names
    # them ("40 on Sunday night"); see crosswire.compare.headings.
    question: str = ""
    told: tuple[tuple[str, str], ...] = ()


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
