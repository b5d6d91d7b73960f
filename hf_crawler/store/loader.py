"""The Postgres sink: COPY a batch into staging tables and merge it in one transaction.

A flush is idempotent (models are upserted by id; a ranking swap leaves each task's mappings
equal to its staged ranking), so a flush that lost its connection is simply tried again; a
flush that is cancelled rolls back whole.
"""

from __future__ import annotations

import contextlib
import operator
import time
from collections.abc import Iterator, Mapping
from datetime import datetime

import asyncpg
import backoff
import structlog
from backoff.types import Details

from hf_crawler import errors
from hf_crawler.entities.datasets import DatasetRecord
from hf_crawler.entities.models import ModelRecord
from hf_crawler.records import Batch, MergeResult, Task
from hf_crawler.store import dataset_store, db, lease, model_links, queries
from hf_crawler.store.db import Connection
from hf_crawler.store.history import Counters, History, counters_of

log = structlog.get_logger("hf_crawler.loader")
STAGE_MODEL_COLUMNS = (
    "model_id",
    "hub_id",
    "license",
    "likes",
    "downloads",
    "last_modified",
    "tags",
    "pipeline_tag",
    "library_name",
    "author",
    "created_at_hub",
    "trending_score",
    "downloads_all_time",
    "gated",
    "private",
    "sha",
)
STAGE_CODE_COLUMNS = ("model_key", "first_run_id")  # the snapshot code the merge stores
STAGE_RANK_COLUMNS = ("task_id", "model_id", "rank_in_task")
# A record's staged values in STAGE_MODEL_COLUMNS order (the columns are ModelRecord's fields;
# a test holds create_stage_models.sql and merge_models.sql to the same list).
_STAGED = operator.attrgetter(*STAGE_MODEL_COLUMNS)


