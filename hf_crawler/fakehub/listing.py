"""`GET /api/models` semantics: query validation, filtering, keyset cursors, page cuts.

The cursor is what the Hub's is, a base64 Mongo keyset (`{sort: v, _id > id}` or
`sort < v` or `sort == null`), so changing counters between page fetches makes a crawl see
the same duplicates and skips it would see on the real Hub (decoded cursors are quoted in
huggingface_hub issues #2460 and #2741).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass

from multidict import MultiMapping

from hf_crawler.fakehub.catalogue import SORT_FIELDS, Catalogue, FakeModel, sort_key
from hf_crawler.fakehub.datasets import FakeDataset
from hf_crawler.fakehub.render import LIST_EXPAND

PAGE_CAP = 1000  # the largest page seen from the Hub; whether it clamps or refuses more is
# not documented, so the fake clamps
DEFAULT_PAGE_SIZE = 1000  # not documented; 1000 is the likeliest from public reports
_TRUE = {"true", "True", "1"}


class BadQuery(ValueError):
    """The request would get a 400 from the Hub; the message is the Hub's `error`."""


@dataclass(frozen=True, slots=True)
class ModelQuery:
    filters: tuple[str, ...]
    pipeline_tag: str | None
    search: tuple[str, ...]
    author: str | None
    gated: bool | None
    sort: str
    limit: int
    cursor: tuple[int, float, str] | None
    full: bool
    card: bool
    config: bool
    expand: tuple[str, ...]


def parse_query(
    query: MultiMapping[str], allowed_expand: frozenset[str] = LIST_EXPAND
) -> ModelQuery:
    """Validate the query string the way the Hub does (400 on unknown sort or expand);
    `allowed_expand` is the listing's (models' by default, or datasets')."""
    sort = query.get("sort", "trendingScore")
    if sort not in SORT_FIELDS:
        raise BadQuery("Invalid sort parameter")
    expand = tuple(query.getall("expand", ())) + tuple(query.getall("expand[]", ()))
    for value in expand:
        if value not in allowed_expand:
            raise BadQuery(f'"expand" must be one of {sorted(allowed_expand)}; got "{value}"')
    gated = query.get("gated")
    return ModelQuery(
        filters=tuple(f for value in query.getall("filter", ()) for f in value.split(",") if f),
        pipeline_tag=query.get("pipeline_tag") or None,
        search=tuple(s.lower() for s in query.getall("search", ()) if s),
        author=query.get("author") or None,
        gated=None if gated is None else gated in _TRUE,
        sort=sort,
        limit=_limit(query.get("limit")),
        cursor=decode_cursor(query["cursor"], sort) if "cursor" in query else None,
        full=query.get("full") in _TRUE,
        card=query.get("cardData") in _TRUE,
        config=query.get("config") in _TRUE,
        expand=expand,
    )


def _limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_PAGE_SIZE
    try:
        limit = int(value)
    except ValueError:
        raise BadQuery('"limit" must be an integer') from None
    if limit < 1:
        raise BadQuery('"limit" must be positive')
    return min(limit, PAGE_CAP)


def encode_cursor(sort: str, model: FakeModel | FakeDataset) -> str:
    """The Hub's cursor for "everything after this model"."""
    value = model.sort_value(sort)
    if value is None:
        query: dict[str, list[dict[str, object]]] = {
            "$or": [{sort: None, "_id": {"$gt": model.hub_id}}]
        }
    else:
        query = {
            "$or": [
                {sort: value, "_id": {"$gt": model.hub_id}},
                {sort: {"$lt": value}},
                {sort: None},
            ]
        }
    raw = json.dumps(query, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(token: str, sort: str) -> tuple[int, float, str]:
    """The keyset position a cursor names; a cursor for another sort is a 400."""
    try:
        first = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))["$or"][0]
        value, hub_id = first[sort], first["_id"]["$gt"]
    except (binascii.Error, ValueError, KeyError, IndexError, TypeError):
        raise BadQuery("Invalid cursor") from None
    if not isinstance(hub_id, str) or not (value is None or isinstance(value, int | float)):
        raise BadQuery("Invalid cursor")
    return sort_key(value, hub_id)


def select(
    catalogue: Catalogue, q: ModelQuery, *, signed_in: bool = False
) -> tuple[list[FakeModel], bool]:
    """One page of matching models, and whether more remain after it. Private repos are
    listed only to a signed-in caller, as the Hub lists a token owner's own."""
    key = (q.filters, q.pipeline_tag, q.search, q.author, q.gated, q.sort, signed_in)
    candidates = (m for m in _candidates(catalogue, q) if signed_in or not m.private)
    rows, keys = catalogue.sorted_view(key, candidates, q.sort)
    start = 0 if q.cursor is None else catalogue.after(keys, q.cursor)
    page = rows[start : start + q.limit]
    return page, start + q.limit < len(rows)


def _candidates(catalogue: Catalogue, q: ModelQuery) -> Iterator[FakeModel]:
    if q.pipeline_tag is not None:
        pool: list[FakeModel] = catalogue.by_pipeline.get(q.pipeline_tag, [])
    elif q.filters:
        pool = catalogue.by_tag.get(q.filters[0], [])
    else:
        pool = catalogue.models
    for model in pool:
        if q.filters and not all(f in model.tags for f in q.filters):
            continue
        if q.author is not None and model.author != q.author:
            continue
        if q.search and not all(s in model.model_id.lower() for s in q.search):
            continue
        if q.gated is not None and (model.gated is not False) != q.gated:
            continue
        yield model
