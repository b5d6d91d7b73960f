"""The Hub's fixed-window rate limit, per identity (IP or token), with its headers."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    """One request's place in its window, as the `RateLimit` headers report it."""

    allowed: bool
    remaining: int
    reset_s: int
    limit: int
    window_s: int
    bucket: str = "api"

    def headers(self) -> dict[str, str]:
        b = self.bucket
        return {
            "RateLimit": f'"{b}";r={self.remaining};t={self.reset_s}',
            "RateLimit-Policy": f'"fixed window";"{b}";q={self.limit};w={self.window_s}',
        }


class FixedWindowQuota:
    """Counts requests per identity in aligned windows; refuses past the quota if enforced."""

    def __init__(  # noqa: PLR0913  # keyword-only knobs of the fake quota, all defaulted
        self,
        *,
        window_s: int = 300,
        anonymous: int = 500,
        authenticated: int = 1000,
        enforce: bool = False,
        clock: Callable[[], float] = time.monotonic,
        bucket: str = "api",
    ) -> None:
        self.bucket = bucket
        self.window_s = window_s
        self.anonymous = anonymous
        self.authenticated = authenticated
        self.enforce = enforce
        self._clock = clock
        self._origin = clock()
        self._used: dict[tuple[str, int], int] = {}

    def take(self, identity: str, *, authenticated: bool) -> Verdict:
        """Count one request and say whether it may go through."""
        elapsed = self._clock() - self._origin
        window = int(elapsed // self.window_s)
        reset_s = max(1, math.ceil((window + 1) * self.window_s - elapsed))
        limit = self.authenticated if authenticated else self.anonymous
        used = self._used.get((identity, window), 0) + 1
        self._used = {k: v for k, v in self._used.items() if k[1] == window}
        self._used[(identity, window)] = used
        allowed = not self.enforce or used <= limit
        return Verdict(allowed, max(0, limit - used), reset_s, limit, self.window_s, self.bucket)
