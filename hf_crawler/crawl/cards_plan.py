"""What a cards run will cost before it starts: the cards to fetch, the requests, the
resolver's quota (as the Hub advertises it on its first answer, else the documented tier)
and the time it takes at `--rps`; and, while it runs, its rate and the time left, redrawn
every second and logged every 30 s."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import structlog

from hf_crawler.crawl.plan import expected_seconds
from hf_crawler.hub.rate_headers import Quota

log = structlog.get_logger("hf_crawler.cards")

# The file resolver's own bucket: 3,000 requests a 5-minute window anonymously, 5,000 with a
# free account's token (https://huggingface.co/docs/hub/rate-limits).
RESOLVER_WINDOW_S = 300.0
RESOLVER_QUOTA = {False: 3000, True: 5000}
REDRAW_S = 1.0  # the progress line on a terminal
LOG_EVERY_S = 30.0  # a `cards_progress` event, for a log read while the run goes on


@dataclass(frozen=True, slots=True)
class CardsPlan:
    cards: int
    rps: float
    signed_in: bool
    advertised: Quota | None = None  # the resolver's RateLimit headers, when it sent them

    @property
    def requests(self) -> int:
        """One request a card (a redirect to the CDN is one more, not counted here)."""
        return self.cards

    @property
    def quota(self) -> int:
        if self.advertised is not None and self.advertised.limit is not None:
            return self.advertised.limit
        return RESOLVER_QUOTA[self.signed_in]

    @property
    def window_s(self) -> float:
        if self.advertised is not None and self.advertised.window_s is not None:
            return self.advertised.window_s
        return RESOLVER_WINDOW_S

    @property
    def quota_source(self) -> str:
        if self.advertised is not None and self.advertised.limit is not None:
            return "RateLimit-Policy header"
        return "with a token" if self.signed_in else "anonymous"

    @property
    def expected_s(self) -> float:
        """At --rps, under the window (what is left of the current one first, when known)."""
        if not self.requests:
            return 0.0
        seen = self.advertised
        return expected_seconds(
            self.requests,
            self.rps,
            self.quota,
            self.window_s,
            remaining=seen.remaining if seen else None,
            reset_s=seen.reset_s if seen else None,
        )

    def describe(self) -> str:
        return (
            f"cards: {self.cards:,} to fetch, {self.requests:,} requests; the resolver allows "
            f"{self.quota:,} a {duration(self.window_s)} window ({self.quota_source}); at "
            f"--rps {self.rps:g} that is about {duration(self.expected_s)}"
        )


@dataclass(slots=True)
class CardsProgress:
    """Cards fetched and stored so far against the plan: the rate since the start and the
    time left."""

    to_fetch: int
    fetched: int = 0
    stored: int = 0
    started_at: float = field(default_factory=time.monotonic)
    clock: Callable[[], float] = time.monotonic

    @property
    def rate(self) -> float:
        return self.fetched / max(self.clock() - self.started_at, 1e-6)

    @property
    def left_s(self) -> float | None:
        rate = self.rate
        return (self.to_fetch - self.fetched) / rate if rate > 0 else None

    def line(self) -> str:
        left = "time left unknown" if self.left_s is None else f"{duration(self.left_s)} left"
        return (
            f"cards {self.fetched:,}/{self.to_fetch:,} · stored {self.stored:,} · "
            f"{self.rate:.1f}/s · {left}"
        )


async def report(
    progress: CardsProgress,
    on_progress: Callable[[CardsProgress], None],
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Until cancelled: the progress line every REDRAW_S, a `cards_progress` event every
    LOG_EVERY_S (a fetch can wait minutes on a spent window; the line must still move)."""
    logged_at = progress.clock()
    while True:
        await sleep(REDRAW_S)
        on_progress(progress)
        if progress.clock() - logged_at >= LOG_EVERY_S:
            logged_at = progress.clock()
            left = progress.left_s
            log.info(
                "cards_progress",
                fetched=progress.fetched,
                stored=progress.stored,
                to_fetch=progress.to_fetch,
                per_s=round(progress.rate, 2),
                left_s=None if left is None else round(left),
            )


def duration(seconds: float) -> str:
    """`40 s`, `12 min`, `5.5 h`."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
