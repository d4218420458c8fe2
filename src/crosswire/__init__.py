"""crosswire: from many outlets' coverage of one story to a story dossier.

The public API, in the order of the pipeline:

- reading inputs: `iter_pages`, `SourceOptions`, `http_fetcher`
- extraction: `extract_all` (inputs -> articles, with cross-page template learning),
  `extract_items` (pages already read), `extract_article` (one page), `classify_lines` (text mode),
  `extract_html` (HTML mode)
- annotation: `annotate_articles` (entities, quotes, statements, times)
- across outlets: `group_stories`, `find_derivations`, `count_independent`
- the story dossier: `build_dossier` (all of the below, each stage guarded), `choose_story`,
  `align_facts`, `find_conflicts`, `mark_contested`, `build_quote_ledger`, `find_actors`,
  `estimate_publication`, `build_timeline`
- output: `article_to_dict`, `article_from_dict`, `dossier_to_dict`, `render_dossier`
- the model: `Page`, `Hints`, `Article`, `InputFailure`, `Line`, `LineLabel`, `Basis`,
  `DateValue`, `Evidenced`, `Paragraph`, `Caption`, `Embed`, `Removed`, `Problem`, `Provenance`,
  `Span`, and the dossier's `Dossier`, `Fact`, `Support`, `Conflict`, `LedgerQuote`,
  `TimelineEvent`, `Actor`, ...
- errors: `CrosswireError` (the root), `InputError`, `ConfigError`

Names are imported on first use, so `import crosswire` stays cheap (the extractors pull in
trafilatura and lxml).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_WHERE = {
    "iter_pages": "crosswire.sources.inputs",
    "SourceOptions": "crosswire.sources.inputs",
    "http_fetcher": "crosswire.sources.fetch",
    "extract_all": "crosswire.pipeline",
    "extract_items": "crosswire.pipeline",
    "extract_article": "crosswire.extract.article",
    "classify_lines": "crosswire.extract.textmode",
    "extract_html": "crosswire.extract.htmlmode",
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
    "dossier_to_dict": "crosswire.report.dossier_json",
    "article_to_dict": "crosswire.report.article_json",
    "article_from_dict": "crosswire.report.article_json",
    "render_dossier": "crosswire.report.render",
    "CrosswireError": "crosswire.errors",
    "InputError": "crosswire.errors",
    "ConfigError": "crosswire.errors",
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

__all__ = ["__version__", *_WHERE]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'crosswire' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
