"""The CLI's shared options: dates, moments, numbers and time limits, and their usage errors."""

from __future__ import annotations

import pytest

from crosswire import cli
from tests.cli.helpers import WORDS, FakePipeline, runner, shown


@pytest.mark.parametrize("fetched_at", ["2030-06", "yesterday", "2030-06-31", "2030-06-07T25:00"])
def test_a_bad_fetch_time_is_a_usage_error(fake: FakePipeline, fetched_at: str) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "--fetched-at", fetched_at])
    assert result.exit_code == 2 and not fake.calls


@pytest.mark.parametrize(
    "published", ["2030", "2030-06", "2030-06-07", "2030-06-07T14:05", "2030-06-07 14:05Z"]
)
def test_partial_iso_dates_are_accepted(fake: FakePipeline, published: str) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", "--published", published])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "a.txt", "--max-bytes", "99999999999999999999999"],
        ["extract", "a.txt", "--max-bytes", "-1"],
        ["stories", "a.txt", "--max-bytes", "0", *WORDS],
        ["annotate", "a.txt", "-p", "0"],
        ["annotate", "a.txt", "--processes", "-2"],
        ["annotate", "a.txt", "-p", "99999999999999999999999"],
        ["dossier", "a.txt", "-o", "d.json", "-p", "100000", *WORDS],
        ["dossier", "a.txt", "-o", "d.json", "--max-bytes", "9223372036854775807", *WORDS],
        ["extract", "a.txt", "--page-timeout", "0"],
        ["annotate", "a.txt", "--page-timeout", "1e12"],
        ["extract", "a.txt", "--timeout", "inf"],
    ],
)
def test_numbers_out_of_range_are_usage_errors(fake: FakePipeline, args: list[str]) -> None:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 2, result.output
    assert "is not in the range" in shown(result.stderr) and "Traceback" not in result.output
    assert fake.calls == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--published", "2025-13"),
        ("--published", "2025-02-30"),
        ("--published", "2025-1-5"),
        ("--published", "20251211"),
        ("--published", "2025-12-11T24:00"),
        ("--fetched-at", "2025-12-11T10:00+25:00"),
        ("--fetched-at", "2025-W50-1"),
    ],
)
def test_impossible_or_loose_dates_are_usage_errors_naming_the_forms(
    fake: FakePipeline, option: str, value: str
) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", option, value])
    assert result.exit_code == 2 and not fake.calls
    assert f"{value!r} is not an ISO 8601" in shown(result.stderr)
    assert "2025-11-09T15:22+02:00" in shown(result.stderr)


@pytest.mark.parametrize(
    "value",
    ["2025-12-11T10:00Z", "2025-12-11T10:00:30.5+0200", "2025-12-11T10:00-05:00", "2025-02-28"],
)
def test_every_documented_moment_is_accepted(fake: FakePipeline, value: str) -> None:
    for option in ("--published", "--fetched-at"):
        result = runner.invoke(cli.app, ["extract", "a.txt", option, value])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("option", ["--page-timeout", "--timeout"])
def test_a_time_limit_that_is_not_a_number_is_a_usage_error(
    fake: FakePipeline, option: str
) -> None:
    result = runner.invoke(cli.app, ["extract", "a.txt", option, "nan"])
    assert result.exit_code == 2, result.output
    assert "nan is not a number of seconds" in shown(result.stderr)
    assert fake.calls == []
