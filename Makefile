# crosswire: set-up, demo, tests, lint and benchmarks. Every target installs what it needs first.
#
#   make demo    build out/dossier.html from the bundled example pages
#   make test    run the test suite (2 workers)
#   make serve   the web desk at http://127.0.0.1:8000/ over out/desk.db (the bundled example)
#   make lint    ruff check, ruff format --check, mypy, lint-imports (the floors of the package)
#   make bench   run every benchmarks/bench_*.py

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The install is redone only when pyproject.toml (or this Makefile) changes.
STAMP  := $(VENV)/.crosswire-installed
# Text mode's per-line modules compiled with mypyc (src/crosswire/compiled.py says which and why).
COMPILED := src/crosswire/_compiled/manifest.json
# Pins that must be resolved in the same pip call as the package (e.g. EXTRA_PINS='torch==2.13.0').
EXTRA_PINS ?=
PIP_FLAGS  ?= --quiet --disable-pip-version-check
PYTEST_WORKERS ?= 2
DEMO_OUT := out/dossier.html
SERVE_DB := out/desk.db

.PHONY: install demo serve test lint bench clean

install: $(STAMP) $(COMPILED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[dev]' $(EXTRA_PINS)
	@touch $@

# Redone when a source changes (the build keeps itself when its sources' hashes are unchanged);
# whatever `make` does, the modules load compiled only while their sources match the build.
$(COMPILED): $(STAMP) tools/build_compiled.py tools/mypyc.ini \
		$(wildcard src/crosswire/*.py src/crosswire/extract/*.py)
	$(BIN)/python tools/build_compiled.py
	@touch $@

demo: $(COMPILED)
	@mkdir -p $(dir $(DEMO_OUT))
	$(BIN)/crosswire dossier examples/*.txt examples/*.html -o $(DEMO_OUT)
	@echo "Open $(abspath $(DEMO_OUT)) in a browser."

# The desk's store of the bundled example is made on the first run; the server's worker builds
# its dossier.
serve: $(COMPILED)
	@mkdir -p $(dir $(SERVE_DB))
	@[ -e $(SERVE_DB) ] || $(BIN)/crosswire ingest examples/*.txt examples/*.html --db $(SERVE_DB)
	$(BIN)/crosswire serve --db $(SERVE_DB)

# pytest exits 5 when it collects no test; make fails on any non-zero exit, so that fails too.
# CROSSWIRE_EXPECT_COMPILED: the tests check that the compiled modules are the ones loaded.
test: $(COMPILED)
	CROSSWIRE_EXPECT_COMPILED=1 $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(COMPILED)
	@set -e; found=0; \
	for bench in benchmarks/bench_*.py; do \
		[ -e "$$bench" ] || continue; found=1; \
		echo "== $$bench"; $(BIN)/python "$$bench"; \
	done; \
	[ $$found -eq 1 ] || { echo "no benchmarks/bench_*.py found" >&2; exit 1; }

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache .hypothesis
