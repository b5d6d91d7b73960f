"""One run, wired: Hub client, sink and run row, then the crawl of the chosen mode.

Resources live in an AsyncExitStack so any failure closes them in order. The run row is
written last under `asyncio.shield`, so even a cancelled run records how it ended. Each
phase marks the errors raised in it, so the CLI can tell "could not start" from "broke
mid-way".
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.crawl import lookups, metrics, task_selection, topn, walk
from hf_crawler.crawl.context import RunContext, RunSink
from hf_crawler.crawl.dryrun import JsonLinesSink
from hf_crawler.crawl.ledger import Ledger
from hf_crawler.crawl.run_end import (
    Ending,
    Watch,
    record_end,
    watching,
    write_metrics,
)
from hf_crawler.entities.catalogue import BY_NAME, ENTITIES
from hf_crawler.entities.collection_items import COLLECTION_ITEMS
from hf_crawler.entities.collections import COLLECTIONS
from hf_crawler.entities.entity import Entity
from hf_crawler.entities.lookup import Lookup
from hf_crawler.entities.model_details import MODEL_DETAILS
from hf_crawler.entities.models import MODELS
from hf_crawler.entities.papers import PAPERS
from hf_crawler.errors import phase
from hf_crawler.hub.client import HubClient, open_client
from hf_crawler.records import Task
from hf_crawler.stats import RunStats
from hf_crawler.store import database as store
from hf_crawler.store import lease
from hf_crawler.store.loader import PostgresSink
from hf_crawler.store.runs import ResumePoint, RunLog

log = structlog.get_logger("hf_crawler.pipeline")
Listing = asyncio.Task[tuple[Task, ...]]  # the run's task list, asked for at the start


@dataclass(frozen=True, slots=True)
class RunOutcome:
    run_id: int | None
    status: str  # succeeded | partial | interrupted
    stats: RunStats
    elapsed_s: float


@dataclass(frozen=True, slots=True)
class _Begun:
    """What starting the run established: its row, since when its work counts, what it
    resumes, and the logger bound to it."""

    run_id: int | None
    since_at: datetime
    resume: ResumePoint | None
    log: structlog.typing.FilteringBoundLogger


async def run(
    settings: Settings,
    stop: asyncio.Event,
    *,
    on_progress: Callable[[RunStats], None] = lambda _: None,
) -> RunOutcome:
    """Crawl into the sink; raises CrawlerError (or a group of them) on failure."""
    started = time.monotonic()
    async with contextlib.AsyncExitStack() as stack:
        with phase("connecting"):
            if settings.metrics_file is not None:
                metrics.check_writable(settings.metrics_file)
            client = await open_client(settings, stack)
            listing = _ask_for_tasks(client, settings, stack)
            sink, runlog, held = await _open_sink(settings, stack)
            begun = await _begin(settings, sink, runlog, held)
        ctx = RunContext(settings, client, sink, runlog, Ledger(on_progress), stop)
        watch = Watch()
        try:
            with watching(watch):
                await _execute_holding(ctx, begun, held, listing)
                watch.status = _status(ctx)
        finally:
            sent = ctx.client.stats
            ctx.ledger.sent(sent.requests, sent.retries, sent.rate_limited)
            try:
                await _end(ctx, begun, watch.ending, time.monotonic() - started)
            finally:
                structlog.contextvars.unbind_contextvars("run")
    return RunOutcome(
        run_id=begun.run_id,
        status=watch.status,
        stats=ctx.ledger.figures,
        elapsed_s=time.monotonic() - started,
    )


def _ask_for_tasks(
    client: HubClient, settings: Settings, stack: contextlib.AsyncExitStack
) -> Listing:
    """The task list, asked for while the database is being opened: a round trip to the
    Hub costs as much as connecting, migrating and taking the lease."""
    listing = asyncio.create_task(task_selection.select_tasks(client, settings), name="list-tasks")
    stack.callback(listing.cancel)  # a no-op once it is done
    return listing


async def _begin(
    settings: Settings, sink: RunSink, runlog: RunLog | None, held: lease.Lease | None
) -> _Begun:
    """Find what to resume, insert the run row, bind the writer lease to it."""
    if runlog is None or held is None:
        begun = _Begun(run_id=None, since_at=datetime.now(UTC), resume=None, log=log.bind(run=None))
    else:
        resume = await runlog.resume_point(settings.mode) if settings.resume else None
        if resume is not None and (changed := resume.differences(settings.public())):
            raise errors.ConfigError(
                f"--resume of run {resume.run_id} with other parameters: {'; '.join(changed)}"
                " (resume with the same flags, or start afresh without --resume)"
            )
        run_id, since_at = await runlog.start(settings.public(), mode=settings.mode, resumes=resume)
        await held.bind(run_id)
        structlog.contextvars.bind_contextvars(run=run_id)  # on every event from here on
        begun = _Begun(run_id=run_id, since_at=since_at, resume=resume, log=log.bind(run=run_id))
    sink.bind_run(begun.run_id, held.token if held else None)
    begun.log.info(
        "run_started",
        mode=settings.mode,
        resumes=begun.resume.run_id if begun.resume else None,
        parameters=settings.public(),
    )
    return begun


async def _execute_holding(
    ctx: RunContext, begun: _Begun, held: lease.Lease | None, listing: Listing
) -> None:
    """The run's work while a background task keeps the writer lease renewed."""
    if held is None:
        await _execute(ctx, begun, listing)
        return
    async with held.kept(ctx.settings.lease_s / 4, ctx.stop):
        await _execute(ctx, begun, listing)


