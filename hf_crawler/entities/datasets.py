"""Datasets: the record stored of one, and how a `/api/datasets` item becomes it, by the
rules models follow (`entities/models.py`). A dataset's tasks, languages and size are read
from its tags (`task_categories:<task>`, `language:<code>`, `size_categories:<bucket>`), as
the Hub's filters read them."""

from __future__ import annotations

from typing import Any

from hf_crawler.entities import items
from hf_crawler.entities.entity import Entity
from hf_crawler.records import Rejection

# Only the fields we store.
EXPAND = items.REPO_EXPAND


class DatasetRecord(items.RepoRecord, frozen=True, kw_only=True):
    """One dataset as the Hub listed it; its tasks, languages and size come from its tags."""

    dataset_id: str
    task_categories: tuple[str, ...]
    languages: tuple[str, ...]
    size_category: str | None

    @property
    def repo_id(self) -> str:
        return self.dataset_id


def parse_item(raw: object, safe_text: bool = False) -> DatasetRecord | Rejection:
    """Turn one listing item into a record, or say in a few words why not."""
    return items.read_item(raw, safe_text, _careful_record)


def _careful_record(item: items.ItemFields, dataset_id: str) -> DatasetRecord:
    fields = item.repo_fields(dataset_id)
    return DatasetRecord(dataset_id=dataset_id, dropped=tuple(item.dropped), **_read_tags(fields))


def plain_record(item: items.PlainItem) -> DatasetRecord | None:
    """The record of a plain item of a page proved safe, as the careful reader makes it;
    None when the careful reader would reject the item or drop one of its fields."""
    plain = items.checked(item, id_keys=("id",))
    if plain is None:
        return None
    dataset_id, fields = plain
    return DatasetRecord(dataset_id=dataset_id, **_read_tags(fields))


def _read_tags(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` with what a dataset's tags say: its tasks, languages and size."""
    tags = fields["tags"]
    sizes = _valued(tags, "size_categories:")
    return {
        **fields,
        "task_categories": _valued(tags, "task_categories:"),
        "languages": _valued(tags, "language:"),
        "size_category": sizes[0] if sizes else None,
    }


def _valued(tags: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """The values of the tags of one kind, in the order the Hub lists them."""
    return tuple(t[len(prefix) :] for t in tags if t.startswith(prefix) and len(t) > len(prefix))


DATASETS: Entity[DatasetRecord] = Entity(
    name="datasets",
    kind="dataset",
    route="/api/datasets",
    expand=EXPAND,
    task_filter=lambda task_id, _match: ("filter", f"task_categories:{task_id}"),
    parse_item=parse_item,
    plain_record=plain_record,
    columns=(
        "hub_id",
        "author",
        "license",
        "likes",
        "downloads",
        "downloads_all_time",
        "trending_score",
        "task_categories",
        "languages",
        "size_category",
        "gated",
        "private",
        "sha",
        "created_at_hub",
        "last_modified",
    ),
    coverage="dataset_task_runs",
    coverage_count="datasets",
    snapshots="dataset_snapshots",
)
