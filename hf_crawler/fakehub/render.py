"""JSON shapes of the real Hub: list items (default, full, expand), model info, TaskData."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from hf_crawler.fakehub import taxonomy
from hf_crawler.fakehub.catalogue import Catalogue, FakeModel

# Values `expand` accepts on the list route (huggingface_hub's `list_models` docstring);
# anything else is a 400, as the Hub answers an unknown value.
LIST_EXPAND = frozenset(
    {
        "author",
        "cardData",
        "config",
        "createdAt",
        "disabled",
        "downloads",
        "downloadsAllTime",
        "evalResults",
        "gated",
        "gguf",
        "inference",
        "inferenceProviderMapping",
        "lastModified",
        "library_name",
        "likes",
        "mask_token",
        "model-index",
        "pipeline_tag",
        "private",
        "safetensors",
        "sha",
        "siblings",
        "spaces",
        "tags",
        "transformersInfo",
        "trendingScore",
        "widgetData",
        "resourceGroup",
    }
)
_EXPAND_ORDER = (
    "author",
    "gated",
    "inference",
    "lastModified",
    "likes",
    "trendingScore",
    "private",
    "sha",
    "config",
    "disabled",
    "downloads",
    "downloadsAllTime",
    "tags",
    "pipeline_tag",
    "library_name",
    "createdAt",
    "model-index",
    "cardData",
    "siblings",
    "spaces",
    "safetensors",
    "gguf",
    "evalResults",
)


@lru_cache(maxsize=65536)
def iso(ts: int) -> str:
    """The Hub's timestamp form: UTC with `.000Z` milliseconds."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


_SIBLINGS = ({"rfilename": ".gitattributes"}, {"rfilename": "README.md"})
_GETTERS: dict[str, Callable[[FakeModel], Any]] = {
    "author": lambda m: m.author,
    "gated": lambda m: m.gated,
    "lastModified": lambda m: iso(m.modified_ts),
    "likes": lambda m: m.likes,
    "trendingScore": lambda m: m.trending_score,
    "private": lambda m: m.private,
    "sha": lambda m: m.sha,
    "config": lambda m: {},
    "disabled": lambda m: False,
    "downloads": lambda m: m.downloads,
    "downloadsAllTime": lambda m: m.downloads_all_time,
    "tags": lambda m: list(m.tags),
    "pipeline_tag": lambda m: m.pipeline_tag,
    "library_name": lambda m: m.library_name,
    "createdAt": lambda m: iso(m.created_ts),
    "model-index": lambda m: None,
    "cardData": lambda m: m.card_data,
    "siblings": lambda m: [dict(s) for s in _SIBLINGS],
    "spaces": lambda m: [],
    "safetensors": lambda m: m.safetensors,
    "gguf": lambda m: m.gguf,
    "evalResults": lambda m: m.eval_results,
}


def _field(model: FakeModel, name: str) -> Any:
    """A field's value, or KeyError when the Hub would leave the key out."""
    value = _GETTERS[name](model)
    if value is None and name != "model-index":  # the one key the Hub sends as null
        raise KeyError(name)
    return value


