"""`crosswire extract` and `annotate` over a fake pipeline: formats, hints and reading limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from crosswire import cli
from crosswire.model import InputFailure
from tests.cli.helpers import WORDS, FakePipeline, fake_result, runner


def test_extract_json_to_stdout(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [a["source"] for a in out] == ["a.txt"]
    assert out[0]["body"] == "Floodwater reached the square (a.txt)."
    assert out[0]["title"] == "Title of a"
    assert fake.calls[0]["inputs"] == ["a.txt"]


def test_extract_jsonl_one_line_per_article(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "b.html", "--format", "jsonl"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == ["a.txt", "b.html"]


@pytest.mark.parametrize("spelling", ["md", "markdown", "MD"])
def test_extract_markdown_and_text(fake: FakePipeline, spelling: str) -> None:
    md = runner.invoke(cli.app, ["extract", "a.txt", "b.txt", "-f", spelling]).stdout
    assert md.count("## Title of") == 2 and "\n---\n" in md
    text = runner.invoke(cli.app, ["extract", "a.txt", "-f", "text"]).stdout
    assert text == "==> a.txt <==\n\nTitle of a\n\nFloodwater reached the square (a.txt).\n"


def test_every_command_spells_its_formats_alike(fake: FakePipeline) -> None:
    for command in (["extract", "a.txt"], ["annotate", "a.txt"], ["stories", "a.txt", *WORDS]):
        for fmt in ("json", "jsonl", "md", "markdown", "text"):
            result = runner.invoke(cli.app, [*command, "-f", fmt])
            assert result.exit_code == 0, (command, fmt, result.output)
        assert runner.invoke(cli.app, [*command, "-f", "html"]).exit_code == 2


def test_failed_input_reported_and_exit_code_one(fake: FakePipeline) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "broken.txt", "c.txt"])
    assert result.exit_code == 1
    assert "error: broken.txt: cannot read it" in result.stderr
    assert [a["source"] for a in json.loads(result.stdout)] == ["a.txt", "c.txt"]


def test_hints_and_max_bytes_reach_the_pipeline(fake: FakePipeline) -> None:
    args = ["extract", "a.txt", "--url", "https://orvik-ledger.example/2030/06/07/dam"]
    args += ["--outlet", "Orvik Ledger", "--published", "2030-06-07T14:05+02:00"]
    args += ["--max-bytes", "123"]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    call = fake.calls[0]
    assert call["url"] == "https://orvik-ledger.example/2030/06/07/dam"
    assert call["outlet"] == "Orvik Ledger"
    assert call["published"] == "2030-06-07T14:05+02:00"
    assert call["max_bytes"] == 123


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_fetched_at_reaches_the_pipeline(fake: FakePipeline, command: str) -> None:
    result = invoke_reading(command, "--fetched-at", "2030-06-07")
    assert fake.calls and fake.calls[0]["fetched_at"] == "2030-06-07", result.output


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_allow_private_and_timeout_reach_the_pipeline(fake: FakePipeline, command: str) -> None:
    result = invoke_reading(command, "--allow-private", "--timeout", "7.5")
    assert fake.calls, result.output
    assert (fake.calls[0]["allow_private"], fake.calls[0]["timeout"]) == (True, 7.5)


def test_a_url_on_this_machine_is_refused_unless_allow_private() -> None:
    from tests.sources.local_server import local_server, respond

    page = b"<html><head><title>Dam gates open</title></head><body><p>x</p></body></html>"
    with local_server(respond("200 OK", {"Content-Type": "text/html"}, page)) as server:
        refused = runner.invoke(cli.app, ["extract", server.url + "/dam"])
        allowed = runner.invoke(cli.app, ["extract", server.url + "/dam", "--allow-private"])
    assert refused.exit_code == 1
    assert f"error: {server.url}/dam: refused: 127.0.0.1 is a loopback address" in refused.stderr
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout)[0]["url"] == server.url + "/dam"


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_follow_links_and_max_archive_bytes_reach_the_pipeline(
    fake: FakePipeline, command: str
) -> None:
    result = invoke_reading(command, "--follow-links", "--max-archive-bytes", "1000")
    assert fake.calls, result.output
    assert (fake.calls[0]["follow_links"], fake.calls[0]["max_archive_bytes"]) == (True, 1000)


@pytest.mark.parametrize("command", ["extract", "annotate", "stories", "dossier"])
def test_the_page_timeout_reaches_the_pipeline(fake: FakePipeline, command: str) -> None:
    result = invoke_reading(command, "--page-timeout", "2.5")
    assert fake.calls, result.output
    assert all(call["page_timeout"] == 2.5 for call in fake.calls)


def test_many_failures_of_one_archive_are_summed_up_by_reason(fake: FakePipeline) -> None:
    fake.results = [
        *[
            InputFailure(f"feed.jsonl#line={n}", f"bad JSONL line: not valid JSON (column {n})")
            for n in range(1, 31)
        ],
        *[
            InputFailure(f"feed.jsonl#line={n}", "bad JSONL line: empty page")
            for n in range(31, 36)
        ],
        InputFailure("broken.txt", "cannot read it"),
        fake_result("a.txt"),
    ]
    result = runner.invoke(cli.app, ["extract", "a.txt"])
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.exit_code == 1
    assert errors[:10] == [
        f"error: feed.jsonl#line={n}: bad JSONL line: not valid JSON (column {n})"
        for n in range(1, 11)
    ]
    assert errors[10:] == [
        "error: broken.txt: cannot read it",
        "error: feed.jsonl: 20 more failed (not listed one by one): bad JSONL line: not valid JSON",
        "error: feed.jsonl: 5 more failed (not listed one by one): bad JSONL line: empty page",
    ]


def test_a_compressed_bomb_stops_at_max_archive_bytes_and_says_how_to_raise_it(
    tmp_path: Path,
) -> None:
    from tests.sources.hostile import MEGABYTE, gzip_bomb

    good = json.dumps({"text": "Orvik Ledger\n\nThe dam gates opened at dawn."}).encode() + b"\n"
    bomb = gzip_bomb(tmp_path / "feed.jsonl.gz", 64 * MEGABYTE, head=good)
    result = runner.invoke(cli.app, ["extract", str(bomb), "--max-archive-bytes", "4000000"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 1
    assert (
        f"error: {bomb}: too large after decompression (over 3.8 MB, the limit set by "
        "max_archive_bytes; raise it with --max-archive-bytes)"
    ) in result.stderr


def test_a_folder_link_to_outside_is_read_only_with_follow_links(tmp_path: Path) -> None:
    folder, outside = tmp_path / "pages", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    (outside / "dam.txt").write_text("Orvik Ledger\n\nThe dam gates opened at dawn.\n")
    (folder / "dam.txt").symlink_to(outside / "dam.txt")
    refused = runner.invoke(cli.app, ["extract", str(folder)])
    followed = runner.invoke(cli.app, ["extract", str(folder), "--follow-links"])
    assert refused.exit_code == 1
    assert (
        f"error: {folder / 'dam.txt'}: symlink to outside the folder; --follow-links to follow it"
    ) in refused.stderr
    assert followed.exit_code == 0, followed.output
    assert [a["source"] for a in json.loads(followed.stdout)] == [str(folder / "dam.txt")]


def invoke_reading(command: str, *options: str) -> Result:
    """`command a.txt OPTIONS`, with what stories and dossier need besides (no sentence model, an
    output file)."""
    args = [command, "a.txt", *options]
    args += ["-o", "d.json", *WORDS] if command == "dossier" else []
    args += WORDS if command == "stories" else []
    return runner.invoke(cli.app, args)
