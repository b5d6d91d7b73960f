"""JSON shapes of the Hub's datasets: list items (default, full, expand) and the tag
vocabulary of `/api/datasets-tags-by-type`. Keys the Hub leaves out stay out; the fields are
those huggingface_hub's `DatasetInfo` reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hf_crawler.fakehub.catalogue import Catalogue
from hf_crawler.fakehub.datasets import FakeDataset
from hf_crawler.fakehub.render import iso

# Values `expand` accepts on the datasets route (huggingface_hub's `ExpandDatasetProperty_T`);
# anything else is a 400.
DATASET_EXPAND = frozenset(
    {
        "author",
        "cardData",
        "citation",
        "createdAt",
        "description",
        "disabled",
        "downloads",
        "downloadsAllTime",
        "gated",
        "lastModified",
        "likes",
        "mainSize",
        "paperswithcode_id",
        "private",
        "resourceGroup",
        "sha",
        "siblings",
        "tags",
        "trendingScore",
        "usedStorage",
    }
)
_GETTERS: dict[str, Callable[[FakeDataset], Any]] = {
    "author": lambda d: d.author,
    "sha": lambda d: d.sha,
    "lastModified": lambda d: iso(d.modified_ts),
    "private": lambda d: d.private,
    "gated": lambda d: d.gated,
    "disabled": lambda d: False,
    "likes": lambda d: d.likes,
    "trendingScore": lambda d: d.trending_score,
    "tags": lambda d: list(d.tags),
    "description": lambda d: d.description,
    "downloads": lambda d: d.downloads,
    "downloadsAllTime": lambda d: d.downloads_all_time,
    "createdAt": lambda d: iso(d.created_ts),
    "cardData": lambda d: d.card_data,
    "citation": lambda d: None,
    "paperswithcode_id": lambda d: None,
    "siblings": lambda d: [{"rfilename": ".gitattributes"}, {"rfilename": "README.md"}],
    "usedStorage": lambda d: 1000 + d.downloads % 10**9,
}
_DEFAULT_KEYS = (
    "author",
    "sha",
    "lastModified",
    "private",
    "gated",
    "disabled",
    "likes",
    "trendingScore",
    "tags",
    "description",
    "downloads",
    "createdAt",
)


def _pick(dataset: FakeDataset, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    item: dict[str, Any] = {"_id": dataset.hub_id, "id": dataset.dataset_id}
    for name in names:
        value = _GETTERS[name](dataset) if name in _GETTERS else None
        if value is not None:
            item[name] = value
    return item


def list_item(dataset: FakeDataset, *, full: bool, card: bool) -> dict[str, Any]:
    """A default or `full=true` item; `full` adds the card data and the files."""
    item = _pick(dataset, _DEFAULT_KEYS)
    if full or card:
        item |= _pick(dataset, ["cardData"])
    if full:
        item["siblings"] = _GETTERS["siblings"](dataset)
    return item


def expanded_item(dataset: FakeDataset, expand: list[str]) -> dict[str, Any]:
    """Only `_id`, `id` and the expanded keys, in the order asked."""
    return _pick(dataset, list(dict.fromkeys(expand)))


def tags_by_type(catalogue: Catalogue) -> dict[str, list[dict[str, str]]]:
    """`/api/datasets-tags-by-type`: each tag the datasets carry, grouped by its type."""
    vocabulary: dict[str, set[str]] = {}
    for dataset in catalogue.datasets:
        for tag in dataset.tags:
            kind, _, value = tag.partition(":")
            if value:
                vocabulary.setdefault(kind, set()).add(value)
    return {
        kind: [{"id": f"{kind}:{v}", "label": v, "type": kind} for v in sorted(values)]
        for kind, values in sorted(vocabulary.items())
    }
