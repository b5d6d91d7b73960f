"""The referee for datasets: huggingface_hub's `list_datasets`, `get_dataset_tags` and
`hf_hub_download` read the fake Hub's datasets as the ground truth says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from huggingface_hub import HfApi, get_session, hf_hub_download
from huggingface_hub.hf_api import ExpandDatasetProperty_T

from hf_crawler.fakehub.app import HubState
from hf_crawler.fakehub.catalogue import CatalogueSpec, sort_key
from hf_crawler.fakehub.dataset_routes import card_bytes
from tests.conformance.serving import served_in_thread
from tests.conftest import hub_state

SPEC = CatalogueSpec(tasks=6, models_per_task=40, overlap=0.3, seed=5, datasets_per_task=220)
EXPAND: list[ExpandDatasetProperty_T] = [
    "author",
    "downloads",
    "likes",
    "tags",
    "createdAt",
    "lastModified",
    "cardData",
    "sha",
]


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, HubState]]:
    state = hub_state(spec=SPEC)
    with served_in_thread(state) as url:
        yield url, state


def test_each_tasks_top_datasets_by_downloads_match_the_ground_truth(
    served: tuple[str, HubState],
) -> None:
    url, state = served
    api = HfApi(endpoint=url, token=False)
    for task in state.catalogue.task_ids:
        found = list(api.list_datasets(task_categories=task, sort="downloads", limit=100))
        truth = state.catalogue.dataset_truth([task], limit=100).rankings[task]
        assert [d.id for d in found] == list(truth)
    first = next(iter(api.list_datasets(sort="downloads", limit=1, expand=EXPAND)))
    fake = state.catalogue.datasets_by_id[first.id]
    assert (first.downloads, first.likes, first.sha) == (fake.downloads, fake.likes, fake.sha)
    assert first.tags == list(fake.tags) and first.card_data is not None
    assert first.created_at is not None and first.last_modified is not None


def test_the_whole_listing_pages_by_link_once_each_in_order(
    served: tuple[str, HubState],
) -> None:
    url, state = served
    listed = [d.id for d in HfApi(endpoint=url, token=False).list_datasets(sort="likes")]
    public = [d for d in state.catalogue.datasets if not d.private]
    public.sort(key=lambda d: sort_key(d.likes, d.hub_id))
    assert len(public) > 1000  # more than one page
    assert listed == [d.dataset_id for d in public]


def test_expand_with_full_is_refused_and_the_tag_vocabulary_is_listed(
    served: tuple[str, HubState],
) -> None:
    url, state = served
    api = HfApi(endpoint=url, token=False)
    both = get_session().get(f"{url}/api/datasets?expand[]=downloads&full=true")
    assert both.status_code == 400  # huggingface_hub refuses it before asking
    vocabulary = api.get_dataset_tags()
    task_tags = {t["id"] for t in vocabulary["task_categories"]}
    assert task_tags == {f"task_categories:{t}" for t in state.catalogue.task_ids}


def test_a_dataset_card_comes_through_the_resolver(
    served: tuple[str, HubState], tmp_path: Path
) -> None:
    url, state = served
    dataset = next(
        d for d in state.catalogue.datasets if card_bytes(d) is not None and d.gated != "manual"
    )
    path = hf_hub_download(
        dataset.dataset_id,
        "README.md",
        repo_type="dataset",
        endpoint=url,
        cache_dir=tmp_path,
        revision=dataset.sha,
    )
    assert Path(path).read_bytes() == card_bytes(dataset)
