"""`hf-crawl plan` against the fake Hub in quota mode: the right requests and quota."""

from __future__ import annotations

import pytest

from hf_crawler.crawl import plan
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.quota import FixedWindowQuota
from tests.conftest import StartHub, make_settings
from tests.e2e.test_cli import env_for, run_cli


async def test_plan_reads_the_quota_from_the_hub_and_counts_requests(start_hub: StartHub) -> None:
    quota = FixedWindowQuota(window_s=300, anonymous=500, enforce=True)
    async with start_hub(spec=CatalogueSpec(tasks=12, models_per_task=5), quota=quota) as hub:
        made = await plan.make_plan(make_settings(endpoint=hub.url, limit_per_task=2500, rps=2.0))
    assert (made.tasks, made.pages_per_task, made.requests) == (12, 3, 1 + 12 * 3)
    assert (made.quota, made.window_s, made.quota_source) == (500, 300, "RateLimit-Policy header")
    assert made.remaining == 499  # the one request the plan itself made
    assert made.expected_s == pytest.approx(37 / 2)


async def test_plan_counts_the_spaces_papers_and_collections_each_asks_for(
    start_hub: StartHub,
) -> None:
    async with start_hub(spec=CatalogueSpec(tasks=4, models_per_task=5)) as hub:
        made = await plan.make_plan(
            make_settings(
                endpoint=hub.url,
                repos=("models", "spaces"),
                spaces_top=2500,
                papers_budget=7,
                collections_top=150,
                rps=2.0,
            )
        )
    said = plan.render(made)
    # Spaces: 3 pages of 1000; collections: 2 pages of 100 and up to 150 items' pages.
    assert (made.spaces_requests, made.papers_requests) == (3, 7)
    assert (made.collections_requests, made.collection_item_requests) == (2, 150)
    assert made.requests == 1 + 4 + 3 + 7 + 2 + 150
    assert "spaces: 3 request(s)" in said and "papers: up to 7 requests" in said
    assert "collections: 2 request(s) for the listing, and up to 150" in said


async def test_a_tight_quota_stretches_the_expected_time(start_hub: StartHub) -> None:
    quota = FixedWindowQuota(window_s=60, anonymous=10, enforce=True)
    async with start_hub(spec=CatalogueSpec(tasks=30, models_per_task=5), quota=quota) as hub:
        made = await plan.make_plan(make_settings(endpoint=hub.url, limit_per_task=100, rps=2.0))
    assert made.requests == 31 and made.remaining == 9
    # 9 now, 10 after each of two resets, the last 2 after a third: 3 resets + 1 s.
    assert made.expected_s == pytest.approx(180 + 1, abs=1.5)


def test_expected_time_under_a_fixed_window() -> None:
    assert plan.expected_seconds(48, 2.0, 500, 300) == 24.0  # the report's full run
    assert plan.expected_seconds(1200, 2.0, 1000, 300) == 600.0  # 2/s never spends 1000/300 s
    # 10/s spends 1000 in 100 s, waits for the reset at 300 s, then 200 more take 20 s.
    assert plan.expected_seconds(1200, 10.0, 1000, 300) == pytest.approx(320.0)


async def test_the_plan_command_and_dry_run_print_it(start_hub: StartHub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    quota = FixedWindowQuota(window_s=300, anonymous=500, enforce=True)
    async with start_hub(spec=CatalogueSpec(tasks=3, models_per_task=5), quota=quota) as hub:
        shown = await run_cli("plan", "--max-tasks", "2", env=env_for(hub, None), cwd=tmp_path)
        both = await run_cli(
            "plan",
            "--max-tasks",
            "2",
            "--repos",
            "models,datasets",
            env=env_for(hub, None),
            cwd=tmp_path,
        )
        dry = await run_cli(
            "--dry-run", str(tmp_path / "d.jsonl"), env=env_for(hub, None), cwd=tmp_path
        )
    assert shown.code == 0, shown.stderr
    assert "3 requests (2 tasks x 1 page(s) of models, plus the task listing)" in shown.stdout
    assert "5 requests (2 tasks x 1 page(s) of models and datasets, plus" in both.stdout
    assert "500 requests per 300 s (RateLimit-Policy header)" in shown.stdout
    assert dry.code == 0 and "plan: top run" in dry.stderr
