"""An incremental story index: each new article lands in its story, as the desk's pile grows.

`group_stories` groups a whole pile at once. A desk that follows stories for weeks keeps this index
between ingests and `add`s each new article: it joins a story, starts one, or merges the stories
it bridges, with `group_stories`'s scores and thresholds (`read_traits`, `embed`, `pair_score`,
the background, `linked_groups`). The `Assignment` says what changed, so the desk rebuilds only
those dossiers.

Adding an article:
1. Its candidates (`CandidateFinder`: its NEIGHBOURS closest, found in a large pile through rare
   words, names and hyperplane buckets, never by reading every article) are scored with
   `pair_score`, the word vectors weighed with the pile's IDF of the moment (`ArticleRows`).
2. No candidate scores above the link threshold: it starts a story.
3. Else the stories it links to, and the stories those are linked to (every pair that once scored
   above the link threshold is remembered), are grouped again with the article, exactly as
   `group_stories` groups a pile (`linked_groups`: best pair first, average linkage, over the
   pile's IDF and background). So a decision taken while the pile was small (no background yet,
   a flat IDF) is taken again whenever an article touches it, and the result does not depend on
   the order the articles came in: on the ECB+ dev topics, three orders give `group_stories`'s
   own B3 F1 (benchmarks/bench_incremental_stories.py).
4. When those stories hold REGROUP_MAX_ROWS articles or more, the article is merged into them one
   pair at a time instead (`GroupSummary`: the same average-linkage check, without regrouping).

The background (how alike two random articles of the pile are; both thresholds count above it)
is measured as `group_stories` measures it, on at most BACKGROUND_SAMPLE rows chosen by a hash of
their source (a bottom-k sample: the same rows whatever order they came in; the whole pile while
it is smaller), and again each time the pile has grown by BACKGROUND_REFRESH. Under
BACKGROUND_MIN_ARTICLES it is 0, as for a small pile. Copies (the same title, lead and words)
join the first's story; an outlet's pages are read without the paragraphs it already repeated
under another headline (`FurnitureMemory`).

Story ids: a new story is named `story_id_for` its articles (a story of one: the id
`group_stories` gives it), and keeps its id as it grows. When stories merge, the one that gives
the merged story the most articles keeps its id (the larger; of two as large, the older: the one
started first), and `Assignment.merged` lists the ids that are gone. When regrouping splits a
story, the part with most of its articles keeps the id and the others are new stories
(`Assignment.changed`). The state is saved with `to_bytes()` (or `state()`, plain arrays) and
read back with `from_bytes()`.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from crosswire.compare.embeddings import EmbeddingBackend, HashingBackend
from crosswire.compare.furniture_memory import FurnitureMemory
from crosswire.compare.stories import (
    BACKGROUND_MIN_ARTICLES,
    BACKGROUND_WEIGHT,
    LINK_MIN,
    background,
    pair_score,
    story_id_for,
)
from crosswire.compare.story_candidates import CandidateFinder
from crosswire.compare.story_index_state import (
    IndexState,
    flat,
    restored_traits,
    saved_traits,
)
from crosswire.compare.story_membership import StoryMembership
from crosswire.compare.story_merging import EMBEDDING_SHARE
from crosswire.compare.story_regrouping import StoryRegrouping
from crosswire.compare.story_rows import ArticleRows, copy_key
from crosswire.compare.story_traits import ArticleTraits, embed, read_traits
from crosswire.errors import ConfigError
from crosswire.model import Article, Story

# The background's sample: on the invented 10k pile of benchmarks/bench_incremental_stories.py
# (int8 MiniLM) 2,000 rows give .2080 where group_stories gives .2078 over the whole pile.
BACKGROUND_SAMPLE = 2_000
BACKGROUND_REFRESH = 0.01  # measured again once the pile has grown by this share (1%)
# Every story is grouped again (with the thresholds and IDF of the moment) when the background
# has moved this much, or the pile has grown by this share, since the stories were last grouped.
# Judgement, checked by benchmarks/bench_incremental_stories.py: with them, three orders of the
# ECB+ dev topics give group_stories' B3 F1 (int8 MiniLM and words); without the regrouping at
# growth, one order gave .749 against .768 with words. Grouping all 10,000 invented articles
# again costs 0.8 s: once per quarter's growth, ~0.3 ms an article.
BACKGROUND_DRIFT = 0.005
PILE_GROWTH = 0.25
LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where a new article went, and what changed."""

    source: str
    story: str  # the id of the story the article is in now
    new: bool = False  # that story is new (this article started it, or a split)
    merged: tuple[str, ...] = ()  # stories merged into others: their ids are gone
    changed: tuple[str, ...] = ()  # other stories that gained or lost articles, or are new
    copy_of: str | None = None  # an earlier article with the same title, lead and words
    repeated: bool = False  # the source was in the index already: nothing changed


