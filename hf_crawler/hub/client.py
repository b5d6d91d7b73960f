"""The Hub client: the task listings and the model and dataset listings, as parsed records.

It knows the Hub's API (paths, parameters); `paging` follows `Link` and learns page sizes,
and every request goes through `transport`, so callers never see HTTP.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import datetime

import aiohttp
import structlog
from yarl import URL

from hf_crawler import errors, identifiers
from hf_crawler.config.settings import Settings
from hf_crawler.entities import values
from hf_crawler.entities.entity import Entity, R, Record
from hf_crawler.hub import rate_headers, transport
from hf_crawler.hub.card_fetch import CardFetcher
from hf_crawler.hub.limiter import Clock, RateLimiter
from hf_crawler.hub.paging import Fetched, Pager
from hf_crawler.hub.transport import RequestStats
from hf_crawler.records import Page, Task

log = structlog.get_logger("hf_crawler.hub")


async def open_client(settings: Settings, stack: contextlib.AsyncExitStack) -> HubClient:
    """A client with its own session and rate limiter, closed by `stack`."""
    session = await stack.enter_async_context(transport.open_session(settings))
    return HubClient(
        session, RateLimiter(settings.rps, header_pacing=settings.header_pacing), settings
    )


class HubClient:
    """Lists tasks and pages through a task's models, politely and with retries."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        limiter: RateLimiter,
        settings: Settings,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self._transport = transport.Transport(session, limiter, settings, clock=clock)
        self._base = URL(settings.endpoint.rstrip("/"))
        self._pager = Pager(
            self._transport, self._base, include_private=settings.include_private, clock=clock
        )

    @property
    def stats(self) -> RequestStats:
        return self._transport.stats

    @property
    def last_quota(self) -> rate_headers.Quota | None:
        """The last quota the Hub reported (None before any response carried one)."""
        return self._transport.limiter.last_quota

    def expect_requests(self, requests: int) -> None:
        """How many requests the run still needs (pacing spends the Hub's window freely
        while they fit in it)."""
        self._transport.limiter.expect(requests)

    def card_fetcher(self, max_bytes: int) -> CardFetcher:
        """Cards read through this client's transport: its session, rate limiter, retries and
        request counts (the resolver's rate-limit bucket paces the limiter of a cards run)."""
        return CardFetcher(self._transport, str(self._base), max_bytes)

    def url(self, path: str, params: list[tuple[str, str]] | None = None) -> URL:
        """An endpoint URL; keeps a mirror's path prefix."""
        url = URL(f"{self._base}{path}")
        return url.with_query(params) if params else url

    async def list_tasks(self) -> tuple[Task, ...]:
        """The tasks of `/api/tasks`: a JSON object keyed by task id. An entry whose id is
        not a valid task id is skipped with a logged reason; the rest are crawled."""
        data = (await self._transport.get(self.url("/api/tasks"))).data
        if not isinstance(data, Mapping):
            raise errors.HubBadBody(str(self.url("/api/tasks")), 200, "tasks is not an object")
        return tuple(_tasks(sorted(data.items(), key=lambda kv: str(kv[0])), "api_tasks"))

    async def lookup(self, path: str, params: tuple[tuple[str, str], ...]) -> object | None:
        """`GET path` for one item (a model's details, a paper, a collection); None when the
        Hub has no such item, or no longer serves it (401, 403 or 404)."""
        try:
            answer: object = (await self._transport.get(self.url(path, list(params)))).data
        except errors.HubRejected as exc:
            if exc.status in (401, 403, 404):
                return None
            raise
        return answer

    async def list_pipeline_tags(self) -> tuple[Task, ...]:
        """Every pipeline tag the Hub knows (`/api/models-tags-by-type`), a superset of tasks."""
        url = self.url("/api/models-tags-by-type")
        data = (await self._transport.get(url)).data
        entries = data.get("pipeline_tag") if isinstance(data, Mapping) else None
        if not isinstance(entries, list):
            raise errors.HubBadBody(str(url), 200, "no pipeline_tag list in models-tags-by-type")
        by_id = {e.get("id"): e for e in entries if isinstance(e, Mapping)}
        return tuple(_tasks(sorted(by_id.items(), key=lambda kv: str(kv[0])), "pipeline_tags"))

    async def ranked_pages(
        self,
        entity: Entity[R],
        task_id: str,
        *,
        limit: int,
        sort: str = "downloads",
        match: str = "tag",
    ) -> AsyncIterator[Page[R]]:
        """Pages of a task's top `limit` repos of `entity`, ranked 1..n without gaps or
        repeats.

        `limit` is the Hub's page size, not a total: up to 1000 the top N is one request and
        its `Link` is ignored; beyond, we follow `Link` until N repos are in hand, dropping
        any the moving cursor serves twice.
        """
        by_task = entity.task_filter(task_id, match)
        size = min(limit, self._pager.page_size, entity.page_size)
        params = [*([by_task] if by_task else []), ("sort", sort), ("limit", str(size))]
        url = self.url(entity.route, params + [("expand", f) for f in entity.expand])
        async for got in self._pager.walk(url, set(), limit, entity):
            yield _page(task_id, got)

    async def listing_pages(
        self,
        entity: Entity[R],
        *,
        sort: str,
        start_url: str | None = None,
        stop_before: datetime | None = None,
    ) -> AsyncIterator[Page[R]]:
        """Every repo of `entity` on the Hub, 1000 a page, following `Link` from the start
        (or from a saved `start_url`) to the end, or to the first page reaching below
        `stop_before` (sorted by lastModified). Repeats are not tracked, so memory stays
        flat; the merge stores a repeated repo once anyway."""
        url = self._listing_start(entity, sort, start_url)
        async for got in self._pager.walk(url, None, None, entity):
            page = _page(None, got)
            yield page
            if _reached(page.records, stop_before):
                return

    def _listing_start(self, entity: Entity[R], sort: str, start_url: str | None) -> URL:
        if start_url is None:
            params = [("sort", sort), ("limit", str(self._pager.page_size))]
            return self.url(entity.route, params + [("expand", f) for f in entity.expand])
        url = URL(start_url, encoded=True)
        if url.origin() != self._base.origin():
            raise errors.HubProtocolError(start_url, None, "saved cursor is for another Hub")
        return url


