"""A run's figures in one place. The crawl's parts say what happened (tasks planned, a page
taken, a task fetched or failed, a batch merged, rankings derived, a walk ended, requests
sent) and the ledger alone adds it up; the progress line, the run's row, the metrics file
and the final log line read the figures it gives (`RunStats`), and nothing steers by them."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hf_crawler.records import Page
from hf_crawler.stats import RunStats


@dataclass(slots=True)
class _Counts:
    """One entity's tasks and rows."""

    tasks_total: int = 0
    tasks_fetched: int = 0  # every page in hand (stored once merged: tasks_ok)
    tasks_ok: int = 0
    tasks_failed: int = 0
    rows: int = 0  # rows merged so far; the run's distinct count comes at the end
    mappings: int = 0


@dataclass(slots=True)
class Ledger:
    """Adds up what a run's parts report; `figures` is the sum so far."""

    on_progress: Callable[[RunStats], None] = lambda _: None
    _counts: dict[str, _Counts] = field(default_factory=dict)
    _pages: dict[str, int] = field(default_factory=dict)  # the page-level counts
    _failed: dict[str, str] = field(default_factory=dict)
    _requests: tuple[int, int, int] = (0, 0, 0)
    _walk: dict[str, Any] = field(default_factory=dict)
    _started_at: float = field(default_factory=time.monotonic)  # the run's start, on the clock

    def planned(self, entity: str, tasks: int) -> None:
        """`tasks` tasks of `entity` are to be crawled."""
        self._of(entity).tasks_total = tasks

    def page(self, page: Page[Any]) -> None:
        """A page taken: what it held that was not stored as listed."""
        self._add("pages", 1)
        self._add("malformed", len(page.rejections))
        self._add("duplicates", page.duplicates)
        self._add("private_skipped", page.private_skipped)
        self._add("fields_dropped", sum(len(r.dropped) for r in page.records))

    def fetched(self, entity: str) -> None:
        """Every page of one of `entity`'s tasks is in hand."""
        self._of(entity).tasks_fetched += 1
        self._progress()

    def failed(self, entity: str, task: str, reason: str) -> None:
        """One of `entity`'s tasks (or its whole listing) failed: its ranking is kept."""
        self._of(entity).tasks_failed += 1
        self._failed[task if entity == "models" else f"{entity}:{task}"] = reason
        self._progress()

    def merged(self, entity: str, rows: int, rankings: Mapping[str, Sequence[str]]) -> None:
        """A batch merged: `rows` rows, and these tasks' rankings stored whole."""
        counts = self._of(entity)
        counts.rows += rows
        counts.tasks_ok += len(rankings)
        counts.mappings += sum(map(len, rankings.values()))
        self._progress()

    def derived(self, entity: str, tasks: int, mappings: int) -> None:
        """Full-Hub mode: every task's ranking derived from the stored rows."""
        counts = self._of(entity)
        counts.tasks_ok, counts.mappings = tasks, mappings

    def walk_failed(self, entity: str, tasks: int, reason: str) -> None:
        """Full-Hub mode: a listing not read to its end: every task keeps its ranking."""
        self._of(entity).tasks_failed += tasks
        self._failed[f"{entity} listing"] = reason

    def walking(self, expected: int | None) -> None:
        """Full-Hub mode: the progress counts pages of about `expected` models."""
        self._walk.update(walking=True, walk_expected=expected)

    def walked(self, ok: bool) -> None:
        """The models' listing was read to its end (`ok`), or not."""
        self._walk["walk_complete"] = ok

    def sent(self, requests: int, retries: int, rate_limited: int) -> None:
        """What the run's Hub client sent, in all."""
        self._requests = (requests, retries, rate_limited)

    def distinct(self, entity: str, rows: int) -> None:
        """The distinct rows of `entity` the run stored (known at its end)."""
        self._of(entity).rows = rows

    def stopped(self, entity: str) -> None:
        """A stop left tasks undone: they count as failed."""
        counts = self._of(entity)
        counts.tasks_failed = max(counts.tasks_failed, counts.tasks_total - counts.tasks_ok)

    @property
    def figures(self) -> RunStats:
        models, datasets, spaces = self._of("models"), self._of("datasets"), self._of("spaces")
        requests, retries, rate_limited = self._requests
        return RunStats(
            tasks_total=models.tasks_total,
            tasks_fetched=models.tasks_fetched,
            tasks_ok=models.tasks_ok,
            tasks_failed=models.tasks_failed,
            models=models.rows,
            mappings=models.mappings,
            pages=self._pages.get("pages", 0),
            requests=requests,
            retries=retries,
            rate_limited=rate_limited,
            malformed=self._pages.get("malformed", 0),
            duplicates=self._pages.get("duplicates", 0),
            fields_dropped=self._pages.get("fields_dropped", 0),
            private_skipped=self._pages.get("private_skipped", 0),
            failed_tasks=dict(self._failed),
            dataset_tasks_ok=datasets.tasks_ok,
            dataset_tasks_failed=datasets.tasks_failed,
            datasets=datasets.rows,
            dataset_mappings=datasets.mappings,
            spaces=spaces.rows,
            spaces_failed=spaces.tasks_failed > 0,
            collections=self._of("collections").rows,
            collections_failed=self._of("collections").tasks_failed > 0,
            started_at=self._started_at,
            **self._walk,
        )

    def _of(self, entity: str) -> _Counts:
        return self._counts.setdefault(entity, _Counts())

    def _add(self, name: str, n: int) -> None:
        self._pages[name] = self._pages.get(name, 0) + n

    def _progress(self) -> None:
        self.on_progress(self.figures)
