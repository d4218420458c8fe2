"""Story groups: merges pass the average-similarity check, less the look-alike penalties."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from crosswire.compare.story_merging import (
    NAME_CONFLICT_MIN_SIZE,
    NAME_CONFLICT_PENALTY,
    StoryGroups,
)


def test_groups_with_their_own_names_are_kept_apart_by_a_penalty() -> None:
    size = NAME_CONFLICT_MIN_SIZE

    def groups(names: list[frozenset[str]]) -> tuple[StoryGroups, int, int]:
        count = len(names)
        built = StoryGroups(
            np.eye(count, dtype=np.float32),
            sparse.csr_matrix((count, 1)),
            [None] * count,
            [None] * count,
            names,
        )
        for n in range(1, size):
            built._join(built.find(0), built.find(n))
            built._join(built.find(size), built.find(size + n))
        return built, built.find(0), built.find(size)

    petrak, varga = frozenset({"jonas petrak", "velmora"}), frozenset({"emil varga", "velmora"})
    apart, a, b = groups([petrak] * size + [varga] * size)
    assert apart._name_penalty(a, b) == NAME_CONFLICT_PENALTY > 0
    one_story, a, b = groups([petrak] * size + [petrak | {"friday"}] * size)
    assert one_story._name_penalty(a, b) == 0.0
    pair = StoryGroups(
        np.eye(2, dtype=np.float32),
        sparse.csr_matrix((2, 1)),
        [None, None],
        [None, None],
        [petrak, varga],
    )
    assert pair._name_penalty(0, 1) == 0.0  # single articles: their names are no event's yet
