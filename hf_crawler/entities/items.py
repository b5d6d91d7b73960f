"""Reading a listing item, whatever it holds, into a record or a counted rejection: the
careful reader every entity's parser uses field by field, and the typed decoding of a whole
page that skips it when every item already has the shape it is stored in.

The Hub leaves keys out rather than sending null, `cardData` is free-form YAML, and `gated`
is `false` or a string (huggingface_hub's `ModelInfo`, huggingface.js's `ApiModelInfo`).
A missing id or a ranking counter that is not a count rejects the item; any other value
Postgres cannot hold is stored as NULL and the field counted as dropped. A missing key is
not a problem and is not counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

import msgspec

from hf_crawler.entities import hub_evals, sizes, values
from hf_crawler.records import Rejection

T = TypeVar("T")
R = TypeVar("R")
Typed = TypeVar("Typed")


class Malformed(Exception):
    """A field that makes the whole item unusable."""


# The fields every repo listing is asked for (`expand`), those a RepoRecord keeps; the Hub
# then sends exactly these plus `_id` and `id` (huggingface_hub's `ExpandModelProperty_T`
# and `ExpandDatasetProperty_T` list the values).
REPO_EXPAND = (
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


class RepoRecord(msgspec.Struct, frozen=True, kw_only=True):
    """What every Hub repo's record holds, as listed: each entity's record adds its id and
    its own fields."""

    hub_id: str | None
    author: str | None
    license: str | None
    likes: int | None
    downloads: int | None
    downloads_all_time: int | None
    trending_score: float | None
    tags: tuple[str, ...]
    gated: str | None
    private: bool | None = None
    sha: str | None = None  # the repo's current commit (a card changes only with it)
    created_at_hub: datetime | None
    last_modified: datetime | None
    dropped: tuple[str, ...] = ()  # fields whose value could not be stored (NULL instead)


class ItemFields:
    """Reads one item's fields, noting each present value it had to drop."""

    def __init__(self, raw: Mapping[str, Any], storable: Callable[[str], bool]) -> None:
        self.raw = raw
        self.dropped: list[str] = []
        self.storable = storable

    def text(self, value: object) -> str | None:
        if isinstance(value, str) and not self.storable(value):
            return None
        return values.text(value)

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
            raise Malformed(f"{key} is {values.shown(value)}, not a count in 0..2**63-1")
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
        return values.kept_tags(good)

    def author(self, repo_id: str) -> str | None:
        """The listed author, else the id's namespace (it is the author)."""
        return self.field("author", self.text) or values.namespace(repo_id)

    def repo_fields(self, repo_id: str) -> dict[str, Any]:
        """The fields every repo's record holds, read carefully (the `dropped` ones last:
        an entity's own fields may add to them)."""
        tags = self.tags()
        author = self.author(repo_id)
        return {
            "hub_id": self.field("_id", self.text),
            "author": author,
            "license": values.license_of(self.raw.get("cardData"), tags, self.text),
            "likes": self.counter("likes"),
            "downloads": self.counter("downloads"),
            "downloads_all_time": self.field("downloadsAllTime", values.count),
            "trending_score": self.field("trendingScore", values.number),
            "tags": tags,
            "gated": self.field("gated", values.gated),
            "private": self.field("private", values.flag),
            "sha": self.field("sha", values.commit),
            "created_at_hub": self.field("createdAt", values.timestamp),
            "last_modified": self.field("lastModified", values.timestamp),
        }


def read_item(
    raw: object,
    safe_text: bool,
    build: Callable[[ItemFields, str], R],
    *,
    id_keys: tuple[str, ...] = ("id",),
) -> R | Rejection:
    """One item: a record `build` makes of its fields, or in a few words why not; the id is
    the first of `id_keys` present. `safe_text` (from `text_is_safe`) skips checking each
    string."""
    if not isinstance(raw, Mapping):
        return Rejection(f"item is {type(raw).__name__}, not an object")
    repo_id = next((raw[k] for k in id_keys if k in raw), None)
    problem = values.id_problem(repo_id)
    if problem is not None or not isinstance(repo_id, str):
        return Rejection(problem or "missing id", values.printable_id(repo_id))
    try:
        return build(ItemFields(raw, values.always if safe_text else values.storable), repo_id)
    except Malformed as exc:
        return Rejection(str(exc), repo_id)


