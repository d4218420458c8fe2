"""Which legacy single-byte encoding turns a page's bytes into plausible text.

Generic detectors judge short texts poorly: two Hebrew sentences read as Russian, a Turkish
headline as Czech. Here every candidate encoding's reading is scored by how likely its letters are
in the languages that encoding is used for (letter frequencies kept as data in
data/legacy_letters.json), with two signs of mojibake priced in: letters no language of the
encoding uses, and letters of another alphabet glued to ASCII letters inside one word. The reading
with the highest mean log-likelihood per decoded byte wins.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from crosswire.datafiles import load_data

# Scoring looks at this much of the input; a page's first 64 KB say which encoding it is in.
SAMPLE_BYTES = 64 * 1024
# Likelihoods (share of letters) for what the frequency tables do not list. A letter no language
# of the encoding uses is far rarer than any listed one (the rarest listed are ~0.01 %); a symbol
# or punctuation mark reads the same across candidates, so its value mostly cancels out; C1
# control characters (what ISO-8859 makes of Windows quote marks) essentially never occur.
UNSEEN_LETTER = 0.00005
SYMBOL = 0.002
CONTROL = 0.000001
LOG_UNSEEN_LETTER = math.log(UNSEEN_LETTER)

NON_ASCII = re.compile(r"[^\x00-\x7f]")
GLUED_TO_ASCII_LETTER = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f]|[^\x00-\x7f](?=[A-Za-z])")


@dataclass(frozen=True, slots=True)
class LanguageLetters:
    """One language's letters with their frequencies, and whether its alphabet is Latin."""

    name: str
    latin: bool
    log_frequency: dict[str, float]


@dataclass(frozen=True, slots=True)
class LetterModel:
    languages_by_codec: dict[str, tuple[LanguageLetters, ...]]
    codec_prior: dict[str, float]


@cache
def letter_model() -> LetterModel:
    """The letter tables, loaded once per process."""
    raw = load_data("legacy_letters.json")
    by_codec: dict[str, list[LanguageLetters]] = {}
    for name, spec in raw["languages"].items():
        language = LanguageLetters(
            name=name,
            latin=spec["script"] == "latin",
            log_frequency={
                letter: math.log(share / 100) for letter, share in spec["letters"].items()
            },
        )
        for codec in spec["codecs"]:
            by_codec.setdefault(codec, []).append(language)
    return LetterModel(
        languages_by_codec={codec: tuple(langs) for codec, langs in by_codec.items()},
        codec_prior=dict(raw["codec_prior"]),
    )


def guess_single_byte(data: bytes) -> tuple[str, str] | None:
    """(text, codec) for the most plausible single-byte reading of data, or None if no
    candidate decodes it or the bytes are plain ASCII (nothing to decide)."""
    sample = data[:SAMPLE_BYTES]
    if sample.isascii():
        return None
    model = letter_model()
    ranked = sorted(
        ((_reading_score(sample, codec, model), codec) for codec in model.languages_by_codec),
        reverse=True,
    )
    for score, codec in ranked:
        if score == -math.inf:
            break
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue  # the sample decoded, the rest does not: the next candidate
    return None


def _reading_score(sample: bytes, codec: str, model: LetterModel) -> float:
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return -math.inf
    counts = Counter(NON_ASCII.findall(text))
    glued = Counter(GLUED_TO_ASCII_LETTER.findall(text))
    total = sum(counts.values())
    if not total:
        return 0.0
    languages = model.languages_by_codec[codec]
    best = max(_language_log_likelihood(counts, glued, language) for language in languages)
    return best / total + model.codec_prior.get(codec, 0.0)


def _language_log_likelihood(
    counts: Counter[str], glued: Counter[str], language: LanguageLetters
) -> float:
    """Summed log-likelihood of the non-ASCII characters (with their counts) under a language."""
    total = 0.0
    for char, count in counts.items():
        lower = char.lower()
        known = language.log_frequency.get(lower if len(lower) == 1 else char)
        if known is None:
            total += count * _unlisted_log_likelihood(char)
        elif language.latin:
            total += count * known
        else:  # e.g. "cafй": a Cyrillic letter inside a Latin word is mojibake
            total += (count - glued[char]) * known + glued[char] * LOG_UNSEEN_LETTER
    return total


def _unlisted_log_likelihood(char: str) -> float:
    category = unicodedata.category(char)
    if category[0] in "LM":
        return LOG_UNSEEN_LETTER
    if category == "Cc":
        return math.log(CONTROL)
    return math.log(SYMBOL)
