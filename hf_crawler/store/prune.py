"""`hf-crawl prune --keep 180d`: drop old runs and their history, keeping every answer of
"value at run R" for the runs that stay."""

from __future__ import annotations

from datetime import timedelta

import asyncpg
import structlog

from hf_crawler.config import durations
from hf_crawler.store import db, queries

log = structlog.get_logger("hf_crawler.prune")


def parse_keep(text: str) -> timedelta:
    """`180d`, `12w` or `36h` as a timedelta; anything else is a ConfigError."""
    return durations.parse(text, "--keep")


async def prune(pool: asyncpg.Pool, schema: str, keep: timedelta) -> dict[str, int]:
    """In one transaction: delete older runs with their snapshots. A kept run's snapshots
    hold all of its answers, so nothing needs to move forward."""
    q = queries.for_schema(schema)
    async with db.translated("pruning history"), pool.acquire() as conn, conn.transaction():
        first_kept = await conn.fetchval(q.prune_first_kept_run, keep)
        if first_kept is None:
            return {"runs_deleted": 0, "first_kept_run": 0}
        await conn.execute(q.prune_unlink_resumes, first_kept)
        deleted = await conn.execute(q.prune_old_runs, first_kept)
    result = {"runs_deleted": int(deleted.split()[-1]), "first_kept_run": int(first_kept)}
    log.info("history_pruned", **result)
    return result
