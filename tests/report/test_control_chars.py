"""Control characters out of what people read; kept, escaped, in JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from crosswire.report.control_chars import CONTROL_CHARS, json_text, without_controls

ESCAPES = (
    "title \x1b]0;PWNED\x07, \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\, \x9b2J\r\x7f"
)


def test_escapes_lose_their_control_characters_and_keep_the_rest() -> None:
    assert without_controls(ESCAPES) == "title ]0;PWNED, ]8;;http://evil.example\\link]8;;\\, 2J"
    assert without_controls("two\tcolumns\nand lines, é, 東京, \u200f") == (
        "two\tcolumns\nand lines, é, 東京, \u200f"
    )


@given(st.text())
def test_no_control_character_is_left_and_nothing_else_goes(text: str) -> None:
    kept = without_controls(text)
    assert not CONTROL_CHARS.search(kept)
    assert kept == "".join(c for c in text if c in "\t\n" or not CONTROL_CHARS.match(c))


@given(st.recursive(st.text() | st.none(), lambda inner: st.lists(inner, max_size=3)))
def test_json_keeps_every_character_but_writes_no_control_raw(value: object) -> None:
    for indent in (None, 2):
        written = json_text({"text": value, "more": ESCAPES}, indent=indent)
        assert not CONTROL_CHARS.search(written.replace("\n", ""))
        assert json.loads(written) == {"text": value, "more": ESCAPES}
