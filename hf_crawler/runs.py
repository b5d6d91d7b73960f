"""`<schema>.crawl_runs`: one row per run, its parameters (no secrets) and its counters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from hf_crawler import db, queries


@dataclass(slots=True)
class RunStats:
    """A run's counters; the pipeline and the writer own them, nobody else writes them."""

    tasks_total: int = 0
    tasks_ok: int = 0
    tasks_failed: int = 0
    models: int = 0  # distinct models the run merged
    mappings: int = 0
    pages: int = 0
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    malformed: int = 0
    duplicates: int = 0
    failed_tasks: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "tasks_total": self.tasks_total,
            "tasks_ok": self.tasks_ok,
            "tasks_failed": self.tasks_failed,
            "models": self.models,
            "mappings": self.mappings,
            "pages": self.pages,
            "requests": self.requests,
            "retries": self.retries,
            "rate_limited": self.rate_limited,
            "malformed": self.malformed,
            "duplicates": self.duplicates,
        }


class RunLog:
    """Writes the run row: started, progress, finished."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self._pool = pool
        self._q = queries.for_schema(schema)

    async def start(self, parameters: dict[str, Any]) -> int:
        try:
            async with self._pool.acquire() as conn:
                run_id = await conn.fetchval(self._q.start_run, json.dumps(parameters))
        except (asyncpg.PostgresError, *db.UNAVAILABLE) as exc:
            raise db.translate(exc, "starting the run") from exc
        return int(run_id)

    async def models_seen(self, run_id: int) -> int:
        """Distinct models merged since the run began (exact, and no id set in memory)."""
        try:
            async with self._pool.acquire() as conn:
                return int(await conn.fetchval(self._q.count_run_models, run_id))
        except (asyncpg.PostgresError, *db.UNAVAILABLE) as exc:
            raise db.translate(exc, "counting the run's models") from exc

    async def update(
        self, run_id: int, status: str, stats: RunStats, error: str | None = None
    ) -> None:
        s = stats
        try:
            async with self._pool.acquire() as conn:
                await conn.execute(
                    self._q.update_run,
                    run_id,
                    status,
                    s.tasks_ok,
                    s.tasks_failed,
                    s.models,
                    s.mappings,
                    s.requests,
                    s.retries,
                    s.rate_limited,
                    s.malformed,
                    s.duplicates,
                    error,
                )
        except (asyncpg.PostgresError, *db.UNAVAILABLE) as exc:
            raise db.translate(exc, "recording the run") from exc
