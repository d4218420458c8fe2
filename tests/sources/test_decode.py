"""Tests for crosswire.sources.decode: BOMs, declared charsets, legacy encodings, binary input,
HTML."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crosswire.errors import InputError
from crosswire.model import Hints
from crosswire.sources.decode import (
    BINARY_MAGIC,
    decode_bytes,
    looks_like_html,
    normalize_charset,
    page_from_bytes,
    parse_content_type,
    too_large_text,
)
from tests.pages import HEBREW, TURKISH

ENGLISH = "The lighthouse keeper said on Tuesday that the lamp would be repaired by spring."


def test_empty_bytes_decode_to_empty_text() -> None:
    assert decode_bytes(b"") == ("", "utf-8")


def test_plain_utf8() -> None:
    text = "Café owners in Northwick said prices rose 5 % — again."
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


@pytest.mark.parametrize(
    ("bom", "codec", "expected"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_byte_order_marks_decide_and_are_stripped(bom: bytes, codec: str, expected: str) -> None:
    text, encoding = decode_bytes(bom + TURKISH.encode(codec))
    assert (text, encoding) == (TURKISH, expected)


def test_utf16_without_bom_is_recognised_not_refused_as_binary() -> None:
    text, encoding = decode_bytes(ENGLISH.encode("utf-16-le"))
    assert (text, encoding) == (ENGLISH, "utf-16-le")


def test_bom_wins_over_declared_charset() -> None:
    data = codecs.BOM_UTF8 + HEBREW.encode("utf-8")
    assert decode_bytes(data, declared="windows-1255") == (HEBREW, "utf-8")


def test_hebrew_cp1255_without_declared_charset() -> None:
    text, encoding = decode_bytes(HEBREW.encode("cp1255"))
    assert text == HEBREW
    assert encoding in ("cp1255", "iso8859_8")


def test_turkish_cp1254_without_declared_charset() -> None:
    text, encoding = decode_bytes(TURKISH.encode("cp1254"))
    assert text == TURKISH
    assert encoding in ("cp1254", "iso8859_9")


def test_legacy_page_inside_html_markup_without_meta() -> None:
    page = f"<html><head><title>Kütüphane</title></head><body><p>{TURKISH}</p></body></html>"
    text, _ = decode_bytes(page.encode("cp1254"))
    assert text == page


def test_declared_charset_from_caller_is_used() -> None:
    data = "Prix: 12 € — café".encode("cp1252")
    assert decode_bytes(data, declared="windows-1252") == ("Prix: 12 € — café", "cp1252")


def test_meta_charset_is_read_from_html() -> None:
    page = f'<html><head><meta charset="windows-1255"></head><body>{HEBREW}</body></html>'
    assert decode_bytes(page.encode("cp1255")) == (page, "cp1255")


def test_http_equiv_meta_charset_is_read() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-9">'
        f"</head><body>{TURKISH}</body></html>"
    )
    assert decode_bytes(page.encode("cp1254")) == (page, "cp1254")


def test_meta_charset_ignored_when_caller_says_not_html() -> None:
    page = f'<meta charset="koi8-r"> {TURKISH}'
    text, encoding = decode_bytes(page.encode("utf-8"), is_html=False)
    assert (text, encoding) == (page, "utf-8")


def test_utf8_bytes_outweigh_a_stale_legacy_declaration() -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body>{TURKISH}</body></html>'
    assert decode_bytes(page.encode("utf-8")) == (page, "utf-8")


def test_declaration_the_bytes_contradict_is_ignored() -> None:
    # Declared UTF-8 but the bytes are cp1254: the detector reads them instead of failing.
    text, _ = decode_bytes(TURKISH.encode("cp1254"), declared="utf-8")
    assert text == TURKISH


def test_unknown_declared_charset_is_ignored() -> None:
    assert decode_bytes(ENGLISH.encode(), declared="x-no-such-charset") == (ENGLISH, "utf-8")


def test_utf16_declaration_on_ascii_bytes_is_ignored() -> None:
    page = f'<html><head><meta charset="utf-16"></head><body>{ENGLISH}</body></html>'
    assert decode_bytes(page.encode("ascii")) == (page, "utf-8")


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("US-ASCII", "cp1252"),
        ("windows-1255", "cp1255"),
        ("UTF8", "utf-8"),
        ("'utf-8'", "utf-8"),
        ("gb2312", "gb18030"),
        ("nonsense", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_charset(label: str | None, codec: str | None) -> None:
    assert normalize_charset(label) == codec


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
    ],
)
def test_binary_magic_is_refused_and_named(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=r"binary file \(" + kind):
        decode_bytes(data + b"some more bytes" * 10)


def test_nul_bytes_are_refused() -> None:
    data = ENGLISH.encode() + b"\x00\x00\x00\x01" + ENGLISH.encode()
    with pytest.raises(InputError, match=r"binary file \(NUL bytes"):
        decode_bytes(data)


def test_high_ratio_of_control_bytes_is_refused() -> None:
    data = bytes([0x01, 0x02, 0x03, 0x41, 0x42, 0x43, 0x10, 0x44] * 200)
    with pytest.raises(InputError, match=r"binary file \(control bytes"):
        decode_bytes(data)


def test_text_starting_with_a_short_magic_word_is_not_binary() -> None:
    for text in ("BMW dealers met in Harwick today.", "MZ Holdings closed.", "ID3 tags were..."):
        assert decode_bytes(text.encode()) == (text, "utf-8")


def test_every_magic_has_a_name() -> None:
    assert all(magic and name for magic, name in BINARY_MAGIC)


@pytest.mark.parametrize("repeat", [1, 300])
def test_damaged_utf8_is_read_as_utf8_with_a_replacement(repeat: int) -> None:
    text = "Ünlü şef Kemal, Dünya ödülünü aldı. " * repeat
    data = text.encode("utf-8") + b"\x81" + text.encode("utf-8")
    assert decode_bytes(data) == (text + "\ufffd" + text, "utf-8")


def test_legacy_text_is_not_mistaken_for_damaged_utf8() -> None:
    # Letters in cp1255/cp1254 fall where UTF-8 expects other bytes: no well-formed sequences.
    assert decode_bytes(HEBREW.encode("cp1255"))[0] == HEBREW
    assert decode_bytes(TURKISH.encode("cp1254"))[0] == TURKISH


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_utf8_text_round_trips(text: str) -> None:
    assume(not text.startswith("\ufeff"))
    assume(not any(text.encode().startswith(magic) for magic, _ in BINARY_MAGIC))
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


@given(st.binary(max_size=2000))
def test_arbitrary_bytes_decode_or_raise_input_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except InputError as error:
        assert str(error)
    else:
        assert isinstance(text, str)
        assert codecs.lookup(encoding)


# --- looks_like_html ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body></html>",
        "  \n<!doctype html>\n<title>only a title</title>",
        '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        "<!-- saved page --><html><head></head></html>",
        "<html><head><title>Harbour news</title></head></html>",  # HTML with no body
        '<div class="story"><h1>Bridge reopens</h1><p>The bridge reopened.</p></div>',
        "<p>One paragraph.</p><p>Another paragraph.</p><p>A third.</p>",
    ],
)
def test_looks_like_html_for_documents_and_fragments(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        ENGLISH,
        "Harbour Gazette\n\n  * Home\n  * News\n  * Sport\n\nBridge reopens after storm\n",
        "In HTML, the <p> tag marks a paragraph and <b> makes text bold; see the guide.",
        "Share this: <Facebook> <Twitter> <Email>",
        "Prices fell 3% when a < b and b > c, the analyst said.",
    ],
)
def test_looks_like_html_false_for_page_dumps(text: str) -> None:
    assert not looks_like_html(text)


# --- page_from_bytes and helpers -----------------------------------------------------------------


def test_page_from_bytes_sets_kind_encoding_and_hints() -> None:
    hints = Hints(outlet="Harbour Gazette")
    page = page_from_bytes(
        "story.html",
        "<html><body><p>Café</p></body></html>".encode("cp1252"),
        what="file",
        hints=hints,
        url="https://harbour.example/story",
        content_type="text/html; charset=windows-1252",
    )
    assert page.content == "<html><body><p>Café</p></body></html>"
    assert (page.kind, page.encoding, page.source) == ("html", "cp1252", "story.html")
    assert page.url == "https://harbour.example/story"
    assert page.hints is hints


def test_page_from_bytes_plain_text_is_text_kind() -> None:
    page = page_from_bytes("dump.txt", ENGLISH.encode(), what="file", hints=Hints())
    assert page.kind == "text"


@pytest.mark.parametrize(
    ("data", "message"), [(b"", "empty file"), (b" \n\t\n", "only whitespace")]
)
def test_page_from_bytes_refuses_empty(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        page_from_bytes("x.txt", data, what="file", hints=Hints())


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", ("text/html", "UTF-8")),
        ('text/html; Charset="windows-1255"', ("text/html", "windows-1255")),
        ("TEXT/PLAIN", ("text/plain", None)),
        ("text/html; charset=", ("text/html", None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_content_type(header: str | None, expected: tuple[str | None, str | None]) -> None:
    assert parse_content_type(header) == expected


def test_too_large_text_says_size_limit_and_setting() -> None:
    message = too_large_text("file", 200 * 1024 * 1024, 50 * 1024 * 1024)
    assert message == "file too large (200.0 MB; the limit is 50.0 MB, set by max_bytes)"


# --- NUL characters and text that quotes HTML ----------------------------------------------------

# A developer blog's page dump: prose with a snippet of markup in a code block and in a sentence.
QUOTING_HTML = """Web Basics Weekly

  * Home
  * Tutorials
  * About

