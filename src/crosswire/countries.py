"""Country names: a country's name, its aliases, its capital and its demonym lead to one name.

"Ankara said", "the Turkish government" and "Turkey" name one side; facts and conflicts compare
sides by this map. The names are data (data/aliases.json: countries, capitals; data/conflicts.json:
demonyms).
"""

from __future__ import annotations

from functools import cache

from crosswire.datafiles import load_data


@cache
def countries() -> dict[str, str]:
    """Lower-cased country name, alias, capital or demonym -> the country's name."""
    aliases = load_data("aliases.json")
    out: dict[str, str] = {}
    for table in ("countries", "capitals"):
        for name, country in aliases.get(table, {}).items():
            out[str(name).lower()] = out[str(country).lower()] = str(country)
    for demonym, country in load_data("conflicts.json")["demonyms"].items():
        out[str(demonym)] = str(country)
        out.setdefault(str(country).lower(), str(country))
    return out
