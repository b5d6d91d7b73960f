"""Lineage kept in step by every crawl: the edges stored are those the fake Hub's tags give
for the stored models, and an edge the Hub drops leaves with the next crawl (also when no
staged model states any lineage at all)."""

from __future__ import annotations

import json
from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_card_metadata import crawled
from tests.e2e.test_cli import run_cli
from tests.e2e.test_pipeline import crawl

SPEC = CatalogueSpec(tasks=4, models_per_task=60, overlap=0.3, seed=23, lineage_share=0.4)


def expected(hub: RunningHub, stored: set[str]) -> set[tuple[str, str, str]]:
    lineage = hub.catalogue.lineage
    return {(m, base, rel) for m in stored for base, rel in lineage.get(m, ())}


async def stored_edges(database: Database) -> set[tuple[str, str, str]]:
    rows = await database.fetch("SELECT * FROM hf.model_lineage")
    return {(r["model_id"], r["base_model_id"], r["relation"]) for r in rows}


async def test_the_stored_lineage_is_the_fake_hubs_and_follows_its_changes(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        assert (await crawl(hub, database, limit_per_task=60)).status == "succeeded"
        stored = {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.models")}
        first = await stored_edges(database)
        want_first = expected(hub, stored)
        relations = {rel for _, _, rel in want_first}
        changed = sorted({m for m, _, _ in want_first})[:3]
        for model_id in changed:  # the Hub drops these models' base tags
            model = hub.catalogue.by_id[model_id]
            model.tags = tuple(t for t in model.tags if not t.startswith("base_model:"))
            del hub.catalogue.lineage[model_id]
        hub.catalogue.touch()
        assert (await crawl(hub, database, limit_per_task=60)).status == "succeeded"
        second = await stored_edges(database)
        want_second = expected(hub, stored)
        for model in hub.catalogue.models:  # then every base tag goes
            model.tags = tuple(t for t in model.tags if not t.startswith("base_model:"))
        hub.catalogue.touch()
        assert (await crawl(hub, database, limit_per_task=60)).status == "succeeded"
        third = await stored_edges(database)
    assert relations == {"finetune", "adapter", "quantized", "merge", "unspecified"}
    assert first == want_first
    assert any(base not in stored for _, base, _ in first)  # bases the catalogue lacks stay
    assert second == want_second
    assert not {m for m, _, _ in second} & set(changed)
    assert third == set()


async def test_the_report_shows_the_biggest_families_in_every_format(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, _ = await crawled(hub, database, tmp_path, 60)
        as_json = await run_cli("report", "--format", "json", "--top", "3", env=env, cwd=tmp_path)
        markdown = await run_cli("report", "--format", "markdown", env=env, cwd=tmp_path)
        plain = await run_cli("report", env=env, cwd=tmp_path)
        html = await run_cli("report", "--format", "html", env=env, cwd=tmp_path)
    derived: dict[str, set[str]] = {}
    for model_id, base, _ in await stored_edges(database):
        derived.setdefault(base, set()).add(model_id)
    most = max(len(ids) for ids in derived.values())
    families = json.loads(as_json.stdout)["families"]
    assert len(families) == 3
    assert families[0]["derived_models"] == most
    assert [f["derived_models"] for f in families] == sorted(
        (len(derived[f["base_model"]]) for f in families), reverse=True
    )
    top = families[0]["base_model"]
    assert "## Model Families" in markdown.stdout and top in markdown.stdout
    assert "Biggest model families" in plain.stdout and top in plain.stdout
    assert "<h2>Biggest model families</h2>" in html.stdout and top in html.stdout
