"""Spaces: the record stored of one, and how a `/api/spaces` item becomes it, by the rules
models and datasets follow (`entities/items.py`). The Hub ranks Spaces across the whole
Hub, not per task: a run ranks the top N by likes (`--spaces-top`), one list.

A Space's listing item (huggingface_hub's `SpaceInfo`) names the models and datasets it
uses (`models`, `datasets`: lists of ids, absent when it uses none), its `sdk` and its
`runtime` (`{"stage": ..., "hardware": {"current": ..., "requested": ...}}`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hf_crawler.entities import items, values
from hf_crawler.entities.entity import Entity
from hf_crawler.records import Rejection

# huggingface_hub's ExpandSpaceProperty_T values we store (a licence comes with the tags).
EXPAND = (
    "author",
    "createdAt",
    "datasets",
    "lastModified",
    "likes",
    "models",
    "private",
    "runtime",
    "sdk",
    "sha",
    "tags",
    "trendingScore",
)
RANKING = "likes"  # the one list Spaces are ranked in: the listing's sort


class SpaceRecord(items.RepoRecord, frozen=True, kw_only=True):
    """One Space as the Hub listed it."""

    space_id: str
    sdk: str | None
    runtime_stage: str | None
    runtime_hardware: str | None
    models: tuple[str, ...]
    datasets: tuple[str, ...]

    @property
    def repo_id(self) -> str:
        return self.space_id


def parse_item(raw: object, safe_text: bool = False) -> SpaceRecord | Rejection:
    """Turn one listing item into a record, or say in a few words why not."""
    return items.read_item(raw, safe_text, _careful_record)


def _careful_record(item: items.ItemFields, space_id: str) -> SpaceRecord:
    fields = item.repo_fields(space_id)
    runtime = item.raw.get("runtime")
    stage = hardware = None
    if isinstance(runtime, Mapping):
        stage = item.text(runtime.get("stage"))
        current = runtime.get("hardware")
        hardware = item.text(current.get("current") if isinstance(current, Mapping) else None)
    elif runtime is not None:
        item.dropped.append("runtime")
    return SpaceRecord(
        space_id=space_id,
        sdk=item.field("sdk", item.text),
        runtime_stage=stage,
        runtime_hardware=hardware,
        models=_ids(item, "models"),
        datasets=_ids(item, "datasets"),
        dropped=tuple(item.dropped),
        **fields,
    )


def _ids(item: items.ItemFields, key: str) -> tuple[str, ...]:
    """The repo ids a Space lists under `key`, each once, in the Hub's order; one that is
    not a valid id is left out and the field counted as dropped."""
    value: Any = item.raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        item.dropped.append(key)
        return ()
    good = [v for v in value if isinstance(v, str) and values.id_problem(v) is None]
    if len(good) < len(value):
        item.dropped.append(key)
    return tuple(dict.fromkeys(good))


SPACES: Entity[SpaceRecord] = Entity(
    name="spaces",
    kind="space",
    route="/api/spaces",
    expand=EXPAND,
    task_filter=lambda _list, _match: None,
    parse_item=parse_item,
    plain_record=None,  # its own fields are not in the plain shape
    columns=(
        "hub_id",
        "author",
        "license",
        "sdk",
        "likes",
        "trending_score",
        "runtime_stage",
        "runtime_hardware",
        "models",
        "datasets",
        "private",
        "sha",
        "created_at_hub",
        "last_modified",
    ),
    coverage="space_ranking_runs",
    coverage_count="spaces",
    snapshots="space_snapshots",
    lists=(RANKING,),
    top_setting="spaces_top",
    counters=(None, "likes", "trending_score", None),
    stamps_seen=True,
    cards=False,
)
