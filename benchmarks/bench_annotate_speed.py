"""Speed of the full annotation stage against spaCy's pipeline alone on the same texts.

    .venv/bin/python benchmarks/bench_annotate_speed.py [--limit N] [--rounds R]   (~4 minutes)

Texts: PolNeAR's development articles (../shared/data/polnear/data/dev/text/*.txt). Measures
words per second of `annotate_articles` (parse + entities + quotes + statements + times) and of
`nlp.pipe` over the same texts with en_core_web_sm alone (the peer), with one process and with two
(n_process=2). Bar (issue 3): the full annotation keeps >= 70% of spaCy-alone's words/s.
Published peer figure: spaCy's facts & figures page gives ~10,000 words/s on CPU for
en_core_web_lg (the small pipeline is faster).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence

from shared import POLNEAR, absent

DEV_TEXTS = POLNEAR / "dev" / "text"
BAR = 0.70


def seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure(texts: Sequence[str], n_process: int, rounds: int) -> tuple[float, float, float]:
    """Best-of-`rounds` seconds of spaCy alone, of crosswire's parse alone (texts cut into
    pieces, `crosswire.annotate.spacy_model.parse`) and of the full annotation, taken in turns so
    that a busy spell of the machine does not fall on one of them only."""
    from crosswire.annotate.annotator import annotate_articles
    from crosswire.annotate.spacy_model import load_nlp, parse
    from crosswire.model import Article

    nlp = load_nlp()
    articles = [Article(source=str(i), text=t, language="en") for i, t in enumerate(texts)]
    spacy_alone, parsed, annotated = [], [], []
    for _ in range(rounds):
        spacy_alone.append(seconds(lambda: list(nlp.pipe(texts, n_process=n_process))))
        parsed.append(seconds(lambda: parse(texts, n_process=n_process)))
        annotated.append(seconds(lambda: annotate_articles(articles, n_process=n_process)))
    return min(spacy_alone), min(parsed), min(annotated)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="Use only the first N texts.")
    parser.add_argument("--rounds", type=int, default=2, help="Timed runs per figure (best).")
    args = parser.parse_args()
    if absent("PolNeAR development texts", DEV_TEXTS):
        return 0
    paths = sorted(DEV_TEXTS.glob("*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    from crosswire.annotate.spacy_model import load_nlp

    load_nlp()  # loading is not what is measured
    print(f"{len(texts)} PolNeAR dev texts, {words} words; bar: annotation >= {BAR:.0%} of spaCy")
    passed = True
    for n_process in (1, 2):
        spacy_alone, parsed, annotated = measure(texts, n_process, args.rounds)
        ratio = spacy_alone / annotated
        passed = passed and ratio >= BAR
        print(
            f"n_process={n_process}: spaCy alone {words / spacy_alone:,.0f} words/s; "
            f"crosswire parse alone {words / parsed:,.0f}; "
            f"full annotation {words / annotated:,.0f} words/s = {ratio:.0%} of spaCy "
            f"({'meets' if ratio >= BAR else 'misses'} the bar; "
            f"{parsed / annotated:.0%} of crosswire's own parse)"
        )
    print("published: en_core_web_lg ~10,000 words/s on CPU (spaCy facts & figures)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
