"""A run's counters, kept by the writer and the pipeline, read by the progress line, the
run log and the final log event."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RunStats:
    """A run's counters; the pipeline and the writer own them, nobody else writes them."""

    tasks_total: int = 0
    tasks_fetched: int = 0  # tasks whose every page is in hand (stored once merged: tasks_ok)
    tasks_ok: int = 0
    tasks_failed: int = 0
    models: int = 0  # distinct models the run merged
    mappings: int = 0
    pages: int = 0
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    malformed: int = 0
    duplicates: int = 0
    fields_dropped: int = 0  # values stored as NULL because Postgres could not hold them
    private_skipped: int = 0  # private repos listed to our token, not stored
    failed_tasks: dict[str, str] = field(default_factory=dict)
    dataset_tasks_ok: int = 0  # tasks whose top datasets are stored (--repos datasets)
    dataset_tasks_failed: int = 0
    datasets: int = 0  # distinct datasets the run merged
    dataset_mappings: int = 0
    spaces: int = 0  # distinct Spaces the run merged (--repos spaces)
    spaces_failed: bool = False  # the Spaces listing failed: their ranking is kept
    collections: int = 0  # distinct collections the run merged (--collections-top)
    collections_failed: bool = False
    walking: bool = False  # full-Hub mode: the progress line counts pages, not tasks
    walk_expected: int | None = None  # full-Hub mode: models the last full walk merged
    started_at: float = field(default_factory=time.monotonic)
    walk_complete: bool = False  # full-Hub mode: the listing was read to its end

    def summary(self) -> dict[str, Any]:
        return {
            "tasks_total": self.tasks_total,
            "tasks_ok": self.tasks_ok,
            "tasks_failed": self.tasks_failed,
            "models": self.models,
            "mappings": self.mappings,
            "pages": self.pages,
            "requests": self.requests,
            "retries": self.retries,
            "rate_limited": self.rate_limited,
            "malformed": self.malformed,
            "duplicates": self.duplicates,
            "fields_dropped": self.fields_dropped,
            "private_skipped": self.private_skipped,
            "dataset_tasks_ok": self.dataset_tasks_ok,
            "dataset_tasks_failed": self.dataset_tasks_failed,
            "datasets": self.datasets,
            "dataset_mappings": self.dataset_mappings,
            "spaces": self.spaces,
            "spaces_failed": self.spaces_failed,
            "collections": self.collections,
            "collections_failed": self.collections_failed,
        }
