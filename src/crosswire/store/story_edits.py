"""An editor's decisions about the desk's stories, kept apart from the story index and applied
again after every regrouping, so that no ingest undoes them.

An editor who knows better than the index can move an article to another story, exclude it
from its story (it becomes a story of its own: nothing is lost), merge story B into story A (B's
articles, and those the index assigns to B later, go to A; B leaves the list) or split a story
(some of its articles become a new story). Each decision is a row of `story_edits`, never
changed after; replayed in order, the rows say (`Edits`):
- pins: each article an edit placed, and its story. A pinned article stays there whatever the
  index says later (a newer version takes its pin, as it takes its place in its story);
- merges: each story merged away, and its heir. The articles found in B (the index puts them
  there) are sent on to A and pinned there (a "merge" row the desk writes, `by_editor` False),
  so that they stay with A when the index later moves B's articles to a third story.

The index knows nothing of the edits: `index_new_articles` writes the stories it touched as it
sees them (taking pinned articles back, making a merged-away story again). So the desk wraps
it, in its transaction, with `before_regrouping` and `after_regrouping`: every article is put
back where the edits say (`apply_edits`), stories left empty are removed, the changed ones
retitled and their dossiers queued (`stories_changed`). When the index merges away a story the
edits name, they follow its articles to the story holding most of them now (a "follow" row);
with none left to follow, the story is made again with the articles pinned to it.

Stories an edit makes have keys of their own (EDIT_PREFIX and 12 hex digits) that the index
never names, so it never touches them.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection, delete, insert, or_, select, update

from crosswire.compare.story_titles import story_title
from crosswire.errors import StoreError
from crosswire.report.article_json import article_from_dict
from crosswire.store.schema import articles, stories, story_edits, story_members
from crosswire.store.story_rows import _queue_dossier, _remove_story
from crosswire.store.story_summaries import refresh_summaries

log = logging.getLogger(__name__)
T = TypeVar("T")

MOVE, EXCLUDE, MERGE, SPLIT, FOLLOW = "move", "exclude", "merge", "split", "follow"
EDIT_PREFIX = "edit-"  # the keys of stories an edit made (the index's are "story-...")
CHUNK = 500  # ids per IN (...): far below any database's limit of bound parameters


@dataclass(frozen=True, slots=True)
class StoryEdit:
    """One row of the edits: "move", "exclude", "split" (an article from a story to another),
    "merge" (the story `from_key` into `to_key`; with an article: that article sent on), or
    "follow" (the desk following a story the index merged away)."""

    id: int
    kind: str
    article_id: int | None
    from_key: str | None
    to_key: str | None
    by_editor: bool  # False: written by the desk to keep an editor's decision
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Edits:
    """What the rows say together: each pinned article's story (the article as recorded, the
    latest pin last) and each merged-away story's heir."""

    pins: dict[int, str] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)

    def pin(self, article_id: int, key: str) -> None:
        self.pins.pop(article_id, None)  # taken out first: the dict keeps the latest last
        self.pins[article_id] = key

    def send_on(self, gone: str, into: str) -> None:
        """What named `gone` names `into` from now on (a story named later is another)."""
        for article_id, key in self.pins.items():
            if key == gone:
                self.pins[article_id] = into
        for key, heir in self.merged.items():
            if heir == gone:
                self.merged[key] = into

    def named(self) -> set[str]:
        return set(self.pins.values()) | set(self.merged.values())


def read_edits(connection: Connection) -> Edits:
    edits = Edits()
    for row in connection.execute(select(story_edits).order_by(story_edits.c.id)):
        if row.article_id is not None:
            edits.pin(row.article_id, row.to_key)
            continue
        edits.send_on(row.from_key, row.to_key)
        if row.kind == MERGE:
            edits.merged[row.from_key] = row.to_key
    return edits


def edits_of(connection: Connection, key: str | None = None) -> list[StoryEdit]:
    """The edits (of the story `key`: from it or to it), oldest first."""
    query = select(story_edits).order_by(story_edits.c.id)
    if key is not None:
        query = query.where(or_(story_edits.c.from_key == key, story_edits.c.to_key == key))
    return [
        StoryEdit(r.id, r.kind, r.article_id, r.from_key, r.to_key, r.by_editor, r.created_at)
        for r in connection.execute(query)
    ]


# ---------------------------------------------------------------- the editor's actions


def move_article(connection: Connection, article_id: int, to_key: str, now: datetime) -> None:
    was = story_of_article(connection, article_id)
    _require_story(connection, to_key)
    if was == to_key:
        raise StoreError(f"article {article_id} is in story {to_key!r} already")
    _record(connection, MOVE, now, article_id, was, to_key)
    apply_edits(connection, read_edits(connection), now)


def exclude_article(connection: Connection, article_id: int, now: datetime) -> str:
    """The article out of its story, as a story of its own; that story's key."""
    was = story_of_article(connection, article_id)
    if len(_member_ids(connection, was)) == 1:
        raise StoreError(f"article {article_id} is the only article of story {was!r}")
    key = _new_key(connection)
    _record(connection, EXCLUDE, now, article_id, was, key)
    apply_edits(connection, read_edits(connection), now)
    return key


