"""The headline of a page dump: which line, above or at the start of the main run, is the title.

A reader finds the headline by its look and its place: a line of a few to a couple of dozen words
that does not end like a sentence, standing just above the article (its byline, time stamp and
standfirst under it), often stated twice on the page (a `<title>`-like "Headline | Site" line, a
"Share: Headline" line, a breadcrumb ending with it). Lines that look like headlines but are not —
an author's name, a section label, a time stamp ("vor 14 Minuten", "7 hours"), a photo caption, a
teaser of another story — are told apart by their shape and their neighbours. Each candidate line
gets a score from these signals (weights below, each set on the metadata benchmark's text renders,
benchmarks/bench_metadata.py --render text text-lynx text-chromium); the best one wins, and when no
line looks like a headline none is chosen (a page copied from its first paragraph has no title).

A kicker — a short label line right above the headline ("After the vote" / "Mayor resigns") — is
returned with it, so the title reads "Kicker: Headline" as outlets write it in their `<title>`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from operator import add
from typing import NamedTuple

from crosswire.datafiles import load_data
from crosswire.extract.date_mentions import line_has_date
from crosswire.extract.lexicon import lexicon
from crosswire.extract.linefeatures import BULLET, CJK, LineFeatures, Unit, line_features
from crosswire.extract.relative_dates import find_relative

# How far above the main run a headline is looked for. Pages behind a paywall or a sign-up box
# print the headline, then the box, then the text: 80 lines reach those (bench_metadata.py).
REACH = 80
LOOKAHEAD = 6  # lines into the main run where the headline may still stand
# Headline-like lines (CJK counted two characters a word); Hindi headlines run past 30 words
# (bench_metadata.py, text renders).
MIN_WORDS, MAX_WORDS = 2, 36
# Weights of the signals (bench_metadata.py, text renders). A headline is seldom far from the text:
# each headline-like line between a candidate and the text costs RANK_COST.
RANK_COST = 0.2


class Signals(NamedTuple):
    """What speaks for or against one line being the headline (1.0 when present, else 0.0)."""

    echoed: float  # stated again elsewhere on the page (alone, or with a site's name or a prompt)
    meta_below: float  # a byline or a time stamp within META_REACH lines below
    usual_length: float  # HEADLINE_WORDS words: a headline's usual length
    standfirst_below: float  # the next line is a longer sentence: the standfirst
    opens_block: float  # the line above is no headline-like line (a menu, a label, an image)
    short: float  # three words or fewer: labels, names, menus
    name: float  # every word capitalised, no digit: an author's or a section's name
    role: float  # an author's role on the line ("Lifestyle Writer", "Journalist")
    stamp: float  # a time stamp ("vor 14 Minuten", "7 hours", "Publicerad 22:31")
    sentence: float  # ends with a full stop
    photo: float  # an image's title or caption
    meta_next: float  # a byline or a time stamp on the next line or the one after
    meta_above: float  # a byline or a time stamp within META_ABOVE lines above: past the head
    crumb: float  # the current page's item closing a menu or a breadcrumb
    under_menu: float  # menu items or short labels just above: the first line past the navigation


WEIGHTS = Signals(
    echoed=4.0,
    meta_below=2.5,
    usual_length=4.0,
    standfirst_below=1.5,
    opens_block=2.0,
    short=-1.5,
    name=-6.0,
    role=-3.0,
    stamp=-1.0,
    sentence=-6.0,
    photo=-1.0,
    meta_next=2.0,
    meta_above=-1.5,
    crumb=-3.0,
    under_menu=2.5,
)
# The signals `_own_signals` reads off a line alone; the others look at its neighbours, and the
# best they can add (all that speak for a line present) bounds a candidate's score from above.
OWN_SIGNALS = frozenset({"usual_length", "short", "name", "role", "stamp", "sentence", "crumb"})
_WEIGHT_OF = WEIGHTS._asdict()
_NEIGHBOURS_BEST = sum(max(0.0, w) for name, w in _WEIGHT_OF.items() if name not in OWN_SIGNALS)
META_REACH = 5
# A line of at most this many words that gives an age ("3 hours ago") is a time stamp; a longer
# one is a sentence that mentions an age (judgement; bench_metadata.py's titles are the same with
# this rule on or off).
MAX_STAMP_WORDS = 14
META_NEXT = 2  # lines under a headline where its byline or date stands in most layouts
META_ABOVE = 10  # lines above a caption or subheading where the head's meta stands (bench_metadata)
CRUMB_WORDS = 4  # words of a menu's or a breadcrumb's items
HEADLINE_WORDS = (5, 26)  # a headline's usual words; CJK and long English ones (bench_metadata)
STANDFIRST_MIN_WORDS = 8  # words of a standfirst under the headline
NAME_MAX_WORDS = 8  # "Jane Roe, John Doe and Ann Poe"
MIN_SCORE = -2.0  # below this no line is the headline
# Extra words a line may hold around a copy of the headline and still be its echo ("Share this
# story: ...", "... | Site Name", "Home News ...").
ECHO_EXTRA_WORDS = 8
MIN_ECHO_CHARS = 16  # shorter lines repeat as menu labels, not as headlines
NEAR_COPY = 2  # a copy this close is an image's alt text and caption
KICKER_MAX_WORDS = 4
CREDIT_SLASH = re.compile(r"[^\W\d]/[^\W\d]")  # "Agency/Photographer": a photo credit
NAVIGATION_REACH, NAVIGATION_ITEMS = 5, 3  # a menu's last items above the headline (bench_metadata)
MENU_LABELS = 2  # short labels above a line making it a menu's item, not a kicker (bench_metadata)
KICKER_REASON = "kicker above the headline"
CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)")
DIGIT = re.compile(r"\d")
PATH_STEP = re.compile(r"\s[»›>]\s")
NOT_IN_NAMES = re.compile(r"[:?!\"“”„«»]")
EMAIL = re.compile(r"(?<=\S)@\S+\.\w")  # from the "@": the scan skips to it
# A stop not after another one (an ellipsis of dots is no sentence's end), past the trailing space;
# the stop first, so the scan skips to the stops.
SENTENCE_END = re.compile(r"[.。](?<!\.[.。])\s*$")


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline line's index, the kicker's above it (if any), and the winning score."""

    index: int
    kicker: int | None
    score: float


