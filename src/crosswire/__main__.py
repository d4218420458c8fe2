"""`python -m crosswire`: the command line, as the `crosswire` command (how `serve` starts its
worker with the same interpreter)."""

from crosswire.cli import app

app(prog_name="crosswire")
