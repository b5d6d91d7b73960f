"""`--dry-run PATH`: the JSON-lines sink. Fetches everything, touches no database."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, Generic, TextIO, cast

import msgspec

from hf_crawler.entities.entity import Entity, R
from hf_crawler.entities.lookup import Found, Lookup
from hf_crawler.errors import OutputFailed
from hf_crawler.records import Batch, MergeResult, Task
from hf_crawler.store.entity_store import Derivation
from hf_crawler.text import json_default


class JsonLinesSink:
    """One line per task, record and completed ranking: `{"type": ..., ...}`."""

    def __init__(self, stream: TextIO, path: Path | None = None) -> None:
        self._stream = stream
        self._path = path

    @classmethod
    def open(cls, path: Path) -> JsonLinesSink:
        """The file, created (or emptied); one that cannot be opened is a one-line error."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(path.open("w", encoding="utf-8"), path)
        except OSError as exc:
            raise OutputFailed(f"cannot write the dry run to {path}: {exc.strerror}") from exc

    def close(self) -> None:
        with contextlib.suppress(OSError):  # already reported by the write that failed
            self._stream.close()

    async def merge_tasks(self, tasks: tuple[Task, ...]) -> None:
        self._write_all([{"type": "task", **asdict(task)} for task in tasks])

    def bind_run(self, run_id: int | None, lease: str | None = None) -> None:
        """A dry run has no run row; nothing to stamp."""

    def of(self, entity: Entity[R]) -> _EntityLines[R]:
        """Where `entity`'s batches go: lines of this file."""
        return _EntityLines(entity, self._write_all)

    def merged(self, entity: Entity[Any]) -> int | None:
        """A dry run has no run row to count for."""
        return None

    async def vacuum(self) -> int:
        """A file has no row versions to reclaim."""
        return 0

    async def due(self, lookup: Lookup, budget: int) -> list[str]:
        """No database says which lookups are due: a dry run fetches none."""
        return []

    async def store_lookups(self, lookup: Lookup, found: list[Found], gone: list[str]) -> None:
        """Nothing is ever fetched to store."""

    def _write_all(self, records: list[dict[str, Any]]) -> None:
        """Write and flush; a full disk (or /dev/full) is a one-line error, not a traceback."""
        try:
            for record in records:
                line = json.dumps(record, default=json_default, ensure_ascii=False)
                self._stream.write(line + "\n")
            self._stream.flush()
        except OSError as exc:
            raise OutputFailed(f"cannot write the dry run to {self._path}: {exc.strerror}") from exc


class _EntityLines(Generic[R]):
    """One entity's records and rankings as lines (`{"type": <kind>, ...}`; models' rankings
    are typed `ranking`, as they were before other entities)."""

    def __init__(self, entity: Entity[R], write: Callable[[list[dict[str, Any]]], None]) -> None:
        self._entity = entity
        self._write = write

    async def merge(self, batch: Batch[R]) -> MergeResult:
        kind = self._entity.kind
        ranking = "ranking" if self._entity.first else f"{kind}_ranking"
        lines = [
            {"type": kind, **msgspec.structs.asdict(cast(msgspec.Struct, r))} for r in batch.models
        ]
        lines += [
            {"type": ranking, "task_id": task_id, f"{kind}_ids": list(ids)}
            for task_id, ids in batch.rankings.items()
        ]
        self._write(lines)
        return MergeResult(seen=len(batch.models))

    async def derive_rankings(self, derivation: Derivation) -> int | None:
        """A dry run stores nothing, so there is nothing to rank: None."""
        return None
