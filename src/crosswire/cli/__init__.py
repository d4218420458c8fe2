"""The `crosswire` command: argument parsing and output over the library (`crosswire.pipeline`).

Exit codes: 0 when every input became an article, 1 when any input failed (the others still
complete and are written), 2 for usage errors (bad options, a missing input path, unwritable
output), in which case nothing is written. Results go to stdout or --output (written whole or not
at all: the old file stays until the new one is complete); progress, per-input errors and warnings
go to stderr, never with a page's control characters (terminal escapes) or read as rich markup.
"""

# The commands register with `app` as their modules load: this order is the order of --help.
# isort: off
from crosswire.cli import pages, stories, desk, batch

# isort: on
from crosswire.cli import console
from crosswire.cli.app import app

__all__ = ["app", "batch", "console", "desk", "pages", "stories"]
