"""Apply `sql/migrations/NNNN_*.sql` in order, once each, recorded in `<schema>.schema_migrations`.

All pending migrations run in one transaction under an advisory lock, so two crawlers
starting together neither race nor leave a half-applied schema. The exposure rule
(row level security on every table, grants for the exposed roles) is applied again at the
end, so what a migration adds follows it. A schema that a newer hf-crawl migrated is
refused: this one does not know what the newer migrations changed.

Commands that only read call `check` instead: it writes nothing, so a role with `SELECT`
alone can run them, and it says in one line when the schema needs `hf-crawl migrate`.
"""

from __future__ import annotations

import asyncpg
import structlog

from hf_crawler import errors
from hf_crawler.store import db, queries

log = structlog.get_logger("hf_crawler.migrate")


async def apply(pool: asyncpg.Pool, schema: str, *, upto: int | None = None) -> list[int]:
    """Bring `schema` up to date (or up to version `upto`); returns the versions applied now."""
    q = queries.for_schema(schema)
    applied_now: list[int] = []
    async with (
        db.translated("migrating the schema", errors.MigrationFailed),
        pool.acquire() as conn,
        conn.transaction(),
    ):
        await conn.execute(q.lock_migrations, schema)
        await conn.execute(q.create_schema)
        await conn.execute(q.create_migrations_table)
        done = {row["version"] for row in await conn.fetch(q.applied_migrations)}
        _refuse_newer(schema, done)
        pending = {v for v in queries.migration_versions() - done if upto is None or v <= upto}
        for migration in queries.migrations(schema) if pending else ():
            if migration.version in pending:
                await conn.execute(migration.sql)
                await conn.execute(q.record_migration, migration.version, migration.name)
                applied_now.append(migration.version)
        # What the migrations added follows the exposure rule. With nothing applied nothing
        # is new, and applying the rule again would still rewrite the catalogue rows of
        # every function (REVOKE updates each row), once per run.
        if applied_now and await conn.fetchval(q.exposure_ready):
            await conn.execute(q.apply_exposure, schema)
    log.info("schema_migrated", schema=schema, applied=applied_now)
    return applied_now


async def check(conn: db.Connection, schema: str) -> None:
    """Whether `schema` can be read by this hf-crawl, found without writing: raises
    SchemaMissing (no catalogue yet), SchemaNotReady (behind: run migrate); a schema a newer
    hf-crawl migrated is read with a warning (reading changes nothing)."""
    q = queries.for_schema(schema)
    async with db.translated("reading the schema's version"):
        if not await conn.fetchval(q.schema_is_set_up, schema):
            raise errors.SchemaMissing(
                f"schema {schema} holds no catalogue yet: run hf-crawl migrate, or a crawl"
            )
        done = {row["version"] for row in await conn.fetch(q.applied_migrations)}
    known = queries.migration_versions()
    if known - done:
        raise errors.SchemaNotReady(
            f"schema {schema} is at migration {max(done, default=0)} and this hf-crawl reads"
            f" {max(known)}: run hf-crawl migrate"
        )
    if done - known:
        log.warning("schema_newer_than_code", schema=schema, at=max(done), known=max(known))


def _refuse_newer(schema: str, done: set[int]) -> None:
    known = queries.migration_versions()
    if done - known:
        raise errors.SchemaAhead(
            f"schema {schema} was migrated by a newer hf-crawl (migration {max(done)}; this"
            f" one knows up to {max(known)}): upgrade hf-crawl before writing to it"
        )
