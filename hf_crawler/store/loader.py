"""The Postgres sink of a run: the task list, and each entity's batches merged by its
`EntityStore` (COPY into staging tables, one transaction each, retried when the connection
is lost: a merge is idempotent)."""

from __future__ import annotations

from datetime import datetime

import asyncpg
import structlog

from hf_crawler import errors
from hf_crawler.entities.datasets import DATASETS, DatasetRecord
from hf_crawler.entities.models import MODELS, ModelRecord
from hf_crawler.records import Batch, MergeResult, Task
from hf_crawler.store import db, queries
from hf_crawler.store.entity_store import Derivation, EntityStore, retrying

log = structlog.get_logger("hf_crawler.loader")


class PostgresSink:
    """Merges a run's batches into `<schema>`'s models and datasets and their rankings."""

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
        self._stamp_seen = stamp_seen  # a full walk stamps every row it lists as seen
        self._q = queries.for_schema(schema)
        self.models = EntityStore(
            pool,
            schema,
            MODELS,
            match=match,
            timeout_s=timeout_s,
            stamp_seen=stamp_seen,
            max_tries=max_tries,
        )
        self._merge_tasks = retrying(max_tries)(self._merge_tasks_once)
        self.datasets = EntityStore(
            pool,
            schema,
            DATASETS,
            match="tag",
            timeout_s=timeout_s,
            stamp_seen=stamp_seen,
            max_tries=max_tries,
        )

    def bind_run(self, run_id: int | None, lease: str | None = None) -> None:
        """Stamp later merges with this run (heartbeat, checkpoint, history), and make each
        merge check the run still holds the writer lease."""
        self.models.bind_run(run_id, lease)
        self.datasets.bind_run(run_id, lease)

    async def merge(self, batch: Batch[ModelRecord]) -> MergeResult:
        """Merge one batch of models; a lost connection is retried."""
        return await self.models.merge(batch)

    async def store_datasets(self, task_id: str, ranking: tuple[DatasetRecord, ...]) -> int:
        """Store a task's top datasets (and its ranking of them) in one transaction; how
        many it ranks."""
        ids = tuple(dict.fromkeys(d.dataset_id for d in ranking))
        await self.datasets.merge(Batch(ranking, {task_id: ids}))
        return len(ids)

    async def store_listed_datasets(self, page: tuple[DatasetRecord, ...]) -> None:
        """Full-Hub mode: a page of the datasets listing, stored and stamped as seen."""
        await self.datasets.merge(Batch(page, {}))

    async def derive_dataset_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int:
        """Full-Hub mode: every task's top `limit` datasets from the stored ones."""
        return await self.datasets.derive_rankings(Derivation(task_ids, limit, sort, seen_since))

    async def derive_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int:
        """Full-Hub mode: every task's top `limit` computed from the stored models in one
        scan, and swapped in whole, in one transaction. Returns the mappings stored."""
        return await self.models.derive_rankings(Derivation(task_ids, limit, sort, seen_since))

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
        return None if self._stamp_seen else self.models.merged

    async def vacuum(self) -> int:
        """Vacuum the models and mappings when merges replaced row versions: on a daily
        schedule autovacuum gets there first, but runs closer together (or a starved
        autovacuum) would let each run's replaced versions pile up at the tables' end. A
        failure is logged, not raised: the data stored is whole either way."""
        replaced, self.models.replaced = self.models.replaced, 0
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
