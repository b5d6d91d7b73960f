"""One writer per schema: a second crawl exits 75 (or waits with --wait), a --resume never
attaches to a live run, and a lease whose holder stopped renewing is taken over."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import env_for, run_cli, start_cli, wait_for_line

SPEC = CatalogueSpec(tasks=6, models_per_task=30, overlap=0.3, seed=23)
SLOW = Faults(latency_ms=250)


async def test_two_crawls_started_together_one_writes_the_other_exits_75(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC, faults=SLOW) as hub:
        env = env_for(hub, database, HF_CRAWL_CONCURRENCY="2")
        first, second = await asyncio.gather(
            run_cli(env=env, cwd=tmp_path), run_cli(env=env, cwd=tmp_path)
        )
        truth = hub.catalogue.ground_truth(limit=1000).rankings
    busy = [r for r in (first, second) if r.code == 75]
    assert sorted([first.code, second.code]) == [0, 75], first.stderr + second.stderr
    (line,) = [x for x in busy[0].stderr.splitlines() if x.startswith("hf-crawl:")]
    # It names the live writer: its run, or (if asked before that run's row existed) its host.
    assert ("busy: run 1 " in line or "busy: a crawl starting" in line) and "--wait" in line
    assert await database.rankings() == truth
    assert await database.value("SELECT count(*) FROM hf.crawl_runs") == 1  # no stray row


async def test_with_wait_the_second_crawl_queues_and_both_succeed(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC, faults=SLOW) as hub:
        env = env_for(hub, database, HF_CRAWL_CONCURRENCY="2", HF_CRAWL_WAIT="1")
        results = await asyncio.gather(
            run_cli(env=env, cwd=tmp_path), run_cli(env=env, cwd=tmp_path)
        )
        truth = hub.catalogue.ground_truth(limit=1000).rankings
    assert [r.code for r in results] == [0, 0]
    assert any("waiting_for_writer_lease" in r.stderr for r in results)
    rows = await database.fetch("SELECT status FROM hf.crawl_runs ORDER BY run_id")
    assert [r["status"] for r in rows] == ["succeeded", "succeeded"]
    assert await database.rankings() == truth


async def test_a_resume_during_a_live_run_does_not_attach_to_it(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC, faults=SLOW) as hub:
        env = env_for(hub, database, HF_CRAWL_CONCURRENCY="1")
        live = await start_cli(env=env, cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL)
        assert live.stderr is not None
        assert await wait_for_line(live.stderr, b"task_finished")
        resumed = await run_cli("--resume", env=env, cwd=tmp_path)
        await asyncio.wait_for(live.communicate(), timeout=60)
    assert live.returncode == 0
    assert resumed.code == 75 and "busy: run 1" in resumed.stderr
    rows = await database.fetch("SELECT run_id, status, resumed_from FROM hf.crawl_runs")
    assert [(r["status"], r["resumed_from"]) for r in rows] == [("succeeded", None)]


async def test_a_lease_its_holder_stopped_renewing_is_taken_over(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="100")
        assert (await run_cli("migrate", env=env, cwd=tmp_path)).code == 0
        await database.fetch(
            "INSERT INTO hf.writer_lease (token, holder, renewed_at)"
            " VALUES ('t0', 'elsewhere:1', now() - interval '10 minutes')"
        )
        taken = await run_cli(env=env, cwd=tmp_path)
        await database.fetch(
            "INSERT INTO hf.writer_lease (token, holder) VALUES ('t1', 'elsewhere:2')"
        )
        refused = await run_cli(env=env, cwd=tmp_path)
    assert taken.code == 0, taken.stderr
    assert refused.code == 75 and "elsewhere:2" in refused.stderr