@dataclass(frozen=True, slots=True)
class _Words:
    time_units: frozenset[str]
    time_cues: tuple[str, ...]
    roles: re.Pattern[str]
    joiners: frozenset[str]
    articles: frozenset[str]
    controls: re.Pattern[str]
    # The labels an ASCII line can hold, lower-cased (None: the regex decides for every line).
    ascii_controls: tuple[str, ...] | None


@cache
def _words() -> _Words:
    data = load_data("headline.json")
    roles = load_data("site_phrases.json")["author_roles"]
    role_pattern = r"(?i)\b(?:" + "|".join(re.escape(r) for r in roles) + r")\b"
    joiners = frozenset(data["name_joiners"])
    controls = re.compile("|".join(re.escape(c) for c in data["control_labels"]), re.IGNORECASE)
    return _Words(
        frozenset(data["time_units"]),
        tuple(data["time_cues"]),
        re.compile(role_pattern),
        joiners,
        frozenset(data["name_articles"]),
        controls,
        _ascii_labels(data["control_labels"]),
    )


def _ascii_labels(labels: list[str]) -> tuple[str, ...] | None:
    """The lower-case ASCII labels, to find by substring in a lower-cased ASCII line: the case-blind
    regex scans each position for each label, many times slower. None when that would find less
    than the regex (an upper-case label, or a character re.IGNORECASE matches to an ASCII letter,
    as it matches "ı" and "ſ" to "i" and "s")."""
    if any(label != label.lower() for label in labels):
        return None
    ascii_chars = "".join(map(chr, range(128)))
    for char in set("".join(labels)) - set(ascii_chars):
        if re.search(re.escape(char), ascii_chars, re.IGNORECASE):
            return None
    return tuple(label for label in labels if label.isascii())


def _control_label(text: str) -> bool:
    """A control's label glued to a link or an image ("... opens in a new window")."""
    ascii_labels = _words().ascii_controls
    if ascii_labels is not None and text.isascii():
        return any(map(text.lower().__contains__, ascii_labels))
    return _words().controls.search(text) is not None


