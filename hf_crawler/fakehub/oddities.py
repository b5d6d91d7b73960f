"""Items and task entries the real Hub can serve that a strict store cannot take as they are:
lone UTF-16 surrogates, NUL characters, dates UTC cannot express, counters past bigint,
values of the wrong JSON type. Each comes with what a faithful crawler must do with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Odd:
    """An odd item's change to a normal item, and its fate: `rejected`, or stored with
    `nulled` fields as NULL (and `tags` without the bad ones)."""

    changes: dict[str, Any]
    rejected: bool = False
    nulled: tuple[str, ...] = ()


ODD_KINDS: dict[str, Odd] = {
    "surrogate_tag": Odd({"tags": ["ok-tag", "bad-\ud800-tag"]}, nulled=("tags",)),
    "surrogate_author": Odd({"author": "auth\udfffor"}, nulled=("author",)),
    "nul_library": Odd({"library_name": "trans\x00formers"}, nulled=("library_name",)),
    "nul_pipeline_tag": Odd({"pipeline_tag": "fill\x00mask"}, nulled=("pipeline_tag",)),
    "far_future_date": Odd({"createdAt": "9999-12-31T23:59:59-14:00"}, nulled=("createdAt",)),
    "ancient_date": Odd({"lastModified": "0001-01-01T00:00:00+05:00"}, nulled=("lastModified",)),
    "garbage_date": Odd({"createdAt": "yesterday"}, nulled=("createdAt",)),
    "huge_all_time": Odd({"downloadsAllTime": 2**70}, nulled=("downloadsAllTime",)),
    "huge_trending": Odd({"trendingScore": 10**400}, nulled=("trendingScore",)),
    "huge_likes": Odd({"likes": 2**70}, rejected=True),
    "fractional_downloads": Odd({"downloads": 1.5}, rejected=True),
    "likes_as_text": Odd({"likes": "12"}, rejected=True),
    "surrogate_id": Odd({"id": "odd/\ud83d-half-emoji"}, rejected=True),
    "nul_id": Odd({"id": "odd/nul\x00id"}, rejected=True),
    "wrong_types": Odd(
        {"tags": "a,b", "gated": 5, "private": "no", "_id": 7, "createdAt": 1_700_000_000},
        nulled=("tags", "gated", "private", "_id", "createdAt"),
    ),
}


def odd_item(kind: str, n: int) -> dict[str, Any]:
    """A listing item of `kind`, with an id of its own (`odd/<kind>-<n>`) unless the kind
    is about the id."""
    base: dict[str, Any] = {
        "_id": f"{0xDD0000 + n:024x}",
        "id": f"odd/{kind.replace('_', '-')}-{n}",
        "author": "odd",
        "likes": 3,
        "downloads": 5,
        "tags": ["odd"],
        "createdAt": "2024-01-01T00:00:00.000Z",
    }
    return base | ODD_KINDS[kind].changes


# `/api/tasks` entries a crawler must skip (bad ids) or keep with a readable label.
BAD_TASK_IDS = ("bad\x00task", "half-\ud800", "has space", "-leading-dash")
ODD_LABEL_TASK = ("odd-label-task", "Odd\x00Label")
