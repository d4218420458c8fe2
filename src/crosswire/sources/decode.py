"""Bytes to text: the one place that decides how an input's bytes are read.

Order of evidence (strongest first), as browsers do it (WHATWG "encoding sniffing"):
1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. refusal of binary input (magic numbers of images, archives, documents; NUL and control bytes);
3. the declared charset (HTTP header given by the caller, else `<meta charset>` / XML declaration);
4. strict UTF-8 (the web's default, and legacy text is almost never valid UTF-8 by accident);
5. UTF-8 with a few broken bytes; a multi-byte East Asian encoding when charset_normalizer finds
   one; else the single-byte legacy encoding whose reading is the most plausible text by letter
   frequencies (charsetguess), so that cp1255 (Hebrew) or cp1254 (Turkish) pages with no declared
   charset read right even when short.

NUL characters never reach a page's text: bytes with a few of them are text with stray padding
(many of them are refused as binary in step 2), and a NUL in text breaks what reads it next.

`looks_like_html` decides whether decoded text is HTML markup or a plain page dump, and
`page_from_bytes` puts the two together into a `Page` for every source.
"""

from __future__ import annotations

import codecs
import logging
import re
from datetime import datetime

import charset_normalizer

from crosswire.errors import InputError
from crosswire.model import Hints, Page, PageKind
from crosswire.sources.charsets import guess_single_byte

log = logging.getLogger(__name__)

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Leading bytes of file kinds that are never a page. Named so the refusal says what the file is.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"BM", "BMP image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/EPUB)"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00\x00\x00\x18ftyp", "MP4/ISO media"),
    (b"\x00\x00\x00\x1cftyp", "MP4/ISO media"),
    (b"\x00\x00\x00\x20ftyp", "MP4/ISO media"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
# Short printable magics ("BM", "MZ", "ID3", "RIFF") are words a text could start with; they count
# only when a control byte follows close behind.
WEAK_MAGIC = frozenset(m for m, _ in BINARY_MAGIC if len(m) <= 4 and m.isascii() and m.isalnum())

MEGABYTE = 1024 * 1024
GIGABYTE = 1024 * MEGABYTE
# How much of the input the binary test and the meta-charset scan look at.
SNIFF_BYTES = 64 * 1024
META_SCAN_BYTES = 4096
# Share of C0 control bytes (other than tab, LF, VT, FF, CR, ESC) above which input is binary.
# Random/compressed bytes carry ~11% such bytes and NUL at ~0.4%; real pages carry none or a stray
# one. The gap is wide, so these were set from those rates, not tuned on a benchmark (checked:
# no file of ../shared/data/scrapinghub html or text renders comes near either).
MAX_CONTROL_RATIO = 0.02
MAX_NUL_RATIO = 0.001
# A stray NUL or two is not binary, however short the page (one in a 265-byte dump is 0.4%).
STRAY_NULS = 2
# UTF-16 text without a BOM: nearly every other byte is NUL (ASCII-range characters).
UTF16_NUL_SHARE = 0.7

CONTROL_BYTES = bytes(sorted(set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}))
# bytes.translate(None, NON_CONTROL_BYTES) keeps only control bytes: a C-speed count.
NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in CONTROL_BYTES)

# Damaged UTF-8 versus legacy text: legacy single-byte text almost never forms a well-formed
# multi-byte UTF-8 sequence (its letters sit where UTF-8 needs lead or continuation bytes, not
# both in order), so a few of them outweighing the broken bytes says "UTF-8, damaged". Set from
# that structure, not tuned on a benchmark.
MIN_UTF8_SEQUENCES = 3
UTF8_OVER_BROKEN = 3

# The legacy encodings the detector may choose from: those real pages are written in. Leaving out
# exotic code pages (EBCDIC, Mac, DOS) keeps the detector from "explaining" Turkish as cp037.
# fmt: off
LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_15",
    "koi8_r", "koi8_u", "cp874", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "big5",
    "euc_kr", "cp949",
)
# fmt: on

# Encodings of several bytes per character: the detector's structural checks judge these well.
MULTI_BYTE_ENCODINGS = frozenset(
    {"shift_jis", "euc_jp", "iso2022_jp", "gb18030", "big5", "euc_kr", "cp949"}
)

# Labels that browsers read as another codec (WHATWG encoding standard: latin1/ascii mean cp1252).
CHARSET_ALIASES: dict[str, str] = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "x-user-defined": "cp1252",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "windows-874": "cp874",
    "tis-620": "cp874",
    "ks_c_5601-1987": "cp949",
}

