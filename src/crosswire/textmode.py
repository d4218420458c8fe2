"""Text-mode extraction: classify each line of a rendered page dump as article or furniture.

The page is read the way a reader skims it: find the main run of prose (a maximum-sum run over
per-line prose scores, so short furniture inside the article does not cut it), then label what sits
around and inside it — the title, standfirst, byline and dateline above it; captions, embedded
posts and inline appeals inside it; menus, related posts and footers outside it. Every line keeps a
label and a reason, so removed lines can be audited.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from crosswire.datetext import line_has_date
from crosswire.linefeatures import WORD, LineFeatures, line_features
from crosswire.model import Line, LineLabel

# Per-line weights of the main-run search. Set on the extraction benchmark's text renders
# (benchmarks/bench_text.py): prose counts its words (capped so one huge line cannot swallow the
# page), furniture costs a fixed amount, and short neutral lines a little, so a run bridges an
# inline appeal but does not wander through a footer of short links.
PROSE_CAP = 40
FURNITURE_COST = 12.0
SHORT_COST = 1.5
PROSE_FLOOR = 5  # short prose (teasers, captions) counts little, paragraphs a lot
UNFINISHED_WEIGHT = 0.3
# A line whose 4-word shingles are mostly found in other lines is a copy (teasers, pull quotes).
DUPLICATE_SHARE = 0.6
DUPLICATE_MIN_WORDS = 12
HEAD_LOOKBACK = 12  # lines above the main run searched for the title, byline and dateline
HEAD_LOOKAHEAD = 6  # lines into the run where a byline or date still belongs to the head
TEASER_END = re.compile(r"(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")
TAGS_LINE = re.compile(
    r"^\s*(?:tags|topics|keywords|filed under|tagged|schlagwörter|etiquetas|étiquettes|"
    r"etichette|etiketler)\s*:?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    text: str
    features: LineFeatures


def split_units(text: str) -> list[_Unit]:
    """Non-empty lines with their offsets (surrounding white space trimmed)."""
    units: list[_Unit] = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        units.append(_Unit(start, start + len(stripped), stripped, line_features(stripped)))
    return units


def classify_lines(text: str, *, template: frozenset[str] = frozenset()) -> list[Line]:
    """Label every non-empty line of a page dump. `template`: lines known as the outlet's furniture."""
    units = split_units(text)
    if not units:
        return []
    reasons = _furniture_reasons(units, template)
    scores = [_score(u.features, reasons[i]) for i, u in enumerate(units)]
    first, last = _main_run(scores)
    labels: list[tuple[LineLabel, str]] = [
        (LineLabel.FURNITURE, reasons[i] or "outside the main text") for i in range(len(units))
    ]
    for i in range(first, last + 1):
        labels[i] = _inside_label(units, i, reasons[i], first, last)
    body_start = _label_head(units, labels, first, last)
    _label_embeds(units, labels, body_start, last)
    _label_captions(units, labels, body_start)
    _label_tags(units, labels)
    return [Line(u.start, u.end, u.text, lab, why) for u, (lab, why) in zip(units, labels, strict=True)]


def _furniture_reasons(units: Sequence[_Unit], template: frozenset[str]) -> list[str]:
    """Why each line is furniture on its own ("" when nothing says so)."""
    counts = Counter(_normal(u.text) for u in units)
    copies = _copies(units)
    reasons = []
    for i, unit in enumerate(units):
        f = unit.features
        key = _normal(unit.text)
        if key in template:
            reasons.append("repeated across the outlet's pages")
        elif f.strong_furniture:
            reasons.append(f.furniture[0])
        elif f.placeholder or f.url_only:
            reasons.append("image, ad or link placeholder")
        elif counts[key] > 1 and f.words < 30 and not f.prose:
            reasons.append("repeated on the page")
        elif i in copies:
            reasons.append("copy of text found elsewhere on the page")
        elif f.bullet and not f.prose:
            reasons.append("menu or list of links")
        else:
            reasons.append("")
    return reasons


