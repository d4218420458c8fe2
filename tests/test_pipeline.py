"""The whole job in one call: extract, annotate, stories and make_dossier, as a library user calls
them, and the same dossier as `crosswire dossier` writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import crosswire
from crosswire import cli
from crosswire.errors import ConfigError
from crosswire.model import Article, InputFailure
from crosswire.pipeline import ANNOTATING, EXTRACTING, READING, hints_for
from crosswire.report.dossier_json import dossier_to_dict
from tests.pages import APPEAL_DUMP, BROWSER_DUMP
from tests.paths import ROOT, SEEDS

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".html"))
SEED_PAGES = sorted(str(p) for p in SEEDS.glob("*.txt"))


def test_every_input_gives_one_result_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BROWSER_DUMP, encoding="utf-8")
    (tmp_path / "b.txt").write_text(APPEAL_DUMP, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    steps: list[tuple[str, int, int | None]] = []
    inputs = [str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "b.txt")]
    inputs.append(str(tmp_path / "empty.txt"))
    results = crosswire.extract(inputs, on_progress=lambda *step: steps.append(step))
    assert [type(r) for r in results] == [Article, InputFailure, Article, InputFailure]
    assert [r.source for r in results] == inputs
    assert "earth embankment" in results[0].text  # type: ignore[union-attr]
    assert "no such file" in results[1].message.lower()  # type: ignore[union-attr]
    assert [s for s in steps if s[0] == READING][-1] == (READING, 4, 4)
    assert [s for s in steps if s[0] == EXTRACTING] == [(EXTRACTING, n, 4) for n in (1, 2, 3, 4)]


def test_a_folder_expands_to_its_pages(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(APPEAL_DUMP, encoding="utf-8")
    (tmp_path / "a.txt").write_text(BROWSER_DUMP, encoding="utf-8")
    steps: list[tuple[str, int, int | None]] = []
    results = crosswire.extract([tmp_path], on_progress=lambda *step: steps.append(step))
    assert len(results) == 2
    assert all(isinstance(r, Article) and r.text for r in results)
    assert steps[0] == (READING, 1, None)  # a folder's pages are not counted before reading


@pytest.mark.parametrize(
    "options",
    [
        {"published": "last Tuesday"},
        {"published": "2030-02-30"},
        {"fetched_at": "2030-02"},
        {"fetched_at": "Tuesday"},
        {"url": "javascript:alert(1)"},
        {"max_bytes": 0},
    ],
)
def test_bad_arguments_raise_config_errors(tmp_path: Path, options: dict[str, object]) -> None:
    page = tmp_path / "a.txt"
    page.write_text(BROWSER_DUMP, encoding="utf-8")
    with pytest.raises(ConfigError):
        crosswire.extract([page], **options)  # type: ignore[arg-type]


def test_a_fetch_day_dates_a_page_that_says_only_how_long_ago(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(RELATIVE_DUMP, encoding="utf-8")
    [undated] = crosswire.extract([page])
    [dated] = crosswire.extract([page], fetched_at="2030-06-07")
    assert isinstance(undated, Article) and isinstance(dated, Article)
    assert undated.published.value is None and "4 hours ago" in undated.published.evidence
    assert (dated.published.value, dated.published.ambiguous) == ("2030-06-07", True)
    assert dated.fetched_at == "2030-06-07"
    [timed] = crosswire.extract([page], fetched_at="2030-06-07T02:00+02:00")
    assert isinstance(timed, Article) and timed.published.value == "2030-06-06"


RELATIVE_DUMP = """Tidewater Courier

Harbour pilots walk out over night shifts

Published 4 hours ago

Harbour pilots at the port of Velmora stopped work on Friday after talks over night-shift pay broke
down, leaving three container ships waiting at anchor outside the breakwater.

The pilots' association said its members had worked without a contract for eleven months and that
the port authority had refused to discuss rest periods between night shifts.