META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.()+-]{1,40})""", re.IGNORECASE
)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")

# looks_like_html: a document opener settles it; else markup must dominate: enough tags of real
# HTML elements, one of them closing, on most of the lines. A page dump that quotes a snippet of
# code (a tutorial, a developer blog) carries its tags on a few lines among many lines of prose.
HTML_OPENER = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|head\b|body\b)",
    re.IGNORECASE | re.DOTALL,
)
HTML_ELEMENTS = (
    "html|head|body|title|meta|link|script|style|div|span|p|a|article|section|main|header|footer|"
    "nav|aside|h[1-6]|ul|ol|li|table|tr|td|th|br|img|figure|figcaption|blockquote|em|strong|b|i|"
    "form|input|iframe|noscript|time|picture|source|svg|button|label|select|option|dl|dt|dd|pre"
)
HTML_TAG = re.compile(rf"</?(?:{HTML_ELEMENTS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
HTML_CLOSING_TAG = re.compile(rf"</(?:{HTML_ELEMENTS})\s*>", re.IGNORECASE)
HTML_SCAN_CHARS = 8192
# A page dump quotes a tag now and then; markup has many, and fragments (`<p>..</p>`) close one.
MIN_HTML_TAGS = 3
# Markup (a fragment, a document without its opener) has tags on most lines, often on every line;
# at half, a dump would be more code than prose.
MIN_TAGGED_LINE_SHARE = 0.5


def decode_bytes(
    data: bytes, *, declared: str | None = None, is_html: bool | None = None
) -> tuple[str, str]:
    """Decode an input's bytes; return (text, encoding name). Raise InputError for binary input.

    `declared` is a charset from outside the bytes (HTTP Content-Type); `is_html` says whether to
    look for a `<meta charset>` (None: look if the bytes look like markup).
    """
    text, encoding = _decode(data, declared, is_html)
    return without_nul(text), encoding


def _decode(data: bytes, declared: str | None, is_html: bool | None) -> tuple[str, str]:
    if not data:
        return "", "utf-8"
    bom = _bom_encoding(data)
    if bom is not None:
        encoding, size = bom
        return _strict(data[size:], encoding, "byte-order mark"), encoding
    utf16 = _bomless_utf16(data[:SNIFF_BYTES])
    if utf16 is not None:
        return _strict(data, utf16, "UTF-16 without byte-order mark"), utf16
    _refuse_binary(data[:SNIFF_BYTES])
    for charset in _declared_charsets(data, declared, is_html):
        text = _decode_declared(data, charset)
        if text is not None:
            return text, charset
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect_legacy(data)


def without_nul(text: str) -> str:
    """Text with its NUL characters removed (logged: they are padding or damage, never words)."""
    if "\x00" not in text:
        return text
    log.info("removed %d NUL character(s) from the text", text.count("\x00"))
    return text.replace("\x00", "")


def looks_like_html(text: str) -> bool:
    """True when text is HTML markup (a document or a fragment), False for a plain page dump,
    even one that quotes HTML code among its prose."""
    head = text[:HTML_SCAN_CHARS].lstrip("\ufeff")
    if HTML_OPENER.match(head):
        return True
    tags = list(HTML_TAG.finditer(head))
    if len(tags) < MIN_HTML_TAGS or HTML_CLOSING_TAG.search(head) is None:
        return False
    return _tagged_line_share(head, tags) >= MIN_TAGGED_LINE_SHARE


def _tagged_line_share(head: str, tags: list[re.Match[str]]) -> float:
    """The share of the non-blank lines of `head` on which a tag starts."""
    tagged: set[int] = set()
    line, counted_to = 0, 0
    for tag in tags:
        line += head.count("\n", counted_to, tag.start())
        counted_to = tag.start()
        tagged.add(line)
    nonblank = sum(1 for text_line in head.splitlines() if text_line.strip())
    return len(tagged) / max(nonblank, 1)


def page_from_bytes(
    source: str,
    data: bytes,
    *,
    what: str,
    hints: Hints,
    url: str | None = None,
    fetched_at: datetime | None = None,
    content_type: str | None = None,
    named_text: bool = False,
) -> Page:
    """Decode an input's bytes into a Page; InputError when they are empty, binary or undecodable.

    `what` names the input in messages ("file", "response", "record"); `content_type` is an HTTP
    Content-Type value whose charset counts as declared. The content decides between HTML and
    text; where the name (`named_text`: a .txt file) or the Content-Type said plain text and the
    content is HTML, a note on the page says so.
    """
    if not data:
        raise InputError(f"empty {what}")
    media_type, charset = parse_content_type(content_type)
    is_html = None if media_type is None else "html" in media_type
    text, encoding = decode_bytes(data, declared=charset, is_html=is_html)
    if not text.strip():
        raise InputError(f"empty {what} (only whitespace)")
    kind: PageKind = "html" if looks_like_html(text) else "text"
    notes: tuple[str, ...] = ()
    if kind == "html" and (named_text or media_type == "text/plain"):
        said = "its name (.txt)" if named_text else "its Content-Type (text/plain)"
        notes = (f"read as HTML: {said} says plain text, but the content is HTML markup",)
    return Page(
        source=source,
        content=text,
        kind=kind,
        url=url,
        fetched_at=fetched_at,
        encoding=encoding,
        hints=hints,
        notes=notes,
    )


def parse_content_type(content_type: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) from a Content-Type header value; either may be None."""
    if not content_type:
        return None, None
    media_type, _, parameters = content_type.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media_type.strip().lower() or None, charset


