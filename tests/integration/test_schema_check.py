"""What a read-only command learns of the schema without writing: none yet, behind this
hf-crawl (run migrate), current, or ahead (read with a warning); and which writer, if any,
a `db-stop` would cut off."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator

import asyncpg
import pytest
import structlog.testing

from hf_crawler import errors
from hf_crawler.store import lease, migrate, queries
from tests.conftest import Database


@pytest.fixture
async def pool(database: Database) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=1)
    yield pool
    await pool.close()


async def checked(pool: asyncpg.Pool, schema: str) -> None:
    async with pool.acquire() as conn:
        await migrate.check(conn, schema)


async def test_a_schema_with_no_catalogue_says_to_migrate(
    pool: asyncpg.Pool, database: Database
) -> None:
    with pytest.raises(errors.SchemaMissing, match=f"schema {database.schema} holds no catalogue"):
        await checked(pool, database.schema)


async def test_a_schema_behind_says_where_it_is_and_what_to_run(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema, upto=20)
    newest = max(queries.migration_versions())
    with pytest.raises(errors.SchemaNotReady) as behind:
        await checked(pool, database.schema)
    assert str(behind.value) == (
        f"schema {database.schema} is at migration 20 and this hf-crawl reads {newest}:"
        " run hf-crawl migrate"
    )
    assert not isinstance(behind.value, errors.SchemaMissing)


async def test_a_current_schema_passes_and_one_ahead_is_read_with_a_warning(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema)
    with structlog.testing.capture_logs() as current:
        await checked(pool, database.schema)
    await database.fetch(
        "INSERT INTO hf.schema_migrations (version, name) VALUES (9999, 'from_a_newer_one')"
    )
    with structlog.testing.capture_logs() as ahead:
        await checked(pool, database.schema)
    assert current == []
    (warned,) = ahead
    assert warned["event"] == "schema_newer_than_code" and warned["log_level"] == "warning"
    assert (warned["at"], warned["known"]) == (9999, max(queries.migration_versions()))
    with pytest.raises(errors.SchemaAhead, match="migration 9999"):
        await migrate.apply(pool, database.schema)  # and never written to


async def test_db_stop_is_refused_by_a_live_writer_of_any_schema_only(
    pool: asyncpg.Pool, database: Database
) -> None:
    await migrate.apply(pool, database.schema)
    await database.fetch("INSERT INTO hf.crawl_runs (parameters) VALUES ('{}')")
    here = socket.gethostname()
    await lease.refuse_if_writing(database.dsn, expire_s=60)  # no lease held: nothing
    await database.fetch(
        "INSERT INTO hf.writer_lease (token, holder, run_id) VALUES ('t', $1, 1)",
        f"{here}:{os.getpid()}",
    )
    with pytest.raises(errors.ServerInUse) as refused:
        await lease.refuse_if_writing(database.dsn, expire_s=60)
    assert str(refused.value).startswith(
        f"not stopped: run 1 ({here}:{os.getpid()}) is writing to schema {database.schema}"
    )
    await database.fetch("UPDATE hf.writer_lease SET renewed_at = now() - interval '2 minutes'")
    await lease.refuse_if_writing(database.dsn, expire_s=60)  # not renewed in time: expired
    gone = f"{here}:{2**22 + 1}"  # above any pid Linux gives (pid_max is at most 2**22)
    await database.fetch("UPDATE hf.writer_lease SET renewed_at = now(), holder = $1", gone)
    await lease.refuse_if_writing(database.dsn, expire_s=60)  # its process is gone


async def test_what_a_migration_adds_follows_the_exposure_rule_and_a_no_op_rewrites_nothing(
    pool: asyncpg.Pool, database: Database
) -> None:
    s = database.schema
    assert max(await migrate.apply(pool, s, upto=26)) == 26
    newest = sorted(queries.migration_versions())
    assert await migrate.apply(pool, s) == newest[newest.index(26) + 1 :]
    acl = (
        "SELECT proacl::text, xmin::text FROM pg_proc"
        f" WHERE oid = '{s}.search_query(text)'::regprocedure"
    )
    ((granted, version),) = await database.fetch(acl)
    # Functions are executable by PUBLIC unless revoked: the rule revoked it from what 27 added.
    assert granted is not None and not any(g.startswith("=X") for g in granted[1:-1].split(","))
    assert await migrate.apply(pool, s) == []
    ((_, again),) = await database.fetch(acl)
    assert again == version  # nothing applied: the rule is not applied again either
