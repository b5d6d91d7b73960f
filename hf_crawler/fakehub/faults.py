"""Fault knobs of the fake Hub; every roll comes from one seeded RNG."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from typing import Any

JUNK_KINDS = (
    "null",
    "string",
    "number",
    "list",
    "missing_id",
    "id_not_string",
    "empty_id",
    "long_id",
    "control_id",
    "likes_not_count",
    "negative_downloads",
    "duplicate",
)


@dataclass(frozen=True, slots=True)
class Faults:
    """What can go wrong, and how often (rates are per request, 0..1)."""

    latency_ms: float = 0.0
    latency_per_1000_rows_ms: float = 0.0
    error_rate: float = 0.0  # 500/502/503 with an HTML body, as CloudFront sends
    truncate_rate: float = 0.0  # 200 whose JSON is cut short
    non_json_rate: float = 0.0  # 200 with an HTML body
    disconnect_rate: float = 0.0  # connection dropped before any response
    stall_rate: float = 0.0  # a response slower than a client's read timeout
    stall_s: float = 30.0
    rate_limit_rate: float = 0.0  # a 429 burst although the quota is not spent
    malformed_rate: float = 0.0  # per model page: junk items are added beside the real rows
    failing_tasks: frozenset[str] = frozenset()  # /api/models for these always answers 503
    failing_listings: frozenset[str] = frozenset()  # "spaces", "collections": always 503
    retry_after: bool = False  # send Retry-After on 429
    require_token: bool = False
    tokens: frozenset[str] = frozenset()  # accepted tokens; empty means any bearer token
    # Real-world answers: each one on or off.
    odd_rate: float = 0.0  # per model page: items with values Postgres cannot hold, beside the rows
    bad_task_entries: bool = False  # /api/tasks also lists entries whose id is not a task id
    link_host: str = ""  # a mirror: Link names this origin (e.g. https://huggingface.co)
    ratelimit_headers: str = "all"  # all | not_on_429 (as CloudFront's 429s) | none (a proxy)
    heavy_page_rows: int = 0  # /api/models pages of more rows answer 504 (0: never)
    # Faults for the first requests, in order, before any dice: "429", "disconnect", "stall",
    # "500", "502", "503", "truncate", "non_json" ("" for none). Makes every kind certain.
    script: tuple[str, ...] = ()
    seed: int = 0

    def __post_init__(self) -> None:
        unknown = set(self.script) - SCRIPTED
        if unknown:
            raise ValueError(f"unknown scripted faults: {sorted(unknown)}")
        if self.ratelimit_headers not in ("all", "not_on_429", "none"):
            raise ValueError(f"ratelimit_headers {self.ratelimit_headers!r}: all, not_on_429, none")

    def updated(self, changes: dict[str, Any]) -> Faults:
        """A copy with some knobs changed (used by `POST /_fake/faults`)."""
        for name in ("failing_tasks", "failing_listings", "tokens"):
            if name in changes:
                changes[name] = frozenset(changes[name])
        if "script" in changes:
            changes["script"] = tuple(changes["script"])
        return dataclasses.replace(self, **changes)


SCRIPTED = frozenset(
    {"", "429", "disconnect", "stall", "500", "502", "503", "truncate", "non_json"}
)


class Dice:
    """Seeded rolls, so a fault run can be repeated."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def roll(self, rate: float) -> bool:
        return rate > 0 and self._rng.random() < rate

    def choice(self, options: tuple[Any, ...]) -> Any:
        return self._rng.choice(options)

    def index(self, n: int) -> int:
        return self._rng.randrange(n)


def junk_item(kind: str, real: dict[str, Any] | None) -> object:
    """An item the client must reject (or drop as a repeat) without losing the page."""
    fresh = {"_id": "0" * 24, "likes": 1, "downloads": 1, "tags": []}
    return {
        "null": None,
        "string": "not a model",
        "number": 42,
        "list": [1, 2, 3],
        "missing_id": {**fresh},
        "id_not_string": {**fresh, "id": 12345},
        "empty_id": {**fresh, "id": ""},
        "long_id": {**fresh, "id": "x/" + "y" * 400},
        "control_id": {**fresh, "id": "bad/\x07bell"},
        "likes_not_count": {**fresh, "id": "junk/likes-not-count", "likes": "many"},
        "negative_downloads": {**fresh, "id": "junk/negative", "downloads": -5},
        "duplicate": dict(real) if real is not None else None,
    }[kind]
