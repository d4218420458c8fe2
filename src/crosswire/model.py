"""The one typed document model.

A `Page` is what a source delivered (decoded text, HTML or a rendered dump). Extraction turns it
into an `Article` whose `text` is fixed once made; every annotation is a `Span` (start, end) into
that text, and every piece carries `Provenance` back to the page it came from, so highlighting and
tracing are free.

Everything here is a frozen dataclass with slots: stages build new values, they never mutate.
Validation happens at the edges (sources, JSON, web), not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

PageKind = Literal["html", "text"]


class Basis(StrEnum):
    """How a metadata value was known, from strongest to weakest."""

    USER = "user"  # supplied on the command line / API call
    STATED = "stated"  # written on the page in words a reader sees ("Published on ...")
    METADATA = "metadata"  # machine metadata of the page (meta tags, JSON-LD, WARC date of a URL)
    URL = "url"  # read off the page's own address (/2025/12/11/...)
    INFERRED = "inferred"  # reasoned from other evidence (dated embeds, weekday words, ...)
    UNKNOWN = "unknown"


class LineLabel(StrEnum):
    """What one line (or block) of a page is. Everything but the article parts is furniture."""

    TITLE = "title"
    STANDFIRST = "standfirst"
    BYLINE = "byline"
    DATELINE = "dateline"
    BODY = "body"
    CAPTION = "caption"
    EMBED = "embed"
    TAGS = "tags"
    FURNITURE = "furniture"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a piece of an article came from: the page (as given) and a char range of its content.

    For text pages the range is into `Page.content`; for HTML pages it is into the page's rendered
    text (`Article.page_text`), since HTML offsets are not what a reader sees.
    """

    source: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Span:
    """A range of an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Page:
    """One input as delivered: decoded content plus what is known about where it came from."""

    source: str  # the path or URL as the user gave it (the article's identity in every output)
    content: str  # decoded text: HTML markup or a plain text dump
    kind: PageKind
    url: str | None = None  # the page's own address, when known (evidence: domain, date in path)
    fetched_at: datetime | None = None  # when the page was fetched (WARC date, JSONL field, HTTP)
    encoding: str | None = None  # how the bytes were decoded, for the record
    hints: Hints = field(default_factory=lambda: Hints())
    # What reading the input changed or decided that a user should know (a .txt read as HTML, NUL
    # bytes removed); extraction reports each as a problem of the article.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hints:
    """What the user knows and tells us (`--url`, `--outlet`, `--published`, `--fetched-at`): wins
    over the page (the fetch time only where the page brings none of its own)."""

    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601, as precise as the user knows
    fetched_at: str | None = None  # ISO 8601 day ("fetched that day, time unknown") or moment


@dataclass(frozen=True, slots=True)
class Line:
    """One classified line (or block) of a page's text, with why it got its label."""

    start: int  # char offsets into the classified text
    end: int
    text: str
    label: LineLabel
    reason: str = ""
    language: str | None = None  # ISO 639-1 where it differs from the article's, else None


@dataclass(frozen=True, slots=True)
class Evidenced:
    """A metadata value with how it was known and the words that showed it."""

    value: str | None
    basis: Basis = Basis.UNKNOWN
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class DateValue:
    """A point in time as precise as known (ISO 8601: 2025-12-11, 2025-12-11T15:22, ...+02:00)."""

    value: str | None
    basis: Basis = Basis.UNKNOWN
    evidence: str = ""
    ambiguous: bool = False  # a numeric date nothing could decide (12-11-2025 with no evidence)
    alternatives: tuple[str, ...] = ()  # the readings left open when ambiguous


