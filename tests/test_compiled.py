"""Text mode compiled with mypyc: loaded only from a build of the current sources, and alike."""

from __future__ import annotations

import importlib
import json
import logging
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crosswire import compiled
from crosswire.compiled import COMPILED_MODULES, LIBRARY, CompiledFinder, source_digest
from tests import hostile_pages, pages

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def loaded_compiled() -> bool:
    return all(compiled.is_compiled(importlib.import_module(n)) for n in COMPILED_MODULES)


def test_make_test_runs_the_compiled_modules() -> None:
    if not os.environ.get("CROSSWIRE_EXPECT_COMPILED"):
        pytest.skip("run outside `make test`, which builds text mode compiled and says so")
    assert loaded_compiled(), "make test built text mode compiled, yet plain Python was loaded"


# What the compiled modules decide: every line's label and reason, the title, authors and date.
LABELS_SCRIPT = """
import json, sys
from crosswire.extract.article import extract_article
from crosswire.extract.textmode import classify_lines
from crosswire.model import Page
import crosswire.compiled, crosswire.extract.textmode as textmode
out = [crosswire.compiled.is_compiled(textmode)]
for text in json.load(sys.stdin):
    lines = [(l.start, l.end, l.label.value, l.reason) for l in classify_lines(text)]
    a = extract_article(Page(source="page.txt", content=text, kind="text"))
    out.append([lines, a.title.value, list(a.authors), a.published.value, a.published.evidence])
print(json.dumps(out))
"""


def sample_pages() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    texts += [pages.BROWSER_DUMP, pages.APPEAL_DUMP, pages.ONLY_FURNITURE, pages.HEBREW]
    texts += [pages.TURKISH, pages.lighthouse_page(), "", "\n\n", "x"]
    rng = random.Random(11)
    for _ in range(20):
        _, raw = hostile_pages.hostile_page(rng)
        texts.append(raw.decode("utf-8", errors="replace"))
    return texts


def decisions(texts: list[str], *, pure: bool) -> list[Any]:
    env = {**os.environ, compiled.PURE_PYTHON_ENV: "1" if pure else "0"}
    done = subprocess.run(
        [sys.executable, "-c", LABELS_SCRIPT],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    found: list[Any] = json.loads(done.stdout)
    return found


def test_compiled_and_plain_python_decide_every_line_alike() -> None:
    if not loaded_compiled():
        pytest.skip("text mode is not built compiled here (`make` builds it): nothing to compare")
    texts = sample_pages()
    plain_flag, *plain = decisions(texts, pure=True)
    compiled_flag, *machine = decisions(texts, pure=False)
    assert (plain_flag, compiled_flag) == (False, True)
    assert len(plain) == len(texts)
    assert any(title for _, title, *_ in plain)  # the pages hold titles to find
    assert plain == machine


def fake_build(tmp_path: Path) -> tuple[Path, Path]:
    """A build directory of empty 'extensions' and a package of two sources it was made from."""
    package = tmp_path / "package"
    (package / "extract").mkdir(parents=True)
    (package / "text.py").write_text("WORD = 1\n")
    (package / "extract" / "textmode.py").write_text("def classify_lines(): ...\n")
    build = tmp_path / "_compiled"
    modules = {}
    for name in (*COMPILED_MODULES, LIBRARY):
        relative = name.replace(".", "/") + SUFFIX
        (build / relative).parent.mkdir(parents=True, exist_ok=True)
        (build / relative).write_bytes(b"")
        modules[name] = relative
    sources = {r: source_digest(package / r) for r in ("text.py", "extract/textmode.py")}
    manifest = {"modules": modules, "sources": sources}
    (build / compiled.MANIFEST).write_text(json.dumps(manifest))
    return build, package


@pytest.fixture
def compiled_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(compiled.PURE_PYTHON_ENV, raising=False)


@pytest.mark.usefixtures("compiled_allowed")
def test_a_current_build_is_found_as_extensions(tmp_path: Path) -> None:
    build, package = fake_build(tmp_path)
    finder = CompiledFinder(build, package)
    spec = finder.find_spec("crosswire.extract.linefeatures")
    assert spec is not None
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)
    assert spec.origin == str(build / "crosswire" / "extract" / f"linefeatures{SUFFIX}")
    assert finder.find_spec(LIBRARY) is not None
    assert finder.find_spec("crosswire.extract.htmlmode") is None  # not compiled: its source
    assert finder.find_spec("json") is None


@pytest.mark.usefixtures("compiled_allowed")
def test_an_edited_source_turns_the_whole_group_to_plain_python(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build, package = fake_build(tmp_path)
    (package / "text.py").write_text("WORD = 2\n")
    with caplog.at_level(logging.WARNING, logger="crosswire.compiled"):
        finder = CompiledFinder(build, package)
        assert finder.find_spec("crosswire.extract.textmode") is None
        assert finder.find_spec("crosswire.extract.lexicon") is None  # unchanged, yet the group
    assert "sources changed since the build: text.py" in caplog.text
    assert caplog.text.count("compiled text mode not used") == 1  # said once


@pytest.mark.usefixtures("compiled_allowed")
def test_a_deleted_source_is_a_changed_one(tmp_path: Path) -> None:
    build, package = fake_build(tmp_path)
    (package / "extract" / "textmode.py").unlink()
    assert CompiledFinder(build, package).files() == {}


@pytest.mark.usefixtures("compiled_allowed")
def test_an_incomplete_or_foreign_build_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build, package = fake_build(tmp_path)
    manifest = json.loads((build / compiled.MANIFEST).read_text())
    del manifest["modules"]["crosswire.extract.mainrun"]
    (build / compiled.MANIFEST).write_text(json.dumps(manifest))
    with caplog.at_level(logging.WARNING, logger="crosswire.compiled"):
        assert CompiledFinder(build, package).files() == {}
    assert "the build lacks crosswire.extract.mainrun" in caplog.text

    build, package = fake_build(tmp_path / "other")
    manifest = json.loads((build / compiled.MANIFEST).read_text())
    manifest["modules"][LIBRARY] = "crosswire_textmode__mypyc.cpython-39-darwin.so"
    (build / compiled.MANIFEST).write_text(json.dumps(manifest))
    assert CompiledFinder(build, package).files() == {}

    build, package = fake_build(tmp_path / "gone")
    (build / "crosswire" / "extract" / f"headline{SUFFIX}").unlink()
    assert CompiledFinder(build, package).files() == {}

    build, package = fake_build(tmp_path / "broken")
    (build / compiled.MANIFEST).write_text("{not json")
    assert CompiledFinder(build, package).files() == {}


def test_no_build_means_plain_python_without_a_word(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, compiled_allowed: None
) -> None:
    with caplog.at_level(logging.DEBUG, logger="crosswire.compiled"):
        assert CompiledFinder(tmp_path / "absent", tmp_path).files() == {}
    assert not caplog.records


def test_the_environment_switch_turns_a_current_build_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build, package = fake_build(tmp_path)
    monkeypatch.setenv(compiled.PURE_PYTHON_ENV, "1")
    assert CompiledFinder(build, package).files() == {}
    monkeypatch.setenv(compiled.PURE_PYTHON_ENV, "0")
    assert CompiledFinder(build, package).files() != {}


def test_install_puts_one_finder_on_the_path() -> None:
    compiled.install()
    compiled.install()
    assert sum(isinstance(f, CompiledFinder) for f in sys.meta_path) == 1
