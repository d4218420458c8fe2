"""The one tokenizer: words, sentences and function words, on invented text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from crosswire.text import (
    function_words,
    function_words_by_language,
    has_words,
    letter_and_digit_spans,
    letter_runs,
    letter_words,
    sentence_breaks,
    sentence_spans,
    whole_word_spans,
    whole_words,
    word_spans,
    word_tokens,
    words,
)


def test_words_are_runs_of_letters_digits_and_underscores() -> None:
    assert words("The A380's wing, on 12-11-2025: ok_done!") == [
        "The", "A380", "s", "wing", "on", "12", "11", "2025", "ok_done"
    ]  # fmt: skip
    assert not has_words(" — … ") and has_words("é")


def test_whole_words_keep_apostrophes_inside() -> None:
    assert whole_words("Norway’s minister didn't say 'no' to rock'n'roll") == [
        "Norway’s", "minister", "didn't", "say", "no", "to", "rock'n'roll"
    ]  # fmt: skip


def test_letter_runs_leave_out_underscores() -> None:
    assert letter_runs("Name: ________ first_name 2025") == ["Name", "first", "name", "2025"]


def test_letters_and_digits_apart() -> None:
    text = "A380s flew 12 times_over"
    runs = [(text[a:b], digits) for a, b, digits in letter_and_digit_spans(text)]
    assert runs == [
        ("A", False), ("380", True), ("s", False), ("flew", False), ("12", True),
        ("times", False), ("over", False),
    ]  # fmt: skip
    assert letter_words(text) == ["A", "s", "flew", "times", "over"]


def test_scripts_without_spaces_count_every_character() -> None:
    assert word_tokens("东京 Tokyo会议") == ["东", "京", "Tokyo", "会", "议"]
    assert word_tokens("plain words only") == ["plain", "words", "only"]


def test_sentences_end_at_a_stop_before_a_capital_and_at_paragraphs() -> None:
    text = 'He said "no." Then U.S. officials left.\n\nA new paragraph 2. starts here'
    pieces = [text[a:b] for a, b in sentence_spans(text)]
    assert pieces == [
        'He said "no."',
        "Then U.S. officials left.",
        "A new paragraph 2. starts here",
    ]


def test_line_breaks_end_sentences_only_when_asked() -> None:
    text = "Headline without a stop\nFirst sentence."
    assert len(sentence_spans(text)) == 1
    assert len(sentence_spans(text, lines=True)) == 2


def test_any_stop_ends_a_sentence_before_any_word() -> None:
    text = "The U.S. officials left."
    strict = [mark for mark, _ in sentence_breaks(text)]
    loose = [mark for mark, _ in sentence_breaks(text, any_stop=True)]
    assert strict == [] and loose == [text.index("S.") + 2, len(text)]


def test_full_width_stops_end_sentences() -> None:
    text = "会议结束。他说：“好。”然后离开。"
    pieces = [text[a:b] for a, b in sentence_spans(text)]
    assert pieces == ["会议结束。", "他说：“好。”", "然后离开。"]


@given(st.text(max_size=300))
def test_spans_lie_inside_the_text(text: str) -> None:
    for start, end in [*word_spans(text), *whole_word_spans(text), *sentence_spans(text)]:
        assert 0 <= start < end <= len(text)
    for start, end, _ in letter_and_digit_spans(text):
        assert 0 <= start < end <= len(text) and text[start:end].isalnum()
    for mark_end, next_start in sentence_breaks(text, lines=True):
        assert 0 <= mark_end <= next_start <= len(text)


@given(st.text(max_size=300))
def test_one_word_pattern_gives_what_the_old_patterns_gave(text: str) -> None:
    assert letter_runs(text) == re.findall(r"[^\W_]+", text)
    assert letter_words(text) == re.findall(r"[^\W\d_]+", text)
    assert whole_words(text.replace("’", "'")) == re.findall(
        r"\w+(?:'\w+)*", text.replace("’", "'")
    )


def test_function_words_of_every_language() -> None:
    by_language = function_words_by_language()
    assert {"en", "de", "fr"} <= set(by_language)
    assert "the" in function_words() and "und" in function_words()
    assert function_words() == frozenset().union(*by_language.values())
