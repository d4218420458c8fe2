"""The pipeline, one readable function per job. I/O comes in through `sources`; stages are pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from crosswire.extract.article import extract_article
from crosswire.extract.outlet_furniture import learn_templates
from crosswire.model import Article, Hints, InputFailure, Page
from crosswire.sources.fetch import Fetcher
from crosswire.sources.inputs import SourceOptions, iter_pages

Result = Article | InputFailure


def extract_all(
    inputs: Sequence[str],
    *,
    hints: Hints = Hints(),
    options: SourceOptions = SourceOptions(),
    fetch: Fetcher | None = None,
    on_item: Callable[[str], None] | None = None,
) -> list[Result]:
    """Read every input and extract its article; one result per page or failed input, in order.

    Pages are read first so that pages of one outlet can teach each other their furniture.
    """
    items = list(iter_pages(inputs, options=options, hints=hints, fetch=fetch))
    return extract_items(items, on_item=on_item)


def extract_items(
    items: Sequence[Page | InputFailure], *, on_item: Callable[[str], None] | None = None
) -> list[Result]:
    """Extract the articles of pages already read (failures pass through in place)."""
    pages = [item for item in items if isinstance(item, Page)]
    templates = learn_templates(pages)
    results: list[Result] = []
    for item in items:
        if isinstance(item, Page):
            results.append(extract_article(item, template=templates.get(item.source, frozenset())))
        else:
            results.append(item)
        if on_item is not None:
            on_item(item.source)
    return results
