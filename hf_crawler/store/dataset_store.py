"""A task's top datasets stored in one transaction: the datasets upserted (a row rewritten
only when a field changed), the task's ranking swapped whole, the run's coverage of the
task and its snapshot (history) recorded; or, on any failure, nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import asyncpg

from hf_crawler.records import DatasetRecord
from hf_crawler.store import lease, queries

STAGE_COLUMNS = (
    "dataset_id",
    "rank_in_task",
    "hub_id",
    "author",
    "license",
    "likes",
    "downloads",
    "downloads_all_time",
    "trending_score",
    "tags",
    "task_categories",
    "languages",
    "size_category",
    "gated",
    "private",
    "sha",
    "created_at_hub",
    "last_modified",
)


@dataclass(frozen=True, slots=True)
class Writing:
    """Who writes: the run (None: no run row) under its writer lease, and the statement
    timeout of each transaction."""

    run_id: int | None
    lease_token: str | None
    timeout_s: float


async def store_ranking(
    pool: asyncpg.Pool,
    q: queries.Queries,
    task_id: str,
    ranking: tuple[DatasetRecord, ...],
    writing: Writing,
) -> int:
    """The task's datasets become `ranking` (rank = place + 1); the datasets ranked."""
    doing = f"storing the datasets of {task_id}"
    async with lease.merge_transaction(
        pool, q, doing, lease=writing.lease_token, timeout_s=writing.timeout_s
    ) as conn:
        await conn.execute(q.lock_dataset_task, task_id)
        await conn.execute(q.create_stage_datasets)
        await conn.copy_records_to_table(
            "stage_datasets", records=_rows(ranking), columns=STAGE_COLUMNS
        )
        await conn.execute(q.merge_datasets)
        ranked = int(await conn.fetchval(q.swap_dataset_ranking, task_id, writing.run_id))
        if writing.run_id is not None:  # the run's history of this task's datasets
            await conn.execute(q.record_dataset_keys, writing.run_id)
            await conn.execute(q.insert_dataset_snapshot, writing.run_id, task_id)
        return ranked


def _rows(ranking: tuple[DatasetRecord, ...]) -> Iterator[tuple[object, ...]]:
    for rank, d in enumerate(ranking, start=1):
        yield (
            d.dataset_id,
            rank,
            d.hub_id,
            d.author,
            d.license,
            d.likes,
            d.downloads,
            d.downloads_all_time,
            d.trending_score,
            list(d.tags),
            list(d.task_categories),
            list(d.languages),
            d.size_category,
            d.gated,
            d.private,
            d.sha,
            d.created_at_hub,
            d.last_modified,
        )
