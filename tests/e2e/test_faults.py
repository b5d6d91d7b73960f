"""Fault injection: under every fault the fake Hub and Postgres can throw, a run either ends
with exactly the ground truth or stops with a clear reason, and loses nothing."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from hf_crawler import errors
from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from hf_crawler.fakehub.quota import FixedWindowQuota
from hf_crawler.store import migrate
from tests.conftest import Database, RunningHub, StartHub, make_settings

STORM = Faults(
    error_rate=0.3,  # 500/502/503 with HTML bodies
    rate_limit_rate=0.05,  # 429 bursts within quota
    stall_rate=0.05,  # latency spikes past the read timeout
    stall_s=1.0,
    truncate_rate=0.05,
    non_json_rate=0.03,
    disconnect_rate=0.03,
    malformed_rate=0.5,  # junk items beside the real rows
    # and every kind at least once, first, whatever the dice say:
    script=("503", "429", "stall", "500", "truncate", "502", "disconnect", "non_json", "429"),
    seed=17,
)


def settings_for(hub: RunningHub, database: Database, **overrides: object) -> object:
    options: dict[str, object] = {
        "endpoint": hub.url,
        "database_url": database.dsn,
        "schema": database.schema,
        "limit_per_task": 40,
        "read_timeout_s": 0.5,
        "max_tries": 25,
        "backoff_cap_s": 0.2,
        "rps": 200.0,
    }
    return make_settings(**(options | overrides))


async def test_twenty_tasks_through_a_fault_storm_end_with_exactly_the_ground_truth(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=20, models_per_task=50, overlap=0.3, seed=9)
    async with start_hub(spec=spec, faults=STORM) as hub:
        outcome = await pipeline.run(settings_for(hub, database), asyncio.Event())  # type: ignore[arg-type]
        truth = hub.catalogue.ground_truth(limit=40)
        counts = hub.state.counts
    assert outcome.status == "succeeded"
    assert await database.rankings() == truth.rankings
    stored = {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.models")}
    assert stored == truth.models  # no junk, nothing lost
    injected = {k: v for k, v in counts.items() if k.startswith(("fault_", "junk_"))}
    for kind in ("500", "502", "503", "429", "stall", "truncate", "non_json", "disconnect"):
        assert injected.get(f"fault_{kind}", 0) > 0, (kind, injected)
    assert outcome.stats.malformed > 0 and outcome.stats.rate_limited > 0
    # Each fault costs one retry, except a dropped keep-alive connection, which aiohttp
    # itself may retry once before we see it.
    request_faults = sum(v for k, v in injected.items() if k.startswith("fault_"))
    assert outcome.stats.retries >= request_faults - injected["fault_disconnect"]


async def test_quota_mode_gets_through_with_at_most_a_handful_of_429s(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=30, models_per_task=10, overlap=0.0, seed=5)
    quota = FixedWindowQuota(window_s=1, anonymous=8, enforce=True)
    async with start_hub(spec=spec, quota=quota) as hub:
        settings = settings_for(hub, database, limit_per_task=10, rps=50.0, max_tries=10)
        outcome = await pipeline.run(settings, asyncio.Event())  # type: ignore[arg-type]
        truth = hub.catalogue.ground_truth(limit=10)
    assert outcome.stats.requests > 3 * quota.anonymous  # more pages than one window allows
    assert outcome.stats.rate_limited <= 3
    assert await database.rankings() == truth.rankings


async def test_a_connection_lost_in_the_middle_of_a_merge_is_retried_and_nothing_is_lost(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=8, models_per_task=30, seed=12)
    async with start_hub(spec=spec) as hub:
        settings = settings_for(hub, database, concurrency=1)
        await _migrated(database)
        # Hold the merge inside its transaction: it waits on this lock with its statement
        # sent, and its connection is cut right there, not while it idles in the pool.
        blocker = await asyncpg.connect(database.dsn)
        holding = blocker.transaction()
        await holding.start()
        await blocker.execute(f"LOCK TABLE {database.schema}.models IN SHARE MODE")
        run = asyncio.create_task(pipeline.run(settings, asyncio.Event()))  # type: ignore[arg-type]
        try:
            killed = await _terminate_blocked_merge(database)
        finally:
            await holding.rollback()
            await blocker.close()
        outcome = await asyncio.wait_for(run, timeout=30)
        truth = hub.catalogue.ground_truth(limit=40)
    assert killed == 1
    assert outcome.status == "succeeded"
    assert await database.rankings() == truth.rankings


async def _migrated(database: Database) -> None:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, database.schema)
    finally:
        await pool.close()


async def _terminate_blocked_merge(database: Database, bound_s: float = 20.0) -> int:
    """Cut the connection of the crawler's statement that waits on the test's lock, once it
    waits (the test's own bound on waiting for that); how many were cut."""
    deadline = asyncio.get_running_loop().time() + bound_s
    while asyncio.get_running_loop().time() < deadline:
        rows = await database.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'hf-crawler' AND wait_event_type = 'Lock'"
        )
        if rows:
            return len(rows)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no merge waited on the lock within {bound_s} s")


async def test_a_merge_statement_timeout_is_reported_not_swallowed(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub() as hub:
        settings = settings_for(hub, database, merge_timeout_s=0.001, limit_per_task=60)
        with pytest.raises(BaseExceptionGroup) as caught:
            await pipeline.run(settings, asyncio.Event())  # type: ignore[arg-type]
    cause = errors.first_cause(caught.value)
    assert isinstance(cause, errors.MergeFailed)
    assert "statement timeout" in str(cause)
    (run,) = await database.fetch("SELECT status, error FROM hf.crawl_runs")
    assert run["status"] == "failed" and "statement timeout" in run["error"]
    assert await database.value("SELECT count(*) FROM hf.model_tasks") == 0  # rolled back


async def test_empty_tasks_and_junk_only_pages_end_cleanly(
    start_hub: StartHub, database: Database
) -> None:
    faults = Faults(malformed_rate=1.0, seed=4)
    async with start_hub(spec=CatalogueSpec(tasks=3, models_per_task=5), faults=faults) as hub:
        settings = settings_for(hub, database, tasks=("text-classification", "translation"))
        outcome = await pipeline.run(settings, asyncio.Event())  # type: ignore[arg-type]
        truth = hub.catalogue.ground_truth(["text-classification"], limit=40).rankings
    assert outcome.status == "succeeded" and outcome.stats.tasks_ok == 2
    assert await database.rankings() == truth  # translation has no models: no mappings
    assert outcome.stats.malformed + outcome.stats.duplicates > 0


async def test_an_unreachable_hub_fails_the_listing_with_a_clear_reason(database: Database) -> None:
    settings = make_settings(
        endpoint="http://127.0.0.1:1",
        database_url=database.dsn,
        schema=database.schema,
        max_tries=2,
    )
    with pytest.raises(errors.HubUnavailable, match=r"no response from http://127\.0\.0\.1:1"):
        await pipeline.run(settings, asyncio.Event())
    # The schema was migrated and the run row written before the Hub was asked anything.
    assert await database.value("SELECT status FROM hf.crawl_runs") == "failed"
