"""Pure parsing: one raw JSON item from `/api/models` -> ModelRecord or Rejection.

The Hub leaves keys out rather than sending null, `cardData` is free-form YAML, and `gated`
is `false` or a string (huggingface_hub's `ModelInfo`, huggingface.js's `ApiModelInfo`).
Whatever an item holds, it becomes a record Postgres can store or a counted rejection:

| field | a value Postgres cannot hold, or of the wrong JSON type |
|---|---|
| `id` | the item is rejected: nothing to store it under |
| `likes`, `downloads` | rejected unless a whole number in 0..2**63-1 (a rank counter: no guess) |
| `downloadsAllTime`, `trendingScore` | NULL, and the field is counted as dropped |
| `createdAt`, `lastModified` | NULL and counted: unparseable, or outside what UTC can express |
| `_id`, `pipeline_tag`, `library_name`, `gated`, `private`, `sha` | NULL and counted |
| `author` | the id's namespace instead (it is the author), and counted |
| `tags` | each bad tag is left out and `tags` counted once; not a list: no tags, counted |

Text Postgres cannot hold is a NUL character or a lone UTF-16 surrogate (not valid UTF-8).
A missing key is not a problem and is not counted. Most pages hold no such text at all, and
`text_is_safe` proves it from the body's bytes at once, so their strings go unchecked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from hf_crawler.records import ModelRecord, Rejection

MAX_ID_CHARS = 256
MAX_TAGS = 200
MAX_TAG_CHARS = 200
MAX_TEXT_CHARS = 200
PG_BIGINT_MAX = 2**63 - 1
T = TypeVar("T")


class _Malformed(Exception):
    """Internal: a field that makes the whole item unusable."""


def storable(text: str) -> bool:
    """Whether Postgres can hold `text`: no NUL, and valid UTF-8 (no lone surrogate)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# What a NUL or a lone surrogate looks like in a UTF-8 JSON body: the escapes \\u0000 and
# \\ud800-\\udfff, or a surrogate encoded raw (ED A0-BF ..), which `json.loads` of bytes
# lets through ("surrogatepass", CPython's json/__init__.py).
_UNSAFE_TEXT = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])|\xed[\xa0-\xbf]")


def text_is_safe(body: bytes) -> bool:
    """Whether no string of this JSON body can hold text Postgres refuses (a UTF-8 body
    only: `json.loads` also reads UTF-16 and UTF-32, which this check does not cover)."""
    if body[:1] not in (b"[", b"{") or body[1:2] == b"\x00":
        return False
    if all(marker not in body for marker in _MARKERS):  # substring scans, fast
        return True
    return _UNSAFE_TEXT.search(body) is None


# Every match of _UNSAFE_TEXT holds one of these; most bodies hold none.
_MARKERS = (b"\\u0000", b"\\ud", b"\\uD", b"\xed")


def _always(_: str) -> bool:
    return True


def parse_item(raw: object, *, safe_text: bool = False) -> ModelRecord | Rejection:
    """Turn one listing item into a record, or say in a few words why not; `safe_text`
    (from `text_is_safe`) skips checking each string."""
    if not isinstance(raw, Mapping):
        return Rejection(f"item is {type(raw).__name__}, not an object")
    model_id = raw.get("id", raw.get("modelId"))
    problem = _id_problem(model_id)
    if problem is not None or not isinstance(model_id, str):
        return Rejection(problem or "missing id", _printable_id(model_id))
    try:
        return _Item(raw, _always if safe_text else storable).record(model_id)
    except _Malformed as exc:
        return Rejection(str(exc), model_id)


