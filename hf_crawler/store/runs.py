"""`<schema>.crawl_runs`: one row per run, its parameters (no secrets) and its counters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg

from hf_crawler import errors
from hf_crawler.entities.entity import Entity
from hf_crawler.stats import RunStats
from hf_crawler.store import db, queries, statements


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """An unfinished run to continue: its id, since when its work counts, its cursor."""

    run_id: int
    since_at: datetime
    next_url: str | None
    parameters: dict[str, Any] = field(default_factory=dict)

    def differences(self, parameters: dict[str, Any]) -> list[str]:
        """What of the work `parameters` describe differs from the run's (a resume must do
        the same work, or the rankings would mix two kinds)."""
        return [
            f"--{key.replace('_', '-')} {self.parameters[key]!r} then, {parameters.get(key)!r} now"
            for key in RESUMED_WORK
            if key in self.parameters and self.parameters[key] != parameters.get(key)
        ]


# The settings that define a run's work; a resume must keep them.
RESUMED_WORK = (
    "limit_per_task",
    "sort",
    "match",
    "task_source",
    "tasks",
    "max_tasks",
    "include_private",
)


class RunLog:
    """Writes the run row: started, progress, finished."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self._pool = pool
        self._schema = schema
        self._q = queries.for_schema(schema)

    async def start(
        self,
        parameters: dict[str, Any],
        *,
        mode: str = "top",
        resumes: ResumePoint | None = None,
    ) -> tuple[int, datetime]:
        """Insert the run row; returns its id and the instant its work counts from (its
        start, or the start of the run chain it resumes)."""
        row = await self._fetchrow(
            self._q.start_run,
            json.dumps(parameters),
            mode,
            resumes.run_id if resumes else None,
            resumes.since_at if resumes else None,
        )
        if row is None:  # INSERT ... RETURNING always returns its row
            raise errors.DatabaseError("starting the run returned no row")
        return int(row["run_id"]), row["since_at"]

    async def resume_point(self, mode: str) -> ResumePoint | None:
        """The latest run of `mode` if it did not succeed: where to pick up its work."""
        row = await self._fetchrow(self._q.latest_run, mode)
        if row is None or row["status"] == "succeeded":
            return None
        parameters = json.loads(row["parameters"]) if row["parameters"] else {}
        return ResumePoint(
            run_id=int(row["run_id"]),
            since_at=row["since_at"],
            next_url=row["next_url"],
            parameters=parameters,
        )

    async def last_full_sync(self) -> datetime | None:
        """Start of the last successful full or incremental walk."""
        row = await self._fetchrow(self._q.last_full_sync)
        return None if row is None else row["since_at"]

    async def close_chain(self, run_id: int) -> list[int]:
        """Run `run_id` succeeded: close the runs it resumed (directly or not) as resumed."""
        return [int(r["run_id"]) for r in await self._fetch(self._q.close_resumed_chain, run_id)]

    async def last_walk_size(self) -> int | None:
        """Models the last successful full walk merged (None before the first)."""
        row = await self._fetchrow(self._q.last_walk_size)
        return None if row is None else int(row["models"])

    async def last_success_at(self) -> datetime | None:
        """When a run of this schema last succeeded."""
        rows = await self._fetch(self._q.status_runs)
        return next((r["finished_at"] for r in rows if r["kind"] == "last_success"), None)

    async def covered_since(self, entity: Entity[Any], since: datetime) -> set[str]:
        """Tasks whose ranking of `entity` a run started at or after `since` stored."""
        rows = await self._fetch(statements.for_entity(entity, self._schema).covered_since, since)
        return {r["task_id"] for r in rows}

    async def _fetchrow(self, query: str, *args: object) -> asyncpg.Record | None:
        rows = await self._fetch(query, *args)
        return rows[0] if rows else None

    async def _fetch(self, query: str, *args: object) -> list[asyncpg.Record]:
        async with db.translated("reading the run log"), self._pool.acquire() as conn:
            return list(await conn.fetch(query, *args))

    async def models_seen(self, run_id: int) -> int:
        """Distinct models merged since the run began (exact, and no id set in memory)."""
        async with db.translated("counting the run's models"), self._pool.acquire() as conn:
            return int(await conn.fetchval(self._q.count_run_models, run_id))

    async def record_size(self, run_id: int) -> None:
        """What the database and the schema weigh as the run ends (the growth per run)."""
        async with db.translated("recording the run's size"), self._pool.acquire() as conn:
            await conn.execute(self._q.record_run_size, run_id, self._schema)

    async def update(
        self,
        run_id: int,
        status: str,
        stats: RunStats,
        error: str | None = None,
        failed_phase: str | None = None,
    ) -> None:
        s = stats
        counters = (
            s.tasks_ok,
            s.tasks_failed,
            s.models,
            s.mappings,
            s.requests,
            s.retries,
            s.rate_limited,
            s.malformed,
            s.duplicates,
            s.fields_dropped,
            s.private_skipped,
        )
        datasets = (s.dataset_tasks_ok, s.dataset_tasks_failed, s.datasets, s.dataset_mappings)
        around = (s.spaces, s.spaces_failed, s.collections, s.collections_failed)
        async with db.translated("recording the run"), self._pool.acquire() as conn:
            await conn.execute(
                self._q.update_run,
                run_id,
                status,
                *counters,
                error,
                failed_phase,
                *datasets,
                *around,
            )
