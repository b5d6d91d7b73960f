"""`hf-crawl embed`: a vector for every card section that has none yet for the model, from an
OpenAI-compatible embeddings endpoint, written under the writer lease. Incremental by card
hash: a text embedded once is never sent again, however many models share it."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

import structlog

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.hub import embedder
from hf_crawler.store import database as store
from hf_crawler.store import lease, vectors
from hf_crawler.store.database import Pool

log = structlog.get_logger("hf_crawler.embed")
PROBE = "dimensions"  # embedded once to learn the model's vector length


@dataclass(frozen=True, slots=True)
class EmbedJob:
    """Where to embed (`url`, `model`, an optional `key`) and how many texts a request."""

    url: str
    model: str
    key: str | None = None
    batch: int = 64
    drop: bool = False  # drop the model's vectors instead (to embed again, or another length)


@dataclass(frozen=True, slots=True)
class EmbedOutcome:
    sections: int  # embedded, or dropped with `drop`
    requests: int
    elapsed_s: float


async def run(settings: Settings, job: EmbedJob) -> EmbedOutcome:
    started = time.monotonic()
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_database(settings, stack)
        held = await store.take_writer_lease(pool, settings, stack)
        if job.drop:
            timeout_s = settings.merge_timeout_s
            dropped = await vectors.drop(
                pool, settings.schema, job.model, lease_token=held.token, timeout_s=timeout_s
            )
            log.info("vectors_dropped", model=job.model, sections=dropped)
            return EmbedOutcome(dropped, 0, round(time.monotonic() - started, 2))
        session = await stack.enter_async_context(embedder.session())
        client = embedder.Embedder(session, job.url, job.model, job.key)
        async with held.kept(settings.lease_s / 4, asyncio.Event()):
            sections, requests = await _embed_all(pool, settings, job, client, held)
    outcome = EmbedOutcome(sections, requests, round(time.monotonic() - started, 2))
    log.info(
        "embed_finished",
        model=job.model,
        sections=outcome.sections,
        requests=outcome.requests,
        elapsed_s=outcome.elapsed_s,
    )
    return outcome


async def _embed_all(
    pool: Pool,
    settings: Settings,
    job: EmbedJob,
    client: embedder.Embedder,
    held: lease.Lease,
) -> tuple[int, int]:
    schema = settings.schema
    requests = done = 0
    if not await vectors.exists(pool, schema):
        dims = len((await client.embed([PROBE]))[0])
        requests += 1
        await vectors.ensure_table(pool, settings.schema, dims)
    table_dims = await vectors.dims(pool, schema)
    while todo := await vectors.to_embed(pool, schema, job.model, job.batch):
        found = await client.embed([text for _, _, text in todo])
        requests += 1
        if found and len(found[0]) != table_dims:
            raise await _other_length(pool, schema, job.model, len(found[0]), table_dims)
        rows = [(sha, n, vector) for (sha, n, _), vector in zip(todo, found, strict=True)]
        await vectors.store(
            pool,
            schema,
            rows,
            model=job.model,
            lease_token=held.token,
            timeout_s=settings.merge_timeout_s,
        )
        done += len(todo)
        if requests % 20 == 0:
            log.info("sections_embedded", sections=done, requests=requests)
    return done, requests


async def _other_length(
    pool: Pool, schema: str, model: str, length: int, table_dims: int | None
) -> errors.ConfigError:
    """The one-line refusal of vectors of another length than the table's."""
    held = ", ".join(await vectors.models(pool, schema)) or "none"
    return errors.ConfigError(
        f"{model} gives {length}-dimension vectors and the table holds {table_dims}"
        f" (models: {held}): drop those with hf-crawl embed --drop --embed-model NAME,"
        " then embed again"
    )