def merge_stories(connection: Connection, into: str, other: str, now: datetime) -> None:
    _require_story(connection, into)
    _require_story(connection, other)
    if into == other:
        raise StoreError(f"story {into!r} cannot be merged into itself")
    _record(connection, MERGE, now, None, other, into)
    apply_edits(connection, read_edits(connection), now)


def split_story(connection: Connection, key: str, article_ids: Sequence[int], now: datetime) -> str:
    """Those articles of the story as a new story; its key."""
    _require_story(connection, key)
    chosen = list(dict.fromkeys(article_ids))
    if not chosen:
        raise StoreError(f"no article chosen to split from story {key!r}")
    for article_id in chosen:
        if story_of_article(connection, article_id) != key:
            raise StoreError(f"article {article_id} is not in story {key!r}")
    if len(chosen) == len(_member_ids(connection, key)):
        raise StoreError(f"splitting every article of story {key!r} would leave it empty")
    new_key = _new_key(connection)
    for article_id in chosen:
        _record(connection, SPLIT, now, article_id, key, new_key)
    apply_edits(connection, read_edits(connection), now)
    return new_key


def story_of_article(connection: Connection, article_id: int) -> str:
    """The key of the story the current article is in (StoreError: none, not current, ...)."""
    row = connection.execute(
        select(articles.c.is_current).where(articles.c.id == article_id)
    ).first()
    if row is None:
        raise StoreError(f"no article {article_id} in the store")
    if not row.is_current:
        current = current_versions(connection, [article_id])[article_id]
        raise StoreError(
            f"article {article_id} is not current: article {current} is its current version"
        )
    key = connection.execute(
        select(stories.c.key)
        .join(story_members, story_members.c.story_id == stories.c.id)
        .where(story_members.c.article_id == article_id)
    ).scalar()
    if key is None:
        raise StoreError(f"article {article_id} is in no story yet (grouped after its ingest)")
    return str(key)


def _require_story(connection: Connection, key: str) -> None:
    if _story_id(connection, key) is None:
        raise StoreError(f"no story {key!r} in the store")


def _record(
    connection: Connection, kind: str, now: datetime, article_id: int | None, was: str, to: str
) -> None:
    """An edit kept: of the article (None: of the story `was`), from `was` to `to`. A FOLLOW,
    or a MERGE of one article (an article sent on), is the desk's own row."""
    by_editor = kind != FOLLOW and not (kind == MERGE and article_id is not None)
    row = {"article_id": article_id, "from_key": was, "to_key": to, "by_editor": by_editor}
    connection.execute(insert(story_edits).values(kind=kind, created_at=now, **row))
    log.info("story edit: %s %s from %s to %s", kind, article_id or "", was, to)


def _new_key(connection: Connection) -> str:
    while True:  # 48 random bits: a second draw is all but never needed
        key = EDIT_PREFIX + secrets.token_hex(6)
        if _story_id(connection, key) is None:
            return key


# ---------------------------------------------------------------- around a regrouping


@dataclass(frozen=True, slots=True)
class BeforeRegrouping:
    """The edits, and the articles of each story they name, as they were before the index
    wrote: what tells where a story the index merged away went."""

    edits: Edits
    held: dict[str, list[int]]


def before_regrouping(connection: Connection) -> BeforeRegrouping:
    edits = read_edits(connection)
    return BeforeRegrouping(edits, _members_of(connection, edits.named()))


def after_regrouping(
    connection: Connection, before: BeforeRegrouping, now: datetime
) -> tuple[set[str], set[str]]:
    """The edits applied again after the index wrote its stories (see the module's docstring);
    the stories whose members changed, and the stories removed."""
    edits = before.edits
    for key, held in before.held.items():
        if _story_id(connection, key) is None:
            _follow(connection, edits, key, held, now)
    return apply_edits(connection, edits, now)


def _follow(
    connection: Connection, edits: Edits, gone: str, held: Sequence[int], now: datetime
) -> None:
    """The index merged away `gone`, a story the edits name: they follow the articles the
    index had put in it to the story holding most of them now (none left: `gone` is kept)."""
    pinned = set(_pinned_now(connection, edits))
    followed = [i for i in current_versions(connection, held).values() if i not in pinned]
    heirs = Counter(_resolved(edits, key) for key in _stories_of(connection, followed).values())
    if not heirs:
        return
    heir = heirs.most_common(1)[0][0]
    if heir != gone:
        _record(connection, FOLLOW, now, None, gone, heir)
        edits.send_on(gone, heir)


def _resolved(edits: Edits, key: str) -> str:
    seen = {key}
    while key in edits.merged and edits.merged[key] not in seen:  # a loop would be a bug
        key = edits.merged[key]
        seen.add(key)
    return key


# ---------------------------------------------------------------- applying


