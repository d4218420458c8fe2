"""Text mode's per-line modules, loaded compiled (mypyc) where a build of their sources exists.

Text mode weighs every line of every page, in a dozen small passes of plain Python; compiled with
mypyc those modules run about 1.25x faster with the same results (bench_text.py, which also
measures them in plain Python). `tools/build_compiled.py` (run by `make`) compiles the modules of
`COMPILED_MODULES` into `crosswire/_compiled/`, with a manifest holding the sha256 of every source
the build read: the modules themselves and the crosswire modules they import.

`install()` puts a finder first on `sys.meta_path` that loads those extensions only when every
hash still matches the source beside it. An edited source turns the whole group back to plain
Python, with one warning, never to machine code of an older source (the compiled modules call one
another directly, so one stale module is a stale group). No build, another Python, or
`CROSSWIRE_PURE_PYTHON=1` in the environment: plain Python, as any module.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

logger = logging.getLogger(__name__)

# The classifier of text mode and what it calls per line (bench_text.py: compiling date_mentions
# and crosswire.text as well gained nothing measurable).
COMPILED_MODULES = (
    "crosswire.extract.lexicon",
    "crosswire.extract.linefeatures",
    "crosswire.extract.mainrun",
    "crosswire.extract.textparts",
    "crosswire.extract.headline",
    "crosswire.extract.textmode",
)
GROUP = "crosswire_textmode"  # mypyc's shared library is the module f"{GROUP}__mypyc"
LIBRARY = f"{GROUP}__mypyc"
PURE_PYTHON_ENV = "CROSSWIRE_PURE_PYTHON"
PACKAGE_DIR = Path(__file__).resolve().parent
COMPILED_DIR = PACKAGE_DIR / "_compiled"
MANIFEST = "manifest.json"


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale_sources(sources: Mapping[str, str], package_dir: Path = PACKAGE_DIR) -> list[str]:
    """The sources (paths under the package) whose text is no longer what the build read."""
    stale = []
    for relative, digest in sources.items():
        path = package_dir / relative
        if not path.is_file() or source_digest(path) != digest:
            stale.append(relative)
    return stale


class CompiledFinder(MetaPathFinder):
    """Finds the compiled group's modules in `directory` while its manifest holds."""

    def __init__(self, directory: Path = COMPILED_DIR, package_dir: Path = PACKAGE_DIR) -> None:
        self.directory = directory
        self.package_dir = package_dir
        self._files: dict[str, Path] | None = None  # None until checked; {} when unusable

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != LIBRARY and fullname not in COMPILED_MODULES:
            return None
        file = self.files().get(fullname)
        if file is None:
            return None  # the usual finders take it: the module's source
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(file))
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)

    def files(self) -> dict[str, Path]:
        """Module name -> compiled file, or {} when the build is missing, off or stale."""
        if self._files is None:
            self._files = self._check()
        return self._files

    def _check(self) -> dict[str, Path]:
        if os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0"):
            logger.debug("%s is set: text mode runs as plain Python", PURE_PYTHON_ENV)
            return {}
        manifest_path = self.directory / MANIFEST
        if not manifest_path.is_file():
            return {}  # an install without the build step: plain Python, nothing to say
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            files = {name: self.directory / rel for name, rel in manifest["modules"].items()}
            sources = manifest["sources"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            logger.warning(
                "unreadable %s (%s): text mode runs as plain Python", manifest_path, error
            )
            return {}
        problem = self._problem(files, sources)
        if problem:
            logger.warning(
                "compiled text mode not used (%s): it runs as plain Python; `make` rebuilds it",
                problem,
            )
            return {}
        return files

    def _problem(self, files: Mapping[str, Path], sources: Mapping[str, str]) -> str:
        missing = [name for name in (*COMPILED_MODULES, LIBRARY) if name not in files]
        if missing:
            return "the build lacks " + ", ".join(missing)
        suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
        unloadable = [str(f) for f in files.values() if not f.name.endswith(suffixes)]
        if unloadable:
            return "built for another Python: " + ", ".join(unloadable)
        absent = [str(f) for f in files.values() if not f.is_file()]
        if absent:
            return "missing " + ", ".join(absent)
        stale = stale_sources(sources, self.package_dir)
        if stale:
            return "sources changed since the build: " + ", ".join(stale)
        return ""


def install() -> None:
    """Put the finder first on `sys.meta_path` (once per process)."""
    if not any(isinstance(finder, CompiledFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, CompiledFinder())


def is_compiled(module: ModuleType) -> bool:
    """Whether `module` was loaded from a compiled extension."""
    return isinstance(getattr(module, "__loader__", None), importlib.machinery.ExtensionFileLoader)