def _pick(model: FakeModel, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    item: dict[str, Any] = {"_id": model.hub_id, "id": model.model_id}
    for name in names:
        try:
            item[name] = _field(model, name)
        except KeyError:
            continue
    return item


# The keys of a list item, in the Hub's order: the default projection and `full=true`'s.
_DEFAULT_KEYS = (
    "likes",
    "trendingScore",
    "private",
    "downloads",
    "tags",
    "pipeline_tag",
    "library_name",
    "createdAt",
)
_FULL_KEYS = (
    "author",
    "gated",
    "lastModified",
    "likes",
    "trendingScore",
    "private",
    "sha",
    "downloads",
    "tags",
    "pipeline_tag",
    "library_name",
    "createdAt",
)


def list_item(
    model: FakeModel, *, sort: str, full: bool, card: bool, config: bool
) -> dict[str, Any]:
    """A default or `full=true` list item, keys in the Hub's order."""
    names = list(_FULL_KEYS if full else _DEFAULT_KEYS)
    if not full and sort == "lastModified":
        names.append("lastModified")  # the sort key joins the projection
    item = _pick(model, names)
    item["modelId"] = model.model_id
    if full:
        item["siblings"] = _field(model, "siblings")
    if config:
        item["config"] = {}
    if card and model.card_data is not None:
        item["cardData"] = model.card_data
    return item


def expanded_item(model: FakeModel, expand: list[str]) -> dict[str, Any]:
    """Only `_id`, `id` and the expanded keys; undefined ones are left out, as the Hub does."""
    wanted = set(expand)
    return _pick(model, [n for n in _EXPAND_ORDER if n in wanted])


# What `GET /api/models/{id}` may expand: the listing's fields and three of its own.
MODEL_INFO_EXPAND = LIST_EXPAND | {"usedStorage", "baseModels", "childrenModelCount"}


def model_info_expanded(
    model: FakeModel, expand: list[str], catalogue: Catalogue
) -> dict[str, Any]:
    """`GET /api/models/{id}?expand[]=...`: `_id`, `id` and the fields asked for; the three
    only this route answers from the catalogue's lineage (`baseModels` as
    `{relation, models: [{id}]}`, left out when it has none)."""
    item = expanded_item(model, [e for e in expand if e in LIST_EXPAND])
    if "usedStorage" in expand:
        item["usedStorage"] = used_storage(model)
    edges = sorted(catalogue.lineage.get(model.model_id, ()))
    if "baseModels" in expand and edges:
        item["baseModels"] = {"relation": edges[0][1], "models": [{"id": b} for b, _ in edges]}
    if "childrenModelCount" in expand:
        item["childrenModelCount"] = catalogue.children_count(model.model_id)
    return item


def used_storage(model: FakeModel) -> int:
    """Bytes the model's repository uses (drawn from its downloads, stable)."""
    return 1000 + model.downloads % 10**9


def model_info(model: FakeModel) -> dict[str, Any]:
    """`GET /api/models/{id}`: the full single-model record."""
    names = ["private", "pipeline_tag", "tags", "downloads", "likes"]
    item = _pick(model, names)
    item["modelId"] = model.model_id
    item.update(
        _pick(
            model,
            [
                "author",
                "sha",
                "lastModified",
                "gated",
                "disabled",
                "model-index",
                "config",
                "cardData",
                "siblings",
                "spaces",
                "createdAt",
                "library_name",
                "safetensors",
                "gguf",
            ],
        )
    )
    item["usedStorage"] = used_storage(model)
    return item


def task_data(catalogue: Catalogue, task_id: str) -> dict[str, Any]:
    """One `/api/tasks` value: the TaskData shape with its real quirks."""
    top = catalogue.ground_truth([task_id], limit=2, match="pipeline").rankings[task_id]
    entry: dict[str, Any] = {}
    if task_id in taxonomy.CANONICAL_ID:
        entry["canonicalId"] = taxonomy.CANONICAL_ID[task_id]
    entry |= {
        "datasets": [{"description": f"A dataset for {task_id}.", "id": f"datasets/{task_id}"}],
        "demo": {"inputs": [{"label": "Input", "content": "Hello", "type": "text"}], "outputs": []},
        "metrics": [{"description": "How often the answer is right.", "id": "accuracy"}],
        "models": [{"description": "A strong model.", "id": model_id} for model_id in top],
        "spaces": [],
        "summary": f"{catalogue.label(task_id)} is a task of the synthetic catalogue.",
        "widgetModels": _widget_models(task_id, top),
    }
    if task_id not in taxonomy.NO_YOUTUBE_ID:
        entry["youtubeId"] = ""
    if task_id in taxonomy.NOT_PLACEHOLDER:
        entry["isPlaceholder"] = False
    entry |= {"id": task_id, "label": catalogue.label(task_id), "libraries": ["transformers"]}
    return entry


def _widget_models(task_id: str, top: tuple[str, ...]) -> list[str]:
    if task_id in taxonomy.EMPTY_WIDGET:
        return []
    if task_id in taxonomy.BLANK_WIDGET or not top:
        return [""]
    return [top[0]]


def tags_by_type(catalogue: Catalogue) -> dict[str, list[dict[str, str]]]:
    """`/api/models-tags-by-type`: every pipeline tag, including those /api/tasks lacks."""
    pipeline = [
        {"id": t.id, "label": t.label, "type": "pipeline_tag", "subType": t.modality}
        for t in taxonomy.PIPELINE_TAGS
    ]
    pipeline += [
        {"id": t, "label": catalogue.label(t), "type": "pipeline_tag", "subType": "other"}
        for t in catalogue.task_ids
        if t not in taxonomy.LABELS
    ]
    libraries = sorted({m.library_name for m in catalogue.models if m.library_name})
    return {
        "pipeline_tag": pipeline,
        "library": [{"id": lib, "label": lib, "type": "library"} for lib in libraries],
        "region": [{"id": "us", "label": "🇺🇸 Region: US", "type": "region"}],
    }
