"""Full-Hub mode: stream the whole listing into the models, then derive every task's
ranking in SQL. An incremental walk (`--since-last-run`) stops at the last full sync."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import structlog

from hf_crawler.crawl import producer
from hf_crawler.crawl.context import RunContext
from hf_crawler.records import QueueItem, Task
from hf_crawler.store.runs import ResumePoint

log = structlog.get_logger("hf_crawler.walk")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


async def walk(ctx: RunContext, resume: ResumePoint | None) -> None:
    """Read the listing (from `resume`'s cursor if given) into the models table."""
    s = ctx.settings
    stop_before = await ctx.runlog.last_full_sync() if ctx.runlog and s.mode == "since" else None
    if s.mode == "since" and stop_before is None:
        log.warning("no_full_sync_yet", action="walking the whole listing")
    ctx.stats.walking = True
    if ctx.runlog is not None:
        ctx.stats.walk_expected = await ctx.runlog.last_walk_size()
    queue: asyncio.Queue[QueueItem] = asyncio.Queue(maxsize=s.queue_pages)
    writer = ctx.new_writer()
    start_url = resume.next_url if resume else None
    async with asyncio.TaskGroup() as group:
        group.create_task(writer.drain(queue), name="writer")
        group.create_task(
            producer.walk_all(ctx, queue, start_url=start_url, stop_before=stop_before),
            name="walker",
        )


async def derive(ctx: RunContext, tasks: tuple[Task, ...], since_at: datetime) -> None:
    """Every task's ranking from the stored models, once the walk read the whole listing."""
    if not ctx.stats.walk_complete or ctx.stop.is_set():
        return
    # A full walk saw every listed model since `since_at`; an incremental one did not, so
    # it ranks every stored model.
    s = ctx.settings
    seen_since = since_at if s.mode == "all" else EPOCH
    mappings = await ctx.sink.derive_rankings(
        [t.id for t in tasks], limit=s.limit_per_task, sort=s.sort, seen_since=seen_since
    )
    if mappings is not None:
        ctx.stats.mappings = mappings
        ctx.stats.tasks_ok = len(tasks)
