"""Text-mode extraction: classify each line of a rendered page dump as article or furniture.

The page is read the way a reader skims it: find the main run of prose (a maximum-sum run over
per-line prose scores, so short furniture inside the article does not cut it), then label what sits
around and inside it — the title, standfirst, byline and dateline above it; captions, embedded
posts and inline appeals inside it; menus, related posts and footers outside it. Every line keeps a
label and a reason, so removed lines can be audited.

Runs split by an appeal box or a section heading are joined again only when the far part is worth
a good share of the main one; of two copies of a text the one in the main run stays; a list the
text introduces (or a table that ends it) is carried with it; teaser cards, image titles and the
site's footer weigh little.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from crosswire.extract.date_mentions import line_has_date
from crosswire.extract.lexicon import COMMENT_META, COMMENT_WORDS, COMMENTS_HEADING
from crosswire.extract.linefeatures import LineFeatures, Unit, split_units
from crosswire.extract.textparts import (
    HEAD_LOOKBACK,
    is_headline,
    label_captions,
    label_embeds,
    label_head,
    label_tags,
)
from crosswire.model import Line, LineLabel
from crosswire.text import words

# Per-line weights of the main-run search. Set on the extraction benchmark's text renders
# (benchmarks/bench_text.py): prose counts its words (capped so one huge line cannot swallow the
# page), furniture costs a fixed amount, and short neutral lines a little, so a run bridges an
# inline appeal but does not wander through a footer of short links.
PROSE_CAP = 40
FURNITURE_COST = 12.0
SHORT_COST = 1.5
# Articles hold images (rendered as "[name]" placeholders) and layout lines without words; these
# cost little so a run goes on through them (extraction benchmark's text renders).
PLACEHOLDER_COST = 2.0
EMPTY_COST = 0.5
PLACEHOLDER_REASON = "image, ad or link placeholder"
LIST_REASON = "menu or list of links"
IMAGE_TEXT_REASON = "an image's title given twice"
REPEATED_REASON = "repeated on the page"
# A label repeated through the text (3+ times: a teaser's title doubled as its image's alt is not
# one), up to 3 in a row, between paragraphs. Set on the fundus renders (bench_metadata.py).
SEPARATOR_LINES = 3
SEPARATOR_COPIES = 3
PROSE_FLOOR = 5  # short prose (teasers, captions) counts little, paragraphs a lot
UNFINISHED_WEIGHT = 0.3
# A line whose 4-word shingles are mostly found in other lines is a copy (teasers, pull quotes).
DUPLICATE_SHARE = 0.6
DUPLICATE_MIN_WORDS = 12
HEAD_BONUS = 1.5  # a run right under a byline or date line is the article's
TEASER_PENALTY = 0.8  # share of a run's value lost when every paragraph follows a headline
# A teaser card's summary (a short paragraph under its headline) keeps this little of its weight,
# so a grid of cards does not prolong the article above it. Set on the fundus renders
# (bench_metadata.py: body F1 +.01-.02; 30-60 words and 0.5-1.0 within .005) and checked on
# bench_text.py (F1 unchanged or up).
TEASER_SUMMARY_WORDS = 40
TEASER_LINE_PENALTY = 0.8
CARD_REACH = 4  # lines from one card's summary to the next in a grid of cards
# A run in the page's last fifth holding a copyright notice is the site's footer: its value halves
# (bench_text.py; flat over 0.7-0.9 and 0.3-0.5).
FOOTER_START = 0.8
FOOTER_FACTOR = 0.5
JOIN_GAP = 8  # furniture lines between two runs of one article
JOIN_SHARE = 0.1
# A run further away (an inline box of teasers, a "trending" list inside the article) joins only
# when it holds real paragraphs and is worth a large share of the main run: set on the fundus
# renders (bench_metadata.py); a lower bar on paragraphs joins link lists on bench_text.py.
FAR_JOIN_GAP = 40
FAR_JOIN_SHARE = 0.3
FAR_JOIN_PARAGRAPHS = 2
PARAGRAPH_WORDS = 20
# An appeal box costs more than other furniture, so it splits the text and the join decides; across
# an appeal or a section heading the far run must be worth 0.3 of the main one. Set on the seed
# pages' end-of-article promotions (benchmarks/bench_seeds.py); neutral on bench_text.py.
JOIN_SHARE_APPEAL = 0.3
APPEAL_COST = 30.0
# A heading of an appeal box is short (bench_text.py: 6-12 neutral on F1; seeds need >= 7).
APPEAL_HEADING_WORDS = 10
APPEAL_BOX_REACH = 2  # lines above an appeal's tell-tale line that can belong to its box
BOX_KINDS = frozenset({"sign-up appeal", "donation appeal"})
READER_WORDS = frozenset({"you", "your", "you're", "yours"})
OUTLET_WORDS = frozenset({"we", "us", "our", "we're", "ours"})
APPEAL_KINDS = frozenset({"sign-up appeal", "donation appeal", "follow appeal", "call to action"})
# Headings after which a page's own material starts: joining across them needs a larger share.
SECTION_KINDS = APPEAL_KINDS | {"related posts", "comments", "section heading"}
MAX_TAIL = 40  # lines of a list or table carried over after the last paragraph
MIN_TAIL = 2  # one line after the text is a teaser or a note, not a list (bench_text.py)
LIST_ITEM_WORDS = 3  # mean words of the items of a list inside the article (not menu labels)
TEASER_END = re.compile(r"(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")
COMMENTS_AFTER = 80  # prose words of the article before a comments heading can count as one
COMMENTS_WINDOW = 15
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
    separators = _separator_labels(units)
    draft = _main_run(units, _scores(units, reasons, separators), separators)
    for i in _copies(units, keep=range(draft[0], draft[1] + 1)):
        if reasons[i] in ("", LIST_REASON):
            reasons[i] = "copy of text found elsewhere on the page"
    scores = _scores(units, reasons, separators)
    first, text_end = _main_run(units, scores, separators)
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
        if COMMENT_WORDS.isdisjoint(unit.features.normal.split()):
            continue
        if not COMMENTS_HEADING.search(unit.text):
            continue
        window = units[i + 1 : i + 1 + COMMENTS_WINDOW]
        signals = sum(1 for u in window if COMMENT_META.search(u.text) or line_has_date(u.text))
        if signals >= 2:
            for j in range(i, len(units)):
                reasons[j] = reasons[j] or "readers' comments"
            return


def _shingles(normal: str) -> set[tuple[str, ...]]:
    tokens = normal.split()
    return {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}


def _copies(units: Sequence[Unit], keep: range) -> set[int]:
    """Lines that mostly repeat other lines (teasers, pull quotes): copies outside `keep` go first,
    then the most-covered, so of two copies one always stays."""
    sets = [
        _shingles(u.features.normal) if u.features.words >= DUPLICATE_MIN_WORDS else set()
        for u in units
    ]
    owners: Counter[tuple[str, ...]] = Counter()
    for s in sets:
        if s:
            owners.update(s)
    shared = {sh for sh, count in owners.items() if count > 1}
    alive = {i for i, s in enumerate(sets) if s and not shared.isdisjoint(s)}
    dead: set[int] = set()

    def coverage(i: int) -> float:
        shared = sum(1 for sh in sets[i] if owners[sh] > 1)
        return shared / len(sets[i])

    for i in sorted(alive, key=lambda i: (i not in keep, coverage(i)), reverse=True):
        teaser = bool(TEASER_END.search(units[i].text))
        if coverage(i) < (DUPLICATE_SHARE / 2 if teaser else DUPLICATE_SHARE):
            continue
        dead.add(i)
        owners.subtract(sets[i])
    return dead


def _separator_labels(units: Sequence[Unit]) -> frozenset[str]:
    """Short lines the page repeats again and again: labels ("Article content", "Advertisement"),
    never a teaser's headline (a teaser's title is given once, or twice as an image's alt)."""
    counts = Counter(u.features.normal for u in units if 0 < u.features.words < 30)
    return frozenset(key for key, count in counts.items() if count >= SEPARATOR_COPIES)


