"""The values that cross stage boundaries: tasks, parsed models, pages, rejections."""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Task:
    """One Hub task (pipeline tag); `source` says which listing named it."""

    id: str
    label: str
    source: str = "api_tasks"


@dataclass(frozen=True, slots=True)
class ModelRecord:
    """One model as the Hub listed it, reduced to the allow-listed fields we store."""

    model_id: str
    hub_id: str | None
    license: str | None
    likes: int | None
    downloads: int | None
    downloads_all_time: int | None
    trending_score: float | None
    last_modified: datetime | None
    created_at_hub: datetime | None
    tags: tuple[str, ...]
    pipeline_tag: str | None
    library_name: str | None
    author: str | None
    gated: str | None
    private: bool | None = None
    sha: str | None = None  # the repo's current commit (a card changes only with it)
    dropped: tuple[str, ...] = ()  # fields whose value could not be stored (NULL instead)

    @property
    def repo_id(self) -> str:
        return self.model_id


@dataclass(frozen=True, slots=True)
class DatasetRecord:
    """One dataset as the Hub listed it; its tasks, languages and size come from its tags
    (`task_categories:`, `language:`, `size_categories:`)."""

    dataset_id: str
    hub_id: str | None
    author: str | None
    license: str | None
    likes: int | None
    downloads: int | None
    downloads_all_time: int | None
    trending_score: float | None
    tags: tuple[str, ...]
    task_categories: tuple[str, ...]
    languages: tuple[str, ...]
    size_category: str | None
    gated: str | None
    private: bool | None
    sha: str | None
    created_at_hub: datetime | None
    last_modified: datetime | None
    dropped: tuple[str, ...] = ()

    @property
    def repo_id(self) -> str:
        return self.dataset_id


@dataclass(frozen=True, slots=True)
class Rejection:
    """An item the parser refused; counted and logged, never stored."""

    reason: str
    model_id: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched page of a task; records[i] ranks `first_rank + i` in the task."""

    task_id: str
    number: int
    first_rank: int
    records: tuple[ModelRecord, ...]
    rejections: tuple[Rejection, ...] = ()
    duplicates: int = 0
    elapsed_ms: float = 0.0  # from asking for it to having it parsed, waits included
    private_skipped: int = 0
    wait_ms: float = 0.0  # of which queued for a request slot and the gate
    hub_ms: float = 0.0  # of which the Hub's latency: sent to last byte


@dataclass(frozen=True, slots=True)
class DatasetPage:
    """One fetched page of a task's datasets (records[i] ranks `first_rank + i`), or of the
    whole datasets listing (`task_id` None: it ranks nothing itself)."""

    task_id: str | None
    number: int
    first_rank: int
    records: tuple[DatasetRecord, ...]
    rejections: tuple[Rejection, ...] = ()
    duplicates: int = 0
    private_skipped: int = 0


@dataclass(frozen=True, slots=True)
class ListingPage:
    """One page of the whole-Hub listing (full-Hub mode); it ranks nothing itself."""

    number: int
    records: tuple[ModelRecord, ...]
    rejections: tuple[Rejection, ...] = ()
    elapsed_ms: float = 0.0
    next_url: str | None = None  # where the listing goes on after this page
    private_skipped: int = 0
    wait_ms: float = 0.0
    hub_ms: float = 0.0


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
QueueItem = Page | TaskDone | ListingPage | ListingDone | End
Queue = asyncio.Queue[QueueItem]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Where a full-Hub walk resumes once this batch is merged (None: the walk is done)."""

    next_url: str | None


@dataclass(frozen=True, slots=True)
class Batch:
    """What one flush merges: models, and the full new ranking of each task that completed."""

    models: tuple[ModelRecord, ...]
    rankings: dict[str, tuple[str, ...]]  # task id -> model ids in rank order (rank = i + 1)
    checkpoint: Checkpoint | None = None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a flush did to the models table."""

    inserted: int = 0
    changed: int = 0
    seen: int = 0
    rewritten: int = 0  # row versions replaced: changed, or stamped as seen by a walk
