"""The whole pipeline: fake Hub over a socket, real Postgres, ground truth to compare."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import structlog.testing

from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from hf_crawler.stats import RunStats
from tests.conftest import Database, RunningHub, StartHub, make_settings, pairs

SPEC = CatalogueSpec(tasks=5, models_per_task=80, overlap=0.3, seed=21)


async def crawl(hub: RunningHub, database: Database, **overrides: object) -> pipeline.RunOutcome:
    options: dict[str, object] = {
        "endpoint": hub.url,
        "database_url": database.dsn,
        "schema": database.schema,
        "limit_per_task": 30,
    }
    return await pipeline.run(make_settings(**(options | overrides)), asyncio.Event())


async def assert_ground_truth(
    hub: RunningHub, database: Database, limit: int = 30, earlier: frozenset[str] = frozenset()
) -> None:
    """Rankings and mappings are exactly the truth; models are the truth plus any stored
    by earlier runs (models are never deleted)."""
    truth = hub.catalogue.ground_truth(limit=limit)
    assert await database.rankings() == {t: ids for t, ids in truth.rankings.items() if ids}
    stored = {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.models")}
    assert stored == truth.models | earlier
    assert await database.value("SELECT count(*) FROM hf.model_tasks") == truth.mappings
    assert await database.value("SELECT count(*) FROM hf.tasks") == len(truth.rankings)


async def test_a_crawl_stores_exactly_the_ground_truth(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        outcome = await crawl(hub, database)
    assert outcome.status == "succeeded"
    await assert_ground_truth(hub, database)
    truth = hub.catalogue.ground_truth(limit=30)
    assert len(truth.models) < truth.mappings  # some models rank in several tasks
    run = (await database.fetch("SELECT * FROM hf.crawl_runs"))[0]
    assert (run["status"], run["tasks_ok"], run["tasks_failed"]) == ("succeeded", 5, 0)
    assert run["mappings"] == truth.mappings and run["requests"] == 6  # tasks + one page each
    assert run["models"] == len(truth.models) == outcome.stats.models
    assert json.loads(run["parameters"])["limit_per_task"] == 30


async def test_stored_fields_come_from_the_hub_record(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
    top = hub.catalogue.by_id[
        hub.catalogue.ground_truth(limit=1).rankings["text-classification"][0]
    ]
    (row,) = await database.fetch("SELECT * FROM hf.models WHERE model_id = $1", top.model_id)
    assert (row["hub_id"], row["downloads"], row["likes"]) == (top.hub_id, top.downloads, top.likes)
    assert json.loads(row["tags"]) == list(top.tags)
    assert row["pipeline_tag"] == top.pipeline_tag and row["author"] == top.author
    assert row["last_modified"] is not None and row["created_at_hub"] is not None
    assert row["downloads_all_time"] == top.downloads_all_time


MODEL_VERSIONS = """
SELECT m.model_id, m.updated_at, m.xmin::text AS xmin, s.last_seen_at
FROM hf.models AS m JOIN hf.model_last_seen AS s USING (model_id)
"""


async def test_a_second_run_changes_no_counts_and_no_updated_at(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
        before = await database.fetch(MODEL_VERSIONS)
        ranks_before = await database.rankings()
        await crawl(hub, database)
    after = {r["model_id"]: r for r in await database.fetch(MODEL_VERSIONS)}
    assert len(after) == len(before)
    for row in before:
        assert after[row["model_id"]]["updated_at"] == row["updated_at"]
        assert after[row["model_id"]]["xmin"] == row["xmin"]  # not rewritten: nothing changed
        assert after[row["model_id"]]["last_seen_at"] > row["last_seen_at"]  # but seen again
    assert await database.rankings() == ranks_before
    await assert_ground_truth(hub, database)


async def test_after_the_ranking_moves_each_task_holds_exactly_its_new_top_n(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
        old = hub.catalogue.ground_truth(limit=30)
        hub.catalogue.reshuffle(seed=99, fraction=0.6)
        assert hub.catalogue.ground_truth(limit=30).rankings != old.rankings
        await crawl(hub, database)
        await assert_ground_truth(hub, database, earlier=old.models)
    gaps = await database.fetch(
        "SELECT task_id FROM hf.model_tasks GROUP BY task_id"
        " HAVING min(rank_in_task) <> 1 OR max(rank_in_task) <> count(*)"
    )
    assert gaps == []
    changed = await database.value("SELECT count(*) FROM hf.models WHERE updated_at > created_at")
    assert changed > 0  # moved models say they changed


async def test_a_task_that_keeps_failing_keeps_its_previous_ranking(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
        old = hub.catalogue.ground_truth(limit=30).rankings
        hub.catalogue.reshuffle(seed=5, fraction=0.8)
        hub.state.faults = Faults(failing_tasks=frozenset({"question-answering"}))
        outcome = await crawl(hub, database)
        new = hub.catalogue.ground_truth(limit=30).rankings
    assert outcome.status == "partial"
    assert outcome.stats.failed_tasks.keys() == {"question-answering"}
    stored = await database.rankings()
    assert stored["question-answering"] == old["question-answering"] != new["question-answering"]
    assert all(stored[t] == new[t] for t in new if t != "question-answering")
    statuses = [
        r["status"]
        for r in await database.fetch("SELECT status FROM hf.crawl_runs ORDER BY run_id")
    ]
    assert statuses == ["succeeded", "partial"]


async def test_top_n_beyond_1000_follows_the_link_pages(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=2, models_per_task=1300, overlap=0.1, seed=4)
    async with start_hub(spec=spec) as hub:
        outcome = await crawl(hub, database, limit_per_task=1100, batch_size=700)
        await assert_ground_truth(hub, database, limit=1100)
    assert outcome.stats.requests == 1 + 2 * 2


async def test_pipeline_matching_and_the_union_of_task_sources(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database, match="pipeline", task_source="union")
        extra = hub.catalogue.extra_task_ids
        truth = hub.catalogue.ground_truth(
            [*hub.catalogue.task_ids, *extra], limit=30, match="pipeline"
        )
    assert await database.rankings() == {t: ids for t, ids in truth.rankings.items() if ids}
    sources = pairs(await database.fetch("SELECT task_id, source FROM hf.tasks"))
    assert {t for t, s in sources.items() if s == "pipeline_tags"} >= set(extra)
    assert sources["text-classification"] == "api_tasks"
    assert await database.value("SELECT DISTINCT matched_by FROM hf.model_tasks") == "pipeline"


async def test_tasks_and_max_tasks_choose_what_is_crawled(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database, tasks=("question-answering", "time-series-forecasting"))
        named = await database.rankings()
        await crawl(hub, database, max_tasks=2)
    assert set(named) == {"question-answering", "time-series-forecasting"}
    assert set(await database.rankings()) == set(named) | set(sorted(hub.catalogue.task_ids)[:2])


async def test_a_stop_request_merges_finished_tasks_and_marks_the_run_interrupted(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=12, models_per_task=40, seed=8)
    async with start_hub(spec=spec, faults=Faults(latency_ms=150)) as hub:
        settings = make_settings(
            endpoint=hub.url,
            database_url=database.dsn,
            schema=database.schema,
            limit_per_task=20,
            concurrency=2,
        )
        stop = asyncio.Event()

        def stop_after_first_task(stats: RunStats) -> None:
            if stats.tasks_ok >= 1:
                stop.set()  # as the first Ctrl-C does

        run = pipeline.run(settings, stop, on_progress=stop_after_first_task)
        outcome = await asyncio.wait_for(run, timeout=10)
        truth = hub.catalogue.ground_truth(limit=20).rankings
    assert outcome.status == "interrupted"
    stored = await database.rankings()
    assert 0 < len(stored) < 12
    assert all(stored[task] == truth[task] for task in stored)  # complete rankings only
    (row,) = await database.fetch("SELECT status, tasks_ok, finished_at FROM hf.crawl_runs")
    assert row["status"] == "interrupted" and row["finished_at"] is not None
    assert row["tasks_ok"] == len(stored)


async def test_dry_run_writes_json_lines_and_touches_no_database(
    start_hub: StartHub, tmp_path: Path
) -> None:
    out = tmp_path / "dry.jsonl"
    async with start_hub(spec=SPEC) as hub:
        settings = make_settings(
            endpoint=hub.url,
            dry_run=out,
            limit_per_task=30,
            database_url="postgresql://nobody:secret@127.0.0.1:1/none",
        )
        outcome = await pipeline.run(settings, asyncio.Event())
        truth = hub.catalogue.ground_truth(limit=30)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    rankings = {r["task_id"]: tuple(r["model_ids"]) for r in lines if r["type"] == "ranking"}
    assert outcome.status == "succeeded" and outcome.run_id is None
    assert rankings == truth.rankings
    assert {r["model_id"] for r in lines if r["type"] == "model"} == truth.models


@pytest.mark.parametrize("batch_size", [1, 7, 100_000])
async def test_batch_size_does_not_change_the_result(
    start_hub: StartHub, database: Database, batch_size: int
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database, batch_size=batch_size, limit_per_task=15)
        await assert_ground_truth(hub, database, limit=15)


async def test_runs_left_running_without_the_writer_lease_are_closed_by_the_next(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
        await database.fetch(
            "INSERT INTO hf.crawl_runs (parameters, status, heartbeat_at) VALUES"
            " ('{}', 'running', now() - interval '2 hours'),"
            " ('{}', 'running', now() - interval '1 minute')"
        )
        await crawl(hub, database)
    rows = await database.fetch("SELECT run_id, status FROM hf.crawl_runs ORDER BY run_id")
    # No lease held them, so no live process did: whatever their last heartbeat.
    assert [r["status"] for r in rows] == ["succeeded", "abandoned", "abandoned", "succeeded"]


VACUUMS = """
SELECT relname, vacuum_count FROM pg_stat_user_tables
WHERE schemaname = $1 AND relname IN ('models', 'model_tasks')
"""


async def test_a_run_vacuums_the_row_versions_it_replaced_and_no_run_vacuums_for_nothing(
    start_hub: StartHub, database: Database
) -> None:
    async def vacuums() -> dict[str, int]:
        return pairs(await database.fetch(VACUUMS, database.schema))

    async with start_hub(spec=SPEC) as hub:
        with structlog.testing.capture_logs() as first_load:
            await crawl(hub, database)
        after_load = await vacuums()
        with structlog.testing.capture_logs() as unchanged:
            await crawl(hub, database)
        after_rerun = await vacuums()
        hub.catalogue.reshuffle(seed=5, fraction=0.9)
        with structlog.testing.capture_logs() as churned:
            await crawl(hub, database)
        after_churn = await vacuums()
        truth = hub.catalogue.ground_truth(limit=30).rankings
    assert await database.rankings() == {t: ids for t, ids in truth.items() if ids}
    assert not [e for e in first_load + unchanged if e["event"] == "tables_vacuumed"]
    assert after_load == after_rerun == {"models": 0, "model_tasks": 0}
    (vacuumed,) = [e for e in churned if e["event"] == "tables_vacuumed"]
    assert vacuumed["rows_replaced"] > 0
    assert after_churn == {"models": 1, "model_tasks": 1}
