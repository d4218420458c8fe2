"""What a reader sees in one line of a rendered page: its shape, its words, its furniture marks.

These are the signals the text-mode classifier weighs: length, stop-word density (running prose
is dense in function words, menus and tags are not), sentence punctuation, bullets, placeholders
left by images and ads, furniture phrases, caption credits, bylines and embed signatures.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from crosswire.extract.date_mentions import names_a_day_or_month
from crosswire.extract.lexicon import WEAK_KINDS, lexicon
from crosswire.text import WORD, words

# Menu bullets of text browsers ("•", "□" in w3m; "*", "+", "o" in lynx) and numbered items; a
# dash starts an attribution or a quote more often than a menu item (bench_text.py).
BULLET = re.compile(r"^\s*(?:[•*+□◦·▪►»‣○●■]|o|\d{1,2}[.)])\s+")
# Text browsers render images, ads and frames as bracketed names or keywords.
PLACEHOLDER = re.compile(r"\s*(?:\[[^\]]*\]\s*)+$|\s*(?:IFRAME|IMG|\(BUTTON\)|BUTTON)\b", re.I)
FILE_NAME = re.compile(r"(?:[^\W_]+[-_.]){3,}[^\W_]+")  # an image's name: "storm-damage-coast-02"
FORM_FIELD = "____"  # text fields of forms render as underscores
URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
# Sentence ends, with the stops of scripts that have their own (Devanagari "।", Arabic "؟", "۔"):
# a line ends like a sentence when its last character (past trailing white space) is one of these.
TERMINAL_CHARS = frozenset('.!?…。！？।॥؟۔"”’»)]:')
# "By Jane Roe": the cue word in any case, the name with a capital ("by contrast" is a sentence).
BYLINE = re.compile(
    r"^\s*(?i:by|written by|words by|reporting by|par|von|por|di|da|door|yazan)\s*:?\s+"
    r"(?:(?i:the)\s+)?[A-ZÀ-ÖØ-Þ]"
)
# "By Jane Roe and John Doe, Staff Writers"; longer "By" lines are sentences
BYLINE_MAX_WORDS = 20  # "By A, B on Monday, November 18th, 2019 at 11:08 a.m." (bench_text.py)
# "— Name (@handle) November 9, 2025": the signature line under an embedded social post.
EMBED_SIGNATURE = re.compile(
    r"^\s*[—–-]{1,2}\s*(?P<author>[^()@\n]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*(?P<date>.{0,40})$"
)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
CJK_PUNCT = re.compile(r"[。、，！？；：「」（）]")
LETTER = re.compile(r"[^\W\d_]")
NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]")
# A character of neither CJK nor NON_LATIN could be: most lines that are not ASCII hold only Latin
# letters and typographic punctuation (curly quotes, dashes), and one scan for this clears them.
BEYOND_LATIN = re.compile(r"[^\u0000-\u024f\u2000-\u206f]")
# Long lines whose only furniture phrases are common words ("comments", "home") are furniture when
# at least one word in this many is one (extraction benchmark's text renders, bench_text.py).
WEAK_DENSITY = 8
# Lines of fewer words that do not end like a sentence read as headlines, image titles or teasers
# (extraction benchmark's text renders, bench_text.py).
HEADLINE_MAX_WORDS = 16
# A teaser card rendered as one line: its headline glued to its summary ("Storm Hits CoastThe...").
GLUE = re.compile(r"[^\W\d_]{2}[a-z][?!'\"’”)]?(?=[A-Z][a-z])")
# What every glue holds, found much faster than GLUE: a small letter, a capital and a small one.
# Written from the capital, with the small letter before it looked behind for: the scan then skips
# to the capitals (few) instead of trying every small letter (most of a line).
GLUE_JOINT = re.compile(r"[A-Z](?:(?<=[a-z][A-Z])|(?<=[a-z][?!'\"’”)][A-Z]))[a-z]")
GLUE_REACH = 200  # characters searched for the glue
GLUE_HEAD_WORDS = (5, 25)
GLUED_MIN_WORDS = 10  # only prose lines are weighed as teasers
# A photo credit closing a caption in parentheses: "(Agency/Photographer)", "(... via AP)".
CREDIT_IN_PARENS = re.compile(
    r"\((?:[^()/]{2,50}/\s?[A-Z][^()/]{2,40}|[^()]{0,60}\bvia\b[^()]{1,40})\)$"
)
LONG_SENTENCE_WORDS = 18
SENTENCE_CASE = 0.35  # share of capitalised words in a short sentence without function words
SECOND_PERSON = frozenset({"you", "your", "you're", "yours", "our", "we", "us"})


class LineFeatures(NamedTuple):
    """The signals of one line (a named tuple: built for every line of every page, so cheaply)."""

    words: int
    stop_ratio: float
    terminal: bool
    bullet: bool
    placeholder: bool
    url_only: bool
    furniture: tuple[str, ...]  # furniture kinds whose phrases the line holds
    furniture_hits: int
    caption: bool  # carries a caption prefix or a photo credit
    byline: bool
    embed_signature: bool
    title_case: float  # share of words that start with a capital letter
    appeal_voice: float  # share of you/your/our/we: appeals talk to the reader
    non_latin: bool  # mostly written in a non-Latin script
    doubled: bool  # the same text twice in a row: how text browsers render an image's alt and title
    glued_headline: bool  # starts with a title-case headline glued to the next sentence
    normal: str  # the line's words, lower-cased, one space apart (to compare lines)
    prose: bool  # running prose (see `is_prose`): asked of every line many times, so kept

    @property
    def strong_furniture(self) -> bool:
        """Furniture phrases that decide the line: a short label, or prose full of them."""
        if not self.furniture:
            return False
        strong = [k for k in self.furniture if k not in WEAK_KINDS]
        if self.words <= 6:
            return True
        if strong and self.words <= 25:
            return True
        # Long prose: a few common words ("comments", "share") in a paragraph do not make it
        # furniture; an appeal's phrases addressed to the reader do.
        if not strong:
            return self.furniture_hits >= 3 and self.furniture_hits * WEAK_DENSITY >= self.words
        return self.furniture_hits >= 3 or self.appeal_voice >= 0.08


@lru_cache(maxsize=16384)
def line_features(text: str) -> LineFeatures:
    """The features of one stripped line (cached: menus and footers repeat across pages)."""
    lex = lexicon()
    tokens = WORD.findall(text)  # `words`, without the call
    # Lower-casing the joined words is lower-casing each word (no case maps to or from a space,
    # and a final sigma's context stops at a space either way), and cheaper.
    normal = " ".join(tokens).lower()
    lowered_tokens = normal.split(" ") if tokens else []
    count, stop_extra, non_latin = len(tokens), 0, False
    if not text.isascii() and BEYOND_LATIN.search(text):
        # Scripts written without spaces (Chinese, Japanese, Thai) hold a sentence in one "token":
        # count about two characters as a word there, and their stops and commas as function words.
        dense = len(CJK.findall(text)) if CJK.search(text) else 0
        count += dense // 2
        stop_extra = len(CJK_PUNCT.findall(text)) * 3 if dense else 0
        if NON_LATIN.search(text):
            non_latin = len(NON_LATIN.findall(text)) > len(LETTER.findall(text)) / 2
    stop = sum(map(lex.stopwords.__contains__, lowered_tokens))
    capital = sum(map(str.isupper, [t[0] for t in tokens]))
    # Most lines hold no second-person word: one set test instead of a count.
    voice = 0
    if not SECOND_PERSON.isdisjoint(lowered_tokens):
        voice = sum(map(SECOND_PERSON.__contains__, lowered_tokens))
    phrases = lex.match(lowered_tokens, text.lower())
    bullet = BULLET.match(text)
    stop_ratio = min(1.0, (stop + stop_extra) / count) if count else 0.0
    terminal = text.rstrip()[-1:] in TERMINAL_CHARS  # "" (no text) is in no set
    title_case = capital / count if count else 0.0
    # Positional, in the fields' order: a named tuple is built faster so (one per distinct line).
    return LineFeatures(
        count,
        stop_ratio,
        terminal,
        bullet is not None,
        _placeholder(text),
        bool(URL_ONLY.match(text)),
        phrases.furniture,
        phrases.furniture_hits,
        phrases.credit
        or bool(lex.caption_prefix.match(text))
        or (text.endswith(")") and bool(CREDIT_IN_PARENS.search(text))),
        count <= BYLINE_MAX_WORDS and _byline(text),
        "(@" in text and bool(EMBED_SIGNATURE.match(text)),
        title_case,
        voice / count if count else 0.0,
        non_latin,
        _doubled(text[bullet.end() :] if bullet else text),  # the bullet is not copied
        count >= GLUED_MIN_WORDS and "(@" not in text and _glued_headline(text),
        normal,
        is_prose(count, stop_ratio, terminal, title_case),
    )


def is_prose(words: int, stop_ratio: float, terminal: bool, title_case: float) -> bool:
    """Running prose: enough words, dense in function words (or a long sentence without)."""
    if words >= 10 and stop_ratio >= 0.18:
        # A headline is a short line that does not end like a sentence.
        return terminal or words >= HEADLINE_MAX_WORDS

    # Languages whose function words fuse with their nouns (Turkish, Hebrew, Finnish) or that no
    # list covers: a sentence-shaped line of mostly lower-case words.
    if words >= LONG_SENTENCE_WORDS:
        return terminal and title_case < 0.6
    return words >= 10 and terminal and title_case < SENTENCE_CASE


def _byline(text: str) -> bool:
    """A byline ("By Jane Roe", "By April Ortiz"), not a sentence that starts with a time ("By
    Thursday noon, ferries ran again.", "By March the talks had failed"): a day's or a month's
    name after the cue is a time unless a capitalised word (a surname) follows it."""
    match = BYLINE.match(text)
    if match is None:
        return False
    first, *rest = WORD.findall(text, match.end() - 1)[:2] or [""]
    if not names_a_day_or_month(first):
        return True
    return bool(rest) and rest[0][:1].isupper()


def _doubled(text: str) -> bool:
    """One text two or three times over ("Storm on the coastStorm on the coast"), at most a short
    joint between the copies: an image's alt and title, or a slideshow's caption given per slide.
    Texts in scripts written without spaces count too (a Japanese teaser's title, doubled)."""
    if " " not in text and not CJK.search(text):
        return False
    if text.find(text[:8], 8) < 0:
        return False  # a copy starts with the text's first characters (the common case: none)
    n = len(text)
    for copies in (2, 3):
        for joint in range(4):
            part = (n - (copies - 1) * joint) // copies
            if part < 8 or copies * part + (copies - 1) * joint != n:
                continue
            step = part + joint
            head = text[:part]
            if all(text[k * step : k * step + part] == head for k in range(1, copies)):
                return True
    return False


def _placeholder(text: str) -> bool:
    if FORM_FIELD in text or "[INS:" in text or PLACEHOLDER.match(text):
        return True
    return " " not in text and FILE_NAME.fullmatch(text) is not None


def _glued_headline(text: str) -> bool:
    """A title-case headline run into a sentence with no space: how text browsers render a teaser
    card's title and summary. Names with inner capitals (McDonald, WeWork) do not count: the glue
    needs three lower-case letters before it, and the words before it must be mostly capitalised."""
    if GLUE_JOINT.search(text, 0, GLUE_REACH) is None:
        return False  # no joint, no glue (the common case)
    low, high = GLUE_HEAD_WORDS
    for match in GLUE.finditer(text, 0, GLUE_REACH):
        head = words(text[: match.end()])
        if len(head) < low:
            continue
        if len(head) > high:
            return False
        capital = sum(1 for w in head if w[0].isupper() or w[0].isdigit())
        if capital >= 0.7 * len(head):
            return True
    return False


class Unit(NamedTuple):
    """One non-empty line of a page: where it is, its text and its features."""

    start: int
    end: int
    text: str
    features: LineFeatures


def split_units(text: str) -> list[Unit]:
    """Non-empty lines with their offsets (surrounding white space trimmed)."""
    units: list[Unit] = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            # Most lines have no indent; else the text starts where the indent ends.
            start = position if raw[0] == stripped[0] else position + raw.find(stripped)
            units.append(Unit(start, start + len(stripped), stripped, line_features(stripped)))
        position += len(raw) + 1
    return units
