"""Each task's top N datasets (`--repos datasets`): one fetcher per task behind the run's
gate, its whole ranking handed through a bounded queue to one storer, which stores each
task in its own transaction (one in flight while the next ranking is taken). It runs beside
the models' crawl, sharing the client's request slots and pacing.

A task whose fetch fails or is interrupted keeps its previous datasets: nothing of it is
stored, and the run counts it as failed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import structlog

from hf_crawler import errors
from hf_crawler.crawl.context import RunContext
from hf_crawler.crawl.merge_lane import MergeLane
from hf_crawler.crawl.producer import READY_FETCHERS, unless_stopped
from hf_crawler.entities.datasets import DatasetRecord
from hf_crawler.records import DatasetPage, Task

log = structlog.get_logger("hf_crawler.datasets")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A task's datasets in rank order, or why there are none to store."""

    task_id: str
    ranking: tuple[DatasetRecord, ...] = ()
    failure: str | None = None


async def crawl(ctx: RunContext, tasks: tuple[Task, ...]) -> None:
    """Fetch and store every task's top datasets."""
    queue: asyncio.Queue[Fetched | None] = asyncio.Queue(maxsize=ctx.settings.concurrency)
    slots = asyncio.Semaphore(ctx.settings.concurrency + READY_FETCHERS)

    async def fetch(task: Task) -> None:
        async with slots:
            interrupted = Fetched(task.id, failure="interrupted")
            work = _fetch(ctx, task.id)
            await queue.put(await unless_stopped(ctx.stop, work, interrupted, what=task.id))

    async def fetch_all() -> None:
        async with asyncio.TaskGroup() as group:
            for task in tasks:
                group.create_task(fetch(task), name=f"datasets:{task.id}")
        await queue.put(None)

    async with asyncio.TaskGroup() as group:
        group.create_task(_store_all(ctx, queue), name="datasets-storer")
        group.create_task(fetch_all(), name="datasets-fetchers")


async def _fetch(ctx: RunContext, task_id: str) -> Fetched:
    s = ctx.settings
    ranking: list[DatasetRecord] = []
    try:
        async for page in ctx.client.dataset_pages(task_id, limit=s.limit_per_task, sort=s.sort):
            count_page(ctx, page)
            ranking.extend(page.records)
    except errors.HubError as exc:
        log.error("dataset_task_failed", task=task_id, status=exc.status, reason=exc.reason)
        return Fetched(task_id, failure=f"{exc.status or 'no response'}: {exc.reason}")
    return Fetched(task_id, tuple(ranking))


def count_page(ctx: RunContext, page: DatasetPage[DatasetRecord]) -> None:
    """What a page held that was not stored as listed: counted and logged like models'."""
    stats = ctx.stats
    stats.pages += 1
    stats.malformed += len(page.rejections)
    stats.duplicates += page.duplicates
    stats.private_skipped += page.private_skipped
    for rejection in page.rejections:
        log.warning(
            "item_rejected",
            kind="dataset",
            task=page.task_id,
            page=page.number,
            reason=rejection.reason,
            dataset=rejection.model_id,
        )
    for record in page.records:
        if record.dropped:
            stats.fields_dropped += len(record.dropped)
            log.warning(
                "fields_dropped",
                task=page.task_id,
                dataset=record.dataset_id,
                fields=list(record.dropped),
                stored="NULL",
            )


async def _store_all(ctx: RunContext, queue: asyncio.Queue[Fetched | None]) -> None:
    """Store each fetched ranking, one transaction in flight while the next is taken."""
    seen: set[str] = set()
    async with MergeLane() as lane:
        # next_item raises a failed store at once, not when the next one is handed over
        while (fetched := await lane.next_item(queue)) is not None:
            if fetched.failure is not None:
                ctx.stats.dataset_tasks_failed += 1
                ctx.stats.failed_tasks[f"datasets:{fetched.task_id}"] = fetched.failure
                log.warning(
                    "dataset_task_finished",
                    task=fetched.task_id,
                    ok=False,
                    reason=fetched.failure,
                    kept="previous ranking",
                )
                continue
            await lane.submit(_store(ctx, fetched, seen))
        await lane.settle()


async def _store(ctx: RunContext, fetched: Fetched, seen: set[str]) -> None:
    stored = await ctx.sink.store_datasets(fetched.task_id, fetched.ranking)
    seen.update(d.dataset_id for d in fetched.ranking)
    stats = ctx.stats
    stats.dataset_tasks_ok += 1
    stats.dataset_mappings += stored
    stats.datasets = len(seen)
    log.info("dataset_task_finished", task=fetched.task_id, ok=True, datasets=stored)
    ctx.on_progress(stats)
