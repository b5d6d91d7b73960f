"""Small text rules shared by errors, logs and reports: one line, no password, JSON dates."""

from __future__ import annotations

import re
from datetime import datetime

# `scheme://user:password@host`: the password is whatever stands between the user's colon
# and the `@` (RFC 3986 userinfo).
DSN_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def one_line(text: str, limit: int = 300) -> str:
    """`text` with its whitespace collapsed to single spaces, cut at `limit` characters."""
    return " ".join(text.split())[:limit]


def redact_dsn(dsn: str) -> str:
    """The URL with its password replaced by `***`, for logs and errors."""
    return DSN_PASSWORD.sub(r"\1***@", dsn)


def json_default(value: object) -> object:
    """`json.dumps(default=...)` for the values our records hold: datetimes and tuples."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")
