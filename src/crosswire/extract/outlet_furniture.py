"""Cross-page template learning: lines that several pages of one outlet share are its furniture.

Pages of one outlet repeat their menus, footers, sign-up boxes and appeals word for word, while
their articles differ. Given several pages together, a line found on two or more pages of the same
outlet is template. Pages are grouped by their address's domain; pages without one join the group
of pages they share enough lines with. Two copies of one article (a page given twice, a syndicated
reprint) teach nothing: a pair of pages that share most of their lines is not used.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from crosswire.extract.urls import domain_of
from crosswire.model import Page
from crosswire.text import words

# Two pages that share more than this share of their long lines are copies, not siblings.
COPY_SHARE = 0.5
LONG_LINE_WORDS = 10  # lines this long are article text or appeals, not menus
# Pages without an address are grouped with pages that share at least this many lines.
MIN_SHARED_FOR_GROUP = 5


def page_lines(page: Page) -> frozenset[str]:
    """The normalised non-empty lines of a text page (HTML pages are not template-learned)."""
    if page.kind != "text":
        return frozenset()
    lines = (" ".join(words(line.lower())) for line in page.content.splitlines())
    return frozenset(line for line in lines if line)


def learn_templates(pages: Sequence[Page]) -> dict[str, frozenset[str]]:
    """For each page (by source), the lines it shares with other pages of its outlet."""
    lines = {page.source: page_lines(page) for page in pages}
    groups = _groups(pages, lines)
    templates: dict[str, frozenset[str]] = {}
    for members in groups:
        for source in members:
            counts: Counter[str] = Counter()
            for other in members:
                if other != source and not _copies(lines[source], lines[other]):
                    counts.update(lines[source] & lines[other])
            templates[source] = frozenset(counts)
    return templates


def _copies(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two copies of one article share most of their long lines; menus and footers are short."""
    long_a = {line for line in a if line.count(" ") + 1 >= LONG_LINE_WORDS}
    long_b = {line for line in b if line.count(" ") + 1 >= LONG_LINE_WORDS}
    smaller = min(len(long_a), len(long_b))
    return smaller > 0 and len(long_a & long_b) > COPY_SHARE * smaller


def _groups(pages: Sequence[Page], lines: dict[str, frozenset[str]]) -> list[list[str]]:
    by_domain: defaultdict[str, list[str]] = defaultdict(list)
    loose: list[str] = []
    for page in pages:
        domain = domain_of(page.url)
        if domain:
            by_domain[domain].append(page.source)
        elif lines[page.source]:
            loose.append(page.source)
    groups = list(by_domain.values())
    for source in loose:
        home = max(groups, key=lambda g: _shared(lines, source, g), default=None)
        if home is not None and _shared(lines, source, home) >= MIN_SHARED_FOR_GROUP:
            home.append(source)
        else:
            groups.append([source])
    return [g for g in groups if len(g) > 1]


def _shared(lines: dict[str, frozenset[str]], source: str, group: list[str]) -> int:
    return max((len(lines[source] & lines[other]) for other in group), default=0)
