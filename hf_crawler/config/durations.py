"""Durations as users write them on the command line: `90s`, `90m`, `26h`, `180d`, `12w`."""

from __future__ import annotations

import re
from datetime import timedelta

from hf_crawler.errors import ConfigError

_DURATION = re.compile(r"(\d+)([smhdw])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# A century: far past any schedule or retention, and every date that far back is one
# Python and Postgres can hold (a duration reaching before year 1 overflowed).
LONGEST = timedelta(days=36_525)


def parse(text: str, flag: str) -> timedelta:
    """A positive whole number then s, m, h, d or w; anything else is a ConfigError naming
    `flag`."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or int(match[1]) == 0:
        raise ConfigError(
            f"{flag} {text!r} must be a positive number then s, m, h, d or w (e.g. 90s, 26h, 180d)"
        )
    amount, unit = int(match[1]), _UNITS[match[2]]
    if amount > LONGEST / timedelta(**{unit: 1}):
        raise ConfigError(f"{flag} {text!r} is longer than a century ({LONGEST.days:,}d)")
    return timedelta(**{unit: amount})
