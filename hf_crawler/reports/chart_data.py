"""The series the HTML report draws: runs on the x axis, the biggest tasks' top models'
downloads and ranks over those runs, models per task, and the license mix."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hf_crawler.store import reads
from hf_crawler.store.database import Pool

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


async def gather(pool: Pool, schema: str) -> ChartData:
    """Every series the page draws."""
    read = await reads.charts(pool, schema, runs=RUNS_SHOWN, tasks=TASKS_SHOWN, top=TOP_SHOWN)
    runs = [(r["run_id"], r["started_at"]) for r in read.runs]
    per_task = [(r["task_id"], r["models"]) for r in read.per_task]
    licenses = [(r["license"], r["models"]) for r in read.licenses]
    data = ChartData(runs, [task for task, _ in per_task[:TASKS_SHOWN]], models_per_task=per_task)
    data.license_mix = licenses
    run_ids = [run for run, _ in runs]
    data.downloads = _series(read.downloads, run_ids, "downloads")
    data.ranks = _series(read.ranks, run_ids, "rank_in_task")
    return data


def _series(rows: list[dict[str, Any]], run_ids: list[int], value: str) -> dict[str, Series]:
    """task -> model -> one value per run, in run order (None where a run has none)."""
    at = {run: i for i, run in enumerate(run_ids)}
    found: dict[str, Series] = defaultdict(dict)
    for row in rows:
        values = found[row["task_id"]].setdefault(row["model_id"], [None] * len(run_ids))
        values[at[row["run_id"]]] = row[value]
    return dict(found)
