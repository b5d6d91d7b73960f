"""The batch writer: drains the queue, batches models by rows, merges through a Sink.

It owns the flush policy only: flush when `batch_size` models are waiting, when a finished
task's ranking has waited `flush_after_s`, and at the end. Fewer, larger transactions cost
Postgres less per row (each merge has a fixed cost: staging tables, locks, a commit). A
merge runs in the background while the next batch is staged, so fetching never waits for
Postgres unless Postgres is slower than the Hub; merges stay in order, one at a time.
Once the tasks not finished are no more than `tail_tasks` (all of them in flight), a
finished ranking is merged as soon as the merge before it is done: what is left to merge
when the last page arrives is then only what arrived with it.

A task's ranking is handed to the sink only on `TaskDone(ok=True)`; a failed or
interrupted task's partial ranking is dropped, so the database keeps its previous ranking.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, assert_never

import structlog

from hf_crawler.crawl.merge_lane import MergeLane
from hf_crawler.entities.datasets import DatasetRecord
from hf_crawler.entities.models import ModelRecord
from hf_crawler.records import (
    Batch,
    Checkpoint,
    End,
    ListingDone,
    ListingPage,
    MergeResult,
    Page,
    Queue,
    QueueItem,
    Task,
    TaskDone,
)
from hf_crawler.stats import RunStats

log = structlog.get_logger("hf_crawler.writer")


class BatchSink(Protocol):
    """What the writer needs of a sink: one batch merged, all or nothing."""

    async def merge(self, batch: Batch[ModelRecord]) -> MergeResult:
        """Merge one batch, all or nothing."""


class Sink(BatchSink, Protocol):
    """Where a run's data goes: Postgres, or a JSON-lines file for `--dry-run`."""

    def bind_run(self, run_id: int | None, lease: str | None = None) -> None:
        """Stamp what follows with this run (heartbeat, checkpoints, history); with a
        writer lease token, write only while the lease is held."""

    async def merge_tasks(self, tasks: tuple[Task, ...]) -> None:
        """Store the run's task list before any ranking refers to it."""

    async def store_datasets(self, task_id: str, ranking: tuple[DatasetRecord, ...]) -> int:
        """Store a task's top datasets (and its ranking of them) all or nothing; how many
        it ranks."""

    async def store_listed_datasets(self, page: tuple[DatasetRecord, ...]) -> None:
        """Full-Hub mode: store a page of the whole datasets listing, stamped as seen."""

    async def derive_dataset_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int | None:
        """Full-Hub mode: rank every task's datasets from the stored ones; the datasets
        ranked, or None when the sink keeps no datasets to rank."""

    async def derive_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int | None:
        """Full-Hub mode: rank every task from the stored models; the mappings stored, or
        None when the sink keeps no models to rank."""

    def models_merged(self) -> int | None:
        """Distinct models the merges stored, when the sink knows it (else the run log
        counts them)."""

    async def vacuum(self) -> int:
        """Reclaim the row versions this sink's merges replaced; how many there were (0:
        nothing to do, or it failed and said so in the log)."""


