"""Commands that read write nothing, and every command knows the schema's version: one
behind says "run hf-crawl migrate", one a newer hf-crawl migrated is not written to."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.store import migrate, queries
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import Result, env_for, run_cli

SPEC = CatalogueSpec(tasks=3, models_per_task=20, seed=41)
READING = (("status",), ("report",), ("report", "--format", "html"), ("config",), ("db-url",))
# What a write would change: the migrations log, every object's privileges, the row counts.
STATE = """
SELECT (SELECT array_agg((version, applied_at)::text ORDER BY version)
          FROM hf.schema_migrations) AS migrations,
       (SELECT array_agg(coalesce(relacl::text, '') ORDER BY relname)
          FROM pg_class WHERE relnamespace = $1::text::regnamespace) AS acl,
       (SELECT array_agg(n_tup_ins + n_tup_upd + n_tup_del ORDER BY relname)
          FROM pg_stat_user_tables WHERE schemaname = $1) AS writes
"""


def error_line(result: Result) -> str:
    """The one line a refused command prints (its log events may come before it)."""
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("hf-crawl: error:")]
    return line


def as_role(dsn: str, role: str, password: str) -> str:
    """The same server and database, logged in as `role`."""
    parts = urlsplit(dsn)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{host}"))


@pytest.fixture
async def reader(database: Database) -> AsyncIterator[tuple[str, str]]:
    """A login role that may read the schema and nothing else (a monitoring role: every
    table has row level security, which it reads past): (its name, its password)."""
    role, password = f"reader_{secrets.token_hex(4)}", secrets.token_hex(8)
    await database.fetch(f"CREATE ROLE {role} LOGIN BYPASSRLS PASSWORD '{password}'")
    yield role, password
    await database.fetch(f"DROP OWNED BY {role}")
    await database.fetch(f"DROP ROLE {role}")


async def grant_reading(database: Database, role: str) -> None:
    schema = database.schema
    await database.fetch(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    await database.fetch(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    await database.fetch(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {role}")


async def test_status_report_config_and_db_url_run_under_a_role_that_may_only_read(
    start_hub: StartHub, database: Database, reader: tuple[str, str], tmp_path: Path
) -> None:
    role, password = reader
    async with start_hub(spec=SPEC) as hub:
        crawl = await run_cli("--rps", "100", env=env_for(hub, database), cwd=tmp_path)
        await grant_reading(database, role)
        before = await database.fetch(STATE, database.schema)
        reader_env = env_for(hub, database, DATABASE_URL=as_role(database.dsn, role, password))
        results = {args: await run_cli(*args, env=reader_env, cwd=tmp_path) for args in READING}
        after = await database.fetch(STATE, database.schema)
    assert crawl.code == 0
    for args, result in results.items():
        assert result.code == 0, (args, result.stderr)
    assert "fresh" in results[("status",)].stdout
    assert [tuple(r) for r in after] == [tuple(r) for r in before]


async def test_a_schema_behind_the_code_is_read_by_nobody_until_it_is_migrated(
    pg_dsn: str, database: Database, tmp_path: Path
) -> None:
    latest = queries.migrations()[-1].version
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, database.schema, upto=latest - 1)
    finally:
        await pool.close()
    env = env_for(None, database)
    status = await run_cli("status", env=env, cwd=tmp_path)
    report = await run_cli("report", env=env, cwd=tmp_path)
    for result in (status, report):
        assert result.code == 2
        assert f"at migration {latest - 1}" in error_line(result)
        assert error_line(result).endswith("run hf-crawl migrate")
    assert await database.value("SELECT max(version) FROM hf.schema_migrations") == latest - 1


async def test_a_schema_a_newer_hf_crawl_migrated_is_written_by_no_command(
    start_hub: StartHub, pg_dsn: str, database: Database, tmp_path: Path
) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, database.schema)
    finally:
        await pool.close()
    newer = queries.migrations()[-1].version + 1
    await database.fetch(
        "INSERT INTO hf.schema_migrations (version, name) VALUES ($1, 'from_the_future')", newer
    )
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        writing = [
            await run_cli(*args, env=env, cwd=tmp_path)
            for args in (
                ("--rps", "100"),
                ("migrate",),
                ("prune", "--keep", "30d"),
                ("expose",),
                ("cards",),
            )
        ]
        status = await run_cli("status", env=env, cwd=tmp_path)
    for result in writing:
        assert result.code == 2, result.stderr
        assert f"migrated by a newer hf-crawl (migration {newer}" in error_line(result)
    assert await database.value("SELECT count(*) FROM hf.crawl_runs") == 0
    assert status.code == 1 and "NEVER SUCCEEDED" in status.stdout  # read, with a warning


async def test_a_schema_whose_applied_migration_changed_is_written_by_no_command(
    start_hub: StartHub, pg_dsn: str, database: Database, tmp_path: Path
) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, database.schema)
    finally:
        await pool.close()
    first = queries.migrations()[0]
    await database.fetch("UPDATE hf.schema_migrations SET sha256 = 'older' WHERE version = 1")
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        writing = [
            await run_cli(*args, env=env, cwd=tmp_path)
            for args in (("--rps", "100"), ("migrate",), ("prune", "--keep", "30d"), ("cards",))
        ]
    for result in writing:
        assert result.code == 2, result.stderr
        assert error_line(result) == (
            f"hf-crawl: error: migration {first.file_name} changed since it was applied to"
            f" schema {database.schema} (sha256 older applied, {first.sha256[:12]} now):"
            " released migrations are never edited; restore the file, or use the hf-crawl"
            " release that applied it"
        )
    assert await database.value("SELECT count(*) FROM hf.crawl_runs") == 0
