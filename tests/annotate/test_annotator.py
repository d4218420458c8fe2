"""The annotation stage over invented articles: entities, linked speakers, times, odd inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from crosswire.annotate.annotator import annotate_articles
from crosswire.cli import app
from crosswire.model import Annotations, Article, DateValue

STORY = (
    "Harbour Minister Petra Lindqvist said on Monday that the ferry service would resume. "
    '"We will sail again by Friday," Lindqvist told reporters in Skarholm.\n\n'
    "A port spokesperson declined to comment."
)


@pytest.fixture(scope="module")
def story(nlp: Language) -> Article:
    """The story annotated (after the spaCy pipeline loaded, so that a missing model fails here)."""
    article = Article(
        source="invented.txt", text=STORY, language="en", published=DateValue("2031-03-10")
    )
    (annotated,) = annotate_articles([article])
    return annotated


def spans_inside(article: Article) -> None:
    notes = article.annotations
    assert notes is not None
    n = len(article.text)
    spans = [*notes.sentences, *(q.span for q in notes.quotes), *(t.span for t in notes.times)]
    spans += [s.span for s in notes.statements]
    spans += [c.span for c in notes.clauses]
    spans += [p.span for p in notes.predicates]
    spans += [m.span for e in notes.entities for m in e.mentions]
    assert all(0 <= s.start <= s.end <= n for s in spans)
    assert all(
        article.text[m.span.start : m.span.end] == m.text
        for e in notes.entities
        for m in e.mentions
    )


def test_entities_and_sentences(story: Article) -> None:
    notes = story.annotations
    assert notes is not None
    spans_inside(story)
    assert len(notes.sentences) == 3
    person = next(e for e in notes.entities if e.name == "Petra Lindqvist")
    assert "Harbour Minister" in person.roles
    assert {m.text for m in person.mentions} >= {"Petra Lindqvist", "Lindqvist"}
    assert any(e.description == "A port spokesperson" for e in notes.entities)
    # what the minister said is also a clause of its own
    assert "the ferry service would resume" in [c.text for c in notes.clauses]
    assert "tell reporter" in [p.key for p in notes.predicates]


def test_direct_quote_speaker_is_linked_to_the_entity(story: Article) -> None:
    notes = story.annotations
    assert notes is not None
    direct = [q for q in notes.quotes if "sail again" in q.text]
    assert direct, notes.quotes
    person = next(e for e in notes.entities if e.name == "Petra Lindqvist")
    assert (direct[0].speaker, direct[0].speaker_id) == ("Petra Lindqvist", person.id)


def test_times_are_resolved_against_publication(story: Article) -> None:
    notes = story.annotations
    assert notes is not None
    assert "Monday" in {t.text for t in notes.times}
    assert all(t.anchor in (None, "2031-03-10") for t in notes.times)


def test_empty_and_foreign_articles(story: Article) -> None:
    empty = Article(source="empty.txt", text="", language="en")
    french = Article(
        source="fr.txt",
        text="Le ministre a déclaré lundi « nous reprendrons la mer ».",
        language="fr",
        published=DateValue("2031-03-10"),
    )
    out_empty, out_french = annotate_articles([empty, french])
    assert out_empty.annotations == Annotations()
    assert out_empty.problems == ()
    assert out_french.annotations is not None
    assert out_french.annotations.entities == () and out_french.annotations.quotes == ()
    assert any("'fr' is not supported" in p.message for p in out_french.problems)


@pytest.mark.parametrize(
    "text",
    [
        'Ola Brenner said: "the gate was open.\n\nNobody checked it, Brenner added.',
        "«Nous partons», dit-il. „Wir bleiben“, sagte sie. 「行く」 ‹non› 'maybe' \"yes\" ”odd“",
        '"""""" "" " \' \'\' ‘’ ” ” «««',
        "no sentence here just words and words and words without any end",
    ],
)
def test_odd_texts_never_crash(story: Article, text: str) -> None:
    (out,) = annotate_articles([Article(source="odd.txt", text=text, language="en")])
    spans_inside(out)


def test_one_megabyte_article(story: Article) -> None:
    # Few tokens but a million characters: the length guard, not the parser's speed, is tested.
    word = "Skarholm" * 1250  # 10,000 chars
    text = (word + " said " + '"' + word + ". ") * 50  # ~1 MB with unbalanced quote marks
    (out,) = annotate_articles([Article(source="big.txt", text=text, language="en")])
    assert len(text) > 1_000_000
    assert out.annotations is not None
    spans_inside(out)


def test_cli_annotate_writes_annotated_json(story: Article, tmp_path: Path) -> None:
    page = tmp_path / "ferry.txt"
    page.write_text("Ferry to resume\n\n" + STORY + "\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(
        app, ["annotate", str(page), str(empty), "--published", "2031-03-10", "-f", "jsonl"]
    )
    assert result.exit_code == 1  # the empty input, as for `extract`
    (line,) = result.stdout.splitlines()
    data = json.loads(line)
    assert "Petra Lindqvist" in {e["name"] for e in data["entities"]}
    assert data["sentences"] and all(
        data["body"][s["start"] : s["end"]] == s["text"] for s in data["sentences"]
    )


def test_worker_processes_give_the_same_annotations(story: Article) -> None:
    articles = [
        Article(source=f"{i}.txt", text=STORY.replace("Monday", day), language="en")
        for i, day in enumerate(["Monday", "Tuesday", "Sunday"])
    ]
    assert annotate_articles(articles, n_process=2) == annotate_articles(articles)


def test_linking_by_mention_and_by_description() -> None:
    from crosswire.annotate.annotator import _link_quote, _link_statement
    from crosswire.model import Entity, Mention, Quote, QuoteKind, Span, Statement, StatementStatus

    text = "Petra Lindqvist said so; harbour officials said more."
    people = (
        Entity("e1", "Petra Lindqvist", "person", (Mention(Span(0, 15), "Petra Lindqvist"),)),
        Entity(
            "e2",
            "harbour officials",
            "person",
            (Mention(Span(25, 42), "harbour officials"),),
            description="harbour officials",
        ),
    )
    named = Quote(QuoteKind.INDIRECT, Span(21, 23), "so", speaker_mention=Span(6, 15))
    unnamed = Quote(
        QuoteKind.INDIRECT, Span(48, 52), "more", speaker_description="Harbour officials"
    )
    nobody = Quote(QuoteKind.SCARE, Span(48, 52), "more")
    assert _link_quote(named, people, text).speaker_id == "e1"
    assert _link_quote(unnamed, people, text).speaker == "harbour officials"
    assert _link_quote(nobody, people, text) == nobody
    said = Statement(Span(0, 23), StatementStatus.ATTRIBUTED, source="Petra Lindqvist")
    assert _link_statement(said, people, {}).source == "Petra Lindqvist"
    by_surname = Statement(Span(0, 23), StatementStatus.ATTRIBUTED, source="Lindqvist")
    assert _link_statement(by_surname, people, {"lindqvist": "Petra Lindqvist"}).source == (
        "Petra Lindqvist"
    )


def test_a_place_near_he_said_is_never_the_speaker(story: Article) -> None:
    text = (
        "Asked about the delay, US Ambassador to Norway Carl Brenner said it would open.\n\n"
        "“The bridge would not have opened without Norway,” Brenner said. Norway has sought a "
        "role in the project, and Sweden has offered steel.\n\n"
        "“For now, I think, Norway will be a partner,” he said."
    )
    article = Article(source="bridge.txt", text=text, language="en")
    (annotated,) = annotate_articles([article])
    assert annotated.annotations is not None
    direct = [q for q in annotated.annotations.quotes if q.kind == "direct"]
    assert len(direct) == 2
    assert {q.speaker for q in direct} == {"Carl Brenner"}


def _spin_on_endless(real: Any) -> Any:
    def slow(*args: Any) -> Any:
        texts = [a if isinstance(a, str) else getattr(a, "text", "") for a in args]
        texts += [t for a in args if isinstance(a, list) for t in a if isinstance(t, str)]
        while any("endless" in t for t in texts):  # a freak article: never finishes
            pass
        return real(*args)

    return slow


@pytest.mark.parametrize("step", ["_parse_all", "_annotate_one"])
def test_an_article_past_its_time_budget_keeps_its_times_and_says_why(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    from crosswire.annotate import annotator

    monkeypatch.setattr(annotator, step, _spin_on_endless(getattr(annotator, step)))
    freak = Article(source="freak.txt", text="On Monday the endless page began.", language="en")
    calm = Article(source="calm.txt", text=STORY, language="en")
    done = annotate_articles([calm, freak, calm], article_timeout=0.5)
    assert [a.source for a in done] == ["calm.txt", "freak.txt", "calm.txt"]
    assert all(a.annotations.quotes for a in (done[0], done[2]))
    assert done[1].annotations.times and not done[1].annotations.entities
    what = "parsing" if step == "_parse_all" else "annotation"
    assert [p.message for p in done[1].problems] == [
        f"{what} took longer than 0.5 s, the time budget of one article; times only"
    ]
