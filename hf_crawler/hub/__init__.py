"""The Hub client: the task listings and the model listings, as parsed records.

It knows the Hub's API (paths, parameters, `Link` pagination, page sizes); every request
goes through `transport`, so callers never see HTTP.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

import aiohttp
import structlog
from yarl import URL

from hf_crawler import errors, identifiers
from hf_crawler.config.settings import Settings
from hf_crawler.hub import field_values, parse, ratelimit, transport
from hf_crawler.hub.card_fetch import CardFetcher
from hf_crawler.hub.pacing import Clock, Gate
from hf_crawler.hub.page_parse import ParsedPage, parse_page
from hf_crawler.hub.transport import RequestStats
from hf_crawler.records import ListingPage, Page, Task

log = structlog.get_logger("hf_crawler.hub")

# The largest page the Hub serves: `limit` above 1000 gives 1000 rows (a page size, not a
# total; huggingface_hub stops its own paging by count, `itertools.islice` in `list_models`).
MAX_PAGE_SIZE = 1000
# Only the fields we store; `expand` makes the Hub send exactly these plus `_id` and `id`
# (the allowed values are listed in huggingface_hub's `HfApi.list_models` docstring).
EXPAND = (
    "author",
    "cardData",
    "createdAt",
    "downloads",
    "downloadsAllTime",
    "gated",
    "lastModified",
    "library_name",
    "likes",
    "pipeline_tag",
    "private",
    "sha",
    "tags",
    "trendingScore",
)
# A page that times out or answers 504 after every retry is asked again at half the size,
# down to this (heavy listings time out: huggingface_hub issue #2460).
MIN_PAGE_SIZE = 100
MATCH_PARAM = {"tag": "filter", "pipeline": "pipeline_tag"}


@dataclass(frozen=True, slots=True)
class _Fetched:
    """One page as read, before it is told apart as a task page or a listing page."""

    number: int
    first_rank: int
    parsed: ParsedPage
    elapsed_ms: float
    next_url: URL | None
    wait_ms: float  # queued for a request slot and the gate
    hub_ms: float  # the Hub's latency


async def open_client(settings: Settings, stack: contextlib.AsyncExitStack) -> HubClient:
    """A client with its own session and gate, closed by `stack`."""
    session = await stack.enter_async_context(transport.open_session(settings))
    return HubClient(session, Gate(settings.rps, header_pacing=settings.header_pacing), settings)


class HubClient:
    """Lists tasks and pages through a task's models, politely and with retries."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        gate: Gate,
        settings: Settings,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self._transport = transport.Transport(session, gate, settings, clock=clock)
        self._base = URL(settings.endpoint.rstrip("/"))
        self._include_private = settings.include_private
        self._clock = clock
        self._rewrote_links_from: set[str] = set()
        # A page size the Hub answered too slowly at is halved, and every later request of
        # the run starts from the smaller size rather than learn it again.
        self._page_size = MAX_PAGE_SIZE

    @property
    def stats(self) -> RequestStats:
        return self._transport.stats

    @property
    def gate_quota(self) -> ratelimit.Quota | None:
        """The last quota the Hub reported (None before any response carried one)."""
        return self._transport.gate.last_quota

    def card_fetcher(self, max_bytes: int) -> CardFetcher:
        """Cards read through this client's transport: its session, gate, retries and
        request counts (the resolver's rate-limit bucket paces the gate of a cards run)."""
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

    async def list_pipeline_tags(self) -> tuple[Task, ...]:
        """Every pipeline tag the Hub knows (`/api/models-tags-by-type`), a superset of tasks."""
        url = self.url("/api/models-tags-by-type")
        data = (await self._transport.get(url)).data
        entries = data.get("pipeline_tag") if isinstance(data, Mapping) else None
        if not isinstance(entries, list):
            raise errors.HubBadBody(str(url), 200, "no pipeline_tag list in models-tags-by-type")
        by_id = {e.get("id"): e for e in entries if isinstance(e, Mapping)}
        return tuple(_tasks(sorted(by_id.items(), key=lambda kv: str(kv[0])), "pipeline_tags"))

    async def task_pages(
        self, task_id: str, *, limit: int, sort: str = "downloads", match: str = "tag"
    ) -> AsyncIterator[Page]:
        """Pages of a task's top `limit` models, ranked 1..n without gaps or repeats.

        `limit` is the Hub's page size, not a total: up to 1000 the top N is one request and
        its `Link` is ignored; beyond, we follow `Link` until N models are in hand, dropping
        any model the moving cursor serves twice.
        """
        params = [(MATCH_PARAM[match], task_id), ("sort", sort)]
        params += [("limit", str(min(limit, self._page_size)))] + [("expand", f) for f in EXPAND]
        url = self.url("/api/models", params)
        async for got in self._walk(url, set(), limit):
            p = got.parsed
            yield Page(
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
            )

    async def listing_pages(
        self, *, sort: str, start_url: str | None = None, stop_before: datetime | None = None
    ) -> AsyncIterator[ListingPage]:
        """Every model on the Hub, 1000 a page, following `Link` from the start (or from a
        saved `start_url`) to the end, or to the first page reaching below `stop_before`
        (sorted by lastModified). Repeats are not tracked, so memory stays flat; the merge
        stores a repeated model once anyway."""
        url = self._listing_start(sort, start_url)
        async for got in self._walk(url, None, None):
            p, next_url = got.parsed, None if got.next_url is None else str(got.next_url)
            yield ListingPage(
                number=got.number,
                records=p.records,
                rejections=p.rejections,
                elapsed_ms=got.elapsed_ms,
                next_url=next_url,
                private_skipped=p.private_skipped,
                wait_ms=got.wait_ms,
                hub_ms=got.hub_ms,
            )
            if stop_before is not None and any(
                r.last_modified is not None and r.last_modified < stop_before for r in p.records
            ):
                return

    def _listing_start(self, sort: str, start_url: str | None) -> URL:
        if start_url is None:
            params = [("sort", sort), ("limit", str(self._page_size))]
            return self.url("/api/models", params + [("expand", f) for f in EXPAND])
        url = URL(start_url, encoded=True)
        if url.origin() != self._base.origin():
            raise errors.HubProtocolError(start_url, None, "saved cursor is for another Hub")
        return url

    async def _walk(
        self, url: URL | None, seen: set[str] | None, limit: int | None
    ) -> AsyncIterator[_Fetched]:
        """Pages from `url` on, following `Link` until `limit` records are in hand (or to
        the end); `seen` drops repeats."""
        visited: set[str] = set()
        rank, number = 1, 0
        while url is not None:
            visited.add(str(url))
            started = self._clock()
            response = await self._get_page(url)
            if response is None:  # too heavy: the same page again, half the size
                size = min(self._page_size, _page_size(url) or MAX_PAGE_SIZE)
                self._page_size = max(MIN_PAGE_SIZE, size // 2)
                url = self._sized(url)
                continue
            number += 1
            room = None if limit is None else limit - rank + 1
            parsed = await parse_page(response, seen, room, str(url), self._include_private)
            rank += len(parsed.records)
            filled = limit is not None and rank > limit
            url = None if filled else self._follow(response.next_url, visited)
            yield _Fetched(
                number=number,
                first_rank=rank - len(parsed.records),
                parsed=parsed,
                elapsed_ms=round((self._clock() - started) * 1000, 1),
                next_url=url,
                wait_ms=round(response.wait_s * 1000, 1),
                hub_ms=round(response.hub_s * 1000, 1),
            )

    async def _get_page(self, url: URL) -> transport.HubResponse | None:
        """The page, or None when it timed out or answered 504 after every retry and a
        smaller page can still be asked for."""
        try:
            return await self._transport.get(url, prepare=self._sized)
        except errors.HubUnavailable as exc:
            heavy = isinstance(exc, errors.HubTimeout) or exc.status == 504
            size = _page_size(self._sized(url))
            if not heavy or size is None or size <= MIN_PAGE_SIZE:
                raise
            log.warning(
                "page_size_reduced",
                url=str(url),
                reason=exc.reason,
                status=exc.status,
                limit=max(MIN_PAGE_SIZE, size // 2),
            )
            return None

    def _sized(self, url: URL) -> URL:
        """`url` asking for no more than the page size learned so far this run."""
        size = _page_size(url)
        if size is None or size <= self._page_size:
            return url
        return url.update_query(limit=str(self._page_size))

    def _follow(self, next_url: URL | None, visited: set[str]) -> URL | None:
        if next_url is None:
            return None
        if next_url.origin() != self._base.origin():
            next_url = self._on_our_endpoint(next_url)
        if str(next_url) in visited:
            raise errors.HubProtocolError(str(next_url), 200, "Link loops to a page already read")
        return next_url

    def _on_our_endpoint(self, link: URL) -> URL:
        """A `Link` naming another host (a mirror passing the upstream's header through):
        its path and query on the configured endpoint, so the token never leaves it."""
        if link.host not in self._rewrote_links_from:
            self._rewrote_links_from.add(str(link.host))
            log.info("link_rewritten", link_host=link.host, endpoint_host=self._base.host)
        prefix = self._base.raw_path.rstrip("/")
        path = link.raw_path if link.raw_path.startswith(prefix + "/") else prefix + link.raw_path
        query = f"?{link.raw_query_string}" if link.raw_query_string else ""
        return URL(f"{self._base.with_path(path, encoded=True)}{query}", encoded=True)


def _page_size(url: URL) -> int | None:
    value = url.query.get("limit")
    return int(value) if value is not None and value.isdigit() else None


def _tasks(entries: list[tuple[object, object]], source: str) -> Iterator[Task]:
    """Tasks from `(id, entry)` pairs; a bad id is skipped and logged, a bad label replaced
    by the id."""
    for task_id, entry in entries:
        if not isinstance(task_id, str) or not identifiers.is_task_id(task_id):
            log.warning(
                "task_skipped",
                source=source,
                task=parse.shown(task_id),
                reason="not a valid task id",
            )
            continue
        yield Task(id=task_id, label=_label(entry, task_id), source=source)


def _label(entry: object, fallback: str) -> str:
    label = entry.get("label") if isinstance(entry, Mapping) else None
    if isinstance(label, str) and label and parse.storable(label):
        return label[: field_values.MAX_TEXT_CHARS]
    return fallback
