"""The migrations log records what was applied, byte for byte: a database whose applied
migration's file has changed since is refused; one migrated before hashes existed gets
them on its next upgrade. Each migration waits for its locks a bounded time, says so, and
tries again."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import asyncpg
import pytest
import structlog.testing

from hf_crawler import errors
from hf_crawler.store import migrate, queries
from tests.conftest import Database

QUICK = migrate.LockWait(timeout_s=0.05, tries=2, pause_s=0.01)


@pytest.fixture
async def pool(database: Database) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=1)
    yield pool
    await pool.close()


async def recorded_hashes(database: Database) -> dict[int, str | None]:
    rows = await database.fetch("SELECT version, sha256 FROM hf.schema_migrations")
    return {row["version"]: row["sha256"] for row in rows}


def file_hashes() -> dict[int, str]:
    return {m.version: m.sha256 for m in queries.migrations()}


async def test_each_applied_migration_is_recorded_with_its_files_sha256(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema)
    assert await recorded_hashes(database) == file_hashes()


async def test_a_migration_changed_after_it_was_applied_is_refused_in_one_line(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema)
    applied_text = "0" * 64  # the text this database applied, which the file no longer has
    await database.fetch(
        "UPDATE hf.schema_migrations SET sha256 = $1 WHERE version = 13", applied_text
    )
    with pytest.raises(errors.MigrationChanged) as refused:
        await migrate.apply(pool, database.schema)
    message = str(refused.value)
    assert message.startswith(
        f"migration 0013_history_as_task_snapshots.sql changed since it was applied to schema"
        f" {database.schema} (sha256 000000000000 applied, {file_hashes()[13][:12]} now)"
    )
    assert "\n" not in message
    assert isinstance(refused.value, errors.ConfigError)  # the CLI's exit 2


async def test_a_changed_migration_refuses_before_any_pending_one_is_applied(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema, upto=20)
    await database.fetch("UPDATE hf.schema_migrations SET sha256 = 'edited' WHERE version = 1")
    with pytest.raises(errors.MigrationChanged, match=r"migration 0001_create_hf_schema\.sql"):
        await migrate.apply(pool, database.schema)
    assert max(await recorded_hashes(database)) == 20


async def test_a_log_written_before_hashes_existed_gets_them_on_upgrade(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema, upto=20)
    await database.fetch("ALTER TABLE hf.schema_migrations DROP COLUMN sha256")
    with structlog.testing.capture_logs() as logs:
        applied = await migrate.apply(pool, database.schema)
    assert applied == sorted(v for v in file_hashes() if v > 20)
    assert await recorded_hashes(database) == file_hashes()
    (recorded,) = [e for e in logs if e["event"] == "migration_hashes_recorded"]
    assert recorded["versions"] == list(range(1, 21))


async def test_an_upgrade_with_nothing_to_apply_writes_nothing_to_the_log(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema)
    before = await database.fetch("SELECT xmin::text, * FROM hf.schema_migrations ORDER BY 2")
    assert await migrate.apply(pool, database.schema) == []
    assert (
        await database.fetch("SELECT xmin::text, * FROM hf.schema_migrations ORDER BY 2") == before
    )


@contextlib.asynccontextmanager
async def reader_holding(database: Database, table: str) -> AsyncIterator[asyncpg.Connection]:
    """A reader in an open transaction that has read `table` (it holds ACCESS SHARE)."""
    conn = await asyncpg.connect(database.dsn)
    try:
        transaction = conn.transaction()
        await transaction.start()
        await conn.execute(f'LOCK TABLE "{database.schema}".{table} IN ACCESS SHARE MODE')
        yield conn
        await transaction.rollback()
    finally:
        await conn.close()


async def test_a_migration_that_cannot_take_its_locks_gives_up_after_its_tries(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema, upto=28)
    with structlog.testing.capture_logs() as logs:
        async with reader_holding(database, "datasets"):
            with pytest.raises(errors.MigrationFailed) as failed:
                await migrate.apply(pool, database.schema, locks=QUICK)
    assert str(failed.value) == (
        "migration 0029_datasets_in_the_models_shape.sql could not take its locks in 2 tries"
        " of 0.05 s: a long transaction holds a table it changes (see pg_stat_activity);"
        " try again later"
    )
    waits = [e for e in logs if e["event"] == "migration_waited_for_lock"]
    assert [(e["migration"], e["attempt"]) for e in waits] == [
        ("0029_datasets_in_the_models_shape.sql", 1)
    ]
    assert max(await recorded_hashes(database)) == 28  # rolled back, the earlier ones kept
    assert await migrate.apply(pool, database.schema) == sorted(v for v in file_hashes() if v > 28)


async def waiting_for_a_lock(database: Database, *, waiting: bool) -> None:
    """Until a session migrating this test's schema is (or no longer is) waiting for a lock."""
    asked = (
        "SELECT count(*) > 0 FROM pg_stat_activity"
        " WHERE wait_event_type = 'Lock' AND strpos(query, $1) > 0"
    )
    async with asyncio.timeout(30):
        while await database.value(asked, f'"{database.schema}".') != waiting:  # noqa: ASYNC110  # the server's state: nothing to wait on but the poll
            await asyncio.sleep(0.005)


async def test_a_migration_waits_out_a_long_reader_and_says_it_waited(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema, upto=28)
    patient = migrate.LockWait(timeout_s=0.2, tries=30, pause_s=0.05)
    with structlog.testing.capture_logs() as logs:
        async with reader_holding(database, "datasets"):
            upgrading = asyncio.create_task(migrate.apply(pool, database.schema, locks=patient))
            await waiting_for_a_lock(database, waiting=True)
            await waiting_for_a_lock(database, waiting=False)  # its first try gave up
        applied = await asyncio.wait_for(upgrading, timeout=60)
    assert 29 in applied
    waits = [e for e in logs if e["event"] == "migration_waited_for_lock"]
    assert waits and waits[0]["lock_timeout_s"] == 0.2 and waits[0]["pause_s"] == 0.05
