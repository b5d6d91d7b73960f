"""What the stages of one run share: its settings, the Hub client, the sink and run log,
the ledger of its figures and the stop flag."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Protocol

from hf_crawler.config.settings import Settings
from hf_crawler.crawl.ledger import Ledger
from hf_crawler.crawl.writer import BatchSink, Flush, Writer
from hf_crawler.entities.entity import Entity, R
from hf_crawler.entities.lookup import Found, Lookup
from hf_crawler.hub.client import HubClient
from hf_crawler.records import Task
from hf_crawler.store.entity_store import Derivation
from hf_crawler.store.runs import RunLog


class EntitySink(BatchSink[R], Protocol):
    """Where one entity's batches go, and (full-Hub mode) where its rankings are derived."""

    async def derive_rankings(self, derivation: Derivation) -> int | None:
        """Every task's ranking from the stored rows; the mappings stored, or None when the
        sink keeps no rows to rank."""


class RunSink(Protocol):
    """Where a run's data goes: Postgres, or a JSON-lines file for `--dry-run`."""

    def bind_run(self, run_id: int | None, lease: str | None = None) -> None:
        """Stamp what follows with this run (heartbeat, checkpoints, history); with a
        writer lease token, write only while the lease is held."""

    async def merge_tasks(self, tasks: tuple[Task, ...]) -> None:
        """Store the run's task list before any ranking refers to it."""

    def of(self, entity: Entity[R]) -> EntitySink[R]:
        """Where `entity`'s batches go."""

    def merged(self, entity: Entity[Any]) -> int | None:
        """Distinct rows of `entity` the run stored, when the sink knows it (else the run
        log counts them)."""

    async def vacuum(self) -> int:
        """Reclaim the row versions this sink's merges replaced; how many there were (0:
        nothing to do, or it failed and said so in the log)."""

    async def due(self, lookup: Lookup, budget: int) -> list[str]:
        """Up to `budget` ids whose per-item lookup is due, best first."""

    async def store_lookups(self, lookup: Lookup, found: list[Found], gone: list[str]) -> None:
        """Store what per-item lookups fetched, and note the ids the Hub has no page for."""


@dataclass(frozen=True, slots=True)
class RunContext:
    """One run's shared resources; built once by the pipeline, read by every stage."""

    settings: Settings
    client: HubClient
    sink: RunSink
    runlog: RunLog | None  # None for a dry run: there is no database
    ledger: Ledger
    stop: asyncio.Event

    def new_writer(self, entity: Entity[R], tasks: int, *, checkpoints: bool = False) -> Writer[R]:
        """A writer of `entity` batching as the settings say, for `tasks` tasks (0: a whole
        listing), merging into this run's sink."""
        s = self.settings
        flush = Flush(
            batch_size=s.batch_size, after_s=s.flush_after_s, tail_tasks=s.concurrency, tasks=tasks
        )
        return Writer(entity, self.sink.of(entity), self.ledger, flush, checkpoints=checkpoints)
