"""Top-N mode: each task's top N of every entity `--repos` names, fetched from the Hub's
ranked listing, batched and merged while the fetchers go on: one queue, producer and writer
per entity, all through the same client (its request slots and pacing)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from hf_crawler.crawl import plan, producer
from hf_crawler.crawl.context import RunContext
from hf_crawler.entities.entity import Entity
from hf_crawler.records import QueueItem, Task


async def crawl(ctx: RunContext, entity: Entity[Any], tasks: tuple[Task, ...]) -> None:
    """Fetch and merge every task of `entity`; a failed task keeps its previous ranking."""
    queue: asyncio.Queue[QueueItem] = asyncio.Queue(maxsize=ctx.settings.queue_pages)
    ctx.ledger.planned(entity.name, len(tasks))
    writer = ctx.new_writer(entity, len(tasks))
    async with asyncio.TaskGroup() as group:
        group.create_task(writer.drain(queue), name=f"writer:{entity.name}")
        group.create_task(
            producer.produce(ctx, entity, tasks, queue), name=f"producer:{entity.name}"
        )


async def crawl_repos(ctx: RunContext, todo: Mapping[Entity[Any], tuple[Task, ...]]) -> None:
    """Each entity's tasks still to crawl, every entity at once."""
    # each entity's task is a listing of its own
    pages = sum(len(tasks) * plan.pages_per_ranking(ctx.settings, e) for e, tasks in todo.items())
    ctx.client.expect_requests(pages)
    async with asyncio.TaskGroup() as group:
        for entity, tasks in todo.items():
            group.create_task(crawl(ctx, entity, tasks), name=entity.name)
