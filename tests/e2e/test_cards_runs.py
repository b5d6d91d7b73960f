"""`hf-crawl cards` as a run like a crawl: its row in the run log, the writer lease kept and
checked, a plan, `--top N`, and a first Ctrl-C that stores what was fetched."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import signal
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from hf_crawler.fakehub.quota import FixedWindowQuota
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cards import SPEC, crawled
from tests.e2e.test_cli import run_cli, start_cli, wait_for_line

BOUND_S = 60


async def test_the_plan_reads_the_quota_the_resolver_advertises(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = await crawled(hub, database, tmp_path)
        hub.state.resolver_quota = FixedWindowQuota(
            window_s=300, anonymous=10_000_000, bucket="resolvers"
        )
        before = hub.state.counts["resolver_requests"]
        plan = await run_cli("cards", "--dry-run", "--rps", "1000", env=env, cwd=tmp_path)
        probes = hub.state.counts["resolver_requests"] - before
    assert plan.code == 0, plan.stderr
    assert "10,000,000 a 5 min window (RateLimit-Policy header)" in plan.stderr
    (planned,) = [e for e in plan.events() if e["event"] == "cards_plan"]
    # The tier's 3,000 a window would hold 1000/s to 10/s: cards / 10 seconds.
    assert planned["resolver_quota"] == 10_000_000
    assert planned["expected_s"] == round(int(str(planned["cards"])) / 1000)
    assert probes == 1  # the first card's answer told it


async def test_a_cards_run_is_in_the_run_log_and_in_status_without_making_it_fresh(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = await crawled(hub, database, tmp_path)
        plan = await run_cli("cards", "--dry-run", env=env, cwd=tmp_path)
        prom = tmp_path / "cards.prom"
        done = await run_cli("cards", "--cards-metrics-file", str(prom), env=env, cwd=tmp_path)
        status = json.loads((await run_cli("status", "--format", "json", env=env)).stdout)
    ranked = await database.value("SELECT count(DISTINCT model_id) FROM hf.model_tasks")
    assert plan.code == 0 and f"cards: {ranked} to fetch, {ranked} requests" in plan.stderr
    assert "3,000 a 5 min window (RateLimit-Policy header)" in plan.stderr
    assert "about" in plan.stderr
    assert done.code == 0, done.stderr
    (run,) = await database.fetch("SELECT * FROM hf.crawl_runs WHERE mode = 'cards'")
    assert (run["run_id"], run["status"], run["models"]) == (2, "succeeded", ranked)
    assert run["requests"] == ranked
    assert status["cards"]["run_id"] == 2 and status["cards"]["status"] == "succeeded"
    assert status["latest"]["run_id"] == status["last_success"]["run_id"] == 1  # the crawl
    gauges = {
        sample.name: sample.value
        for family in text_string_to_metric_families(prom.read_text())
        for sample in family.samples
    }
    assert gauges["hf_crawler_cards_last_run_cards"] == ranked
    assert gauges["hf_crawler_cards_last_run_success"] == 1
    assert gauges["hf_crawler_cards_last_run_requests"] == ranked


async def test_top_n_fetches_the_cards_of_each_task_s_first_n_only(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = await crawled(hub, database, tmp_path)
        done = await run_cli("cards", "--top", "5", env=env, cwd=tmp_path)
        requests = hub.state.counts["resolver_requests"]
    top = await database.fetch(
        "SELECT DISTINCT model_id FROM hf.model_tasks WHERE rank_in_task <= 5"
    )
    stored = await database.fetch("SELECT model_id FROM hf.model_cards")
    assert done.code == 0, done.stderr
    assert {r["model_id"] for r in stored} == {r["model_id"] for r in top}
    assert requests == len(top)


async def lease_outlived(database: Database, lease_s: float) -> None:
    """Until the writer lease has been renewed past the lifetime it had when taken."""
    async with asyncio.timeout(BOUND_S):
        while True:
            rows = await database.fetch(
                "SELECT extract(epoch FROM renewed_at - taken_at) AS kept FROM hf.writer_lease"
            )
            if rows and rows[0]["kept"] > lease_s * 1.5:
                return
            await asyncio.sleep(0.1)


@pytest.mark.parametrize("first", ["crawl", "cards"])
async def test_a_crawl_and_cards_on_one_database_the_second_is_told_who_writes(
    start_hub: StartHub, database: Database, tmp_path: Path, first: str
) -> None:
    commands = {"crawl": ("--limit-per-task", "40"), "cards": ("cards", "--refresh")}
    second = "cards" if first == "crawl" else "crawl"
    async with start_hub(spec=SPEC) as hub:
        env = {**await crawled(hub, database, tmp_path), "HF_CRAWL_LEASE_S": "1"}
        env |= {"HF_CRAWL_CONCURRENCY": "1", "HF_CRAWL_LOG_FORMAT": "json"}
        hub.state.faults = dataclasses.replace(hub.state.faults, latency_ms=700)
        writer = await start_cli(
            *commands[first], env=env, cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL
        )
        assert writer.stderr is not None
        await lease_outlived(database, 1.0)  # past the lifetime of a lease nobody renews
        refused = await run_cli(*commands[second], env=env, cwd=tmp_path)
        writer.send_signal(signal.SIGINT)
        await asyncio.wait_for(writer.communicate(), BOUND_S)
    first_run = await database.value("SELECT max(run_id) FROM hf.crawl_runs")
    assert refused.code == 75, refused.stderr
    assert f"busy: run {first_run} (" in refused.stderr
    assert writer.returncode == 130
    status = await database.value("SELECT status FROM hf.crawl_runs WHERE run_id = $1", first_run)
    assert status == "interrupted"


async def test_an_interrupted_cards_run_stores_what_it_fetched_and_the_next_does_the_rest(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = {**await crawled(hub, database, tmp_path), "HF_CRAWL_LOG_FORMAT": "json"}
        env |= {"HF_CRAWL_CONCURRENCY": "2", "HF_CRAWL_RPS": "20"}
        interrupted = await start_cli(
            "cards", env=env, cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL
        )
        assert interrupted.stderr is not None
        assert await wait_for_line(interrupted.stderr, b"cards_plan")
        await some_cards_asked_for(hub)
        interrupted.send_signal(signal.SIGINT)
        await asyncio.wait_for(interrupted.communicate(), BOUND_S)
        fetched_first = hub.state.counts["resolver_requests"]
        resumed = await run_cli("cards", env={**env, "HF_CRAWL_RPS": "500"}, cwd=tmp_path)
        fetched_in_all = hub.state.counts["resolver_requests"]
        status = json.loads((await run_cli("status", "--format", "json", env=env)).stdout)
    ranked = await database.value("SELECT count(DISTINCT model_id) FROM hf.model_tasks")
    runs = await database.fetch(
        "SELECT run_id, status, models FROM hf.crawl_runs WHERE mode = 'cards' ORDER BY run_id"
    )
    assert interrupted.returncode == 130 and resumed.code == 0, resumed.stderr
    assert [r["status"] for r in runs] == ["interrupted", "succeeded"]
    assert 0 < runs[0]["models"] == fetched_first < ranked  # every card fetched was stored
    assert fetched_in_all == ranked  # the second run fetched only the rest
    assert runs[1]["models"] == ranked - fetched_first
    assert status["cards"]["run_id"] == runs[1]["run_id"]
    assert [r["run_id"] for r in runs] == [r["run_id"] for r in status["recent"][1::-1]]


async def some_cards_asked_for(hub: RunningHub) -> None:
    """Until the fake Hub's resolver has been asked for a few cards (it counts them)."""
    async with asyncio.timeout(BOUND_S):
        while True:
            if hub.state.counts["resolver_requests"] >= 10:
                return
            await asyncio.sleep(0.05)


async def test_prune_keeps_the_newest_crawl_s_history_when_a_cards_run_came_after_it(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = await crawled(hub, database, tmp_path)
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
    await database.fetch("UPDATE hf.crawl_runs SET started_at = now() - interval '40 days'")
    before = await database.value("SELECT count(*) FROM hf.ranking_at(1)")
    pruned = await run_cli("prune", "--keep", "30d", env=env, cwd=tmp_path)
    assert pruned.code == 0, pruned.stderr
    assert await database.value("SELECT count(*) FROM hf.ranking_at(1)") == before > 0
