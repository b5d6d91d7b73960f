"""Spaces on the engine: after a crawl of the fake Hub with `--repos models,spaces`, the
stored top Spaces by likes, their fields and their links to models and datasets equal its
ground truth, before and after a drift; each run's ranking is in the history with the
likes of then; and each ranked model counts the ranked Spaces that use it (hf.pick's
spaces_count)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=3, models_per_task=30, overlap=0.3, seed=61, spaces=90)
TOP = 40


async def truth(hub: RunningHub) -> dict[str, Any]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{hub.url}/_fake/spaces/truth?limit={TOP}") as resp,
    ):
        found: dict[str, Any] = await resp.json()
    return found


async def stored(database: Database) -> dict[str, Any]:
    rows = await database.fetch(
        "SELECT s.space_id, s.author, s.sdk, s.likes, s.trending_score, s.runtime_stage,"
        " s.runtime_hardware, s.models, s.datasets, s.created_at_hub, s.last_modified, r.rank"
        " FROM hf.spaces AS s JOIN hf.space_ranks AS r USING (space_id)"
        " WHERE r.ranking = 'likes' ORDER BY r.rank"
    )
    spaces = {
        r["space_id"]: {
            "author": r["author"],
            "sdk": r["sdk"],
            "likes": r["likes"],
            "trending_score": r["trending_score"],
            "runtime_stage": r["runtime_stage"],
            "runtime_hardware": r["runtime_hardware"],
            "models": list(r["models"]),
            "datasets": list(r["datasets"]),
            "created_at": iso(r["created_at_hub"]),
            "last_modified": iso(r["last_modified"]),
        }
        for r in rows
    }
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    return {"ranking": [r["space_id"] for r in rows], "spaces": spaces}


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.000Z")


async def links(database: Database, view: str, column: str) -> set[tuple[str, str]]:
    rows = await database.fetch(f"SELECT space_id, {column} FROM hf.{view}")
    return {(r[0], r[1]) for r in rows}


async def test_the_stored_spaces_and_their_links_equal_the_truth_before_and_after_a_drift(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(
            hub,
            database,
            HF_CRAWL_RPS="500",
            HF_CRAWL_REPOS="models,spaces",
            HF_CRAWL_SPACES_TOP=str(TOP),
        )
        runs = []
        for day in range(2):
            if day:
                async with aiohttp.ClientSession() as http:
                    await http.post(f"{hub.url}/_fake/drift?seed=5&pct=5")
            assert (await run_cli(env=env, cwd=tmp_path)).code == 0
            want = await truth(hub)
            got = await stored(database)
            assert got == want
            run = await database.value("SELECT max(run_id) FROM hf.crawl_runs")
            history = await database.fetch(
                "SELECT space_id, likes FROM hf.space_ranking_at($1) ORDER BY rank", run
            )
            assert [(r[0], r[1]) for r in history] == [
                (s, want["spaces"][s]["likes"]) for s in want["ranking"]
            ]
            assert await database.value(
                "SELECT spaces FROM hf.crawl_runs WHERE run_id = $1", run
            ) == len(want["ranking"])
            runs.append(want)
            # Every link the Hub lists, also to repos the catalogue does not hold.
            every = {**{s: v for r in runs for s, v in r["spaces"].items()}, **want["spaces"]}
            assert await links(database, "space_models", "model_id") == {
                (s, m) for s, v in every.items() for m in v["models"]
            }
            assert await links(database, "space_datasets", "dataset_id") == {
                (s, d) for s, v in every.items() for d in v["datasets"]
            }
            counts = Counter(m for v in want["spaces"].values() for m in v["models"])
            got_counts = await database.fetch("SELECT model_id, spaces FROM hf.model_space_counts")
            assert {r[0]: r[1] for r in got_counts} == dict(counts)
            picked = await database.fetch(
                "SELECT model_id, spaces_count FROM hf.pick(task => $1, sort => 'spaces',"
                " top => 1000)",
                hub.catalogue.task_ids[0],
            )
            assert picked and [r[1] for r in picked] == sorted(
                (counts[r[0]] for r in picked), reverse=True
            )
            assert all(r[1] == counts[r[0]] for r in picked)
        report = await run_cli("report", "--format", "json", "--top", "5", env=env, cwd=tmp_path)
        shown = json.loads(report.stdout)["models_by_spaces"]
        ranked = {m for r in (await database.rankings()).values() for m in r}
        most = sorted(((-n, m) for m, n in counts.items() if m in ranked))[:5]
        assert [(r["model"], r["spaces"]) for r in shown] == [(m, -n) for n, m in most]
        assert runs[0] != runs[1]  # the drift moved likes and links
        assert any(m.startswith("unlisted-org/") for v in every.values() for m in v["models"])


async def test_a_failed_spaces_listing_keeps_their_ranking_and_the_run_is_partial(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(
            hub,
            database,
            HF_CRAWL_RPS="500",
            HF_CRAWL_REPOS="models,spaces",
            HF_CRAWL_SPACES_TOP=str(TOP),
            HF_CRAWL_COLLECTIONS_TOP="5",
        )
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        kept = await stored(database)
        hub.state.faults = hub.state.faults.updated({"failing_listings": ["spaces", "collections"]})
        async with aiohttp.ClientSession() as http:
            await http.post(f"{hub.url}/_fake/drift?seed=5&pct=5")
        failed = await run_cli(env=env, cwd=tmp_path)
        after = await stored(database)
        run = await database.fetch(
            "SELECT status, spaces_failed, collections_failed, tasks_ok FROM hf.crawl_runs"
            " ORDER BY run_id DESC LIMIT 1"
        )
    assert failed.code == 1, failed.stderr
    assert after == kept  # the last ranking stands until a run reads the listing again
    assert dict(run[0]) == {
        "status": "partial",
        "spaces_failed": True,
        "collections_failed": True,
        "tasks_ok": len(hub.catalogue.task_ids),
    }


async def test_a_full_hub_walk_ranks_the_spaces_from_their_own_listing(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(
            hub,
            database,
            HF_CRAWL_RPS="500",
            HF_CRAWL_REPOS="models,spaces",
            HF_CRAWL_SPACES_TOP=str(TOP),
        )
        walked = await run_cli("--all-models", env=env, cwd=tmp_path)
        want = await truth(hub)
        got = await stored(database)
        counted = await database.value("SELECT spaces FROM hf.crawl_runs ORDER BY run_id DESC")
    assert walked.code == 0, walked.stderr
    assert got == want
    assert counted == TOP
