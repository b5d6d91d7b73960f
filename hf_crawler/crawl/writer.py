"""The batch writer of one entity: drains its queue, batches rows, merges through a sink.

It owns the flush policy only: flush when `batch_size` rows are waiting, when a finished
task's ranking has waited `after_s`, and at the end. Fewer, larger transactions cost
Postgres less per row (each merge has a fixed cost: staging tables, locks, a commit). A
merge runs in the background while the next batch is staged, so fetching never waits for
Postgres unless Postgres is slower than the Hub; merges stay in order, one at a time.
Once the tasks not finished are no more than `tail_tasks` (all of them in flight), a
finished ranking is merged as soon as the merge before it is done: what is left to merge
when the last page arrives is then only what arrived with it.

A task's ranking is handed to the sink only on `TaskDone(ok=True)`; a failed or
interrupted task's partial ranking is dropped, so the database keeps its previous ranking.
What happened is told to the run's ledger; nothing here reads it back.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Generic, Protocol, assert_never

import structlog

from hf_crawler.crawl.ledger import Ledger
from hf_crawler.crawl.merge_lane import MergeLane
from hf_crawler.entities.entity import Entity, R
from hf_crawler.records import (
    Batch,
    Checkpoint,
    End,
    ListingDone,
    MergeResult,
    Page,
    Queue,
    QueueItem,
    TaskDone,
)

log = structlog.get_logger("hf_crawler.writer")


class BatchSink(Protocol[R]):
    """What the writer needs of a sink: one batch merged, all or nothing."""

    async def merge(self, batch: Batch[R]) -> MergeResult:
        """Merge one batch, all or nothing."""


@dataclass(frozen=True, slots=True)
class Flush:
    """When waiting rows go to the sink: `batch_size` rows, a finished ranking waiting
    `after_s`, or (the tail) every one of the `tasks` not finished yet in flight, when no
    more than `tail_tasks` are (0: no tail)."""

    batch_size: int
    after_s: float
    tail_tasks: int = 0
    tasks: int = 0


class Writer(Generic[R]):
    """Holds one entity's rows and partial rankings not yet merged."""

    def __init__(
        self,
        entity: Entity[R],
        sink: BatchSink[R],
        ledger: Ledger,
        flush: Flush,
        *,
        checkpoints: bool = False,
    ) -> None:
        self._entity = entity
        self._sink = sink
        self._ledger = ledger
        self._flush = flush
        self._checkpoints = checkpoints  # a whole listing's walk resumes after each batch
        self._log = log if entity.first else log.bind(kind=entity.kind)
        self._lane = MergeLane()
        self._due: float | None = None  # when the waiting rankings must be merged
        self._finished = 0  # tasks fetched or failed: the tail is what is left
        self._rows: dict[str, R] = {}
        self._partial: dict[str, list[str]] = {}
        self._complete: dict[str, tuple[str, ...]] = {}
        self._checkpoint: Checkpoint | None = None
        self.walk_complete = False  # a whole listing was read to its end

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
        return in_tail(self._flush.tail_tasks, self._flush.tasks - self._finished)

    async def _take(self, item: QueueItem | None) -> bool:
        """Take one item (None: waiting rankings are due); False once it is `End.END`."""
        match item:
            case None:
                await self.flush()
            case Page():
                self._take_page(item)
                if len(self._rows) >= self._flush.batch_size:
                    await self.flush()
            case TaskDone():
                self._finish_task(item)
                now = asyncio.get_running_loop().time()
                if self._in_tail():
                    self._due = now
                elif self._due is None:
                    self._due = now + self._flush.after_s
            case ListingDone():
                self.walk_complete = item.ok
                if self._entity.first:
                    self._ledger.walked(item.ok)
                self._log.info("walk_finished", ok=item.ok, reason=item.reason or None)
                await self.flush()
            case End.END:
                return False
            case _:
                assert_never(item)
        return True

    def _take_page(self, page: Page[Any]) -> None:
        for record in page.records:
            self._rows[record.repo_id] = record  # a repo from two tasks is stored once
        if page.task_id is None:
            if self._checkpoints:
                self._checkpoint = Checkpoint(page.next_url)  # resume after this page
        else:
            self._partial.setdefault(page.task_id, []).extend(r.repo_id for r in page.records)
        self._ledger.page(page)
        self._log_page(page)

    def _log_page(self, page: Page[Any]) -> None:
        """What a page held that was not stored as listed, and the page itself."""
        kind, task = self._entity.kind, page.task_id
        for record in page.records:
            if record.dropped:
                self._log.warning(
                    "fields_dropped",
                    task=task,
                    **{kind: record.repo_id},
                    fields=list(record.dropped),
                    stored="NULL",
                )
        for rejection in page.rejections:
            self._log.warning(
                "item_rejected",
                task=task,
                page=page.number,
                reason=rejection.reason,
                **{kind: rejection.model_id},
            )
        self._log.info(
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
        self._finished += 1
        if done.ok:
            self._complete[done.task_id] = ranking
            self._ledger.fetched(self._entity.name)
            self._log.info(
                "task_finished", task=done.task_id, ok=True, **{self._entity.name: len(ranking)}
            )
        else:
            self._ledger.failed(self._entity.name, done.task_id, done.reason)
            self._log.warning(
                "task_finished",
                task=done.task_id,
                ok=False,
                reason=done.reason,
                kept="previous ranking",
            )

    async def flush(self) -> None:
        """Hand everything waiting to the sink as one transaction, once the merge before it
        has finished; the merge runs while the queue goes on being drained."""
        if not self._rows and not self._complete and self._checkpoint is None:
            return
        batch = Batch(
            models=tuple(self._rows.values()),
            rankings=dict(self._complete),
            checkpoint=self._checkpoint,
        )
        self._rows, self._complete, self._checkpoint, self._due = {}, {}, None, None
        await self._lane.submit(self._merge(batch))

    async def _merge(self, batch: Batch[R]) -> None:
        result = await self._sink.merge(batch)
        # A task counts as done once its ranking is stored, not when its pages are in hand:
        # a run that loses the database says how many it stored.
        self._ledger.merged(self._entity.name, result.seen, batch.rankings)


def in_tail(tail_tasks: int, tasks_left: int) -> bool:
    """Whether every task not finished yet is in flight (`tail_tasks`: as many as run at
    once; 0: no tail), so nothing else will come and a finished ranking may merge at once."""
    return tail_tasks > 0 and tasks_left <= tail_tasks
