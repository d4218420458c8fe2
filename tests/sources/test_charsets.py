"""Tests for crosswire.sources.charsets: short legacy-encoded texts read in the right encoding."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.sources.charsets import guess_single_byte, letter_model

# Short texts written for these tests (one sentence each: the hard case for detectors).
SAMPLES = [
    ("Şehir merkezindeki köprü açıldı.", "cp1254"),
    ("Öğretmenler sendikası grev kararı aldı.", "cp1254"),
    ("הגשר נפתח היום.", "cp1255"),
    ("מזג האוויר החמים יימשך עד סוף השבוע.", "cp1255"),
    ("Le café de la gare a fermé ses portes après trente ans.", "cp1252"),
    ("Straße über Brücke geöffnet.", "cp1252"),
    ("Zażółć gęślą jaźń na moście.", "cp1250"),
    ("Мэр города открыл новый мост.", "cp1251"),
    ("Мэр города открыл новый мост.", "koi8_r"),
    ("Ο δήμαρχος άνοιξε τη γέφυρα.", "cp1253"),
    ("أعلن رئيس البلدية اليوم افتتاح الجسر الجديد.", "cp1256"),
    ("Pilsētas mērs atklāja jauno tiltu.", "cp1257"),
]


@pytest.mark.parametrize(("text", "codec"), SAMPLES)
def test_short_legacy_texts_read_right(text: str, codec: str) -> None:
    guessed = guess_single_byte(text.encode(codec))
    assert guessed is not None
    assert guessed[0] == text


def test_legacy_text_inside_ascii_markup_reads_right() -> None:
    text = "Öğretmenler sendikası grev kararı aldı."
    page = f'<html><head><link href="/site.css"></head><body><nav>Home</nav><p>{text}</p></html>'
    guessed = guess_single_byte(page.encode("cp1254"))
    assert guessed == (page, "cp1254")


def test_windows_quote_marks_prefer_windows_code_page_over_iso() -> None:
    text = "“Le pont est rouvert”, a déclaré le maire – enfin."
    guessed = guess_single_byte(text.encode("cp1252"))
    assert guessed is not None
    assert guessed[0] == text  # cp1250 reads these bytes the same; ISO-8859 would not
    assert guessed[1].startswith("cp125")


def test_ascii_has_nothing_to_decide() -> None:
    assert guess_single_byte(b"Plain ASCII text.") is None


def test_every_codec_and_letter_in_the_data_is_real() -> None:
    model = letter_model()
    for codec, languages in model.languages_by_codec.items():
        assert codecs.lookup(codec)
        assert languages
        for language in languages:
            assert all(len(letter) == 1 for letter in language.log_frequency)
            assert all(value < 0 for value in language.log_frequency.values())


@given(st.binary(min_size=1, max_size=300))
def test_guess_is_a_faithful_decoding(data: bytes) -> None:
    guessed = guess_single_byte(data)
    if guessed is None:
        return
    text, codec = guessed
    assert text.encode(codec) == data
