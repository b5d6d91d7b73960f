"""Apply `sql/migrations/NNNN_*.sql` in order, once each, recorded in `<schema>.schema_migrations`.

All pending migrations run in one transaction under an advisory lock, so two crawlers
starting together neither race nor leave a half-applied schema. The exposure rule
(row level security on every table, grants for the exposed roles) is applied again at the
end, so what a migration adds follows it.
"""

from __future__ import annotations

import asyncpg
import structlog

from hf_crawler import db, errors, queries

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
        for migration in queries.migrations(schema):
            if migration.version in done or (upto is not None and migration.version > upto):
                continue
            await conn.execute(migration.sql)
            await conn.execute(q.record_migration, migration.version, migration.name)
            applied_now.append(migration.version)
        if await conn.fetchval(q.exposure_ready):  # new tables and functions follow the rule
            await conn.execute(q.apply_exposure, schema)
    log.info("schema_migrated", schema=schema, applied=applied_now)
    return applied_now
