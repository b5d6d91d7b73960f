"""The writer lease's keeper is watched: if it dies the run stops and fails (it would go on
writing with a lease nobody renews), and a renewal or a release that fails is logged."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
import structlog.testing

from hf_crawler import errors
from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.store import lease, migrate
from tests.conftest import Database, StartHub, make_settings
from tests.e2e.db_relay import DatabaseRelay

SPEC = CatalogueSpec(tasks=3, models_per_task=40, seed=5)


async def test_a_keeper_that_dies_stops_the_run_and_fails_it(
    start_hub: StartHub, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def dies(self: lease.Lease, every_s: float, stop: asyncio.Event) -> None:
        raise errors.DatabaseRefused("renewing the writer lease: permission denied")

    monkeypatch.setattr(lease.Lease, "keep", dies)
    async with start_hub(spec=SPEC) as hub:
        settings = make_settings(
            endpoint=hub.url, database_url=database.dsn, schema=database.schema
        )
        dead = pytest.raises(errors.LeaseLost, match=r"could not be kept: .*permission denied")
        with structlog.testing.capture_logs() as events, dead:
            await pipeline.run(settings, asyncio.Event())
    assert "writer_lease_keeper_died" in [e["event"] for e in events]
    status = await database.value("SELECT status FROM hf.crawl_runs")
    assert status == "failed"


async def test_a_failed_renewal_and_a_failed_release_are_logged(
    pg_dsn: str, database: Database
) -> None:
    relay = DatabaseRelay(pg_dsn)
    pool = await asyncpg.create_pool(await relay.start(), min_size=1, max_size=1)
    await migrate.apply(pool, database.schema)
    held = await lease.take(pool, database.schema, expire_s=60, wait=False)
    await relay.cut()  # the database is now out of reach for this lease
    with structlog.testing.capture_logs() as events:
        assert await held.renew()  # unreachable: counted as held, said in the log
        await held.release()
    pool.terminate()
    said = [e["event"] for e in events]
    assert said == ["writer_lease_renewal_failed", "writer_lease_release_failed"]
