"""Supabase's setting, recreated on the embedded Postgres: its roles, `hf` listed in
`pgrst.db_schemas`, and a non-superuser owner (as Supabase's `postgres` is) that migrates,
exposes and crawls. Then `anon` reads the catalogue and nothing else, and the conditions
of Supabase's database linter (lints 0010, 0011, 0013, 0028, 0029) hold for the schema."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import ROLE_PASSWORD, StartHub, login
from tests.e2e.test_cli import env_for, run_cli

SUPABASE_ROLES = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
        CREATE ROLE anon NOLOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN
        CREATE ROLE authenticated NOLOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
        CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticator') THEN
        CREATE ROLE authenticator LOGIN NOINHERIT;
    END IF;
END $$;
GRANT anon, authenticated, service_role TO authenticator;
"""
TABLES = (
    "models",
    "tasks",
    "model_tasks",
    "datasets",
    "dataset_tasks",
    "dataset_snapshots",
    "model_dataset_tags",
)
VIEWS = (
    "task_leaderboard",
    "covering_runs",
    "movers_last_two_runs",
    "top_n_changes",
    "disappeared_models",
)
WRITES = (
    "INSERT INTO hf.{t} DEFAULT VALUES",
    "UPDATE hf.{t} SET {c} = {c}",
    "DELETE FROM hf.{t}",
    "TRUNCATE hf.{t}",
)
A_COLUMN = {
    "models": "downloads",
    "tasks": "task_label",
    "model_tasks": "rank_in_task",
    "crawl_runs": "status",
    "task_runs": "task_id",
    "task_snapshots": "likes",
    "retired_model_keys": "model_id",
    "datasets": "downloads",
    "dataset_tasks": "rank_in_task",
    "dataset_snapshots": "likes",
}
# Views of the datasets anon reads, with rows after a crawl of both kinds.
DATASET_VIEWS = ("dataset_leaderboard", "model_datasets", "task_datasets_used", "dataset_last_seen")
# The history's former tables are views now: no role writes through them.
READ_ONLY_VIEWS = ("model_stats_history", "task_rankings_history", "model_last_seen", "model_keys")
# What `anon` or `authenticated` may do in schema hf, as Postgres's privilege functions
# and catalogs say it (the same sources the linter reads).
GRANTED = """
SELECT 'schema' AS what FROM pg_namespace
 WHERE nspname = 'hf' AND (has_schema_privilege('anon', oid, 'USAGE')
                           OR has_schema_privilege('authenticated', oid, 'USAGE'))
UNION ALL
SELECT 'table ' || relname FROM pg_class WHERE relnamespace = 'hf'::regnamespace
 AND (has_table_privilege('anon', oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE')
      OR has_table_privilege('authenticated', oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE')
      OR has_any_column_privilege('anon', oid, 'SELECT'))
UNION ALL
SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'hf'::regnamespace
 AND (has_function_privilege('anon', oid, 'EXECUTE')
      OR has_function_privilege('authenticated', oid, 'EXECUTE'))
UNION ALL
SELECT 'policy ' || policyname FROM pg_policies WHERE schemaname = 'hf'
UNION ALL
SELECT 'default acl' FROM pg_default_acl WHERE defaclnamespace = 'hf'::regnamespace
"""
# The state `expose` changes: ACLs, policies, RLS flags, default privileges.
PRIVILEGES = """
SELECT coalesce(c.relacl::text, '') || c.relrowsecurity::text AS state, c.relname AS name
  FROM pg_class c WHERE c.relnamespace = 'hf'::regnamespace
UNION ALL SELECT coalesce(p.proacl::text, ''), p.proname FROM pg_proc p
 WHERE p.pronamespace = 'hf'::regnamespace
UNION ALL SELECT coalesce(attacl::text, ''), attrelid::regclass::text || attname FROM pg_attribute
 WHERE attrelid = 'hf.crawl_runs'::regclass AND attacl IS NOT NULL
UNION ALL SELECT policyname || array_to_string(roles, ','), tablename FROM pg_policies
 WHERE schemaname = 'hf'
UNION ALL SELECT defaclacl::text, 'default' FROM pg_default_acl
 WHERE defaclnamespace = 'hf'::regnamespace
UNION ALL SELECT nspacl::text, nspname FROM pg_namespace WHERE nspname = 'hf'
ORDER BY 2, 1
"""
EXPOSED = (
    "n.nspname = ANY (SELECT trim(unnest(string_to_array("
    "current_setting('pgrst.db_schemas', true), ','))))"
)
# The conditions of each lint, for schema hf: rows here are findings.
LINTS = {
    "0010_security_definer_view": f"""
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'v' AND {EXPOSED}
          AND (has_table_privilege('anon', c.oid, 'SELECT')
               OR has_table_privilege('authenticated', c.oid, 'SELECT'))
          AND NOT (lower(coalesce(c.reloptions::text, '{{}}'))::text[]
                   && ARRAY['security_invoker=1', 'security_invoker=true',
                            'security_invoker=yes', 'security_invoker=on'])""",
    "0011_function_search_path_mutable": """
        SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'hf' AND NOT EXISTS (
            SELECT 1 FROM unnest(coalesce(p.proconfig, '{}')) AS config
            WHERE config LIKE 'search_path=%')""",
    "0013_rls_disabled_in_public": f"""
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND NOT c.relrowsecurity AND {EXPOSED}
          AND (has_table_privilege('anon', c.oid, 'SELECT')
               OR has_table_privilege('authenticated', c.oid, 'SELECT'))""",
    "0028_anon_security_definer_function_executable": f"""
        SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prosecdef AND has_function_privilege('anon', p.oid, 'EXECUTE') AND {EXPOSED}""",
    "0029_authenticated_security_definer_function_executable": f"""
        SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prosecdef AND has_function_privilege('authenticated', p.oid, 'EXECUTE')
          AND {EXPOSED}""",
}


