"""The Hub client: every GET to the Hub goes through here.

It owns auth, timeouts, the shared gate, the retry policy and the translation of HTTP and
socket failures into `errors`; callers get parsed records and never see aiohttp.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiohttp
import backoff
import structlog
from yarl import URL

from hf_crawler import __version__, errors, parse, ratelimit
from hf_crawler.pacing import Clock, Gate
from hf_crawler.records import ALL_MODELS, ModelRecord, Page, Rejection, Task

log = structlog.get_logger("hf_crawler.hub")

DEFAULT_ENDPOINT = "https://huggingface.co"
MAX_PAGE_SIZE = 1000  # the largest page the Hub is seen to serve (shared/hf_api.md §2.3)
USER_AGENT = f"hf-crawler/{__version__} (+https://github.com/hf-crawler/hf-crawler)"
# Only the fields we store; `expand` makes the Hub send exactly these plus `_id` and `id`.
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


@dataclass(slots=True)
class RequestStats:
    """Counters a run reports; only the client writes them."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HubResponse:
    data: Any
    next_url: URL | None


def open_session(
    *, connect_timeout_s: float = 10.0, read_timeout_s: float = 60.0
) -> aiohttp.ClientSession:
    """One session for the whole run: pooled connections, gzip, our user agent."""
    timeout = aiohttp.ClientTimeout(total=None, connect=connect_timeout_s, sock_read=read_timeout_s)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    return aiohttp.ClientSession(timeout=timeout, headers=headers, raise_for_status=False)


