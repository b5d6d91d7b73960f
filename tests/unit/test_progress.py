"""The terminal progress line never runs into a log line."""

from __future__ import annotations

import io

from hf_crawler.progress import Progress, clear_for_log, walk_line
from hf_crawler.stats import RunStats


def test_the_line_is_drawn_in_place_and_wiped_before_a_log_event() -> None:
    screen = io.StringIO()
    progress = Progress(screen, enabled=True)
    progress(RunStats(tasks_total=4, tasks_fetched=1, tasks_ok=1, models=20, mappings=20))
    progress(
        RunStats(tasks_total=4, tasks_fetched=2, tasks_ok=1, tasks_failed=1, models=35, mappings=40)
    )
    clear_for_log(None, "info", {"event": "batch_merged"})
    progress.close()  # nothing is left drawn, so no stray newline
    assert screen.getvalue() == (
        "\r\x1b[2Ktasks 1/4 · stored 1 · mappings 20"
        "\r\x1b[2Ktasks 3/4 · stored 1 · mappings 40 · 1 failed"
        "\r\x1b[2K"
    )


def test_off_a_terminal_it_draws_nothing() -> None:
    screen = io.StringIO()
    Progress(screen)(RunStats(tasks_total=1, tasks_ok=1))
    assert screen.getvalue() == ""


def test_a_full_walk_shows_its_rate_and_an_eta_against_the_last_walk() -> None:
    stats = RunStats(walking=True, walk_expected=10_000, models=2_000, pages=2)
    stats.started_at -= 10  # 2,000 models in 10 s: 200/s, 8,000 left: 40 s
    line = walk_line(stats)
    assert line.startswith("pages 2 · models 2,000 · 200 models/s")
    assert line.endswith("ETA ~40 s")
    first = RunStats(walking=True, models=10)
    assert walk_line(first).endswith("ETA unknown (first full walk)")
