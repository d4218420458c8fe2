"""Write src/crosswire/data/human_nouns.json: the common nouns that name a person or a group of
people (an organisation, a government, a crowd), drawn from WordNet 3.0.

    apt-get install wordnet-base
    .venv/bin/python tools/human_nouns.py [--wordnet /usr/share/wordnet]

A noun is kept when one of its first three senses (WordNet orders senses by frequency) descends
from person.n.01, organization.n.01, social_group.n.01 or people.n.01, and the noun is written in
lower case in that sense (a common noun, not a proper name). The speaker rules
(annotate/speaker_kinds.py) read the list to tell "the ministry said" and "officials said" from
"the rising water suggests" or "the air quality shows"; the first three senses keep "authority"
(authorities) and "giant" (the tech giant), which a first sense alone would lose.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

ROOTS = {"person": "person", "organization": "group", "social_group": "group", "people": "group"}
SENSES = 3
WORD = re.compile(r"[a-z][a-z-]*[a-z]")
OUT = Path(__file__).resolve().parent.parent / "src" / "crosswire" / "data" / "human_nouns.json"
NOTICE = (
    "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND "
    "DATABASE IS PROVIDED 'AS IS' AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR "
    "WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY "
    "MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR "
    "PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT "
    "INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. (Permission to "
    "use, copy, modify and distribute this database for any purpose and without fee is granted "
    "by Princeton University under the WordNet 3.0 license, with this notice.)"
)


def lines(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith("  "):  # the license header
            yield line.split(" | ")[0].split()


def read_synsets(folder: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Synset offset -> (its words as written, its hypernyms' offsets)."""
    synsets: dict[str, tuple[list[str], list[str]]] = {}
    for parts in lines(folder / "data.noun"):
        count = int(parts[3], 16)
        words = [parts[4 + 2 * i] for i in range(count)]
        at = 4 + 2 * count
        pointers = int(parts[at])
        hypernyms = []
        for k in range(pointers):
            symbol, offset, pos = parts[at + 1 + 4 * k : at + 4 + 4 * k]
            if symbol in ("@", "@i") and pos == "n":
                hypernyms.append(offset)
        synsets[parts[0]] = (words, hypernyms)
    return synsets


def read_senses(folder: Path) -> dict[str, list[str]]:
    """Lemma -> its synsets' offsets, most frequent sense first."""
    senses: dict[str, list[str]] = {}
    for parts in lines(folder / "index.noun"):
        pointer_count = int(parts[3])
        senses[parts[0]] = parts[4 + pointer_count + 2 :]
    return senses


def root_of(
    offset: str, synsets: dict[str, tuple[list[str], list[str]]], roots: dict[str, str]
) -> str | None:
    """The root kind an offset descends from (None: neither a person nor a group)."""
    seen: set[str] = set()
    stack = [offset]
    while stack:
        current = stack.pop()
        if current in roots:
            return roots[current]
        if current not in seen:
            seen.add(current)
            stack.extend(synsets[current][1])
    return None


def human_nouns(folder: Path) -> dict[str, list[str]]:
    synsets = read_synsets(folder)
    senses = read_senses(folder)
    roots = {senses[lemma][0]: kind for lemma, kind in ROOTS.items()}
    found: dict[str, set[str]] = {"person": set(), "group": set()}
    for lemma, offsets in senses.items():
        if not WORD.fullmatch(lemma):
            continue
        for offset in offsets[:SENSES]:
            kind = root_of(offset, synsets, roots)
            if kind is not None and lemma in synsets[offset][0]:
                found[kind].add(lemma)
    found["group"] -= found["person"]
    return {kind: sorted(words) for kind, words in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args()
    nouns = human_nouns(args.wordnet)
    data = {
        "_about": (
            "Common nouns that name a person ('person') or a group of people ('group': an "
            "organisation, a government, a crowd), lower case, lemmas. Made by "
            "tools/human_nouns.py from WordNet 3.0: one of the noun's first three senses "
            "descends from person.n.01, organization.n.01, social_group.n.01 or people.n.01. "
            "Read by "
            "annotate/speaker_kinds.py."
        ),
        "_license": NOTICE,
        **nouns,
    }
    OUT.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(nouns['person'])} person nouns, {len(nouns['group'])} group nouns")


if __name__ == "__main__":
    main()
