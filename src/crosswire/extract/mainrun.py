"""The main run of prose in a page dump: per-line weights, maximum-sum runs, and the join of runs
that inline furniture split.

Prose counts its words and furniture costs, so the run with the largest total is the article's
text; a run under a byline or date line counts more, one whose paragraphs follow headlines (a grid
of teaser cards) or that holds the site's copyright notice at the page's foot counts less. Runs
split by an appeal box or a section heading are joined again only when the far part is worth a
good share of the main one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from crosswire.extract.date_mentions import line_has_date
from crosswire.extract.linefeatures import LineFeatures, Unit
from crosswire.extract.textparts import HEAD_LOOKBACK, is_headline

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
IMAGE_TEXT_REASON = "an image's title given twice"
REPEATED_REASON = "repeated on the page"
# "External content: I agree to be shown content from ...": the box an outlet puts where an
# embedded video or post will show once the reader consents.
EMBED_CONSENT = "embed consent"
# A label repeated through the text (3+ times: a teaser's title doubled as its image's alt is not
# one), up to 3 in a row, between paragraphs. Set on the fundus renders (bench_metadata.py).
SEPARATOR_LINES = 3
SEPARATOR_COPIES = 3
SEPARATOR_PLACES = 2  # ... standing between paragraphs in two places at least
PROSE_FLOOR = 5  # short prose (teasers, captions) counts little, paragraphs a lot
UNFINISHED_WEIGHT = 0.3
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
APPEAL_KINDS = frozenset({"sign-up appeal", "donation appeal", "follow appeal", "call to action"})
# Headings after which a page's own material starts: joining across them needs a larger share.
SECTION_KINDS = APPEAL_KINDS | {"related posts", "comments", "section heading"}


def separator_labels(units: Sequence[Unit]) -> frozenset[str]:
    """Short lines the page repeats again and again: labels ("Article content", "Advertisement"),
    never a teaser's headline (a teaser's title is given once, or twice as an image's alt)."""
    counts = Counter(u.features.normal for u in units if 0 < u.features.words < 30)
    repeated = frozenset(key for key, count in counts.items() if count >= SEPARATOR_COPIES)
    # A label only separates when it does so more than once: a site's name repeated in its menus
    # and once over its own card in a directory of the publisher's sites is a card's headline.
    between = Counter(
        u.features.normal
        for i, u in enumerate(units)
        if u.features.normal in repeated and _between_paragraphs(units, i, repeated)
    )
    return frozenset(key for key, count in between.items() if count >= SEPARATOR_PLACES)


def line_scores(
    units: Sequence[Unit],
    reasons: Sequence[str],
    separators: frozenset[str],
    summaries: Sequence[int] | None = None,
) -> list[float]:
    """Each line's weight in the main-run search. A teaser card's summary weighs little; a label
    the page repeats between paragraphs ("Article content" before every paragraph, a screen
    reader's mark) separates the paragraphs of one text: it costs what a placeholder costs.
    `summaries` are the page's `teaser_summaries` when known (they do not change with `reasons`)."""
    scores = [_score(u.features, reasons[i]) for i, u in enumerate(units)]
    if summaries is None:
        summaries = teaser_summaries(units, separators)
    for k, i in enumerate(summaries):
        # Cards come in grids: a lone headline and paragraph is an article's head and first one.
        near = summaries[max(0, k - 1) : k + 2]
        if scores[i] > 0 and any(0 < abs(i - j) <= CARD_REACH for j in near):
            scores[i] *= 1 - TEASER_LINE_PENALTY
    if not separators:
        return scores  # most pages: no label separates their paragraphs
    for i in range(1, len(units)):
        if reasons[i] == REPEATED_REASON and _between_paragraphs(units, i, separators):
            scores[i] = max(scores[i], -PLACEHOLDER_COST)
    return scores


def teaser_summaries(units: Sequence[Unit], separators: frozenset[str]) -> list[int]:
    """The lines that read as a teaser card's summary: a short line under a headline that does
    not end like a sentence (or glued to one), however long the grid of cards runs. A paragraph
    under an exclamation ("What a night!") is a blog's text, and long paragraphs are an article's.
    (`_teaser` asked of each line, written out: this runs for every line of every page.)"""
    found = []
    for i in range(1, len(units)):
        f, above = units[i].features, units[i - 1].features
        if f.words >= TEASER_SUMMARY_WORDS:
            continue
        if f.glued_headline:
            found.append(i)
        elif above.terminal or above.embed_signature or above.normal in separators:
            continue
        elif is_headline(above, units[i - 1].text):
            found.append(i)
    return found


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
    if reason == EMBED_CONSENT:
        return -PLACEHOLDER_COST  # stands where a video or post sits in the text: bridged
    if reason and APPEAL_KINDS.intersection(f.furniture[:1]):
        return -APPEAL_COST  # an appeal box splits the text; joining it again needs a reason
    if reason:
        return -FURNITURE_COST
    if f.prose and not (f.bullet and not f.terminal):
        # Paragraphs end like sentences; headlines and teasers of related posts do not (a list
        # item that does not end like one is a link: its length is a teaser title's).
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


def main_run(
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


def _teaser(units: Sequence[Unit], i: int, first: int, labels: frozenset[str]) -> bool:
    """A paragraph that is a teaser card: a headline glued to it, or a headline just above it (not
    a label the page repeats through the text: `labels`, see `separator_labels`)."""
    if units[i].features.glued_headline:
        return True
    above = units[i - 1].features if i > first else None
    return (
        above is not None and above.normal not in labels and is_headline(above, units[i - 1].text)
    )
