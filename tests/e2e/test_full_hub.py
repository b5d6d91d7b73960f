"""Full-Hub mode, resume and incremental sync, against the fake Hub and a real Postgres."""

from __future__ import annotations

import asyncio
import time

from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from tests.conftest import Database, RunningHub, StartHub, make_settings

SPEC = CatalogueSpec(tasks=6, models_per_task=400, overlap=0.3, extra_tasks=2, seed=13)


async def walk(hub: RunningHub, database: Database, **overrides: object) -> pipeline.RunOutcome:
    options: dict[str, object] = {
        "endpoint": hub.url,
        "database_url": database.dsn,
        "schema": database.schema,
        "all_models": True,
        "limit_per_task": 50,
        "batch_size": 700,
    }
    return await pipeline.run(make_settings(**(options | overrides)), asyncio.Event())


async def stored_models(database: Database) -> set[str]:
    return {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.models")}


async def test_a_full_walk_stores_every_model_and_derives_every_ranking(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        outcome = await walk(hub, database)
        truth = hub.catalogue.ground_truth(limit=50)
        every = {m.model_id for m in hub.catalogue.models}
    assert outcome.status == "succeeded"
    assert outcome.stats.pages == -(-len(every) // 1000)  # 1000 a page
    assert await stored_models(database) == every  # untagged and extra-task models too
    assert await database.rankings() == truth.rankings
    (run,) = await database.fetch("SELECT mode, next_url, mappings FROM hf.crawl_runs")
    assert (run["mode"], run["next_url"], run["mappings"]) == ("all", None, truth.mappings)


async def test_derived_rankings_follow_the_pipeline_match_and_the_union(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await walk(hub, database, match="pipeline", task_source="union", limit_per_task=30)
        ids = [*hub.catalogue.task_ids, *hub.catalogue.extra_task_ids]
        truth = hub.catalogue.ground_truth(ids, limit=30, match="pipeline")
    assert await database.rankings() == {t: r for t, r in truth.rankings.items() if r}


async def test_a_broken_walk_resumes_from_its_saved_cursor(
    start_hub: StartHub, database: Database
) -> None:
    # Request 1 lists tasks, 2 is the first page, 3 (the second page) fails for good.
    faults = Faults(script=("", "", "503"))
    async with start_hub(spec=SPEC, faults=faults) as hub:
        broken = await walk(hub, database, max_tries=1)
        saved = await database.value("SELECT next_url FROM hf.crawl_runs")
        resumed = await walk(hub, database, resume=True)
        truth = hub.catalogue.ground_truth(limit=50)
        every = {m.model_id for m in hub.catalogue.models}
    assert broken.status == "partial" and broken.stats.pages == 1
    assert isinstance(saved, str) and "cursor=" in saved
    assert resumed.status == "succeeded"
    assert resumed.stats.pages == -(-len(every) // 1000) - 1  # page one was not read again
    assert await stored_models(database) == every
    assert await database.rankings() == truth.rankings
    rows = await database.fetch("SELECT run_id, resumed_from FROM hf.crawl_runs ORDER BY run_id")
    assert rows[1]["resumed_from"] == rows[0]["run_id"]


async def test_an_incremental_sync_reads_only_what_changed(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await walk(hub, database)
        task = hub.catalogue.task_ids[0]
        last = hub.catalogue.ground_truth([task], limit=50).rankings[task][-1]
        # One model is edited after the full sync and jumps to the top of its task.
        hub.catalogue.update(last, downloads=10**9, modified_ts=int(time.time()) + 60)
        outcome = await walk(hub, database, since_last_run=True)
        truth = hub.catalogue.ground_truth(limit=50)
    assert outcome.status == "succeeded" and outcome.stats.pages == 1
    assert (await database.rankings())[task][0] == last
    assert await database.rankings() == truth.rankings
    assert (
        await database.value("SELECT downloads FROM hf.models WHERE model_id = $1", last) == 10**9
    )


async def test_a_top_n_resume_crawls_only_the_tasks_left(
    start_hub: StartHub, database: Database
) -> None:
    failing = frozenset({"question-answering", "translation"})
    async with start_hub(spec=SPEC, faults=Faults(failing_tasks=failing)) as hub:
        first = await walk(hub, database, all_models=False, limit_per_task=20)
        hub.state.faults = Faults()
        second = await walk(hub, database, all_models=False, limit_per_task=20, resume=True)
        truth = hub.catalogue.ground_truth(limit=20)
    assert first.status == "partial" and second.status == "succeeded"
    assert second.stats.tasks_total == 2 and second.stats.requests == 3
    assert await database.rankings() == truth.rankings


async def test_a_model_gone_from_the_hub_leaves_the_rankings_and_is_listed_as_gone(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await walk(hub, database)
        task = hub.catalogue.task_ids[0]
        gone = hub.catalogue.ground_truth([task], limit=1).rankings[task][0]
        hub.catalogue.remove(gone)
        await walk(hub, database)
        truth = hub.catalogue.ground_truth(limit=50)
    assert await database.rankings() == truth.rankings
    assert gone not in {m for ids in truth.rankings.values() for m in ids}
    assert [r["model_id"] for r in await database.fetch("SELECT * FROM hf.disappeared_models")] == [
        gone
    ]


async def test_a_walk_after_a_top_n_crawl_codes_new_models_after_the_crawl_s_codes(
    start_hub: StartHub, database: Database
) -> None:
    # The top-N crawl writes its codes with their values; the walk's rankings rank models
    # the crawl never coded (its limit is higher), which SQL codes from the sequence.
    async with start_hub(spec=SPEC) as hub:
        crawled = await walk(hub, database, all_models=False, limit_per_task=20)
        walked = await walk(hub, database, limit_per_task=60)
        truth = hub.catalogue.ground_truth(limit=60)
    assert (crawled.status, walked.status) == ("succeeded", "succeeded")
    assert await database.rankings() == truth.rankings
    run = walked.run_id
    history = await database.fetch(
        "SELECT task_id, array_agg(model_id ORDER BY rank_in_task) AS ids"
        " FROM hf.ranking_at($1) GROUP BY task_id",
        run,
    )
    assert {r["task_id"]: tuple(r["ids"]) for r in history} == truth.rankings
