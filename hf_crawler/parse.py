"""Pure parsing: one raw JSON item from `/api/models` -> ModelRecord or Rejection.

The Hub leaves keys out rather than sending null, `cardData` is free-form YAML, and `gated`
is `false` or a string (huggingface_hub's `ModelInfo`, huggingface.js's `ApiModelInfo`).
An item is rejected only when it cannot be
stored truthfully: no usable id, or counters that are not counters. Any other odd field is
dropped to NULL and the model kept.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from hf_crawler.records import ModelRecord, Rejection

MAX_ID_CHARS = 256
MAX_TAGS = 200
MAX_TAG_CHARS = 200
MAX_TEXT_CHARS = 200
_PG_BIGINT_MAX = 2**63 - 1
_MISSING = object()


class _Malformed(Exception):
    """Internal: a field that makes the whole item unusable."""


def parse_item(raw: object) -> ModelRecord | Rejection:
    """Turn one listing item into a record, or say in a few words why not."""
    if not isinstance(raw, Mapping):
        return Rejection(f"item is {type(raw).__name__}, not an object")
    model_id = raw.get("id", raw.get("modelId"))
    problem = _id_problem(model_id)
    if problem is not None or not isinstance(model_id, str):
        return Rejection(problem or "missing id", _printable_id(model_id))
    try:
        return _record(model_id, raw)
    except _Malformed as exc:
        return Rejection(str(exc), model_id)


def _record(model_id: str, raw: Mapping[str, Any]) -> ModelRecord:
    tags = _tags(raw.get("tags"))
    return ModelRecord(
        model_id=model_id,
        hub_id=_text(raw.get("_id")),
        license=_license(raw.get("cardData"), tags),
        likes=_counter(raw, "likes"),
        downloads=_counter(raw, "downloads"),
        downloads_all_time=_optional_counter(raw.get("downloadsAllTime")),
        trending_score=_number(raw.get("trendingScore")),
        last_modified=_timestamp(raw.get("lastModified")),
        created_at_hub=_timestamp(raw.get("createdAt")),
        tags=tags,
        pipeline_tag=_text(raw.get("pipeline_tag")),
        library_name=_text(raw.get("library_name")),
        author=_text(raw.get("author")) or (model_id.split("/", 1)[0] if "/" in model_id else None),
        gated=_gated(raw.get("gated", _MISSING)),
    )


def _id_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return "missing id" if value is None else f"id is {type(value).__name__}, not a string"
    if not value.strip():
        return "empty id"
    if len(value) > MAX_ID_CHARS:
        return f"id longer than {MAX_ID_CHARS} characters"
    # isprintable() refuses every control and separator character except the ASCII space.
    if not value.isprintable() or " " in value:
        return "id has control or space characters"
    return None


def _printable_id(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value[:80].encode("unicode_escape").decode("ascii")


def _counter(raw: Mapping[str, Any], key: str) -> int | None:
    value = raw.get(key, _MISSING)
    if value is _MISSING or value is None:
        return None
    parsed = _optional_counter(value)
    if parsed is None:
        raise _Malformed(f"{key} is {value!r:.40}, not a count")
    return parsed


def _optional_counter(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value <= _PG_BIGINT_MAX:
        return value
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text(value: object, limit: int = MAX_TEXT_CHARS) -> str | None:
    if not isinstance(value, str) or not value or "\x00" in value:
        return None
    return value[:limit]


def _tags(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    kept = dict.fromkeys(
        tag[:MAX_TAG_CHARS] for tag in value if type(tag) is str and tag and "\x00" not in tag
    )
    return tuple(kept)[:MAX_TAGS]


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _license(card: object, tags: tuple[str, ...]) -> str | None:
    """cardData.license first (what the card declares), else the first `license:` tag (which
    the Hub derives from the card)."""
    if isinstance(card, Mapping):
        declared = card.get("license")
        if isinstance(declared, list):
            declared = next((item for item in declared if isinstance(item, str) and item), None)
        name = _text(declared)
        if name == "other" and _text(card.get("license_name")):
            return f"other:{_text(card.get('license_name'))}"[:MAX_TEXT_CHARS]
        if name:
            return name
    return next(
        (tag[len("license:") :] or None for tag in tags if tag.startswith("license:")), None
    )


def _gated(value: object) -> str | None:
    if value is False:
        return "false"
    if value is True:
        return "true"
    if value in ("auto", "manual"):
        return str(value)
    return None