def _scores(
    units: Sequence[Unit], reasons: Sequence[str], separators: frozenset[str]
) -> list[float]:
    """Each line's weight in the main-run search. A teaser card's summary weighs little; a label
    the page repeats between paragraphs ("Article content" before every paragraph, a screen
    reader's mark) separates the paragraphs of one text: it costs what a placeholder costs."""
    scores = [_score(u.features, reasons[i]) for i, u in enumerate(units)]
    summaries = [i for i in range(1, len(units)) if _teaser_summary(units, i, separators)]
    for k, i in enumerate(summaries):
        # Cards come in grids: a lone headline and paragraph is an article's head and first one.
        near = summaries[max(0, k - 1) : k + 2]
        if scores[i] > 0 and any(0 < abs(i - j) <= CARD_REACH for j in near):
            scores[i] *= 1 - TEASER_LINE_PENALTY
    for i in range(1, len(units)):
        if reasons[i] == REPEATED_REASON and _between_paragraphs(units, i, separators):
            scores[i] = max(scores[i], -PLACEHOLDER_COST)
    return scores


def _between_paragraphs(units: Sequence[Unit], i: int, separators: frozenset[str]) -> bool:
    """A separator label (or a few in a row) with a paragraph on either side."""
    if units[i].features.normal not in separators:
        return False
    reach = SEPARATOR_LINES
    above = (j for j in range(i - 1, max(-1, i - reach - 1), -1))
    below = (j for j in range(i + 1, min(len(units), i + reach + 1)))
    ends = [
        next((j for j in side if units[j].features.normal not in separators), None)
        for side in (above, below)
    ]
    return all(j is not None and units[j].features.prose for j in ends)


