"""The `crosswire` Typer application and its global options (--version)."""

from __future__ import annotations

from typing import Annotated

import typer

from crosswire import __version__

app = typer.Typer(
    name="crosswire",
    help="Turn many outlets' coverage of one story into clean articles and a story dossier.",
    epilog="Run `crosswire COMMAND --help` for a command's options and examples.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"crosswire {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Turn many outlets' coverage of one story into clean articles and a story dossier."""
