"""The run's last phase when `--details-budget` allows it: what the Hub gives only per
model (`GET /api/models/{id}`: storage, base models, children), for the best-ranked models
whose details are missing or a week old, one request each through the run's client and
rate limiter. Optional figures: a model the Hub no longer serves, or a request that fails,
is logged and counted and the run goes on."""

from __future__ import annotations

import asyncio
from collections import Counter

import structlog

from hf_crawler import errors
from hf_crawler.crawl.context import RunContext
from hf_crawler.entities.model_details import ModelDetails, read_details

log = structlog.get_logger("hf_crawler.details")


async def fetch_details(ctx: RunContext) -> Counter[str]:
    """Fetch and store the due details; what happened to the requests (fetched, gone,
    failed, fields_dropped)."""
    outcome: Counter[str] = Counter()
    budget = ctx.settings.details_budget
    if budget == 0 or ctx.stop.is_set():
        return outcome
    todo = await ctx.sink.details_due(budget)
    if not todo:
        return outcome
    ctx.client.expect_requests(len(todo))
    slots, found = asyncio.Semaphore(ctx.settings.concurrency), list[ModelDetails]()

    async def one(model_id: str) -> None:
        async with slots:
            if ctx.stop.is_set():
                return
            try:
                raw = await ctx.client.model_details(model_id)
            except errors.HubError as exc:
                outcome["failed"] += 1
                log.warning("model_details_failed", model=model_id, reason=str(exc))
                return
        if raw is None:
            outcome["gone"] += 1
            return
        details = read_details(model_id, raw)
        outcome["fetched"] += 1
        outcome["fields_dropped"] += bool(details.dropped)
        found.append(details)

    await asyncio.gather(*(one(m) for m in todo))
    await ctx.sink.store_details(found)
    log.info("model_details_stored", due=len(todo), **outcome)
    return outcome
