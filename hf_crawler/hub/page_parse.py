"""A listing page's items parsed into records, a slice at a time so that other requests'
answers are read (and their next requests sent) meanwhile: records, rejections, repeats and
private repos skipped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from hf_crawler import errors
from hf_crawler.hub import parse
from hf_crawler.hub.transport import HubResponse
from hf_crawler.records import DatasetRecord, ModelRecord, Rejection

Record = TypeVar("Record", ModelRecord, DatasetRecord)
ItemParser = Callable[[object, bool], Record | Rejection]


def model_item(raw: object, safe_text: bool) -> ModelRecord | Rejection:
    return parse.parse_item(raw, safe_text=safe_text)


@dataclass(frozen=True, slots=True)
class ParsedPage(Generic[Record]):
    """What one page held: records to keep, rejections, repeats, private repos skipped."""

    records: tuple[Record, ...]
    rejections: tuple[Rejection, ...]
    duplicates: int
    private_skipped: int


# Items parsed between two yields to the event loop: a 1000-item page takes about 12 ms, and
# meanwhile other requests' answers wait to be read and their next requests to be sent.
PARSE_SLICE = 100


async def parse_page(  # noqa: PLR0913  # one page's context, each argument used once
    response: HubResponse,
    seen: set[str] | None,
    room: int | None,
    url: str,
    include_private: bool,
    item: ItemParser[Record],
) -> ParsedPage[Record]:
    """A page's records (at most `room`, none in `seen`, no private repo unless
    `include_private`), its rejections, repeats and skipped private repos; `item` reads one
    listing item (a model's or a dataset's)."""
    records: list[Record] = []
    rejections: list[Rejection] = []
    duplicates = private = 0
    for n, raw in enumerate(_items(response, url), start=1):
        if n % PARSE_SLICE == 0:
            await asyncio.sleep(0)
        parsed = item(raw, response.safe_text)
        if isinstance(parsed, Rejection):
            rejections.append(parsed)
        elif parsed.private and not include_private:
            private += 1
        elif seen is not None and parsed.repo_id in seen:
            duplicates += 1
        elif room is None or len(records) < room:
            if seen is not None:
                seen.add(parsed.repo_id)
            records.append(parsed)
    return ParsedPage(
        records=tuple(records),
        rejections=tuple(rejections),
        duplicates=duplicates,
        private_skipped=private,
    )


def _items(response: HubResponse, url: str) -> list[object]:
    data = response.data
    if not isinstance(data, list):
        raise errors.HubBadBody(url, 200, f"listing page is {type(data).__name__}, not a list")
    return data
