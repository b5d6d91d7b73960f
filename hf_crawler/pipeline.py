"""One run, wired: Hub session, sink, run row, then producer and writer in one TaskGroup.

Resources live in an AsyncExitStack so any failure closes them in order. The run row is
written last under `asyncio.shield`, so even a cancelled run records how it ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg
import structlog

from hf_crawler import db, errors, hub, migrate, producer
from hf_crawler.dryrun import JsonLinesSink
from hf_crawler.loader import PostgresSink
from hf_crawler.pacing import Gate
from hf_crawler.records import Task
from hf_crawler.runs import ResumePoint, RunLog, RunStats
from hf_crawler.settings import Settings
from hf_crawler.writer import QueueItem, Sink, Writer

log = structlog.get_logger("hf_crawler.pipeline")


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
    stats = RunStats()
    async with contextlib.AsyncExitStack() as stack:
        client = await open_client(settings, stack)
        sink, runlog = await _open_sink(settings, stack)
        begun = await _begin(settings, sink, runlog)
        status, error = "failed", None
        try:
            await _execute(client, sink, runlog, settings, stats, stop, begun, on_progress)
            status = _status(settings, stats, stop)
        except asyncio.CancelledError:
            status = "interrupted"
            raise
        except Exception as exc:
            error = _first_reason(exc)
            raise
        finally:
            _take_client_stats(client.stats, stats)
            await _end(runlog, begun, status, stats, error, time.monotonic() - started)
    return RunOutcome(begun.run_id, status, stats, time.monotonic() - started)


async def _begin(settings: Settings, sink: Sink, runlog: RunLog | None) -> _Begun:
    """Retire runs that died silently, find what to resume, insert the run row."""
    if runlog is None:
        begun = _Begun(None, datetime.now(UTC), None, log.bind(run=None))
    else:
        abandoned = await runlog.abandon_silent()
        if abandoned:
            log.warning("runs_abandoned", runs=abandoned, reason="no merge for an hour")
        resume = await runlog.resume_point(settings.mode) if settings.resume else None
        run_id, since_at = await runlog.start(settings.public(), mode=settings.mode, resumes=resume)
        begun = _Begun(run_id, since_at, resume, log.bind(run=run_id))
    if isinstance(sink, PostgresSink):
        sink.run_id = begun.run_id
    begun.log.info(
        "run_started",
        mode=settings.mode,
        resumes=begun.resume.run_id if begun.resume else None,
        parameters=settings.public(),
    )
    return begun


async def _execute(
    client: hub.HubClient,
    sink: Sink,
    runlog: RunLog | None,
    settings: Settings,
    stats: RunStats,
    stop: asyncio.Event,
    begun: _Begun,
    on_progress: Callable[[RunStats], None],
) -> None:
    tasks = await select_tasks(client, settings)
    await sink.merge_tasks(tasks)
    if settings.mode == "top":
        tasks = await _not_yet_done(tasks, runlog, begun.resume)
        stats.tasks_total = len(tasks)
        await _crawl(client, sink, tasks, settings, stats, stop, on_progress)
    else:
        stats.tasks_total = len(tasks)
        await _walk(
            client, sink, runlog, tasks, settings, stats, stop, begun.resume, begun.since_at
        )


async def _end(
    runlog: RunLog | None,
    begun: _Begun,
    status: str,
    stats: RunStats,
    error: str | None,
    elapsed: float,
) -> None:
    if runlog is not None and begun.run_id is not None:
        await _record_end(runlog, begun.run_id, status, stats, error)
    begun.log.info(
        "run_finished",
        status=status,
        elapsed_s=round(elapsed, 2),
        requests_per_s=round(stats.requests / elapsed, 2) if elapsed else None,
        failed_tasks=stats.failed_tasks,
        **stats.summary(),
    )


def _status(settings: Settings, stats: RunStats, stop: asyncio.Event) -> str:
    if stop.is_set():
        return "interrupted"
    incomplete = not stats.walk_complete if settings.mode != "top" else stats.tasks_failed > 0
    return "partial" if incomplete else "succeeded"


async def open_client(settings: Settings, stack: contextlib.AsyncExitStack) -> hub.HubClient:
    session = await stack.enter_async_context(
        hub.open_session(
            connect_timeout_s=settings.connect_timeout_s, read_timeout_s=settings.read_timeout_s
        )
    )
    return hub.HubClient(
        session,
        Gate(settings.rps, header_pacing=settings.header_pacing),
        endpoint=settings.endpoint,
        token=settings.token,
        max_tries=settings.max_tries,
        max_wait_s=settings.max_wait_s,
        backoff_base_s=settings.backoff_base_s,
        backoff_cap_s=settings.backoff_cap_s,
        max_response_bytes=settings.max_response_bytes,
    )


async def _not_yet_done(
    tasks: tuple[Task, ...], runlog: RunLog | None, resume: ResumePoint | None
) -> tuple[Task, ...]:
    """With --resume, the tasks the interrupted run (chain) has not completed yet."""
    if runlog is None or resume is None:
        return tasks
    done = await runlog.tasks_synced_since(resume.since_at)
    log.info("resuming", run=resume.run_id, tasks_done=len(done & {t.id for t in tasks}))
    return tuple(t for t in tasks if t.id not in done)


async def _walk(
    client: hub.HubClient,
    sink: Sink,
    runlog: RunLog | None,
    tasks: tuple[Task, ...],
    settings: Settings,
    stats: RunStats,
    stop: asyncio.Event,
    resume: ResumePoint | None,
    since_at: datetime,
) -> None:
    """Full-Hub mode: stream the whole listing into the models, then derive every task's
    ranking in SQL. An incremental walk stops at the last full sync's start."""
    stop_before = await runlog.last_full_sync() if runlog and settings.mode == "since" else None
    if settings.mode == "since" and stop_before is None:
        log.warning("no_full_sync_yet", action="walking the whole listing")
    queue: asyncio.Queue[QueueItem] = asyncio.Queue(maxsize=settings.queue_pages)
    writer = Writer(sink, stats, batch_size=settings.batch_size)
    walk = producer.walk_all(
        client,
        queue,
        stop,
        sort=WALK_SORT[settings.mode],
        start_url=resume.next_url if resume else None,
        stop_before=stop_before,
    )
    async with asyncio.TaskGroup() as group:
        group.create_task(writer.drain(queue), name="writer")
        group.create_task(walk, name="walker")
    if not stats.walk_complete or stop.is_set() or not isinstance(sink, PostgresSink):
        return
    # A full walk saw every listed model since `since_at`; an incremental one did not, so
    # it ranks every stored model.
    seen_since = since_at if settings.mode == "all" else EPOCH
    stats.mappings = await sink.derive_rankings(
        [t.id for t in tasks],
        limit=settings.limit_per_task,
        sort=settings.sort,
        seen_since=seen_since,
    )
    stats.tasks_ok = len(tasks)


