"""Collections: the record stored of one, and how a `/api/collections` item becomes it
(huggingface_hub's `Collection`: `slug`, `title`, `owner` as `{"name": ...}`, `upvotes`,
`lastUpdated`, `description`, `private`, and its first few `items`). The Hub ranks them
across the whole Hub: a run ranks the top N by upvotes (`--collections-top`), one list,
and fetches every item of a collection (`/api/collections/{slug}`) only when its
`lastUpdated` moved (`crawl/collection_items.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import msgspec

from hf_crawler.entities import items, values
from hf_crawler.entities.entity import Entity
from hf_crawler.records import Rejection

RANKING = "upvotes"  # the one list collections are ranked in: the listing's sort
PAGE_SIZE = 100  # the listing's largest page (`limit` above it is refused)


class CollectionRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One collection as the listing showed it (its items come apart)."""

    slug: str
    title: str | None
    owner: str | None
    upvotes: int | None
    last_updated: datetime | None
    description: str | None
    private: bool | None = None
    dropped: tuple[str, ...] = ()

    @property
    def repo_id(self) -> str:
        return self.slug

    # The counters and fields the engine reads of every record: a collection's one counter
    # is its upvotes, kept by the history where the others keep likes.
    @property
    def tags(self) -> tuple[str, ...]:
        return ()

    @property
    def likes(self) -> int | None:
        return self.upvotes

    @property
    def downloads(self) -> int | None:
        return None

    @property
    def trending_score(self) -> float | None:
        return None

    @property
    def downloads_all_time(self) -> int | None:
        return None

    @property
    def last_modified(self) -> datetime | None:
        return self.last_updated


def parse_item(raw: object, safe_text: bool = False) -> CollectionRecord | Rejection:
    """Turn one listing item into a record, or say in a few words why not."""
    return items.read_item(raw, safe_text, _careful_record, id_keys=("slug",))


def _careful_record(item: items.ItemFields, slug: str) -> CollectionRecord:
    owner = item.raw.get("owner")
    name = owner.get("name") if isinstance(owner, Mapping) else None
    if owner is not None and not isinstance(name, str):
        item.dropped.append("owner")
    return CollectionRecord(
        slug=slug,
        title=item.field("title", item.text),
        owner=item.text(name) or values.namespace(slug),
        upvotes=item.counter("upvotes"),
        last_updated=item.field("lastUpdated", values.timestamp),
        description=item.field("description", item.text),
        private=item.field("private", values.flag),
        dropped=tuple(item.dropped),
    )


COLLECTIONS: Entity[CollectionRecord] = Entity(
    name="collections",
    kind="collection",
    route="/api/collections",
    expand=(),
    task_filter=lambda _list, _match: None,
    parse_item=parse_item,
    plain_record=None,  # not in the plain shape of a repo
    columns=("title", "owner", "upvotes", "last_updated", "description", "private"),
    coverage="collection_ranking_runs",
    coverage_count="collections",
    snapshots="collection_snapshots",
    lists=(RANKING,),
    top_setting="collections_top",
    page_size=PAGE_SIZE,
    id_name="slug",
    counters=(None, "upvotes", None, None),
    stamps_seen=True,
    cards=False,
    tagged=False,
)
