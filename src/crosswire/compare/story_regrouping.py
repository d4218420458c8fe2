"""Grouping a story index's stories again around a new article, as `group_stories` would.

An article that links to stories (a candidate pair scoring above the link threshold) is grouped
with them, and with the stories they were ever linked to, again from scratch: `linked_groups` over
their rows, with the pile's IDF and background of the moment, best pair first, average linkage.
So a decision taken while the pile was small (no background, a flat IDF) is taken again whenever
an article touches it, and the result does not depend on the order the articles came in. Every
pair that once scored above the link threshold is remembered (`links`), so two stories that once
nearly merged are looked at together again.

Past REGROUP_MAX_ROWS rows the article is merged into the stories one pair at a time instead
(`GroupSummary`: the same average-linkage check, without regrouping), which costs as little for a
story of 5,000 as for a story of 5.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Sequence

import numpy as np

from crosswire.compare.group_summaries import GroupSummary, summary_of
from crosswire.compare.stories import LINK_MIN, linked_groups, story_id_for
from crosswire.compare.story_membership import StoryMembership
from crosswire.compare.story_merging import GROUP_AVERAGE_MIN
from crosswire.compare.story_rows import ArticleRows

# Past this many articles in the stories an article touches, it is merged one pair at a time:
# regrouping 999 took 0.12 s, merging into 2,000 pair by pair 0.013 s (int8 MiniLM,
# benchmarks/bench_incremental_stories.py); judgement: ~1 s is the bar for one article.
REGROUP_MAX_ROWS = 1_000
LOG = logging.getLogger(__name__)

Regrouped = tuple[list[str], list[list[int]], list[str]]  # each part's story, the parts, ids gone


class StoryRegrouping:
    """The links between rows, and the regrouping of stories around them."""

    def __init__(self, rows: ArticleRows, groups: StoryMembership) -> None:
        self.rows = rows
        self.groups = groups
        self.links: list[array[int]] = [array("i") for _ in range(rows.count)]

    def add_row(self) -> None:
        self.links.append(array("i"))

    def remember_links(self, row: int, linked: Sequence[int]) -> None:
        """Remember that the row scored above the link threshold with each of `linked`."""
        self.links[row].extend(linked)
        for other in linked:
            self.links[other].append(row)

    def neighbourhood(self, roots: set[int]) -> set[int]:
        """The stories of `roots` and the stories their rows were ever linked to."""
        found = set(roots)
        for root in roots:
            for member in self.groups.rows[root]:
                found.update(self.groups.find(other) for other in self.links[member])
        return {root for root in found if root in self.groups.story}

    def too_large(self, roots: set[int]) -> bool:
        """Whether the stories are too large to group again at each article."""
        return sum(len(self.groups.rows[root]) for root in roots) >= REGROUP_MAX_ROWS

    def regroup(
        self, roots: set[int], extra: Sequence[int], idf: np.ndarray, above: float
    ) -> Regrouped:
        """Group the rows of the stories of `roots` and the `extra` rows (of no story yet)
        again, as `group_stories` would group them: each part's story id, the parts, the ids
        gone (`StoryMembership.regroup`; a part that took no id starts a story)."""
        rows = self.rows
        members = [member for root in roots for member in self.groups.rows[root]]
        members = sorted([*members, *extra], key=lambda r: rows.sources[r][0])  # as group_stories
        found = linked_groups(
            [rows.traits[m] for m in members],
            rows.vectors[members],
            rows.word_matrix(members, idf),
            [None] * len(members),
            above,
        )
        parts = [[members[n] for n in numbers] for _, numbers in found.members()]
        ids, gone = self.groups.regroup(parts)
        named = [story or self.new_story(part) for story, part in zip(ids, parts, strict=True)]
        if gone or len(parts) > len(roots):
            LOG.debug("regrouped %d stories into %d; %s gone", len(roots), len(parts), gone)
        return named, parts, gone

    def regroup_all(self, idf: np.ndarray, above: float) -> None:
        """Group every story linked to anything again, with its neighbourhood (oldest first)."""
        stories = self.groups.stories()
        done: set[int] = set()
        for story in sorted(stories, key=self.groups.born.__getitem__):
            first = min(stories[story])
            if first in done:
                continue  # grouped again already, with a story before it
            root = self.groups.find(first)
            roots = self.neighbourhood({root})
            if roots == {root} and len(self.groups.rows[root]) == 1:
                continue  # a story of one linked to nothing: nothing to decide
            if not self.too_large(roots):
                _, parts, _ = self.regroup(roots, [], idf, above)
                done.update(row for part in parts for row in part)

    def new_story(self, part: Sequence[int]) -> str:
        """Start a story of the part's rows, named by its articles (`story_id_for`, salted in
        the unlikely case that the id is taken)."""
        sources = [s for row in part for s in self.rows.sources[row]]
        story, salt = story_id_for(sources), 0
        while story in self.groups.born:
            salt += 1
            story = story_id_for([*sources, f"#{salt}"])
        self.groups.start_story(part[0], story)
        return story

    def merge_pairwise(
        self, row: int, scored: Sequence[tuple[float, int]], idf: np.ndarray, above: float
    ) -> tuple[str, ...]:
        """Join the row's group with its candidates' groups, best pair first, while the pair
        scores above the link threshold and the groups stay coherent; the story ids gone."""
        summaries: dict[int, GroupSummary] = {}
        gone: list[str] = []
        for score, other in scored:
            if score < LINK_MIN + above:
                break
            a, b = self.groups.find(row), self.groups.find(other)
            if a == b:
                continue
            for root in (a, b):
                if root not in summaries:
                    summaries[root] = summary_of(self.rows, self.groups.rows[root], idf)
            if summaries[a].average_with(summaries[b]) < GROUP_AVERAGE_MIN + above:
                continue
            root, lost = self.groups.union(a, b)
            summaries[root] = summaries.pop(a).joined(summaries.pop(b))
            if lost is not None:
                gone.append(lost)
        return tuple(gone)