async def select_tasks(client: hub.HubClient, settings: Settings) -> tuple[Task, ...]:
    """The tasks to crawl: `/api/tasks` (or its union with the pipeline tags), then the
    `--tasks` choice, then `--max-tasks`. An unknown `--tasks` id is a ConfigError."""
    tasks = await client.list_tasks()
    known = {t.id for t in tasks}
    wanted_elsewhere = any(t not in known for t in settings.tasks)
    if settings.task_source == "union" or wanted_elsewhere:
        extra = tuple(t for t in await client.list_pipeline_tags() if t.id not in known)
        if settings.task_source == "union":
            tasks += extra
        else:  # a named pipeline tag outside /api/tasks is allowed, marked by its source
            tasks += tuple(t for t in extra if t.id in settings.tasks)
    if settings.tasks:
        by_id = {t.id: t for t in tasks}
        unknown = [t for t in settings.tasks if t not in by_id]
        if unknown:
            raise errors.ConfigError(f"unknown task(s) on the Hub: {', '.join(unknown)}")
        tasks = tuple(by_id[t] for t in dict.fromkeys(settings.tasks))
    if settings.max_tasks is not None:
        tasks = tasks[: settings.max_tasks]
    log.info("tasks_listed", tasks=len(tasks), source=settings.task_source)
    return tasks


WALK_SORT = {"all": "createdAt", "since": "lastModified"}  # createdAt: new models cannot skip
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


async def _crawl(
    client: hub.HubClient,
    sink: Sink,
    tasks: tuple[Task, ...],
    settings: Settings,
    stats: RunStats,
    stop: asyncio.Event,
    on_progress: Callable[[RunStats], None],
) -> None:
    queue: asyncio.Queue[QueueItem] = asyncio.Queue(maxsize=settings.queue_pages)
    writer = Writer(sink, stats, batch_size=settings.batch_size, on_progress=on_progress)
    async with asyncio.TaskGroup() as group:
        group.create_task(writer.drain(queue), name="writer")
        group.create_task(
            producer.produce(
                client,
                tasks,
                queue,
                stop,
                concurrency=settings.concurrency,
                limit=settings.limit_per_task,
                sort=settings.sort,
                match=settings.match,
            ),
            name="producer",
        )


async def _open_sink(
    settings: Settings, stack: contextlib.AsyncExitStack
) -> tuple[Sink, RunLog | None]:
    if settings.dry_run is not None:
        dry = JsonLinesSink.open(settings.dry_run)
        stack.callback(dry.close)
        return dry, None
    pool = await open_database(settings, stack)
    sink = PostgresSink(pool, settings.schema, settings.match, timeout_s=settings.merge_timeout_s)
    return sink, RunLog(pool, settings.schema)


async def open_database(settings: Settings, stack: contextlib.AsyncExitStack) -> asyncpg.Pool:
    """Connect (starting the embedded server if no DSN) and migrate; closed by `stack`."""
    dsn = await asyncio.to_thread(db.dsn_for, settings)
    if settings.database_url is None:
        log.info(
            "embedded_postgres",
            data_dir=str(settings.data_dir),
            dsn=dsn,
            connect='psql "$(hf-crawl db-url)"',
            stop="hf-crawl db-stop",
        )
    pool = await db.create_pool(dsn, settings)
    stack.push_async_callback(_close_pool, pool)
    await migrate.apply(pool, settings.schema)
    return pool


async def _close_pool(pool: asyncpg.Pool) -> None:
    try:
        await asyncio.wait_for(pool.close(), timeout=5)
    except (TimeoutError, asyncpg.PostgresError, OSError):
        pool.terminate()


async def _record_end(
    runlog: RunLog, run_id: int, status: str, stats: RunStats, error: str | None
) -> None:
    async def record() -> None:
        stats.models = await runlog.models_seen(run_id)
        await runlog.update(run_id, status, stats, error)

    try:
        await asyncio.shield(record())
    except errors.DatabaseError as exc:
        log.error("run_not_recorded", run=run_id, status=status, reason=str(exc))


def _take_client_stats(source: hub.RequestStats, stats: RunStats) -> None:
    stats.requests = source.requests
    stats.retries = source.retries
    stats.rate_limited = source.rate_limited


def _first_reason(exc: BaseException) -> str:
    cause = errors.first_cause(exc)
    return " ".join(str(cause).split())[:500] or type(cause).__name__
