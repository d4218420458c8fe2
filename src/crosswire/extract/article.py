"""Page -> Article: classify the page's lines (text or HTML mode), then assemble the clean article.

Both modes end in the same place — a list of labelled `Line`s over a page text — so the article is
built one way: body lines become paragraphs of `Article.text` (one blank line apart) with spans and
provenance, captions and embeds go to their own fields, furniture is kept with its reasons, and the
metadata stage reads outlet, title, authors and dates from the labelled lines.

`extract_pages` extracts many pages together, so that pages of one outlet teach each other their
furniture (`outlet_furniture`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace

from crosswire.budget import PAGE_TIMEOUT, OverBudget, check_budget, time_budget
from crosswire.errors import InputError
from crosswire.extract.date_mentions import find_date_mentions, to_iso
from crosswire.extract.htmlmode import HtmlExtraction, extract_html
from crosswire.extract.language import detect_language, line_language
from crosswire.extract.linefeatures import EMBED_SIGNATURE
from crosswire.extract.metadata import Metadata, find_metadata
from crosswire.extract.outlet_furniture import learn_templates
from crosswire.extract.textmode import classify_lines
from crosswire.model import (
    Article,
    Caption,
    Embed,
    InputFailure,
    Line,
    LineLabel,
    Page,
    Paragraph,
    Problem,
    Provenance,
    Removed,
    Span,
)

log = logging.getLogger(__name__)
PARAGRAPH_SEPARATOR = "\n\n"
NO_TEXT = "no article text found: the page holds only furniture"


def extract_pages(
    items: Sequence[Page | InputFailure],
    *,
    on_item: Callable[[str], None] | None = None,
    page_timeout: float | None = PAGE_TIMEOUT,
) -> list[Article | InputFailure]:
    """The article of every page, in order; failures to read an input pass through in place.
    `on_item` is told the source of each item as it is done. A page whose extraction takes longer
    than `page_timeout` seconds (None: no limit) becomes an InputFailure saying so."""
    pages = [item for item in items if isinstance(item, Page)]
    templates = learn_templates(pages)
    results: list[Article | InputFailure] = []
    for item in items:
        if isinstance(item, Page):
            template = templates.get(item.source, frozenset())
            results.append(_extract_within(item, template, page_timeout))
        else:
            results.append(item)
        if on_item is not None:
            on_item(item.source)
    return results


def _extract_within(
    page: Page, template: frozenset[str], seconds: float | None
) -> Article | InputFailure:
    try:
        with time_budget(seconds):
            return extract_article(page, template=template)
    except OverBudget as over:
        log.warning("extraction of %s %s; given up", page.source, over)
        return InputFailure(page.source, over_budget_text("extraction", over.seconds))
    except InputError as error:
        return InputFailure(page.source, str(error))


def over_budget_text(stage: str, seconds: float) -> str:
    """Why a page failed its time budget, and how to give it more."""
    return (
        f"{stage} took longer than {seconds:g} s, the time budget of one page "
        "(page_timeout, --page-timeout, raises it)"
    )


def extract_article(page: Page, *, template: frozenset[str] = frozenset()) -> Article:
    """The clean article behind one page. What a stage cannot do is recorded as a problem on the
    article; InputError only for a page that is not read at all (an HTML tree past
    `htmlmode.MAX_HTML_ELEMENTS`)."""
    try:
        return _extract(page, template)
    except InputError:
        raise
    except Exception as exc:  # one article's failure must not stop a batch
        log.exception("extraction failed for %s", page.source)
        return Article(
            source=page.source,
            text="",
            url=page.url,
            mode=page.kind,
            problems=(Problem("extract", f"extraction failed: {type(exc).__name__}: {exc}"),),
        )


def _extract(page: Page, template: frozenset[str]) -> Article:
    html: HtmlExtraction | None = None
    if page.kind == "html":
        html = extract_html(page.content, url=page.url)
        lines, page_text = html.lines, html.page_text
    else:
        lines, page_text = classify_lines(page.content, template=template), page.content
    check_budget()
    body_lines = [line for line in lines if line.label is LineLabel.BODY]
    text = PARAGRAPH_SEPARATOR.join(line.text for line in body_lines)
    language = detect_language(text) if text else None
    embeds = _html_embeds(page, html) if html and html.embeds else _text_embeds(page, lines)
    embeds = tuple(_with_language(e, language) for e in embeds)
    check_budget()
    meta = find_metadata(lines, page, html_meta=html.meta if html else None, embeds=embeds)
    check_budget()
    # What reading the input noticed (a .txt read as HTML) comes first: it may explain the rest.
    problems = [Problem("source", note) for note in page.notes]
    if not text:
        problems.append(Problem("extract", NO_TEXT))
    return Article(
        source=page.source,
        text=text,
        paragraphs=_paragraphs(page.source, body_lines, language),
        url=page.url or (html.meta.url if html else None),
        outlet=meta.outlet,
        title=meta.title,
        standfirst=meta.standfirst,
        authors=meta.authors,
        authors_basis=meta.authors_basis,
        published=meta.published,
        modified=meta.modified,
        fetched_at=page.fetched_at.isoformat() if page.fetched_at else page.hints.fetched_at,
        language=language or (html.meta.language if html else None),
        captions=_captions(page.source, lines, language),
        embeds=embeds,
        tags=meta.tags,
        removed=_removed(page.source, lines),
        problems=tuple(problems) + _metadata_problems(meta),
        mode=page.kind,
        page_text=page_text,
    )


def _paragraphs(source: str, body: Sequence[Line], language: str | None) -> tuple[Paragraph, ...]:
    out, cursor = [], 0
    for line in body:
        span = Span(cursor, cursor + len(line.text))
        foreign = line_language(line.text, language) if language else None
        out.append(Paragraph(span, Provenance(source, line.start, line.end), foreign))
        cursor = span.end + len(PARAGRAPH_SEPARATOR)
    return tuple(out)


def _captions(source: str, lines: Sequence[Line], language: str | None) -> tuple[Caption, ...]:
    return tuple(
        Caption(
            line.text, Provenance(source, line.start, line.end), line_language(line.text, language)
        )
        for line in lines
        if line.label is LineLabel.CAPTION
    )


def _removed(source: str, lines: Sequence[Line]) -> tuple[Removed, ...]:
    return tuple(
        Removed(line.text, line.reason, Provenance(source, line.start, line.end))
        for line in lines
        if line.label is LineLabel.FURNITURE
    )


def _text_embeds(page: Page, lines: Sequence[Line]) -> tuple[Embed, ...]:
    """Group runs of EMBED lines into posts; the signature line names author, handle and date."""
    embeds: list[Embed] = []
    group: list[Line] = []
    for line in [*lines, None]:
        if line is not None and line.label is LineLabel.EMBED:
            group.append(line)
            continue
        if group:
            embeds.append(_embed_from_lines(page.source, group))
            group = []
    return tuple(embeds)


def _embed_from_lines(source: str, group: Sequence[Line]) -> Embed:
    signature = EMBED_SIGNATURE.match(group[-1].text)
    content = group[:-1] if signature and len(group) > 1 else group
    author = handle = day = None
    if signature:
        author = signature.group("author").strip() or None
        handle = signature.group("handle")
        mentions = find_date_mentions(signature.group("date"))
        if mentions and not mentions[0].ambiguous:
            day = to_iso(mentions[0].readings[0])
    return Embed(
        text="\n".join(line.text for line in content),
        provenance=Provenance(source, group[0].start, group[-1].end),
        author=author,
        handle=handle,
        date=day,
    )


def _html_embeds(page: Page, html: HtmlExtraction) -> tuple[Embed, ...]:
    return tuple(
        Embed(
            text=e.text,
            provenance=Provenance(page.source, e.start, e.end),
            author=e.author,
            handle=e.handle,
            date=e.date,
            url=e.url,
        )
        for e in html.embeds
    )


def _with_language(embed: Embed, article_language: str | None) -> Embed:
    language = line_language(embed.text, article_language) or article_language
    return replace(embed, language=language)


def _metadata_problems(meta: Metadata) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    if not meta.title.value:
        # No line reads as a headline (a page copied from its first paragraph): say so rather
        # than promote a sentence of the body.
        problems.append(Problem("metadata", "no headline found on the page"))
    if meta.published.ambiguous:
        readings = " or ".join(meta.published.alternatives)
        problems.append(Problem("metadata", f"publication date is ambiguous: {readings}"))
    return tuple(problems)
