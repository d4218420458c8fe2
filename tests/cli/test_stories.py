"""`crosswire stories` and `dossier`: the story chosen, how to choose another, the dossier."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire import cli
from tests.cli.helpers import EXAMPLES, FERRY_TELLINGS, WORDS, FakePipeline, runner
from tests.conftest import article


def test_dossier_passes_published_to_the_pipeline(fake: FakePipeline) -> None:
    args = ["dossier", "a.txt", "b.txt", "-o", "d.json", "--published", "2030-06-07", *WORDS]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert fake.calls[0]["published"] == "2030-06-07"


def test_dossier_html_written_and_located(fake: FakePipeline, tmp_path: Path) -> None:
    target = tmp_path / "dossier.html"
    args = ["dossier", "a.txt", "b.txt", "broken.txt", "-o", str(target), "--keep-all", *WORDS]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 1
    assert f"Dossier written to {target}" in result.stdout
    assert "articles," in result.stdout and "1 failed)" in result.stdout
    counts = re.search(r"(\d+) facts?, (\d+) conflicts?,", result.stdout)
    assert counts is not None
    for number, word in zip(counts.groups(), ("fact", "conflict"), strict=True):
        assert (f"{number} {word}," if number == "1" else f"{number} {word}s,") in result.stdout
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert html.count('<article class="card"') == 2
    assert "broken.txt" in html and "cannot read it" in html


@pytest.mark.parametrize(
    ("name", "extra", "check"),
    [
        ("d.md", [], lambda s: "Story dossier · 1 article" in s),
        ("d.json", [], lambda s: len(json.loads(s)["articles"]) == 1),
        ("d.txt", ["--format", "md"], lambda s: "Story dossier · 1 article" in s),
        ("d.txt", ["--format", "markdown"], lambda s: "Story dossier · 1 article" in s),
        ("d.out", ["-f", "json"], lambda s: "generated_at" in json.loads(s)),
    ],
)
def test_dossier_format_from_suffix_or_option(
    fake: FakePipeline, tmp_path: Path, name: str, extra: list[str], check: Callable[[str], bool]
) -> None:
    target = tmp_path / name
    result = runner.invoke(cli.app, ["dossier", "a.txt", "-o", str(target), *extra, *WORDS])
    assert result.exit_code == 0, result.output
    assert check(target.read_text(encoding="utf-8"))


def test_dossier_of_a_story_named_by_stories(fake: FakePipeline, tmp_path: Path) -> None:
    listed = runner.invoke(cli.app, ["stories", "a.txt", "b.txt", *WORDS])
    story = json.loads(listed.stdout)["stories"][0]
    target = tmp_path / "d.json"
    args = ["dossier", "a.txt", "b.txt", "-o", str(target), *WORDS]
    result = runner.invoke(cli.app, [*args, "--story", story["id"]])
    assert result.exit_code == 0, result.output
    covered = [a["source"] for a in json.loads(target.read_text("utf-8"))["articles"]]
    assert sorted(covered) == sorted(story["articles"])
    unknown = runner.invoke(cli.app, [*args, "--story", "story-000000000000"])
    assert unknown.exit_code == 2 and "no story 'story-000000000000'" in unknown.stderr


OFF_TOPIC = """Gardeners in the northern valleys report the best apple harvest in a decade.

Orchard owners said a mild spring and a dry, warm September let the fruit ripen slowly, \
and cider makers expect to press twice as much juice as last year.
"""


def test_stories_puts_every_input_in_exactly_one_story(tmp_path: Path) -> None:
    examples = sorted(str(p) for p in EXAMPLES.glob("0*.txt"))
    apples = tmp_path / "apples.txt"
    apples.write_text(OFF_TOPIC, encoding="utf-8")
    inputs = [*examples, str(apples)]
    result = CliRunner().invoke(cli.app, ["stories", *inputs, "--embeddings", "words"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["stories"]
    members = [source for story in found for source in story["articles"]]
    assert sorted(members) == sorted(inputs)
    by_size = sorted(found, key=lambda s: len(s["articles"]))
    assert by_size[0]["articles"] == [str(apples)]
    assert sorted(by_size[-1]["articles"]) == examples


def test_first_run_says_the_sentence_model_is_being_prepared(
    fake: FakePipeline, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from crosswire.compare import embeddings
    from crosswire.compare.embeddings import HashingBackend

    monkeypatch.setattr(embeddings, "quantised_model_file", lambda _path: tmp_path / "none.onnx")
    monkeypatch.setattr(embeddings, "packaged_model_path", lambda: tmp_path)
    monkeypatch.setattr(embeddings, "quantised_minilm_backend", HashingBackend)
    result = runner.invoke(cli.app, ["stories", "a.txt"])
    assert result.exit_code == 0, result.output
    assert "Preparing the sentence model" in result.stderr
    (tmp_path / "none.onnx").write_bytes(b"")
    assert "Preparing" not in runner.invoke(cli.app, ["stories", "a.txt"]).stderr


def test_dossier_says_which_story_it_chose_and_how_to_choose_another(
    fake: FakePipeline, tmp_path: Path
) -> None:
    ferry = [
        article(f"{n}.txt", text, outlet=outlet, title=title, paragraphed=True, language="en")
        for n, (outlet, title, text) in enumerate(FERRY_TELLINGS)
    ]
    apples = article("apples.txt", OFF_TOPIC, title="Apple harvest", paragraphed=True)
    fake.results = [*ferry, apples]
    args = ["dossier", "a.txt", "-o", str(tmp_path / "d.json"), *WORDS]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "Story story-" in said and " chosen: '" in said
    assert (
        "(3 articles, 3 outlets); 1 other story set aside — list them with `crosswire stories`, "
        "choose one with `--story ID`." in said
    )
    listed = json.loads(runner.invoke(cli.app, ["stories", "a.txt", *WORDS]).stdout)["stories"]
    other = next(s for s in listed if s["articles"] == ["apples.txt"])
    asked = runner.invoke(cli.app, [*args, "--story", other["id"]])
    assert f"Story {other['id']} (as asked): " in " ".join(asked.stderr.split())


def test_story_message_counts_and_cuts() -> None:
    from crosswire.model import ChosenStory

    alone = ChosenStory("story-1", "Ferry aground", 1, 1, 0)
    assert (
        cli.stories.story_message(alone)
        == "Story story-1 chosen: 'Ferry aground' (1 article, 1 outlet)."
    )
    long = ChosenStory("story-2", "word " * 40, 4, 2, 3, asked=True)
    message = cli.stories.story_message(long)
    assert "…' (4 articles, 2 outlets); 3 other stories set aside." in message
    assert message.count("word") == 14  # cut at STORY_TITLE_CHARS
