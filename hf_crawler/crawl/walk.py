"""Full-Hub mode: stream an entity's whole listing into its table, then derive every task's
ranking from what it stored, in SQL. An incremental walk (`--since-last-run`) stops at the
last full sync. Only the models' walk saves a cursor to resume from; a walk that fails or
is stopped leaves every task's ranking as it was."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import structlog

from hf_crawler.crawl import producer
from hf_crawler.crawl.context import RunContext
from hf_crawler.entities.entity import Entity
from hf_crawler.errors import phase
from hf_crawler.records import QueueItem, Task
from hf_crawler.store.entity_store import Derivation
from hf_crawler.store.runs import ResumePoint

log = structlog.get_logger("hf_crawler.walk")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


async def walk(ctx: RunContext, entity: Entity[Any], resume: ResumePoint | None) -> bool:
    """Read `entity`'s listing (the models' from `resume`'s cursor if given) into its
    table; whether it was read to its end."""
    s = ctx.settings
    stop_before = await ctx.runlog.last_full_sync() if ctx.runlog and s.mode == "since" else None
    if s.mode == "since" and stop_before is None and entity.first:
        log.warning("no_full_sync_yet", action="walking the whole listing")
    if entity.first:
        expected = await ctx.runlog.last_walk_size() if ctx.runlog is not None else None
        ctx.ledger.walking(expected)
    queue: asyncio.Queue[QueueItem] = asyncio.Queue(maxsize=s.queue_pages)
    writer = ctx.new_writer(entity, 0, checkpoints=entity.first)
    start_url = resume.next_url if resume and entity.first else None
    async with asyncio.TaskGroup() as group:
        group.create_task(writer.drain(queue), name=f"writer:{entity.name}")
        group.create_task(
            producer.walk_all(ctx, entity, queue, start_url=start_url, stop_before=stop_before),
            name=f"walker:{entity.name}",
        )
    return writer.walk_complete


async def derive(
    ctx: RunContext, entity: Entity[Any], tasks: tuple[Task, ...], since_at: datetime
) -> None:
    """Every task's ranking of `entity` from the stored rows, once its walk read the whole
    listing."""
    # A full walk saw every listed row since `since_at`; an incremental one did not, so it
    # ranks every stored row.
    s = ctx.settings
    seen_since = since_at if s.mode == "all" else EPOCH
    derivation = Derivation([t.id for t in tasks], s.limit_per_task, s.sort, seen_since)
    mappings = await ctx.sink.of(entity).derive_rankings(derivation)
    if mappings is not None:
        ctx.ledger.derived(entity.name, len(tasks), mappings)


async def walk_then_derive(
    ctx: RunContext,
    entity: Entity[Any],
    tasks: tuple[Task, ...],
    since: tuple[datetime, ResumePoint | None],
) -> None:
    """Walk `entity`'s listing, then rank its tasks; a walk that failed or was stopped
    leaves every task's ranking as it was and counts them as failed."""
    since_at, resume = since
    with phase("crawling"):
        complete = await walk(ctx, entity, resume)
    if not complete or ctx.stop.is_set():
        if not entity.first:  # the models' walk fails the run as incomplete instead
            ctx.ledger.walk_failed(entity.name, len(tasks), "walk incomplete: rankings kept")
        return
    with phase("deriving rankings"):
        await derive(ctx, entity, tasks, since_at)
