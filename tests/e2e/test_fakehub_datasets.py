"""The fake Hub's datasets over a socket: the links models state, the reshuffle of datasets
alone, the ground truth and the quota datasets share with models."""

from __future__ import annotations

from typing import cast

import aiohttp

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.quota import FixedWindowQuota
from tests.conftest import StartHub, hub_state

SPEC = CatalogueSpec(
    tasks=4, models_per_task=50, seed=9, datasets_per_task=30, dataset_link_share=0.5
)


def test_links_are_what_the_models_tags_and_cards_state() -> None:
    catalogue = hub_state(spec=SPEC).catalogue
    stated = set()
    for model in catalogue.models:
        stated |= {(model.model_id, t[8:], "tag") for t in model.tags if t.startswith("dataset:")}
        named = cast(list[str], model.card_extra.get("datasets", []))
        stated |= {(model.model_id, d, "card") for d in named}
    sources = {source for _, _, source in catalogue.dataset_links}
    unlisted = {d for _, d, _ in catalogue.dataset_links if d not in catalogue.datasets_by_id}
    assert stated == catalogue.dataset_links and sources == {"tag", "card"} and unlisted
    tagged_only_in_card = {(m, d) for m, d, s in stated if s == "card"} - {
        (m, d) for m, d, s in stated if s == "tag"
    }
    assert tagged_only_in_card  # some links only the card states


async def test_a_reshuffle_of_datasets_moves_their_rankings_not_the_models(
    start_hub: StartHub,
) -> None:
    async with start_hub(spec=SPEC) as hub, aiohttp.ClientSession() as http:
        models_before = hub.catalogue.ground_truth(limit=20).rankings
        async with http.get(f"{hub.url}/_fake/datasets/truth?limit=20") as resp:
            before = (await resp.json())["rankings"]
        async with http.post(f"{hub.url}/_fake/reshuffle?kind=datasets&seed=3&fraction=0.9"):
            pass
        async with http.get(f"{hub.url}/_fake/datasets/truth?limit=20") as resp:
            after = await resp.json()
    assert hub.catalogue.ground_truth(limit=20).rankings == models_before
    assert after["rankings"] != before
    expected = hub.catalogue.dataset_truth(limit=20).rankings
    assert after["rankings"] == {k: list(v) for k, v in expected.items()}
    assert [tuple(link) for link in after["links"]] == sorted(hub.catalogue.dataset_links)


async def test_dataset_requests_count_against_the_api_quota(start_hub: StartHub) -> None:
    quota = FixedWindowQuota(anonymous=3, enforce=True)
    async with start_hub(spec=SPEC, quota=quota) as hub, aiohttp.ClientSession() as http:
        statuses = []
        for path in ("/api/models", "/api/datasets", "/api/datasets", "/api/datasets"):
            async with http.get(f"{hub.url}{path}?limit=1") as resp:
                statuses.append(resp.status)
    assert statuses == [200, 200, 200, 429]
