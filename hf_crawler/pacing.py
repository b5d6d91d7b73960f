"""One gate shared by every fetcher: the `--rps` ceiling plus the Hub's cooldowns.

A 429 or an exhausted window seen by one fetcher pauses all of them, because the quota is
per client, not per coroutine.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable

from aiolimiter import AsyncLimiter

from hf_crawler.ratelimit import Quota

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


def make_limiter(rps: float) -> AsyncLimiter:
    """A token bucket of `rps` requests a second; bursts of at most max(1, rps)."""
    burst = max(1.0, rps)
    return AsyncLimiter(burst, burst / rps)


class Gate:
    """Waits out any cooldown, then takes a token from the shared bucket."""

    def __init__(
        self,
        rps: float,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        jitter_s: float = 1.0,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._limiter = make_limiter(rps)
        self._sleep = sleep
        self._clock = clock
        self._jitter_s = jitter_s
        self._rand = rand
        self._resume_at = 0.0
        self.last_quota: Quota | None = None

    @property
    def cooldown_s(self) -> float:
        """Seconds until requests may go out again (0 when open)."""
        return max(0.0, self._resume_at - self._clock())

    async def acquire(self) -> None:
        """Block until a request may be sent."""
        while (wait := self.cooldown_s) > 0:
            await self._sleep(wait)
        await self._limiter.acquire()

    def pause(self, seconds: float) -> None:
        """Hold every fetcher for `seconds` plus a little jitter, so they do not stampede."""
        until = self._clock() + seconds + self._jitter_s * self._rand()
        self._resume_at = max(self._resume_at, until)

    def observe(self, quota: Quota | None) -> None:
        """Remember the Hub's count; an empty window closes the gate until it resets."""
        if quota is None:
            return
        self.last_quota = quota
        if quota.remaining == 0:
            self.pause(quota.reset_s)
