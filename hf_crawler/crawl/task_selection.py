"""Which tasks a run crawls: the Hub's task list (or its union with the pipeline tags),
then the user's `--tasks` choice, then `--max-tasks`."""

from __future__ import annotations

import structlog

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.hub.client import HubClient
from hf_crawler.records import Task

log = structlog.get_logger("hf_crawler.task_selection")


async def select_tasks(client: HubClient, settings: Settings) -> tuple[Task, ...]:
    """The tasks to crawl, in the Hub's (alphabetical) order; an unknown `--tasks` id is a
    ConfigError."""
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
        tasks = _chosen(tasks, settings.tasks)
    if settings.max_tasks is not None:
        tasks = tasks[: settings.max_tasks]
    log.info("tasks_listed", tasks=len(tasks), source=settings.task_source)
    return tasks


def _chosen(tasks: tuple[Task, ...], wanted: tuple[str, ...]) -> tuple[Task, ...]:
    by_id = {t.id: t for t in tasks}
    unknown = [t for t in wanted if t not in by_id]
    if unknown:
        raise errors.ConfigError(f"unknown task(s) on the Hub: {', '.join(unknown)}")
    return tuple(by_id[t] for t in dict.fromkeys(wanted))
