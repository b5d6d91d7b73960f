"""Datasets into the database, each step one transaction or nothing. A task's top datasets
(top-N mode): upserted (a row rewritten only when a field changed), the task's ranking
swapped in whole, its coverage and snapshot (history) recorded. A page of the whole
listing (full-Hub mode): upserted and stamped as seen; then every task's ranking derived
from the stored datasets in SQL and swapped in, with coverage and snapshots."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from hf_crawler.entities.datasets import DatasetRecord
from hf_crawler.store import lease, queries
from hf_crawler.store.db import Connection

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
    async with _transaction(pool, q, doing, writing) as conn:
        await _stage(conn, q, ranking)
        await conn.execute(q.create_stage_dataset_ranks)
        await conn.execute(q.rank_staged_datasets, task_id)
        return await _swap(conn, q, [task_id], writing.run_id)


async def store_listed(
    pool: asyncpg.Pool, q: queries.Queries, page: tuple[DatasetRecord, ...], writing: Writing
) -> None:
    """A page of the whole listing: its datasets upserted and stamped as seen now."""
    async with _transaction(pool, q, "storing listed datasets", writing) as conn:
        await _stage(conn, q, page)
        await conn.execute(q.stamp_datasets_seen)


@dataclass(frozen=True, slots=True)
class Derivation:
    """What full-Hub mode derives: each of `task_ids`' top `limit` by `sort`, of the
    datasets seen since `seen_since`."""

    task_ids: list[str]
    limit: int
    sort: str
    seen_since: datetime


async def derive_rankings(
    pool: asyncpg.Pool, q: queries.Queries, derivation: Derivation, writing: Writing
) -> int:
    """Every task's top N from the stored datasets, swapped in whole; the datasets ranked."""
    d, task_ids = derivation, derivation.task_ids
    async with _transaction(pool, q, "deriving dataset rankings", writing) as conn:
        await conn.execute(q.create_stage_dataset_ranks)
        await conn.execute(q.derive_dataset_rankings, d.seen_since, d.limit, d.sort, task_ids)
        return await _swap(conn, q, task_ids, writing.run_id)


def _transaction(
    pool: asyncpg.Pool, q: queries.Queries, doing: str, writing: Writing
) -> contextlib.AbstractAsyncContextManager[Connection]:
    return lease.merge_transaction(
        pool, q, doing, lease=writing.lease_token, timeout_s=writing.timeout_s
    )


async def _stage(conn: Connection, q: queries.Queries, records: tuple[DatasetRecord, ...]) -> None:
    """COPY the records into `stage_datasets` and upsert them into hf.datasets."""
    await conn.execute(q.create_stage_datasets)
    await conn.copy_records_to_table(
        "stage_datasets", records=_rows(records), columns=STAGE_COLUMNS
    )
    await conn.execute(q.merge_datasets)


async def _swap(
    conn: Connection, q: queries.Queries, task_ids: list[str], run_id: int | None
) -> int:
    """The staged rankings replace the tasks' datasets, with the run's history of them."""
    await conn.execute(q.lock_dataset_task, task_ids)
    ranked = int(await conn.fetchval(q.swap_dataset_rankings, task_ids, run_id))
    if run_id is not None:
        await conn.execute(q.record_dataset_keys, run_id)
        await conn.execute(q.record_dataset_snapshots, run_id, task_ids)
    return ranked


def _rows(records: tuple[DatasetRecord, ...]) -> Iterator[tuple[object, ...]]:
    """One row per dataset in order, the last record of a repeated one winning (an upsert
    may touch a row once per statement); its rank is its place."""
    latest = {d.dataset_id: d for d in records}
    for rank, d in enumerate(latest.values(), start=1):
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
