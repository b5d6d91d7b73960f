"""The writer lease's keeper is watched: if it dies the run stops and fails (it would go on
writing with a lease nobody renews), and a renewal or a release that fails is logged. A
merge, of models or of cards, writes only while its run still holds the lease."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
import structlog.testing

from hf_crawler import errors
from hf_crawler.crawl import pipeline
from hf_crawler.entities.models import MODELS
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.records import Batch
from hf_crawler.store import lease, migrate, queries
from hf_crawler.store.loader import PostgresSink
from tests.conftest import Database, StartHub, make_settings
from tests.e2e.db_relay import DatabaseRelay
from tests.integration.test_loader import model

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
    (died,) = [e for e in events if e["event"] == "writer_lease_keeper_died"]
    assert died["error"] == "renewing the writer lease: permission denied"
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
        with pytest.raises(errors.DatabaseError) as binding:
            await held.bind(1)
        with pytest.raises(errors.DatabaseError) as taking:
            await lease.take(pool, database.schema, expire_s=60, wait=False)
    pool.terminate()
    said = [e["event"] for e in events]
    assert said == ["writer_lease_renewal_failed", "writer_lease_release_failed"]
    assert events[1]["reason"].startswith("releasing the writer lease: ")
    assert str(binding.value).startswith("binding the writer lease: ")
    assert str(taking.value).startswith("taking the writer lease: ")


async def test_a_keeper_cancelled_at_the_end_of_its_block_is_no_failure(
    pg_dsn: str, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=2)
    try:
        await migrate.apply(pool, database.schema)
        held = await lease.take(pool, database.schema, expire_s=60, wait=False)
        stop = asyncio.Event()
        with structlog.testing.capture_logs() as events:
            async with held.kept(60, stop):
                await asyncio.sleep(0)  # the keeper starts and waits to renew
            await asyncio.sleep(0)  # its done callback runs
    finally:
        await pool.close()
    assert not stop.is_set() and not held.lost
    assert [e for e in events if e["event"] == "writer_lease_keeper_died"] == []
    assert [r for r in caplog.records if r.name == "asyncio"] == []  # no callback raised


async def test_a_merge_of_a_run_whose_lease_was_taken_over_writes_nothing(
    pg_dsn: str, database: Database
) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=2)
    try:
        await migrate.apply(pool, database.schema)
        first = await lease.take(pool, database.schema, expire_s=60, wait=False)
        await database.fetch("UPDATE hf.writer_lease SET renewed_at = now() - interval '1 hour'")
        await lease.take(pool, database.schema, expire_s=60, wait=False)  # the second run's
        q = queries.for_schema(database.schema)
        wrote = []
        with pytest.raises(errors.LeaseLost, match="while merging cards: nothing written"):
            async with lease.merge_transaction(
                pool, q, "merging cards", lease=first.token, timeout_s=5
            ):
                wrote.append("cards")
        sink = PostgresSink(pool, database.schema, "tag", timeout_s=5)
        sink.bind_run(None, first.token)
        with pytest.raises(errors.LeaseLost, match="while merging a batch"):
            await sink.of(MODELS).merge(Batch(models=(model("org/m"),), rankings={}))
    finally:
        await pool.close()
    assert wrote == []
    assert await database.value("SELECT count(*) FROM hf.models") == 0


async def test_the_keeper_renews_every_interval_and_stops_the_run_once_the_lease_is_taken_over(
    pg_dsn: str, database: Database
) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=2)
    try:
        await migrate.apply(pool, database.schema)
        held = await lease.take(pool, database.schema, expire_s=60, wait=False)
        renewed = [await database.value("SELECT renewed_at FROM hf.writer_lease")]
        third, taken = asyncio.Event(), asyncio.Event()
        renew = held.renew

        async def counted() -> bool:
            if third.is_set():  # the next renewal waits for the takeover: no race with it
                await taken.wait()
            kept = await renew()
            renewed.append(await database.value("SELECT renewed_at FROM hf.writer_lease"))
            if len(renewed) == 4:
                third.set()
            return kept

        held.renew = counted  # type: ignore[method-assign]
        stop = asyncio.Event()
        keeper = asyncio.create_task(held.keep(0.01, stop))
        await asyncio.wait_for(third.wait(), 10)  # three renewals, each moving renewed_at
        assert not stop.is_set() and not held.lost and not keeper.done()
        await database.fetch("UPDATE hf.writer_lease SET renewed_at = now() - interval '1 hour'")
        with structlog.testing.capture_logs() as events:
            await lease.take(pool, database.schema, expire_s=60, wait=False)  # another run's
            taken.set()
            await asyncio.wait_for(keeper, 10)
    finally:
        await pool.close()
    assert renewed[:4] == sorted(renewed[:4]) and len(set(renewed[:4])) == 4
    assert held.lost and stop.is_set()
    (lost,) = [e for e in events if e["event"] == "writer_lease_lost"]
    assert lost["log_level"] == "error" and lost["reason"] == "another crawl took it over"
