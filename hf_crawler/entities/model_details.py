"""What the Hub tells of one model only on `GET /api/models/{id}` (huggingface_hub's
`model_info(expand=["usedStorage", "baseModels", "childrenModelCount"])`; the listing
refuses these): the bytes its repository uses, its base models with their relation, and
how many models name it as their base. Read carefully: a field of the wrong shape is
NULL, and counted."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hf_crawler.entities import values
from hf_crawler.entities.lookup import Lookup

EXPAND = ("usedStorage", "baseModels", "childrenModelCount")


@dataclass(frozen=True, slots=True)
class ModelDetails:
    model_id: str
    used_storage: int | None
    base_relation: str | None
    base_models: tuple[str, ...] | None
    children_count: int | None
    dropped: tuple[str, ...] = ()

    def row(self) -> tuple[object, ...]:
        """Its values as merge_model_details.sql takes them (base models as JSON)."""
        bases = None if self.base_models is None else json.dumps(list(self.base_models))
        return self.model_id, self.used_storage, self.base_relation, bases, self.children_count


def read_details(model_id: str, raw: object) -> ModelDetails:
    """The details of `model_id` from its `/api/models/{id}` answer. `baseModels` is
    `{relation, models: [{id}]}` as the Hub serves it; a bare list of ids is read too (the
    type huggingface_hub declares)."""
    item: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    dropped: list[str] = [] if isinstance(raw, Mapping) else ["body"]
    storage = _checked(item, "usedStorage", values.count, dropped)
    children = _checked(item, "childrenModelCount", values.small_count, dropped)
    relation, bases = _bases(item.get("baseModels"), dropped)
    return ModelDetails(model_id, storage, relation, bases, children, tuple(dropped))


def _checked(item: Mapping[str, Any], key: str, convert: Any, dropped: list[str]) -> Any:
    value = item.get(key)
    if value is None:
        return None
    converted = convert(value)
    if converted is None:
        dropped.append(key)
    return converted


def _bases(value: object, dropped: list[str]) -> tuple[str | None, tuple[str, ...] | None]:
    if value is None:
        return None, None
    relation: object = None
    models: object = value
    if isinstance(value, Mapping):
        relation, models = value.get("relation"), value.get("models")
    ids = _ids(models)
    if ids is None or not (relation is None or (isinstance(relation, str) and relation)):
        dropped.append("baseModels")
        return None, None
    return relation if isinstance(relation, str) else None, ids


def _ids(models: object) -> tuple[str, ...] | None:
    if not isinstance(models, list):
        return None
    ids: list[str] = []
    for model in models:
        found = model.get("id") if isinstance(model, Mapping) else model
        if not isinstance(found, str) or values.id_problem(found) is not None:
            return None
        ids.append(found)
    return tuple(dict.fromkeys(ids))


MODEL_DETAILS = Lookup(
    name="model_details",
    budget_setting="details_budget",
    due="details_due",
    store="merge_model_details",
    missing=None,  # a model the Hub no longer serves is only counted
    path=lambda model_id: f"/api/models/{model_id}",
    params=tuple(("expand[]", field) for field in EXPAND),
    read=read_details,
)
