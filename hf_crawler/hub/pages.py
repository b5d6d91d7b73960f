"""A listing page's body read into an entity's records: typed decoding when every item is
plain, the careful reader item by item otherwise; then sorted into records to keep,
rejections, repeats and private repos skipped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic

from hf_crawler import errors
from hf_crawler.entities import values
from hf_crawler.entities.entity import Entity, R
from hf_crawler.entities.items import PLAIN_PAGE, decode_typed
from hf_crawler.hub import responses
from hf_crawler.records import Rejection


def page_items(entity: Entity[R], body: bytes, url: str) -> list[R | Rejection]:
    """Each item of a listing page's body as a record or a rejection. A body proved safe
    whose every item is plain is decoded typed, at once; any other is decoded as JSON and
    read item by item (a body that is not a JSON list is refused whole)."""
    safe = values.text_is_safe(body)
    if safe and entity.plain_record is not None:
        plain = decode_typed(body, PLAIN_PAGE, entity.plain_record)
        if plain is not None:
            return list(plain)
    data = responses.decode_json(body, url)
    if not isinstance(data, list):
        raise errors.HubBadBody(url, 200, f"listing page is {type(data).__name__}, not a list")
    return [entity.parse_item(raw, safe) for raw in data]


@dataclass(frozen=True, slots=True)
class ParsedPage(Generic[R]):
    """What one page held: records to keep, rejections, repeats, private repos skipped."""

    records: tuple[R, ...]
    rejections: tuple[Rejection, ...]
    duplicates: int
    private_skipped: int


def sort_page(
    items: list[R | Rejection], seen: set[str] | None, room: int | None, include_private: bool
) -> ParsedPage[R]:
    """A page's records (at most `room`, none in `seen`, no private repo unless
    `include_private`), its rejections, repeats and skipped private repos."""
    records: list[R] = []
    rejections: list[Rejection] = []
    duplicates = private = 0
    for item in items:
        if isinstance(item, Rejection):
            rejections.append(item)
        elif item.private and not include_private:
            private += 1
        elif seen is not None and item.repo_id in seen:
            duplicates += 1
        elif room is None or len(records) < room:
            if seen is not None:
                seen.add(item.repo_id)
            records.append(item)
    return ParsedPage(
        records=tuple(records),
        rejections=tuple(rejections),
        duplicates=duplicates,
        private_skipped=private,
    )
