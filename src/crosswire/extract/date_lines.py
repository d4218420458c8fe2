"""Which lines of a page may carry its own date, and the date mentions on them.

A page's own date stands in its head (a date line, a byline, a short line between the title and
the body), in a line saying "published"/"updated" within the body (a classifier may call it
body), or in a closing line just below the body; further below, dates belong to related posts
and comments. page_dates.py weighs the mentions found here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from crosswire.datafiles import load_data
from crosswire.extract.date_mentions import (
    DateMention,
    alternation,
    date_cue,
    find_date_mentions,
    line_has_date,
    phrases,
)
from crosswire.model import Line, LineLabel
from crosswire.text import words

# A "Published ..." line this close after the body's last line is the article's own footer (pages
# that sign off with their publishing times; bench_metadata.py); related posts come after a
# heading and a title.
BODY_TAIL_LINES = 2
# A lone date line this close below the body's last line closes the article (meta boxes under the
# text sit 5-7 lines below it, past correction and feedback notes; bench_metadata.py).
FOOTER_LINES = 8
# Furniture kinds (data/furniture.json) whose heading ends the article: nothing below is its date.
SECTION_KINDS = ("related posts", "comments")
# A heading is a short line ("Related Posts", "Mehr zum Thema"), not a sentence mentioning one.
MAX_HEADING_CHARS = 40
NOT_DATE_LINES = frozenset({LineLabel.EMBED, LineLabel.CAPTION})
# Words between a blog entry meta line's cue and its date: a name of up to four words and "on"/"am"
# ("Posted by Ines de la Varga on ..."); further on, "By the time ... on March 3" is a sentence.
ENTRY_META_NAME_WORDS = 6


@dataclass(frozen=True, slots=True)
class DatedLine:
    """A date mention on a line that may carry the page's own date."""

    index: int
    text: str
    label: LineLabel
    mention: DateMention
    cue: str | None  # "published", "modified" or None


def _segment_cue(text: str, mentions: list[DateMention], k: int) -> str | None:
    """The cue word governing mention k: the one between it and the previous mention; on a line
    with one date, a cue after it too, unless that cue has a time of its own ("25/04/2026
    Updated at 15:10": the update is the time, the date is the publication's)."""
    start = mentions[k - 1].end if k else 0
    cue = date_cue(text[start : mentions[k].start])
    tail = text[mentions[k].end :]
    if cue is None and len(mentions) == 1 and not any(c.isdigit() for c in tail):
        cue = date_cue(tail)
    return cue


def _may_hold_page_date(i: int, line: Line, first_body: int, cued_until: int) -> bool:
    """Date and byline lines; short date lines above the body; and short date lines saying
    'published'/'updated' anywhere above the body's end (a classifier may call them body) or
    just after it (some outlets sign off their articles with them). Further below the body,
    furniture holds related posts' and comments' dates."""
    if line.label in NOT_DATE_LINES:
        return False
    if line.label in (LineLabel.DATELINE, LineLabel.BYLINE):
        return True
    if i < first_body and line.label is not LineLabel.BODY:
        return line_has_date(line.text)
    return i <= cued_until and line_has_date(line.text) and date_cue(line.text) is not None


def dated_lines(lines: Sequence[Line]) -> list[DatedLine]:
    """Date mentions on the lines that may carry the page's own date."""
    body = [i for i, x in enumerate(lines) if x.label is LineLabel.BODY]
    first_body, last_body = (body[0], body[-1]) if body else (len(lines), len(lines))
    cued_until = _article_end(lines, last_body, BODY_TAIL_LINES)
    found: list[DatedLine] = []
    for i, line in enumerate(lines):
        if not _may_hold_page_date(i, line, first_body, cued_until):
            continue
        mentions = find_date_mentions(line.text)
        for k, mention in enumerate(mentions):
            cue = _segment_cue(line.text, mentions, k)
            found.append(DatedLine(i, " ".join(line.text.split()), line.label, mention, cue))
    return found


@lru_cache(maxsize=1)
def _section_headings() -> tuple[str, ...]:
    furniture = load_data("furniture.json")
    return tuple(p.lower() for kind in SECTION_KINDS for p in furniture[kind])


