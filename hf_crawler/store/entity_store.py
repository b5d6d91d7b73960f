"""One entity's rows into the database, by its description: a batch (rows, and the full new
ranking of each task it completes) COPYed into staging tables and merged in one
transaction, each task's mappings swapped in whole with its coverage and snapshot; or, in
full-Hub mode, every task's ranking derived from the stored rows in SQL and swapped in.

A merge is idempotent (rows are upserted by id; a swap leaves each task's mappings equal to
its staged ranking), so one that lost its connection is simply tried again; one that is
cancelled rolls back whole.
"""

from __future__ import annotations

import contextlib
import operator
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import asyncpg
import backoff
import msgspec
import structlog
from backoff.types import Details

from hf_crawler import errors
from hf_crawler.entities.entity import Entity, R
from hf_crawler.records import Batch, MergeResult
from hf_crawler.store import lease, queries, statements
from hf_crawler.store.db import Connection
from hf_crawler.store.history import Counters, History, counters_of

log = structlog.get_logger("hf_crawler.loader")
Call = TypeVar("Call", bound=Callable[..., Coroutine[Any, Any, Any]])


@dataclass(frozen=True, slots=True)
class Derivation:
    """What full-Hub mode derives: each of `task_ids`' top `limit` by `sort`, of the rows
    seen since `seen_since`."""

    task_ids: list[str]
    limit: int
    sort: str
    seen_since: datetime