def _score(f: LineFeatures, reason: str) -> float:
    if f.words == 0:
        return -EMPTY_COST  # rules, bullets, invisible characters: layout, not content
    if reason in (PLACEHOLDER_REASON, IMAGE_TEXT_REASON) and not f.furniture:
        return -PLACEHOLDER_COST
    if reason and APPEAL_KINDS.intersection(f.furniture[:1]):
        return -APPEAL_COST  # an appeal box splits the text; joining it again needs a reason
    if reason:
        return -FURNITURE_COST
    if f.prose:
        # Paragraphs end like sentences; headlines and teasers of related posts do not.
        weight = 1.0 if f.terminal and not f.glued_headline else UNFINISHED_WEIGHT
        return weight * (min(f.words, PROSE_CAP) - PROSE_FLOOR)
    return -SHORT_COST


def _runs(scores: Sequence[float]) -> list[tuple[int, int, float]]:
    """Runs of lines whose running total stays positive, cut where the total peaks: (first, last,
    total). What follows a peak in the same stretch (a last paragraph after a sign-up box) is
    searched again as a run of its own, so the join step can weigh it."""
    runs: list[tuple[int, int, float]] = []
    i, n = 0, len(scores)
    while i < n:
        total, best, best_end, j = 0.0, 0.0, -1, i
        while j < n:
            total += scores[j]
            if total > best:
                best, best_end = total, j
            if total <= 0:
                break
            j += 1
        if best_end >= i:
            runs.append((i, best_end, best))
            i = best_end + 1
        else:
            i = j + 1
    return runs


def _main_run(
    units: Sequence[Unit], scores: Sequence[float], labels: frozenset[str]
) -> tuple[int, int]:
    """The run of lines that reads most like an article: the largest total of prose, raised when a
    byline or date line stands just above it (articles start under their head) and lowered when its
    paragraphs alternate with headline-like lines (lists of teasers, deals, related posts)."""
    runs = _runs(scores)
    if not runs:
        best = max(range(len(scores)), key=lambda i: scores[i])
        return best, best
    values = {(a, b): _run_value(units, scores, (a, b), labels) for a, b, _ in runs}
    first, last = max(values, key=lambda run: values[run])
    main_value = values[(first, last)]
    # Join runs that an inline block of furniture split (ads, sign-up boxes, image galleries): a
    # neighbouring run whose paragraphs are worth a share of the main run's.
    joined = True
    while joined:
        joined = False
        for (a, b), value in values.items():
            if (a <= last and b >= first) or value <= 0:
                continue
            gap = range(last + 1, a) if a > last else range(b + 1, first)
            share = _join_share(units, gap, (a, b))
            if share is not None and value >= share * main_value:
                first, last = min(first, a), max(last, b)
                joined = True
    return first, last