def _page(task_id: str | None, got: Fetched[R]) -> Page[R]:
    p = got.parsed
    return Page(
        task_id=task_id,
        number=got.number,
        first_rank=got.first_rank,
        records=p.records,
        rejections=p.rejections,
        duplicates=p.duplicates,
        elapsed_ms=got.elapsed_ms,
        private_skipped=p.private_skipped,
        wait_ms=got.wait_ms,
        hub_ms=got.hub_ms,
        next_url=None if got.next_url is None else str(got.next_url),
    )


def _reached(records: Sequence[Record], stop_before: datetime | None) -> bool:
    """Whether a page sorted by lastModified reaches below `stop_before` (an incremental
    walk stops there)."""
    return stop_before is not None and any(
        r.last_modified is not None and r.last_modified < stop_before for r in records
    )


def _tasks(entries: list[tuple[object, object]], source: str) -> Iterator[Task]:
    """Tasks from `(id, entry)` pairs; a bad id is skipped and logged, a bad label replaced
    by the id."""
    for task_id, entry in entries:
        if not isinstance(task_id, str) or not identifiers.is_task_id(task_id):
            log.warning(
                "task_skipped",
                source=source,
                task=values.shown(task_id),
                reason="not a valid task id",
            )
            continue
        yield Task(id=task_id, label=_label(entry, task_id), source=source)


def _label(entry: object, fallback: str) -> str:
    label = entry.get("label") if isinstance(entry, Mapping) else None
    if isinstance(label, str) and label and values.storable(label):
        return label[: values.MAX_TEXT_CHARS]
    return fallback
