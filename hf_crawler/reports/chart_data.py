"""The series the HTML report draws: runs on the x axis, the biggest tasks' top models'
downloads and ranks over those runs, models per task, and the license mix."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from hf_crawler.store import db, queries

RUNS_SHOWN = 8  # the latest covering runs on the x axis
TASKS_SHOWN = 4  # the biggest tasks get their charts
TOP_SHOWN = 10  # models per task in the charts over runs

Series = dict[str, list[float | None]]  # label -> one value per run (None: not known there)


@dataclass(slots=True)
class ChartData:
    """Everything the page draws; plain values, no database types."""

    runs: list[tuple[int, datetime]] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    downloads: dict[str, Series] = field(default_factory=dict)  # task -> model -> per run
    ranks: dict[str, Series] = field(default_factory=dict)  # task -> model -> rank per run
    models_per_task: list[tuple[str, int]] = field(default_factory=list)
    license_mix: list[tuple[str, int]] = field(default_factory=list)


async def gather(pool: asyncpg.Pool, schema: str) -> ChartData:
    """Read every series in one connection."""
    q = queries.for_schema(schema)
    async with db.translated("reading the chart data"), pool.acquire() as conn:
        runs = [
            (r["run_id"], r["started_at"])
            for r in await conn.fetch(q.report_chart_runs, RUNS_SHOWN)
        ]
        per_task = [(r["task_id"], r["models"]) for r in await conn.fetch(q.report_models_per_task)]
        licenses = [(r["license"], r["models"]) for r in await conn.fetch(q.report_license_mix)]
        tasks = [task for task, _ in per_task[:TASKS_SHOWN]]
        run_ids = [run for run, _ in runs]
        downloads = await conn.fetch(q.report_chart_downloads, tasks, run_ids, TOP_SHOWN)
        ranks = await conn.fetch(q.report_chart_ranks, tasks, run_ids, TOP_SHOWN)
    data = ChartData(runs, tasks, models_per_task=per_task, license_mix=licenses)
    data.downloads = _series(downloads, run_ids, "downloads")
    data.ranks = _series(ranks, run_ids, "rank_in_task")
    return data


def _series(rows: list[asyncpg.Record], run_ids: list[int], value: str) -> dict[str, Series]:
    """task -> model -> one value per run, in run order (None where a run has none)."""
    at = {run: i for i, run in enumerate(run_ids)}
    found: dict[str, Series] = defaultdict(dict)
    for row in rows:
        values = found[row["task_id"]].setdefault(row["model_id"], [None] * len(run_ids))
        values[at[row["run_id"]]] = row[value]
    return dict(found)
