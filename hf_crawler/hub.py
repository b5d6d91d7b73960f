"""The Hub client: the task listings and the model listings, as parsed records.

It knows the Hub's API (paths, parameters, `Link` pagination, page sizes); every request
goes through `transport`, so callers never see HTTP.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime

import aiohttp
from yarl import URL

from hf_crawler import errors, parse, ratelimit, transport
from hf_crawler.pacing import Clock, Gate
from hf_crawler.records import ListingPage, ModelRecord, Page, Rejection, Task
from hf_crawler.settings import Settings
from hf_crawler.transport import RequestStats

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
    "tags",
    "trendingScore",
)
MATCH_PARAM = {"tag": "filter", "pipeline": "pipeline_tag"}


@dataclass(frozen=True, slots=True)
class _Fetched:
    """One page as read, before it is told apart as a task page or a listing page."""

    number: int
    first_rank: int
    records: tuple[ModelRecord, ...]
    rejections: tuple[Rejection, ...]
    duplicates: int
    elapsed_ms: float
    next_url: URL | None


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
        self._transport = transport.Transport(session, gate, settings)
        self._base = URL(settings.endpoint.rstrip("/"))
        self._clock = clock

    @property
    def stats(self) -> RequestStats:
        return self._transport.stats

    @property
    def gate_quota(self) -> ratelimit.Quota | None:
        """The last quota the Hub reported (None before any response carried one)."""
        return self._transport.gate.last_quota

    def url(self, path: str, params: list[tuple[str, str]] | None = None) -> URL:
        """An endpoint URL; keeps a mirror's path prefix."""
        url = URL(f"{self._base}{path}")
        return url.with_query(params) if params else url

    async def list_tasks(self) -> tuple[Task, ...]:
        """The tasks of `/api/tasks`: a JSON object keyed by task id."""
        data = (await self._transport.get(self.url("/api/tasks"))).data
        if not isinstance(data, Mapping):
            raise errors.HubBadBody(str(self.url("/api/tasks")), 200, "tasks is not an object")
        return tuple(
            Task(task_id, _label(entry, task_id), "api_tasks")
            for task_id, entry in sorted(data.items())
            if isinstance(task_id, str) and task_id
        )

    async def list_pipeline_tags(self) -> tuple[Task, ...]:
        """Every pipeline tag the Hub knows (`/api/models-tags-by-type`), a superset of tasks."""
        url = self.url("/api/models-tags-by-type")
        data = (await self._transport.get(url)).data
        entries = data.get("pipeline_tag") if isinstance(data, Mapping) else None
        if not isinstance(entries, list):
            raise errors.HubBadBody(str(url), 200, "no pipeline_tag list in models-tags-by-type")
        tags = {
            e["id"]: _label(e, e["id"])
            for e in entries
            if isinstance(e, Mapping) and isinstance(e.get("id"), str) and e["id"]
        }
        return tuple(Task(tag, label, "pipeline_tags") for tag, label in sorted(tags.items()))

    async def task_pages(
        self, task_id: str, *, limit: int, sort: str = "downloads", match: str = "tag"
    ) -> AsyncIterator[Page]:
        """Pages of a task's top `limit` models, ranked 1..n without gaps or repeats.

        `limit` is the Hub's page size, not a total: up to 1000 the top N is one request and
        its `Link` is ignored; beyond, we follow `Link` until N models are in hand, dropping
        any model the moving cursor serves twice.
        """
        params = [(MATCH_PARAM[match], task_id), ("sort", sort)]
        params += [("limit", str(min(limit, MAX_PAGE_SIZE)))] + [("expand", f) for f in EXPAND]
        url = self.url("/api/models", params)
        async for got in self._walk(url, set(), limit, follow=limit > MAX_PAGE_SIZE):
            yield Page(task_id, got.number, got.first_rank, got.records, got.rejections,
                       got.duplicates, got.elapsed_ms)  # fmt: skip
            if limit <= MAX_PAGE_SIZE or got.first_rank + len(got.records) > limit:
                return

    async def listing_pages(
        self, *, sort: str, start_url: str | None = None, stop_before: datetime | None = None
    ) -> AsyncIterator[ListingPage]:
        """Every model on the Hub, 1000 a page, following `Link` from the start (or from a
        saved `start_url`) to the end, or to the first page reaching below `stop_before`
        (sorted by lastModified). Repeats are not tracked, so memory stays flat; the merge
        stores a repeated model once anyway."""
        url = self._listing_start(sort, start_url)
        async for got in self._walk(url, None, None, follow=True):
            next_url = None if got.next_url is None else str(got.next_url)
            yield ListingPage(got.number, got.records, got.rejections, got.elapsed_ms, next_url)
            if stop_before is not None and any(
                r.last_modified is not None and r.last_modified < stop_before for r in got.records
            ):
                return

    def _listing_start(self, sort: str, start_url: str | None) -> URL:
        if start_url is None:
            params = [("sort", sort), ("limit", str(MAX_PAGE_SIZE))]
            return self.url("/api/models", params + [("expand", f) for f in EXPAND])
        url = URL(start_url, encoded=True)
        if url.origin() != self._base.origin():
            raise errors.HubProtocolError(start_url, None, "saved cursor is for another Hub")
        return url

    async def _walk(
        self, url: URL | None, seen: set[str] | None, limit: int | None, *, follow: bool
    ) -> AsyncIterator[_Fetched]:
        """Pages from `url` on; `seen` drops repeats, `limit` caps the ranks handed out."""
        visited: set[str] = set()
        rank, number = 1, 0
        while url is not None:
            visited.add(str(url))
            number += 1
            started = self._clock()
            response = await self._transport.get(url)
            room = None if limit is None else limit - rank + 1
            records, rejections, duplicates = _parse_page(response.data, seen, room, str(url))
            url = self._follow(response.next_url, visited) if follow else None
            elapsed_ms = round((self._clock() - started) * 1000, 1)
            yield _Fetched(number, rank, records, rejections, duplicates, elapsed_ms, url)
            rank += len(records)

    def _follow(self, next_url: URL | None, visited: set[str]) -> URL | None:
        if next_url is None:
            return None
        if next_url.origin() != self._base.origin():
            raise errors.HubProtocolError(str(next_url), 200, "Link points to another host")
        if str(next_url) in visited:
            raise errors.HubProtocolError(str(next_url), 200, "Link loops to a page already read")
        return next_url


def _parse_page(
    data: object, seen: set[str] | None, room: int | None, url: str
) -> tuple[tuple[ModelRecord, ...], tuple[Rejection, ...], int]:
    """A page's records (at most `room`, none in `seen`), its rejections and repeats."""
    if not isinstance(data, list):
        raise errors.HubBadBody(url, 200, f"models page is {type(data).__name__}, not a list")
    records: list[ModelRecord] = []
    rejections: list[Rejection] = []
    duplicates = 0
    for raw in data:
        parsed = parse.parse_item(raw)
        if isinstance(parsed, Rejection):
            rejections.append(parsed)
        elif seen is not None and parsed.model_id in seen:
            duplicates += 1
        elif room is None or len(records) < room:
            if seen is not None:
                seen.add(parsed.model_id)
            records.append(parsed)
    return tuple(records), tuple(rejections), duplicates


def _label(entry: object, fallback: str) -> str:
    if isinstance(entry, Mapping) and isinstance(entry.get("label"), str) and entry["label"]:
        return str(entry["label"])
    return fallback
