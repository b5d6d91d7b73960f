"""The producer: one fetcher per task, at most `concurrency` at once, pages into the queue.

A fetcher turns a Hub failure into `TaskDone(ok=False)` so the run goes on; anything else is
a bug and propagates. A stop request cancels fetchers between (or during) requests, and each
interrupted task still gets its `TaskDone`, after all of its pages.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

import structlog

from hf_crawler import errors
from hf_crawler.hub import HubClient
from hf_crawler.records import ALL_MODELS, End, Page, Task, TaskDone

log = structlog.get_logger("hf_crawler.producer")
Queue = asyncio.Queue[Page | TaskDone | End]


async def produce(
    client: HubClient,
    tasks: tuple[Task, ...],
    queue: Queue,
    stop: asyncio.Event,
    *,
    concurrency: int,
    limit: int,
    sort: str,
    match: str,
) -> None:
    """Fetch every task, then put `End.END`."""
    slots = asyncio.Semaphore(concurrency)

    async def fetch(task: Task) -> None:
        async with slots:
            pages = _fetch_pages(client, task, queue, limit=limit, sort=sort, match=match)
            done = await _unless_stopped(stop, pages, TaskDone(task.id, False, "interrupted"))
            await queue.put(done)

    async with asyncio.TaskGroup() as group:
        for task in tasks:
            group.create_task(fetch(task), name=f"fetch:{task.id}")
    await queue.put(End.END)


async def walk_all(
    client: HubClient,
    queue: Queue,
    stop: asyncio.Event,
    *,
    sort: str,
    start_url: str | None,
    stop_before: datetime | None,
) -> None:
    """Full-Hub mode: page through the whole listing, then `TaskDone(ALL_MODELS)` and END."""
    pages = _fetch_listing(client, queue, sort=sort, start_url=start_url, stop_before=stop_before)
    await queue.put(await _unless_stopped(stop, pages, TaskDone(ALL_MODELS, False, "interrupted")))
    await queue.put(End.END)


async def _fetch_listing(
    client: HubClient,
    queue: Queue,
    *,
    sort: str,
    start_url: str | None,
    stop_before: datetime | None,
) -> TaskDone:
    try:
        async for page in client.listing_pages(
            sort=sort, start_url=start_url, stop_before=stop_before
        ):
            await queue.put(page)
    except errors.HubError as exc:
        log.error("walk_failed", status=exc.status, reason=exc.reason)
        return TaskDone(ALL_MODELS, False, f"{exc.status or 'no response'}: {exc.reason}")
    return TaskDone(ALL_MODELS, True)


async def _fetch_pages(
    client: HubClient, task: Task, queue: Queue, *, limit: int, sort: str, match: str
) -> TaskDone:
    try:
        async for page in client.task_pages(task.id, limit=limit, sort=sort, match=match):
            await queue.put(page)
    except errors.HubError as exc:
        log.error("task_failed", task=task.id, status=exc.status, reason=exc.reason)
        return TaskDone(task.id, False, f"{exc.status or 'no response'}: {exc.reason}")
    return TaskDone(task.id, True)


async def _unless_stopped(
    stop: asyncio.Event, work: Coroutine[Any, Any, TaskDone], interrupted: TaskDone
) -> TaskDone:
    """Run `work`, or cancel it when `stop` is set first and answer `interrupted`."""
    if stop.is_set():
        work.close()
        return interrupted
    job = asyncio.create_task(work, name=f"pages:{interrupted.task_id}")
    waiter = asyncio.create_task(stop.wait(), name=f"stop-watch:{interrupted.task_id}")
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
