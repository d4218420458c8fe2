"""Which rows of a story index form which story, and what each story is called.

Union-find over the rows (a row is one distinct text; its copies ride along), with each group's
rows, its count of articles (copies included) and, once it is a story, the story's id. An id is
given once, when a story starts (`story_id_for` of its first article: the id `group_stories`
gives a story of one), and never changes: when two stories merge, the one with more articles
keeps its id (the dossier more readers have seen), and of two as large the older one (started
first); the other id is gone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


class StoryMembership:
    """Groups of rows, growing one row at a time; the roots of stories carry their ids."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.copies: list[int] = []  # each row's articles (1, and its copies)
        self.rows: dict[int, list[int]] = {}  # root -> its group's rows
        self.articles: dict[int, int] = {}  # root -> its group's articles (copies too)
        self.story: dict[int, str] = {}  # root -> id, for the groups that are stories
        self.born: dict[str, int] = {}  # story id -> when it started (0, 1, 2, ...)
        self.started = 0  # stories started so far

    def __len__(self) -> int:
        return len(self.parent)

    def add_row(self) -> int:
        row = len(self.parent)
        self.parent.append(row)
        self.copies.append(1)
        self.rows[row] = [row]
        self.articles[row] = 1
        return row

    def add_copy(self, row: int) -> None:
        self.copies[row] += 1
        self.articles[self.find(row)] += 1

    def find(self, row: int) -> int:
        while self.parent[row] != row:
            self.parent[row] = self.parent[self.parent[row]]
            row = self.parent[row]
        return row

    def story_of(self, row: int) -> str | None:
        return self.story.get(self.find(row))

    def start_story(self, row: int, story_id: str) -> None:
        """Name the row's group a new story."""
        self.story[self.find(row)] = story_id
        self.born[story_id] = self.started
        self.started += 1

    def union(self, a: int, b: int) -> tuple[int, str | None]:
        """Join the groups of rows a and b: the new root, and the id that is gone when both
        groups were stories (None otherwise)."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a, None
        story_a, story_b = self.story.pop(root_a, None), self.story.pop(root_b, None)
        gone = None
        if story_a is not None and story_b is not None:
            rank_a = (self.articles[root_a], -self.born[story_a])
            rank_b = (self.articles[root_b], -self.born[story_b])
            story_a, gone = (story_a, story_b) if rank_a >= rank_b else (story_b, story_a)
            del self.born[gone]
        # The smaller group's rows are appended to the larger's (each row moves O(log n) times).
        keep, drop = (
            (root_a, root_b)
            if len(self.rows[root_a]) >= len(self.rows[root_b])
            else (root_b, root_a)
        )
        self.parent[drop] = keep
        self.rows[keep].extend(self.rows.pop(drop))
        self.articles[keep] += self.articles.pop(drop)
        survivor = story_a if story_a is not None else story_b
        if survivor is not None:
            self.story[keep] = survivor
        return keep, gone

    def regroup(self, parts: Sequence[Sequence[int]]) -> tuple[list[str | None], list[str]]:
        """Group the rows of `parts` (whole groups, stories or not) as the parts say.

        Each part takes the id of an old story it shares articles with, most shared articles
        first (then the larger story, then the older); a story whose articles all went to parts
        that have taken other ids is gone. Returns each part's id (None: a part that took no
        id, to be named as a new story) and the ids gone.
        """
        everything = [row for part in parts for row in part]
        roots = {self.find(row) for row in everything}
        if sum(len(self.rows[root]) for root in roots) != len(everything):
            raise ValueError("regroup() needs whole groups")
        shared: Counter[tuple[int, str]] = Counter()
        for number, part in enumerate(parts):
            for row in part:
                story = self.story.get(self.find(row))
                if story is not None:
                    shared[number, story] += self.copies[row]
        old = {self.story[root]: self.articles[root] for root in roots if root in self.story}
        ranked = sorted(shared, key=lambda k: (-shared[k], -old[k[1]], self.born[k[1]], k[0]))
        taken: dict[int, str] = {}
        for number, story in ranked:
            if number not in taken and story not in taken.values():
                taken[number] = story  # (a few stories at most: .values() is short)
        for root in roots:
            del self.rows[root], self.articles[root]
            self.story.pop(root, None)
        for row in everything:
            self.parent[row] = row
            self.rows[row], self.articles[row] = [row], self.copies[row]
        for number, part in enumerate(parts):
            for row in part[1:]:
                self.union(part[0], row)
            if number in taken:
                self.story[self.find(part[0])] = taken[number]
        gone = sorted(set(old) - set(taken.values()), key=self.born.__getitem__)
        for story in gone:
            del self.born[story]
        return [taken.get(n) for n in range(len(parts))], gone

    def stories(self) -> dict[str, list[int]]:
        """Each story's rows, by story id."""
        return {story: self.rows[root] for root, story in self.story.items()}
