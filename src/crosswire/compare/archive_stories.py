"""Story grouping at archive scale: traits and vectors given, grouped one time window at a time.

Batch mode reads traits and embeddings on its workers and decides the grouping on one driver, from
columns (`traits_row`, `traits_from_row`: plain values for Parquet). A pile of an archive spans
months or years, and two reports of one story are seldom published far apart: articles published
more than FAR_APART_DAYS apart lose FAR_APART_PENALTY of their score in `group_traits`. So the
pile is cut into windows of WINDOW_DAYS by publication day, and each window is grouped by
`group_traits` itself (the grouping `crosswire stories` runs) with the last FAR_APART_DAYS of the
window before it: those articles come with the groups they were given there (as existing stories
of that window: new articles join them, two of them are never merged). So every pair of articles
at most FAR_APART_DAYS apart meets in some window, a story told day after day grows from window
to window, and the work and memory follow the busiest window, not the pile. Articles with no date
are grouped among themselves. A pile within one window is grouped exactly as `group_traits`
groups it.

Each window has its own background and word weights, as a pile of those days would: a pile-wide
background counts every beat of the archive against every other (on benchmarks/
bench_archive_grouping.py, the ECB+ dev articles mixed into invented wire reports lose recall
when the pile's background is the invented reports').
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from crosswire.compare.stories import FAR_APART_DAYS, GroupingProgress, group_traits
from crosswire.compare.story_traits import ArticleTraits
from crosswire.model import Story

# Days of a window's own articles. Each window is grouped with the FAR_APART_DAYS before it again,
# so a window of 2 x FAR_APART_DAYS costs 1.5 times the work of its own articles
# (benchmarks/bench_archive_grouping.py: speed only, the groups of one window are group_traits').
WINDOW_DAYS = 2 * FAR_APART_DAYS
OVERLAP_DAYS = FAR_APART_DAYS  # the days of the window before a window sees again
CARRIED = "\x00window:"  # the prefix of a group carried into the next window (no story id has it)
EPOCH = date(1970, 1, 1)


def group_archive(
    traits: Sequence[ArticleTraits],
    vectors: np.ndarray,
    *,
    existing: Sequence[Story] = (),
    on_progress: GroupingProgress | None = None,
) -> list[tuple[str | None, list[str]]]:
    """`group_traits`'s groups for a pile of any size: per group, the id of the existing story
    it continues (None for a new story) and its members' sources, sorted; every source in one
    group (of a source given twice, the last); biggest first, ties by first source. The result
    does not depend on the order of the traits."""
    last = {t.source: n for n, t in enumerate(traits)}
    rows = sorted(last.values(), key=lambda n: traits[n].source)
    members: dict[str, set[str]] = {}  # label (an existing story's id or a carried one) -> sources
    carried: dict[str, list[int]] = {}  # the groups of the window before, by label: its rows
    undated = [n for n in rows if traits[n].published is None]
    windows = _windows([n for n in rows if traits[n].published is not None], traits)
    for number, (own, overlap) in enumerate([(undated, []), *windows]):
        if on_progress:
            on_progress("windows", number, len(windows) + 1)
        if not own:
            continue
        window = [*own, *overlap]
        given = _window_stories(existing, carried, traits, {traits[n].source for n in window})
        found = group_traits([traits[n] for n in window], vectors[window], existing=given)
        carried = _carry(found, number, members, traits, window, own)
    groups = [(_public(label), sorted(sources)) for label, sources in members.items() if sources]
    return sorted(groups, key=lambda g: (-len(g[1]), g[1][0]))


def _windows(
    dated: Sequence[int], traits: Sequence[ArticleTraits]
) -> list[tuple[list[int], list[int]]]:
    """The rows of each window of WINDOW_DAYS (in time order, empty ones left out), with the
    rows of the OVERLAP_DAYS before it (the window before's last days)."""
    days = np.array([_day_number(traits[n].published) for n in dated], dtype=np.int64)
    rows = np.asarray(dated, dtype=np.int64)
    window_of = days // WINDOW_DAYS
    out = []
    for window in np.unique(window_of).tolist():
        start = window * WINDOW_DAYS
        own = rows[window_of == window]
        before = rows[(days >= start - OVERLAP_DAYS) & (days < start)]
        out.append((sorted(own.tolist()), sorted(before.tolist())))
    return out


def _day_number(day: date | None) -> int:
    return (day - EPOCH).days if day else 0


def _window_stories(
    existing: Sequence[Story],
    carried: Mapping[str, list[int]],
    traits: Sequence[ArticleTraits],
    present: set[str],
) -> list[Story]:
    """The existing stories with articles in the window (those articles only), and the groups
    carried from the window before as stories (a carried group of an existing story adds its
    rows to that story)."""
    stories: dict[str, list[str]] = {}
    for story in existing:
        here = [s for s in story.articles if s in present]
        if here:
            stories.setdefault(story.id, []).extend(here)
    for label, rows in carried.items():
        stories.setdefault(label, []).extend(traits[n].source for n in rows)
    return [Story(label, "", tuple(sources)) for label, sources in stories.items()]


def _carry(
    found: Sequence[tuple[str | None, list[str]]],
    number: int,
    members: dict[str, set[str]],
    traits: Sequence[ArticleTraits],
    window: Sequence[int],
    own: Sequence[int],
) -> dict[str, list[int]]:
    """Records the window's groups (new ones under a label of their own) in `members`, with the
    window's own articles (the window before recorded the others, under the same label); the
    groups to carry into the next window, by label: their rows in this window's last days."""
    row_of = {traits[n].source: n for n in window}
    fresh = {traits[n].source for n in own}
    tail = _last_days(own, traits)
    carried: dict[str, list[int]] = {}
    for rank, (label, sources) in enumerate(found):
        label = label or f"{CARRIED}{number}:{rank}"
        members.setdefault(label, set()).update(s for s in sources if s in fresh)
        kept = [row_of[s] for s in sources if row_of[s] in tail]
        if kept:
            carried[label] = kept
    return carried


def _last_days(own: Sequence[int], traits: Sequence[ArticleTraits]) -> set[int]:
    """The rows of a window published in the OVERLAP_DAYS before the next window starts."""
    dated = [n for n in own if traits[n].published is not None]
    if not dated:
        return set()
    end = (_day_number(traits[dated[0]].published) // WINDOW_DAYS + 1) * WINDOW_DAYS
    return {n for n in dated if _day_number(traits[n].published) >= end - OVERLAP_DAYS}


def _public(label: str) -> str | None:
    return None if label.startswith(CARRIED) else label


# --- traits as rows ---------------------------------------------------------------------------


def traits_row(traits: ArticleTraits) -> dict[str, Any]:
    """The traits as plain values for a Parquet row: str, list<str>, ISO day or None, int or
    None (sets as sorted lists, so the same traits give the same row)."""
    return {
        "source": traits.source,
        "text": traits.text,
        "words": list(traits.words),
        "title": traits.title,
        "names": sorted(traits.names),
        "quotes": sorted(traits.quotes),
        "published": traits.published.isoformat() if traits.published else None,
        "year": traits.year,
        "language": traits.language,
    }


def traits_from_row(row: Mapping[str, Any]) -> ArticleTraits:
    """The traits `traits_row` wrote (lists may come back as numpy arrays, a missing year as
    NaN). Words are interned: a pile's articles share most of their words, and 100,000 articles
    of 600 words each as separate strings take gigabytes."""
    published, year, language = row.get("published"), row.get("year"), row.get("language")
    return ArticleTraits(
        source=str(row["source"]),
        text=str(row["text"]),
        words=tuple(sys.intern(str(w)) for w in row["words"]),
        title=str(row["title"]),
        names=frozenset(str(n) for n in row["names"]),
        quotes=frozenset(str(q) for q in row["quotes"]),
        published=date.fromisoformat(published) if isinstance(published, str) else None,
        year=int(year) if year is not None and year == year else None,
        language=language if isinstance(language, str) else None,
    )
