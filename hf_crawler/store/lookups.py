"""Per-item lookups in the database: which ids are due, and storing what was fetched."""

from __future__ import annotations

from hf_crawler.entities.lookup import Found, Lookup
from hf_crawler.store import db, lease, queries
from hf_crawler.store.database import Pool


async def due(pool: Pool, schema: str, lookup: Lookup, budget: int) -> list[str]:
    """Up to `budget` ids `lookup` has due, best first."""
    q = queries.for_schema(schema)
    async with db.translated(f"reading the {lookup.name} due"), pool.acquire() as c:
        return [r[0] for r in await c.fetch(getattr(q, lookup.due), budget)]


async def store(  # noqa: PLR0913  # keyword-only: the lease and the timeout
    pool: Pool,
    schema: str,
    lookup: Lookup,
    found: list[Found],
    gone: list[str],
    *,
    lease_token: str | None,
    timeout_s: float,
) -> None:
    """What was fetched, and the ids the Hub has no page for, in one transaction while the
    run holds the writer lease."""
    if not found and not (gone and lookup.missing):
        return
    q = queries.for_schema(schema)
    async with lease.merge_transaction(
        pool, q, f"storing {lookup.name}", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        if found:
            columns = list(zip(*(f.row() for f in found), strict=True))
            await conn.execute(getattr(q, lookup.store), *columns)
        if gone and lookup.missing:
            await conn.execute(getattr(q, lookup.missing), gone)