class Writer:
    """Holds the models and partial rankings not yet merged."""

    def __init__(  # noqa: PLR0913  # keyword-only tuning knobs with defaults
        self,
        sink: BatchSink,
        stats: RunStats,
        *,
        batch_size: int,
        flush_after_s: float,
        tail_tasks: int,
        on_progress: Callable[[RunStats], None] = lambda _: None,
    ) -> None:
        self._sink = sink
        self._stats = stats
        self._batch_size = batch_size
        self._flush_after_s = flush_after_s
        self._tail_tasks = tail_tasks
        self._on_progress = on_progress
        self._lane = MergeLane()
        self._due: float | None = None  # when the waiting rankings must be merged
        self._models: dict[str, ModelRecord] = {}
        self._partial: dict[str, list[str]] = {}
        self._complete: dict[str, tuple[str, ...]] = {}
        self._checkpoint: Checkpoint | None = None

    async def drain(self, queue: Queue) -> None:
        """Consume until `End.END`, then merge what is left and wait for the last merge."""
        async with self._lane:
            taking = True
            while taking:
                item = await self._lane.next_item(queue, self._until_due)
                taking = await self._take(item)
            await self.flush()
            await self._lane.settle()

    def _until_due(self) -> float | None:
        if self._due is None or (self._in_tail() and self._lane.busy):
            return None  # in the tail, due rankings wait for the merge in flight, not a timer
        return max(0.0, self._due - asyncio.get_running_loop().time())

    def _in_tail(self) -> bool:
        s = self._stats
        return in_tail(self._tail_tasks, s.tasks_total - s.tasks_fetched - s.tasks_failed)

    async def _take(self, item: QueueItem | None) -> bool:
        """Take one item (None: waiting rankings are due); False once it is `End.END`."""
        match item:
            case None:
                await self.flush()
            case Page() | ListingPage():
                self._take_page(item)
                if len(self._models) >= self._batch_size:
                    await self.flush()
            case TaskDone():
                self._finish_task(item)
                now = asyncio.get_running_loop().time()
                if self._in_tail():
                    self._due = now
                elif self._due is None:
                    self._due = now + self._flush_after_s
                self._on_progress(self._stats)
            case ListingDone():
                self._stats.walk_complete = item.ok
                log.info("walk_finished", ok=item.ok, reason=item.reason or None)
                await self.flush()
            case End.END:
                return False
            case _:
                assert_never(item)
        return True

    def _take_page(self, page: Page[ModelRecord] | ListingPage[ModelRecord]) -> None:
        for record in page.records:
            self._models[record.model_id] = record  # a model from two tasks is stored once
        if isinstance(page, ListingPage):
            self._checkpoint = Checkpoint(page.next_url)  # resume after this page
            task = None
        else:
            self._partial.setdefault(page.task_id, []).extend(r.model_id for r in page.records)
            self._stats.duplicates += page.duplicates
            task = page.task_id
        self._stats.pages += 1
        self._stats.malformed += len(page.rejections)
        self._stats.private_skipped += page.private_skipped
        self._log_page(page, task)

    def _log_page(
        self, page: Page[ModelRecord] | ListingPage[ModelRecord], task: str | None
    ) -> None:
        """What a page held that was not stored as listed, and the page itself."""
        for record in page.records:
            if record.dropped:
                self._stats.fields_dropped += len(record.dropped)
                log.warning(
                    "fields_dropped",
                    task=task,
                    model=record.model_id,
                    fields=list(record.dropped),
                    stored="NULL",
                )
        for rejection in page.rejections:
            log.warning(
                "item_rejected",
                task=task,
                page=page.number,
                reason=rejection.reason,
                model=rejection.model_id,
            )
        log.info(
            "page_fetched",
            task=task,
            page=page.number,
            rows=len(page.records),
            rejected=len(page.rejections),
            private_skipped=page.private_skipped,
            ms=page.elapsed_ms,
            hub_ms=page.hub_ms,
            wait_ms=page.wait_ms,
        )

    def _finish_task(self, done: TaskDone) -> None:
        ranking = tuple(self._partial.pop(done.task_id, ()))
        if done.ok:
            self._complete[done.task_id] = ranking
            self._stats.tasks_fetched += 1
            log.info("task_finished", task=done.task_id, ok=True, models=len(ranking))
        else:
            self._stats.tasks_failed += 1
            self._stats.failed_tasks[done.task_id] = done.reason
            log.warning(
                "task_finished",
                task=done.task_id,
                ok=False,
                reason=done.reason,
                kept="previous ranking",
            )

    async def flush(self) -> None:
        """Hand everything waiting to the sink as one transaction, once the merge before it
        has finished; the merge runs while the queue goes on being drained."""
        if not self._models and not self._complete and self._checkpoint is None:
            return
        batch = Batch(
            models=tuple(self._models.values()),
            rankings=dict(self._complete),
            checkpoint=self._checkpoint,
        )
        self._models, self._complete, self._checkpoint, self._due = {}, {}, None, None
        await self._lane.submit(self._merge(batch))

    async def _merge(self, batch: Batch[ModelRecord]) -> None:
        result = await self._sink.merge(batch)
        self._stats.models += result.seen  # rows so far; the run's distinct count comes at the end
        # A task counts as done once its ranking is stored, not when its pages are in hand:
        # a run that loses the database says how many it stored.
        self._stats.tasks_ok += len(batch.rankings)
        self._stats.mappings += sum(map(len, batch.rankings.values()))
        self._on_progress(self._stats)


def in_tail(tail_tasks: int, tasks_left: int) -> bool:
    """Whether every task not finished yet is in flight (`tail_tasks`: as many as run at
    once; 0: no tail), so nothing else will come and a finished ranking may merge at once."""
    return tail_tasks > 0 and tasks_left <= tail_tasks
