"""Reading the Hub's rate-limit answers: `RateLimit`, `RateLimit-Policy`, `Retry-After`.

The Hub sends IETF draft-9 headers on every response
(https://huggingface.co/docs/hub/rate-limits):
`RateLimit: "api";r=<remaining>;t=<seconds to reset>` and
`RateLimit-Policy: "fixed window";"api";q=<quota>;w=<window seconds>`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_RATELIMIT = re.compile(r'"(\w+)"\s*;\s*r\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+)')
_POLICY = re.compile(r"q\s*=\s*(\d+).*?w\s*=\s*(\d+)")


@dataclass(frozen=True, slots=True)
class Quota:
    """What the Hub says is left of the current window."""

    bucket: str
    remaining: int
    reset_s: float
    limit: int | None = None
    window_s: float | None = None


def parse_quota(headers: Mapping[str, str]) -> Quota | None:
    """Quota from the response headers, or None when they are absent or unreadable."""
    match = _RATELIMIT.search(headers.get("RateLimit", ""))
    if match is None:
        return None
    policy = _POLICY.search(headers.get("RateLimit-Policy", ""))
    return Quota(
        bucket=match.group(1),
        remaining=int(match.group(2)),
        reset_s=float(match.group(3)),
        limit=int(policy.group(1)) if policy else None,
        window_s=float(policy.group(2)) if policy else None,
    )


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
