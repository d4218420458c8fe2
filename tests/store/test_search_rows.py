"""Search over facts, quotes and speakers, and pages of article hits, on a real SQLite file: the
coverage of an invented port strike by three outlets, annotated (its quotes and speakers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crosswire.store.desk import Desk
from tests.compare.test_derivation import INDEPENDENT_TEXT, REWRITE_TEXT, WIRE_TEXT
from tests.store.conftest import topic_story

MOMENT = datetime(2031, 3, 4, 10, 15, tzinfo=UTC)
OUTLETS = {"wire": "Harbour Wire", "rewrite": "Velmora Courier", "own": "Northshore Gazette"}


def _page(path: Path, url: str, text: str) -> Path:
    path.write_text(json.dumps({"url": url, "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """The strike told by three outlets (annotated) and an unrelated story, each story's
    dossier built twice (so that the facts of version 1 are not found any more)."""
    folder = tmp_path_factory.mktemp("search")
    texts = {"wire": WIRE_TEXT, "rewrite": REWRITE_TEXT, "own": INDEPENDENT_TEXT}
    with Desk(folder / "desk.db", clock=lambda: MOMENT, embeddings="words") as opened:
        for name, text in texts.items():
            page = _page(folder / f"{name}.jsonl", f"https://{name}.example/strike", text)
            opened.ingest([page], outlet=OUTLETS[name], published="2031-03-02")
        other = _page(folder / "other.jsonl", "https://own.example/other", topic_story(4))
        opened.ingest([other], annotate=False, outlet=OUTLETS["own"])
        for story in opened.stories():
            opened.rebuild_dossier(story.key)
            opened.rebuild_dossier(story.key)
        yield opened


def strike(desk: Desk) -> str:
    return next(s.key for s in desk.stories() if len(s.articles) == 3)


def test_facts_are_found_in_the_latest_dossiers_with_story_status_and_snippet(desk: Desk) -> None:
    hits = desk.search_facts("ships anchor", marks=("<b>", "</b>"))
    dossier = desk.dossier(strike(desk))
    assert dossier is not None and dossier.version == 2
    statuses = {f["id"]: f["status"] for f in dossier.dossier["facts"]}
    assert hits
    assert {(h.story_key, h.dossier_version) for h in hits} == {(strike(desk), 2)}
    assert len({h.fact_id for h in hits}) == len(hits)  # version 1's facts are not found
    for hit in hits:
        assert hit.status == statuses[hit.fact_id]
        assert "<b>" in hit.snippet and "</b>" in hit.snippet
        assert hit.story_title == desk.story(strike(desk)).title
    assert desk.search_facts("ships anchor", limit=1, offset=len(hits)) == []
    assert desk.search_facts('"ships (anchor') == desk.search_facts("ships anchor")  # no syntax


def test_quotes_are_found_with_their_article_outlet_speaker_and_story(desk: Desk) -> None:
    hits = desk.search_quotes("patient eleven months")
    assert {h.outlet for h in hits} == {OUTLETS["wire"], OUTLETS["rewrite"]}
    for hit in hits:
        assert hit.story_key == strike(desk)
        assert hit.speaker is not None and "Velden" in hit.speaker
        assert "[patient]" in hit.snippet
        assert hit.title == desk.article(hit.article_id).record.title
    (own,) = desk.search_quotes("nobody wins closed port")
    assert (own.outlet, own.story_key) == (OUTLETS["own"], strike(desk))
    assert desk.search_quotes("   ") == []


def test_what_one_speaker_said_across_the_articles(desk: Desk) -> None:
    velden = desk.search_quotes(speaker="Mara Velden")
    brandt = desk.search_quotes(speaker="brandt")
    assert velden and all(h.speaker and "Velden" in h.speaker for h in velden)
    assert brandt and all(h.speaker and "Brandt" in h.speaker for h in brandt)
    assert {h.article_id for h in velden} == {h.article_id for h in brandt}  # wire and rewrite
    assert desk.search_quotes("government", speaker="Brandt")
    assert desk.search_quotes("government", speaker="Velden") == []
    assert desk.search_quotes(speaker="Mara Nobody") == []
    first, second = (
        desk.search_quotes(speaker="Velden", limit=1),
        desk.search_quotes(speaker="Velden", limit=1, offset=1),
    )
    assert first + second == velden[:2]


def test_speakers_are_listed_by_their_words_beginnings_most_quoted_first(desk: Desk) -> None:
    found = desk.speakers("vel")
    assert [s.name for s in found] and all("Velden" in s.name for s in found)
    assert sum(s.quotes for s in found) == len(desk.search_quotes(speaker="Velden", limit=100))
    everyone = desk.speakers(limit=100)
    assert [s.quotes for s in everyone] == sorted((s.quotes for s in everyone), reverse=True)
    assert {s.name for s in found} <= {s.name for s in everyone}
    assert desk.speakers("zzz") == []


def test_article_hits_come_in_pages(desk: Desk) -> None:
    every = desk.search("Rottervik", limit=10)
    paged = [
        hit for start in range(0, 4) for hit in desk.search("Rottervik", limit=1, offset=start)
    ]
    assert len(every) == 3
    assert paged == every
