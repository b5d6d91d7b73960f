"""`hf-crawl cards`: the card (README.md) of every ranked model, fetched through the Hub's
file resolver in the crawl's shape (fetchers behind one gate paced by the `resolvers`
bucket, a bounded queue, a batch writer with COPY + merge), and only when it never was or
the model's commit moved since."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import asyncpg
import structlog

from hf_crawler import db, errors, lease, queries, store, transport
from hf_crawler.card_fetch import Card, CardFetcher
from hf_crawler.pacing import Gate
from hf_crawler.settings import Settings

log = structlog.get_logger("hf_crawler.cards")
STAGE_COLUMNS = ("model_id", "revision", "card_sha256", "status", "bytes", "text")
BATCH = 500  # cards a merge transaction
Done = None  # the fetchers' end marker in the queue


@dataclass(slots=True)
class CardsOutcome:
    """What a cards run did: cards by status, requests sent, how long it took."""

    to_fetch: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    elapsed_s: float = 0.0


@dataclass(frozen=True, slots=True)
class CardsJob:
    """What to fetch: `models` ranked or all; `refresh` all again; or those read before `since`."""

    models: str = "ranked"
    max_bytes: int = 2 * 1024 * 1024
    refresh: bool = False
    since: timedelta | None = None
    dry_run: bool = False


async def run(settings: Settings, job: CardsJob, stop: asyncio.Event) -> CardsOutcome:
    """Fetch and store the cards `job` selects; raises CrawlerError on failure."""
    started, outcome = time.monotonic(), CardsOutcome()
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_database(settings, stack)
        todo = await _todo(pool, settings.schema, job)
        outcome.to_fetch = len(todo)
        if job.dry_run or not todo:
            return outcome
        held = await lease.take(
            pool, settings.schema, expire_s=settings.lease_s, wait=settings.wait
        )
        stack.push_async_callback(held.release)
        session = await stack.enter_async_context(transport.open_session(settings))
        client = transport.Transport(session, Gate(settings.rps), settings)
        fetcher = CardFetcher(client, settings.endpoint, job.max_bytes)
        await _fetch_and_store(fetcher, pool, settings, todo, outcome, stop)
        outcome.requests = client.stats.requests
    outcome.elapsed_s = round(time.monotonic() - started, 2)
    log.info("cards_finished", to_fetch=outcome.to_fetch, requests=outcome.requests,
             elapsed_s=outcome.elapsed_s, **dict(outcome.by_status))  # fmt: skip
    return outcome


async def _todo(pool: asyncpg.Pool, schema: str, job: CardsJob) -> list[tuple[str, str | None]]:
    q = queries.for_schema(schema)
    before = datetime.now(UTC) - job.since if job.since else datetime(1, 1, 2, tzinfo=UTC)
    async with db.translated("choosing the cards to fetch"), pool.acquire() as conn:
        rows = await conn.fetch(q.cards_to_fetch, job.models, job.refresh, before)
    return [(r["model_id"], r["sha"]) for r in rows]


async def _fetch_and_store(
    fetcher: CardFetcher,
    pool: asyncpg.Pool,
    settings: Settings,
    todo: list[tuple[str, str | None]],
    outcome: CardsOutcome,
    stop: asyncio.Event,
) -> None:
    queue: asyncio.Queue[Card | None] = asyncio.Queue(maxsize=BATCH * 2)
    async with asyncio.TaskGroup() as group:
        group.create_task(_produce(fetcher, todo, queue, settings.concurrency, stop), name="cards")
        group.create_task(_write(pool, settings, queue, outcome), name="card-writer")


async def _produce(
    fetcher: CardFetcher,
    todo: list[tuple[str, str | None]],
    queue: asyncio.Queue[Card | None],
    concurrency: int,
    stop: asyncio.Event,
) -> None:
    """`concurrency` fetchers take the models in turn from one iterator, so memory stays
    flat however many cards there are (a task per model would hold them all at once)."""
    models = iter(todo)

    async def fetch_in_turn() -> None:
        for model_id, sha in models:
            if stop.is_set():
                return
            await queue.put(await fetcher.fetch(model_id, sha))

    async with asyncio.TaskGroup() as group:
        for n in range(concurrency):
            group.create_task(fetch_in_turn(), name=f"card-fetcher:{n}")
    await queue.put(Done)


async def _write(
    pool: asyncpg.Pool, settings: Settings, queue: asyncio.Queue[Card | None], outcome: CardsOutcome
) -> None:
    q, batch = queries.for_schema(settings.schema), []
    while (card := await queue.get()) is not Done:
        batch.append(card)
        outcome.by_status[card.status] += 1
        if len(batch) >= BATCH:
            await _merge(pool, q, batch)
            batch = []
    if batch:
        await _merge(pool, q, batch)


async def _merge(pool: asyncpg.Pool, q: queries.Queries, cards: list[Card]) -> None:
    """COPY the cards into staging, then each distinct text once and a row per model."""
    rows = [(c.model_id, c.revision, c.card_sha256, c.status, c.bytes, c.text) for c in cards]
    async with (
        db.translated("merging cards", errors.MergeFailed),
        pool.acquire() as conn,
        conn.transaction(),
    ):
        await conn.execute(q.create_stage_cards)
        await conn.copy_records_to_table("stage_cards", records=rows, columns=STAGE_COLUMNS)
        await conn.execute(q.merge_card_texts)
        await conn.execute(q.merge_model_cards)
        await conn.execute(q.record_card_history)
    log.info("cards_merged", cards=len(cards))
