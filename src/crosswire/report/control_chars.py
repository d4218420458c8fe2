"""Control characters kept out of what crosswire writes for people.

A page can carry terminal escapes: a window title (`ESC ] 0 ; ... BEL`), a hyperlink (OSC 8),
colours (CSI), C1 controls (U+009B is a CSI of its own). Printed by `crosswire extract -f text` or
shown in an error message, they would act on the reader's terminal. Text, Markdown and HTML
outputs and the CLI's messages therefore drop every control character but newline and tab; the
rest of the text is left as it was (an escape's printable remainder, "]0;title", stays visible:
the reader sees that the page held one).

JSON keeps the text exactly, controls included: its spans index into the text, and JSON escapes
C0 controls itself (\\u001b), so they never reach a terminal raw. `json_text` escapes the rest
(DEL and C1), which `ensure_ascii=False` would otherwise write as they are.
"""

from __future__ import annotations

import json
import re

# C0 controls but tab (\x09) and newline (\x0a), DEL, and the C1 controls.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What JSON leaves raw with ensure_ascii=False and a terminal may still act on: DEL and C1.
JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f]")


def without_controls(text: str) -> str:
    """`text` without control characters, newline and tab kept."""
    return CONTROL_CHARS.sub("", text)


def json_text(value: object, *, indent: int | None = None) -> str:
    """`value` as JSON (non-ASCII letters as they are) with every control character escaped."""
    dumped = json.dumps(value, ensure_ascii=False, indent=indent)
    # Raw DEL/C1 can only stand inside JSON strings, where \u escapes mean the same character.
    return JSON_RAW_CONTROLS.sub(lambda found: f"\\u{ord(found[0]):04x}", dumped)