@dataclass(frozen=True, slots=True)
class Paragraph:
    span: Span  # into Article.text
    provenance: Provenance
    language: str | None = None  # set where it differs from the article's language


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    provenance: Provenance
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Embed:
    """A quoted social-media post (or similar embed) kept apart from the body."""

    text: str
    provenance: Provenance
    author: str | None = None
    handle: str | None = None
    date: str | None = None  # ISO date when the embed states one
    language: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Removed:
    """A line taken out of the page, and why (kept so users can audit the extraction)."""

    text: str
    reason: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a stage could not do for one article; the run goes on."""

    stage: str
    message: str


class QuoteKind(StrEnum):
    DIRECT = "direct"  # a full quoted utterance
    PARTIAL = "partial"  # a quoted fragment inside reported speech
    INDIRECT = "indirect"  # reported speech without quotation marks
    SCARE = "scare"  # a quoted term with no speaker


class StatementStatus(StrEnum):
    ASSERTED = "asserted"  # the outlet states it in its own voice
    ATTRIBUTED = "attributed"  # the outlet reports that a (named or unnamed) source says it
    UNCONFIRMED = "unconfirmed"  # hedged: "reports claim", "according to information obtained by"


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span  # into Article.text
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place of one article: its mentions grouped under one name."""

    id: str  # unique within the article ("e1", "e2", ...)
    name: str  # canonical name ("Jonas Petrak")
    type: str  # "person", "organisation", "place" or "other"
    mentions: tuple[Mention, ...]
    roles: tuple[str, ...] = ()  # titles and roles ("Defense Minister")
    handles: tuple[str, ...] = ()  # social-media handles ("@Jonas_petrak")
    description: str | None = None  # an unnamed source: "a government spokesperson"


