"""The producer of one entity: one fetcher per task, pages into the queue; or, in full-Hub
mode, one walker over the whole listing. The transport keeps `concurrency` requests in flight; a few
more fetchers than that run, so while one parses its page another's request is already
waiting for the next free slot.

A fetcher turns a Hub failure into `TaskDone(ok=False)` so the run goes on; anything else is
a bug and propagates. A stop request cancels fetchers between (or during) requests, and each
interrupted task still gets its `TaskDone`, after all of its pages.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from datetime import datetime
from typing import Any, TypeVar

import structlog

from hf_crawler import errors
from hf_crawler.crawl.context import RunContext
from hf_crawler.entities.entity import Entity
from hf_crawler.records import End, ListingDone, Queue, Task, TaskDone

log = structlog.get_logger("hf_crawler.producer")


# Fetchers beyond `concurrency`: each holds at most one page in hand while it waits.
READY_FETCHERS = 2


async def produce(
    ctx: RunContext, entity: Entity[Any], tasks: tuple[Task, ...], queue: Queue
) -> None:
    """Fetch every task's top N of `entity`, then put `End.END`."""
    slots = asyncio.Semaphore(ctx.settings.concurrency + READY_FETCHERS)

    async def fetch(task: Task) -> None:
        async with slots:
            pages = _fetch_pages(ctx, entity, task, queue)
            interrupted = TaskDone(task.id, ok=False, reason="interrupted")
            done = await unless_stopped(ctx.stop, pages, interrupted, what=task.id)
            await queue.put(done)

    async with asyncio.TaskGroup() as group:
        for task in tasks:
            group.create_task(fetch(task), name=f"fetch:{entity.name}:{task.id}")
    await queue.put(End.END)


async def walk_all(
    ctx: RunContext,
    entity: Entity[Any],
    queue: Queue,
    *,
    start_url: str | None,
    stop_before: datetime | None,
) -> None:
    """Full-Hub mode: page through `entity`'s whole listing, then `ListingDone` and END."""
    pages = _fetch_listing(ctx, entity, queue, start_url=start_url, stop_before=stop_before)
    interrupted = ListingDone(False, "interrupted")
    what = f"{entity.name} listing"
    await queue.put(await unless_stopped(ctx.stop, pages, interrupted, what=what))
    await queue.put(End.END)


# The sort of a full-Hub walk: createdAt for a full one (new models land at the start, so
# none can slip past the cursor), lastModified for an incremental one (it stops early).
WALK_SORT = {"all": "createdAt", "since": "lastModified"}


async def _fetch_listing(
    ctx: RunContext,
    entity: Entity[Any],
    queue: Queue,
    *,
    start_url: str | None,
    stop_before: datetime | None,
) -> ListingDone:
    sort = WALK_SORT[ctx.settings.mode]
    try:
        async for page in ctx.client.listing_pages(
            entity, sort=sort, start_url=start_url, stop_before=stop_before
        ):
            await queue.put(page)
    except errors.HubError as exc:
        said = log if entity.first else log.bind(kind=entity.kind)
        said.error("walk_failed", status=exc.status, reason=exc.reason)
        return ListingDone(False, f"{exc.status or 'no response'}: {exc.reason}")
    return ListingDone(True)


async def _fetch_pages(ctx: RunContext, entity: Entity[Any], task: Task, queue: Queue) -> TaskDone:
    s = ctx.settings
    limit: int = getattr(s, entity.top_setting)
    sort = task.id if entity.lists else s.sort  # a list of its own is named after its sort
    try:
        async for page in ctx.client.ranked_pages(
            entity, task.id, limit=limit, sort=sort, match=s.match
        ):
            await queue.put(page)
    except errors.HubError as exc:
        said = log if entity.first else log.bind(kind=entity.kind)
        said.error("task_failed", task=task.id, status=exc.status, reason=exc.reason)
        return TaskDone(task.id, ok=False, reason=f"{exc.status or 'no response'}: {exc.reason}")
    return TaskDone(task.id, ok=True)


Done = TypeVar("Done")


async def unless_stopped(
    stop: asyncio.Event, work: Coroutine[Any, Any, Done], interrupted: Done, *, what: str
) -> Done:
    """Run `work` (named `what` in task names), or cancel it when `stop` is set first and
    answer `interrupted`."""
    if stop.is_set():
        work.close()
        return interrupted
    job = asyncio.create_task(work, name=f"pages:{what}")
    waiter = asyncio.create_task(stop.wait(), name=f"stop-watch:{what}")
    try:
        await asyncio.wait({job, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
        if not job.done():
            job.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await job
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise asyncio.CancelledError  # our own cancel arrived meanwhile: pass it on
    return job.result() if not job.cancelled() else interrupted
