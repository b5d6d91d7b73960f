"""`hf-crawl pick` on the fake Hub: the models of a task that fit a size limit and a licence
class, in the task's order, equal the list computed from the fake Hub's ground truth, and
hf.pick gives the same rows."""

from __future__ import annotations

import json
from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.generate import FakeModel
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cli import env_for, run_cli
from tests.e2e.test_sizes_crawled import served

SPEC = CatalogueSpec(tasks=4, models_per_task=80, overlap=0.3, seed=21, lineage_share=0.4)
# The classes of the licence ids the fake Hub serves (as the Hub's licence docs describe
# them): the permissive ones allow commercial use.
PERMISSIVE = {"apache-2.0", "mit", "cc-by-4.0", "bsd-3-clause"}
EIGHT_B = 8 * 10**9


def served_licence(model: FakeModel) -> str | None:
    """The licence a crawl stores: the card's (its first, when it lists several), else the
    first `license:` tag."""
    declared = (model.card_data or {}).get("license")
    if isinstance(declared, list):
        declared = declared[0]
    if isinstance(declared, str):
        return declared
    return next((t.split(":", 1)[1] for t in model.tags if t.startswith("license:")), None)


def family_root(hub: RunningHub, model_id: str, stored: set[str]) -> str | None:
    """The deepest ancestor by the lineage of stored models (ties: the lowest id)."""
    edges, frontier, depth, seen = [], [model_id], 0, {model_id}
    while frontier:
        depth += 1
        bases = [b for m in frontier if m in stored for b, _ in hub.catalogue.lineage.get(m, ())]
        edges += [(depth, b) for b in bases]
        frontier = [b for b in dict.fromkeys(bases) if b not in seen]
        seen.update(frontier)
    return min(edges, key=lambda e: (-e[0], e[1]))[1] if edges else None


async def test_pick_equals_the_list_computed_from_the_fake_hubs_truth(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli("--limit-per-task", "80", env=env, cwd=tmp_path)).code == 0
        task = SPEC.task_ids()[0]
        picked = await run_cli(
            "pick",
            "--task",
            task,
            "--max-params",
            "8B",
            "--license-class",
            "permissive",
            "--limit",
            "1000",
            "--format",
            "json",
            env=env,
            cwd=tmp_path,
        )
        stored = {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.models")}
        ranking = hub.catalogue.ground_truth([task], limit=80).rankings[task]
        models = hub.catalogue.by_id
        want = []
        for rank, model_id in enumerate(ranking, start=1):
            model = models[model_id]
            total = served(model)[0]
            if total is None or total > EIGHT_B or served_licence(model) not in PERMISSIVE:
                continue
            want.append(
                {
                    "model_id": model_id,
                    "rank_in_task": rank,
                    "downloads": model.downloads,
                    "downloads_change_7d": None,  # one run: no week of history
                    "likes": model.likes,
                    "params_total": total,
                    "license": served_licence(model),
                    "license_class": "permissive",
                    "commercial_use": "yes",
                    "base_model": family_root(hub, model_id, stored),
                }
            )
        from_sql = await database.fetch(
            "SELECT * FROM hf.pick(task => $1, max_params => $2,"
            " license_classes => ARRAY['permissive'], top => 1000)",
            task,
            EIGHT_B,
        )
    assert picked.code == 0, picked.stderr
    got = json.loads(picked.stdout)
    assert len(want) >= 5 and any(w["base_model"] for w in want)
    assert [{k: g[k] for k in want[0]} for g in got] == want
    assert [{k: r[k] for k in want[0]} for r in from_sql] == want


async def test_pick_refuses_a_bad_size_an_unknown_class_and_an_unknown_task(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli("--limit-per-task", "5", env=env, cwd=tmp_path)).code == 0
        task = SPEC.task_ids()[0]
        size = await run_cli("pick", "--task", task, "--max-params", "8 GB", env=env, cwd=tmp_path)
        klass = await run_cli(
            "pick", "--task", task, "--license-class", "free", env=env, cwd=tmp_path
        )
        nothing = await run_cli("pick", "--task", "no-such-task", env=env, cwd=tmp_path)
    for result, said in ((size, "is not a size"), (klass, "--license-class"), (nothing, "--task")):
        assert result.code == 2 and said in result.stderr and "Traceback" not in result.stderr
        said_lines = [line for line in result.stderr.splitlines() if line.startswith("hf-crawl:")]
        assert len(said_lines) == 1 and said in said_lines[0], result.stderr
