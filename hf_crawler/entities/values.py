"""One JSON value -> what Postgres stores for it, or None when it cannot be stored (the
parser then counts the field as dropped); the id rules; whether a body's text is safe to
store as it is. Pure functions, no I/O, shared by every entity's parser.

Text Postgres cannot hold is a NUL character or a lone UTF-16 surrogate (not valid UTF-8).
Most pages hold no such text at all, and `text_is_safe` proves it from the body's bytes at
once, so their strings go unchecked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

MAX_TEXT_CHARS = 200
MAX_ID_CHARS = 256
MAX_TAGS = 200
MAX_TAG_CHARS = 200
PG_BIGINT_MAX = 2**63 - 1
PG_INT_MAX = 2**31 - 1


def count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value <= PG_BIGINT_MAX:
        return value
    return None


def small_count(value: object) -> int | None:
    """A count a Postgres integer holds (a context length, a star count), else None."""
    found = count(value)
    return found if found is not None and found <= PG_INT_MAX else None


def number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int beyond a double's range
        return None
    return number if math.isfinite(number) else None


# asyncpg writes Python's first and last instants as -infinity and infinity, not as dates.
_EDGES = (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))


def timestamp(value: object) -> datetime | None:
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


# How `gated` is stored: the Hub sends false or the mode (huggingface_hub's ModelInfo).
GATED: dict[object, str | None] = {
    None: None,
    False: "false",
    True: "true",
    "auto": "auto",
    "manual": "manual",
}


def gated(value: object) -> str | None:
    if value is False:
        return "false"
    if value is True:
        return "true"
    if value in ("auto", "manual"):
        return str(value)
    return None


def commit(value: object) -> str | None:
    """A git commit id: 40 hex digits."""
    if isinstance(value, str) and len(value) == 40 and not value.strip(_HEX):
        return value
    return None


_HEX = "0123456789abcdef"


def flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def license_of(
    card: object, tags: tuple[str, ...], text: Callable[[object], str | None]
) -> str | None:
    """The licence of an item whose `cardData` is `card` (anything: only an object's
    `license` and `license_name` are read)."""
    if not isinstance(card, Mapping):
        return declared_license(None, None, tags, text)
    return declared_license(card.get("license"), card.get("license_name"), tags, text)


def declared_license(
    declared: object,
    name_of_other: object,
    tags: tuple[str, ...],
    text: Callable[[object], str | None],
) -> str | None:
    """cardData.license first (what the card declares; of a list, its first name; `other`
    with the card's `license_name`), else the first `license:` tag (which the Hub derives
    from the card)."""
    if isinstance(declared, list):
        declared = next((item for item in declared if isinstance(item, str) and item), None)
    name = text(declared)
    if name == "other" and text(name_of_other):
        return f"other:{text(name_of_other)}"[:MAX_TEXT_CHARS]
    if name:
        return name
    return tagged_license(tags)


def tagged_license(tags: tuple[str, ...]) -> str | None:
    """The licence the first `license:` tag names (None for a bare `license:`)."""
    for tag in tags:
        if tag.startswith("license:"):
            return tag[8:] or None
    return None


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


def text(value: object) -> str | None:
    """Non-empty text, cut to the stored length (the caller knows Postgres can hold it)."""
    return value[:MAX_TEXT_CHARS] if isinstance(value, str) and value else None


def kept_tags(tags: list[str]) -> tuple[str, ...]:
    """The tags stored of a list of non-empty strings: each cut to MAX_TAG_CHARS, repeats
    dropped, at most MAX_TAGS."""
    if len(tags) <= MAX_TAGS and max(map(len, tags), default=0) <= MAX_TAG_CHARS:
        return tuple(dict.fromkeys(tags))
    return tuple(dict.fromkeys(t[:MAX_TAG_CHARS] for t in tags))[:MAX_TAGS]


def namespace(repo_id: str) -> str | None:
    """The author a repo id names (`org/name` -> `org`); None for an id with no owner."""
    return repo_id.split("/", 1)[0] if "/" in repo_id else None


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