def headline_shaped(f: LineFeatures, text: str) -> bool:
    """A line that could be a headline: a few words, not a list item, link, byline, caption,
    date or furniture label, and not ending mid-sentence."""
    if not MIN_WORDS <= _word_count(f, text) <= MAX_WORDS:
        return False
    if f.bullet or f.placeholder or f.url_only or f.byline or f.embed_signature or f.caption:
        return False
    if f.strong_furniture or f.glued_headline or f.doubled:
        return False
    if text.startswith("[") or EMAIL.search(text):
        return False  # an image's name, a contact line
    if (text.startswith("(") and text.endswith(")")) or text.startswith("(BUTTON)"):
        return False  # an aside or a photo credit in parentheses, a button (lynx)
    if len(PATH_STEP.findall(text)) >= 2:
        return False  # a breadcrumb or a path: "Home » News » World"
    if _control_label(text):
        return False  # a link or an image with its control's label glued on
    if text.endswith((",", ":", ";", "|", "-", "–")) or line_has_date(text):
        return False
    # A line that says how long ago the article came out is its time stamp, however long its
    # update note ("Publié il y a 3 heures, mis à jour à 09h42").
    stamp_long = _word_count(f, text) <= MAX_STAMP_WORDS and bool(DIGIT.search(text))
    return not (stamp_long and find_relative(text))


