"""The parts of an article around and inside its main text, in a page dump: the head (title,
standfirst, byline, date lines), embedded posts, photo captions and tag lists.

The main-run search (textmode.py) finds where the text is; these functions label what stands at
its edges and between its paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from crosswire.extract.date_mentions import line_has_date
from crosswire.extract.headline import KICKER_REASON, LOOKAHEAD, REACH, choose_headline
from crosswire.extract.lexicon import TAGS_LINE
from crosswire.extract.linefeatures import LineFeatures, Unit, line_features
from crosswire.model import LineLabel

HEAD_LOOKBACK = 12  # lines above the main run searched for the title, byline and dateline
HEAD_LOOKAHEAD = 6  # lines into the run where a byline or date still belongs to the head


def is_headline(f: LineFeatures, text: str) -> bool:
    """A line shaped like a headline (a teaser's, an image's or the article's)."""
    if f is line_features(text):
        return _headline_line(text)
    return _headline_shape(f, text)


# A unit's features are its text's (split_units): cached by the text, the check runs once per
# distinct line (the main-run search asks it of every line above a short paragraph, twice).
@lru_cache(maxsize=32768)
def _headline_line(text: str) -> bool:
    return _headline_shape(line_features(text), text)


def _headline_shape(f: LineFeatures, text: str) -> bool:
    if not 2 <= f.words <= 30 or f.bullet or f.placeholder or f.url_only or f.byline:
        return False
    if f.strong_furniture:
        return False
    return not text.endswith((".", ":", ",")) and not line_has_date(text)


def label_head(
    units: Sequence[Unit], labels: list[tuple[LineLabel, str]], first: int, last: int
) -> int:
    """Title, standfirst, byline and dateline around the start of the main run; returns where the
    body proper starts."""
    body_start = first
    for k in range(first, min(first + HEAD_LOOKAHEAD, last + 1)):
        if _is_meta(units[k]):
            body_start = k + 1
    block = _label_meta_above(units, labels, first)
    skip = [False] * len(labels)  # asked only of the lines the headline is looked for in
    for j in range(max(0, first - REACH), min(len(labels), max(body_start, first + LOOKAHEAD))):
        skip[j] = _not_headline(labels[j])
    choice = choose_headline(units, first, body_start, skip)
    title = choice.index if choice else None
    if choice is not None:
        where = "above the article" if choice.index < first else "at the head of the article"
        labels[choice.index] = (LineLabel.TITLE, f"headline {where}")
        if choice.kicker is not None:
            labels[choice.kicker] = (LineLabel.TITLE, KICKER_REASON)
        if block is not None and choice.index < block:
            _label_summaries(units, labels, choice.index, block)
        body_start = max(body_start, choice.index + 1)
    for k in range(first, body_start):
        f, text = units[k].features, units[k].text
        if k == title:
            continue
        if f.byline:
            labels[k] = (LineLabel.BYLINE, "byline at the head of the article")
        elif f.words <= 14 and line_has_date(text):
            labels[k] = (LineLabel.DATELINE, "date line at the head of the article")
        elif f.prose and title is not None and title < k < _first_meta(units, first, body_start):
            labels[k] = (LineLabel.STANDFIRST, "summary between headline and byline")
        elif labels[k][0] is LineLabel.BODY:
            labels[k] = (LineLabel.FURNITURE, "head of the article")
    return body_start


def _not_headline(label: tuple[LineLabel, str]) -> bool:
    """Lines the page repeats on every page of the outlet, and the byline or date block."""
    kind, reason = label
    return kind in (LineLabel.BYLINE, LineLabel.DATELINE) or reason.startswith("repeated across")


def _is_meta(unit: Unit) -> bool:
    return unit.features.byline or (unit.features.words <= 14 and line_has_date(unit.text))


def _label_meta_above(
    units: Sequence[Unit], labels: list[tuple[LineLabel, str]], first: int
) -> int | None:
    """The byline or date block just above the main run (its first line), labelled."""
    low = max(0, first - HEAD_LOOKBACK)
    block = next((j for j in range(first - 1, low - 1, -1) if _is_meta(units[j])), None)
    if block is None:
        return None
    while block - 1 >= low and _is_meta(units[block - 1]):
        block -= 1
    for j in range(block, first):
        if _is_meta(units[j]):
            byline = units[j].features.byline
            what = (LineLabel.BYLINE, "byline") if byline else (LineLabel.DATELINE, "date line")
            labels[j] = (what[0], f"{what[1]} above the article")
    return block


def _label_summaries(
    units: Sequence[Unit], labels: list[tuple[LineLabel, str]], title: int, block: int
) -> None:
    """Prose between the headline and the byline or date block is the standfirst."""
    for j in range(title + 1, min(block, title + HEAD_LOOKBACK)):
        f = units[j].features
        beside_photo = f.caption or (j + 1 < len(units) and units[j + 1].features.caption)
        if f.prose and f.terminal and not beside_photo and labels[j][0] is not LineLabel.TITLE:
            labels[j] = (LineLabel.STANDFIRST, "summary between headline and byline")


def _first_meta(units: Sequence[Unit], first: int, end: int) -> int:
    for k in range(first, end):
        if units[k].features.byline or line_has_date(units[k].text):
            return k
    return end


def label_embeds(
    units: Sequence[Unit], labels: list[tuple[LineLabel, str]], body_start: int, last: int
) -> None:
    """An embed signature ("— Name (@handle) date") closes a quoted post: it and the post's text
    above it (back to the nearest body paragraph in the page's language) are the embed."""
    for i in range(body_start, min(last + 3, len(units))):
        if not units[i].features.embed_signature:
            continue
        labels[i] = (LineLabel.EMBED, "embedded post signature")
        j = i - 1
        while j >= body_start and j >= i - 3:
            f = units[j].features
            if labels[j][0] is not LineLabel.BODY and j != i - 1:
                break
            labels[j] = (LineLabel.EMBED, "embedded post")
            if "pic.twitter.com" not in units[j].text and not f.non_latin and f.prose and j < i - 1:
                break
            j -= 1
            if j >= 0 and units[j].features.prose and "http" not in units[j].text:
                break


def label_captions(
    units: Sequence[Unit], labels: list[tuple[LineLabel, str]], body_start: int
) -> None:
    """Photo captions: lines with a caption prefix or a photo credit, and a short line in another
    script or a headline-like line standing right above one (captions given twice, image titles)."""
    for i, unit in enumerate(units):
        f = unit.features
        if not f.caption or labels[i][0] not in (LineLabel.BODY, LineLabel.FURNITURE):
            continue
        if labels[i][0] is LineLabel.FURNITURE and not _near_article(labels, i):
            continue
        labels[i] = (LineLabel.CAPTION, "photo caption or credit")
        j = i - 1
        if j >= 0 and labels[j][0] in (LineLabel.BODY, LineLabel.FURNITURE):
            g = units[j].features
            if g.non_latin or (is_headline(g, units[j].text) and not g.prose):
                labels[j] = (LineLabel.CAPTION, "caption line above a photo credit")


def _near_article(labels: Sequence[tuple[LineLabel, str]], i: int) -> bool:
    article = (LineLabel.BODY, LineLabel.STANDFIRST, LineLabel.DATELINE, LineLabel.BYLINE)
    window = labels[max(0, i - 4) : i + 5]
    return any(label in article for label, _ in window)


def label_tags(units: Sequence[Unit], labels: list[tuple[LineLabel, str]]) -> None:
    for i, unit in enumerate(units):
        if unit.features.words <= 40 and TAGS_LINE.match(unit.text):
            labels[i] = (LineLabel.TAGS, "tag list")