class HubClient:
    """Lists tasks and pages through a task's models, politely and with retries."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        gate: Gate,
        *,
        endpoint: str = DEFAULT_ENDPOINT,
        token: str | None = None,
        max_tries: int = 6,
        max_wait_s: float = 300.0,
        backoff_base_s: float = 1.0,
        backoff_cap_s: float = 60.0,
        max_response_bytes: int = 64 * 1024 * 1024,
        clock: Clock = time.monotonic,
    ) -> None:
        self._session = session
        self._gate = gate
        self._base = URL(endpoint.rstrip("/"))
        self._auth = {"Authorization": f"Bearer {token}"} if token else {}
        self._max_bytes = max_response_bytes
        self._clock = clock
        self.stats = RequestStats()
        self._get = backoff.on_exception(
            backoff.expo,
            errors.HubUnavailable,
            max_tries=max_tries,
            max_time=max_wait_s,
            jitter=backoff.full_jitter,
            factor=backoff_base_s,
            max_value=backoff_cap_s,
            on_backoff=self._on_backoff,
            on_giveup=self._on_giveup,
            logger=None,
        )(self._get_once)

    @property
    def gate_quota(self) -> ratelimit.Quota | None:
        """The last quota the Hub reported (None before any response carried one)."""
        return self._gate.last_quota

    def url(self, path: str, params: list[tuple[str, str]] | None = None) -> URL:
        """An endpoint URL; keeps a mirror's path prefix."""
        url = URL(f"{self._base}{path}")
        return url.with_query(params) if params else url

    async def list_tasks(self) -> tuple[Task, ...]:
        """The tasks of `/api/tasks`: a JSON object keyed by task id."""
        data = (await self._get(self.url("/api/tasks"))).data
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
        data = (await self._get(url)).data
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

        `limit` is the Hub's page size, not a total (shared/hf_api.md §2.3): up to 1000 the
        top N is one request and its `Link` is ignored; beyond, we follow `Link` until N
        models are in hand, dropping any model the moving cursor serves twice.
        """
        params = [(MATCH_PARAM[match], task_id), ("sort", sort)]
        params += [("limit", str(min(limit, MAX_PAGE_SIZE)))] + [("expand", f) for f in EXPAND]
        seen: set[str] = set()
        rank = 1
        url = self.url("/api/models", params)
        async for page in self._walk(task_id, url, seen, limit, follow=limit > MAX_PAGE_SIZE):
            yield page
            rank += len(page.records)
            if limit <= MAX_PAGE_SIZE or rank > limit:
                return

    async def listing_pages(
        self, *, sort: str, start_url: str | None = None, stop_before: datetime | None = None
    ) -> AsyncIterator[Page]:
        """Every model on the Hub, 1000 a page, following `Link` from the start (or from a
        saved `start_url`) to the end, or to the first page reaching below `stop_before`
        (sorted by lastModified). Repeats are not tracked, so memory stays flat; the merge
        stores a repeated model once anyway."""
        if start_url is not None:
            url = URL(start_url, encoded=True)
            if url.origin() != self._base.origin():
                raise errors.HubProtocolError(start_url, None, "saved cursor is for another Hub")
        else:
            params = [("sort", sort), ("limit", str(MAX_PAGE_SIZE))]
            url = self.url("/api/models", params + [("expand", f) for f in EXPAND])
        async for page in self._walk(ALL_MODELS, url, None, None, follow=True):
            yield page
            if stop_before is not None and any(
                r.last_modified is not None and r.last_modified < stop_before for r in page.records
            ):
                return

    async def _walk(
        self,
        task_id: str,
        url: URL | None,
        seen: set[str] | None,
        limit: int | None,
        *,
        follow: bool,
    ) -> AsyncIterator[Page]:
        visited: set[str] = set()
        rank, number = 1, 0
        while url is not None:
            visited.add(str(url))
            number += 1
            started = self._clock()
            response = await self._get(url)
            room = None if limit is None else limit - rank + 1
            page = _page(task_id, number, rank, response.data, seen, room, str(url))
            url = self._follow(response.next_url, visited) if follow else None
            yield dataclasses.replace(
                page,
                elapsed_ms=round((self._clock() - started) * 1000, 1),
                next_url=None if url is None else str(url),
            )
            rank += len(page.records)

    def _follow(self, next_url: URL | None, visited: set[str]) -> URL | None:
        if next_url is None:
            return None
        if next_url.origin() != self._base.origin():
            raise errors.HubProtocolError(str(next_url), 200, "Link points to another host")
        if str(next_url) in visited:
            raise errors.HubProtocolError(str(next_url), 200, "Link loops to a page already read")
        return next_url

    async def _get_once(self, url: URL) -> HubResponse:
        await self._gate.acquire()
        self.stats.requests += 1
        try:
            async with self._session.get(url, headers=self._auth) as resp:
                status = resp.status
                self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
                quota = ratelimit.parse_quota(resp.headers)
                self._gate.observe(quota)
                body = await _read_capped(resp, self._max_bytes, str(url))
                if status >= 400:
                    raise self._status_error(resp, body, quota, str(url))
                return HubResponse(_decode(body, str(url)), _next_link(resp))
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, TimeoutError) as exc:
            reason = type(exc).__name__ if isinstance(exc, TimeoutError) else _one_line(str(exc))
            raise errors.HubUnavailable(str(url), None, reason or type(exc).__name__) from exc

    def _status_error(
        self, resp: aiohttp.ClientResponse, body: bytes, quota: ratelimit.Quota | None, url: str
    ) -> errors.HubError:
        status, reason = resp.status, _error_reason(resp, body)
        if status == 429:
            self.stats.rate_limited += 1
            wait = ratelimit.parse_retry_after(resp.headers.get("Retry-After"))
            if quota is not None and quota.remaining == 0:
                wait = max(wait or 0.0, quota.reset_s)
            self._gate.pause(wait or 0.0)
            return errors.RateLimited(url, wait or 0.0, reason)
        if status == 408 or status >= 500:
            return errors.HubUnavailable(url, status, reason)
        if status == 401:
            reason = f"the token is wrong or missing (set HF_TOKEN): {reason}"
        return errors.HubRejected(url, status, reason)

    def _on_backoff(self, details: Any) -> None:
        self.stats.retries += 1
        exc = details.get("exception")
        log.warning(
            "request_retry",
            url=str(details["args"][0]),
            tries=details["tries"],
            wait_s=round(details["wait"], 3),
            reason=str(exc.reason if isinstance(exc, errors.HubError) else exc),
            status=getattr(exc, "status", None),
        )

    def _on_giveup(self, details: Any) -> None:
        log.error("request_gave_up", url=str(details["args"][0]), tries=details["tries"])


def _page(
    task_id: str,
    number: int,
    first_rank: int,
    data: object,
    seen: set[str] | None,
    room: int | None,
    url: str,
) -> Page:
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
    return Page(task_id, number, first_rank, tuple(records), tuple(rejections), duplicates)


async def _read_capped(resp: aiohttp.ClientResponse, cap: int, url: str) -> bytes:
    """The body, refusing to hold more than `cap` bytes of it in memory."""
    if resp.content_length is not None and resp.content_length > cap:
        raise errors.HubProtocolError(url, resp.status, f"body larger than {cap} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > cap:
            raise errors.HubProtocolError(url, resp.status, f"body larger than {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _next_link(resp: aiohttp.ClientResponse) -> URL | None:
    """The `rel="next"` target of the Link headers (aiohttp parses them, repeated ones too)."""
    link = resp.links.get("next")
    target = link.get("url") if link is not None else None
    return URL(target) if isinstance(target, str) else target


def _decode(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        snippet = _one_line(body[:60].decode("utf-8", "replace"))
        raise errors.HubBadBody(url, 200, f"body is not JSON ({snippet!r})") from exc


def _error_reason(resp: aiohttp.ClientResponse, body: bytes) -> str:
    """The Hub's own words for an error: JSON `error`, `X-Error-Message`, or a hint."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, Mapping):
        for key in ("error", "message", "error_description"):
            if isinstance(data.get(key), str):
                return _one_line(data[key])
    header = resp.headers.get("X-Error-Message")
    if header:
        return _one_line(header)
    kind = "HTML page" if body.lstrip()[:1] == b"<" else "body"
    return f"{resp.reason or 'error'} ({kind} of {len(body)} bytes)"


def _one_line(text: str, limit: int = 300) -> str:
    return " ".join(text.split())[:limit]


def _label(entry: object, fallback: str) -> str:
    if isinstance(entry, Mapping) and isinstance(entry.get("label"), str) and entry["label"]:
        return str(entry["label"])
    return fallback
