"""What describes one kind of per-item request the crawler makes after the listings (a
model's details, a paper's page, a collection's items): which ids are due, where the Hub
answers for one, how its answer becomes a stored row. The crawl (`crawl/lookups.py`) and
the store (`store/lookups.py`) read it, as they read an `Entity` for a listing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class Found(Protocol):
    """One answer read: its row for the store's query, and the fields it had to drop."""

    @property
    def dropped(self) -> tuple[str, ...]: ...

    def row(self) -> tuple[object, ...]: ...


@dataclass(frozen=True, slots=True)
class Lookup:
    name: str  # as log events and the run's last line name it: "papers"
    # The setting that caps the requests a run spends on it (0: none).
    budget_setting: str
    # Named queries (sql/queries/): the ids due, best first, at most $1; storing what was
    # found (one array per column of `Found.row`); noting the ids the Hub has no page for
    # ($1), or None when those are only counted.
    due: str
    store: str
    missing: str | None
    path: Callable[[str], str]  # the Hub's path for one id
    params: tuple[tuple[str, str], ...]  # its query
    read: Callable[[str, object], Found]  # an id and the Hub's answer -> the row to store
