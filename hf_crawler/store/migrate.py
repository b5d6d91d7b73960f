"""Apply `sql/migrations/NNNN_*.sql` in order, once each, recorded in `<schema>.schema_migrations`
with the sha256 of each file.

A released migration is never edited: a database where an applied migration's file has
changed since is refused (the schema it has is not the one this code expects). Databases
migrated before hashes were recorded get them recorded on their next upgrade.

Each migration runs in its own transaction, under an advisory lock (two crawlers starting
together neither race nor apply one twice) and a `lock_timeout`: a migration that cannot
take its locks in time (a long reader holds the table) is rolled back and tried again after
a pause, so readers queued behind it wait at most the timeout, and a table is held only for
its own migration, not for the whole upgrade. The exposure rule (row level security on
every table, grants for the exposed roles) is applied again in each one's transaction, so
nothing a migration adds is ever readable outside the rule.

Commands that only read call `check` instead: it writes nothing, so a role with `SELECT`
alone can run them, and it says in one line when the schema needs `hf-crawl migrate`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import asyncpg
import structlog

from hf_crawler import errors
from hf_crawler.store import db, queries
from hf_crawler.store.queries import Migration, Queries

log = structlog.get_logger("hf_crawler.migrate")


@dataclass(frozen=True, slots=True)
class LockWait:
    """How long one migration waits for its locks (`timeout_s`, each try) and how often it
    tries (`tries`), pausing `pause_s` after the first failed try, doubled after each
    next one: by default it gives up after about 30 s."""

    timeout_s: float = 2.0
    tries: int = 6
    pause_s: float = 0.5


async def apply(
    pool: asyncpg.Pool, schema: str, *, upto: int | None = None, locks: LockWait = LockWait()
) -> list[int]:
    """Bring `schema` up to date (or up to version `upto`); returns the versions applied now."""
    q = queries.for_schema(schema)
    files = queries.migrations(schema)
    applied_now: list[int] = []
    async with (
        db.translated("migrating the schema", errors.MigrationFailed),
        pool.acquire() as conn,
    ):
        pending = await _prepared(conn, q, schema, files)
        for migration in pending:
            if upto is not None and migration.version > upto:
                break
            if await _apply_one(conn, q, schema, migration, locks):
                applied_now.append(migration.version)
    log.info("schema_migrated", schema=schema, applied=applied_now)
    return applied_now


async def _prepared(
    conn: db.Connection, q: Queries, schema: str, files: tuple[Migration, ...]
) -> list[Migration]:
    """The migrations log made ready and checked against the files: the schema and the log
    created, hashes recorded where they are missing, a newer schema or a changed migration
    refused. Returns the migrations not applied yet."""
    async with conn.transaction():
        await conn.execute(q.lock_migrations, schema)
        await conn.execute(q.create_schema)
        await conn.execute(q.create_migrations_table)
        await conn.execute(q.add_migration_hashes)
        rows = await conn.fetch(q.applied_migration_hashes)
        applied: dict[int, str | None] = {row["version"]: row["sha256"] for row in rows}
        _refuse_newer(schema, set(applied))
        _refuse_changed(schema, applied, files)
        unhashed = [m for m in files if m.version in applied and applied[m.version] is None]
        if unhashed:
            versions = [m.version for m in unhashed]
            await conn.execute(q.record_migration_hashes, versions, [m.sha256 for m in unhashed])
            log.info("migration_hashes_recorded", schema=schema, versions=versions)
    return [m for m in files if m.version not in applied]


async def _apply_one(
    conn: db.Connection, q: Queries, schema: str, migration: Migration, locks: LockWait
) -> bool:
    """Apply `migration` in one transaction; False when another migrator applied it first.
    A lock not granted within the timeout rolls it back; it is tried again after a pause,
    said in the log, and refused after the last try."""
    pause_s = locks.pause_s
    for attempt in range(1, locks.tries + 1):
        started = time.monotonic()
        try:
            async with conn.transaction():
                await conn.execute(q.lock_migrations, schema)
                if await conn.fetchval(q.migration_is_applied, migration.version):
                    return False
                await conn.execute(q.set_lock_timeout, f"{round(locks.timeout_s * 1000)}ms")
                await conn.execute(migration.sql)
                await conn.execute(
                    q.record_migration, migration.version, migration.name, migration.sha256
                )
                if await conn.fetchval(q.exposure_ready):
                    await conn.execute(q.apply_exposure, schema)
            elapsed_s = round(time.monotonic() - started, 3)
            log.info("migration_applied", migration=migration.file_name, elapsed_s=elapsed_s)
            return True
        except asyncpg.exceptions.LockNotAvailableError as exc:
            if attempt == locks.tries:
                raise errors.MigrationFailed(
                    f"migration {migration.file_name} could not take its locks in"
                    f" {locks.tries} tries of {locks.timeout_s:g} s: a long transaction holds"
                    f" a table it changes (see pg_stat_activity); try again later"
                ) from exc
            log.warning(
                "migration_waited_for_lock",
                schema=schema,
                migration=migration.file_name,
                attempt=attempt,
                lock_timeout_s=locks.timeout_s,
                pause_s=pause_s,
            )
            await asyncio.sleep(pause_s)
            pause_s *= 2
    raise AssertionError("unreachable: the last try returns or raises")


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


def _refuse_changed(
    schema: str, applied: dict[int, str | None], files: tuple[Migration, ...]
) -> None:
    """A migration applied with other text than its file's now is refused: the database
    has the schema of the old text, and applying the rest on it would not give this code's."""
    for migration in files:
        recorded = applied.get(migration.version)
        if recorded is not None and recorded != migration.sha256:
            raise errors.MigrationChanged(
                f"migration {migration.file_name} changed since it was applied to schema"
                f" {schema} (sha256 {recorded[:12]} applied, {migration.sha256[:12]} now):"
                " released migrations are never edited; restore the file, or use the"
                " hf-crawl release that applied it"
            )


def _refuse_newer(schema: str, done: set[int]) -> None:
    known = queries.migration_versions()
    if done - known:
        raise errors.SchemaAhead(
            f"schema {schema} was migrated by a newer hf-crawl (migration {max(done)}; this"
            f" one knows up to {max(known)}): upgrade hf-crawl before writing to it"
        )
