"""Full-Hub mode with datasets: the whole datasets listing streamed into hf.datasets (each
page stored while the next is fetched, every dataset stamped as seen), then every task's
top datasets derived from them in SQL, as the models' rankings are. An incremental walk
(`--since-last-run`) stops at the last full sync and ranks every stored dataset."""

from __future__ import annotations

from datetime import datetime

import structlog

from hf_crawler import errors
from hf_crawler.crawl.context import RunContext
from hf_crawler.crawl.dataset_crawl import count_page
from hf_crawler.crawl.merge_lane import MergeLane
from hf_crawler.crawl.producer import WALK_SORT, unless_stopped
from hf_crawler.crawl.walk import EPOCH
from hf_crawler.records import Task

log = structlog.get_logger("hf_crawler.datasets")


async def walk_then_derive(ctx: RunContext, tasks: tuple[Task, ...], since_at: datetime) -> None:
    """Read the datasets listing, then rank every task's datasets from what it stored; a
    walk that fails or is stopped leaves every task's datasets as they were."""
    s = ctx.settings
    stop_before = await ctx.runlog.last_full_sync() if ctx.runlog and s.mode == "since" else None
    complete = await unless_stopped(ctx.stop, _walk(ctx, stop_before), False, what="datasets")
    if not complete or ctx.stop.is_set():
        ctx.stats.dataset_tasks_failed += len(tasks)
        ctx.stats.failed_tasks["datasets listing"] = "walk incomplete: rankings kept"
        return
    seen_since = since_at if s.mode == "all" else EPOCH
    ranked = await ctx.sink.derive_dataset_rankings(
        [t.id for t in tasks], limit=s.limit_per_task, sort=s.sort, seen_since=seen_since
    )
    if ranked is not None:
        ctx.stats.dataset_mappings = ranked
        ctx.stats.dataset_tasks_ok = len(tasks)
    log.info("dataset_rankings_derived", tasks=len(tasks), datasets=ranked)


async def _walk(ctx: RunContext, stop_before: datetime | None) -> bool:
    """Every page of the listing stored; False when the Hub failed the walk."""
    try:
        async with MergeLane() as lane:
            pages = ctx.client.dataset_listing_pages(
                sort=WALK_SORT[ctx.settings.mode], stop_before=stop_before
            )
            async for page in pages:
                count_page(ctx, page)
                ctx.stats.datasets += len(page.records)  # rows read; repeats counted again
                await lane.submit(ctx.sink.store_listed_datasets(page.records))
            await lane.settle()
    except errors.HubError as exc:
        log.error("dataset_walk_failed", status=exc.status, reason=exc.reason)
        return False
    return True
