"""Compile text mode's per-line modules with mypyc into src/crosswire/_compiled/ (`make` runs this).

    .venv/bin/python tools/build_compiled.py [--force]

The modules are `crosswire.compiled.COMPILED_MODULES`; the manifest written beside the extensions
records the sha256 of each of them and of every crosswire module they import, so that the finder
in `crosswire.compiled` loads the build only while those sources are unchanged. A build that is
already current is kept (say --force to redo it). Needs a C compiler and Python's headers (gcc on
Debian); mypy, which brings mypyc, is in the dev dependencies. About 30 s.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
# mypyc checks the modules it compiles and what they import from crosswire; the rest of the
# world (torch, spaCy, numpy: minutes of checking) is skipped, as nothing compiled calls it.
MYPY_CONFIG = Path(__file__).resolve().parent / "mypyc.ini"

# Importing crosswire must not load a build this script is about to replace.
os.environ["CROSSWIRE_PURE_PYTHON"] = "1"
sys.path.insert(0, str(SRC))

from crosswire import compiled  # noqa: E402


def module_path(name: str) -> Path:
    return SRC / (name.replace(".", "/") + ".py")


def imported_sources(name: str) -> set[str]:
    """The crosswire modules `name` imports (files under the package), itself included."""
    found = {name}
    tree = ast.parse(module_path(name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {
        module_path(n).relative_to(compiled.PACKAGE_DIR).as_posix()
        for n in found
        if n.startswith("crosswire") and module_path(n).is_file()
    }


def sources_digest() -> dict[str, str]:
    relative = sorted(set().union(*(imported_sources(n) for n in compiled.COMPILED_MODULES)))
    return {r: compiled.source_digest(compiled.PACKAGE_DIR / r) for r in relative}


def current(sources: dict[str, str]) -> bool:
    """Whether the build in place was made from exactly these sources and loads here."""
    finder = compiled.CompiledFinder()
    # A stale build is why this runs: the finder's warning about it would only confuse here.
    logging.getLogger(compiled.__name__).setLevel(logging.ERROR)
    os.environ.pop(compiled.PURE_PYTHON_ENV)
    try:
        usable = bool(finder.files())
    finally:
        os.environ[compiled.PURE_PYTHON_ENV] = "1"
    manifest = compiled.COMPILED_DIR / compiled.MANIFEST
    return usable and json.loads(manifest.read_text(encoding="utf-8"))["sources"] == sources


def build(work: Path) -> dict[str, str]:
    """Compile into `work`; returns module name -> extension path relative to `work`/lib."""
    from mypyc.build import mypycify
    from setuptools import Distribution

    paths = [str(module_path(n)) for n in compiled.COMPILED_MODULES]
    os.chdir(ROOT)  # mypy names the modules from their paths under src/
    extensions = mypycify(
        ["--config-file", str(MYPY_CONFIG), *paths],
        opt_level="3",
        debug_level="0",
        group_name=compiled.GROUP,
        target_dir=str(work / "c"),
    )
    dist = Distribution({"name": "crosswire-compiled", "ext_modules": extensions})
    command = dist.get_command_obj("build_ext")
    command.build_lib = str(work / "lib")
    command.build_temp = str(work / "temp")
    dist.run_command("build_ext")
    built = {}
    for extension in extensions:
        name = extension.name
        built[name] = Path(command.get_ext_filename(name)).as_posix()
    return built


@contextlib.contextmanager
def output_to(log: Path) -> Iterator[None]:
    """Everything written to stdout and stderr, by mypyc and by the compiler it runs, into `log`
    (shown only when the build fails: a good build prints two lines)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log.open("wb") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def install(work: Path, built: dict[str, str], sources: dict[str, str]) -> None:
    """Move the extensions and their manifest in place, replacing the previous build whole."""
    staged = Path(tempfile.mkdtemp(prefix="_compiled.", dir=compiled.PACKAGE_DIR))
    staged.chmod(0o755)  # mkdtemp's 0700 would hide the build from other users of the install
    for relative in built.values():
        target = staged / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(work / "lib" / relative, target)
    manifest = {"modules": built, "sources": sources, "python": sys.version.split()[0]}
    (staged / compiled.MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    old = compiled.COMPILED_DIR.with_name("_compiled.old")
    shutil.rmtree(old, ignore_errors=True)
    if compiled.COMPILED_DIR.exists():
        compiled.COMPILED_DIR.rename(old)  # a running process keeps its mapped files
    staged.rename(compiled.COMPILED_DIR)
    shutil.rmtree(old, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if the build is current")
    args = parser.parse_args()
    sources = sources_digest()
    if not args.force and current(sources):
        print(f"compiled text mode is current ({compiled.COMPILED_DIR.relative_to(ROOT)})")
        return 0
    started = time.monotonic()
    print(f"compiling text mode with mypyc: {len(compiled.COMPILED_MODULES)} modules (about 30 s)")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory(prefix="crosswire-mypyc-") as work:
        log = Path(work) / "build.log"
        try:
            with output_to(log):
                built = build(Path(work))
        except (Exception, SystemExit) as error:  # any failure of mypy or the compiler ends here
            lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
            print("\n".join(lines[-40:]), file=sys.stderr)
            print(
                f"compiling text mode failed: {error!r}\n"
                "It needs a C compiler and Python's headers (Debian: gcc, python3-dev). "
                "crosswire runs without the build, as plain Python (about 1.25x slower text mode).",
                file=sys.stderr,
            )
            return 1
        install(Path(work), built, sources)
    took = time.monotonic() - started
    print(f"compiled text mode into {compiled.COMPILED_DIR.relative_to(ROOT)} in {took:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
