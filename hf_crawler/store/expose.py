"""`hf-crawl expose`: make the catalogue readable, and only readable, by the Data API's
roles (Supabase's `anon` and `authenticated`), or take that back with `--revoke`.

The rule itself lives in SQL (`apply_exposure`, `grant_reading`, `revoke_reading` in the
migrations), so migrations re-apply it to what they add.
"""

from __future__ import annotations

import asyncpg
import structlog

from hf_crawler import errors
from hf_crawler.store import db, queries

log = structlog.get_logger("hf_crawler.expose")


async def expose(
    pool: asyncpg.Pool, schema: str, roles: tuple[str, ...], *, include_runs: bool
) -> None:
    """USAGE, SELECT, EXECUTE on the read functions and a read-only policy per table for
    `roles`; idempotent."""
    q = queries.for_schema(schema)
    async with db.translated("exposing the catalogue"), pool.acquire() as conn:
        await _check_roles(conn, q, roles)
        async with conn.transaction():
            await conn.execute(q.record_exposure, list(roles), include_runs)
            await conn.execute(q.apply_exposure, schema)
    log.info("catalogue_exposed", schema=schema, roles=list(roles), include_runs=include_runs)


async def revoke(pool: asyncpg.Pool, schema: str, roles: tuple[str, ...]) -> None:
    """Take back every privilege and policy `expose` gave `roles`."""
    q = queries.for_schema(schema)
    async with db.translated("revoking the exposure"), pool.acquire() as conn:
        await _check_roles(conn, q, roles)
        async with conn.transaction():
            await conn.execute(q.revoke_exposure, schema, list(roles))
    log.info("exposure_revoked", schema=schema, roles=list(roles))


async def _check_roles(conn: db.Connection, q: queries.Queries, roles: tuple[str, ...]) -> None:
    missing = [r["role_name"] for r in await conn.fetch(q.missing_roles, list(roles))]
    if missing:
        raise errors.ConfigError(
            f"no such role(s) in this database: {', '.join(missing)} "
            "(Supabase creates anon and authenticated; elsewhere, create them first)"
        )
