"""One root exception for the library, and the one way a stage fails without stopping the run.

Everything crosswire raises on purpose derives from `CrosswireError`. A stage that fails on one
article (or one part of a dossier) does not raise: `guarded` runs it, logs the failure, tells the
caller in words (who records it as a problem on the article or a note in the dossier) and hands
back the stage's empty result, so the rest of the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class CrosswireError(Exception):
    """Root of every error crosswire raises on purpose."""


class InputError(CrosswireError):
    """An input cannot be read as a page (empty, binary, too large, unreachable, corrupt)."""


class ConfigError(CrosswireError):
    """A setting or argument is invalid (a programming or configuration error): raised."""


class StoreError(CrosswireError):
    """The desk's store cannot be used: a corrupt file, a schema newer than this crosswire knows,
    another program's database, a missing store opened without `create`."""


def guarded(what: str, run: Callable[[], T], fallback: T, on_failure: Callable[[str], None]) -> T:
    """`run()`; if it raises, `fallback`, with the failure logged and told to `on_failure` as
    "TypeName: message" (a ConfigError, a missing model say, is raised: it fails every article
    the same way, so it is the caller's to report once)."""
    try:
        return run()
    except ConfigError:
        raise
    except Exception as error:  # one stage's failure must not lose the rest of the run
        description = f"{type(error).__name__}: {error}"
        log.warning("%s failed: %s", what, description)
        log.debug("%s failed", what, exc_info=True)
        on_failure(description)
        return fallback
