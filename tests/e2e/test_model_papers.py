"""A model's papers come free with the listing: after a crawl of the fake Hub, every
stored model's `arxiv:` tags are its rows of hf.model_papers, and a tag the Hub drops
leaves with the next crawl."""

from __future__ import annotations

from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=3, models_per_task=40, overlap=0.3, seed=53)


def tagged(hub: RunningHub, models: set[str]) -> set[tuple[str, str]]:
    return {
        (m, t.removeprefix("arxiv:"))
        for m in models
        for t in hub.catalogue.by_id[m].tags
        if t.startswith("arxiv:")
    }


async def test_the_arxiv_tags_of_every_stored_model_are_its_papers(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        models = {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.models")}
        first = await database.fetch("SELECT model_id, arxiv_id FROM hf.model_papers")
        want = tagged(hub, models)
        dropped = sorted(want)[0]
        model = hub.catalogue.by_id[dropped[0]]
        model.tags = tuple(t for t in model.tags if t != f"arxiv:{dropped[1]}")
        hub.catalogue.touch()
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        second = await database.fetch("SELECT model_id, arxiv_id FROM hf.model_papers")
    assert want and {tuple(r) for r in first} == want
    assert {tuple(r) for r in second} == want - {dropped}
