"""`--details-budget N`: a run spends at most N requests on `GET /api/models/{id}` for the
best-ranked models, stores what the fake Hub serves for them, and a rerun within the week
asks for the next ones only; `plan` states the budget; `show` gives the Hub's figures."""

from __future__ import annotations

import json
from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=3, models_per_task=40, overlap=0.3, seed=41, lineage_share=0.5)
BUDGET = 25


async def test_a_budget_fetches_the_best_ranked_models_details_once_a_week(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500", HF_CRAWL_DETAILS_BUDGET=str(BUDGET))
        plan = await run_cli("plan", env=env, cwd=tmp_path)
        first = await run_cli("--log-format", "json", env=env, cwd=tmp_path)
        stored = await database.fetch("SELECT * FROM hf.model_details ORDER BY model_id")
        ranks = await database.fetch(
            "SELECT model_id, min(rank_in_task) AS best FROM hf.model_tasks GROUP BY 1"
        )
        second = await run_cli("--log-format", "json", env=env, cwd=tmp_path)
        total = await database.value("SELECT count(*) FROM hf.model_details")
        catalogue = hub.catalogue
        shown = await run_cli(
            "show", stored[0]["model_id"], "--format", "json", env=env, cwd=tmp_path
        )
    assert plan.code == first.code == second.code == shown.code == 0, first.stderr
    assert f"up to {BUDGET} requests" in plan.stdout
    best = sorted(ranks, key=lambda r: (r["best"], r["model_id"]))[:BUDGET]
    assert [r["model_id"] for r in stored] == sorted(r["model_id"] for r in best)
    for row in stored:
        model = catalogue.by_id[row["model_id"]]
        edges = sorted(catalogue.lineage.get(model.model_id, ()))
        assert row["used_storage"] == 1000 + model.downloads % 10**9
        assert row["children_count"] == catalogue.children_count(model.model_id)
        assert row["base_relation"] == (edges[0][1] if edges else None)
        assert row["base_models"] == ([b for b, _ in edges] if edges else None)
    logged = [json.loads(x) for x in first.stderr.splitlines() if "model_details_stored" in x]
    assert logged and logged[0]["fetched"] == BUDGET
    assert total == 2 * BUDGET  # the rerun fetched the next best, not the same again
    on_hub = json.loads(shown.stdout)["lineage"]["on_hub"]
    assert on_hub["used_storage"] == stored[0]["used_storage"]


async def test_a_model_the_hub_no_longer_serves_is_counted_and_the_run_goes_on(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500", HF_CRAWL_DETAILS_BUDGET="5")
        best = hub.catalogue.ground_truth(limit=1).rankings[SPEC.task_ids()[0]][0]
        del hub.catalogue.by_id[best]  # its page answers 401 now, as for a deleted repo
        run = await run_cli("--log-format", "json", env=env, cwd=tmp_path)
        stored = await database.fetch("SELECT model_id FROM hf.model_details")
    assert run.code == 0, run.stderr
    logged = next(json.loads(x) for x in run.stderr.splitlines() if "model_details_stored" in x)
    assert (logged["fetched"], logged["gone"]) == (4, 1)
    assert best not in {r["model_id"] for r in stored} and len(stored) == 4
