"""What the catalogue weighs and how fast it grows: the database's size now, the growth per
crawl run and per day over the crawl runs of the last weeks (each run records the sizes at
its end) and, against a storage budget (Supabase's free database is 500 MB), the days left
at the schedule's pace. Runs minutes apart say nothing of a daily schedule's pace, so there
is no projection until the runs measured span most of a day."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from hf_crawler.errors import ConfigError
from hf_crawler.store import queries
from hf_crawler.store.db import Connection

WINDOW_DAYS = 30  # growth is measured over the crawl runs of this many days before the newest
# The shortest span of runs a pace per day is taken from: a day, less the hours by which a
# daily schedule's runs may end earlier or later from one day to the next.
MIN_SPAN_S = 20 * 3600
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)", re.IGNORECASE)
_UNITS = {
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}


def parse_budget(text: str) -> int:
    """`500MB`, `8GB` or `512MiB` as bytes; anything else is a ConfigError."""
    match = _SIZE.fullmatch(text.strip())
    if match is None or float(match[1]) <= 0:
        raise ConfigError(f"--budget {text!r} must be a size such as 500MB, 8GB or 512MiB")
    return int(float(match[1]) * _UNITS[match[2].lower()])


@dataclass(frozen=True, slots=True)
class Storage:
    """Sizes now, growth over the latest runs, and the days a budget lasts at that pace."""

    database_bytes: int
    schema_bytes: int
    runs_measured: int
    growth_per_run_bytes: float | None
    growth_per_day_bytes: float | None
    budget_bytes: int | None = None
    days_left: float | None = None
    vector_bytes: int | None = None  # semantic search's vectors with their index, if made
    vector_texts: int = 0  # card texts that have vectors

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self, schema: str) -> str:
        """One line for a person: sizes, growth, and the budget's days left."""
        text = f"database {mb(self.database_bytes)} (schema {schema}: {mb(self.schema_bytes)})"
        if self.growth_per_run_bytes is None:
            text += "; growth: needs two crawl runs that recorded their size"
        else:
            text += (
                f"; {signed_mb(self.growth_per_run_bytes)} a run over the last "
                f"{self.runs_measured} crawl runs"
            )
            if self.growth_per_day_bytes is not None:
                text += f" ({signed_mb(self.growth_per_day_bytes)} a day)"
        if self.budget_bytes is not None:
            text += f"; budget {mb(self.budget_bytes)}: {self.days_left_text()}"
        if self.vector_bytes is not None:
            per_text = self.vector_bytes / self.vector_texts / 1e3 if self.vector_texts else 0
            text += f"; section vectors {mb(self.vector_bytes)} ({per_text:,.1f} KB a card text)"
        return text

    def days_left_text(self) -> str:
        if self.database_bytes >= (self.budget_bytes or 0):
            return "already over"
        if self.days_left is not None:
            return f"{self.days_left:,.0f} days left at this pace"
        if self.growth_per_day_bytes is None:
            return "days left unknown: needs a day of history (crawl runs 20 h or more apart)"
        return "not growing"


async def read(conn: Connection, schema: str, budget: int | None) -> Storage:
    """The sizes now and those the latest runs recorded; the vectors' share, if any."""
    q = queries.for_schema(schema)
    rows = await conn.fetch(q.storage_sizes, schema, WINDOW_DAYS)
    found = from_rows([dict(r) for r in rows], budget)
    if await conn.fetchval(q.vector_table_exists):
        vectors = await conn.fetchrow(q.embedding_sizes)
        if vectors is not None:
            found = replace(found, vector_bytes=vectors["bytes"], vector_texts=vectors["texts"])
    return found


def from_rows(rows: Sequence[dict[str, Any]], budget: int | None) -> Storage:
    """`rows` as storage_sizes.sql gives them: 'now' first, then crawl runs newest first."""
    now, runs = rows[0], [r for r in rows[1:] if r["kind"] == "run"]
    per_run = per_day = None
    if len(runs) >= 2:
        newest, oldest = runs[0], runs[-1]
        grown = newest["database_bytes"] - oldest["database_bytes"]
        per_run = grown / (len(runs) - 1)
        span_s = (newest["at"] - oldest["at"]).total_seconds()
        per_day = grown / span_s * 86400 if span_s >= MIN_SPAN_S else None
    days_left = None
    if budget is not None and per_day is not None and per_day > 0:
        days_left = max(0.0, (budget - now["database_bytes"]) / per_day)
    return Storage(
        database_bytes=now["database_bytes"],
        schema_bytes=now["schema_bytes"],
        runs_measured=len(runs),
        growth_per_run_bytes=per_run,
        growth_per_day_bytes=per_day,
        budget_bytes=budget,
        days_left=days_left,
    )


def mb(size: float) -> str:
    return f"{size / 1e6:,.1f} MB"


def signed_mb(size: float) -> str:
    return f"{'+' if size >= 0 else '-'}{abs(size) / 1e6:,.2f} MB"
