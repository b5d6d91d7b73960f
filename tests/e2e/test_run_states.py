"""Runs that are safe to schedule: states that never lie, resumes that do the same work,
and full-Hub modes that stay right after other kinds of runs."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from hf_crawler import errors
from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec, sort_key
from hf_crawler.fakehub.faults import Faults
from tests.conftest import Database, RunningHub, StartHub, make_settings
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=6, models_per_task=400, overlap=0.3, extra_tasks=2, seed=13)


async def crawl(hub: RunningHub, database: Database, **overrides: object) -> pipeline.RunOutcome:
    options: dict[str, object] = {
        "endpoint": hub.url,
        "database_url": database.dsn,
        "schema": database.schema,
        "batch_size": 700,
    }
    return await pipeline.run(make_settings(**(options | overrides)), asyncio.Event())


async def test_all_models_after_a_union_crawl_ranks_its_tasks_and_keeps_the_others(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database, task_source="union", limit_per_task=30)
        extras = hub.catalogue.ground_truth(hub.catalogue.extra_task_ids, limit=30).rankings
        hub.catalogue.reshuffle(seed=5, fraction=0.5)
        outcome = await crawl(hub, database, all_models=True, limit_per_task=30)
        truth = hub.catalogue.ground_truth(limit=30).rankings
    assert outcome.status == "succeeded"
    assert await database.rankings() == truth | {t: r for t, r in extras.items() if r}


async def test_since_last_run_after_a_resumed_walk_counts_from_the_chain_start(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC, faults=Faults(script=("", "", "503"))) as hub:
        broken = await crawl(hub, database, all_models=True, max_tries=1)
        page_one = sorted(hub.catalogue.models, key=lambda m: sort_key(m.created_ts, m.hub_id))
        # Run 1 moved 10 s into the past instead of waiting: the edits (whole seconds, as
        # the Hub's timestamps) land after run 1 began and before the resumed run begins.
        await database.fetch(
            "UPDATE hf.crawl_runs SET started_at = started_at - interval '10 s',"
            " since_at = since_at - interval '10 s'"
        )
        mid = int(time.time()) - 5
        for model in page_one[:1000]:  # read by run 1; the resume does not read them again
            hub.catalogue.update(model.model_id, downloads=7, modified_ts=mid)
        assert (await crawl(hub, database, all_models=True, resume=True)).status == "succeeded"
        late = [m for m in hub.catalogue.models if m.downloads != 7][:300]
        for model in late:  # edited after the resumed run began: the newest of all
            hub.catalogue.update(model.model_id, downloads=8, modified_ts=mid + 3600)
        synced = await crawl(hub, database, since_last_run=True)
    assert broken.status == "partial" and synced.status == "succeeded"
    edited = {m.model_id for m in page_one[:1000]} | {m.model_id for m in late}
    rows = await database.fetch(
        "SELECT model_id, downloads FROM hf.models WHERE model_id = ANY($1)", list(edited)
    )
    assert len(rows) == len(edited) and all(r["downloads"] in (7, 8) for r in rows)


async def test_a_resume_with_other_parameters_is_refused_naming_the_difference(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC, faults=Faults(failing_tasks=frozenset({"translation"}))) as hub:
        env = env_for(hub, database)
        first = await run_cli("--rps", "100", env=env, cwd=tmp_path)
        resumed = await run_cli(
            "--resume", "--limit-per-task", "50", "--sort", "likes", env=env, cwd=tmp_path
        )
    assert first.code == 1  # partial: one task failed
    assert resumed.code == 2
    assert "--resume of run 1 with other parameters" in resumed.stderr
    assert "--limit-per-task 1000 then, 50 now" in resumed.stderr and "--sort" in resumed.stderr
    assert await database.value("SELECT count(*) FROM hf.crawl_runs") == 1


async def test_a_failed_run_records_its_phase_and_the_report_summarises_the_one_with_data(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=CatalogueSpec(tasks=3, models_per_task=20, seed=2)) as hub:
        await crawl(hub, database, limit_per_task=10)
        with pytest.raises(errors.ConfigError):
            await crawl(hub, database, tasks=("no-such-task",))
        report = await run_cli(
            "report", "--format", "markdown", env=env_for(hub, database), cwd=tmp_path
        )
    rows = await database.fetch("SELECT status, failed_phase FROM hf.crawl_runs ORDER BY run_id")
    assert [(r["status"], r["failed_phase"]) for r in rows] == [
        ("succeeded", None),
        ("failed", "listing tasks"),
    ]
    assert "Run 1 (succeeded), the latest run that stored data (run 2 stored nothing)" in (
        report.stdout
    )


async def test_tasks_a_stop_left_undone_are_counted_as_failed(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=8, models_per_task=20, seed=4)
    async with start_hub(spec=spec, faults=Faults(latency_ms=150)) as hub:
        stop = asyncio.Event()
        settings = make_settings(
            endpoint=hub.url, database_url=database.dsn, schema=database.schema, concurrency=1
        )
        outcome = await pipeline.run(settings, stop, on_progress=lambda _: stop.set())
    (run,) = await database.fetch("SELECT status, tasks_ok, tasks_failed FROM hf.crawl_runs")
    assert outcome.status == "interrupted" and run["status"] == "interrupted"
    assert run["tasks_ok"] + run["tasks_failed"] == 8 and run["tasks_failed"] > 0


async def test_a_chain_resumed_to_success_closes_the_runs_it_resumed(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC, faults=Faults(script=("", "", "503"))) as hub:
        await crawl(hub, database, all_models=True, max_tries=1)
        await crawl(hub, database, all_models=True, resume=True)
    rows = await database.fetch("SELECT status, resumed_from FROM hf.crawl_runs ORDER BY run_id")
    assert [(r["status"], r["resumed_from"]) for r in rows] == [("resumed", None), ("succeeded", 1)]
