"""Top-N mode: each task's top N models fetched from the Hub's ranked listing, batched and
merged while the fetchers go on; with `--repos` naming datasets, each task's top N
datasets beside them (crawl/dataset_crawl.py), through the same client."""

from __future__ import annotations

import asyncio

from hf_crawler.crawl import dataset_crawl, plan, producer
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


async def crawl_repos(
    ctx: RunContext, model_tasks: tuple[Task, ...], dataset_tasks: tuple[Task, ...]
) -> None:
    """The models of `model_tasks` and the datasets of `dataset_tasks`, at once, as the
    settings' `repos` select them."""
    repos = ctx.settings.repos
    ctx.stats.tasks_total = len(model_tasks) if "models" in repos else 0
    ctx.client.expect_requests(
        plan.top_n_requests(ctx.settings, len(model_tasks), len(dataset_tasks))
    )
    async with asyncio.TaskGroup() as group:
        if "models" in repos:
            group.create_task(crawl(ctx, model_tasks), name="models")
        if "datasets" in repos:
            group.create_task(dataset_crawl.crawl(ctx, dataset_tasks), name="datasets")
