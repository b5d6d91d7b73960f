"""The referee: the official `huggingface_hub` client reads our fake Hub correctly.

huggingface_hub is synchronous, so the fake Hub runs on its own event loop in a thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import cast

import pytest
import yaml
from huggingface_hub import HfApi, ModelCard, ModelCardData
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.hf_api import ExpandModelProperty_T

from hf_crawler.entities.card_meta import eval_results, model_index, read_front_matter
from hf_crawler.fakehub.app import HubState
from hf_crawler.fakehub.cards import card_bytes, card_kind
from hf_crawler.fakehub.catalogue import CatalogueSpec, sort_key
from hf_crawler.fakehub.neighbourhood import paper
from tests.conformance.serving import served_in_thread
from tests.conftest import hub_state

EXPAND: list[ExpandModelProperty_T] = [
    "downloads",
    "likes",
    "pipeline_tag",
    "tags",
    "createdAt",
    "lastModified",
    "cardData",
    "gated",
    "author",
    "library_name",
    "trendingScore",
]


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, HubState]]:
    state = hub_state(spec=CatalogueSpec(tasks=6, models_per_task=450, overlap=0.3, seed=3))
    with served_in_thread(state) as url:
        yield url, state


def test_top_n_by_downloads_with_expand_matches_the_ground_truth(
    served: tuple[str, HubState],
) -> None:
    url, state = served
    api = HfApi(endpoint=url, token=False)
    for task in state.catalogue.task_ids:
        models = list(api.list_models(filter=task, sort="downloads", limit=50, expand=EXPAND))
        truth = state.catalogue.ground_truth([task], limit=50).rankings[task]
        assert [m.id for m in models] == list(truth)
        first = state.catalogue.by_id[models[0].id]
        assert models[0].downloads == first.downloads and models[0].likes == first.likes
        assert models[0].created_at is not None and models[0].last_modified is not None


def test_paging_across_many_pages_yields_every_model_once_in_order(
    served: tuple[str, HubState],
) -> None:
    url, state = served
    api = HfApi(endpoint=url, token=False)
    # No limit: huggingface_hub follows every Link; the fake serves 1000 a page.
    got = [m.id for m in api.list_models(sort="downloads")]
    expected = sorted(state.catalogue.models, key=lambda m: sort_key(m.downloads, m.hub_id))
    assert len(got) > 2000  # three pages at least
    assert got == [m.model_id for m in expected]


def test_pipeline_tag_filter_and_default_sort(served: tuple[str, HubState]) -> None:
    url, state = served
    api = HfApi(endpoint=url, token=False)
    task = state.catalogue.task_ids[1]
    models = list(islice(api.list_models(pipeline_tag=task), 30))
    assert all(m.pipeline_tag == task for m in models)
    scores = [m.trending_score or 0 for m in models]
    assert scores == sorted(scores, reverse=True)  # trendingScore, descending, by default


def test_model_info_and_tags_by_type(served: tuple[str, HubState]) -> None:
    url, state = served
    api = HfApi(endpoint=url, token=False)
    model = state.catalogue.models[5]
    info = api.model_info(model.model_id)
    assert info.id == model.model_id and info.downloads == model.downloads
    tags = api.get_model_tags()
    assert {t["id"] for t in tags["pipeline_tag"]} >= set(state.catalogue.task_ids)


def test_hf_hub_download_fetches_a_card_through_the_resolver(
    served: tuple[str, HubState], tmp_path: Path
) -> None:
    from huggingface_hub import hf_hub_download

    url, state = served
    with_card = [
        m for m in state.catalogue.models if card_kind(m) == "normal" and m.gated != "manual"
    ]
    model = with_card[0]
    path = hf_hub_download(
        model.model_id, "README.md", endpoint=url, cache_dir=tmp_path, revision=model.sha
    )
    assert Path(path).read_bytes() == card_bytes(model)


def test_huggingface_hubs_model_card_reads_the_fake_front_matter_as_we_do() -> None:
    """huggingface_hub's ModelCard parses the fake cards' `base_model` and `model-index`
    into what hf-crawler stores (its EvalResult rows against ours)."""
    spec = CatalogueSpec(tasks=4, models_per_task=60, seed=31, lineage_share=0.5, eval_share=0.5)
    models = [
        m
        for m in hub_state(spec=spec).catalogue.models
        if card_kind(m) == "normal"
        and ("model-index" in m.card_extra or "base_model" in m.card_extra)
    ]
    assert len(models) > 20
    for model in models:
        text = (card_bytes(model) or b"").decode()
        theirs = cast(ModelCardData, ModelCard(text, ignore_metadata_errors=False).data)
        ours = read_front_matter(text)
        assert ours.data is not None
        assert ours.data.get("base_model") == theirs.base_model
        # A value written as text is text to huggingface_hub; hf-crawler keeps that text
        # and reads its number too.
        rows = [
            (r.task_type, r.dataset_id, r.dataset_name, r.metric_type, r.value_text, r.verified)
            if r.value_text is not None
            else (r.task_type, r.dataset_id, r.dataset_name, r.metric_type, r.value, r.verified)
            for r in eval_results(ours.data)
        ]
        expected = [
            (e.task_type, e.dataset_type, e.dataset_name, e.metric_type, e.metric_value, e.verified)
            for e in theirs.eval_results or []
        ]
        assert rows == expected, model.model_id


def test_the_cards_huggingface_hub_refuses_in_part_are_refused_by_us_too() -> None:
    """A tab after a value: huggingface_hub's ModelCard raises on the YAML, our front matter
    is invalid. A result without a dataset: its ModelCard keeps no evaluation results
    (ignore_metadata_errors) or raises, our model-index is refused and gives no rows."""
    spec = CatalogueSpec(tasks=4, models_per_task=100, seed=31, eval_share=0.5)
    models = hub_state(spec=spec).catalogue.models
    tabbed = [m for m in models if card_kind(m) == "tabbed"]
    undatasetted = [m for m in models if card_kind(m) == "undatasetted"]
    assert tabbed and undatasetted
    for model in tabbed:
        text = (card_bytes(model) or b"").decode()
        with pytest.raises(yaml.YAMLError):
            ModelCard(text, ignore_metadata_errors=True)
        assert read_front_matter(text).status == "invalid"
    for model in undatasetted:
        text = (card_bytes(model) or b"").decode()
        kept = cast(ModelCardData, ModelCard(text, ignore_metadata_errors=True).data)
        assert kept.eval_results is None
        with pytest.raises(ValueError, match="Invalid `model_index`"):
            ModelCard(text, ignore_metadata_errors=False)
        ours = model_index(read_front_matter(text).data)
        assert ours.results == () and ours.error == "KeyError: 'dataset'"


def test_sizes_are_read_by_huggingface_hub_as_the_fake_hub_serves_them(
    served: tuple[str, HubState],
) -> None:
    url, state = served
    api = HfApi(endpoint=url, token=False)
    task = state.catalogue.task_ids[0]
    models = list(api.list_models(filter=task, limit=300, expand=["safetensors", "gguf"]))
    kinds = set()
    for info in models:
        fake = state.catalogue.by_id[info.id]
        if fake.safetensors is None:
            assert info.safetensors is None
        else:
            assert info.safetensors is not None
            assert info.safetensors.total == fake.safetensors["total"]
            assert info.safetensors.parameters == fake.safetensors["parameters"]
        assert info.gguf == fake.gguf
        kinds.add((fake.safetensors is not None, fake.gguf is not None))
    assert kinds == {(True, False), (False, True), (True, True), (False, False)}  # every gap


@pytest.mark.parametrize("per_model", ["usedStorage", "baseModels", "childrenModelCount"])
def test_what_the_hub_gives_only_per_model_is_refused_on_the_listing(
    served: tuple[str, HubState], per_model: str
) -> None:
    url, _ = served
    api = HfApi(endpoint=url, token=False)
    with pytest.raises(HfHubHTTPError) as refused:
        list(api.list_models(limit=5, expand=[cast(ExpandModelProperty_T, per_model)]))
    assert refused.value.response.status_code == 400


def test_evaluation_results_are_read_by_huggingface_hub_in_both_forms(
    served: tuple[str, HubState],
) -> None:
    url, state = served
    api = HfApi(endpoint=url, token=False)
    task = state.catalogue.task_ids[0]
    models = list(api.list_models(filter=task, limit=1000, expand=["evalResults"]))
    forms = set()
    for info in models:
        fake = state.catalogue.by_id[info.id].eval_results
        if fake is None:
            assert info.eval_results is None
            continue
        entries = [e.get("data", e) for e in fake]
        assert info.eval_results is not None
        read = [
            (e.dataset_id, e.task_id, e.value, e.date, e.verify_token) for e in info.eval_results
        ]
        assert read == [
            (
                d["dataset"]["id"],
                d["dataset"]["task_id"],
                d["value"],
                d["date"],
                d.get("verifyToken"),
            )
            for d in entries
        ]
        forms.add("data" in fake[0])
    assert forms == {True, False}  # bare entries and entries wrapped as {filename, data}


def test_model_details_are_read_by_huggingface_hub_from_model_info() -> None:
    state = hub_state(spec=CatalogueSpec(tasks=3, models_per_task=100, seed=5, lineage_share=0.5))
    with served_in_thread(state) as url:
        _read_model_details(url, state)


def _read_model_details(url: str, state: HubState) -> None:
    api = HfApi(endpoint=url, token=False)
    catalogue = state.catalogue
    derived = [m for m in catalogue.models if m.model_id in catalogue.lineage][:5]
    bases = [m for m in catalogue.models if catalogue.children_count(m.model_id)][:5]
    assert derived and bases
    for model in [*derived, *bases]:
        info = api.model_info(
            model.model_id, expand=["usedStorage", "baseModels", "childrenModelCount"]
        )
        assert info.used_storage == 1000 + model.downloads % 10**9
        assert info.children_model_count == catalogue.children_count(model.model_id)
        edges = sorted(catalogue.lineage.get(model.model_id, ()))
        if edges:
            assert info.base_models == {  # type: ignore[comparison-overlap]
                "relation": edges[0][1],
                "models": [{"id": base} for base, _ in edges],
            }
        else:
            assert info.base_models is None


def test_spaces_papers_and_collections_are_read_by_huggingface_hub() -> None:
    spec = CatalogueSpec(
        tasks=3, models_per_task=60, seed=9, datasets_per_task=10, spaces=120, collections=30
    )
    state = hub_state(spec=spec)
    with served_in_thread(state) as url:
        api = HfApi(endpoint=url, token=False)
        catalogue = state.catalogue
        listed = list(
            api.list_spaces(
                sort="likes", limit=120, expand=["models", "datasets", "likes", "sdk", "runtime"]
            )
        )
        by_likes = sorted(catalogue.spaces, key=lambda s: (-s.likes, s.space_id))
        assert [s.id for s in listed] == [s.space_id for s in by_likes]
        for info, fake in zip(listed, by_likes, strict=True):
            assert (info.likes, info.sdk) == (fake.likes, fake.sdk)
            assert (info.models or []) == fake.models and (info.datasets or []) == fake.datasets
            assert info.runtime is not None and info.runtime.stage == fake.stage
        assert any(not s.models for s in by_likes) and any(len(s.models) > 1 for s in by_likes)
        papers = sorted(catalogue.arxiv_ids)[:15]
        pages = {arxiv_id: paper(arxiv_id) for arxiv_id in papers}
        assert any(pages.values()) and not all(pages.values())  # some ids have no page
        for arxiv_id, page in pages.items():
            if page is None:
                with pytest.raises(HfHubHTTPError, match="404"):
                    api.paper_info(arxiv_id)
                continue
            info_paper = api.paper_info(arxiv_id)
            assert (info_paper.id, info_paper.title, info_paper.upvotes) == (
                arxiv_id,
                page["title"],
                page["upvotes"],
            )
            assert [a.name for a in info_paper.authors or []] == [
                a["name"] for a in page["authors"]
            ]
            assert info_paper.github_repo == page.get("githubRepo")
        collections = list(api.list_collections(sort="upvotes", limit=30))
        by_votes = sorted(catalogue.collections, key=lambda c: (-c.upvotes, c.slug))
        assert [c.slug for c in collections] == [c.slug for c in by_votes]
        assert all(len(c.items) <= 4 for c in collections)
        for listed_collection in by_votes[:5]:
            whole = api.get_collection(listed_collection.slug)
            assert [(i.item_id, i.item_type, i.position) for i in whole.items] == [
                (i["id"], i["type"], i["position"]) for i in listed_collection.items
            ]
            notes = [i.get("note", {}).get("text") for i in listed_collection.items]
            assert [i.note for i in whole.items] == notes
