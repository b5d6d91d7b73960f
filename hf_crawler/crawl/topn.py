"""Top-N mode: each task's top N models fetched from the Hub's ranked listing, batched and
merged while the fetchers go on."""

from __future__ import annotations

import asyncio

from hf_crawler.crawl import producer
from hf_crawler.crawl.context import RunContext
from hf_crawler.records import QueueItem, Task


async def crawl(ctx: RunContext, tasks: tuple[Task, ...]) -> None:
    """Fetch and merge every task; a failed task keeps its previous ranking."""
    s = ctx.settings
    queue: asyncio.Queue[QueueItem] = asyncio.Queue(maxsize=s.queue_pages)
    writer = ctx.new_writer()
    async with asyncio.TaskGroup() as group:
        group.create_task(writer.drain(queue), name="writer")
        group.create_task(producer.produce(ctx, tasks, queue), name="producer")