def _article_end(lines: Sequence[Line], last_body: int, reach: int) -> int:
    """The last line that may still close the article: at most `reach` lines below the body,
    and above the heading of a related-posts list or of the comments."""
    end = min(len(lines) - 1, last_body + reach)
    for i in range(last_body + 1, end + 1):
        text = lines[i].text.lower()
        if len(text) <= MAX_HEADING_CHARS and any(p in text for p in _section_headings()):
            return i - 1
    return end


def nearest_the_head(items: list[DatedLine], title_index: int) -> list[DatedLine]:
    """Date lines the classifier put in the article's head (date line, byline) first, then by
    distance from the title: a date far above it is a site header's or a teaser's, one below the
    body a related post's."""
    head = (LineLabel.DATELINE, LineLabel.BYLINE)
    return sorted(items, key=lambda x: (x.label not in head, abs(x.index - title_index), x.index))


def footer_date(lines: Sequence[Line]) -> DatedLine | None:
    """A lone date line just below the body: the article's closing meta box ("28. 4. 2023,
    18:41 Uhr"). Where several date lines follow the body, they are a list of related posts.
    With none below the body, a lone date line between body lines: a classifier may take the
    author's note under the article's closing date for body (fundus text-chromium renders)."""
    body = [i for i, x in enumerate(lines) if x.label is LineLabel.BODY]
    if not body:
        return None
    below = _date_line_indexes(lines, body[-1] + 1, len(lines))
    if below:
        if len(below) != 1 or below[0] > _article_end(lines, body[-1], FOOTER_LINES):
            return None
        found = below[0]
    else:
        within = _date_line_indexes(lines, body[0] + 1, body[-1])
        if len(within) != 1:
            return None
        found = within[0]
    line = lines[found]
    mention = find_date_mentions(line.text)[0]
    return DatedLine(found, " ".join(line.text.split()), line.label, mention, None)


def entry_meta_date(lines: Sequence[Line]) -> DatedLine | None:
    """A blog entry's meta line, a byline, its date and its category in one line ("Posted by X on
    21/02/2021. Filed under Y.", "Von X am 21/02/2021. Abgelegt unter Y."), anywhere after the
    article's first paragraph: the entry's own date even past its related links, and even where
    the classifier took the line for prose. The only such line on the page: a list of related
    posts signed so has one per post."""
    body = [i for i, x in enumerate(lines) if x.label is LineLabel.BODY]
    if not body:
        return None
    found = [
        i for i in range(body[0] + 1, len(lines))
        if lines[i].label not in NOT_DATE_LINES and _entry_meta(lines[i].text)
    ]  # fmt: skip
    if len(found) != 1:
        return None
    line = lines[found[0]]
    mention = find_date_mentions(line.text)[0]
    return DatedLine(found[0], " ".join(line.text.split()), line.label, mention, "published")


def _entry_meta(text: str) -> bool:
    """A byline's cue, a name, the date, and a category word ("By the time the case was filed
    under the new law on March 3, ..." is a sentence: the date is too far from the cue)."""
    opening, filed = _entry_meta_patterns()
    cue = opening.match(text)
    if cue is None or not filed.search(text):
        return False
    mentions = find_date_mentions(text)
    if len(mentions) != 1:
        return False
    return len(words(text[cue.end() - 1 : mentions[0].start])) <= ENTRY_META_NAME_WORDS


@lru_cache(maxsize=1)
def _entry_meta_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = phrases()["entry_meta"]
    # The cue, then a name: "Posted by Jane", "Von israel news" (a desk's name may be lower-case).
    opening = re.compile(rf"^\W*(?:{alternation(words['openings'])})\s+\w", re.IGNORECASE)
    filed = re.compile(rf"(?<!\w)(?:{alternation(words['filed_under'])})(?!\w)", re.IGNORECASE)
    return opening, filed


def _date_line_indexes(lines: Sequence[Line], start: int, end: int) -> list[int]:
    """Lines in [start, end) that are date lines and may be the article's (not body, embeds or
    captions: a sentence or a quoted post is not the article's date)."""
    return [
        i for i in range(start, end)
        if lines[i].label not in NOT_DATE_LINES and lines[i].label is not LineLabel.BODY
        and line_has_date(lines[i].text)
    ]  # fmt: skip
