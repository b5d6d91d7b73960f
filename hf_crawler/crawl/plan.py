"""`hf-crawl plan`: what a run will cost before it starts: requests, the quota, the time.

One cheap request (`/api/tasks`, which the run needs anyway) brings the Hub's
`RateLimit-Policy`; without it, the documented tier defaults apply.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import asdict, dataclass
from typing import Any

from hf_crawler.config.settings import Settings
from hf_crawler.crawl import task_selection
from hf_crawler.hub import rate_headers
from hf_crawler.hub.client import open_client
from hf_crawler.hub.paging import MAX_PAGE_SIZE

# Requests per 5-minute window of the `api` bucket, anonymous (per IP) and with a free
# account's token (https://huggingface.co/docs/hub/rate-limits).
TIER_QUOTA = {"anonymous": 500, "token": 1000}
TIER_WINDOW_S = 300


@dataclass(frozen=True, slots=True)
class Plan:
    mode: str
    tasks: int
    pages_per_task: int
    requests: int | None  # None: a full walk has no total the Hub will tell
    quota: int
    window_s: float
    remaining: int | None
    reset_s: float | None
    quota_source: str
    rps: float
    expected_s: float | None
    token_source: str | None  # where the token came from; None: anonymous
    repos: tuple[str, ...] = ("models",)  # each task's listings: models, datasets
    details_requests: int = 0  # at most: --details-budget, when models are crawled

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def expected_seconds(  # noqa: PLR0913  # a formula of six named quantities; the last two optional
    requests: int,
    rps: float,
    quota: int,
    window_s: float,
    remaining: int | None = None,
    reset_s: float | None = None,
) -> float:
    """Time for `requests` at `rps` under a fixed-window quota: spend what a window allows
    (what remains of the current one first), wait for the reset, go on."""
    elapsed, left = 0.0, requests
    budget = quota if remaining is None else remaining
    window_end = window_s if reset_s is None else reset_s
    while True:
        room = max(1, math.floor((window_end - elapsed) * rps)) if elapsed < window_end else left
        spent = min(left, budget, room)
        elapsed += spent / rps
        left -= spent
        if left <= 0:
            return elapsed
        if spent == budget or elapsed >= window_end:
            elapsed = max(elapsed, window_end)
            window_end += window_s
            budget = quota
        else:
            budget -= spent


def pages_per_task(settings: Settings) -> int:
    """Pages of one task's top N: one request each."""
    return math.ceil(settings.limit_per_task / MAX_PAGE_SIZE)


def top_n_requests(settings: Settings, model_tasks: int, dataset_tasks: int) -> int:
    """Requests a top-N run sends for these tasks' listings, retries aside (each kind of
    repository is a listing of its own)."""
    tasks = (model_tasks if "models" in settings.repos else 0) + (
        dataset_tasks if "datasets" in settings.repos else 0
    )
    return tasks * pages_per_task(settings)


async def make_plan(settings: Settings) -> Plan:
    async with contextlib.AsyncExitStack() as stack:
        client = await open_client(settings, stack)
        tasks = await task_selection.select_tasks(client, settings)
        seen = client.last_quota
    pages = pages_per_task(settings)
    listing = 2 if settings.task_source == "union" else 1
    requests = None
    details = settings.details_budget if "models" in settings.repos else 0
    if settings.mode == "top":
        requests = listing + top_n_requests(settings, len(tasks), len(tasks)) + details
    quota, window, source, remaining, reset = _quota(seen, settings)
    expected = None
    if requests is not None:
        expected = expected_seconds(requests, settings.rps, quota, window, remaining, reset)
    return Plan(
        mode=settings.mode,
        tasks=len(tasks),
        pages_per_task=pages,
        requests=requests,
        quota=quota,
        window_s=window,
        remaining=remaining,
        reset_s=reset,
        quota_source=source,
        rps=settings.rps,
        expected_s=None if expected is None else round(expected, 1),
        token_source=settings.token_source,
        repos=settings.repos,
        details_requests=details,
    )


def _quota(
    seen: rate_headers.Quota | None, settings: Settings
) -> tuple[int, float, str, int | None, float | None]:
    """The window's quota and where it came from, and what is left of the current window
    when the Hub said so: (quota, window s, source, remaining, reset s)."""
    if seen is not None and seen.limit is not None and seen.window_s is not None:
        return seen.limit, seen.window_s, "RateLimit-Policy header", seen.remaining, seen.reset_s
    tier = "token" if settings.token else "anonymous"
    return TIER_QUOTA[tier], TIER_WINDOW_S, f"{tier} tier default", None, None


def render(plan: Plan) -> str:
    """A few readable lines."""
    quota = f"{plan.quota} requests per {plan.window_s:g} s ({plan.quota_source})"
    if plan.remaining is not None:
        quota += f"; {plan.remaining} left, window resets in {plan.reset_s:g} s"
    if plan.requests is None:
        cost = (
            f"a full walk: 1 request per {MAX_PAGE_SIZE} models on the Hub (it publishes no total)"
        )
        time = "unknown until the walk ends"
    else:
        kinds = " and ".join(plan.repos)
        cost = (
            f"{plan.requests} requests ({plan.tasks} tasks x {plan.pages_per_task} "
            f"page(s) of {kinds}, plus the task listing"
            f"{', plus the model details' if plan.details_requests else ''})"
        )
        time = f"about {plan.expected_s:g} s at --rps {plan.rps:g}"
    token = plan.token_source or "none (anonymous)"
    return "\n".join(
        [
            f"plan: {plan.mode} run",
            f"  cost:  {cost}",
            f"  quota: {quota}",
            f"  time:  {time}",
            f"  token: {token}",
            f"  details: {_details(plan.details_requests)}",
        ]
    )


def _details(requests: int) -> str:
    if not requests:
        return "none (--details-budget 0: storage, base models and children as the Hub counts them)"
    return (
        f"up to {requests} requests, one a model: storage, base models and children as the Hub"
        " counts them, for the best-ranked models not fetched this week (--details-budget)"
    )
