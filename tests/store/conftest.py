"""What the store's tests share: invented news pages, many of them, each its own text.

Everything here is invented (fictional towns, people and councils).

Factories (import them: `from tests.store.conftest import story_text`):
  story_text     the dump of one invented page, distinct for each number (a headline and three
                 paragraphs that name it), optionally retold (`edition`)
  story_url      the address of page n of the invented outlet
  topic_story    story n as one of its outlets tells it: invented names of its own, so that
                 stories n and m never group together
  write_pages    page files in a folder, one per number
  write_jsonl    a JSONL file of pages with their addresses
  run_child      `python -m tests.store.ingest_child ...`, started (a real process)
  Ticking        a clock that moves a minute each time it is read (from START)
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.paths import ROOT

START = datetime(2031, 3, 4, 10, 0, tzinfo=UTC)


class Ticking:
    """A clock that moves a minute each time it is read."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


TOWNS = ("Varnholt", "Osterby", "Kelmere", "Durrow", "Talvik", "Brennach", "Ellisford", "Mornay")
WORKS = ("ferry pier", "tram depot", "sea wall", "grain store", "library roof", "fish market")
SYLLABLES = ("ka", "lo", "mi", "ra", "ten", "vo", "su", "del", "an", "bri", "mor", "fa", "zu")
PEOPLE = ("Ansel Brökke", "Liv Harrow", "Teodor Kask", "Mira Solberg", "Janek Voss", "Ida Lunde")


def story_text(n: int, edition: int = 0) -> str:
    """An invented page dump, number `n`: a headline and three paragraphs, every line naming the
    number so that no two pages share a line (pages of one outlet teach each other their
    furniture: a line on every page would be taken for it). `edition` > 0 retells it with a
    correction, as an outlet updating a page does."""
    town, works, person = TOWNS[n % len(TOWNS)], WORKS[n % len(WORKS)], PEOPLE[n % len(PEOPLE)]
    cost = 3 + n % 17
    correction = (
        f"\n\nCorrection {edition} to report {n}: an earlier version of this report gave the "
        f"wrong date for the council vote in {town}; it was held on a Thursday."
        if edition
        else ""
    )
    return (
        f"{town} council approves repairs to the {works} (report {n})\n\n"
        f"The council of {town} voted on Tuesday to repair the {works}, report number {n} of "
        f"the Harbour Ledger says, after inspectors found damage {n} times worse than feared.\n\n"
        f"Councillor {person} told the chamber that the work on the {works} would cost {cost} "
        f"million crowns and take until the spring of year {2030 + n % 9}, item {n}.\n\n"
        f"Residents of {town} will be able to comment on plan {n} at the town hall until the "
        f"end of the month, when the council meets again to settle the budget."
        f"{correction}\n"
    )


def topic_story(n: int, telling: int = 0) -> str:
    """Story n as its `telling`-th outlet tells it: a headline and three paragraphs of invented
    names drawn for n (a person, a place, a thing), the paragraphs in the telling's own order."""
    rng = random.Random(n)

    def name() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()

    person, place, thing, month = f"{name()} {name()}", name(), name().lower(), name()
    facts = [
        f"{person} said the {thing} works in {place} were halted after a {thing} inspection.",
        f"About {100 + n} {thing} workers in {place} joined {person} at the {thing} gate.",
        f"{place} officials put off the {thing} plan until {month}, {person} told the {thing} "
        f"workers.",
    ]
    told = random.Random(n * 1000 + telling).sample(facts, k=len(facts))
    return f"{place} {thing} works halted by {person}\n\n" + "\n\n".join(told) + "\n"


def story_url(n: int) -> str:
    return f"https://harbour-ledger.example/news/{n}"


def write_pages(folder: Path, numbers: Iterable[int]) -> list[Path]:
    """One page file per number in `folder` (made if missing): `page-0007.txt`, ..."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        path = folder / f"page-{n:04d}.txt"
        path.write_text(story_text(n), encoding="utf-8")
        paths.append(path)
    return paths


def write_jsonl(path: Path, pages: Sequence[tuple[str | None, str]]) -> Path:
    """A JSONL file of (url, text) pages (a page whose url is None has no address)."""
    lines = [
        json.dumps({"text": text} if url is None else {"url": url, "text": text})
        for url, text in pages
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_child(*args: str) -> subprocess.Popen[str]:
    """`tests.store.ingest_child` with `args`, in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.ingest_child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