def _word_count(f: LineFeatures, text: str) -> int:
    """Words as a reader counts them: a CJK headline holds no spaces, and a line glued from words
    ("HomeNewsWorld") counts as what it shows."""
    if CJK.search(text):
        return max(f.words, len(CJK.findall(text)) // 2)
    return f.words


def time_stamp(f: LineFeatures, text: str) -> bool:
    """A short line giving a time: "vor 14 Minuten", "7 hours", "Publicerad 22:31", "11:46"."""
    if f.words > 8 or not DIGIT.search(text):
        return False
    if CLOCK.search(text):
        return True
    lowered = text.lower()
    tokens = set(re.findall(r"[^\W\d_]+", lowered))
    return bool(tokens & _words().time_units) or any(c in lowered for c in _words().time_cues)


def choose_headline(
    units: Sequence[Unit], first: int, body_start: int, skip: Sequence[bool] = ()
) -> Headline | None:
    """The best headline candidate above the run starting at `first` (or in its head, up to
    `body_start`); `skip[i]` marks lines already known not to be the headline."""
    echoes = _EchoIndex(units)
    best: Headline | None = None
    for j, rank in candidates(units, first, body_start, skip):
        own = _own_signals(units[j].features, units[j].text)  # read once, for both below
        if best is not None and _best_possible(own) - RANK_COST * rank <= best.score:
            continue  # cannot win whatever its neighbours say: spare the costly signals
        score = _score(units, j, echoes, own) - RANK_COST * rank
        if best is None or score > best.score:
            best = Headline(j, None, score)
    if best is None or best.score < MIN_SCORE:
        return None
    return Headline(best.index, _kicker(units, best.index, echoes), best.score)


def candidates(
    units: Sequence[Unit], first: int, body_start: int, skip: Sequence[bool] = ()
) -> list[tuple[int, int]]:
    """The headline-shaped lines of the window, each with its rank counted from the text up (the
    number of headline-shaped lines between it and the text)."""
    low = max(0, first - REACH)
    high = min(len(units), max(body_start, first + 1), first + LOOKAHEAD)
    found: list[tuple[int, int]] = []
    for j in range(high - 1, low - 1, -1):
        f, text = units[j].features, units[j].text
        if skip and skip[j]:
            continue
        if not _shaped_line(text) and not crumb_end(units, j):
            continue
        if j >= first and _inside_text(f, text):
            continue
        found.append((j, len(found)))
    return found


def crumb_end(units: Sequence[Unit], j: int) -> bool:
    """The current page's item closing a menu or a breadcrumb ("• Home • Sport • <headline>"): a
    headline-long bullet after short menu bullets, with no long bullet after it (a list of
    teasers holds many)."""
    f = units[j].features
    if not f.bullet or f.words < HEADLINE_WORDS[0] or j == 0:
        return False
    above = units[j - 1].features
    if not above.bullet or above.words > CRUMB_WORDS:
        return False
    below = units[j + 1].features if j + 1 < len(units) else None
    if below is not None and below.bullet and below.words >= HEADLINE_WORDS[0]:
        return False
    return headline_shaped(line_features(BULLET.sub("", units[j].text, count=1)), units[j].text)


def _inside_text(f: LineFeatures, text: str) -> bool:
    """A line of the main run that reads as its text: a sentence, not a long headline (those are
    prose-shaped too, but end without a full stop)."""
    return f.prose and bool(SENTENCE_END.search(text))


def signals(
    units: Sequence[Unit], j: int, echoes: _EchoIndex, own: dict[str, float] | None = None
) -> Signals:
    """The signals of line j (a headline-shaped line); `own`: its `_own_signals` when known."""
    if own is None:
        own = _own_signals(units[j].features, units[j].text)
    return Signals(
        **own,
        echoed=float(echoes.echoed(j)),
        meta_below=float(_meta_below(units, j)),
        standfirst_below=float(
            _standfirst_below(units, j, _word_count(units[j].features, units[j].text))
        ),
        opens_block=float(_opens_block(units, j)),
        photo=float(_beside_photo(units, j, echoes)),
        meta_next=float(any(_is_meta(u) for u in units[j + 1 : j + 1 + META_NEXT])),
        meta_above=float(any(_is_meta(u) for u in units[max(0, j - META_ABOVE) : j])),
        under_menu=float(_past_navigation(units, j)),
    )


def _own_signals(f: LineFeatures, text: str) -> dict[str, float]:
    """The signals read off the line alone (cheap); the others look at its neighbours."""
    count = _word_count(f, text)
    return {
        "usual_length": float(HEADLINE_WORDS[0] <= count <= HEADLINE_WORDS[1]),
        "short": float(count <= 3),
        "name": float(_name_shaped(f, text)),
        "role": float(count <= 8 and bool(_words().roles.search(text))),
        "stamp": float(time_stamp(f, text)),
        "sentence": float(bool(SENTENCE_END.search(text))),
        "crumb": float(f.bullet),
    }


def _best_possible(own: dict[str, float]) -> float:
    """The highest score a line with these own signals can reach: every neighbour signal that
    speaks for it present (an upper bound, so skipping below it never changes the choice)."""
    weights = _WEIGHT_OF
    read = sum(weights[name] * value for name, value in own.items())
    return read + _NEIGHBOURS_BEST


def _score(
    units: Sequence[Unit], j: int, echoes: _EchoIndex, own: dict[str, float] | None = None
) -> float:
    return sum(w * s for w, s in zip(WEIGHTS, signals(units, j, echoes, own), strict=True))


def _opens_block(units: Sequence[Unit], j: int) -> bool:
    if j == 0:
        return True
    f, text = units[j - 1].features, units[j - 1].text
    return _word_count(f, text) <= 3 or not _shaped_line(text)


def _standfirst_below(units: Sequence[Unit], j: int, count: int) -> bool:
    if j + 1 >= len(units):
        return False
    f = units[j + 1].features
    return f.words > count and f.words >= STANDFIRST_MIN_WORDS and not f.caption


def _name_shaped(f: LineFeatures, text: str) -> bool:
    """Names, or a few names joined ("Jane Roe and John Doe"): every word capitalised but the
    joining words, no digits, none of a headline's colons, questions or quotes (German headlines
    capitalise their nouns: "Gegenoffensive: Ziele, Chancen, Risiken")."""
    if f.words > NAME_MAX_WORDS or DIGIT.search(text) or NOT_IN_NAMES.search(text):
        return False
    tokens = [t for t in text.replace(",", " ").split() if t.lower() not in _words().joiners]
    opener = tokens[0].lower() if tokens else ""
    if opener in lexicon().stopwords and opener not in _words().articles:
        return False  # "Nach Gaetz-Rückzug", "After Vote": a kicker opens with a function word
    return bool(tokens) and all(t[0].isupper() for t in tokens)


def _meta_below(units: Sequence[Unit], j: int) -> bool:
    return any(_is_meta(u) for u in units[j + 1 : j + 1 + META_REACH])


def _is_meta(unit: Unit) -> bool:
    """A byline, a time stamp or a short date line: the head's meta block."""
    return _meta_line(unit.text)


# A unit's features are its text's (split_units), so what a line is can be cached by its text:
# each candidate looks at the lines around it, and menus and footers repeat across pages.
@lru_cache(maxsize=16384)
def _meta_line(text: str) -> bool:
    f = line_features(text)
    return f.byline or time_stamp(f, text) or (f.words <= 14 and line_has_date(text))


@lru_cache(maxsize=16384)
def _shaped_line(text: str) -> bool:
    return headline_shaped(line_features(text), text)


def _beside_photo(units: Sequence[Unit], j: int, echoes: _EchoIndex) -> bool:
    """An image's title or caption: under an image placeholder, over a caption or a photo credit,
    or printed twice in a row."""
    if j > 0 and units[j - 1].features.placeholder:
        return True
    below = units[j + 1 : j + 1 + NEAR_COPY]
    if any(u.features.caption for u in below):
        return True
    # The caption under an image's alt text repeats it, a credit or a longer caption after it.
    normal = units[j].features.normal
    if len(normal) >= MIN_ECHO_CHARS and any(u.features.normal.startswith(normal) for u in below):
        return True
    return echoes.copied_beside(j)


def _kicker(units: Sequence[Unit], j: int, echoes: _EchoIndex) -> int | None:
    """The line right above the headline when it is a kicker: a few words, no final punctuation,
    not a label the page repeats (a section name in its menu) nor the last of a column of such
    labels (a menu), above a longer headline that holds no colon of its own (a headline "Kicker:
    Headline" already holds it) and does not end like a sentence (then the short line above is the
    headline, the sentence its standfirst)."""
    head = units[j].features
    if j == 0 or ": " in units[j].text or head.terminal or head.prose:
        return None
    f, text = units[j - 1].features, units[j - 1].text
    if not 1 <= f.words <= KICKER_MAX_WORDS or f.words >= head.words or f.terminal:
        return None
    if not headline_shaped(f, text) or echoes.repeated(j - 1) or echoes.echoed(j - 1):
        return None
    if time_stamp(f, text) or _name_shaped(f, text) or _under_menu(units, j - 1):
        return None
    return j - 1


def _past_navigation(units: Sequence[Unit], j: int) -> bool:
    """Menu items (bullets, short labels) fill the lines just above line j."""
    above = units[max(0, j - NAVIGATION_REACH) : j]
    items = sum(1 for u in above if u.features.bullet or _menu_label(u))
    return items >= NAVIGATION_ITEMS


def _under_menu(units: Sequence[Unit], j: int) -> bool:
    """Line j closes a column of short labels (two or more above it): a menu's last item."""
    return j >= MENU_LABELS and all(_menu_label(u) for u in units[j - MENU_LABELS : j])


def _menu_label(unit: Unit) -> bool:
    """A short label of a menu: a few words, no sentence's end, no image or credit."""
    f = unit.features
    if f.placeholder or f.caption or f.terminal or CREDIT_SLASH.search(unit.text):
        return False
    return 1 <= f.words <= KICKER_MAX_WORDS


class _EchoIndex:
    """Which lines the page states again: the same words on another line, alone or inside a
    slightly longer line (a site's name, a share prompt or a breadcrumb around them). A copy on the
    next line or two is how text browsers print an image's alt text and caption: not an echo."""

    __slots__ = ("_copies", "_counts", "_joined", "_normals", "_starts", "_units")

    def __init__(self, units: Sequence[Unit]) -> None:
        self._units = units
        self._normals = [u.features.normal for u in units]
        self._counts = Counter(self._normals)
        # Where each line starts in the joined text: the lengths before it, plus a separator each
        # (summed in C: this runs for every page).
        ends = accumulate(map(len, self._normals), initial=0)
        self._starts = list(map(add, ends, range(len(self._normals))))
        self._joined = "\n".join(self._normals)  # one search over the page, not one per line
        self._copies: dict[int, list[int]] = {}  # a line's copies, asked for by several signals

    def repeated(self, j: int) -> bool:
        return self._counts[self._normals[j]] > 1

    def copies(self, j: int) -> list[int]:
        """Lines holding line j's words (itself aside)."""
        if j not in self._copies:
            self._copies[j] = self._find_copies(j)
        return self._copies[j]

    def _find_copies(self, j: int) -> list[int]:
        normal = self._normals[j]
        if len(normal) < MIN_ECHO_CHARS:
            return []
        found: list[int] = []
        words = self._units[j].features.words
        at = self._joined.find(normal)
        while at >= 0:
            i = bisect_right(self._starts, at) - 1
            if i != j and self._units[i].features.words <= words + ECHO_EXTRA_WORDS:
                found.append(i)
            at = self._joined.find(normal, at + 1)
        return found

    def echoed(self, j: int) -> bool:
        return any(not self._alt_copy(i, j) for i in self.copies(j))

    def copied_beside(self, j: int) -> bool:
        return any(self._alt_copy(i, j) for i in self.copies(j))

    def _alt_copy(self, i: int, j: int) -> bool:
        """Line i, next to line j, starts with it: an image's alt text then its caption (a
        breadcrumb ending with the headline is an echo)."""
        if self._units[i].features.bullet:
            return False  # the current page's item in a menu or a breadcrumb
        return abs(i - j) <= NEAR_COPY and self._normals[i].startswith(self._normals[j])