def too_large_text(what: str, size: int, limit: int) -> str:
    """The refusal of an input over the size limit, saying how to raise it."""
    return (
        f"{what} too large ({size_text(size)}; the limit is {size_text(limit)}, set by max_bytes)"
    )


def size_text(size: int) -> str:
    if size < MEGABYTE:
        return f"{size} bytes"
    if size < GIGABYTE:
        return f"{size / MEGABYTE:.1f} MB"
    return f"{size / GIGABYTE:.1f} GB"


def normalize_charset(label: str | None) -> str | None:
    """A charset label as a Python codec name (with browser aliases), or None if unknown."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = CHARSET_ALIASES.get(cleaned, cleaned)
    try:
        name = codecs.lookup(cleaned).name
    except (LookupError, ValueError):
        return None
    return CHARSET_ALIASES.get(name, name)


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def _bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM (mostly ASCII-range text): NULs fill the odd or the even bytes."""
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) >= UTF16_NUL_SHARE * half and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= UTF16_NUL_SHARE * half and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _refuse_binary(sample: bytes) -> None:
    for magic, kind in BINARY_MAGIC:
        if sample.startswith(magic) and (magic not in WEAK_MAGIC or _has_control(sample[:64])):
            raise InputError(f"binary file ({kind})")
    nuls = sample.count(0)
    nul_ratio = nuls / len(sample)
    if nuls > STRAY_NULS and nul_ratio > MAX_NUL_RATIO:
        raise InputError(f"binary file (NUL bytes: {nul_ratio:.1%} of the first {len(sample)})")
    controls = len(sample.translate(None, NON_CONTROL_BYTES))
    if controls / len(sample) > MAX_CONTROL_RATIO:
        raise InputError(
            f"binary file (control bytes: {controls / len(sample):.1%} of the first {len(sample)})"
        )


def _has_control(sample: bytes) -> bool:
    return bool(sample.translate(None, NON_CONTROL_BYTES))


def _strict(data: bytes, encoding: str, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"undecodable text ({why} says {encoding}: {error.reason})") from error


def _declared_charsets(data: bytes, declared: str | None, is_html: bool | None) -> list[str]:
    """Usable declared charsets, the caller's first, then the document's own declaration."""
    labels = [declared]
    if is_html is not False:
        head = data[:META_SCAN_BYTES]
        found = XML_ENCODING.match(head) or META_CHARSET.search(head)
        if found is not None:
            labels.append(found.group(1).decode("ascii", "replace"))
    charsets: list[str] = []
    for label in labels:
        charset = normalize_charset(label)
        # A UTF-16/32 declaration on bytes with no BOM is a lie the bytes already disproved
        # (they are ASCII-compatible, or the UTF-16 sniff would have caught them).
        if charset and not charset.startswith(("utf-16", "utf-32")) and charset not in charsets:
            charsets.append(charset)
    return charsets


def _decode_declared(data: bytes, charset: str) -> str | None:
    """The text under a declared charset, or None when the bytes contradict the declaration."""
    if charset != "utf-8" and not data.isascii() and _is_utf8(data):
        # Pages re-saved as UTF-8 keep their old legacy <meta charset>; multi-byte UTF-8 sequences
        # almost never occur in legacy text by chance, so the bytes outweigh the label.
        log.debug("declared %s but bytes are valid UTF-8; reading UTF-8", charset)
        return None
    try:
        return data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        log.debug("declared charset %s does not decode the bytes; ignoring it", charset)
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect_legacy(data: bytes) -> tuple[str, str]:
    """Read bytes that are not UTF-8: damaged UTF-8, a multi-byte East Asian encoding (the
    detector's call), else the most plausible single-byte legacy encoding."""
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    detected = charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    detected_codec = normalize_charset(detected.encoding) if detected is not None else None
    if detected_codec in MULTI_BYTE_ENCODINGS:
        try:
            return data.decode(detected_codec), detected_codec
        except UnicodeDecodeError:
            log.debug("detector chose %s but it does not decode strictly", detected_codec)
    guessed = guess_single_byte(data)
    if guessed is not None:
        return guessed
    raise InputError("undecodable text (not UTF-8 and no known legacy encoding fits)")


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a cut-off download, a stray byte), with U+FFFD in
    their place; None when the bytes are not mostly UTF-8."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    well_formed = len(text) - len(text.encode("ascii", "ignore")) - broken
    if well_formed >= MIN_UTF8_SEQUENCES and well_formed >= UTF8_OVER_BROKEN * broken:
        log.warning("decoded as UTF-8 with %d replaced byte(s)", broken)
        return text
    return None
