"""The README documents what crosswire offers: every option of every command in that command's
section, and every public function of the Python API (as datasette checks its docs)."""

from __future__ import annotations

import inspect
import re

import pytest
import typer

import crosswire
from crosswire import cli
from tests.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(cli.app).commands  # type: ignore[attr-defined]


def _section(command: str) -> str:
    """The README's section of one command: from its heading to the next heading."""
    match = re.search(rf"^### `crosswire {command}`\n(.*?)(?=^#)", README, re.M | re.S)
    assert match, f"the README has no section for `crosswire {command}`"
    return match.group(1)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_of_a_command_is_in_its_readme_section(command: str) -> None:
    section = _section(command)
    for param in COMMANDS[command].params:
        for option in param.opts:
            if option.startswith("-") and option != "--help":
                assert f"`{option}" in section, f"{option} of `crosswire {command}`"


def test_the_commands_and_global_options_are_in_the_readme() -> None:
    assert "crosswire --version" in README
    for command in COMMANDS:
        assert f"### `crosswire {command}`" in README


def test_the_readme_starts_with_the_two_set_up_commands() -> None:
    first_lines = README.splitlines()[:6]
    assert any(line.strip().startswith("make demo") for line in first_lines)
    assert any(line.strip().startswith("make test") for line in first_lines)


@pytest.mark.parametrize("name", ["make_dossier", "extract", "annotate", "stories"])
def test_the_one_call_functions_are_in_the_readme_with_their_arguments(name: str) -> None:
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}(")), None)
    assert row is not None, f"{name} has no row in the README's API table"
    function = getattr(crosswire, name)
    for parameter in inspect.signature(function).parameters:
        assert parameter in row, f"{name}({parameter}) is not in the README"


def test_every_public_function_and_class_has_a_docstring() -> None:
    for name in crosswire.__all__:
        value = getattr(crosswire, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), f"crosswire.{name} has no docstring"