A spokesperson for the port authority said the ships would be brought in as soon as the pilots
returned, and that the authority remained open to talks.
"""


def test_one_url_hint_names_one_page(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="one input"):
        crosswire.extract(["a.txt", "b.txt"], url="https://example.org/a")


def test_annotate_keeps_failures_in_place_and_counts_its_progress() -> None:
    results = crosswire.extract(EXAMPLES[:2])
    failure = InputFailure("gone.txt", "no such file")
    steps: list[tuple[str, int, int | None]] = []
    done = crosswire.annotate(
        [results[0], failure, results[1]], on_progress=lambda *s: steps.append(s)
    )
    assert done[1] is failure
    assert all(isinstance(a, Article) and a.annotations is not None for a in (done[0], done[2]))
    assert steps[-1] == (ANNOTATING, 2, 2)
    with pytest.raises(ConfigError):
        crosswire.annotate(results, processes=0)


def test_stories_with_every_article_in_one_story() -> None:
    found = crosswire.stories(crosswire.extract(EXAMPLES), embeddings="words")
    assert sorted(s for story in found for s in story.articles) == EXAMPLES
    with pytest.raises(ConfigError, match="unknown embeddings"):
        crosswire.stories([], embeddings="glove")


def _cli_dossier(tmp_path: Path, inputs: list[str], *options: str) -> dict[str, object]:
    target = tmp_path / "dossier.json"
    result = CliRunner().invoke(cli.app, ["dossier", *inputs, "-o", str(target), *options])
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    data.pop("generated_at")
    return data  # type: ignore[no-any-return]


def test_make_dossier_is_what_the_cli_writes(tmp_path: Path) -> None:
    ours = dossier_to_dict(crosswire.make_dossier(EXAMPLES, embeddings="words"))
    assert ours == _cli_dossier(tmp_path, EXAMPLES, "--embeddings", "words")
    assert ours["facts"] and len(ours["articles"]) == len(EXAMPLES)  # type: ignore[arg-type]


def test_make_dossier_takes_extracted_articles_too() -> None:
    results = crosswire.extract(EXAMPLES)
    from_articles = crosswire.make_dossier(results, embeddings="words")
    from_paths = crosswire.make_dossier(EXAMPLES, embeddings="words")
    assert dossier_to_dict(from_articles) == dossier_to_dict(from_paths)


def test_a_named_story_and_the_others_set_aside(tmp_path: Path) -> None:
    apples = tmp_path / "apples.txt"
    apples.write_text(
        "Orchards in the northern valleys report the best apple harvest in a decade.\n\n"
        "Cider makers said a mild spring let the fruit ripen slowly, and they expect to press "
        "twice as much juice as last year.\n",
        encoding="utf-8",
    )
    inputs = [*EXAMPLES, str(apples)]
    found = crosswire.stories(crosswire.extract(inputs), embeddings="words")
    alone = next(s for s in found if s.articles == (str(apples),))
    biggest = crosswire.make_dossier(inputs, embeddings="words")
    assert [a.source for a in biggest.set_aside] == [str(apples)]
    named = crosswire.make_dossier(inputs, embeddings="words", story=alone.id)
    assert [a.source for a in named.articles] == [str(apples)]
    assert sorted(a.source for a in named.set_aside) == EXAMPLES
    with pytest.raises(ConfigError):
        crosswire.make_dossier(inputs, embeddings="words", story=alone.id, keep_all=True)


@pytest.mark.skipif(len(SEED_PAGES) < 3, reason="../shared/seeds is absent")
def test_seed_dossier_from_python_is_the_cli_dossier(tmp_path: Path) -> None:
    ours = dossier_to_dict(crosswire.make_dossier(SEED_PAGES))
    theirs = _cli_dossier(tmp_path, SEED_PAGES)
    for part in ("facts", "conflicts", "quotes"):
        assert ours[part] == theirs[part], part
    assert ours == theirs


def test_one_path_alone_is_one_input() -> None:
    assert [r.source for r in crosswire.extract(EXAMPLES[0])] == [EXAMPLES[0]]


@pytest.mark.parametrize("options", [{"processes": 0}, {"keep_all": True, "story": "story-1"}])
def test_bad_dossier_arguments_fail_before_any_reading(options: dict[str, object]) -> None:
    read: list[str] = []
    with pytest.raises(ConfigError):
        crosswire.make_dossier(
            ["nowhere.txt"], embeddings="words", on_progress=lambda *s: read.append(s[0]), **options
        )  # type: ignore[arg-type]
    assert read == []


@pytest.mark.parametrize(
    "published",
    [
        *("2030", "2030-06", "2030-06-07", "2030-06-07T14:05", "2030-06-07 14:05Z"),
        *("2030-06-07T14:05:09", "2030-06-07T14:05:09.25+02:00", "2030-06-07T14:05+0200"),
        "2030-06-07T14:05-05",
    ],
)
def test_every_documented_date_form_is_a_hint(published: str) -> None:
    assert hints_for(published=published).published == published


@pytest.mark.parametrize(
    "published",
    [
        *("2030-13", "2030-00", "2030-02-30", "2030-6-7", "20300607", "2030-W23-5", "2030-158"),
        *("2030-06-07T14", "2030-06-07T1405", "2030-06-07x14:05", "2030-06-07T24:00", " 2030"),
        "٢٠٣٠",  # other scripts' digits
    ],
)
def test_impossible_or_loose_dates_are_no_hints(published: str) -> None:
    with pytest.raises(ConfigError, match="give 2025, 2025-11, 2025-11-09, 2025-11-09T15:22"):
        hints_for(published=published)


@pytest.mark.parametrize("fetched_at", ["2030", "2030-06", "2030-13-01", "2030-06-07T14:05+24:00"])
def test_a_fetch_time_is_a_real_day_or_moment(fetched_at: str) -> None:
    with pytest.raises(ConfigError, match=r"day or moment: give 2025-11-09 \(the day\)"):
        hints_for(fetched_at=fetched_at)
    assert hints_for(fetched_at="2030-06-07T14:05Z").fetched_at == "2030-06-07T14:05Z"


@pytest.mark.parametrize("seconds", [0, -1, float("nan")])
def test_a_page_timeout_that_is_not_a_positive_number_is_a_config_error(seconds: float) -> None:
    with pytest.raises(ConfigError, match="page_timeout must be a positive number of seconds"):
        crosswire.extract([], page_timeout=seconds)
    with pytest.raises(ConfigError, match="page_timeout must be a positive number of seconds"):
        crosswire.annotate([], page_timeout=seconds)
