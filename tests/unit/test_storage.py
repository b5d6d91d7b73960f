"""The storage figures: a budget as users write it, growth per run and per day over the
runs that recorded their size, and the days a budget lasts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hf_crawler.errors import ConfigError
from hf_crawler.store.storage import from_rows, parse_budget

DAY0 = datetime(2026, 1, 1, tzinfo=UTC)


def sizes(now: int, *runs: int) -> list[dict[str, object]]:
    """'now', then one run a day, newest first, each with its recorded database size."""
    rows: list[dict[str, object]] = [
        {"kind": "now", "at": DAY0, "database_bytes": now, "schema_bytes": now // 2}
    ]
    for n, size in enumerate(runs):
        at = DAY0 - timedelta(days=n)
        rows.append({"kind": "run", "at": at, "database_bytes": size, "schema_bytes": 0})
    return rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [("500MB", 500_000_000), ("8GB", 8 * 10**9), ("512MiB", 512 * 2**20), (" 1.5 gb", 15 * 10**8)],
)
def test_a_budget_is_a_number_and_a_unit(text: str, expected: int) -> None:
    assert parse_budget(text) == expected


@pytest.mark.parametrize("text", ["500", "lots", "0MB", "-5MB", "5 parsecs"])
def test_anything_else_is_a_one_line_configuration_error(text: str) -> None:
    with pytest.raises(ConfigError, match="--budget"):
        parse_budget(text)


def test_growth_is_the_mean_over_the_runs_and_days_left_follow_from_it() -> None:
    found = from_rows(sizes(130_000_000, 130_000_000, 120_000_000, 110_000_000), 500_000_000)
    assert found.runs_measured == 3
    assert found.growth_per_run_bytes == 10_000_000
    assert found.growth_per_day_bytes == 10_000_000
    assert found.days_left == 37
    assert "37 days left" in found.describe("hf") and "+10.00 MB a run" in found.describe("hf")


def test_one_run_gives_no_growth_and_a_shrinking_database_no_days_left() -> None:
    assert from_rows(sizes(10, 10), None).growth_per_run_bytes is None
    shrinking = from_rows(sizes(100, 100, 200), 1000)
    assert shrinking.days_left is None and "not growing" in shrinking.describe("hf")
    over = from_rows(sizes(2000, 2000, 1000), 1500)
    assert over.days_left == 0 and "already over" in over.describe("hf")


def test_runs_minutes_apart_give_a_growth_per_run_but_no_pace_per_day() -> None:
    rows = sizes(130, 130, 120, 110)
    for n, row in enumerate(rows[1:]):
        row["at"] = DAY0 - timedelta(minutes=n)  # three crawls back to back
    found = from_rows(rows, 10**9)
    assert found.growth_per_run_bytes == 10
    assert found.growth_per_day_bytes is None and found.days_left is None
    assert "needs a day of history" in found.describe("hf")


def test_a_pace_per_day_needs_runs_twenty_hours_apart() -> None:
    rows = sizes(130, 130, 110)
    rows[2]["at"] = DAY0 - timedelta(hours=19, minutes=59)
    assert from_rows(rows, 10**9).growth_per_day_bytes is None
    rows[2]["at"] = DAY0 - timedelta(hours=20)
    assert from_rows(rows, 10**9).growth_per_day_bytes == pytest.approx(20 * 24 / 20)
