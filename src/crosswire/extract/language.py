"""Which language an article is in, and which of its lines are clearly in another one.

Lines in a script of their own (Hebrew, Arabic, Greek, Cyrillic, Han, kana, Hangul) are told by
the script alone. Everything else goes to lingua, restricted to the languages news pages here are
written in (a smaller model set is faster and errs less), in low-accuracy mode, built once per
process on first use. Short lines say little: a line is marked foreign only when its ordinary words
(names, handles and numbers aside) are many enough and lingua is sure, because a caption wrongly
marked foreign is worse than a foreign one left unmarked.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

from crosswire.text import function_words_by_language, letter_words

# The languages detection chooses among (ISO 639-1).
LANGUAGES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "ar",
    "he", "tr", "fa", "pl", "zh", "ja", "ko", "id", "sv", "el",
)  # fmt: skip
# A script counts as a line's own when it holds this share of its letters: a Hebrew name in an
# English signature line ("— Hebrew-name Name (@handle)") stays English.
SCRIPT_SHARE = 0.6
# Fewer letters than this and a Latin-script line is not judged at all ("Photo: Reuters").
MIN_LETTERS_FOR_LINE = 30
# Lingua's confidence a Latin-script line needs to be marked foreign. Set on the gold bodies of
# ../shared/data/scrapinghub (each line judged against its article's detected language): at 0.9,
# 3 of 4363 lines were wrongly marked foreign, at 0.995 one; real foreign sentences score ~1.0.
MIN_LINE_CONFIDENCE = 0.995
# Function words of another language a line needs, and by how many they must outnumber the
# article language's, to be marked foreign without the detector's confidence (checked on the gold
# bodies of ../shared/data/scrapinghub: no English line marked; benchmarks/bench_language.py).
MIN_FOREIGN_HITS = 3
FOREIGN_MARGIN = 3
# Fewer letters than this and even the article language is not guessed.
MIN_LETTERS_FOR_ARTICLE = 12

_SCRIPT_OF_LANGUAGE = {"he": "hebrew", "ar": "arabic", "fa": "arabic", "el": "greek"}
_SCRIPT_OF_LANGUAGE |= {"ko": "hangul"}
_SCRIPT_OF_LANGUAGE |= {"ru": "cyrillic", "uk": "cyrillic", "zh": "han", "ja": "han"}
# Words that say nothing of a line's language: addresses, handles, numbers, and capitalised words
# (names of people, places and products, which travel between languages).
_NEUTRAL_WORDS = re.compile(r"\S*(?:https?://|www\.|@|#)\S*|\S*\d\S*|(?<![^\s(\"“‘'])[A-Z]\S*")
# A line is plainly in the article's language when this share of its words (and at least this
# many) are the language's function words. On the gold bodies of ../shared/data/scrapinghub this
# settles 66% of lines without the detector and changes no verdict (4 lines marked either way).
STOPWORD_SHARE = 0.15
MIN_STOPWORD_HITS = 2
# How much of a text lingua reads: enough words to be sure, few enough to stay fast.
MAX_JUDGED_CHARS = 400
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_PERSIAN_LETTERS = re.compile(r"[پچژگکی]")


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    """The script of one letter, as far as language detection cares."""
    code = ord(ch)
    if code < 0x0250:
        return "latin"
    ranges = (
        (0x0370, 0x03FF, "greek"), (0x1F00, 0x1FFF, "greek"), (0x0400, 0x052F, "cyrillic"),
        (0x0590, 0x05FF, "hebrew"), (0xFB1D, 0xFB4F, "hebrew"), (0x0600, 0x06FF, "arabic"),
        (0x0750, 0x077F, "arabic"), (0xFB50, 0xFEFF, "arabic"), (0x3040, 0x30FF, "kana"),
        (0x4E00, 0x9FFF, "han"), (0x3400, 0x4DBF, "han"), (0xAC00, 0xD7AF, "hangul"),
        (0x1100, 0x11FF, "hangul"),
    )  # fmt: skip
    for low, high, name in ranges:
        if low <= code <= high:
            return name
    return "latin" if unicodedata.name(ch, "").startswith("LATIN") else "other"


def _script_counts(text: str) -> tuple[dict[str, int], int]:
    """Letters per script. Characters are counted first (in C), then each distinct letter is
    looked up once: a paragraph holds a few dozen distinct letters, not hundreds."""
    counts: dict[str, int] = {}
    total = 0
    for ch, n in Counter(text).items():
        if ch.isalpha():
            script = _script(ch)
            counts[script] = counts.get(script, 0) + n
            total += n
    return counts, total


def _language_of_script(script: str, text: str, counts: dict[str, int]) -> str | None:
    """The language a non-Latin script implies, where the script alone tells it."""
    if script == "hebrew":
        return "he"
    if script == "greek":
        return "el"
    if script == "hangul":
        return "ko"
    if script in ("kana", "han"):
        return "ja" if counts.get("kana", 0) else "zh"
    if script == "cyrillic":
        return "uk" if _UKRAINIAN_LETTERS.search(text) else None
    if script == "arabic":
        return "fa" if _PERSIAN_LETTERS.search(text) else None
    return None


def _dominant_script(text: str) -> tuple[str | None, dict[str, int], int]:
    counts, total = _script_counts(text)
    if not total:
        return None, counts, 0
    scripts = dict(counts)
    if "kana" in scripts:  # Japanese mixes kana and Han: one script for the share
        scripts["han"] = scripts.get("han", 0) + scripts.pop("kana")
    script, count = max(scripts.items(), key=lambda kv: kv[1])
    return (script if count >= SCRIPT_SHARE * total else None), counts, total


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    """Each language's own function words: those no other listed language has ("de", "la", "in"
    and "en" mark no language), so a line full of them is plainly in that language."""
    lists = function_words_by_language()
    return {
        code: words - frozenset().union(*(other for o, other in lists.items() if o != code))
        for code, words in lists.items()
    }


def _by_function_words(text: str, judged: str, article_language: str | None) -> str | None:
    """A short line the detector cannot call with confidence, told by its function words: several
    of another language's and hardly any of the article's ("Estibadores en huelga ante la ...").
    Where two related languages both qualify, the detector chooses between them alone. Words
    are counted in `judged` (addresses, numbers and capitalised names taken out)."""
    tokens = letter_words(judged.lower())
    votes = {
        code: sum(t in words for t in tokens)
        for code, words in function_words_by_language().items()
    }
    own = votes.get(article_language or "", 0)
    candidates = [
        code
        for code, hits in votes.items()
        if code != article_language and hits >= MIN_FOREIGN_HITS and hits >= own + FOREIGN_MARGIN
    ]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    try:
        values = _detector().compute_language_confidence_values(text)
    except Exception:  # lingua is native code: a failure on odd input must not stop a batch
        return None
    ranked = [v.language.iso_code_639_1.name.lower() for v in values]
    return min(candidates, key=lambda c: ranked.index(c) if c in ranked else len(ranked))


def _plainly_in(text: str, language: str | None) -> bool:
    """A line whose function words are the language's own is in it: no detector needed (most
    lines of an article are, and the detector is the slow part)."""
    words = _stopwords().get(language or "")
    if not words:
        return False
    tokens = letter_words(text.lower())
    hits = sum(1 for t in tokens if t in words)
    return hits >= MIN_STOPWORD_HITS and hits >= STOPWORD_SHARE * len(tokens)


@lru_cache(maxsize=1)
def _detector() -> Any:
    """The lingua detector, built on first use and kept for the process."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _lingua(text: str) -> tuple[str | None, float]:
    """Lingua's best language for a text and its confidence (0..1)."""
    try:
        values = _detector().compute_language_confidence_values(text)
    except Exception:  # lingua is native code: a failure on odd input must not stop a batch
        return None, 0.0
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def detect_language(text: str) -> str | None:
    """The language of a text (ISO 639-1), or None when there is too little to tell."""
    text = text[: MAX_JUDGED_CHARS * 3]
    script, counts, total = _dominant_script(text)
    if total < MIN_LETTERS_FOR_ARTICLE:
        return None
    if script and script != "latin":
        by_script = _language_of_script(script, text, counts)
        if by_script:
            return by_script
    code, _ = _lingua(text)
    return code


def line_language(text: str, article_language: str | None) -> str | None:
    """A line's language where it is clearly not the article's (Hebrew caption, Turkish post)."""
    text = text[: MAX_JUDGED_CHARS * 2]
    script, counts, total = _dominant_script(text)
    if not total:
        return None
    own_script = _SCRIPT_OF_LANGUAGE.get(article_language or "", "latin")
    if script and script not in (own_script, "latin", "other"):
        code = _language_of_script(script, text, counts) or _lingua(text)[0]
        return code if code != article_language else None
    if script != "latin":
        return None
    judged = _NEUTRAL_WORDS.sub(" ", text)[:MAX_JUDGED_CHARS]
    if _plainly_in(text, article_language):
        return None
    if sum(ch.isalpha() for ch in judged) < MIN_LETTERS_FOR_LINE:
        return _by_function_words(text, judged, article_language)
    code, confidence = _lingua(judged)
    if code and code != article_language and confidence >= MIN_LINE_CONFIDENCE:
        return code
    return _by_function_words(text, judged, article_language)
