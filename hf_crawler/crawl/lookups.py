"""The run's last phase: each per-item request a setting allows (`Lookup`: model details,
papers, collection items), for the ids the database says are due, one request each through
the run's client and rate limiter. Optional figures: an id the Hub has no page for is
noted (or counted), a request that fails is logged and counted, and the run goes on."""

from __future__ import annotations

import asyncio
from collections import Counter

import structlog

from hf_crawler import errors
from hf_crawler.crawl.context import RunContext
from hf_crawler.entities.lookup import Found, Lookup

log = structlog.get_logger("hf_crawler.lookups")


async def fetch_due(ctx: RunContext, lookup: Lookup) -> Counter[str]:
    """Fetch and store what `lookup` has due within its budget; what happened to the
    requests (fetched, gone, failed, fields_dropped)."""
    outcome: Counter[str] = Counter()
    budget: int = getattr(ctx.settings, lookup.budget_setting)
    if budget == 0 or ctx.stop.is_set():
        return outcome
    todo = await ctx.sink.due(lookup, budget)
    if not todo:
        return outcome
    ctx.client.expect_requests(len(todo))
    slots = asyncio.Semaphore(ctx.settings.concurrency)
    found: list[Found] = []
    gone: list[str] = []

    async def one(item_id: str) -> None:
        async with slots:
            if ctx.stop.is_set():
                return
            try:
                raw = await ctx.client.lookup(lookup.path(item_id), lookup.params)
            except errors.HubError as exc:
                outcome["failed"] += 1
                log.warning(f"{lookup.name}_failed", id=item_id, reason=str(exc))
                return
        if raw is None:
            outcome["gone"] += 1
            gone.append(item_id)
            return
        read = lookup.read(item_id, raw)
        outcome["fetched"] += 1
        outcome["fields_dropped"] += bool(read.dropped)
        found.append(read)

    await asyncio.gather(*(one(i) for i in todo))
    await ctx.sink.store_lookups(lookup, found, gone)
    log.info(f"{lookup.name}_stored", due=len(todo), **outcome)
    return outcome