@dataclass(frozen=True, slots=True)
class Quote:
    """What someone said, with where it stands and who said it."""

    kind: QuoteKind
    span: Span  # the content, into Article.text
    text: str
    speaker: str | None = None  # the speaker entity's canonical name, once linked
    speaker_id: str | None = None  # the speaker entity's id
    speaker_mention: Span | None = None  # the mention the speaker was resolved to
    speaker_description: str | None = None  # "a government spokesperson", "the post"
    cue: str | None = None  # the words that attribute it ("told reporters", "he said")
    cue_span: Span | None = None
    verb: str | None = None  # the speech or cognition verb's lemma
    confidence: float = 0.0
    language: str | None = None
    translation_of: Span | None = None  # the original on the page (into Article.text or None)
    original_embed: int | None = None  # the original as an embedded post (index into embeds)


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence and whose word it is."""

    span: Span  # the sentence, into Article.text
    status: StatementStatus
    source: str | None = None  # canonical name or description of the source
    cue: str | None = None  # "according to", "said", "recent reports claim"


@dataclass(frozen=True, slots=True)
class Clause:
    """One proposition inside a sentence, cut from the parse: a coordinated, subordinate or
    relative clause, or a content clause of a verb of saying, told as a statement of its own."""

    span: Span  # the words the clause is made of, into Article.text
    text: str  # the clause as a statement: a relative pronoun replaced by what it refers to, a
    # shared subject repeated ("the force, whose mandate ..." -> "the force's mandate ...")
    claim: bool = True  # a subject with a finite verb: a claim a reader can quote; False for a
    # clause that only modifies ("bearing the flag"): it helps line up facts, never states one


@dataclass(frozen=True, slots=True)
class Predicate:
    """A verb with one of its arguments, as lemmas: what a clause says happened to what.

    "would not force Varnia to accept" and "wouldn't force anything on Varnia" both hold
    "not force varnia"; two outlets telling one fact in other words often keep its predicate.
    """

    span: Span  # the verb, into Article.text
    key: str  # "not force varnia": a negation, the verb's lemma, the argument's lemma


@dataclass(frozen=True, slots=True)
class TimeExpression:
    span: Span  # into Article.text
    text: str
    value: str | None  # ISO 8601 / TimeML value ("2025-11-09", "2025-W45", "2025-10", "P2Y")
    type: str  # "date", "time", "duration" or "set"
    anchor: str | None = None  # the date it was resolved against (None: unresolved)


@dataclass(frozen=True, slots=True)
class Annotations:
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    statements: tuple[Statement, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    clauses: tuple[Clause, ...] = ()
    predicates: tuple[Predicate, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """The clean article behind one page. `text` is the body, paragraphs one blank line apart."""

    source: str
    text: str
    paragraphs: tuple[Paragraph, ...] = ()
    url: str | None = None
    outlet: Evidenced = Evidenced(None)
    title: Evidenced = Evidenced(None)
    standfirst: str | None = None
    authors: tuple[str, ...] = ()
    authors_basis: Basis = Basis.UNKNOWN
    published: DateValue = DateValue(None)
    modified: DateValue = DateValue(None)
    fetched_at: str | None = None
    language: str | None = None
    captions: tuple[Caption, ...] = ()
    embeds: tuple[Embed, ...] = ()
    tags: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    problems: tuple[Problem, ...] = ()
    mode: PageKind = "text"  # which extractor read the page
    page_text: str = ""  # the text the lines were classified in (provenance offsets point here)
    annotations: Annotations | None = None  # set by the annotation stage

    def paragraph_texts(self) -> list[str]:
        return [self.text[p.span.start : p.span.end] for p in self.paragraphs]


@dataclass(frozen=True, slots=True)
class Derivation:
    """One article copied, reprinted or rewritten from another (both named by their source)."""

    article: str
    derived_from: str
    kind: str  # "copy" (wire copy, syndicated reprint) or "rewrite" (same facts retold)
    score: float  # 0..1, how sure
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report the same story (by source, in input order)."""

    id: str
    title: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChosenStory:
    """Which story of the inputs a dossier covers, and what else the inputs held."""

    id: str  # the story's id, as `crosswire stories` lists it (give it to --story)
    title: str
    articles: int
    outlets: int  # distinct outlets among its articles (an unknown outlet counts once each)
    others: int  # the other stories of the inputs, set aside
    asked: bool = False  # named by the caller (--story), not chosen as the largest coherent


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that produced no page: why, in words a user can act on."""

    source: str
    message: str


# --- The story dossier: what the cross-outlet stages make of one story's articles. ---------------


class FactStatus(StrEnum):
    CORROBORATED = "corroborated"  # two or more independent outlets carry it
    SINGLE_SOURCE = "single-source"  # one independent outlet (its copies count with it)
    CONTESTED = "contested"  # another outlet tells it otherwise (see the conflicts)


@dataclass(frozen=True, slots=True)
class Support:
    """One article's sentence behind a fact, a conflict side, a quote variant or an event.

    This is the provenance every dossier item carries: the article (its `source` as given), the
    sentence's text and its span into that article's text.
    """

    article: str
    outlet: str | None
    span: Span  # the sentence (or clause), into the article's text
    text: str
    status: StatementStatus = StatementStatus.ASSERTED  # whose word it is, in that article
    source: str | None = None  # who it is attributed to there, when attributed


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the story's articles report, lined up across them."""

    id: str  # "F1", "F2", ... in order of corroboration, then first appearance
    statement: str  # the clearest wording among the supporting sentences
    support: tuple[Support, ...]  # by article source, then position in the article
    independent_outlets: int  # outlets that carry it, copies counted with their source
    status: FactStatus
    entities: tuple[str, ...] = ()  # names the supporting sentences agree on
    numbers: tuple[str, ...] = ()  # numbers they state ("37")
    when: str | None = None  # resolved date of what it reports, when its sentences give one

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.article for s in self.support))


