"""The story dossier: one story's annotated articles lined up across outlets.

`build_dossier` is the cross-outlet pipeline in one readable function: pick the story, find which
articles derive from which, line up facts, find where outlets disagree, follow quotes, date events,
gather the actors. Each stage is a plain function of its own module; a stage that fails leaves its
part of the dossier empty and a note saying so, and the rest goes on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from crosswire.compare.actors import find_actors
from crosswire.compare.conflicts import find_conflicts, mark_contested
from crosswire.compare.derivation import find_derivations
from crosswire.compare.embeddings import EmbeddingBackend, RememberingBackend
from crosswire.compare.facts import align_facts
from crosswire.compare.labels import article_labels, article_name
from crosswire.compare.publication_dates import estimate_publication
from crosswire.compare.quote_ledger import build_quote_ledger
from crosswire.compare.site_furniture import outlet_count
from crosswire.compare.stories import group_stories
from crosswire.compare.story_choice import as_written, rank_stories
from crosswire.compare.summary import summarise
from crosswire.compare.timeline import build_timeline
from crosswire.errors import ConfigError, guarded
from crosswire.model import (
    Actor,
    Article,
    ChosenStory,
    Conflict,
    Derivation,
    Dossier,
    Fact,
    InputFailure,
    LedgerQuote,
    PublicationDate,
    Story,
    TimelineEvent,
)

log = logging.getLogger(__name__)

KEEP_ALL_WITH_STORY = "keep all (--keep-all) compares every article: leave out the story id"
NOTE_SOURCES = 10  # sources a note names before it counts the rest
CHOICE_NAMES = 4  # shared names the note on the story's choice gives
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StoryChoice:
    """Which articles the dossier covers, and what the reader should know about the others."""

    story: Story | None  # None: every article was kept (one article, or --keep-all)
    articles: tuple[Article, ...]
    notes: tuple[str, ...] = ()
    aside: tuple[Article, ...] = ()  # the articles of other stories
    chosen: ChosenStory | None = None  # which story, for the caller to tell the user


def build_dossier(
    articles: Sequence[Article],
    *,
    backend: EmbeddingBackend,
    failures: Sequence[InputFailure] = (),
    choice: StoryChoice | None = None,
) -> Dossier:
    """The dossier of the story these (annotated) articles report.

    Without a `choice` the story is chosen here (`choose_story`); callers that choose first (to
    annotate only the story's articles) pass the choice and its articles, annotated.
    """
    backend = RememberingBackend(backend)  # the stages encode many of the same sentences
    choice = choice or choose_story(articles, backend=backend)
    kept = {a.source for a in choice.articles}
    chosen = [a for a in articles if a.source in kept]
    notes = list(choice.notes)
    derivations: list[Derivation] = _stage(
        "derivation", notes, lambda: find_derivations(chosen), []
    )
    published: list[PublicationDate] = _stage(
        "publication dates", notes, lambda: estimate_publication(chosen), _stated_dates(chosen)
    )
    facts: list[Fact] = _stage(
        "facts", notes, lambda: align_facts(chosen, derivations, backend=backend), []
    )
    conflicts: list[Conflict] = _stage(
        "conflicts", notes, lambda: find_conflicts(chosen, facts, backend=backend), []
    )
    facts = _stage("conflicts", notes, lambda: mark_contested(facts, conflicts), facts)
    quotes: list[LedgerQuote] = _stage(
        "quote ledger", notes, lambda: build_quote_ledger(chosen, published, backend=backend), []
    )
    timeline: list[TimelineEvent] = _stage(
        "timeline", notes, lambda: build_timeline(chosen, published, facts), []
    )
    actors: list[Actor] = _stage("actors", notes, lambda: find_actors(chosen, quotes), [])
    notes.extend(_reader_notes(chosen, published))
    return Dossier(
        title=_title(choice.story, chosen, facts),
        summary=summarise(
            facts,
            conflicts=conflicts,
            derivations=derivations,
            names={a.source: article_name(a) for a in chosen},
        ),
        articles=tuple(chosen),
        published=tuple(published),
        facts=tuple(facts),
        conflicts=tuple(conflicts),
        quotes=tuple(quotes),
        timeline=tuple(timeline),
        derivations=tuple(derivations),
        actors=tuple(actors),
        notes=tuple(notes),
        failures=tuple(failures),
        set_aside=choice.aside,
        story=choice.chosen,
    )


def _stage(name: str, notes: list[str], run: Callable[[], T], fallback: T) -> T:
    """Run one stage; if it fails, a note tells the reader and the dossier goes on without it."""
    return guarded(
        f"dossier stage {name}",
        run,
        fallback,
        lambda failure: notes.append(f"The {name} stage failed ({failure}); that part is empty."),
    )


def choose_story(
    articles: Sequence[Article],
    *,
    backend: EmbeddingBackend,
    keep_all: bool = False,
    story_id: str | None = None,
) -> StoryChoice:
    """The largest coherent story among the articles (`rank_stories`: several outlets sharing
    its names, then the most outlets and articles), the story `story_id` names (an id
    `group_stories` gave for the same articles), or all of them with `keep_all`.

    Grouping reads titles, leads and names, so it runs before annotation: only the chosen
    story's articles need the parser. Raises ConfigError when no story has `story_id`.
    """
    if keep_all and story_id is not None:
        raise ConfigError(KEEP_ALL_WITH_STORY)
    if story_id is not None:
        return _named_story(articles, group_stories(articles, backend=backend), story_id)
    if keep_all or len(articles) < 2:
        return StoryChoice(None, tuple(articles))
    notes: list[str] = []
    stories: list[Story] = _stage(
        "story grouping", notes, lambda: group_stories(articles, backend=backend), []
    )
    if not stories:
        return StoryChoice(None, tuple(articles), tuple(notes))
    if len(stories[0].articles) == 1:
        # Nothing groups: the articles were given together for a reason, so all are compared.
        notes.append(
            "These articles do not seem to report one story (no two were grouped together); "
            "they are compared anyway."
        )
        return StoryChoice(None, tuple(articles), tuple(notes))
    best = rank_stories(stories, articles)[0]
    choice = _story_of(articles, best.story, others=len(stories) - 1)
    if len(stories) > 1:
        names = ", ".join(as_written(n, choice.articles) for n in best.shared_names[:CHOICE_NAMES])
        why = (
            f"the largest told by several outlets sharing its names ({names})"
            if best.coherent
            else "the largest (no story is told by several outlets sharing names)"
        )
        note = (
            f"The articles tell {len(stories)} stories; this dossier covers {why}. Choose "
            "another with --story ID (`crosswire stories` lists the stories and their ids)."
        )
        return replace(choice, notes=(note, *choice.notes))
    return choice


def _named_story(
    articles: Sequence[Article], stories: Sequence[Story], story_id: str
) -> StoryChoice:
    for story in stories:
        if story.id == story_id:
            return _story_of(articles, story, others=len(stories) - 1, asked=True)
    known = ", ".join(s.id for s in stories[:NOTE_SOURCES]) or "none"
    raise ConfigError(
        f"no story {story_id!r} among these articles (their stories: {known}); story ids come "
        "from grouping the same inputs with the same embeddings (`crosswire stories`)"
    )


def _story_of(
    articles: Sequence[Article], story: Story, *, others: int, asked: bool = False
) -> StoryChoice:
    """The story's articles chosen, the others set aside with a note naming them."""
    members = set(story.articles)
    chosen = tuple(a for a in articles if a.source in members)
    aside = tuple(a for a in articles if a.source not in members)
    notes = []
    if aside:
        notes.append(
            f"{len(aside)} of {len(articles)} articles report other stories and were set aside: "
            + listed(list(article_labels(aside).values()))
        )
    told = ChosenStory(story.id, story.title, len(chosen), outlet_count(chosen), others, asked)
    return StoryChoice(story, chosen, tuple(notes), aside, told)


def _stated_dates(articles: Sequence[Article]) -> list[PublicationDate]:
    """Publication dates as the pages state them (the fallback if estimating fails)."""
    return [
        PublicationDate(a.source, a.published.value, False, a.published.evidence) for a in articles
    ]


def _title(story: Story | None, articles: Sequence[Article], facts: Sequence[Fact]) -> str:
    if story is not None and story.title:
        return story.title
    titles = [a.title.value for a in articles if a.title.value]
    if titles:
        return Counter(titles).most_common(1)[0][0]
    if facts:
        return facts[0].statement
    return article_labels(articles[:1])[articles[0].source] if articles else "An empty dossier"


def listed(names: Sequence[str], most: int = NOTE_SOURCES) -> str:
    """Articles' labels for a note: all of a few, else the first `most` and how many more.
    Semicolons part them, since a label has a comma of its own ("Harbour Wire, 4 Mar")."""
    if len(names) <= most:
        return "; ".join(names)
    return "; ".join(names[:most]) + f" and {len(names) - most} more"


def _reader_notes(articles: Sequence[Article], published: Sequence[PublicationDate]) -> list[str]:
    """What a reader should know before trusting the comparison (articles named by their
    labels: a reader knows an outlet and a day, not the path a page was read from)."""
    labels = article_labels(articles, published)
    notes = []
    if len(articles) == 1:
        notes.append(
            "Only one article: there is nothing to compare, so every fact is single-source."
        )
    elif not articles:
        notes.append("No article could be read: the dossier is empty.")
    empty = [labels[a.source] for a in articles if not a.text.strip()]
    if empty:
        notes.append("No article text was found in: " + listed(empty) + " (see their problems).")
    sources = Counter(a.text for a in articles if a.text)
    twins = sum(n - 1 for n in sources.values() if n > 1)
    if twins:
        notes.append(f"{twins} article(s) repeat another word for word; they count as one outlet.")
    foreign = sorted({a.language for a in articles if a.language and a.language != "en"})
    if foreign:
        notes.append(
            "Articles in " + ", ".join(foreign) + " are compared by their words only: quotes, "
            "speakers and statements are read in English articles."
        )
    estimated = [labels.get(p.article, p.article) for p in published if p.estimated]
    if estimated:
        notes.append("Publication dates estimated from the story: " + listed(estimated) + ".")
    undated = [labels.get(p.article, p.article) for p in published if p.value is None]
    if undated:
        notes.append("No publication date found for: " + listed(undated) + ".")
    unread = [labels[a.source] for a in articles if a.annotations is None and a.text]
    if unread:
        notes.append("Not annotated (see their problems): " + listed(unread) + ".")
    return notes
