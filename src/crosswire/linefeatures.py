"""What a reader sees in one line of a rendered page: its shape, its words, its furniture marks.

These are the signals the text-mode classifier weighs: length, stop-word density (running prose is
dense in function words, menus and tags are not), sentence punctuation, bullets, placeholders left by
images and ads, furniture phrases, caption credits, bylines and embed signatures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crosswire.lexicon import WEAK_KINDS, lexicon

WORD = re.compile(r"\w+", re.UNICODE)
BULLET = re.compile(r"^\s*(?:[•*+\-□◦·▪►»‣○●■–]|\d{1,2}[.)])\s+")
# Text browsers render images, ads and frames as bracketed names or keywords.
PLACEHOLDER = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)+$|^\s*(?:IFRAME|IMG|\(BUTTON\)|BUTTON)\b|_{4,}|\[INS:", re.IGNORECASE
)
URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
TERMINAL = re.compile(r"[.!?…。！？\"”’»)\]:]\s*$")
BYLINE = re.compile(
    r"^\s*(?:by|written by|words by|reporting by|par|von|por|di|da|door|yazan)\s*:?\s+"
    r"(?:the\s+)?[A-ZÀ-ÖØ-Þ]",
    re.IGNORECASE,
)
# "— Name (@handle) November 9, 2025": the signature line under an embedded social post.
EMBED_SIGNATURE = re.compile(
    r"^\s*[—–-]{1,2}\s*(?P<author>[^()@\n]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*(?P<date>.{0,40})$"
)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
CJK_PUNCT = re.compile(r"[。、，！？；：「」（）]")
LETTER = re.compile(r"[^\W\d_]")
NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]")
SECOND_PERSON = frozenset({"you", "your", "you're", "yours", "our", "we", "us"})


@dataclass(frozen=True, slots=True)
class LineFeatures:
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

    @property
    def prose(self) -> bool:
        """Running prose: enough words, dense in function words (or a long sentence without them)."""
        if self.words >= 10 and self.stop_ratio >= 0.18:
            return True
        return self.words >= 18 and self.terminal and self.title_case < 0.6

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
        return self.furniture_hits >= 3 or (bool(strong) and self.appeal_voice >= 0.08)


@lru_cache(maxsize=8192)
def line_features(text: str) -> LineFeatures:
    """The features of one stripped line (cached: menus and footers repeat across pages)."""
    lex = lexicon()
    tokens = WORD.findall(text)
    lowered_tokens = [t.lower() for t in tokens]
    # Scripts written without spaces (Chinese, Japanese, Thai) hold a sentence in one "token":
    # count about two characters as a word there, and their full stops and commas as function words.
    dense = len(CJK.findall(text))
    words = len(tokens) + dense // 2
    stop_extra = len(CJK_PUNCT.findall(text)) * 3 if dense else 0
    stop = sum(1 for t in lowered_tokens if t in lex.stopwords)
    capital = sum(1 for t in tokens if t[0].isupper())
    lowered = text.lower()
    kinds, hits = lex.furniture_matches(lowered)
    letters = len(LETTER.findall(text))
    non_latin = letters > 0 and len(NON_LATIN.findall(text)) > letters / 2
    return LineFeatures(
        words=words,
        stop_ratio=min(1.0, (stop + stop_extra) / words) if words else 0.0,
        terminal=bool(TERMINAL.search(text)),
        bullet=bool(BULLET.match(text)),
        placeholder=bool(PLACEHOLDER.search(text)),
        url_only=bool(URL_ONLY.match(text)),
        furniture=kinds,
        furniture_hits=hits,
        caption=bool(lex.caption_prefix.match(text.strip()) or lex.caption_credit.search(lowered)),
        byline=bool(BYLINE.match(text)) and words <= 12,
        embed_signature=bool(EMBED_SIGNATURE.match(text)),
        title_case=capital / words if words else 0.0,
        appeal_voice=sum(1 for t in lowered_tokens if t in SECOND_PERSON) / words if words else 0.0,
        non_latin=non_latin,
    )
