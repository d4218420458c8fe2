"""Words, sentences and function words: the one tokenizer every stage reads text with.

A *word* is a run of letters, digits or underscores (`WORD`, the one word pattern); the few
readers that need another cut build it from these runs: words kept whole across an apostrophe
("don't", "Norway's"), runs without underscores (form fields of text-browser dumps are runs of
underscores), and scripts written without spaces (Han, kana, Thai), where every character counts
as a word. A *sentence* ends at a full stop, question or exclamation mark, ellipsis or closing
quotation mark before white space and a capital, a digit or an opening quotation mark, at a
full-width stop of Chinese or Japanese (with its closing marks), and at a paragraph break; readers
of page dumps may cut at every line break too. Parsed articles carry spaCy's sentences; these cuts
serve texts without a parse and quick windows around one offset. *Function words* are the short
words of every language the project knows (data/function_words.json): what carries no content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import groupby

from crosswire.datafiles import load_data

WORD = re.compile(r"\w+")
APOSTROPHES = "'’"
ASCII_NON_LETTERS = str.maketrans("0123456789_", " " * 11)
# Scripts written without spaces between words: every character is a word of its own.
UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# A letter of Chinese, Japanese or Korean (kana, Han, Hangul): names and dates of these scripts
# are written in their own ways ("2024年5月3日", "홍길동 기자").
CJK_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# The kinds of sentence end, in one pattern; each reader says which kinds end a sentence for it.
# Each kind's group holds what stays with the sentence (a stop, closing marks); the rest of the
# match is the space before the next sentence.
SENTENCE_END = re.compile(
    r"(?P<stop>(?<=[.!?…”\"]))\s+(?=[“\"‘'A-Z0-9])"  # a stop or closing quote, then a capital
    r"|(?P<any_stop>[.!?…])(?=\s+\S|\s*$)"  # a stop before any word, or at the end
    r"|(?<=[。！？])(?P<wide>[」』”）]*)\s*"  # a full-width stop
    r"|(?P<paragraph>)\n[^\S\n]*\n\s*"  # a blank line
    r"|(?P<line>)\n\s*"  # a line break
)


def words(text: str) -> list[str]:
    """The words of `text`, in order."""
    return WORD.findall(text)


def word_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Where each word of text[start:end] starts and ends (offsets into `text`)."""
    for match in WORD.finditer(text, start, len(text) if end is None else end):
        yield match.span()


def has_words(text: str) -> bool:
    return WORD.search(text) is not None


def letter_runs(text: str) -> list[str]:
    """The words of `text` cut at underscores ("first_name" is two runs; "____" none)."""
    return [run for word in WORD.findall(text) for run in word.split("_") if run]


def letter_and_digit_spans(text: str) -> Iterator[tuple[int, int, bool]]:
    """The runs of letters and the runs of digits of `text` (underscores left out): (start, end,
    whether the run is digits). "A380s" is "A", "380" and "s"."""
    for match in WORD.finditer(text):
        word = match.group()
        if word.isalpha():
            yield match.start(), match.end(), False
        elif word.isdecimal():
            yield match.start(), match.end(), True
        else:
            left = match.start()
            for is_digits, run in groupby(range(left, match.end()), key=lambda i: _kind(text[i])):
                at = list(run)
                if is_digits is not None:
                    yield at[0], at[-1] + 1, is_digits


def _kind(char: str) -> bool | None:
    """True for a digit, False for a letter, None for an underscore."""
    return None if char == "_" else char.isdecimal()


def letter_words(text: str) -> list[str]:
    """The runs of letters of `text` ("A380s" gives "A" and "s")."""
    if text.isascii():  # the common case, five times faster: digits and underscores blanked
        return WORD.findall(text.translate(ASCII_NON_LETTERS))
    return [text[left:right] for left, right, digits in letter_and_digit_spans(text) if not digits]


def whole_word_spans(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """Word spans, a word kept whole across an apostrophe inside it ("don't", "Norway’s")."""
    joined: tuple[int, int] | None = None
    for left, right in word_spans(text, start, end):
        if joined is not None and left == joined[1] + 1 and text[joined[1]] in APOSTROPHES:
            joined = (joined[0], right)
            continue
        if joined is not None:
            yield joined
        joined = (left, right)
    if joined is not None:
        yield joined


def whole_words(text: str) -> list[str]:
    """The words of `text`, each kept whole across an apostrophe inside it ("don't")."""
    return [text[left:right] for left, right in whole_word_spans(text)]


def word_tokens(text: str) -> list[str]:
    """The words of `text`, with every character of a script written without spaces (Han, kana,
    Thai) a word of its own: what a word count means in any language."""
    tokens: list[str] = []
    for word in WORD.findall(text):
        if UNSPACED.search(word) is None:
            tokens.append(word)
            continue
        run = ""
        for char in word:
            if UNSPACED.match(char):
                tokens.extend((run, char) if run else (char,))
                run = ""
            else:
                run += char
        if run:
            tokens.append(run)
    return tokens


def sentence_breaks(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    lines: bool = False,
    any_stop: bool = False,
) -> Iterator[tuple[int, int]]:
    """The breaks between sentences in text[start:end]: where each break starts (right after
    the sentence's last mark) and ends (where the next sentence starts). With `lines`, every
    line break is a break too (page dumps). With `any_stop`, a stop ends a sentence whatever
    word follows ("U.S. officials" too) and at the very end: a window around one quote keeps
    to the quote's own short sentence (PolNeAR, benchmarks/bench_polnear.py)."""
    kinds = _break_kinds(lines, any_stop)
    for match in SENTENCE_END.finditer(text, start, len(text) if end is None else end):
        kind = match.lastgroup
        if kind is not None and kind in kinds:
            yield match.end(kind), match.end()


@cache
def _break_kinds(lines: bool, any_stop: bool) -> frozenset[str]:
    kinds = {"wide", "paragraph", "any_stop" if any_stop else "stop"}
    return frozenset(kinds | {"line"} if lines else kinds)


def sentence_spans(text: str, *, lines: bool = False) -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end) offsets, white space trimmed, none empty."""
    spans = []
    start = 0
    for mark_end, next_start in [*sentence_breaks(text, lines=lines), (len(text), len(text))]:
        piece = text[start:mark_end]
        lead, trail = len(piece) - len(piece.lstrip()), len(piece.rstrip())
        if trail > lead:
            spans.append((start + lead, start + trail))
        start = next_start
    return spans


@cache
def function_words() -> frozenset[str]:
    """The function words of every language the project knows, lower-cased."""
    return frozenset(word for words in function_words_by_language().values() for word in words)


@cache
def function_words_by_language() -> dict[str, frozenset[str]]:
    """Each language's function words (ISO 639-1 code -> lower-cased words)."""
    data = load_data("function_words.json")
    return {
        code: frozenset(str(word).lower() for word in listed)
        for code, listed in data.items()
        if isinstance(listed, list)
    }