def _normal(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = WORD.findall(text.lower())
    return {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}


def _copies(units: Sequence[_Unit]) -> set[int]:
    """Lines that mostly repeat other lines (teasers, pull quotes): the most-covered copy goes first,
    so of two copies one always stays."""
    sets = [_shingles(u.text) if u.features.words >= DUPLICATE_MIN_WORDS else set() for u in units]
    owners: Counter[tuple[str, ...]] = Counter()
    for s in sets:
        owners.update(s)
    alive = {i for i, s in enumerate(sets) if s}
    dead: set[int] = set()

    def coverage(i: int) -> float:
        shared = sum(1 for sh in sets[i] if owners[sh] > 1)
        return shared / len(sets[i])

    for i in sorted(alive, key=coverage, reverse=True):
        teaser = bool(TEASER_END.search(units[i].text))
        if coverage(i) < (DUPLICATE_SHARE / 2 if teaser else DUPLICATE_SHARE):
            continue
        dead.add(i)
        owners.subtract(sets[i])
    return dead


def _score(f: LineFeatures, reason: str) -> float:
    if reason:
        return -FURNITURE_COST
    if f.prose:
        # Paragraphs end like sentences; headlines and teasers of related posts do not.
        weight = 1.0 if f.terminal else UNFINISHED_WEIGHT
        return weight * (min(f.words, PROSE_CAP) - PROSE_FLOOR)
    return -SHORT_COST


def _main_run(scores: Sequence[float]) -> tuple[int, int]:
    """The run of lines with the largest total score (Kadane); the best single line if all < 0."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _inside_label(
    units: Sequence[_Unit], i: int, reason: str, first: int, last: int
) -> tuple[LineLabel, str]:
    f = units[i].features
    if reason:
        return LineLabel.FURNITURE, reason
    if f.prose:
        return LineLabel.BODY, "prose in the main text"
    if f.words == 0:
        return LineLabel.FURNITURE, "no words"
    if _between_prose(units, i, first, last):
        return LineLabel.BODY, "short line between paragraphs"
    return LineLabel.FURNITURE, "short line at the edge of the main text"


def _between_prose(units: Sequence[_Unit], i: int, first: int, last: int) -> bool:
    before = any(units[j].features.prose for j in range(max(first, i - 3), i))
    after = any(units[j].features.prose for j in range(i + 1, min(last, i + 3) + 1))
    return before and after


def _is_headline(f: LineFeatures, text: str) -> bool:
    if not 2 <= f.words <= 30 or f.bullet or f.placeholder or f.byline or f.strong_furniture:
        return False
    return not text.endswith((".", ":", ",")) and not line_has_date(text)


def _label_head(
    units: Sequence[_Unit], labels: list[tuple[LineLabel, str]], first: int, last: int
) -> int:
    """Title, standfirst, byline and dateline around the start of the main run; returns where the
    body proper starts."""
    body_start = first
    for k in range(first, min(first + HEAD_LOOKAHEAD, last + 1)):
        f = units[k].features
        if f.byline or (f.words <= 14 and line_has_date(units[k].text)):
            body_start = k + 1
    title = None
    for j in range(first - 1, max(-1, first - 1 - HEAD_LOOKBACK), -1):
        f, text = units[j].features, units[j].text
        if f.byline:
            labels[j] = (LineLabel.BYLINE, "byline above the article")
        elif f.words <= 14 and line_has_date(text):
            labels[j] = (LineLabel.DATELINE, "date line above the article")
        elif _is_headline(f, text) and not labels[j][1].startswith(("repeated", "copy")):
            title = j
            labels[j] = (LineLabel.TITLE, "headline above the article")
            break
    for k in range(first, body_start):
        f, text = units[k].features, units[k].text
        if f.byline:
            labels[k] = (LineLabel.BYLINE, "byline at the head of the article")
        elif f.words <= 14 and line_has_date(text):
            labels[k] = (LineLabel.DATELINE, "date line at the head of the article")
        elif f.prose and title is not None and k < _first_meta(units, first, body_start):
            labels[k] = (LineLabel.STANDFIRST, "summary between headline and byline")
        elif labels[k][0] is LineLabel.BODY:
            labels[k] = (LineLabel.FURNITURE, "head of the article")
    return body_start


def _first_meta(units: Sequence[_Unit], first: int, end: int) -> int:
    for k in range(first, end):
        if units[k].features.byline or line_has_date(units[k].text):
            return k
    return end


def _label_embeds(
    units: Sequence[_Unit], labels: list[tuple[LineLabel, str]], body_start: int, last: int
) -> None:
    """An embed signature ("— Name (@handle) date") closes a quoted post: it and the post's text above
    it (back to the nearest body paragraph in the page's language) are the embed."""
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


def _label_captions(
    units: Sequence[_Unit], labels: list[tuple[LineLabel, str]], body_start: int
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
            if g.non_latin or (_is_headline(g, units[j].text) and not g.prose):
                labels[j] = (LineLabel.CAPTION, "caption line above a photo credit")


def _near_article(labels: Sequence[tuple[LineLabel, str]], i: int) -> bool:
    article = (LineLabel.BODY, LineLabel.STANDFIRST, LineLabel.DATELINE, LineLabel.BYLINE)
    window = labels[max(0, i - 4) : i + 5]
    return any(label in article for label, _ in window)


def _label_tags(units: Sequence[_Unit], labels: list[tuple[LineLabel, str]]) -> None:
    for i, unit in enumerate(units):
        if TAGS_LINE.match(unit.text) and unit.features.words <= 40:
            labels[i] = (LineLabel.TAGS, "tag list")


def body_text(text: str, *, template: frozenset[str] = frozenset()) -> str:
    """The article body of a page dump: its body lines, one paragraph each."""
    lines = classify_lines(text, template=template)
    return "\n\n".join(line.text for line in lines if line.label is LineLabel.BODY)
