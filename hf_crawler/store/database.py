"""Open the database a command works on: the DSN (embedded server or given), a pool, the
schema migrated (or, for a command that only reads, checked); closed by the caller's exit
stack."""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import structlog

from hf_crawler.config.settings import Settings
from hf_crawler.store import db, embedded, lease, migrate

log = structlog.get_logger("hf_crawler.store")
Pool = asyncpg.Pool  # the handle a command holds; only the store's functions use it


async def open_database(settings: Settings, stack: contextlib.AsyncExitStack) -> asyncpg.Pool:
    """Connect (starting the embedded server if no DSN) and migrate; closed by `stack`."""
    pool = await _connect(settings, stack)
    await migrate.apply(pool, settings.schema)
    return pool


async def open_for_reading(settings: Settings, stack: contextlib.AsyncExitStack) -> asyncpg.Pool:
    """Connect and check the schema's version, writing nothing (`status` and `report` run
    under a role that may only read); closed by `stack`."""
    pool = await _connect(settings, stack)
    async with pool.acquire() as conn:
        await migrate.check(conn, settings.schema)
    return pool


async def take_writer_lease(
    pool: asyncpg.Pool, settings: Settings, stack: contextlib.AsyncExitStack
) -> lease.Lease:
    """The schema's writer lease (waiting for it with --wait), released by `stack`."""
    held = await lease.take(pool, settings.schema, expire_s=settings.lease_s, wait=settings.wait)
    stack.push_async_callback(held.release)
    return held


async def _connect(settings: Settings, stack: contextlib.AsyncExitStack) -> asyncpg.Pool:
    dsn = await asyncio.to_thread(embedded.dsn_for, settings)
    if settings.database_url is None:
        log.info(
            "embedded_postgres",
            data_dir=str(settings.data_dir),
            dsn=dsn,
            connect='psql "$(hf-crawl db-url)"',
            stop="hf-crawl db-stop",
        )
    pool = await db.create_pool(dsn, settings)
    stack.push_async_callback(_close_pool, pool)
    return pool


async def _close_pool(pool: asyncpg.Pool) -> None:
    try:
        await asyncio.wait_for(pool.close(), timeout=5)
    except (TimeoutError, asyncpg.PostgresError, OSError):
        pool.terminate()
