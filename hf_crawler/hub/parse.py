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
from datetime import datetime
from typing import Any, TypeVar

from hf_crawler.hub import field_values as values
from hf_crawler.hub.field_values import MAX_TEXT_CHARS
from hf_crawler.records import ModelRecord, Rejection

MAX_ID_CHARS = 256
MAX_TAGS = 200
MAX_TAG_CHARS = 200
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


def always(_: str) -> bool:
    return True


def parse_item(raw: object, *, safe_text: bool = False) -> ModelRecord | Rejection:
    """Turn one listing item into a record, or say in a few words why not; `safe_text`
    (from `text_is_safe`) skips checking each string."""
    if not isinstance(raw, Mapping):
        return Rejection(f"item is {type(raw).__name__}, not an object")
    model_id = raw.get("id", raw.get("modelId"))
    problem = id_problem(model_id)
    if problem is not None or not isinstance(model_id, str):
        return Rejection(problem or "missing id", printable_id(model_id))
    plain = _plain(raw, model_id) if safe_text else None
    if plain is not None:
        return plain
    try:
        return ItemFields(raw, always if safe_text else storable).record(model_id)
    except _Malformed as exc:
        return Rejection(str(exc), model_id)


def _plain(raw: Mapping[str, Any], model_id: str) -> ModelRecord | None:
    """The usual item, of safe text, each field present already of the type it is stored
    as: built at once. None when any field needs `ItemFields`' closer look (a property test
    holds the two paths to the same result)."""
    if not _plain_shapes(raw):
        return None
    modified, created = raw.get("lastModified"), raw.get("createdAt")
    last_modified = values.timestamp(modified) if modified else None
    created_at = values.timestamp(created) if created else None
    if (modified and last_modified is None) or (created and created_at is None):
        return None
    tags = raw.get("tags")
    kept = _kept_tags(tags) if tags else ()
    return _plain_record(raw, model_id, kept, last_modified, created_at)


def _plain_shapes(raw: Mapping[str, Any]) -> bool:
    """Whether each field is absent or of the very type (and range) it is stored as."""
    get = raw.get
    gated, private, sha, tags = get("gated"), get("private"), get("sha"), get("tags")
    texts = (get("_id"), get("pipeline_tag"), get("library_name"), get("author"))
    return bool(
        _plain_count(get("likes"))
        and _plain_count(get("downloads"))
        and _plain_count(get("downloadsAllTime"))
        and _plain_score(get("trendingScore"))
        and (gated is None or type(gated) is bool or (type(gated) is str and gated in _PLAIN_GATED))
        and (private is None or type(private) is bool)
        and (sha is None or values.commit(sha) is not None)
        and (tags is None or _plain_tags(tags))
        and _all_text_or_none((*texts, get("lastModified"), get("createdAt")))
    )


def _plain_record(
    raw: Mapping[str, Any],
    model_id: str,
    tags: tuple[str, ...],
    last_modified: datetime | None,
    created_at: datetime | None,
) -> ModelRecord:
    get = raw.get
    score = get("trendingScore")
    author = _safe_text(get("author"))
    return ModelRecord(
        model_id=model_id,
        hub_id=_safe_text(get("_id")),
        license=values.license_of(get("cardData"), tags, _safe_text),
        likes=get("likes"),
        downloads=get("downloads"),
        downloads_all_time=get("downloadsAllTime"),
        trending_score=None if score is None else float(score),
        last_modified=last_modified,
        created_at_hub=created_at,
        tags=tags,
        pipeline_tag=_safe_text(get("pipeline_tag")),
        library_name=_safe_text(get("library_name")),
        author=author or (model_id.split("/", 1)[0] if "/" in model_id else None),
        gated=_PLAIN_GATED[get("gated")],
        private=get("private"),
        sha=get("sha"),
    )


def _plain_count(value: object) -> bool:
    return value is None or (type(value) is int and 0 <= value <= values.PG_BIGINT_MAX)


def _plain_score(score: object) -> bool:
    """A trending score stored as a double without loss."""
    if score is None:
        return True
    if type(score) is float:
        return math.isfinite(score)
    return type(score) is int and abs(score) < 2**53


def _plain_tags(tags: object) -> bool:
    """A list of non-empty strings (the type of each one read in C, not in a loop here)."""
    return type(tags) is list and "" not in tags and set(map(type, tags)) <= _STR


def _all_text_or_none(fields: tuple[object, ...]) -> bool:
    return set(map(type, fields)) <= _STR_OR_NONE


def _kept_tags(tags: list[str]) -> tuple[str, ...]:
    """The tags stored: each cut to MAX_TAG_CHARS, repeats dropped, at most MAX_TAGS."""
    if len(tags) <= MAX_TAGS and max(map(len, tags)) <= MAX_TAG_CHARS:
        return tuple(dict.fromkeys(tags))
    return tuple(dict.fromkeys(t[:MAX_TAG_CHARS] for t in tags))[:MAX_TAGS]


_STR = {str}
_STR_OR_NONE = {str, type(None)}
_PLAIN_GATED = {None: None, False: "false", True: "true", "auto": "auto", "manual": "manual"}


def _safe_text(value: object) -> str | None:
    """Non-empty text, cut to the stored length (Postgres can hold it: checked before)."""
    return value[:MAX_TEXT_CHARS] if isinstance(value, str) and value else None


class ItemFields:
    """Reads one item's fields, noting each present value it had to drop."""

    def __init__(self, raw: Mapping[str, Any], storable: Callable[[str], bool]) -> None:
        self.raw = raw
        self.dropped: list[str] = []
        self.storable = storable

    def text(self, value: object) -> str | None:
        if isinstance(value, str) and not self.storable(value):
            return None
        return _safe_text(value)

    def record(self, model_id: str) -> ModelRecord:
        tags = self.tags()
        author = self.field("author", self.text)
        return ModelRecord(
            model_id=model_id,
            hub_id=self.field("_id", self.text),
            license=values.license_of(self.raw.get("cardData"), tags, self.text),
            likes=self.counter("likes"),
            downloads=self.counter("downloads"),
            downloads_all_time=self.field("downloadsAllTime", values.count),
            trending_score=self.field("trendingScore", values.number),
            last_modified=self.field("lastModified", values.timestamp),
            created_at_hub=self.field("createdAt", values.timestamp),
            tags=tags,
            pipeline_tag=self.field("pipeline_tag", self.text),
            library_name=self.field("library_name", self.text),
            author=author or (model_id.split("/", 1)[0] if "/" in model_id else None),
            gated=self.field("gated", values.gated),
            private=self.field("private", values.flag),
            sha=self.field("sha", values.commit),
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
        parsed = values.count(value)
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


def id_problem(value: object) -> str | None:
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


def printable_id(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value[:80].encode("unicode_escape").decode("ascii")


def shown(value: object, limit: int = 40) -> str:
    """`value` as a short ASCII-only repr, safe for a log line whatever it holds."""
    return repr(value)[:limit].encode("unicode_escape").decode("ascii")
