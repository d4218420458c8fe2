"""crosswire: from many outlets' coverage of one story to a story dossier.

    import crosswire

    dossier = crosswire.make_dossier(["a.html", "b.txt", "https://example.com/story"])
    open("story.html", "w").write(crosswire.render_dossier(dossier, "html"))

The public API, in the order of the pipeline:

- the whole job: `make_dossier` (inputs -> `Dossier`), and one call per floor: `extract` (inputs
  -> articles, or failures saying why), `annotate` (who said what, and when), `stories` (which
  articles tell one story); `Progress`, the progress callback they take
- output: `render_dossier` (HTML, Markdown, JSON), `render_articles`, `render_stories`,
  `dossier_to_dict`, `article_to_dict`, `article_from_dict`
- the stages underneath, for finer control: `iter_pages`, `SourceOptions`, `http_fetcher`
  (reading inputs); `extract_article`, `extract_pages` (extraction); `annotate_articles`;
  `group_stories`, `find_derivations`, `count_independent`, `build_dossier`, `choose_story`,
  `align_facts`, `find_conflicts`, `mark_contested`, `build_quote_ledger`, `find_actors`,
  `estimate_publication`, `build_timeline` (across outlets); `backend_named`, `HashingBackend`
  (text similarity)
- the model: `Page`, `Hints`, `Article`, `InputFailure`, `Basis`, `Evidenced`, `Paragraph`, ...,
  and the dossier's `Dossier`, `Fact`, `Support`, `Conflict`, `LedgerQuote`, `TimelineEvent`,
  `Actor`, ...
- the desk: `Desk` (a store that keeps stories' coverage as it arrives: `ingest`, `articles`,
  `article`, `search`)
- archives: `run_batch` (inputs -> Parquet under an output directory, on Ray Data; resumable),
  `BatchSummary`
- errors: `CrosswireError` (the root), `InputError`, `ConfigError`, `StoreError`

Names are imported on first use, so `import crosswire` stays cheap (the extractors pull in
trafilatura and lxml, annotation spaCy). `crosswire.extract` and `crosswire.annotate` are also
the stage packages of those names: called, they run the functions above; their modules import
as any module does (`from crosswire.extract.textmode import classify_lines`).
"""

from __future__ import annotations

import inspect
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from crosswire import compiled as _compiled

__version__ = "0.1.0"

# Text mode's per-line modules load compiled where `make` built them for these very sources.
_compiled.install()


class _StagePackage(ModuleType):
    """A stage package that, called, runs its floor of the pipeline: `crosswire.extract(...)` is
    `crosswire.pipeline.extract(...)`, and `crosswire.extract.textmode` is still a module."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function()(*args, **kwargs)

    @property
    def __signature__(self) -> inspect.Signature:
        return inspect.signature(self._function())

    def _function(self) -> Any:
        return getattr(import_module("crosswire.pipeline"), self.__name__.rpartition(".")[2])


# `crosswire.extract` and `crosswire.annotate` name both a stage package and a function of the
# public API. A function in their place would hide the packages from `import crosswire.extract.x
# as y`; so they stay packages (light: docstrings only), and calling one runs the function.
for _package in ("extract", "annotate"):
    import_module(f"crosswire.{_package}").__class__ = _StagePackage

_WHERE = {
    "make_dossier": "crosswire.pipeline",
    "stories": "crosswire.pipeline",
    "Progress": "crosswire.pipeline",
    "render_dossier": "crosswire.report.render",
    "render_articles": "crosswire.report.render",
    "render_stories": "crosswire.report.render",
    "dossier_to_dict": "crosswire.report.dossier_json",
    "article_to_dict": "crosswire.report.article_json",
    "article_from_dict": "crosswire.report.article_json",
    "iter_pages": "crosswire.sources.inputs",
    "SourceOptions": "crosswire.sources.options",
    "http_fetcher": "crosswire.sources.fetch",
    "extract_article": "crosswire.extract.article",
    "extract_pages": "crosswire.extract.article",
    "annotate_articles": "crosswire.annotate.annotator",
    "group_stories": "crosswire.compare.stories",
    "find_derivations": "crosswire.compare.derivation",
    "count_independent": "crosswire.compare.derivation",
    "build_dossier": "crosswire.compare.dossier",
    "choose_story": "crosswire.compare.dossier",
    "align_facts": "crosswire.compare.facts",
    "find_conflicts": "crosswire.compare.conflicts",
    "mark_contested": "crosswire.compare.conflicts",
    "build_quote_ledger": "crosswire.compare.quote_ledger",
    "find_actors": "crosswire.compare.actors",
    "estimate_publication": "crosswire.compare.publication_dates",
    "build_timeline": "crosswire.compare.timeline",
    "backend_named": "crosswire.compare.embeddings",
    "HashingBackend": "crosswire.compare.embeddings",
    "CrosswireError": "crosswire.errors",
    "InputError": "crosswire.errors",
    "ConfigError": "crosswire.errors",
    "StoreError": "crosswire.errors",
    "Desk": "crosswire.store.desk",
    "run_batch": "crosswire.batch.run",
    "BatchSummary": "crosswire.batch.run",
    **{
        name: "crosswire.model"
        for name in (
            "Page",
            "Hints",
            "Article",
            "InputFailure",
            "Line",
            "LineLabel",
            "Basis",
            "DateValue",
            "Evidenced",
            "Paragraph",
            "Caption",
            "Embed",
            "Removed",
            "Problem",
            "Provenance",
            "Span",
            "Story",
            "Derivation",
            "Quote",
            "Entity",
            "Statement",
            "TimeExpression",
            "Annotations",
            "Dossier",
            "Fact",
            "FactStatus",
            "Support",
            "Conflict",
            "ConflictKind",
            "LedgerQuote",
            "QuoteVariant",
            "VariantKind",
            "PublicationDate",
            "TimelineEvent",
            "Actor",
        )
    },
}

__all__ = ["__version__", "extract", "annotate", *_WHERE]

if TYPE_CHECKING:  # what type checkers see of the lazy names (the runtime reads _WHERE)
    from crosswire.batch.run import BatchSummary as BatchSummary
    from crosswire.batch.run import run_batch as run_batch
    from crosswire.pipeline import Progress as Progress
    from crosswire.pipeline import annotate as annotate
    from crosswire.pipeline import extract as extract
    from crosswire.pipeline import make_dossier as make_dossier
    from crosswire.pipeline import stories as stories
    from crosswire.report.render import render_articles as render_articles
    from crosswire.report.render import render_dossier as render_dossier
    from crosswire.report.render import render_stories as render_stories
    from crosswire.store.desk import Desk as Desk


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'crosswire' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
