"""Durations as users write them on the command line: `90s`, `90m`, `26h`, `180d`, `12w`."""

from __future__ import annotations

import re
from datetime import timedelta

from hf_crawler.errors import ConfigError

_DURATION = re.compile(r"(\d+)([smhdw])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse(text: str, flag: str) -> timedelta:
    """A positive whole number then s, m, h, d or w; anything else is a ConfigError naming
    `flag`."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or int(match[1]) == 0:
        raise ConfigError(
            f"{flag} {text!r} must be a positive number then s, m, h, d or w (e.g. 90s, 26h, 180d)"
        )
    return timedelta(**{_UNITS[match[2]]: int(match[1])})
