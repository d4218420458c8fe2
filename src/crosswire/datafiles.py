"""The package's data files: the word lists, rules and tables in `data/*.json`, read once each.

Rules and word lists are data, kept apart from the logic that uses them; every module reads its
file through `load_data`, so a file is parsed once per process and found the same way everywhere.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_data(name: str) -> dict[str, Any]:
    """The JSON object in `data/<name>` (shared between callers: never change it)."""
    text = resources.files("crosswire").joinpath("data", name).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError(f"data/{name} holds {type(data).__name__}, not a JSON object")
    return data
