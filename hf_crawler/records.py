"""The values that cross stage boundaries: tasks, pages of records, rejections, batches.
Each entity's record type lives with its entity (`hf_crawler/entities/`)."""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass
from typing import Any, Generic, TypeVar


@dataclass(frozen=True, slots=True)
class Task:
    """One Hub task (pipeline tag); `source` says which listing named it."""

    id: str
    label: str
    source: str = "api_tasks"


@dataclass(frozen=True, slots=True)
class Rejection:
    """An item the parser refused; counted and logged, never stored."""

    reason: str
    model_id: str | None = None


R = TypeVar("R")  # an entity's record


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    """One fetched page of a task's ranked listing (records[i] ranks `first_rank + i`), or
    of an entity's whole listing (full-Hub mode: `task_id` None; it ranks nothing itself)."""

    task_id: str | None
    number: int
    first_rank: int
    records: tuple[R, ...]
    rejections: tuple[Rejection, ...] = ()
    duplicates: int = 0
    elapsed_ms: float = 0.0  # from asking for it to having it parsed, waits included
    private_skipped: int = 0
    wait_ms: float = 0.0  # of which queued for a request slot and the rate limiter
    hub_ms: float = 0.0  # of which the Hub's latency: sent to last byte
    next_url: str | None = None  # a whole listing's: where it goes on after this page


@dataclass(frozen=True, slots=True)
class TaskDone:
    """A task's last word: after every one of its pages, in queue order."""

    task_id: str
    ok: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ListingDone:
    """The listing walk's last word: read to its end (`ok`), or why not."""

    ok: bool
    reason: str = ""


class End(enum.Enum):
    """The producer's sentinel: no more items will come."""

    END = enum.auto()


# What travels from the fetchers to the writer, in FIFO order.
QueueItem = Page[Any] | TaskDone | ListingDone | End
Queue = asyncio.Queue[QueueItem]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Where a full-Hub walk resumes once this batch is merged (None: the walk is done)."""

    next_url: str | None


@dataclass(frozen=True, slots=True)
class Batch(Generic[R]):
    """What one flush merges: models, and the full new ranking of each task that completed."""

    models: tuple[R, ...]
    rankings: dict[str, tuple[str, ...]]  # task id -> model ids in rank order (rank = i + 1)
    checkpoint: Checkpoint | None = None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a flush did to the models table."""

    inserted: int = 0
    changed: int = 0
    seen: int = 0
    rewritten: int = 0  # row versions replaced: changed, or stamped as seen by a walk