@dataclass
class Supabase:
    owner_dsn: str
    superuser: asyncpg.Connection
    dsn_for: dict[str, str]

    async def as_anon(self) -> asyncpg.Connection:
        conn = await asyncpg.connect(self.dsn_for["authenticator"])
        await conn.execute("SET ROLE anon")
        return conn


@pytest.fixture
async def supabase(pg_dsn: str) -> AsyncIterator[Supabase]:
    """A database owned by a non-superuser owner with Supabase's roles and API setting; each
    role that logs in has a password (a server reached over TCP asks for it)."""
    owner, database = f"supa_owner_{secrets.token_hex(3)}", f"supa_{secrets.token_hex(3)}"
    admin = await asyncpg.connect(pg_dsn)
    try:
        await admin.execute(SUPABASE_ROLES)
        await admin.execute(f"ALTER ROLE authenticator PASSWORD '{ROLE_PASSWORD}'")
        await admin.execute(
            f"CREATE ROLE {owner} LOGIN CREATEDB CREATEROLE BYPASSRLS NOSUPERUSER"
            f" PASSWORD '{ROLE_PASSWORD}'"
        )
        await admin.execute(f"CREATE DATABASE {database} OWNER {owner}")
        await admin.execute(
            f"ALTER DATABASE {database} SET pgrst.db_schemas = 'public, graphql_public, hf'"
        )
        superuser = await asyncpg.connect(login(pg_dsn, database=database))  # the server's admin
        users = {
            u: login(pg_dsn, user=u, password=ROLE_PASSWORD, database=database)
            for u in ("authenticator", owner)
        }
        try:
            yield Supabase(users[owner], superuser, users)
        finally:
            await superuser.close()
            await admin.execute(f"DROP DATABASE {database} WITH (FORCE)")
            await admin.execute(f"DROP ROLE {owner}")
    finally:
        await admin.close()


async def hf(supabase: Supabase, *args: str, tmp_path: Path, endpoint: str = "") -> None:
    env = env_for(None, None, DATABASE_URL=supabase.owner_dsn, HF_ENDPOINT=endpoint or "x")
    if not endpoint:
        env.pop("HF_ENDPOINT")
    result = await run_cli(*args, env=env, cwd=tmp_path)
    assert result.code == 0, result.stderr


