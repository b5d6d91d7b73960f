"""`hf-crawl pick`: a task's ranked models narrowed to what a user can run and use, from
`hf.pick` (the same answer any other client of the database gets), as a table, JSON or CSV."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from decimal import Decimal
from typing import Any

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.store import database as store
from hf_crawler.store import reads
from hf_crawler.text import json_default

# Decimal units, as model names write sizes: 8B is 8 x 10^9 parameters.
_UNITS = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMBT]?)\s*", re.IGNORECASE)
LICENSE_CLASSES = ("permissive", "copyleft", "non-commercial", "restricted", "unknown")
FIELDS = (
    "model_id",
    "rank_in_task",
    "downloads",
    "downloads_change_7d",
    "likes",
    "trending_score",
    "spaces_count",
    "params_total",
    "params_source",
    "license",
    "license_class",
    "commercial_use",
    "library_name",
    "base_model",
    "benchmark_dataset",
    "benchmark_metric",
    "value",
)


def parameters(text: str) -> int:
    """A parameter count written as model names write it (8B, 1.5B, 500M, 7000000000)."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise errors.ConfigError(
            f"{text!r} is not a size: write it as 8B, 1.5B, 500M or 7000000000"
        )
    return int(Decimal(match[1]) * _UNITS[match[2].upper()])


def license_classes(text: str) -> tuple[str, ...]:
    """`permissive,copyleft`: each a licence class of hf.licenses."""
    named = tuple(c.strip() for c in text.split(",") if c.strip())
    unknown = [c for c in named if c not in LICENSE_CLASSES]
    if unknown or not named:
        raise errors.ConfigError(
            f"--license-class {text!r}: name one or more of {', '.join(LICENSE_CLASSES)}"
        )
    return named


async def pick(settings: Settings, choice: reads.Choice) -> list[dict[str, Any]]:
    """The chosen models, best first; an unknown task is refused in one line."""
    schema = settings.schema
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_for_reading(settings, stack)
        narrowed = reads.SearchFilters(choice.task, None, None)
        unknown = await reads.unknown_filters(pool, schema, narrowed)
        if unknown and unknown.get("task"):
            raise errors.ConfigError(
                f"--task {choice.task!r}: no task in the catalogue has this id"
                " (hf-crawl report lists them)"
            )
        return await reads.pick(pool, schema, choice)


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    """`json`: a list of objects in order; `csv`: a header and a row each; `table`: one
    line a model."""
    if fmt == "json":
        return json.dumps([_plain(r) for r in rows], default=json_default, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_plain(r) for r in rows)
        return out.getvalue().rstrip("\n")
    if not rows:
        return "no model of the task matches (hf-crawl report lists the tasks and their sizes)"
    return "\n".join(_line(n, r) for n, r in enumerate(rows, start=1))


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    value = row["value"]
    return {**{k: row[k] for k in FIELDS}, "value": None if value is None else float(value)}


def _line(n: int, r: dict[str, Any]) -> str:
    change = r["downloads_change_7d"]
    trend = "" if change is None else f" ({change:+,} in 7 days)"
    size = "size unknown" if r["params_total"] is None else f"{_size(r['params_total'])} params"
    licence = f"{r['license'] or 'no licence'} ({r['license_class'] or '-'}, commercial use"
    licence += f" {r['commercial_use'] or '-'})"
    family = f"; from {r['base_model']}" if r["base_model"] else ""
    used = f"; used by {r['spaces_count']:,} Spaces" if r["spaces_count"] else ""
    score = ""
    if r["value"] is not None:
        score = f"; {r['benchmark_dataset']} {r['benchmark_metric']} {float(r['value']):g}"
    return (
        f"{n:>2}. {r['model_id']}  #{r['rank_in_task']}; {r['downloads']:,} downloads{trend};"
        f" {r['likes']:,} likes{used}; {size}; {licence}{family}{score}"
    )


def _size(total: int) -> str:
    for unit in ("T", "B", "M", "K"):
        if total >= _UNITS[unit]:
            return f"{total / _UNITS[unit]:.1f}{unit}"
    return str(total)
