"""The Postgres sink of a run: the task list, and each entity's batches merged by its
`EntityStore` (COPY into staging tables, one transaction each, retried when the connection
is lost: a merge is idempotent)."""

from __future__ import annotations

from typing import Any

import asyncpg
import structlog

from hf_crawler import errors
from hf_crawler.entities.catalogue import ENTITIES
from hf_crawler.entities.entity import Entity, R
from hf_crawler.entities.lookup import Found, Lookup
from hf_crawler.records import Task
from hf_crawler.store import db, lookups, queries
from hf_crawler.store.entity_store import EntityStore, retrying

log = structlog.get_logger("hf_crawler.loader")


def _match_of(entity: Entity[Any], match: str) -> str:
    """How the entity's ranked rows are found: models by the run's `--match`, datasets by
    their task tag, an entity with lists of its own by its place in the sorted listing."""
    if entity.first:
        return match
    return "sort" if entity.lists else "tag"


class PostgresSink:
    """Merges a run's batches into `<schema>`: its task list, and each entity's rows and
    rankings through that entity's store."""

    def __init__(  # noqa: PLR0913  # keyword-only tuning knobs with defaults
        self,
        pool: asyncpg.Pool,
        schema: str,
        match: str,
        *,
        timeout_s: float,
        max_tries: int = 5,
        retry_base_s: float = 1.0,
        stamp_seen: bool = False,
    ) -> None:
        self._pool = pool
        self._schema, self._timeout_s = schema, timeout_s
        self._lease: str | None = None
        self._stamp_seen = stamp_seen  # a full walk stamps every row it lists as seen
        self._q = queries.for_schema(schema)
        self._merge_tasks = retrying(max_tries, retry_base_s)(self._merge_tasks_once)
        self._stores: dict[str, EntityStore[Any]] = {
            entity.name: EntityStore(
                pool,
                schema,
                entity,
                match=_match_of(entity, match),
                timeout_s=timeout_s,
                # a walk's entities; one with lists of its own is read ranked in every mode
                stamp_seen=stamp_seen and not entity.lists,
                max_tries=max_tries,
                retry_base_s=retry_base_s,
            )
            for entity in ENTITIES
        }

    def bind_run(self, run_id: int | None, lease: str | None = None) -> None:
        """Stamp later merges with this run (heartbeat, checkpoint, history), and make each
        merge check the run still holds the writer lease."""
        self._lease = lease
        for store in self._stores.values():
            store.bind_run(run_id, lease)

    def of(self, entity: Entity[R]) -> EntityStore[R]:
        """The store of `entity`'s rows and rankings."""
        store: EntityStore[R] = self._stores[entity.name]
        return store

    def merged(self, entity: Entity[Any]) -> int | None:
        """Distinct rows of `entity` this run merged; None in a full walk, whose count is
        what it stamped as seen (the run log counts that)."""
        store = self._stores[entity.name]
        return None if store.walked else store.merged

    async def merge_tasks(self, tasks: tuple[Task, ...]) -> None:
        """Upsert the run's task list (labels, source) before any ranking refers to it."""
        await self._merge_tasks(tasks)

    async def _merge_tasks_once(self, tasks: tuple[Task, ...]) -> None:
        ids, labels, sources = (
            [t.id for t in tasks],
            [t.label for t in tasks],
            [t.source for t in tasks],
        )
        async with db.translated("merging tasks", errors.MergeFailed), self._pool.acquire() as conn:
            await conn.execute(self._q.merge_tasks, ids, labels, sources)

    async def due(self, lookup: Lookup, budget: int) -> list[str]:
        """Up to `budget` ids whose per-item lookup is due, best first."""
        return await lookups.due(self._pool, self._schema, lookup, budget)

    async def store_lookups(self, lookup: Lookup, found: list[Found], gone: list[str]) -> None:
        """What per-item lookups fetched, while the run holds the writer lease."""
        await lookups.store(
            self._pool,
            self._schema,
            lookup,
            found,
            gone,
            lease_token=self._lease,
            timeout_s=self._timeout_s,
        )

    async def vacuum(self) -> int:
        """Vacuum the models and mappings when merges replaced row versions: on a daily
        schedule autovacuum gets there first, but runs closer together (or a starved
        autovacuum) would let each run's replaced versions pile up at the tables' end. A
        failure is logged, not raised: the data stored is whole either way."""
        models = self._stores["models"]
        replaced, models.replaced = models.replaced, 0
        if not replaced:
            return 0
        try:
            async with db.translated("vacuuming"), self._pool.acquire() as conn:
                await conn.execute(self._q.vacuum_hot_tables)
        except errors.DatabaseError as exc:
            log.warning("vacuum_failed", reason=str(exc))
            return 0
        log.info("tables_vacuumed", rows_replaced=replaced)
        return replaced
