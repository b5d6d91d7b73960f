"""Pure parsing: one raw JSON item from `/api/datasets` -> DatasetRecord or Rejection, with
the rules `parse` applies to models: a missing id or a counter that is not a count rejects
the item; any other value Postgres cannot hold is stored as NULL and counted as dropped.
A dataset's tasks, languages and size are read from its tags (`task_categories:<task>`,
`language:<code>`, `size_categories:<bucket>`), as the Hub's filters read them."""

from __future__ import annotations

from collections.abc import Mapping

from hf_crawler.hub import field_values as values
from hf_crawler.hub.parse import (
    ItemFields,
    _Malformed,
    always,
    id_problem,
    printable_id,
    storable,
)
from hf_crawler.records import DatasetRecord, Rejection

# Only the fields we store (huggingface_hub's `ExpandDatasetProperty_T` lists the values).
EXPAND = (
    "author",
    "cardData",
    "createdAt",
    "downloads",
    "downloadsAllTime",
    "gated",
    "lastModified",
    "likes",
    "private",
    "sha",
    "tags",
    "trendingScore",
)


def parse_item(raw: object, safe_text: bool = False) -> DatasetRecord | Rejection:
    """Turn one listing item into a record, or say in a few words why not."""
    if not isinstance(raw, Mapping):
        return Rejection(f"item is {type(raw).__name__}, not an object")
    dataset_id = raw.get("id")
    problem = id_problem(dataset_id)
    if problem is not None or not isinstance(dataset_id, str):
        return Rejection(problem or "missing id", printable_id(dataset_id))
    try:
        return _record(ItemFields(raw, always if safe_text else storable), dataset_id)
    except _Malformed as exc:
        return Rejection(str(exc), dataset_id)


def _record(item: ItemFields, dataset_id: str) -> DatasetRecord:
    tags = item.tags()
    author = item.field("author", item.text)
    sizes = _valued(tags, "size_categories:")
    return DatasetRecord(
        dataset_id=dataset_id,
        hub_id=item.field("_id", item.text),
        author=author or (dataset_id.split("/", 1)[0] if "/" in dataset_id else None),
        license=values.license_of(item.raw.get("cardData"), tags, item.text),
        likes=item.counter("likes"),
        downloads=item.counter("downloads"),
        downloads_all_time=item.field("downloadsAllTime", values.count),
        trending_score=item.field("trendingScore", values.number),
        tags=tags,
        task_categories=_valued(tags, "task_categories:"),
        languages=_valued(tags, "language:"),
        size_category=sizes[0] if sizes else None,
        gated=item.field("gated", values.gated),
        private=item.field("private", values.flag),
        sha=item.field("sha", values.commit),
        created_at_hub=item.field("createdAt", values.timestamp),
        last_modified=item.field("lastModified", values.timestamp),
        dropped=tuple(item.dropped),
    )


def _valued(tags: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """The values of the tags of one kind, in the order the Hub lists them."""
    return tuple(t[len(prefix) :] for t in tags if t.startswith(prefix) and len(t) > len(prefix))
