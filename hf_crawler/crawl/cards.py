"""`hf-crawl cards`: the card (README.md) of every ranked model (and, as `repos` selects,
every ranked dataset), fetched through the Hub's file resolver, and only when it never was
or the repository's commit moved since. Built from the
crawl's pieces: its Hub client (one gate, paced here by the `resolvers` bucket), a bounded
queue, its merge lane (COPY + merge in the background, one at a time), the writer lease
checked in every merge's transaction, and its end-of-run record."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import structlog

from hf_crawler.config.settings import Settings
from hf_crawler.crawl import card_parsing
from hf_crawler.crawl.card_parsing import CardParser
from hf_crawler.crawl.cards_plan import CardsPlan, CardsProgress, report
from hf_crawler.crawl.merge_lane import MergeLane
from hf_crawler.crawl.run_end import Watch, record_end, watching
from hf_crawler.hub.card_fetch import Card, CardFetcher
from hf_crawler.hub.client import HubClient, open_client
from hf_crawler.records import End
from hf_crawler.stats import RunStats
from hf_crawler.store import card_store, lease
from hf_crawler.store import database as store
from hf_crawler.store.database import Pool
from hf_crawler.store.runs import RunLog

log = structlog.get_logger("hf_crawler.cards")
BATCH = 500  # cards a merge transaction
CardQueue = asyncio.Queue[Card | End]  # End.END: every fetcher is done
Todo = tuple[str, str | None, str]  # a repository's id, its commit as listed, its kind


@dataclass(slots=True)
class CardsOutcome:
    """What a cards run did: its plan, cards by status, requests sent, how it ended."""

    plan: CardsPlan
    by_status: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    elapsed_s: float = 0.0
    status: str = "succeeded"
    run_id: int | None = None
    # Texts parsed that huggingface_hub refuses in part: front matter, model-index.
    refused: Counter[str] = field(default_factory=Counter)

    @property
    def to_fetch(self) -> int:
        return self.plan.cards


@dataclass(frozen=True, slots=True)
class CardsJob:
    """What to fetch: `models` ranked or all (`top`: the first N of each task's ranking);
    `refresh` all again; or those read before `since`."""

    models: str = "ranked"
    max_bytes: int = 2 * 1024 * 1024
    refresh: bool = False
    since: timedelta | None = None
    dry_run: bool = False
    top: int | None = None


async def run(
    settings: Settings,
    job: CardsJob,
    stop: asyncio.Event,
    *,
    on_progress: Callable[[CardsProgress], None] = lambda _: None,
) -> CardsOutcome:
    """Fetch and store the cards `job` selects, as a run of the run log (mode `cards`) that
    holds the writer lease; raises CrawlerError on failure."""
    started = time.monotonic()
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_database(settings, stack)
        todo = await _todo(pool, settings, job)
        client = await open_client(settings, stack)
        first = await _first_card(client, job, todo)
        outcome = _planned(settings, todo, client)
        if job.dry_run or not (todo or await card_parsing.any_unparsed(pool, settings)):
            return outcome
        runlog, held = await _started(stack, pool, settings, job, outcome)
        work = _Work(
            fetcher=client.card_fetcher(job.max_bytes),
            client=client,
            pool=pool,
            settings=settings,
            lease_token=held.token,
            outcome=outcome,
            progress=CardsProgress(outcome.to_fetch),
        )
        await _run_recorded(work, runlog, held, (first, todo[1:]), stop, on_progress)
    outcome.elapsed_s = round(time.monotonic() - started, 2)
    log.info(
        "cards_finished",
        run=outcome.run_id,
        status=outcome.status,
        to_fetch=outcome.to_fetch,
        requests=outcome.requests,
        elapsed_s=outcome.elapsed_s,
        **dict(outcome.by_status),
        **dict(outcome.refused),
    )
    return outcome


async def _first_card(client: HubClient, job: CardsJob, todo: list[Todo]) -> Card | None:
    """The first card, fetched before the plan: its answer carries the resolver's quota
    (`RateLimit-Policy`), which the plan reads instead of assuming the documented tier."""
    if not todo:
        return None
    repo_id, sha, kind = todo[0]
    return await client.card_fetcher(job.max_bytes).fetch(repo_id, sha, kind)


def _planned(settings: Settings, todo: list[Todo], client: HubClient) -> CardsOutcome:
    """The plan: what the cards cost at --rps under the resolver's quota."""
    plan = CardsPlan(
        cards=len(todo),
        rps=settings.rps,
        signed_in=settings.token is not None,
        advertised=client.last_quota,
    )
    client.expect_requests(max(0, len(todo) - 1))  # the first card is in hand
    log.info(
        "cards_plan",
        cards=plan.cards,
        requests=plan.requests,
        resolver_quota=plan.quota,
        quota_source=plan.quota_source,
        expected_s=round(plan.expected_s),
    )
    return CardsOutcome(plan)


async def _started(
    stack: contextlib.AsyncExitStack,
    pool: Pool,
    settings: Settings,
    job: CardsJob,
    outcome: CardsOutcome,
) -> tuple[RunLog, lease.Lease]:
    """The writer lease taken, the run row written and bound to it."""
    held = await store.take_writer_lease(pool, settings, stack)
    runlog = RunLog(pool, settings.schema)
    outcome.run_id, _ = await runlog.start(_parameters(settings, job), mode="cards")
    await held.bind(outcome.run_id)
    return runlog, held


@dataclass(frozen=True, slots=True)
class _Work:
    """What the fetchers and the writer of one cards run share."""

    fetcher: CardFetcher
    client: HubClient
    pool: Pool
    settings: Settings
    lease_token: str
    outcome: CardsOutcome
    progress: CardsProgress
    parser: CardParser = field(default_factory=CardParser)


async def _run_recorded(  # noqa: PLR0913  # the run's parts, each a distinct object the caller owns
    work: _Work,
    runlog: RunLog,
    held: lease.Lease,
    todo: tuple[Card | None, list[Todo]],
    stop: asyncio.Event,
    on_progress: Callable[[CardsProgress], None],
) -> None:
    """The fetching and storing (`todo`: the card in hand, if any, and those to fetch), with
    the lease kept, and the run's end recorded however it ends (a first Ctrl-C stops
    fetching and stores what was fetched)."""
    outcome, watch = work.outcome, Watch()
    try:
        with watching(watch):
            async with held.kept(work.settings.lease_s / 4, stop):
                await card_parsing.parse_stored_texts(work.pool, work.settings, work.lease_token)
                await _fetch_and_store(work, todo, stop, on_progress)
                await card_parsing.refresh_terms(work.pool, work.settings, work.lease_token)
            failed = outcome.by_status["error"]
            watch.status = "interrupted" if stop.is_set() else "partial" if failed else "succeeded"
    finally:
        outcome.status = watch.status
        outcome.refused.update(work.parser.counts)
        sent = work.client.stats
        stats = RunStats(
            requests=sent.requests,
            retries=sent.retries,
            rate_limited=sent.rate_limited,
            models=work.progress.stored,
        )
        outcome.requests = stats.requests
        assert outcome.run_id is not None  # noqa: S101  # started above
        await record_end(runlog, outcome.run_id, watch.ending, stats)


def _parameters(settings: Settings, job: CardsJob) -> dict[str, object]:
    since = job.since.total_seconds() if job.since else None
    cards = {
        "models": job.models,
        "top": job.top,
        "refresh": job.refresh,
        "since_s": since,
        "max_bytes": job.max_bytes,
    }
    return {**settings.public(), "cards": cards}


async def _todo(pool: Pool, settings: Settings, job: CardsJob) -> list[Todo]:
    """The models' cards to fetch, then the datasets', as `repos` selects them."""
    before = datetime.now(UTC) - job.since if job.since else datetime(1, 1, 2, tzinfo=UTC)
    wanted = card_store.Wanted(job.models, job.refresh, before, job.top)
    return await card_store.to_fetch(pool, settings.schema, wanted, settings.repos)


async def _fetch_and_store(
    work: _Work,
    todo: tuple[Card | None, list[Todo]],
    stop: asyncio.Event,
    on_progress: Callable[[CardsProgress], None],
) -> None:
    first, rest = todo
    queue: CardQueue = asyncio.Queue(maxsize=BATCH * 2)
    if first is not None:
        queue.put_nowait(first)
    concurrency = work.settings.concurrency
    reporter = asyncio.create_task(report(work.progress, on_progress), name="cards-progress")
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(_produce(work.fetcher, rest, queue, concurrency, stop), name="cards")
            group.create_task(_write(work, queue, on_progress), name="card-writer")
    finally:
        reporter.cancel()
        await asyncio.wait([reporter])


async def _produce(
    fetcher: CardFetcher,
    todo: list[Todo],
    queue: CardQueue,
    concurrency: int,
    stop: asyncio.Event,
) -> None:
    """`concurrency` fetchers take the models in turn from one iterator, so memory stays
    flat however many cards there are (a task per model would hold them all at once). A
    stop ends them after the card each has in hand, which is stored."""
    models = iter(todo)

    async def fetch_in_turn() -> None:
        for repo_id, sha, kind in models:
            if stop.is_set():
                return
            await queue.put(await fetcher.fetch(repo_id, sha, kind))

    async with asyncio.TaskGroup() as group:
        for n in range(concurrency):
            group.create_task(fetch_in_turn(), name=f"card-fetcher:{n}")
    await queue.put(End.END)


async def _write(
    work: _Work, queue: CardQueue, on_progress: Callable[[CardsProgress], None]
) -> None:
    """Batches of BATCH cards, each merged while the next is gathered."""
    schema, batch = work.settings.schema, []
    async with MergeLane() as lane:
        while isinstance(card := await lane.next_item(queue), Card):
            batch.append(card)
            work.outcome.by_status[card.status] += 1
            work.progress.fetched += 1
            if len(batch) >= BATCH:
                await lane.submit(_stored(work, schema, batch, on_progress))
                batch = []
        if batch:
            await lane.submit(_stored(work, schema, batch, on_progress))
        await lane.settle()


async def _stored(
    work: _Work,
    schema: str,
    cards: list[Card],
    on_progress: Callable[[CardsProgress], None],
) -> None:
    await card_store.merge_cards(
        work.pool,
        schema,
        work.parser.rows(cards),
        lease_token=work.lease_token,
        timeout_s=work.settings.merge_timeout_s,
    )
    progress = work.progress
    progress.stored += len(cards)
    on_progress(progress)
    left = None if progress.left_s is None else round(progress.left_s)
    log.info(
        "cards_merged",
        cards=len(cards),
        stored=progress.stored,
        to_fetch=progress.to_fetch,
        per_s=round(progress.rate, 2),
        left_s=left,
    )