class ConflictKind(StrEnum):
    NUMBER = "number"  # 37 vs 38 officials
    DATE = "date"  # on Sunday vs on Monday
    NAME = "name"  # different person, organisation or place in the same role
    CERTAINTY = "certainty"  # stated as fact vs reported, hedged or unconfirmed
    POSITION = "position"  # opposed positions attributed to the same actor or side


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two tellings that do not agree, with both sides' sentences."""

    id: str  # "C1", ...
    kind: ConflictKind
    summary: str  # its heading: the question, each answer with its outlets ("How many officials:
    # 37 (North Post) vs 38 (South Wire)"; crosswire.compare.headings)
    side_a: tuple[Support, ...]
    side_b: tuple[Support, ...]
    values: tuple[str, str] = ("", "")  # what differs ("37", "38"; "asserted", "attributed")
    facts: tuple[str, ...] = ()  # ids of the facts involved
    actor: str | None = None  # the actor or side both positions are attributed to


class VariantKind(StrEnum):
    EXACT = "exact"  # the same words
    TRUNCATED = "truncated"  # part of the same words
    PARAPHRASED = "paraphrased"  # the same claim in other words (indirect speech, retelling)
    TRANSLATED = "translated"  # the same words in another language (or translated from a post)


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One telling of a quote in one article."""

    article: str
    outlet: str | None
    span: Span  # the quoted words, into the article's text
    text: str
    kind: VariantKind  # relative to the ledger entry's `text`
    quote_kind: QuoteKind  # direct, partial or indirect in that article
    published: str | None = None  # the article's publication date (stated or estimated)
    sentence: Span | None = None  # the sentence it stands in


@dataclass(frozen=True, slots=True)
class LedgerQuote:
    """A quote across the story's outlets."""

    id: str  # "Q1", ...
    text: str  # the fullest wording
    speaker: str | None
    variants: tuple[QuoteVariant, ...]  # in order of appearance (publication date, then input)
    first_article: str  # where it first appeared
    first_published: str | None = None
    original_language: str | None = None  # when given in translation: the original's language

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.outlet or v.article for v in self.variants))


@dataclass(frozen=True, slots=True)
class PublicationDate:
    """When an article was published: as the page says, or estimated from the story."""

    article: str
    value: str | None
    estimated: bool = False
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """Something that happened, with when it happened apart from when it was reported."""

    id: str  # "T1", ...
    start: str  # ISO date (the first day of the interval)
    end: str  # ISO date (the last day; equal to start for a single day)
    value: str  # the resolved value as written ("2025-W45", "2025-10", "2025-11-09")
    what: str  # the sentence that tells it, shortest clear wording
    support: tuple[Support, ...]  # the sentences, across articles, that date it
    expressions: tuple[str, ...] = ()  # the time words used ("last month", "on Sunday")
    reported: tuple[str, ...] = ()  # publication dates of the reporting articles
    facts: tuple[str, ...] = ()  # ids of facts it tells


@dataclass(frozen=True, slots=True)
class Actor:
    """A person or organisation of the story, across its articles."""

    id: str  # "A1", ...
    name: str
    type: str  # "person" or "organisation"
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names used for it across outlets
    articles: tuple[str, ...] = ()  # articles that mention it
    quoted_by: tuple[str, ...] = ()  # outlets (or article sources) that quote it
    quotes: tuple[str, ...] = ()  # ledger quote ids
    statements: tuple[Support, ...] = ()  # sentences attributed to it
    mentions: int = 0


@dataclass(frozen=True, slots=True)
class Dossier:
    """Everything crosswire says about one story."""

    title: str
    summary: tuple[str, ...]  # a few best-corroborated facts' statements
    articles: tuple[Article, ...]
    published: tuple[PublicationDate, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    quotes: tuple[LedgerQuote, ...]
    timeline: tuple[TimelineEvent, ...]
    derivations: tuple[Derivation, ...]
    actors: tuple[Actor, ...]
    notes: tuple[str, ...] = ()  # what a reader should know ("one article: nothing to compare")
    failures: tuple[InputFailure, ...] = ()
    set_aside: tuple[Article, ...] = ()  # articles read with the story's but reporting others
    story: ChosenStory | None = None  # None: no story was chosen (one article, or all kept)
