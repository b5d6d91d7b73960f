"""Open the database a command works on: the DSN (embedded server or given), a pool, the
schema migrated; closed by the caller's exit stack."""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import structlog

from hf_crawler import db, migrate
from hf_crawler.settings import Settings

log = structlog.get_logger("hf_crawler.store")


async def open_database(settings: Settings, stack: contextlib.AsyncExitStack) -> asyncpg.Pool:
    """Connect (starting the embedded server if no DSN) and migrate; closed by `stack`."""
    dsn = await asyncio.to_thread(db.dsn_for, settings)
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
    await migrate.apply(pool, settings.schema)
    return pool


async def _close_pool(pool: asyncpg.Pool) -> None:
    try:
        await asyncio.wait_for(pool.close(), timeout=5)
    except (TimeoutError, asyncpg.PostgresError, OSError):
        pool.terminate()
