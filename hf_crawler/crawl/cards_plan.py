"""What a cards run will cost before it starts: the cards to fetch, the requests, the
resolver's quota and the time it takes at `--rps`; and, while it runs, its rate and the
time left."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

# The file resolver's own bucket: 3,000 requests a 5-minute window anonymously, 5,000 with a
# free account's token (https://huggingface.co/docs/hub/rate-limits).
RESOLVER_WINDOW_S = 300.0
RESOLVER_QUOTA = {False: 3000, True: 5000}


@dataclass(frozen=True, slots=True)
class CardsPlan:
    cards: int
    rps: float
    signed_in: bool

    @property
    def requests(self) -> int:
        """One request a card (a redirect to the CDN is one more, not counted here)."""
        return self.cards

    @property
    def quota(self) -> int:
        return RESOLVER_QUOTA[self.signed_in]

    @property
    def rate(self) -> float:
        """Requests a second: --rps, or what the resolver's quota allows if that is less."""
        return min(self.rps, self.quota / RESOLVER_WINDOW_S)

    @property
    def expected_s(self) -> float:
        return self.requests / self.rate

    def describe(self) -> str:
        who = "with a token" if self.signed_in else "anonymous"
        return (
            f"cards: {self.cards:,} to fetch, {self.requests:,} requests; the resolver allows "
            f"{self.quota:,} a {RESOLVER_WINDOW_S / 60:.0f}-minute window ({who}); at "
            f"{self.rate:g} requests/s that is about {duration(self.expected_s)}"
        )


@dataclass(slots=True)
class CardsProgress:
    """Cards stored so far against the plan: the rate since the start and the time left."""

    to_fetch: int
    stored: int = 0
    started_at: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        return self.stored / max(time.monotonic() - self.started_at, 1e-6)

    @property
    def left_s(self) -> float | None:
        rate = self.rate
        return (self.to_fetch - self.stored) / rate if rate > 0 else None

    def line(self) -> str:
        left = "time left unknown" if self.left_s is None else f"{duration(self.left_s)} left"
        return f"cards {self.stored:,}/{self.to_fetch:,} · {self.rate:.1f}/s · {left}"


def duration(seconds: float) -> str:
    """`40 s`, `12 min`, `5.5 h`."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
