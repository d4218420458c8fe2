"""Text-mode extraction on the extraction benchmark's text renders, next to peers run alongside.

    .venv/bin/python benchmarks/bench_text.py [--renders text,text-lynx] [--limit N]

Peers: all text (the whole dump), jusText and trafilatura over the lines (each line wrapped as a
paragraph, as the benchmark's README measured them). Prints shingle precision/recall/F1 per
render and the median pages/s of 3 rounds on one core. "crosswire text mode" is the line
classifier (the issue's speed bar); "crosswire full article" is the whole stage, metadata, dates
and languages included. Both run as installed: text mode's per-line modules compiled with mypyc
when `make` built them (crosswire/compiled.py); the same classifier as plain Python is measured
too, in a child process (CROSSWIRE_PURE_PYTHON=1), as "... plain Python".
"""

from __future__ import annotations

import argparse
import html
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from scoring import Score, score_corpus
from shared import SCRAPINGHUB, absent


def crosswire_body(text: str) -> str:
    # The benchmark's article body includes embedded posts (its gold keeps tweet text in place), so
    # body and embed lines are scored together, in page order; captions stay out, as in its gold.
    from crosswire.extract.textmode import classify_lines
    from crosswire.model import LineLabel

    keep = (LineLabel.BODY, LineLabel.EMBED)
    return "\n\n".join(line.text for line in classify_lines(text) if line.label in keep)


def crosswire_article(text: str) -> str:
    """The whole text-mode stage: lines, metadata, dates, tags, languages and the Article."""
    from crosswire.extract.article import extract_article
    from crosswire.model import Page

    article = extract_article(Page(source="page.txt", content=text, kind="text"))
    return "\n\n".join([article.text, *(e.text for e in article.embeds)])


def all_text(text: str) -> str:
    return text


def justext_lines(text: str) -> str:
    import justext

    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    page += "</body></html>"
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def trafilatura_lines(text: str) -> str:
    import trafilatura

    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    return trafilatura.extract(page + "</body></html>") or ""


def load(render: str, limit: int | None) -> tuple[dict[str, str], dict[str, str]]:
    truth = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    gold, pages = {}, {}
    for key in sorted(truth)[:limit]:
        path = SCRAPINGHUB / render / f"{key}.txt"
        if path.exists():
            gold[key] = truth[key]["articleBody"]
            pages[key] = path.read_text(encoding="utf-8", errors="replace")
    return gold, pages


# Caches of more entries than this are keyed by lines or texts (word lists are cached in 1).
LINE_CACHE_MIN = 64


def run(
    fn: Callable[[str], str], pages: dict[str, str], rounds: int
) -> tuple[dict[str, str], float]:
    """Outputs and the median pages/s over `rounds`: this shared machine's speed drifts by a
    factor of up to 1.7 between identical runs."""
    speeds, out = [], {}
    for _ in range(rounds):
        _clear_caches()
        started = time.perf_counter()
        out = {key: fn(text) for key, text in pages.items()}
        speeds.append(len(pages) / (time.perf_counter() - started))
    return out, statistics.median(speeds)


def _clear_caches() -> None:
    """Each round starts cold: no line seen in an earlier round is remembered (every cache of
    text mode keyed by a line's text; the word lists loaded once per process stay)."""
    import importlib
    import pkgutil

    import crosswire.extract

    for info in pkgutil.iter_modules(crosswire.extract.__path__, "crosswire.extract."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            sized = getattr(value, "cache_info", None)
            if sized is not None and (sized().maxsize or 0) > LINE_CACHE_MIN:
                value.cache_clear()


def text_mode_build() -> str:
    import crosswire.extract.textmode as textmode
    from crosswire.compiled import is_compiled

    if is_compiled(textmode):
        return "compiled with mypyc"
    return "plain Python (no current compiled build: `make bench` builds one)"


def plain_python_row(render: str, args: argparse.Namespace) -> str:
    """The text-mode row measured in a child process that loads text mode as plain Python."""
    command = [sys.executable, __file__, "--renders", render, "--rounds", str(args.rounds)]
    command += ["--text-mode-only"] + (["--limit", str(args.limit)] if args.limit else [])
    env = {**os.environ, "CROSSWIRE_PURE_PYTHON": "1"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return done.stdout.rstrip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", default="text,text-lynx")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (median reported)")
    parser.add_argument("--text-mode-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if absent("the extraction benchmark", SCRAPINGHUB):
        return 0
    if args.text_mode_only:
        return text_mode_row(args)
    print(f"crosswire text mode: {text_mode_build()}")
    systems: dict[str, Callable[[str], str]] = {
        "crosswire text mode": crosswire_body,
        "crosswire full article": crosswire_article,
        "jusText over lines": justext_lines,
        "trafilatura over lines": trafilatura_lines,
        "all text": all_text,
    }
    crosswire_article("Warm up the lexicon and the language models. They load once.")
    for render in args.renders.split(","):
        gold, pages = load(render, args.limit)
        print(f"\n{render}: {len(pages)} pages (bar: crosswire F1 >= .93, >= 200 pages/s)")
        print(f"{'system':24} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>9}")
        for name, fn in systems.items():
            out, speed = run(fn, pages, 1 if name == "all text" else args.rounds)
            print_row(name, score_corpus(gold, out), speed)
            if fn is crosswire_body and text_mode_build() == "compiled with mypyc":
                print(plain_python_row(render, args))
    return 0


def text_mode_row(args: argparse.Namespace) -> int:
    """The child of `plain_python_row`: the text-mode row alone, as this process loaded it."""
    crosswire_article("Warm up the lexicon and the language models. They load once.")
    gold, pages = load(args.renders, args.limit)
    out, speed = run(crosswire_body, pages, args.rounds)
    print_row("  ... plain Python", score_corpus(gold, out), speed)
    return 0


def print_row(name: str, s: Score, speed: float) -> None:
    print(f"{name:24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {speed:9.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
