"""On a terminal a crawl shows a progress line, the warnings and how it ended, not every
page; `--log-level info` brings the info events back; off a terminal JSON is unchanged."""

from __future__ import annotations

import re
from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from tests.conftest import Database, StartHub
from tests.e2e.terminal import run_on_terminal
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=6, models_per_task=30, seed=11)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LEVEL = re.compile(r"Z \[(\w+)\s*\]")  # "2026-...Z [warning  ] event": the console renderer


async def test_a_crawl_on_a_terminal_shows_progress_warnings_and_its_end_not_every_event(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        failing = hub.catalogue.task_ids[0]  # always 503: a warning a person must see
        hub.state.faults = Faults(failing_tasks=frozenset({failing}))
        ok_tasks = hub.catalogue.task_ids[1:]
        truth = hub.catalogue.ground_truth(ok_tasks, limit=1000)
        env = env_for(hub, database, TERM="xterm")
        code, screen = await run_on_terminal("--rps", "100", env=env, cwd=tmp_path)
        verbose_code, verbose = await run_on_terminal(
            "--rps", "100", "--log-level", "info", env=env, cwd=tmp_path
        )
        piped = await run_cli("--rps", "100", env=env, cwd=tmp_path)
    assert code == verbose_code == piped.code == 1, screen  # partial: one task failed
    drawn = [part.strip() for part in screen.split("\x1b[2K") if part.strip()]
    progress = [line for part in drawn for line in part.splitlines() if line.startswith("tasks")]
    ending = screen.strip().splitlines()[-1]
    assert progress[0] == "tasks 1/6 · stored 0 · mappings 0", screen
    assert progress[-1] == f"tasks 6/6 · stored 5 · mappings {truth.mappings} · 1 failed"
    assert ending.startswith("run 1 partial in ")
    assert ending.endswith(
        f"5 tasks stored, 1 failed, {len(truth.models)} models, {truth.mappings} mappings,"
        f" {1 + 5 + 3} requests"  # the task list, a page a task, the failing task's 3 tries
    )
    assert "task_finished" in screen and failing in screen  # the warning, in plain words
    levels = {m[1] for m in LEVEL.finditer(ANSI.sub("", screen))}
    assert levels == {"warning", "error"}  # retries, the failed task, the partial run
    assert "page_fetched" not in screen
    assert "info" in {m[1] for m in LEVEL.finditer(ANSI.sub("", verbose))}
    assert "page_fetched" in verbose
    events = {e["event"] for e in piped.events()}  # JSON off a terminal, every event
    assert {"page_fetched", "task_finished", "run_finished"} <= events
