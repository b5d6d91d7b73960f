"""`hf-crawl status`: is the catalogue fresh? The latest run, the last success and its age,
a live run if one holds the writer lease, and where the database is. Exit 0 when the last
success is younger than `--max-age`, 1 when it is older or there is none."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.store import database as store
from hf_crawler.store import reads, storage
from hf_crawler.store.lease import holder_is_gone as lease_holder_gone
from hf_crawler.text import redact_dsn

RECENT = 5  # runs listed in the JSON form


@dataclass(frozen=True, slots=True)
class Status:
    schema: str
    database: str
    max_age_s: float
    latest: dict[str, Any] | None
    last_success: dict[str, Any] | None
    cards: dict[str, Any] | None  # the latest `hf-crawl cards` run
    recent: list[dict[str, Any]]  # the latest runs of every mode, newest first
    live: dict[str, Any] | None
    storage: storage.Storage | None  # None: the schema holds no catalogue yet

    @property
    def fresh(self) -> bool:
        return self.last_success is not None and self.last_success["age_s"] <= self.max_age_s

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "fresh": self.fresh}


async def read(settings: Settings, max_age: timedelta, budget: int | None = None) -> Status:
    """The status of the configured schema, read without writing (the embedded server is
    started if need be); a schema with no catalogue yet has never succeeded."""
    where = settings.database_url or str(settings.data_dir.resolve())
    runs: dict[str, dict[str, Any]] = {}
    recent: list[dict[str, Any]] = []
    lease, size = None, None
    async with contextlib.AsyncExitStack() as stack:
        try:
            pool = await store.open_for_reading(settings, stack)
        except errors.SchemaMissing:
            pool = None
        if pool is not None:
            read = await reads.status(pool, settings.schema, recent=RECENT, budget=budget)
            runs = {kind: _plain(row) for kind, row in read.runs.items()}
            recent = [_plain(row) for row in read.recent]
            lease, size = read.lease, read.storage
    live = None
    if lease is not None and lease["silent_s"] < settings.lease_s:
        # A holder of this machine that no longer runs holds nothing: the next crawl takes
        # the lease over at once. Of another machine's, only its silence can be told.
        live = {**_plain(dict(lease)), "gone": lease_holder_gone(lease["holder"])}
    for run in (runs.get("latest"), runs.get("cards")):
        if run is not None and run["status"] == "running":
            # No live lease bound to it: its process was killed, or lost the database.
            run["writer_gone"] = live is None or live["gone"] or live["run_id"] != run["run_id"]
    return Status(
        schema=settings.schema,
        database=redact_dsn(where),
        max_age_s=max_age.total_seconds(),
        latest=runs.get("latest"),
        last_success=runs.get("last_success"),
        cards=runs.get("cards"),
        recent=recent,
        live=live,
        storage=size,
    )


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("kind", None)
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


def render(status: Status) -> str:
    """A few lines for a person or a log."""
    verdict = "fresh" if status.fresh else "STALE" if status.last_success else "NEVER SUCCEEDED"
    lines = [f"{verdict}: schema {status.schema} in {status.database}"]
    if status.last_success:
        s = status.last_success
        lines.append(
            f"  last success: run {s['run_id']}, finished {s['finished_at']} "
            f"({_age(s['age_s'])} ago; --max-age {_age(status.max_age_s)})"
        )
    if status.latest:
        r = status.latest
        lines.append(f"  latest run:   {_run_line(r)}")
    if status.cards:
        lines.append(f"  latest cards: {_run_line(status.cards)}")
    if status.live:
        lines.append(_live_line(status.live))
    if status.storage is None:
        lines.append(f"  storage:      schema {status.schema} holds no catalogue yet")
    else:
        lines.append(f"  storage:      {status.storage.describe(status.schema)}")
    return "\n".join(lines)


def _run_line(run: dict[str, Any]) -> str:
    failed = f", failed while {run['failed_phase']}" if run["failed_phase"] else ""
    state = "running (writer gone)" if run.get("writer_gone") else run["status"]
    return f"run {run['run_id']}, {state}{failed}, started {run['started_at']}"


def _live_line(live: dict[str, Any]) -> str:
    where = f"run {live['run_id']} on {live['holder']}"
    if live["gone"]:
        return f"  writer lease: {where}, a process that is gone (a crawl takes the lease over)"
    return f"  running now:  {where} (last heard from {live['silent_s']:.0f} s ago)"


def _age(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"


def check(settings: Settings, max_age: timedelta, budget: int | None = None) -> Status:
    """`read`, run to completion (the command's entry point)."""
    return asyncio.run(read(settings, max_age, budget))
