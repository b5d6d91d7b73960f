"""A run spends what it needs of the Hub's window: runs back to back on one window, each
needing a fraction of what is left, go at --rps (tests/unit/test_pacing.py pins the
spreading of a run that needs more than is left)."""

from __future__ import annotations

from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.quota import FixedWindowQuota
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=6, models_per_task=20, seed=5)  # 7 requests a run


async def test_runs_back_to_back_past_half_the_window_are_not_held_back(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    quota = FixedWindowQuota(window_s=3600, anonymous=100, enforce=True)
    async with start_hub(spec=SPEC, quota=quota) as hub:
        env = env_for(hub, database)
        for _ in range(55):  # earlier runs spent more than half of this window
            quota.take("127.0.0.1", authenticated=False)
        runs = [await run_cli("--rps", "50", env=env, cwd=tmp_path) for _ in range(3)]
        spent = quota.take("127.0.0.1", authenticated=False)
    assert [r.code for r in runs] == [0, 0, 0], runs[-1].stderr
    held = [e for r in runs for e in r.events() if e["event"] == "rate_held_by_quota"]
    assert held == []  # 7 needed of 44, 37, 30 left: nothing to spread
    assert spent.remaining == 100 - 55 - 3 * 7 - 1