async def test_anon_reads_the_catalogue_and_nothing_else_and_the_lints_hold(
    supabase: Supabase, start_hub: StartHub, tmp_path: Path
) -> None:
    await hf(supabase, "migrate", tmp_path=tmp_path)
    assert await supabase.superuser.fetch(GRANTED) == []  # migrate alone grants nothing
    await hf(supabase, "expose", tmp_path=tmp_path)
    spec = CatalogueSpec(
        tasks=3, models_per_task=20, seed=21, datasets_per_task=10, dataset_link_share=0.5
    )
    both = ("--rps", "100", "--repos", "models,datasets")
    async with start_hub(spec=spec) as hub:
        await hf(supabase, *both, tmp_path=tmp_path, endpoint=hub.url)
        hub.catalogue.reshuffle(seed=2, fraction=0.5)
        await hf(supabase, *both, tmp_path=tmp_path, endpoint=hub.url)
    anon = await supabase.as_anon()
    try:
        for table in TABLES:
            assert await anon.fetchval(f"SELECT count(*) FROM hf.{table}") > 0, table
        for view in VIEWS:
            await anon.fetch(f"SELECT * FROM hf.{view}")
        assert await anon.fetchval("SELECT count(*) FROM hf.movers_last_two_runs") > 0
        assert await anon.fetchval("SELECT count(*) FROM hf.ranking_at(2)") > 0
        assert await anon.fetchval("SELECT count(*) FROM hf.dataset_ranking_at(2)") > 0
        for view in DATASET_VIEWS:
            assert await anon.fetchval(f"SELECT count(*) FROM hf.{view}") > 0, view
        for table, column in A_COLUMN.items():
            for write in WRITES:
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await anon.execute(write.format(t=table, c=column))
        for view in READ_ONLY_VIEWS:
            assert await anon.fetchval(f"SELECT count(*) FROM hf.{view}") > 0, view
            with pytest.raises(asyncpg.PostgresError, match="cannot insert into view"):
                await anon.execute(f"INSERT INTO hf.{view} DEFAULT VALUES")
        for read in (
            "SELECT * FROM hf.crawl_runs",
            "SELECT parameters FROM hf.crawl_runs",
            "SELECT error FROM hf.crawl_runs",
            "SELECT * FROM hf.schema_migrations",
            "SELECT * FROM hf.exposure",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await anon.fetch(read)
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await anon.fetch("SELECT hf.apply_exposure('hf')")
    finally:
        await anon.close()
    assert "hf" in await supabase.superuser.fetchval("SHOW pgrst.db_schemas")
    for lint, condition in LINTS.items():
        assert await supabase.superuser.fetch(condition) == [], lint


async def test_expose_twice_changes_nothing_and_revoke_takes_it_all_back(
    supabase: Supabase, tmp_path: Path
) -> None:
    await hf(supabase, "expose", "--include-runs", tmp_path=tmp_path)
    first = await supabase.superuser.fetch(PRIVILEGES)
    await hf(supabase, "expose", "--include-runs", tmp_path=tmp_path)
    assert await supabase.superuser.fetch(PRIVILEGES) == first
    await hf(supabase, "expose", "--revoke", tmp_path=tmp_path)
    assert await supabase.superuser.fetch(GRANTED) == []
    anon = await supabase.as_anon()
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await anon.fetch("SELECT * FROM hf.models")
    finally:
        await anon.close()


async def test_exposing_to_a_role_that_does_not_exist_is_one_line_and_exit_2(
    supabase: Supabase, tmp_path: Path
) -> None:
    env = env_for(None, None, DATABASE_URL=supabase.owner_dsn)
    result = await run_cli("expose", "--roles", "anon,no_such_role", env=env, cwd=tmp_path)
    assert result.code == 2 and "no such role(s) in this database: no_such_role" in result.stderr
    assert "Traceback" not in result.stderr
    assert await supabase.superuser.fetch(GRANTED) == []  # nothing half-granted