class _Item:
    """Reads one item's fields, noting each present value it had to drop."""

    def __init__(self, raw: Mapping[str, Any], storable: Callable[[str], bool]) -> None:
        self.raw = raw
        self.dropped: list[str] = []
        self.storable = storable

    def text(self, value: object) -> str | None:
        if not isinstance(value, str) or not value or not self.storable(value):
            return None
        return value[:MAX_TEXT_CHARS]

    def record(self, model_id: str) -> ModelRecord:
        tags = self.tags()
        author = self.field("author", self.text)
        return ModelRecord(
            model_id=model_id,
            hub_id=self.field("_id", self.text),
            license=_license(self.raw.get("cardData"), tags, self.text),
            likes=self.counter("likes"),
            downloads=self.counter("downloads"),
            downloads_all_time=self.field("downloadsAllTime", _count),
            trending_score=self.field("trendingScore", _number),
            last_modified=self.field("lastModified", _timestamp),
            created_at_hub=self.field("createdAt", _timestamp),
            tags=tags,
            pipeline_tag=self.field("pipeline_tag", self.text),
            library_name=self.field("library_name", self.text),
            author=author or (model_id.split("/", 1)[0] if "/" in model_id else None),
            gated=self.field("gated", _gated),
            private=self.field("private", _flag),
            sha=self.field("sha", _commit),
            dropped=tuple(self.dropped),
        )

    def field(self, key: str, convert: Callable[[object], T | None]) -> T | None:
        """The converted value of `key`; a present value that converts to nothing is
        noted as dropped (a missing key or an explicit null is not)."""
        value = self.raw.get(key)
        if value is None:
            return None
        converted = convert(value)
        if converted is None and value != "":
            self.dropped.append(key)
        return converted

    def counter(self, key: str) -> int | None:
        """A ranking counter: missing is NULL, anything but a bigint count rejects the item."""
        value = self.raw.get(key)
        if value is None:
            return None
        parsed = _count(value)
        if parsed is None:
            raise _Malformed(f"{key} is {shown(value)}, not a count in 0..2**63-1")
        return parsed

    def tags(self) -> tuple[str, ...]:
        value = self.raw.get("tags")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.dropped.append("tags")
            return ()
        good = [tag for tag in value if type(tag) is str and tag and self.storable(tag)]
        if len(good) < len(value):
            self.dropped.append("tags")
        return tuple(dict.fromkeys(tag[:MAX_TAG_CHARS] for tag in good))[:MAX_TAGS]


def _id_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return "missing id" if value is None else f"id is {type(value).__name__}, not a string"
    if not value.strip():
        return "empty id"
    if len(value) > MAX_ID_CHARS:
        return f"id longer than {MAX_ID_CHARS} characters"
    # isprintable() refuses every control and separator character except the ASCII space,
    # and lone surrogates (category Cs) too.
    if not value.isprintable() or " " in value:
        return "id has control or space characters"
    return None


def _printable_id(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value[:80].encode("unicode_escape").decode("ascii")


def shown(value: object, limit: int = 40) -> str:
    """`value` as a short ASCII-only repr, safe for a log line whatever it holds."""
    return repr(value)[:limit].encode("unicode_escape").decode("ascii")


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value <= PG_BIGINT_MAX:
        return value
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int beyond a double's range
        return None
    return number if math.isfinite(number) else None


# asyncpg writes Python's first and last instants as -infinity and infinity, not as dates.
_EDGES = (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))


def _timestamp(value: object) -> datetime | None:
    """An ISO-8601 time in UTC; None when unparseable, when UTC cannot express it (a
    year-1 time east of Greenwich, a year-9999 time west of it), or at those very edges."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
        utc = parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    return None if utc in _EDGES else utc


def _license(
    card: object, tags: tuple[str, ...], text: Callable[[object], str | None]
) -> str | None:
    """cardData.license first (what the card declares), else the first `license:` tag (which
    the Hub derives from the card)."""
    if isinstance(card, Mapping):
        declared = card.get("license")
        if isinstance(declared, list):
            declared = next((item for item in declared if isinstance(item, str) and item), None)
        name = text(declared)
        if name == "other" and text(card.get("license_name")):
            return f"other:{text(card.get('license_name'))}"[:MAX_TEXT_CHARS]
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


def _commit(value: object) -> str | None:
    """A git commit id: 40 hex digits."""
    if isinstance(value, str) and len(value) == 40 and not value.strip(_HEX):
        return value
    return None


_HEX = "0123456789abcdef"


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None