How to build a box that holds a caption

March 4, 2031 · by Mira Osk

A box with a caption is two elements: the box and the words under it. Write this in your page:

<div class="box">
  <p class="caption">The old mill at dawn</p>
</div>

The <div> groups the caption with the box; the <p> holds its words. Save the file, open it in a
browser, and the caption sits under the box. Next week: making the box round.

Comments (3)
Share this article
"""


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + b"The mill\x00 burned\x00\x00.",  # a BOM skips the binary test
        ENGLISH.encode() * 2000 + b"\x00" + ENGLISH.encode(),  # a NUL past the sniffed start
        codecs.BOM_UTF16_LE + (ENGLISH + "\x00").encode("utf-16-le"),  # a NUL character
        ENGLISH.encode()[:200] + b"\x00" + ENGLISH.encode()[200:260],  # a stray one, short page
    ],
)
def test_no_nul_character_reaches_the_text(data: bytes) -> None:
    text, _ = decode_bytes(data)
    assert "\x00" not in text
    assert text.startswith(("The mill burned.", ENGLISH))


def test_a_short_page_of_many_nul_bytes_is_still_binary() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(ENGLISH.encode()[:200] + b"\x00" * 3)


def test_text_quoting_html_code_among_prose_is_text() -> None:
    assert not looks_like_html(QUOTING_HTML)
    page = page_from_bytes("box.txt", QUOTING_HTML.encode(), what="file", hints=Hints())
    assert (page.kind, page.notes) == ("text", ())


def test_a_txt_file_that_is_html_is_read_as_html_with_a_note() -> None:
    html = "<!DOCTYPE html><html><body><p>The old mill burned.</p></body></html>"
    page = page_from_bytes("mill.txt", html.encode(), what="file", hints=Hints(), named_text=True)
    assert page.kind == "html"
    assert page.notes == (
        "read as HTML: its name (.txt) says plain text, but the content is HTML markup",
    )


@pytest.mark.parametrize(
    "text",
    [
        "<head><title>Mill fire</title></head><body><p>It burned.</p></body>",
        "<div>\n  <h1>Mill fire</h1>\n  <p>It burned on Sunday.</p>\n</div>\n",
    ],
)
def test_markup_without_a_doctype_is_still_html(text: str) -> None:
    assert looks_like_html(text)
