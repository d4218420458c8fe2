"""Text-mode extraction: classify each line of a rendered page dump as article or furniture.

The page is read the way a reader skims it: find the main run of prose (a maximum-sum run over
per-line prose scores, so short furniture inside the article does not cut it), then label what sits
around and inside it — the title, standfirst, byline and dateline above it; captions, embedded
posts and inline appeals inside it; menus, related posts and footers outside it. Every line keeps a
label and a reason, so removed lines can be audited.

The main run is searched in `mainrun` (weights, runs, joins); here: what each line is on its own,
appeal boxes and readers' comments, of two copies of a text the one in the main run stays, a list
the text introduces (or a table that ends it) is carried with it, and the labels inside the run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice

from crosswire.extract.date_mentions import line_has_date
from crosswire.extract.lexicon import (
    COMMENT_BUTTONS,
    COMMENT_META,
    COMMENT_WORDS,
    COMMENTS_HEADING,
)
from crosswire.extract.linefeatures import LineFeatures, Unit, split_units
from crosswire.extract.mainrun import (
    IMAGE_TEXT_REASON,
    PLACEHOLDER_REASON,
    REPEATED_REASON,
    line_scores,
    main_run,
    separator_labels,
    teaser_summaries,
)
from crosswire.extract.textparts import (
    label_captions,
    label_embeds,
    label_head,
    label_tags,
)
from crosswire.model import Line, LineLabel
from crosswire.text import words

LIST_REASON = "menu or list of links"
# A line whose 4-word shingles are mostly found in other lines is a copy (teasers, pull quotes).
DUPLICATE_SHARE = 0.6
DUPLICATE_MIN_WORDS = 12
# A heading of an appeal box is short (bench_text.py: 6-12 neutral on F1; seeds need >= 7).
APPEAL_HEADING_WORDS = 10
APPEAL_BOX_REACH = 2  # lines above an appeal's tell-tale line that can belong to its box
BOX_KINDS = frozenset({"sign-up appeal", "donation appeal"})
READER_WORDS = frozenset({"you", "your", "you're", "yours"})
OUTLET_WORDS = frozenset({"we", "us", "our", "we're", "ours"})
# Two or three short heading-shaped lines in a row between paragraphs: a teaser card's kicker,
# headline and date, or an image's description and title, not a section heading. Set on the
# fundus renders (bench_metadata.py: body F1 +.003-.004; pairs only: +.001-.002); bench_text.py
# F1 unchanged (its gold keeps some such pairs).
TEASER_HEAD_LINES = 3
MAX_TAIL = 40  # lines of a list or table carried over after the last paragraph
MIN_TAIL = 2  # one line after the text is a teaser or a note, not a list (bench_text.py)
LIST_ITEM_WORDS = 3  # mean words of the items of a list inside the article (not menu labels)
TEASER_END = re.compile(r"(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")
COMMENTS_AFTER = 80  # prose words of the article before a comments heading can count as one
# Lines under a comments heading searched for comment furniture: the form to write one (log in,
# register, the house rules) can stand between the heading and the first comment (fundus renders,
# bench_metadata.py).
COMMENTS_WINDOW = 30
COMMENTS_HEADING_WORDS = 25  # "34 responses to <the article's title>"


def classify_lines(text: str, *, template: frozenset[str] = frozenset()) -> list[Line]:
    """Label every non-empty line of a page dump (`template`: lines known as outlet furniture)."""
    units = split_units(text)
    if not units:
        return []
    reasons = _furniture_reasons(units, template)
    _mark_appeal_boxes(units, reasons)
    _mark_comments(units, reasons)
    # Of two copies of a text (the article printed twice, a teaser of its first paragraph), keep
    # the one in the main text: find the main text first, then mark the copies, then look again.
    separators = separator_labels(units)
    summaries = teaser_summaries(units, separators)
    draft = main_run(units, line_scores(units, reasons, separators, summaries), separators)
    copies = _copies(units, keep=range(draft[0], draft[1] + 1))
    copied = [i for i in copies if reasons[i] in ("", LIST_REASON)]
    for i in copied:
        reasons[i] = "copy of text found elsewhere on the page"
    # No reason changed (most pages): the search would find the draft again.
    first, text_end = draft
    if copied:
        scores = line_scores(units, reasons, separators, summaries)
        first, text_end = main_run(units, scores, separators)
    last = _extend_run(units, reasons, text_end)
    labels: list[tuple[LineLabel, str]] = [
        (LineLabel.FURNITURE, reasons[i] or "outside the main text") for i in range(len(units))
    ]
    for i in range(first, last + 1):
        labels[i] = _inside_label(units, i, reasons[i], first, last)
    for i in range(text_end + 1, last + 1):
        if labels[i][0] is LineLabel.FURNITURE and not reasons[i]:
            labels[i] = (LineLabel.BODY, "list or table ending the text")
    body_start = label_head(units, labels, first, last)
    _label_lists(units, labels, reasons, body_start, last)
    label_embeds(units, labels, body_start, last)
    label_captions(units, labels, body_start)
    label_tags(units, labels)
    return [
        Line(u.start, u.end, u.text, lab, why) for u, (lab, why) in zip(units, labels, strict=True)
    ]


def _furniture_reasons(units: Sequence[Unit], template: frozenset[str]) -> list[str]:
    """Why each line is furniture on its own ("" when nothing says so)."""
    counts = Counter(u.features.normal for u in units)
    reasons = []
    for unit in units:
        f = unit.features
        key = f.normal
        if f.embed_signature:
            reasons.append("")
        elif key in template:
            reasons.append("repeated across the outlet's pages")
        elif f.strong_furniture:
            reasons.append(f.furniture[0])
        elif f.placeholder or f.url_only:
            reasons.append(PLACEHOLDER_REASON)
        elif f.doubled:
            reasons.append(IMAGE_TEXT_REASON)
        elif counts[key] > 1 and f.words < 30 and not f.prose:
            reasons.append(REPEATED_REASON)
        elif f.bullet and not f.prose:
            reasons.append(LIST_REASON)
        else:
            reasons.append("")
    return reasons


def _mark_appeal_boxes(units: Sequence[Unit], reasons: list[str]) -> None:
    """An appeal box is more than its tell-tale line: the heading above "by email and never miss
    ..." ("Get the Daily Brief") and the pitch above "for as little as ..." ("You rely on us to
    ...") belong to it. Walk up from each appeal line over short headings and lines that talk to
    the reader about the outlet (you and we in one line)."""
    tell_tales = [i for i, kind in enumerate(reasons) if kind in BOX_KINDS]
    for i in tell_tales:
        kind = reasons[i]
        j = i - 1
        while j >= max(0, i - APPEAL_BOX_REACH) and not reasons[j] and _appeal_part(units[j]):
            reasons[j] = kind
            j -= 1


def _appeal_part(unit: Unit) -> bool:
    f = unit.features
    if f.embed_signature or f.byline or line_has_date(unit.text):
        return False
    if f.words <= APPEAL_HEADING_WORDS and not f.terminal:
        return True
    seen = set(words(unit.text.lower()))
    return bool(seen & READER_WORDS) and bool(seen & OUTLET_WORDS)


def _mark_comments(units: Sequence[Unit], reasons: list[str]) -> None:
    """Readers' comments under an article read like prose; they start at a comments heading that
    follows the article and is followed by comment furniture (author "says:", "2 days ago")."""
    prose_words = 0
    for i, unit in enumerate(units):
        if unit.features.prose:
            prose_words += unit.features.words
        if prose_words < COMMENTS_AFTER or unit.features.words > COMMENTS_HEADING_WORDS:
            continue
        if unit.features.bullet or (unit.features.prose and unit.text.endswith(".")):
            continue  # a sentence, or an item of what an account offers ("join the conversation")
        if COMMENT_WORDS.isdisjoint(unit.features.normal.split()):
            continue
        if not COMMENTS_HEADING.search(unit.text):
            continue
        # Form fields and buttons of the comment form do not count against the window.
        after = (u for u in units[i + 1 :] if u.features.words and not u.features.placeholder)
        window = list(islice(after, COMMENTS_WINDOW))
        signals = sum(1 for u in window if _comment_meta(u.text))
        if signals >= 2:
            for j in range(i, len(units)):
                reasons[j] = reasons[j] or "readers' comments"
            return


# Cached by the line: the windows under successive heading candidates overlap, and the patterns
# scan the whole line.
@lru_cache(maxsize=16384)
def _comment_meta(text: str) -> bool:
    return bool(COMMENT_META.search(text) or COMMENT_BUTTONS.search(text)) or line_has_date(text)


def _shingles(normal: str) -> set[tuple[str, ...]]:
    tokens = normal.split()
    return set(zip(tokens, tokens[1:], tokens[2:], tokens[3:], strict=False))  # 4-word shingles


def _copies(units: Sequence[Unit], keep: range) -> set[int]:
    """Lines that mostly repeat other lines (teasers, pull quotes): copies outside `keep` go first,
    then the most-covered, so of two copies one always stays."""
    sets = [
        _shingles(u.features.normal) if u.features.words >= DUPLICATE_MIN_WORDS else set()
        for u in units
    ]
    # Only shingles found in two lines or more count (a line's own never will: counts only go
    # down), so only those are counted and weighed: found with set operations, in C.
    seen: set[tuple[str, ...]] = set()
    shared: set[tuple[str, ...]] = set()
    for s in sets:
        if s:
            shared |= seen & s
            seen |= s
    common = {i: s & shared for i, s in enumerate(sets) if s and not shared.isdisjoint(s)}
    owners: Counter[tuple[str, ...]] = Counter()
    for c in common.values():
        owners.update(c)
    dead: set[int] = set()

    def coverage(i: int) -> float:
        return sum(1 for sh in common[i] if owners[sh] > 1) / len(sets[i])

    alive = {i for i in common}  # a set, as ever: ties keep the order they always had
    for i in sorted(alive, key=lambda i: (i not in keep, coverage(i)), reverse=True):
        teaser = bool(TEASER_END.search(units[i].text))
        if coverage(i) < (DUPLICATE_SHARE / 2 if teaser else DUPLICATE_SHARE):
            continue
        dead.add(i)
        owners.subtract(common[i])
    return dead


def _extend_run(units: Sequence[Unit], reasons: Sequence[str], last: int) -> int:
    """Carry the main text over the list or table that ends it (tour dates, recipe steps): lines
    nothing marks as furniture, standing straight after it, up to the first furniture line."""
    end = last
    while end + 1 < len(units) and not reasons[end + 1] and units[end + 1].features.words >= 3:
        end += 1
    stopped_at_furniture = end + 1 >= len(units) or bool(reasons[end + 1])
    if not stopped_at_furniture or end - last > MAX_TAIL:
        return last
    # Page meta under the text ("Posted in ... | 10 Comments", "Additional reporting by") is not
    # part of the list.
    while end > last and _page_meta(units[end].features):
        end -= 1
    return end if end - last >= MIN_TAIL else last


def _page_meta(f: LineFeatures) -> bool:
    return bool(f.furniture) or f.byline


def _label_lists(
    units: Sequence[Unit],
    labels: list[tuple[LineLabel, str]],
    reasons: Sequence[str],
    body_start: int,
    last: int,
) -> None:
    """Lists that belong to the article: one a body paragraph introduces with a colon, or one set
    between two body paragraphs whose items read like sentence fragments, not menu labels."""
    i = body_start
    while i < min(len(units), last + MAX_TAIL):
        if not _list_item(units[i].features, reasons[i]):
            if _list_intro(units, labels, reasons, i):
                labels[i] = (LineLabel.BODY, "line introducing a list")
            i += 1
            continue
        end = i
        while end + 1 < len(units) and _list_item(units[end + 1].features, reasons[end + 1]):
            end += 1
        if _article_list(units, labels, i, end, last):
            for k in range(i, end + 1):
                labels[k] = (LineLabel.BODY, "list in the article")
        i = end + 1


def _list_intro(
    units: Sequence[Unit], labels: Sequence[tuple[LineLabel, str]], reasons: Sequence[str], i: int
) -> bool:
    """A short line ending with a colon, right after the text and right before a list."""
    if i == 0 or i + 1 >= len(units) or reasons[i] or labels[i - 1][0] is not LineLabel.BODY:
        return False
    f = units[i].features
    nxt = units[i + 1].features
    return units[i].text.endswith(":") and f.words <= 30 and _list_item(nxt, reasons[i + 1])


def _list_item(f: LineFeatures, reason: str) -> bool:
    return f.bullet and f.words > 0 and reason in ("", LIST_REASON)


def _article_list(
    units: Sequence[Unit], labels: Sequence[tuple[LineLabel, str]], i: int, end: int, last: int
) -> bool:
    if i == 0 or labels[i - 1][0] is not LineLabel.BODY:
        return False
    if units[i - 1].text.endswith(":"):
        return True
    after = end + 1 <= last and labels[end + 1][0] is LineLabel.BODY
    items = [units[k].features for k in range(i, end + 1)]
    words = sum(f.words for f in items) / len(items)
    headline_like = sum(1 for f in items if f.title_case >= 0.6) / len(items)
    return after and words >= LIST_ITEM_WORDS and headline_like < 0.5


def _inside_label(
    units: Sequence[Unit], i: int, reason: str, first: int, last: int
) -> tuple[LineLabel, str]:
    f = units[i].features
    if reason:
        return LineLabel.FURNITURE, reason
    if f.prose:
        return LineLabel.BODY, "prose in the main text"
    if f.words == 0:
        return LineLabel.FURNITURE, "no words"
    if _between_prose(units, i, first, last):
        if _in_short_run(units, i):
            return LineLabel.FURNITURE, "kicker and headline of a teaser inside the text"
        return LineLabel.BODY, "short line between paragraphs"
    return LineLabel.FURNITURE, "short line at the edge of the main text"


def _short_line(unit: Unit) -> bool:
    """A short line shaped like a heading: no sentence end, no list bullet."""
    f = unit.features
    return f.words > 0 and not (f.prose or f.placeholder or f.terminal or f.bullet)


def _in_short_run(units: Sequence[Unit], i: int) -> bool:
    """A section heading stands alone between paragraphs; two short lines in a row (a teaser's
    kicker and headline, an image's description and its title) are not the text's."""
    if not _short_line(units[i]):
        return False
    first, last = i, i
    while first > 0 and _short_line(units[first - 1]):
        first -= 1
    while last + 1 < len(units) and _short_line(units[last + 1]):
        last += 1
    # More in a row are a list in the text (a table's rows, a guide's stops).
    return 2 <= last - first + 1 <= TEASER_HEAD_LINES


def _between_prose(units: Sequence[Unit], i: int, first: int, last: int) -> bool:
    before = any(units[j].features.prose for j in range(max(first, i - 3), i))
    after = any(units[j].features.prose for j in range(i + 1, min(last, i + 3) + 1))
    return before and after


def body_text(text: str, *, template: frozenset[str] = frozenset()) -> str:
    """The article body of a page dump: its body lines, one paragraph each."""
    lines = classify_lines(text, template=template)
    return "\n\n".join(line.text for line in lines if line.label is LineLabel.BODY)