def _join_share(units: Sequence[Unit], gap: range, run: tuple[int, int]) -> float | None:
    """The share of the main run's value a run across `gap` must be worth to join it (None: it
    cannot join). Across an appeal (sign-up, donation) or a section heading the share is larger:
    what follows an appeal at the end of an article is more often the outlet's promotion than the
    article's last paragraph. A long gap (a box of teasers inside the article) is crossed only to
    a run of real paragraphs worth a large share, never to the site's footer."""
    if len(gap) > FAR_JOIN_GAP:
        return None
    appeal = any(SECTION_KINDS.intersection(units[i].features.furniture) for i in gap)
    share = JOIN_SHARE_APPEAL if appeal else JOIN_SHARE
    if len(gap) <= JOIN_GAP:
        return share
    features = [units[k].features for k in range(run[0], run[1] + 1)]
    if any("legal" in f.furniture for f in features):
        return None  # the site's footer: its notices read like paragraphs
    paragraphs = sum(1 for f in features if f.prose and f.words >= PARAGRAPH_WORDS)
    return max(share, FAR_JOIN_SHARE) if paragraphs >= FAR_JOIN_PARAGRAPHS else None


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


def _run_value(
    units: Sequence[Unit], scores: Sequence[float], run: tuple[int, int], labels: frozenset[str]
) -> float:
    first, last = run
    total = sum(scores[first : last + 1])
    above = units[max(0, first - HEAD_LOOKBACK // 2) : first + 2]
    if any(u.features.byline or line_has_date(u.text) for u in above if u.features.words <= 14):
        total *= HEAD_BONUS
    prose = [i for i in range(first, last + 1) if units[i].features.prose]
    teasers = sum(1 for i in prose if _teaser(units, i, first, labels))
    if prose:
        total *= 1.0 - TEASER_PENALTY * teasers / len(prose)
    if first >= FOOTER_START * len(units) and any(
        "legal" in units[i].features.furniture for i in range(first, last + 1)
    ):
        total *= FOOTER_FACTOR  # the site's disclaimers and copyright notice at the page's foot
    return total


def _teaser_summary(units: Sequence[Unit], i: int, labels: frozenset[str]) -> bool:
    """A short line under a headline that does not end like a sentence (or glued to one): the
    summary of a teaser card, however long the grid of cards runs. A paragraph under an
    exclamation ("What a night!") is a blog's text, and long paragraphs are an article's."""
    f, above = units[i].features, units[i - 1].features
    if f.words >= TEASER_SUMMARY_WORDS:
        return False
    if f.glued_headline:
        return True
    if above.terminal or above.embed_signature:
        return False
    return _teaser(units, i, i - 1, labels)


def _teaser(units: Sequence[Unit], i: int, first: int, labels: frozenset[str]) -> bool:
    """A paragraph that is a teaser card: a headline glued to it, or a headline just above it (not
    a label the page repeats through the text: `labels`, see `_separator_labels`)."""
    if units[i].features.glued_headline:
        return True
    above = units[i - 1].features if i > first else None
    return (
        above is not None and above.normal not in labels and is_headline(above, units[i - 1].text)
    )


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
        return LineLabel.BODY, "short line between paragraphs"
    return LineLabel.FURNITURE, "short line at the edge of the main text"


def _between_prose(units: Sequence[Unit], i: int, first: int, last: int) -> bool:
    before = any(units[j].features.prose for j in range(max(first, i - 3), i))
    after = any(units[j].features.prose for j in range(i + 1, min(last, i + 3) + 1))
    return before and after


def body_text(text: str, *, template: frozenset[str] = frozenset()) -> str:
    """The article body of a page dump: its body lines, one paragraph each."""
    lines = classify_lines(text, template=template)
    return "\n\n".join(line.text for line in lines if line.label is LineLabel.BODY)