class EntityStore(Generic[R]):
    """Merges one entity's batches into `<schema>.<entity>` and its rankings."""

    def __init__(  # noqa: PLR0913  # keyword-only tuning knobs with defaults
        self,
        pool: asyncpg.Pool,
        schema: str,
        entity: Entity[R],
        *,
        match: str,
        timeout_s: float,
        stamp_seen: bool = False,
        max_tries: int = 5,
        retry_base_s: float = 1.0,
    ) -> None:
        self.entity = entity
        self._pool = pool
        self._q = queries.for_schema(schema)
        self._s = statements.for_entity(entity, schema)
        self._match = match
        self._timeout_s = timeout_s
        self._stamp_seen = stamp_seen  # a full walk stamps every row it lists as seen
        self._run_id: int | None = None  # set once the run row exists; history needs it
        self._lease: str | None = None  # the writer lease's token; every merge checks it
        self._history = History(self._s)
        self._log = log if entity.first else log.bind(kind=entity.kind)  # as the writer says
        self._staged = operator.attrgetter(*entity.columns)
        self.replaced = 0  # row versions committed merges left behind, for vacuum
        self._merge = retrying(max_tries, retry_base_s)(self._merge_once)

    def bind_run(self, run_id: int | None, lease_token: str | None) -> None:
        """Stamp later merges with this run (heartbeat, checkpoint, history), and make each
        merge check the run still holds the writer lease."""
        self._run_id, self._lease = run_id, lease_token

    @property
    def walked(self) -> bool:
        """Whether a full walk stamps this entity's rows as seen (its count is what it
        stamped, which the run log reads)."""
        return self._stamp_seen

    @property
    def merged(self) -> int:
        """Distinct rows this run's committed merges stored."""
        return self._history.merged

    async def merge(self, batch: Batch[R]) -> MergeResult:
        """Merge one batch; a lost connection is retried (the merge is idempotent)."""
        result: MergeResult = await self._merge(batch)
        return result

    async def _merge_once(self, batch: Batch[R]) -> MergeResult:
        started = time.perf_counter()
        codes: dict[str, int] = {}
        staged = counters_of(batch.models)
        async with self._transaction(f"merging a batch of {self.entity.name}") as conn:
            if self._run_id is not None:  # what the merge's triggers stamp their notes with
                await conn.execute(self._q.set_merging_run, str(self._run_id))
            if self._gives_codes():
                codes = await self._history.codes_for(conn, staged)
            result = await self._merge_rows(conn, batch.models, codes)
            replaced = result.rewritten
            if batch.rankings:
                replaced += await self._replace_rankings(conn, batch.rankings, staged, codes)
            if self._run_id is not None:
                await conn.execute(self._q.heartbeat, self._run_id)
            if batch.checkpoint is not None and self._run_id is not None:
                await conn.execute(self._q.save_checkpoint, self._run_id, batch.checkpoint.next_url)
        self.replaced += replaced  # counted once the merge committed
        self._history.keep(codes, staged)
        self._log.info(
            "batch_merged",
            rows=len(batch.models),
            inserted=result.inserted,
            changed=result.changed,
            rankings=len(batch.rankings),
            ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return result

    def _gives_codes(self) -> bool:
        """Whether a merge gives its rows snapshot codes: a run's per-task merges do; a
        full walk's do not (it codes only the rows its rankings hold, in SQL)."""
        return self._run_id is not None and not self._stamp_seen

    async def _merge_rows(
        self, conn: Connection, rows: tuple[R, ...], codes: Mapping[str, int]
    ) -> MergeResult:
        if not rows:
            return MergeResult()
        s = self._s
        await conn.execute(s.create_stage)
        await conn.copy_records_to_table(
            s.stage,
            records=self._rows(rows, codes),
            columns=(self.entity.id_column, *self._tags, *self.entity.columns, *self._codes),
        )
        row = await conn.fetchrow(s.merge)
        if row is None:  # an aggregate always returns a row; this guards a broken server
            raise errors.MergeFailed("merge returned no counts")
        for name in self.entity.after_merge:
            await conn.execute(getattr(self._q, name))
        stamped = 0
        if self._stamp_seen or self.entity.stamps_seen:
            stamped = int((await conn.execute(s.stamp_seen)).split()[-1])  # "UPDATE n"
        return MergeResult(
            inserted=row["inserted"],
            changed=row["changed"],
            seen=row["seen"],
            rewritten=row["changed"] + stamped,
        )

    @property
    def _tags(self) -> tuple[str, ...]:
        return ("tags",) if self.entity.tagged else ()

    @property
    def _codes(self) -> tuple[str, str]:
        return (self.entity.key_column, "first_run_id")  # the snapshot code the merge stores

    def _rows(self, rows: tuple[R, ...], codes: Mapping[str, int]) -> Iterator[tuple[object, ...]]:
        """One row per id, the last of its records winning (an upsert may touch a row once
        per statement), with the snapshot code the merge gives it (or None). Tags go as
        JSON text (jsonb's input), which costs both sides less than an array of text."""
        run_id, encode, tagged = self._run_id, msgspec.json.encode, self.entity.tagged
        for repo_id, record in {r.repo_id: r for r in rows}.items():
            code = codes.get(repo_id)
            tags = (encode(record.tags).decode(),) if tagged else ()
            yield (repo_id, *tags, *self._staged(record), code, None if code is None else run_id)

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
            (task, repo, rank)
            for task, ids in rankings.items()
            for rank, repo in enumerate(ids, start=1)
        ]
        s = self._s
        await conn.execute(s.create_stage_ranks)
        await conn.copy_records_to_table(
            s.stage_ranks,
            records=rows,
            columns=(self.entity.list_column, self.entity.id_column, self.entity.rank_column),
        )
        task_ids = list(rankings)
        await conn.execute(s.lock_tasks, task_ids)
        if self._run_id is not None:
            await conn.execute(s.record_coverage, self._run_id, task_ids)
            await self._history.record(conn, self._run_id, rankings, staged, codes)
        return await self._swap_rankings(conn, task_ids)

    async def derive_rankings(self, derivation: Derivation) -> int:
        """Full-Hub mode: every task's top `limit` computed from the stored rows in one
        scan, and swapped in whole, in one transaction. Returns the mappings stored."""
        started = time.perf_counter()
        d, task_ids, s = derivation, derivation.task_ids, self._s
        async with self._transaction(f"deriving the rankings of {self.entity.name}") as conn:
            await conn.execute(s.create_stage_ranks)
            await conn.execute(
                s.derive_rankings, d.seen_since, d.limit, d.sort, self._match, task_ids
            )
            await conn.execute(s.lock_tasks, task_ids)
            if self._run_id is not None:
                await conn.execute(s.record_coverage, self._run_id, task_ids)
                await self._history.record_derived(conn, self._run_id, task_ids)
            replaced = await self._swap_rankings(conn, task_ids)
            mappings = await conn.fetchval(s.count_stage_ranks)
        self.replaced += replaced
        ms = round((time.perf_counter() - started) * 1000, 1)
        self._log.info(
            "rankings_derived",
            tasks=len(task_ids),
            mappings=mappings,
            ms=ms,
        )
        return int(mappings)

    def _transaction(self, doing: str) -> contextlib.AbstractAsyncContextManager[Connection]:
        return lease.merge_transaction(
            self._pool, self._q, doing, lease=self._lease, timeout_s=self._timeout_s
        )

    async def _swap_rankings(self, conn: Connection, task_ids: list[str]) -> int:
        """Staged rankings replace the tasks' mappings (the caller holds the tasks' locks and
        wrote their history). Returns the row versions deleted or replaced."""
        s, replaced = self._s, 0
        for name in self.entity.before_swap:
            replaced += _count(await conn.execute(getattr(self._q, name), task_ids, self._match))
        replaced += _count(await conn.execute(s.delete_left_rankings, task_ids, self._match))
        replaced += _count(await conn.execute(s.move_rankings, task_ids))
        await conn.execute(s.insert_rankings, self._match, task_ids)
        for name in self.entity.after_swap:
            await conn.execute(getattr(self._q, name), task_ids)
        return replaced


def retrying(max_tries: int, base_s: float = 1.0) -> Callable[[Call], Call]:
    """Tries a call again, backing off (`base_s`, doubling, full jitter), when it failed in
    a way a retry can fix (a lost connection): what it writes is idempotent."""
    return backoff.on_exception(
        backoff.expo,
        errors.CrawlerError,
        factor=base_s,
        giveup=lambda exc: not errors.is_retryable(exc),
        max_tries=max_tries,
        max_value=10,
        jitter=backoff.full_jitter,
        on_backoff=_log_retry,
        logger=None,
    )


def _count(status: str) -> int:
    """The rows a statement's status line counts ("UPDATE n", "DELETE n")."""
    return int(status.split()[-1])


def _log_retry(details: Details) -> None:
    log.warning("database_retry", tries=details["tries"], error=str(details.get("exception")))
