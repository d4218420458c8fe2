"""Foreign-language marking of lines: how often an article's own lines are marked foreign.

    .venv/bin/python benchmarks/bench_language.py

Every line of the extraction benchmark's gold bodies (../shared/data/scrapinghub) is judged against
its article's detected language; a line marked foreign there is almost always a false alarm (a few
articles quote other languages). Prints the count, the marked lines, and the time per line. The
seeds' Turkish post and Hebrew captions are checked by bench_seeds.py.
"""

from __future__ import annotations

import json
import sys
import time

from shared import SCRAPINGHUB, absent


def main() -> int:
    truth_path = SCRAPINGHUB / "ground-truth.json"
    if absent("the extraction benchmark's gold bodies", truth_path):
        return 0
    from crosswire.extract.language import detect_language, line_language

    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    lines = marked = 0
    started = time.perf_counter()
    for key in sorted(truth):
        body = truth[key]["articleBody"]
        language = detect_language(body)
        for line in filter(None, (ln.strip() for ln in body.splitlines())):
            lines += 1
            code = line_language(line, language)
            if code:
                marked += 1
                print(f"  {key[:8]} {language}->{code}: {line[:90]}")
    elapsed = time.perf_counter() - started
    per_line = 1000 * elapsed / lines
    print(f"{marked} of {lines} gold-body lines marked foreign; {per_line:.3f} ms/line")
    return 0


if __name__ == "__main__":
    sys.exit(main())
