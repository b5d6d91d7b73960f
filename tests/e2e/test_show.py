"""`hf-crawl show MODEL`: everything known of one model in one JSON object. On a model of
the fake Hub with lineage, evaluation results and datasets, each part lists all of them as
the database and the fake Hub's truth have them."""

from __future__ import annotations

import json
from pathlib import Path

from hf_crawler.fakehub import neighbourhood
from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(
    tasks=4,
    models_per_task=60,
    overlap=0.4,
    seed=23,
    lineage_share=0.6,
    eval_share=0.6,
    datasets_per_task=40,
    dataset_link_share=0.6,
)
KEYS = {
    "model",
    "rankings",
    "history",
    "lineage",
    "evaluations",
    "datasets",
    "papers",
    "spaces",
    "collections",
    "sections",
}


async def test_show_lists_a_models_lineage_evaluations_and_datasets(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli("--limit-per-task", "60", env=env, cwd=tmp_path)).code == 0
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        rich = await database.fetch(
            "SELECT m.model_id FROM hf.models AS m"
            " WHERE EXISTS (SELECT 1 FROM hf.model_lineage AS l WHERE l.model_id = m.model_id)"
            " AND EXISTS (SELECT 1 FROM hf.evaluations AS e WHERE e.model_id = m.model_id)"
            " AND EXISTS (SELECT 1 FROM hf.model_datasets AS d WHERE d.model_id = m.model_id)"
            " ORDER BY m.model_id"
        )
        assert rich, "the fake Hub drew no model with lineage, evaluations and datasets"
        model_id = rich[0]["model_id"]
        shown = await run_cli("show", model_id, "--format", "json", env=env, cwd=tmp_path)
        table = await run_cli("show", model_id, env=env, cwd=tmp_path)
        truth = hub.catalogue.ground_truth(limit=60)
        lineage = hub.catalogue.lineage[model_id]
        hub_tags = {model_id: hub.catalogue.by_id[model_id].tags}
    assert shown.code == 0 and table.code == 0, shown.stderr + table.stderr
    got = json.loads(shown.stdout)
    assert set(got) == KEYS and got["model"]["model_id"] == model_id
    ranks = {
        (task, ids.index(model_id) + 1) for task, ids in truth.rankings.items() if model_id in ids
    }
    assert {(r["task_id"], r["rank_in_task"]) for r in got["rankings"]} == ranks
    assert {(h["task_id"], h["rank_in_task"]) for h in got["history"]} == ranks  # one run
    assert {(b["model_id"], b["relation"]) for b in got["lineage"]["base_models"]} == set(lineage)
    evaluations = await database.fetch(
        "SELECT source, dataset_id, task FROM hf.evaluations WHERE model_id = $1", model_id
    )
    assert sorted((e["source"], e["dataset_id"], e["task"]) for e in got["evaluations"]) == sorted(
        tuple(e) for e in evaluations
    )
    named = await database.fetch(
        "SELECT dataset_id, source FROM hf.model_datasets WHERE model_id = $1", model_id
    )
    assert sorted((d["dataset_id"], d["source"]) for d in got["datasets"]) == sorted(
        tuple(d) for d in named
    )
    assert got["sections"] and got["sections"][0] == [model_id]  # the card's title heading
    tags = hub_tags[model_id]
    assert [p["arxiv_id"] for p in got["papers"]] == sorted(
        t.removeprefix("arxiv:") for t in tags if t.startswith("arxiv:")
    )
    assert model_id in table.stdout and "lineage: based on" in table.stdout


async def test_show_finds_a_model_by_its_name_and_refuses_an_unknown_one(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli("--limit-per-task", "5", env=env, cwd=tmp_path)).code == 0
        model_id = (await database.fetch("SELECT model_id FROM hf.models LIMIT 1"))[0]["model_id"]
        by_name = await run_cli(
            "show", model_id.split("/")[1].upper(), "--format", "json", env=env, cwd=tmp_path
        )
        unknown = await run_cli("show", "nobody/nothing", env=env, cwd=tmp_path)
    assert by_name.code == 0, by_name.stderr
    assert json.loads(by_name.stdout)["model"]["model_id"] == model_id
    said = [line for line in unknown.stderr.splitlines() if line.startswith("hf-crawl:")]
    assert unknown.code == 2 and len(said) == 1 and "no model 'nobody/nothing'" in said[0]


async def test_show_lists_the_spaces_papers_and_collections_around_a_model(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    spec = CatalogueSpec(tasks=2, models_per_task=30, seed=29, spaces=200, collections=60)
    async with start_hub(spec=spec) as hub:
        env = env_for(
            hub,
            database,
            HF_CRAWL_RPS="500",
            HF_CRAWL_REPOS="models,spaces",
            HF_CRAWL_PAPERS_BUDGET="100",
            HF_CRAWL_COLLECTIONS_TOP="60",
        )
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        catalogue = hub.catalogue
        listed = {i["id"] for c in catalogue.collections for i in c.items if i["type"] == "model"}
        used = {m for s in catalogue.spaces for m in s.models}
        papered = {m.model_id for m in catalogue.models if any("arxiv:" in t for t in m.tags)}
        model_id = sorted(listed & used & papered & set(catalogue.by_id))[0]
        shown = await run_cli("show", model_id, "--format", "json", env=env, cwd=tmp_path)
        table = await run_cli("show", model_id, env=env, cwd=tmp_path)
    assert shown.code == 0 and table.code == 0, shown.stderr + table.stderr
    got = json.loads(shown.stdout)
    spaces = sorted(catalogue.spaces, key=lambda s: (-s.likes, s.space_id))
    assert [s["space_id"] for s in got["spaces"]] == [
        s.space_id for s in spaces if model_id in s.models
    ]
    assert {c["slug"] for c in got["collections"]} == {
        c.slug for c in catalogue.collections if any(i["id"] == model_id for i in c.items)
    }
    papers = {t.removeprefix("arxiv:") for t in catalogue.by_id[model_id].tags if "arxiv:" in t}
    for paper in got["papers"]:
        page = neighbourhood.paper(paper["arxiv_id"])
        assert paper["title"] == (None if page is None else page["title"])
    assert {p["arxiv_id"] for p in got["papers"]} == papers
    assert f"used by {len(got['spaces'])} Spaces" in table.stdout
