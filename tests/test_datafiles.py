"""The package's data files: every one is a JSON object, read once."""

from __future__ import annotations

from importlib import resources

from crosswire.datafiles import load_data


def test_every_data_file_is_an_object_read_once() -> None:
    names = sorted(
        f.name
        for f in resources.files("crosswire").joinpath("data").iterdir()
        if f.name.endswith(".json")
    )
    assert "facts.json" in names and "clauses.json" in names
    for name in names:
        data = load_data(name)
        assert isinstance(data, dict) and data
        assert load_data(name) is data
