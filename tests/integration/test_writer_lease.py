"""Taking the writer lease: free, it is taken; held by a live writer, a second crawl is
told who (or queues with --wait until it is released); held by a process of this machine
that is gone, or not renewed in time, it is taken over at once and the runs left
`running` are closed as abandoned."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator

import asyncpg
import pytest
import structlog.testing

from hf_crawler import errors
from hf_crawler.store import lease, migrate
from tests.conftest import Database

GONE_PID = 2**22 + 1  # above any pid Linux gives (pid_max is at most 2**22)
NEW_RUN = "INSERT INTO hf.crawl_runs (parameters) VALUES ('{}') RETURNING run_id"


@pytest.fixture
async def pool(database: Database) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=3)
    await migrate.apply(pool, database.schema)
    yield pool
    await pool.close()


async def test_a_live_writer_is_named_to_the_second_crawl(
    pool: asyncpg.Pool, database: Database
) -> None:
    first = await lease.take(pool, database.schema, expire_s=60, wait=False)
    run = await database.value(
        "INSERT INTO hf.crawl_runs (parameters) VALUES ('{}') RETURNING run_id"
    )
    await first.bind(run)
    with pytest.raises(errors.WriterBusy) as busy:
        await lease.take(pool, database.schema, expire_s=60, wait=False)
    here = f"{socket.gethostname()}:{os.getpid()}"
    assert (busy.value.run_id, busy.value.holder) == (run, here)
    assert str(busy.value).startswith(f"busy: run {run} ({here}) is writing to schema")
    assert str(busy.value).endswith("try later, or pass --wait to queue")


async def test_with_wait_the_second_crawl_takes_the_lease_once_it_is_released(
    pool: asyncpg.Pool, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lease, "POLL_S", 0.01)
    first = await lease.take(pool, database.schema, expire_s=60, wait=False)
    with structlog.testing.capture_logs() as events:
        second = asyncio.create_task(lease.take(pool, database.schema, expire_s=60, wait=True))
        async with asyncio.timeout(10):  # it says so before each wait of POLL_S
            while not [e for e in events if e["event"] == "waiting_for_writer_lease"]:  # noqa: ASYNC110  # the log is a list, not an awaitable
                await asyncio.sleep(0.01)
        assert not second.done()
        await first.release()
        taken = await asyncio.wait_for(second, 10)
    assert taken.token != first.token
    assert await database.value("SELECT token FROM hf.writer_lease") == taken.token


@pytest.mark.parametrize("left_by", ["a process gone", "a writer silent too long"])
async def test_a_dead_writers_lease_is_taken_over_and_its_run_closed_as_abandoned(
    pool: asyncpg.Pool, database: Database, left_by: str
) -> None:
    run = await database.value(
        "INSERT INTO hf.crawl_runs (parameters) VALUES ('{}') RETURNING run_id"
    )
    holder = f"{socket.gethostname()}:{GONE_PID if left_by == 'a process gone' else os.getpid()}"
    await database.fetch(
        "INSERT INTO hf.writer_lease (token, holder, run_id, renewed_at) VALUES"
        " ('old', $1, $2, now() - make_interval(secs => $3))",
        holder,
        run,
        0 if left_by == "a process gone" else 120,
    )
    with structlog.testing.capture_logs() as events:
        await lease.take(pool, database.schema, expire_s=60, wait=False)
    (closed,) = await database.fetch("SELECT status, failed_phase FROM hf.crawl_runs")
    assert closed["status"] == "abandoned"
    assert closed["failed_phase"] == "unknown: its end was never recorded"
    (abandoned,) = [e for e in events if e["event"] == "runs_abandoned"]
    assert abandoned["runs"] == [run] and abandoned["log_level"] == "warning"