async def _execute(ctx: RunContext, begun: _Begun, listing: Listing) -> None:
    with phase("listing tasks"):
        tasks = await listing
        await ctx.sink.merge_tasks(tasks)
    entities = [BY_NAME[name] for name in ctx.settings.repos]
    if ctx.settings.collections_top:
        entities.append(COLLECTIONS)
    if ctx.settings.mode == "top":
        todo = await _not_yet_done(tasks, entities, ctx.runlog, begun.resume)
        with phase("crawling"):
            await topn.crawl_repos(ctx, todo)
    else:
        ctx.ledger.planned(MODELS.name, len(tasks))
        for entity in entities:  # models first: a resumed walk goes on from their cursor
            if not entity.lists:
                await walk.walk_then_derive(ctx, entity, tasks, (begun.since_at, begun.resume))
        # An entity ranked in lists of its own is read from its sorted listing in every mode.
        own = [e for e in entities if e.lists]
        todo = await _not_yet_done(tasks, own, ctx.runlog, begun.resume)
        with phase("crawling"):
            await topn.crawl_repos(ctx, todo)
    for lookup in _lookups(ctx.settings):
        with phase(f"fetching {lookup.name.replace('_', ' ')}"):
            await lookups.fetch_due(ctx, lookup)


async def _end(ctx: RunContext, begun: _Begun, ending: Ending, elapsed: float) -> None:
    """Record the run's end (tasks a stop left undone count as failed) and log it at the
    level its status deserves."""
    if ending.status == "interrupted" and ctx.settings.mode == "top":
        ctx.ledger.stopped(MODELS.name)
    for entity in ENTITIES:
        if (merged := ctx.sink.merged(entity)) is not None:
            ctx.ledger.distinct(entity.name, merged)
    if ctx.runlog is not None and begun.run_id is not None:
        if ending.status in ("succeeded", "partial"):
            await ctx.sink.vacuum()  # before the run's size is recorded
        if ctx.sink.merged(MODELS) is None:  # a walk counts what it stamped as seen
            ctx.ledger.distinct(MODELS.name, await ctx.runlog.models_seen(begun.run_id))
        await record_end(ctx.runlog, begun.run_id, ending, ctx.ledger.figures)
    if ctx.settings.metrics_file is not None:
        await write_metrics(ctx, ending.status, elapsed)
    stats = ctx.ledger.figures
    level = {"failed": "error", "partial": "warning", "interrupted": "warning"}
    getattr(begun.log, level.get(ending.status, "info"))(
        "run_finished",
        status=ending.status,
        failed_phase=ending.phase,
        elapsed_s=round(elapsed, 2),
        requests_per_s=round(stats.requests / elapsed, 2) if elapsed else None,
        failed_tasks=stats.failed_tasks,
        **stats.summary(),
    )


def _status(ctx: RunContext) -> str:
    if ctx.stop.is_set():
        return "interrupted"
    stats = ctx.ledger.figures
    incomplete = not stats.walk_complete if ctx.settings.mode != "top" else stats.tasks_failed > 0
    failed_others = stats.dataset_tasks_failed or stats.spaces_failed or stats.collections_failed
    return "partial" if incomplete or failed_others else "succeeded"


async def _not_yet_done(
    tasks: tuple[Task, ...],
    entities: list[Entity[Any]],
    runlog: RunLog | None,
    resume: ResumePoint | None,
) -> dict[Entity[Any], tuple[Task, ...]]:
    """Each entity's tasks still to crawl: with --resume, those the interrupted run (chain)
    has not completed yet."""
    if runlog is None or resume is None:
        return {entity: rankings_of(entity, tasks) for entity in entities}
    todo, done_by = {}, {}
    for entity in entities:
        done = await runlog.covered_since(entity, resume.since_at)
        ranked = rankings_of(entity, tasks)
        todo[entity] = tuple(t for t in ranked if t.id not in done)
        done_by[f"{entity.kind}_tasks_done" if not entity.first else "tasks_done"] = len(
            done & {t.id for t in ranked}
        )
    log.info("resuming", run=resume.run_id, **done_by)
    return todo


def _lookups(settings: Settings) -> list[Lookup]:
    """The per-item lookups a run makes after its listings, each within its setting."""
    found = [MODEL_DETAILS] if "models" in settings.repos else []
    return [*found, PAPERS, COLLECTION_ITEMS]


def rankings_of(entity: Entity[Any], tasks: tuple[Task, ...]) -> tuple[Task, ...]:
    """What a run ranks `entity` in: each of the Hub's tasks, or the lists of its own."""
    if entity.lists:
        return tuple(Task(name, name, source=entity.name) for name in entity.lists)
    return tasks


async def _open_sink(
    settings: Settings, stack: contextlib.AsyncExitStack
) -> tuple[RunSink, RunLog | None, lease.Lease | None]:
    """The sink, the run log and the writer lease (a dry run has neither of the last two)."""
    if settings.dry_run is not None:
        dry = JsonLinesSink.open(settings.dry_run)
        stack.callback(dry.close)
        return dry, None, None
    pool = await store.open_database(settings, stack)
    held = await store.take_writer_lease(pool, settings, stack)
    sink = PostgresSink(
        pool,
        settings.schema,
        settings.match,
        timeout_s=settings.merge_timeout_s,
        retry_base_s=settings.backoff_base_s,  # a lost connection is waited for as a 5xx is
        stamp_seen=settings.mode != "top",
    )
    return sink, RunLog(pool, settings.schema), held
