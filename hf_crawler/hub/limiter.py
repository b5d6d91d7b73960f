"""One gate shared by every fetcher: the `--rps` ceiling plus what the Hub says of its quota.

The Hub reports on every response how many requests are left in its fixed window and when
the window resets (`RateLimit: "api";r=..;t=..`). Once half the window is spent, the gate
spreads what is left over the time left (header pacing), unless the requests the run still
needs fit in what is left: then it goes on at `--rps`. It closes when the window is spent,
and honours 429 cooldowns. A pause seen by one fetcher holds all of them: the quota is per
client, not per coroutine.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable

import structlog
from aiolimiter import AsyncLimiter

from hf_crawler.hub.rate_headers import Quota

log = structlog.get_logger("hf_crawler.pacing")

PACE_BELOW = 0.5  # header pacing starts once less than this share of the window is left
Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


def token_bucket(rps: float) -> AsyncLimiter:
    """A token bucket of `rps` requests a second; bursts of at most max(1, rps)."""
    burst = max(1.0, rps)
    return AsyncLimiter(burst, burst / rps)


class RateLimiter:
    """Waits out any cooldown and the header pace, then takes a token from the bucket."""

    def __init__(  # noqa: PLR0913  # keyword-only clock, sleep and random, injected by tests
        self,
        rps: float,
        *,
        header_pacing: bool = True,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        jitter_s: float = 1.0,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._rps = rps
        self._limiter = token_bucket(rps)
        self._header_pacing = header_pacing
        self._sleep = sleep
        self._clock = clock
        self._jitter_s = jitter_s
        self._rand = rand
        self._resume_at = 0.0
        self._spacing_s = 0.0
        self._next_slot = 0.0
        self._blind_pause_s = 0.0
        self._held_told = False  # the event that the quota holds the crawl below --rps, once
        self._pace_from: Quota | None = None  # the answer that set the spacing, if any
        self._needed: int | None = None  # requests the run still needs, when it is known
        self.last_quota: Quota | None = None

    def expect(self, requests: int) -> None:
        """The run will send about `requests` more (each acquire counts one off): while they
        fit in what is left of the Hub's window, header pacing holds nothing back."""
        self._needed = requests
        last = self.last_quota
        # The spacing the last answer set, reconsidered; a spent window's pause stands as
        # it was set (pausing again now would push its end back by the time since).
        if last is not None and self._header_pacing and last.remaining > 0:
            self._pace(last)

    @property
    def cooldown_s(self) -> float:
        """Seconds until requests may go out again (0 when open)."""
        return max(0.0, self._resume_at - self._clock())

    @property
    def spacing_s(self) -> float:
        """The gap header pacing keeps between requests (0 when the bucket alone governs)."""
        return self._spacing_s

    async def acquire(self) -> None:
        """Block until a request may be sent. A pause can begin during any wait here (another
        fetcher met a 429), so the cooldown is looked at again after each one."""
        while True:
            while (wait := self.cooldown_s) > 0:
                await self._sleep(wait)
            if self._spacing_s > 0:
                # Reserve a slot before sleeping, so concurrent callers queue instead of
                # colliding.
                now = self._clock()
                slot = max(now, self._next_slot)
                self._next_slot = slot + self._spacing_s
                if slot > now:
                    self._tell_held(self._pace_from, 1 / self._spacing_s)
                    await self._sleep(slot - now)
                    if self.cooldown_s > 0:
                        continue
            await self._limiter.acquire()
            if self.cooldown_s == 0:
                if self._needed is not None:
                    self._needed = max(0, self._needed - 1)
                return

    def pause(self, seconds: float) -> None:
        """Hold every fetcher for `seconds` plus a little jitter (at most a tenth of the
        pause, and `jitter_s`), so they do not stampede when it ends."""
        jitter = min(self._jitter_s, 0.1 * seconds) * self._rand()
        until = self._clock() + seconds + jitter
        self._resume_at = max(self._resume_at, until)

    def spent_window(self, window_s: float, first_s: float) -> float:
        """A 429 that says nothing of the quota: take the window as spent. Every fetcher
        waits, first `first_s`, then twice as long for each such 429 met after a pause has
        ended, up to `window_s`; 429s of one burst (met during the pause) do not double it.
        Returns the seconds until requests go out again."""
        if self.cooldown_s > 0:
            return self.cooldown_s
        grown = self._blind_pause_s * 2 if self._blind_pause_s else first_s
        self._blind_pause_s = min(window_s, grown)
        self.pause(self._blind_pause_s)
        return self.cooldown_s

    def answered(self) -> None:
        """A request got through: the next header-less 429 starts the delays afresh."""
        self._blind_pause_s = 0.0

    def observe(self, quota: Quota | None) -> None:
        """Learn from a response's quota headers (ignored when header pacing is off)."""
        if quota is None:
            return
        self.last_quota = quota
        if not self._header_pacing:
            return
        if quota.remaining == 0:
            self.pause(quota.reset_s + 1)  # `t` is rounded: huggingface_hub also adds 1 s
            self._tell_held(quota, 0.0)
            return
        self._pace(quota)

    def _pace(self, quota: Quota) -> None:
        """The spacing a window with requests left calls for."""
        # Spend the first half of a window at full speed (a short crawl never waits), and
        # all of it when what the run still needs fits (one request kept in reserve); else
        # spread the rest over the time left.
        fits = self._needed is not None and self._needed <= quota.remaining - 1
        if fits or (quota.limit is not None and quota.remaining > quota.limit * PACE_BELOW):
            self._spacing_s = 0.0
            return
        spacing = quota.reset_s / max(quota.remaining - 1, 1)
        self._spacing_s = spacing if spacing > 1 / self._rps else 0.0
        self._pace_from = quota

    def _tell_held(self, quota: Quota | None, rps_now: float) -> None:
        """Say once a run, when a request first waits for it, that the Hub's quota, not
        --rps, sets the pace from here on."""
        if self._held_told or quota is None:
            return
        self._held_told = True
        log.warning(
            "rate_held_by_quota",
            rps=self._rps,
            rps_now=round(rps_now, 3),
            remaining=quota.remaining,
            reset_s=quota.reset_s,
            bucket=quota.bucket,
        )
