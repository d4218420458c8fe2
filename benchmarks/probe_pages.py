"""Freak pages against `crosswire extract`: the quadratic paths and the huge trees of issue 12.

    .venv/bin/python benchmarks/probe_pages.py                   # every probe (about a minute)
    .venv/bin/python benchmarks/probe_pages.py --only tags.txt

Writes each page to a temporary folder, runs `.venv/bin/crosswire extract PAGE` on it in a child
process (probe_child.run_crosswire: killed past --kill-mb or --timeout) and prints the outcome, the
seconds and the child's peak RSS. Every page is invented here:

- tags.txt: 311 KB of run-together "Tags:" lines under a short article (4 min 17 s before);
- paragraphs-100k.html: 100,000 short paragraphs, 5.7 MB (53 s and 690 MB before);
- paragraphs-1m.html: a million paragraphs, 8 MB (past 5 minutes at 2 GB before);
- nested-divs.html: an article inside 100,000 `<div>`s (its text was lost before);
- long-run.html: one 170,000-character run without white space (45 s before).

Not named bench_*.py: `make bench` runs those, and this one is a probe, not a measurement.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

from probe_child import run_crosswire

ARTICLE = "".join(
    f"<p>The council of Brackwater voted on Tuesday to close ferry landing {i}, and commuters who "
    "cross the harbour every morning said they had not been asked.</p>"
    for i in range(6)
)
WORDS = ["harbour", "ferry", "closure", "commuters", "council", "landing", "water", "authority"]


def tags_page() -> str:
    rng = random.Random(1)
    body = "\n".join(
        " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(200)
    )
    tags = []
    while sum(map(len, tags)) < 311_000:
        tags.append("Tags: " + "".join(rng.choice(WORDS) for _ in range(10)))
    return (
        "Harbour Times\n\nFerry landing to close\n\nBy Jane Roe\n\n"
        + body
        + "\n\n"
        + "\n".join(tags)
    )


def paragraphs_page(count: int, text: str) -> str:
    rows = "".join(f"<p>{text.format(i)}</p>" for i in range(count))
    return (
        f"<html><head><title>Big page</title></head><body><article>{rows}</article></body></html>"
    )


def nested_page() -> str:
    article = f"<h1>Ferry landing to close</h1>{ARTICLE}"
    return f"<html><body>{'<div>' * 100_000}{article}{'</div>' * 100_000}</body></html>"


def long_run_page() -> str:
    article = f"<h1>Ferry landing to close</h1>{ARTICLE}"
    return f"<html><body>{article}<p>{'harbour' * 24_000}</p></body></html>"


PAGES: dict[str, Callable[[], str]] = {
    "tags.txt": tags_page,
    "paragraphs-100k.html": lambda: paragraphs_page(
        100_000, "Paragraph {} of the report says the council met again."
    ),
    "paragraphs-1m.html": lambda: paragraphs_page(1_000_000, "x"),
    "nested-divs.html": nested_page,
    "long-run.html": long_run_page,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only these pages (by file name)")
    parser.add_argument("--kill-mb", type=int, default=4096)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    print(f"{'page':<22} {'outcome':<10} {'seconds':>8} {'peak MB':>8}  first error")
    with tempfile.TemporaryDirectory(prefix="crosswire-pages-") as folder:
        for name, make in PAGES.items():
            if args.only and name not in args.only:
                continue
            path = Path(folder) / name
            path.write_text(make(), encoding="utf-8")
            outcome = run_crosswire(["extract", str(path)], args.kill_mb, args.timeout)
            print(
                f"{name:<22} {outcome.exit:<10} {outcome.seconds:>8.1f} {outcome.peak_mb:>8.0f}  "
                f"{outcome.first_error}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
