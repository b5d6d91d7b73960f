"""Paging through a listing: `Link` to `Link` until N records are in hand or the listing
ends, a page that times out asked again at half the size (and every later one at that size),
a `Link` to another host followed on the configured endpoint, a loop refused."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Generic

import structlog
from yarl import URL

from hf_crawler import errors
from hf_crawler.entities.entity import Entity, R
from hf_crawler.hub import transport
from hf_crawler.hub.limiter import Clock
from hf_crawler.hub.pages import ParsedPage, page_items, sort_page

log = structlog.get_logger("hf_crawler.hub")

# The largest page the Hub serves: `limit` above 1000 gives 1000 rows (a page size, not a
# total; huggingface_hub stops its own paging by count, `itertools.islice` in `list_models`).
MAX_PAGE_SIZE = 1000
# A page that times out or answers 504 after every retry is asked again at half the size,
# down to this (heavy listings time out: huggingface_hub issue #2460).
MIN_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class Fetched(Generic[R]):
    """One page as read, before it is told apart as a task page or a listing page."""

    number: int
    first_rank: int
    parsed: ParsedPage[R]
    elapsed_ms: float
    next_url: URL | None
    wait_ms: float  # queued for a request slot and the gate
    hub_ms: float  # the Hub's latency


class Pager:
    """Walks listings for one client: its transport, endpoint and learned page size."""

    def __init__(
        self,
        transport_: transport.Transport,
        base: URL,
        *,
        include_private: bool,
        clock: Clock = time.monotonic,
    ) -> None:
        self._transport = transport_
        self._base = base
        self._include_private = include_private
        self._clock = clock
        self._rewrote_links_from: set[str] = set()
        # A page size the Hub answered too slowly at is halved, and every later request of
        # the run starts from the smaller size rather than learn it again.
        self.page_size = MAX_PAGE_SIZE

    async def walk(
        self,
        url: URL | None,
        seen: set[str] | None,
        limit: int | None,
        entity: Entity[R],
    ) -> AsyncIterator[Fetched[R]]:
        """Pages from `url` on, following `Link` until `limit` records are in hand (or to
        the end); `seen` drops repeats."""
        visited: set[str] = set()
        rank, number = 1, 0
        while url is not None:
            visited.add(str(url))
            started = self._clock()
            response = await self._get_page(url, entity)
            if response is None:  # too heavy: the same page again, half the size
                size = min(self.page_size, _page_size(url) or MAX_PAGE_SIZE)
                self.page_size = max(MIN_PAGE_SIZE, size // 2)
                url = self.sized(url)
                continue
            number += 1
            room = None if limit is None else limit - rank + 1
            parsed = sort_page(response.data, seen, room, self._include_private)
            rank += len(parsed.records)
            filled = limit is not None and rank > limit
            url = None if filled else self._follow(response.next_url, visited)
            yield Fetched(
                number=number,
                first_rank=rank - len(parsed.records),
                parsed=parsed,
                elapsed_ms=round((self._clock() - started) * 1000, 1),
                next_url=url,
                wait_ms=round(response.wait_s * 1000, 1),
                hub_ms=round(response.hub_s * 1000, 1),
            )

    async def _get_page(self, url: URL, entity: Entity[R]) -> transport.HubResponse | None:
        """The page, or None when it timed out or answered 504 after every retry and a
        smaller page can still be asked for."""
        try:
            return await self._transport.get(
                url, prepare=self.sized, decode=lambda body, at: page_items(entity, body, at)
            )
        except errors.HubUnavailable as exc:
            heavy = isinstance(exc, errors.HubTimeout) or exc.status == 504
            size = _page_size(self.sized(url))
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

    def sized(self, url: URL) -> URL:
        """`url` asking for no more than the page size learned so far this run."""
        size = _page_size(url)
        if size is None or size <= self.page_size:
            return url
        return url.update_query(limit=str(self.page_size))

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
