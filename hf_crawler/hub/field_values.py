"""One JSON value -> what Postgres stores for it, or None when it cannot be stored (the
parser then counts the field as dropped). Pure functions, no I/O."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

MAX_TEXT_CHARS = 200
PG_BIGINT_MAX = 2**63 - 1


def count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value <= PG_BIGINT_MAX:
        return value
    return None


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