class StoryIndex:
    """The stories of a growing pile, one article at a time (see the module's docstring)."""

    def __init__(self, backend: EmbeddingBackend | None = None) -> None:
        self.backend = backend or HashingBackend()
        self._rows = ArticleRows(_dimension(self.backend))
        self._finder = CandidateFinder(self._rows)
        self._groups = StoryMembership()
        self._furniture = FurnitureMemory()
        self._row_of: dict[str, int] = {}  # source -> row, in the order the articles came
        self._regrouping = StoryRegrouping(self._rows, self._groups)
        self._sample: list[tuple[int, int]] = []  # the background's rows: (-hash, row), a heap
        self._background = (0.0, 0)  # the background, and the rows when it was measured
        self._settled = (0.0, 0)  # the background and rows when stories were last grouped

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, source: object) -> bool:
        return source in self._row_of

    # --- adding ---------------------------------------------------------------------------

    def add(self, article: Article) -> Assignment:
        """Put one article in its story."""
        return self.add_many([article])[0]

    def add_many(self, articles: Iterable[Article]) -> list[Assignment]:
        """Put each article in its story, one after the other in the order given (their texts
        are embedded together). A source already in the index is not added again."""
        given = list(articles)
        fresh = self._traits_of(given)
        vectors = dict(zip(fresh, embed(list(fresh.values()), self.backend), strict=True))
        assignments = []
        for article in given:
            traits = fresh.pop(article.source, None)
            if traits is None:
                story = self.story_of(article.source) or ""
                assignments.append(Assignment(article.source, story, repeated=True))
            else:
                assignments.append(self._assign(traits, vectors[article.source]))
        return assignments

    def _traits_of(self, articles: Sequence[Article]) -> dict[str, ArticleTraits]:
        """The traits of the articles not in the index yet (the first of each source)."""
        fresh: dict[str, ArticleTraits] = {}
        for article in articles:
            if article.source not in self._row_of and article.source not in fresh:
                furniture = self._furniture.furniture_of(article)
                fresh[article.source] = read_traits(article, furniture)
        return fresh

    def _assign(self, traits: ArticleTraits, vector: np.ndarray) -> Assignment:
        key = copy_key(traits)
        copied = self._rows.copy_rows.get(key) if traits.words else None
        if copied is not None:
            self._add_copy(copied, traits.source)
            joined = self._groups.story_of(copied) or ""
            return Assignment(traits.source, joined, copy_of=self._rows.sources[copied][0])
        row = self._add_row(traits, vector, key)
        idf = self._rows.idf()
        above = BACKGROUND_WEIGHT * self._measured_background(idf)
        before_sweep = self._swept(idf, above)
        placed = self._placed(row, idf, above)
        return placed if before_sweep is None else self._with_sweep(placed, before_sweep)

    def _placed(self, row: int, idf: np.ndarray, above: float) -> Assignment:
        """Put the new row in a story: its own, or the stories it links to, grouped again."""
        source = self._rows.sources[row][0]
        scored = self._scored(row, self._finder.candidates(row), idf)
        linked = [other for score, other in scored if score >= LINK_MIN + above]
        if not linked:
            started = story_id_for([source])
            self._groups.start_story(row, started)
            return Assignment(source, started, new=True)
        regrouping = self._regrouping
        regrouping.remember_links(row, linked)
        roots = regrouping.neighbourhood({self._groups.find(other) for other in linked})
        if regrouping.too_large(roots):
            merged = regrouping.merge_pairwise(row, scored, idf, above)
            return Assignment(source, self._groups.story_of(row) or "", merged=merged)
        before = {self._groups.story[root]: set(self._groups.rows[root]) for root in roots}
        named, parts, gone = regrouping.regroup(roots, [row], idf, above)
        story = self._groups.story_of(row) or ""
        changed = tuple(
            sorted(
                name
                for name, part in zip(named, parts, strict=True)
                if name != story and set(part) != before.get(name)
            )
        )
        return Assignment(source, story, story not in before, tuple(gone), changed)

    def _add_copy(self, row: int, source: str) -> None:
        self._rows.sources[row].append(source)
        self._groups.add_copy(row)
        self._row_of[source] = row

    def _add_row(self, traits: ArticleTraits, vector: np.ndarray, key: bytes) -> int:
        row = self._rows.append(traits, vector, key)
        self._groups.add_row()
        self._regrouping.add_row()
        self._finder.add(row)
        self._row_of[traits.source] = row
        self._sampled(row)
        return row

    def _sampled(self, row: int) -> None:
        """Keep the row in the background's sample if its hash is among the lowest."""
        entry = (-_source_hash(self._rows.sources[row][0]), row)
        if len(self._sample) < BACKGROUND_SAMPLE:
            heapq.heappush(self._sample, entry)
        elif entry > self._sample[0]:
            heapq.heapreplace(self._sample, entry)

    # --- linking --------------------------------------------------------------------------

    def _scored(self, row: int, candidates: np.ndarray, idf: np.ndarray) -> list[tuple[float, int]]:
        """The candidates with their pair scores (`pair_score`), best first."""
        if not len(candidates):
            return []
        rows = self._rows
        embedding = rows.vectors[candidates] @ rows.vectors[row]
        words = rows.word_matrix([row, *candidates.tolist()], idf)
        lexical = np.asarray((words[1:] @ words[0].T).todense()).ravel()
        mixed = EMBEDDING_SHARE * embedding + (1 - EMBEDDING_SHARE) * lexical
        scored = [
            (pair_score(rows.traits[row], rows.traits[c], float(m)), c)
            for m, c in zip(mixed.tolist(), candidates.tolist(), strict=True)
        ]
        return sorted(scored, key=lambda s: (-s[0], s[1]))

    def _swept(self, idf: np.ndarray, above: float) -> dict[str, frozenset[int]] | None:
        """When the background has moved by more than BACKGROUND_DRIFT, or the pile has grown by
        PILE_GROWTH, since the stories were last grouped, group them again (their decisions
        were taken with other thresholds and IDF); the stories' rows before, or None when
        nothing was done."""
        settled, settled_rows = self._settled
        grown = self._rows.count >= settled_rows * (1 + PILE_GROWTH)
        if abs(above - settled) <= BACKGROUND_DRIFT and not grown:
            return None
        LOG.info(
            "background %.3f -> %.3f, %d -> %d articles: grouping the stories again",
            *(settled, above, settled_rows, self._rows.count),
        )
        before = self._story_rows()
        self._settled = (above, self._rows.count)
        self._regrouping.regroup_all(idf, above)
        return before

    def regroup_all(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Group every story again now, with the background and IDF of the moment (the index
        does so by itself when they have drifted): the story ids gone, and the stories that
        gained or lost articles (or are new)."""
        idf = self._rows.idf()
        above = BACKGROUND_WEIGHT * self._measured_background(idf)
        before = self._story_rows()
        self._settled = (above, self._rows.count)
        self._regrouping.regroup_all(idf, above)
        after = self._story_rows()
        changed = (story for story, rows in after.items() if before.get(story) != rows)
        return tuple(sorted(set(before) - set(after))), tuple(sorted(changed))

    def _with_sweep(self, placed: Assignment, before: dict[str, frozenset[int]]) -> Assignment:
        """The assignment, saying what the sweep before it changed too."""
        after = self._story_rows()
        story = placed.story
        changed = (s for s, rows in after.items() if s != story and before.get(s) != rows)
        return Assignment(
            placed.source,
            story,
            new=story not in before,
            merged=tuple(sorted(set(before) - set(after))),
            changed=tuple(sorted(changed)),
        )

    def _story_rows(self) -> dict[str, frozenset[int]]:
        return {story: frozenset(rows) for story, rows in self._groups.stories().items()}

    def _measured_background(self, idf: np.ndarray) -> float:
        """The pile's background (`background`), on the sample, measured again when the pile
        has grown by BACKGROUND_REFRESH since it was last measured."""
        count = self._rows.count
        value, measured_at = self._background
        if count < BACKGROUND_MIN_ARTICLES:
            return 0.0
        if measured_at and count < measured_at * (1 + BACKGROUND_REFRESH):
            return value
        sample = sorted(row for _, row in self._sample)
        value = background(self._rows.vectors[sample], self._rows.word_matrix(sample, idf))
        self._background = (value, count)
        return value

    # --- reading --------------------------------------------------------------------------

    def background(self) -> float:
        """The background the next article's thresholds count above."""
        return self._measured_background(self._rows.idf())

    def story_of(self, source: str) -> str | None:
        """The id of the article's story (None for an article not in the index)."""
        row = self._row_of.get(source)
        return None if row is None else self._groups.story_of(row)

    def stories(self) -> dict[str, tuple[str, ...]]:
        """Every story's articles (in the order they came) by id, biggest first."""
        order = {source: n for n, source in enumerate(self._row_of)}
        found = {
            story: tuple(
                sorted((s for r in rows for s in self._rows.sources[r]), key=order.__getitem__)
            )
            for story, rows in self._groups.stories().items()
        }
        return dict(sorted(found.items(), key=lambda item: (-len(item[1]), item[0])))

    def story(self, story_id: str) -> tuple[str, ...]:
        """The story's articles, in the order they came (none for an unknown id)."""
        for root, story in self._groups.story.items():
            if story == story_id:
                order = {source: n for n, source in enumerate(self._row_of)}
                found = (s for r in self._groups.rows[root] for s in self._rows.sources[r])
                return tuple(sorted(found, key=order.__getitem__))
        return ()

    # --- building from a grouped pile -----------------------------------------------------

    @classmethod
    def from_stories(
        cls,
        articles: Sequence[Article],
        stories: Sequence[Story],
        *,
        backend: EmbeddingBackend | None = None,
    ) -> StoryIndex:
        """An index of `articles` grouped as `stories` say (`group_stories`' result, or a
        desk's stories), keeping their ids: for a desk whose index was lost, or a first large
        import. An article no story lists is a story of its own."""
        index = cls(backend)
        label = {source: story.id for story in stories for source in story.articles}
        fresh = index._traits_of(articles)
        vectors = embed(list(fresh.values()), index.backend)
        for traits, vector in zip(fresh.values(), vectors, strict=True):
            key = copy_key(traits)
            copied = index._rows.copy_rows.get(key) if traits.words else None
            if copied is not None and label.get(traits.source) == label.get(
                index._rows.sources[copied][0]
            ):
                index._add_copy(copied, traits.source)
            else:
                index._add_row(traits, vector, key)
        index._name_stories(label, [s.id for s in stories])
        index._settled = (index.background(), index._rows.count)  # as the pile was grouped
        return index

    def _name_stories(self, label: dict[str, str], ids: Sequence[str]) -> None:
        """Join each story's rows and give the story its id (a row no story lists: its own)."""
        first: dict[str, int] = {}
        for source, row in self._row_of.items():
            story = label.get(source)
            if story is not None:
                self._groups.union(first.setdefault(story, row), row)
        for story in ids:
            if story in first and story not in self._groups.born:
                self._groups.start_story(first[story], story)
        for row in range(self._rows.count):
            if self._groups.story_of(row) is None:
                self._groups.start_story(row, story_id_for([self._rows.sources[row][0]]))

    # --- saving ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The whole state, for the store (`IndexState.to_bytes`)."""
        return self.state().to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes, *, backend: EmbeddingBackend | None = None) -> StoryIndex:
        """The index `to_bytes` saved, with the backend it was built with (ConfigError for
        data of another format, or vectors of another width than the backend's)."""
        return cls.from_state(IndexState.from_bytes(data), backend=backend)

    def state(self) -> IndexState:
        """The index as plain arrays and lists (`IndexState`)."""
        rows, groups = self._rows, self._groups
        story_rows = groups.stories()
        story_of_row = np.zeros(rows.count, dtype=np.int32)
        for number, members in enumerate(story_rows.values()):
            story_of_row[members] = number
        term_offsets, term_ids = flat(rows.terms, np.int32)
        link_offsets, link_rows = flat(self._regrouping.links, np.int32)
        furniture_keys, furniture_headlines = self._furniture.to_arrays()
        return IndexState(
            vectors=rows.vectors.copy(),
            term_offsets=term_offsets,
            term_ids=term_ids,
            term_counts=flat(rows.counts, np.uint16)[1],
            copy_keys=np.frombuffer(b"".join(rows.keys), dtype=np.uint8).reshape(-1, 16),
            arrival_rows=np.fromiter(self._row_of.values(), dtype=np.int32),
            story_of_row=story_of_row,
            link_offsets=link_offsets,
            link_rows=link_rows,
            furniture_keys=furniture_keys,
            furniture_headlines=furniture_headlines,
            words=list(rows.words),
            traits=[saved_traits(t) for t in rows.traits],
            arrivals=list(self._row_of),
            stories=[(story, groups.born[story]) for story in story_rows],
            stories_started=groups.started,
            background=self._background,
            settled=self._settled,
            tables_cut_at=self._finder.built,
        )

    @classmethod
    def from_state(
        cls, state: IndexState, *, backend: EmbeddingBackend | None = None
    ) -> StoryIndex:
        """The index `state()` gave (ConfigError when the backend's vectors are of another
        width than the saved ones)."""
        index = cls(backend)
        if state.vectors.shape[1] != index._rows.dimension:
            raise ConfigError(
                f"the story index holds {state.vectors.shape[1]}-wide vectors and the backend "
                f"gives {index._rows.dimension}: load it with the backend it was built with"
            )
        index._restore_rows(state)
        index._regrouping = StoryRegrouping(index._rows, index._groups)
        for row in range(index._rows.count):
            index._groups.add_row()
            index._groups.copies[row] = len(index._rows.sources[row])
            index._groups.articles[row] = len(index._rows.sources[row])
            start, end = state.link_offsets[row], state.link_offsets[row + 1]
            index._regrouping.links[row].extend(state.link_rows[start:end].tolist())
            index._sampled(row)
        index._restore_stories(state)
        index._finder = CandidateFinder.restored(index._rows, state.tables_cut_at)
        index._furniture = FurnitureMemory.from_arrays(
            state.furniture_keys, state.furniture_headlines
        )
        index._background = state.background
        index._settled = state.settled
        return index

    def _restore_rows(self, state: IndexState) -> None:
        first: dict[int, str] = {}
        arrival_rows = state.arrival_rows.tolist()
        for source, row in zip(state.arrivals, arrival_rows, strict=True):
            first.setdefault(row, source)
        self._rows = ArticleRows.restored(
            state.vectors,
            (state.term_offsets, state.term_ids, state.term_counts),
            state.copy_keys,
            state.words,
            [restored_traits(first[row], saved) for row, saved in enumerate(state.traits)],
        )
        for source, row in zip(state.arrivals, arrival_rows, strict=True):
            if source != first[row]:
                self._rows.sources[row].append(source)
            self._row_of[source] = row

    def _restore_stories(self, state: IndexState) -> None:
        first: dict[int, int] = {}
        for row, number in enumerate(state.story_of_row.tolist()):
            self._groups.union(first.setdefault(number, row), row)
        for number, (story, born) in enumerate(state.stories):
            self._groups.story[self._groups.find(first[number])] = story
            self._groups.born[story] = born
        self._groups.started = state.stories_started


def _dimension(backend: EmbeddingBackend) -> int:
    """The width of the backend's vectors (asked of the backend when it does not say)."""
    width = getattr(backend, "dimension", None)
    if isinstance(width, int):
        return width
    return int(np.asarray(backend.encode(["width"])).shape[1])


def _source_hash(source: str) -> int:
    return int.from_bytes(hashlib.blake2b(source.encode("utf-8"), digest_size=8).digest(), "big")
