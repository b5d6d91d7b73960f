"""One writer per schema: the lease a crawl takes before it writes, renews while it runs and
releases at the end. A row, not a session lock, so it holds through a transaction pooler;
a holder that stops renewing (killed, cut off) loses it after `lease_s`."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import asyncpg
import structlog

from hf_crawler import errors
from hf_crawler.store import db, queries

log = structlog.get_logger("hf_crawler.lease")
POLL_S = 5.0  # how often --wait asks again


class Lease:
    """A held lease: its token, and the pool to renew and release it through."""

    def __init__(self, pool: asyncpg.Pool, schema: str, token: str) -> None:
        self._pool = pool
        self._q = queries.for_schema(schema)
        self.token = token
        self.lost = False

    async def bind(self, run_id: int) -> None:
        """Name the run holding the lease (what a second crawl is told)."""
        async with db.translated("binding the writer lease"), self._pool.acquire() as conn:
            await conn.execute(self._q.bind_lease, self.token, run_id)

    @contextlib.asynccontextmanager
    async def kept(self, every_s: float, stop: asyncio.Event) -> AsyncIterator[None]:
        """Keep the lease renewed while the block runs. A keeper that dies stops the run at
        once and fails it; so does a lease another crawl took over."""
        keeper = asyncio.create_task(self.keep(every_s, stop), name="lease-keeper")
        keeper.add_done_callback(lambda task: _stop_if_failed(task, stop))
        try:
            yield
        finally:
            keeper.cancel()
            await asyncio.wait([keeper])  # its end, whatever it was, is seen below
        if not keeper.cancelled() and (died := keeper.exception()) is not None:
            raise errors.LeaseLost(f"the writer lease could not be kept: {died}") from died
        if self.lost:
            raise errors.LeaseLost("another crawl took the writer lease over; this run stopped")

    async def keep(self, every_s: float, stop: asyncio.Event) -> None:
        """Renew until cancelled; if the lease was taken over, say so and ask the run to stop
        (its merges check the lease too, so nothing more is written)."""
        while True:
            await asyncio.sleep(every_s)
            if not await self.renew():
                self.lost = True
                log.error("writer_lease_lost", reason="another crawl took it over")
                stop.set()
                return

    async def renew(self) -> bool:
        """Renew once: False when another crawl holds the lease now. An unreachable database
        is logged and counts as held (the next renewal, and every merge, ask again)."""
        try:
            async with db.translated("renewing the writer lease"), self._pool.acquire() as c:
                return await c.fetchrow(self._q.renew_lease, self.token) is not None
        except errors.DatabaseUnavailable as exc:
            log.warning("writer_lease_renewal_failed", reason=str(exc))
            return True

    async def release(self) -> None:
        """Give the lease up; a failure is logged (the lease then expires on its own)."""
        try:
            async with db.translated("releasing the writer lease"), self._pool.acquire() as c:
                await c.execute(self._q.release_lease, self.token)
        except errors.DatabaseError as exc:
            log.warning("writer_lease_release_failed", reason=str(exc))


@contextlib.asynccontextmanager
async def merge_transaction(
    pool: asyncpg.Pool,
    q: queries.Queries,
    doing: str,
    *,
    lease: str | None,
    timeout_s: float,
) -> AsyncIterator[db.Connection]:
    """One merge transaction, under the statement timeout, inside the error boundary, and
    (given a lease token) only while that lease is still held: checked in the same
    transaction, so a run that lost the lease writes nothing more."""
    async with (
        db.translated(doing, errors.MergeFailed),
        pool.acquire() as conn,
        conn.transaction(),
    ):
        await conn.execute(q.set_statement_timeout, str(int(timeout_s * 1000)))
        await conn.execute(q.set_merge_memory)
        if lease is not None and await conn.fetchrow(q.renew_lease, lease) is None:
            raise errors.LeaseLost(
                f"another crawl took the writer lease over while {doing}: nothing written"
            )
        yield conn


def _stop_if_failed(task: asyncio.Task[None], stop: asyncio.Event) -> None:
    """A keeper that died leaves the run writing unrenewed: stop it at once."""
    if not task.cancelled() and task.exception() is not None:
        log.error("writer_lease_keeper_died", error=str(task.exception()))
        stop.set()


async def take(pool: asyncpg.Pool, schema: str, *, expire_s: float, wait: bool) -> Lease:
    """The lease, or WriterBusy naming the live writer; with `wait`, ask until it is free.
    Once held, every other run still marked running is closed as abandoned."""
    q = queries.for_schema(schema)
    token, holder = secrets.token_hex(16), f"{socket.gethostname()}:{os.getpid()}"
    async with db.translated("taking the writer lease"), pool.acquire() as conn:
        while True:
            live = await conn.fetchrow(q.read_lease)
            dead = live["holder"] if live is not None and holder_is_gone(live["holder"]) else None
            if await conn.fetchval(q.take_lease, token, holder, timedelta(seconds=expire_s), dead):
                closed = [r["run_id"] for r in await conn.fetch(q.close_dead_runs)]
                if closed:
                    log.warning("runs_abandoned", runs=closed, reason="no live writer held them")
                return Lease(pool, schema, token)
            if live is None:  # released between our two statements: ask again at once
                continue
            busy = errors.WriterBusy(live["run_id"], live["holder"], live["silent_s"], schema)
            if not wait:
                raise busy
            log.info("waiting_for_writer_lease", reason=str(busy), poll_s=POLL_S)
            await asyncio.sleep(POLL_S)


def holder_is_gone(holder: str) -> bool:
    """Whether `holder` (host:pid) is a process of this machine that no longer runs."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


async def refuse_if_writing(dsn: str, *, expire_s: float) -> None:
    """ServerInUse naming a live writer of any hf-crawler schema on the server at `dsn`
    (one whose lease was renewed within `expire_s` and whose process still runs)."""
    async with db.translated("reading the writer leases"):
        conn = await asyncpg.connect(dsn)
        try:
            schemas = [r["schema"] for r in await conn.fetch(queries.for_schema().lease_schemas)]
            for schema in schemas:
                live = await conn.fetchrow(queries.for_schema(schema).read_lease)
                if live is None or live["silent_s"] >= expire_s or holder_is_gone(live["holder"]):
                    continue
                raise errors.ServerInUse(live["run_id"], live["holder"], live["silent_s"], schema)
        finally:
            await conn.close()
