"""The details of models the Hub gives only per model: which are due, and storing them."""

from __future__ import annotations

from hf_crawler.entities.model_details import ModelDetails
from hf_crawler.store import db, lease, queries
from hf_crawler.store.database import Pool


async def due(pool: Pool, schema: str, budget: int) -> list[str]:
    """Up to `budget` ranked models never fetched or fetched over a week ago, best first."""
    q = queries.for_schema(schema)
    async with db.translated("reading the models whose details are due"), pool.acquire() as c:
        return [r["model_id"] for r in await c.fetch(q.details_due, budget)]


async def store(
    pool: Pool, schema: str, found: list[ModelDetails], *, lease_token: str | None, timeout_s: float
) -> None:
    """The fetched details, in one transaction while the run holds the writer lease."""
    if not found:
        return
    q = queries.for_schema(schema)
    columns = list(zip(*(d.row() for d in found), strict=True))
    async with lease.merge_transaction(
        pool, q, "storing model details", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        await conn.execute(q.merge_model_details, *columns)