class PostgresSink:
    """Merges batches into `<schema>.models` and `<schema>.model_tasks`."""

    def __init__(  # noqa: PLR0913  # keyword-only tuning knobs with defaults
        self,
        pool: asyncpg.Pool,
        schema: str,
        match: str,
        *,
        timeout_s: float,
        max_tries: int = 5,
        stamp_seen: bool = False,
    ) -> None:
        self._pool = pool
        self._stamp_seen = stamp_seen  # a full walk stamps every model it lists as seen
        self._timeout_s = timeout_s
        self._q = queries.for_schema(schema)
        self._match = match
        self._run_id: int | None = None  # set once the run row exists; checkpoints need it
        self._lease: str | None = None  # the writer lease's token; every merge checks it
        self._replaced = 0  # row versions committed merges left behind, for vacuum()
        self._history = History(schema)
        retry = backoff.on_exception(
            backoff.expo,
            errors.CrawlerError,
            giveup=lambda exc: not errors.is_retryable(exc),
            max_tries=max_tries,
            max_value=10,
            jitter=backoff.full_jitter,
            on_backoff=_log_retry,
            logger=None,
        )
        self._merge = retry(self._merge_once)
        self._merge_tasks = retry(self._merge_tasks_once)
        self._store_datasets = retry(self._store_datasets_once)
        self._store_listed = retry(self._store_listed_once)

    def bind_run(self, run_id: int | None, lease: str | None = None) -> None:
        """Stamp later merges with this run (heartbeat, checkpoint, history), and make each
        merge check the run still holds the writer lease."""
        self._run_id, self._lease = run_id, lease

    async def merge(self, batch: Batch[ModelRecord]) -> MergeResult:
        """Merge one batch; a lost connection is retried (the merge is idempotent)."""
        result: MergeResult = await self._merge(batch)
        return result

    async def store_datasets(self, task_id: str, ranking: tuple[DatasetRecord, ...]) -> int:
        """Store a task's top datasets in one transaction; a lost connection is retried
        (storing is idempotent)."""
        stored: int = await self._store_datasets(task_id, ranking)
        return stored

    async def _store_datasets_once(self, task_id: str, ranking: tuple[DatasetRecord, ...]) -> int:
        return await dataset_store.store_ranking(
            self._pool, self._q, task_id, ranking, self._writing()
        )

    async def store_listed_datasets(self, page: tuple[DatasetRecord, ...]) -> None:
        """Full-Hub mode: a page of the datasets listing, stored and stamped as seen (a
        lost connection is retried: storing is idempotent)."""
        await self._store_listed(page)

    async def _store_listed_once(self, page: tuple[DatasetRecord, ...]) -> None:
        await dataset_store.store_listed(self._pool, self._q, page, self._writing())

    async def derive_dataset_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int:
        """Full-Hub mode: every task's top `limit` datasets from the stored ones."""
        derivation = dataset_store.Derivation(task_ids, limit, sort, seen_since)
        return await dataset_store.derive_rankings(self._pool, self._q, derivation, self._writing())

    def _writing(self) -> dataset_store.Writing:
        return dataset_store.Writing(self._run_id, self._lease, self._timeout_s)

    async def merge_tasks(self, tasks: tuple[Task, ...]) -> None:
        """Upsert the run's task list (labels, source) before any ranking refers to it."""
        await self._merge_tasks(tasks)

    async def _merge_tasks_once(self, tasks: tuple[Task, ...]) -> None:
        ids, labels, sources = (
            [t.id for t in tasks],
            [t.label for t in tasks],
            [t.source for t in tasks],
        )
        async with db.translated("merging tasks", errors.MergeFailed), self._pool.acquire() as conn:
            await conn.execute(self._q.merge_tasks, ids, labels, sources)

    def models_merged(self) -> int | None:
        """Distinct models this run merged; None in a full walk, whose count is what it
        stamped as seen (the run log counts that)."""
        return None if self._stamp_seen else self._history.models_merged

    async def vacuum(self) -> int:
        """Vacuum the models and mappings when merges replaced row versions: on a daily
        schedule autovacuum gets there first, but runs closer together (or a starved
        autovacuum) would let each run's replaced versions pile up at the tables' end. A
        failure is logged, not raised: the data stored is whole either way."""
        replaced, self._replaced = self._replaced, 0
        if not replaced:
            return 0
        try:
            async with db.translated("vacuuming"), self._pool.acquire() as conn:
                await conn.execute(self._q.vacuum_hot_tables)
        except errors.DatabaseError as exc:
            log.warning("vacuum_failed", reason=str(exc))
            return 0
        log.info("tables_vacuumed", rows_replaced=replaced)
        return replaced

    async def _merge_once(self, batch: Batch[ModelRecord]) -> MergeResult:
        started = time.perf_counter()
        codes: dict[str, int] = {}
        staged = counters_of(batch.models)
        async with self._transaction("merging a batch") as conn:
            if self._gives_codes():
                codes = await self._history.codes_for(conn, staged)
            result = await self._merge_models(conn, batch.models, codes)
            replaced = result.rewritten
            if batch.rankings:
                replaced += await self._replace_rankings(conn, batch.rankings, staged, codes)
            if self._run_id is not None:
                await conn.execute(self._q.heartbeat, self._run_id)
            if batch.checkpoint is not None and self._run_id is not None:
                await conn.execute(self._q.save_checkpoint, self._run_id, batch.checkpoint.next_url)
        self._replaced += replaced  # counted once the merge committed
        self._history.keep(codes, staged)
        log.info(
            "batch_merged",
            rows=len(batch.models),
            inserted=result.inserted,
            changed=result.changed,
            rankings=len(batch.rankings),
            ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return result

    def _gives_codes(self) -> bool:
        """Whether a merge gives its models snapshot codes: a run's per-task merges do; a
        full walk's do not (it codes only the models its rankings hold, in SQL)."""
        return self._run_id is not None and not self._stamp_seen

    async def _merge_models(
        self, conn: Connection, models: tuple[ModelRecord, ...], codes: Mapping[str, int]
    ) -> MergeResult:
        if not models:
            return MergeResult()
        await conn.execute(self._q.create_stage_models)
        await conn.copy_records_to_table(
            "stage_models",
            records=_model_rows(models, codes, self._run_id),
            columns=STAGE_MODEL_COLUMNS + STAGE_CODE_COLUMNS,
        )
        row = await conn.fetchrow(self._q.merge_models)
        if row is None:  # an aggregate always returns a row; this guards a broken server
            raise errors.MergeFailed("merge returned no counts")
        await model_links.merge(conn, self._q, models)
        stamped = 0
        if self._stamp_seen:
            stamped = int((await conn.execute(self._q.stamp_seen)).split()[-1])  # "UPDATE n"
        return MergeResult(
            inserted=row["inserted"],
            changed=row["changed"],
            seen=row["seen"],
            rewritten=row["changed"] + stamped,
        )

    async def _replace_rankings(
        self,
        conn: Connection,
        rankings: dict[str, tuple[str, ...]],
        staged: dict[str, Counters],
        codes: Mapping[str, int],
    ) -> int:
        """Each task's mappings become exactly its new ranking, in this transaction, and the
        run's history gets its snapshot; returns the row versions the swap replaced."""
        rows = [
            (task, model, rank)
            for task, ids in rankings.items()
            for rank, model in enumerate(ids, start=1)
        ]
        await conn.execute(self._q.create_stage_ranks)
        await conn.copy_records_to_table("stage_ranks", records=rows, columns=STAGE_RANK_COLUMNS)
        task_ids = list(rankings)
        await conn.execute(self._q.lock_tasks, task_ids)
        if self._run_id is not None:
            await conn.execute(self._q.record_task_runs, self._run_id, task_ids)
            await self._history.record(conn, self._run_id, rankings, staged, codes)
        return await self._swap_rankings(conn, task_ids)

    async def derive_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int:
        """Full-Hub mode: every task's top `limit` computed from the stored models in one
        scan, and swapped in whole, in one transaction. Returns the mappings stored."""
        started = time.perf_counter()
        async with self._transaction("deriving rankings") as conn:
            await conn.execute(self._q.create_stage_ranks)
            await conn.execute(
                self._q.derive_rankings, seen_since, limit, sort, self._match, task_ids
            )
            await conn.execute(self._q.lock_tasks, task_ids)
            if self._run_id is not None:
                await conn.execute(self._q.record_task_runs, self._run_id, task_ids)
                await self._history.record_derived(conn, self._run_id, task_ids)
            replaced = await self._swap_rankings(conn, task_ids)
            mappings = await conn.fetchval(self._q.count_stage_ranks)
        self._replaced += replaced
        ms = round((time.perf_counter() - started) * 1000, 1)
        log.info("rankings_derived", tasks=len(task_ids), mappings=mappings, ms=ms)
        return int(mappings)

    def _transaction(self, doing: str) -> contextlib.AbstractAsyncContextManager[Connection]:
        return lease.merge_transaction(
            self._pool, self._q, doing, lease=self._lease, timeout_s=self._timeout_s
        )

    async def _swap_rankings(self, conn: Connection, task_ids: list[str]) -> int:
        """Staged rankings replace the tasks' mappings (the caller holds the tasks' locks and
        wrote their history). Leaving models are deleted before the tasks are touched: their
        last sighting is the tasks' previous coverage. Returns the row versions deleted or
        replaced."""
        left = await conn.fetchval(self._q.delete_left_rankings, task_ids, self._match)
        moved = await conn.execute(self._q.move_rankings, task_ids)  # "UPDATE n"
        await conn.execute(self._q.insert_rankings, self._match, task_ids)
        await conn.execute(self._q.touch_tasks, task_ids)
        return int(left) + int(moved.split()[-1])


def _model_rows(
    models: tuple[ModelRecord, ...], codes: Mapping[str, int], run_id: int | None
) -> Iterator[tuple[object, ...]]:
    """One row per model, the last of a model's records winning (an upsert may touch a row
    once per statement), with the snapshot code the merge gives it (or None). Tags go as
    text[], binary: Postgres makes them jsonb without parsing JSON text."""
    for m in {m.model_id: m for m in models}.values():
        code = codes.get(m.model_id)
        yield (*_STAGED(m), code, None if code is None else run_id)


def _log_retry(details: Details) -> None:
    log.warning("database_retry", tries=details["tries"], error=str(details.get("exception")))
