"""A collection's items: what `GET /api/collections/{slug}` lists of it (huggingface_hub's
`CollectionItem`: `type`, `id`, `position`, `note` as `{"text", "html"}`), fetched for a
ranked collection whose `lastUpdated` moved since its items were stored. An item of the
wrong shape is left out, and counted."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hf_crawler.entities import values
from hf_crawler.entities.lookup import Lookup

ITEM_TYPES = frozenset({"model", "dataset", "space", "paper", "collection"})


@dataclass(frozen=True, slots=True)
class CollectionItems:
    slug: str
    last_updated: datetime | None  # as the page says it: the items are of this version
    items: tuple[tuple[str, str, int | None, str | None], ...]  # type, id, position, note
    dropped: tuple[str, ...] = ()

    def row(self) -> tuple[object, ...]:
        """Its values as merge_collection_items.sql takes them (the items as JSON)."""
        items = [{"type": t, "id": i, "position": p, "note": n} for t, i, p, n in self.items]
        return self.slug, self.last_updated, json.dumps(items)


def read_items(slug: str, raw: object) -> CollectionItems:
    """Every item of the collection `slug`, each (type, id) once."""
    page: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    listed = page.get("items")
    dropped: list[str] = []
    if not isinstance(listed, list):
        dropped.append("items")
        listed = []
    found: dict[tuple[str, str], tuple[str, str, int | None, str | None]] = {}
    for item in listed:
        read = _item(item)
        if read is None:
            dropped.append("items")
            continue
        found.setdefault((read[0], read[1]), read)
    updated = page.get("lastUpdated")
    stamp = values.timestamp(updated) if isinstance(updated, str) else None
    return CollectionItems(slug, stamp, tuple(found.values()), tuple(dict.fromkeys(dropped)))


def _item(item: object) -> tuple[str, str, int | None, str | None] | None:
    if not isinstance(item, Mapping):
        return None
    kind, item_id = item.get("type"), item.get("id")
    if kind not in ITEM_TYPES or not isinstance(item_id, str) or values.text(item_id) is None:
        return None
    position = item.get("position")
    note = item.get("note")
    text = note.get("text") if isinstance(note, Mapping) else None
    return (
        str(kind),
        item_id,
        position if isinstance(position, int) and not isinstance(position, bool) else None,
        values.text(text) if isinstance(text, str) else None,
    )


COLLECTION_ITEMS = Lookup(
    name="collection_items",
    budget_setting="collections_top",
    due="collection_items_due",
    store="merge_collection_items",
    missing=None,  # a collection gone from the Hub is counted; its listing drops it
    path=lambda slug: f"/api/collections/{slug}",
    params=(),
    read=read_items,
)
