"""The story list's small coverage-over-time chart: articles per day as bars, in inline SVG.

Built here from numbers alone (no page text enters it), with attributes, not style: the pages'
Content-Security-Policy allows no inline style.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

WIDTH, HEIGHT = 120, 24
MAX_DAYS = 30  # a month shows each day; a longer story shows its last 30 days of coverage


def coverage_svg(coverage: Sequence[Sequence[object]]) -> Markup:
    """Bars of articles per day (`coverage`: [[day ISO, count], ...]), the days between shown
    as gaps; an accessible name says the span and the busiest day."""
    days = sorted(
        (day, int(str(count))) for given, count in coverage if (day := _day(given)) is not None
    )
    if not days:
        return Markup("")
    last = days[-1][0]
    first = max(days[0][0], last - timedelta(days=MAX_DAYS - 1))
    counts = {day: count for day, count in days if day >= first}
    span = (last - first).days + 1
    most = max(counts.values())
    step = WIDTH / max(span, 1)
    bars = []
    for offset in range(span):
        count = counts.get(first + timedelta(days=offset), 0)
        if count:
            height = max(2.0, HEIGHT * count / most)
            bars.append(
                f'<rect x="{offset * step:.1f}" y="{HEIGHT - height:.1f}" '
                f'width="{max(step - 1, 1):.1f}" height="{height:.1f}"></rect>'
            )
    busiest = max(counts, key=lambda day: (counts[day], day))
    label = (
        f"{sum(counts.values())} articles from {first.isoformat()} to {last.isoformat()}; "
        f"most on {busiest.isoformat()} ({counts[busiest]})"
    )
    return Markup(
        f'<svg class="chart" role="img" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(bars)}</svg>"
    )


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