def decode_typed(
    body: bytes, decoder: msgspec.json.Decoder[list[Typed]], record: Callable[[Typed], R | None]
) -> list[R] | None:
    """A page read by its typed decoder, each item made a record by `record`; None when any
    item is not of the plain shape (a type, a range, an id `record` refuses), so the page
    is read item by item by the careful reader instead, which gives the same records."""
    try:
        typed: Sequence[Typed] = decoder.decode(body)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    records: list[R] = []
    for item in typed:
        made = record(item)
        if made is None:
            return None
        records.append(made)
    return records


Count = Annotated[int, msgspec.Meta(ge=0, le=values.PG_BIGINT_MAX)]
# A tag stored as it is: not empty, no longer than stored tags are, at most as many as kept.
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=values.MAX_TAG_CHARS)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=values.MAX_TAGS)]
Text = Annotated[str, msgspec.Meta(max_length=values.MAX_TEXT_CHARS)]  # stored uncut


class Card(msgspec.Struct):
    """The part of `cardData` a record keeps: what the card declares of its licence."""

    license: Any = None
    license_name: Any = None


class PlainItem(msgspec.Struct, rename={"hub_id": "_id", "model_id": "modelId"}):
    """A listing item each of whose fields is absent, null, or of the type (and range) it
    is stored as; any other item fails its page's typed decoding. Keys an entity does not
    store are ignored, as the careful reader ignores them."""

    id: str | msgspec.UnsetType = msgspec.UNSET
    model_id: str | msgspec.UnsetType = msgspec.UNSET
    hub_id: Text | None = None
    likes: Count | None = None
    downloads: Count | None = None
    downloadsAllTime: Count | None = None
    trendingScore: float | None = None
    lastModified: str | None = None
    createdAt: str | None = None
    tags: Tags | None = None
    pipeline_tag: Text | None = None
    library_name: Text | None = None
    author: Text | None = None
    gated: bool | Literal["auto", "manual"] | None = None
    private: bool | None = None
    sha: str | None = None
    cardData: Card | None = None
    safetensors: sizes.Safetensors | None = None  # a model's size (entities/sizes.py)
    gguf: sizes.Gguf | None = None
    evalResults: list[hub_evals.HubEval] | None = None  # a model's (entities/hub_evals.py)


PLAIN_PAGE = msgspec.json.Decoder(list[PlainItem])


def checked(
    item: PlainItem, *, id_keys: tuple[str, ...] = ("id", "modelId")
) -> tuple[str, dict[str, Any]] | None:
    """The id and the fields every repo's record holds of a plain item, as the careful
    reader reads them; None when it would reject the item (its id) or drop a field (a time,
    a commit, a score beyond a double)."""
    repo_id = item.id
    if repo_id is msgspec.UNSET and "modelId" in id_keys:
        repo_id = item.model_id
    if repo_id is msgspec.UNSET or values.id_problem(repo_id) is not None:
        return None
    modified, created, score, sha = item.lastModified, item.createdAt, item.trendingScore, item.sha
    last_modified = values.timestamp(modified) if modified else None
    created_at = values.timestamp(created) if created else None
    if (modified and last_modified is None) or (created and created_at is None):
        return None
    if (sha and values.commit(sha) is None) or (score is not None and not math.isfinite(score)):
        return None
    tags = tuple(dict.fromkeys(item.tags)) if item.tags else ()  # each already as kept
    card = item.cardData
    return repo_id, {
        "hub_id": item.hub_id or None,
        "author": item.author or values.namespace(repo_id),
        "license": values.tagged_license(tags)
        if card is None
        else values.declared_license(card.license, card.license_name, tags, values.text),
        "likes": item.likes,
        "downloads": item.downloads,
        "downloads_all_time": item.downloadsAllTime,
        "trending_score": None if score is None else float(score),
        "tags": tags,
        "gated": values.GATED[item.gated],
        "private": item.private,
        "sha": sha or None,
        "created_at_hub": created_at,
        "last_modified": last_modified,
    }
