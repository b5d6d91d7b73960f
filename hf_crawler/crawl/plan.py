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
from hf_crawler.entities.collections import COLLECTIONS
from hf_crawler.entities.entity import Entity
from hf_crawler.entities.spaces import SPACES
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
    spaces_requests: int = 0  # the Spaces listing's pages (--repos spaces)
    papers_requests: int = 0  # at most: --papers-budget
    collections_requests: int = 0  # the collections listing's pages (--collections-top)
    collection_item_requests: int = 0  # at most: one a ranked collection whose items moved

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


def pages_per_ranking(settings: Settings, entity: Entity[Any]) -> int:
    """Pages of one of `entity`'s rankings (a task's, or a list of its own): one request
    each."""
    top: int = getattr(settings, entity.top_setting)
    return math.ceil(top / min(MAX_PAGE_SIZE, entity.page_size))


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
    around = neighbourhood_requests(settings)
    if settings.mode == "top":
        requests = listing + top_n_requests(settings, len(tasks), len(tasks)) + details
        requests += sum(around.values())
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
        **around,
    )


def neighbourhood_requests(settings: Settings) -> dict[str, int]:
    """At most what a run spends on the Spaces, papers and collections its settings ask
    for: the listings' pages, and one request a paper or collection due."""
    spaces = pages_per_ranking(settings, SPACES) if "spaces" in settings.repos else 0
    collections = pages_per_ranking(settings, COLLECTIONS) if settings.collections_top else 0
    return {
        "spaces_requests": spaces,
        "papers_requests": settings.papers_budget,
        "collections_requests": collections,
        "collection_item_requests": settings.collections_top,
    }


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
        kinds = " and ".join(r for r in plan.repos if r != "spaces")
        extras = [f"the {name} ({n})" for name, n in _extras(plan) if n]
        cost = (
            f"{plan.requests} requests ({plan.tasks} tasks x {plan.pages_per_task} "
            f"page(s) of {kinds}, plus the task listing"
            f"{''.join(', plus ' + e for e in extras)})"
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
            f"  spaces: {_spaces(plan)}",
            f"  papers: {_papers(plan)}",
            f"  collections: {_collections(plan)}",
        ]
    )


def _extras(plan: Plan) -> list[tuple[str, int]]:
    """What a run spends beside the tasks' listings, by part (at most)."""
    return [
        ("model details", plan.details_requests),
        ("Spaces listing", plan.spaces_requests),
        ("papers", plan.papers_requests),
        (
            "collections listing and items",
            plan.collections_requests + plan.collection_item_requests,
        ),
    ]


def _spaces(plan: Plan) -> str:
    if not plan.spaces_requests:
        return "none (--repos without spaces)"
    return f"{plan.spaces_requests} request(s): the listing's pages of the top Spaces by likes"


def _papers(plan: Plan) -> str:
    if not plan.papers_requests:
        return "none (--papers-budget 0)"
    return (
        f"up to {plan.papers_requests} requests, one a paper of the ranked repos not fetched"
        " (or not found) this week (--papers-budget)"
    )


def _collections(plan: Plan) -> str:
    if not plan.collections_requests:
        return "none (--collections-top 0)"
    return (
        f"{plan.collections_requests} request(s) for the listing, and up to"
        f" {plan.collection_item_requests} for the items of those whose lastUpdated moved"
    )


def _details(requests: int) -> str:
    if not requests:
        return "none (--details-budget 0: storage, base models and children as the Hub counts them)"
    return (
        f"up to {requests} requests, one a model: storage, base models and children as the Hub"
        " counts them, for the best-ranked models not fetched this week (--details-budget)"
    )
