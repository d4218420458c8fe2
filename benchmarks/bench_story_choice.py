"""The right story from a pile: the seed pages mixed into pages of other stories.

    .venv/bin/python benchmarks/bench_story_choice.py

Three piles, each read and grouped as `crosswire dossier` does (`crosswire.extract`, then
`crosswire.compare.dossier.choose_story` with the packaged MiniLM, then `crosswire.stories` for
the listing `crosswire stories` prints):
1. the three seed pages among the 181 text renders of ../shared/data/scrapinghub (w3m, `text/`);
2. the same with the lynx renders (`text-lynx/`);
3. the seed pages with the bundled example pages (examples/: four invented pages of one story).

Printed for each pile: the chosen story's members and title, and the titles of the 10 largest
groups, each judged against the gold: a title is story content when at least half of its words
(English stop words aside) are in the gold of the group's pages (scrapinghub: the gold body and
the words of the page's web address; seeds: gold.json's titles and body lines; examples: the
page as written), else it is furniture (a byline, a counter, a prompt, a section label).

For piles 1 and 2 also: the story holding the seeds (whole when it holds the three and at most one
other page, so `crosswire dossier --story ID` gives it) and the coherent stories ranked above it.

Bars: piles 1 and 2, the chosen story holds the three seeds and at most one other page; pile 3,
the chosen story is one of the two stories whole, with no page of the other; every pile, none of
the 10 largest groups' titles is furniture.

Peer in the same run, scored alike: a plain baseline, MiniLM mean embeddings of the whole texts
(their first 256 words), single-link grouping at cosine BASELINE_COSINE or more, the largest group
chosen (ties: the first given), each group titled by its first page's title (else first line).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import crosswire
from crosswire.compare.dossier import choose_story
from crosswire.compare.embeddings import EmbeddingBackend, backend_named
from crosswire.compare.story_choice import rank_stories
from crosswire.model import Article, Story
from shared import SCRAPINGHUB, SEEDS, absent, load_gold, seed_files

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BASELINE_COSINE = 0.6  # a usual "same meaning" cut for MiniLM; judgement, not tuned here
LARGEST = 10  # groups whose titles are judged
OTHERS_ALLOWED = 1  # pages of other stories the chosen story may hold
SUPPORT_MIN = 0.5  # share of a title's words the gold must give for it to be story content
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Group:
    """A story as a chooser gave it: its members (sources) and its title."""

    members: tuple[str, ...]
    title: str


@dataclass(frozen=True)
class Outcome:
    chosen: Group
    largest: list[Group]
    stories: tuple[Story, ...] = ()  # every story, as `crosswire stories` lists them


def main() -> int:
    if absent("the seed pages", SEEDS) or absent("the scrapinghub renders", SCRAPINGHUB):
        return 0
    gold = gold_words()
    backend = backend_named("minilm")
    failures = 0
    piles = [
        ("seeds + scrapinghub text (w3m)", sorted((SCRAPINGHUB / "text").glob("*.txt"))),
        ("seeds + scrapinghub text-lynx", sorted((SCRAPINGHUB / "text-lynx").glob("*.txt"))),
        ("seeds + bundled example", sorted(p for p in EXAMPLES.iterdir() if p.stem[:2].isdigit())),
    ]
    for name, others in piles:
        paths = [str(p) for p in [*seed_files(), *others]]
        articles = [r for r in crosswire.extract(paths) if isinstance(r, Article)]
        seeds = {a.source for a in articles if Path(a.source).parent == SEEDS}
        story = {a.source for a in articles} - seeds if "example" in name else seeds
        print(f"\n== {name}: {len(articles)} articles ==")
        for label, outcome in (
            ("crosswire", crosswire_outcome(articles, backend)),
            ("peer single-link MiniLM", baseline_outcome(articles, backend)),
        ):
            met = report(label, outcome, seeds, story, gold, whole=("example" in name))
            failures += label == "crosswire" and not met
            if label == "crosswire" and "example" not in name:
                report_seed_story(articles, outcome, seeds)
    print(f"\nbar: {'met' if not failures else f'NOT met on {failures} pile(s)'}")
    return 0


def crosswire_outcome(articles: Sequence[Article], backend: EmbeddingBackend) -> Outcome:
    choice = choose_story(articles, backend=backend)
    assert choice.story is not None, "a pile of many pages always groups"
    chosen = Group(choice.story.articles, choice.story.title)
    listed = crosswire.stories(articles, embeddings=backend)
    return Outcome(chosen, [Group(s.articles, s.title) for s in listed[:LARGEST]], tuple(listed))


def report_seed_story(articles: Sequence[Article], outcome: Outcome, seeds: set[str]) -> None:
    """Where the seeds' story stands: whether grouping keeps it whole (so `--story ID` gives it)
    and which coherent stories the chooser ranks above it, with their outlets."""
    standings = rank_stories(outcome.stories, articles)
    place = next((n for n, s in enumerate(standings) if seeds & set(s.story.articles)), None)
    if place is None:
        print("    the seeds' story: not found")
        return
    mine = standings[place]
    members = set(mine.story.articles)
    whole = seeds <= members and len(members - seeds) <= OTHERS_ALLOWED
    print(
        f"    the seeds' story {mine.story.id}: {len(members & seeds)}/3 seeds, "
        f"{len(members - seeds)} other page(s) ({'whole' if whole else 'NOT whole'}), "
        f"{mine.outlets} outlets sharing {len(mine.shared_names)} names; "
        f"ranked {place + 1}, below:"
    )
    for above in standings[:place]:
        print(
            f"      {above.outlets} outlets, {len(above.story.articles)} pages, "
            f"{len(above.shared_names)} shared names: {above.story.title[:60]!r}"
        )


def baseline_outcome(articles: Sequence[Article], backend: EmbeddingBackend) -> Outcome:
    vectors = np.asarray(backend.encode([a.text for a in articles]))
    linked = vectors @ vectors.T >= BASELINE_COSINE
    parent = list(range(len(articles)))

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, j in zip(*np.nonzero(np.triu(linked, 1)), strict=True):
        parent[find(int(i))] = find(int(j))
    groups: dict[int, list[Article]] = {}
    for n, article in enumerate(articles):
        groups.setdefault(find(n), []).append(article)
    ordered = sorted(groups.values(), key=len, reverse=True)  # stable: ties by input order
    named = [Group(tuple(a.source for a in g), first_title(g[0])) for g in ordered]
    return Outcome(named[0], named[:LARGEST])


def first_title(article: Article) -> str:
    return article.title.value or next(iter(article.text.splitlines()), "")


def report(
    label: str,
    outcome: Outcome,
    seeds: set[str],
    story: set[str],
    gold: dict[str, set[str]],
    *,
    whole: bool,
) -> bool:
    members = set(outcome.chosen.members)
    if whole:  # the chosen story is one of the two stories, whole and unmixed
        chosen_ok = members in (seeds, story)
        verdict = "one story whole" if chosen_ok else "stories mixed or cut"
    else:
        extra = len(members - seeds)
        chosen_ok = seeds <= members and extra <= OTHERS_ALLOWED
        verdict = f"holds {len(seeds & members)}/3 seeds, {extra} other page(s)"
    furniture = [g.title for g in outcome.largest if is_furniture(g, gold)]
    print(f"  {label}: chosen {len(members)} pages, {verdict}: {'met' if chosen_ok else 'NOT met'}")
    print(f"    title: {outcome.chosen.title!r}")
    for source in outcome.chosen.members:
        print(f"      {Path(source).parent.name}/{Path(source).name[:24]}")
    print(f"    {LARGEST} largest groups, furniture titles: {len(furniture)}")
    for group in outcome.largest:
        mark = "FURNITURE" if group.title in furniture else "ok"
        print(f"      {len(group.members):>2} {mark:9} {group.title[:80]!r}")
    return chosen_ok and not furniture


def is_furniture(group: Group, gold: dict[str, set[str]]) -> bool:
    words = content(group.title)
    known = set().union(*(gold.get(s, set()) for s in group.members))
    return not words or sum(w in known for w in words) / len(words) < SUPPORT_MIN


def content(text: str) -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return [
        w
        for w in WORD.findall(text.casefold())
        if len(w) > 1 and not w.isdecimal() and w not in ENGLISH_STOP_WORDS
    ]


def gold_words(root: Path = SCRAPINGHUB) -> dict[str, set[str]]:
    """Each page's gold words by source path: the scrapinghub gold bodies and web addresses (for
    both renders), the seeds' gold titles and body lines, the example pages as written."""
    found: dict[str, set[str]] = {}
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in truth.items():
        words = set(content(entry["articleBody"])) | set(content(entry.get("url", "")))
        for folder in ("text", "text-lynx"):
            found[str(root / folder / f"{key}.txt")] = words
    for document in load_gold()["documents"]:
        lines = (SEEDS / document["file"]).read_text(encoding="utf-8").splitlines()
        body = " ".join(lines[n - 1] for n in document.get("body", []) if 0 < n <= len(lines))
        title = document.get("title") or ""
        found[str(SEEDS / document["file"])] = set(content(f"{title} {body}"))
    for page in EXAMPLES.iterdir():
        found[str(page)] = set(content(page.read_text(encoding="utf-8")))
    return found


if __name__ == "__main__":
    sys.exit(main())