def apply_edits(connection: Connection, edits: Edits, now: datetime) -> tuple[set[str], set[str]]:
    """Every article put where the edits say; the stories whose members changed (retitled,
    their dossiers queued) and the stories removed (left with no article)."""
    if not edits.pins and not edits.merged:
        return set(), set()
    wanted = _pinned_now(connection, edits)
    wanted.update(_sent_on(connection, edits, wanted, now))
    placed = _stories_of(connection, list(wanted))
    changed: set[str] = set()
    for article_id, key in wanted.items():
        was = placed.get(article_id)
        if was != key:
            _place(connection, article_id, key, now)
            changed |= {key} if was is None else {key, was}
    emptied = {key for key in changed if not _member_ids(connection, key)}
    for key in sorted(emptied):
        _remove_story(connection, key, now)
    kept = changed - emptied
    _retitle(connection, kept, now)
    stories_changed(connection, kept, now)
    if changed:
        log.info("story edits applied: %d stories changed, %d removed", len(kept), len(emptied))
    return kept, emptied


def stories_changed(connection: Connection, keys: Iterable[str], now: datetime) -> None:
    """The one place told that these stories' members changed by an edit: their dossiers are
    queued (one waiting job per story) and their rows of the story list rewritten."""
    changed = sorted(keys)
    for key in changed:
        _queue_dossier(connection, key, now)
    refresh_summaries(connection, changed, now)


def _pinned_now(connection: Connection, edits: Edits) -> dict[int, str]:
    """Each pinned article's current version, and its story (a later pin wins)."""
    current = current_versions(connection, list(edits.pins))
    return {current[article_id]: key for article_id, key in edits.pins.items()}


def _sent_on(
    connection: Connection, edits: Edits, pinned: Collection[int], now: datetime
) -> dict[int, str]:
    """The articles the index put in stories merged away, pinned to their heirs."""
    sent: dict[int, str] = {}
    for gone, held in _members_of(connection, edits.merged).items():
        for article_id in held:
            if article_id not in pinned:
                sent[article_id] = heir = _resolved(edits, gone)
                _record(connection, MERGE, now, article_id, gone, heir)
    return sent


def _place(connection: Connection, article_id: int, key: str, now: datetime) -> None:
    """The article out of its story (if any) and into `key`'s, made if missing."""
    story_id = _story_id(connection, key)
    if story_id is None:  # a new story of an edit, or one the index merged away, made again
        made = connection.execute(
            insert(stories).values(key=key, title="", created_at=now, updated_at=now)
        )
        (story_id,) = made.inserted_primary_key or (None,)
    connection.execute(delete(story_members).where(story_members.c.article_id == article_id))
    connection.execute(
        insert(story_members).values(story_id=story_id, article_id=article_id, joined_at=now)
    )


def _retitle(connection: Connection, keys: Iterable[str], now: datetime) -> None:
    """The stories' titles made from their articles, as the index's stories' are."""
    for key in sorted(keys):
        ids = _member_ids(connection, key)
        rows = connection.execute(
            select(articles.c.article).where(articles.c.id.in_(ids)).order_by(articles.c.id)
        )
        title = story_title([article_from_dict(row.article) for row in rows])
        connection.execute(
            update(stories).where(stories.c.key == key).values(title=title, updated_at=now)
        )


# ---------------------------------------------------------------- reading


def current_versions(connection: Connection, ids: Sequence[int]) -> dict[int, int]:
    """Each article's current version (itself when it is current), by `superseded_by`."""
    later: dict[int, int] = {}
    todo = sorted(set(ids))
    while todo:
        step: dict[int, int] = {}
        for chunk in _chunks(todo):
            rows = connection.execute(
                select(articles.c.id, articles.c.superseded_by).where(
                    articles.c.id.in_(chunk), articles.c.superseded_by.is_not(None)
                )
            )
            step.update((old, new) for old, new in rows)
        later.update(step)
        todo = sorted(set(step.values()) - set(later))
    found = dict(zip(ids, ids, strict=True))
    for article_id, current in found.items():
        while current in later:
            found[article_id] = current = later[current]
    return found


def _stories_of(connection: Connection, ids: Sequence[int]) -> dict[int, str]:
    """The story key of each of the articles that is in one."""
    found: dict[int, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        rows = connection.execute(
            select(story_members.c.article_id, stories.c.key)
            .join(stories, stories.c.id == story_members.c.story_id)
            .where(story_members.c.article_id.in_(chunk))
        )
        found.update((article_id, key) for article_id, key in rows)
    return found


def _members_of(connection: Connection, keys: Iterable[str]) -> dict[str, list[int]]:
    """The articles of each of the stories (of those that exist), in the order stored."""
    found: dict[str, list[int]] = {}
    for chunk in _chunks(sorted(keys)):
        rows = connection.execute(
            select(stories.c.key, story_members.c.article_id)
            .join(story_members, story_members.c.story_id == stories.c.id)
            .where(stories.c.key.in_(chunk))
            .order_by(story_members.c.article_id)
        )
        for key, article_id in rows:
            found.setdefault(key, []).append(article_id)
    return found


def _member_ids(connection: Connection, key: str) -> list[int]:
    return _members_of(connection, [key]).get(key, [])


def _story_id(connection: Connection, key: str) -> int | None:
    found = connection.execute(select(stories.c.id).where(stories.c.key == key)).scalar()
    return None if found is None else int(found)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
