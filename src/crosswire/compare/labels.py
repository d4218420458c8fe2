"""Names for articles that a reader recognises: outlet and day, never an input path.

An article's `source` (the path or URL it was given as) is its identity in the model and the JSON;
people see a label instead: "The Times of Israel, 9 Nov". Labels are short and unique within a
dossier: where two articles would share one, a short headline tells them apart, then a number.
An article with no known outlet is named by its headline, and one with neither by its position.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from crosswire.model import Article, PublicationDate

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
OUTLET_CHARS = 32  # a longer outlet name is cut (outlet names are rarely longer)
HEADLINE_WORDS = 4  # words of the headline that tell two articles of one outlet and day apart
HEADLINE_CHARS = 32
ISO_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def article_labels(
    articles: Sequence[Article], published: Sequence[PublicationDate] = ()
) -> dict[str, str]:
    """Each article's label by its source: outlet and publication day, unique among `articles`.

    `published` are the dates the dossier settled on (stated or estimated); an article without
    one is dated by its page. The year is shown only when the articles span more than one.
    """
    unique = list({a.source: a for a in articles}.values())
    dates = {p.article: p.value for p in published}
    days = {a.source: _iso_parts(dates.get(a.source) or a.published.value) for a in unique}
    years = {parts[0] for parts in days.values() if parts}
    labels = {
        a.source: _base_label(a, n, _day_text(days[a.source], len(years) > 1))
        for n, a in enumerate(unique, 1)
    }
    labels = _disambiguate(unique, labels, _with_headline)
    return _disambiguate(unique, labels, _numbered(unique))


def article_name(article: Article) -> str:
    """What an evidence string calls an article: its outlet, else its headline (never a path)."""
    outlet = _clean(article.outlet.value)
    if outlet:
        return _cut(outlet, OUTLET_CHARS)
    headline = _short_headline(article)
    return f"“{headline}”" if headline else "another article"


def _base_label(article: Article, position: int, day: str) -> str:
    outlet = _clean(article.outlet.value)
    if outlet:
        name = _cut(outlet, OUTLET_CHARS)
    else:
        headline = _short_headline(article)
        name = f"“{headline}”" if headline else f"Article {position}"
    return f"{name}, {day}" if day else name


def _disambiguate(
    articles: Sequence[Article],
    labels: Mapping[str, str],
    longer: Callable[[Article, str], str],
) -> dict[str, str]:
    """Labels where every label two articles share is made longer by `longer`."""
    counts = Counter(label.casefold() for label in labels.values())
    out = dict(labels)
    for a in articles:
        if counts[labels[a.source].casefold()] > 1:
            out[a.source] = longer(a, labels[a.source])
    return out


def _with_headline(article: Article, label: str) -> str:
    headline = _short_headline(article)
    return f"{label} ({headline})" if headline and headline not in label else label


def _numbered(articles: Sequence[Article]) -> Callable[[Article, str], str]:
    """A `longer` that numbers the articles sharing a label, in input order (#1, #2, ...)."""
    seen: Counter[str] = Counter()

    def number(article: Article, label: str) -> str:
        seen[label.casefold()] += 1
        return f"{label} #{seen[label.casefold()]}"

    return number


def _short_headline(article: Article) -> str:
    words = _clean(article.title.value).split()
    if not words:
        return ""
    short = " ".join(words[:HEADLINE_WORDS])
    cut = _cut(short, HEADLINE_CHARS)
    return cut if len(words) <= HEADLINE_WORDS or cut.endswith("…") else cut + "…"


def _iso_parts(value: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of an ISO 8601 date or date-time, as precise as it is, or None."""
    match = ISO_DAY.match(value or "")
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if year is None or (month is not None and not 1 <= month <= 12):
        return None
    if month is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    return year, month, day


def _day_text(parts: tuple[int, int | None, int | None] | None, with_year: bool) -> str:
    """ "9 Nov" (or "9 Nov 2025" when `with_year`), "Nov 2025" or "2025"; "" when unknown."""
    if parts is None:
        return ""
    year, month, day = parts
    if month is None:
        return str(year)
    text = MONTHS[month - 1] if day is None else f"{day} {MONTHS[month - 1]}"
    return f"{text} {year}" if with_year or day is None else text


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
