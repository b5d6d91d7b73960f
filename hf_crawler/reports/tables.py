"""Rows of dicts as text: a Markdown table, an aligned plain-text grid, one value's cell."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table of dict rows."""
    if not rows:
        return "_none_"
    cols = list(rows[0])
    head = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    body = ["| " + " | ".join(cell(r[c]).replace("|", "\\|") for c in cols) + " |" for r in rows]
    return "\n".join(head + body)


def grid(rows: list[dict[str, Any]]) -> str:
    """An aligned plain-text table of dict rows."""
    if not rows:
        return "  (none)"
    cols = list(rows[0])
    cells = [[cell(r[c]) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*cols), fmt.format(*("-" * w for w in widths))]
    return "\n".join(lines + [fmt.format(*row) for row in cells])


def cell(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)
