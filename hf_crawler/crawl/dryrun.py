"""`--dry-run PATH`: the JSON-lines sink. Fetches everything, touches no database."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import msgspec

from hf_crawler.entities.datasets import DatasetRecord
from hf_crawler.entities.models import ModelRecord
from hf_crawler.errors import OutputFailed
from hf_crawler.records import Batch, MergeResult, Task
from hf_crawler.text import json_default


class JsonLinesSink:
    """One line per task, model, dataset and completed ranking: `{"type": ..., ...}`."""

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

    async def derive_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int | None:
        """A dry run stores no models, so there is nothing to rank: None."""
        return None

    def models_merged(self) -> int | None:
        """A dry run has no run row to count for."""
        return None

    async def vacuum(self) -> int:
        """A file has no row versions to reclaim."""
        return 0

    async def merge(self, batch: Batch[ModelRecord]) -> MergeResult:
        lines = [{"type": "model", **msgspec.structs.asdict(model)} for model in batch.models]
        lines += [
            {"type": "ranking", "task_id": task_id, "model_ids": list(ids)}
            for task_id, ids in batch.rankings.items()
        ]
        self._write_all(lines)
        return MergeResult(seen=len(batch.models))

    async def store_datasets(self, task_id: str, ranking: tuple[DatasetRecord, ...]) -> int:
        lines = [{"type": "dataset", **msgspec.structs.asdict(dataset)} for dataset in ranking]
        ids = [d.dataset_id for d in ranking]
        lines.append({"type": "dataset_ranking", "task_id": task_id, "dataset_ids": ids})
        self._write_all(lines)
        return len(ranking)

    async def store_listed_datasets(self, page: tuple[DatasetRecord, ...]) -> None:
        self._write_all(
            [{"type": "dataset", **msgspec.structs.asdict(dataset)} for dataset in page]
        )

    async def derive_dataset_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int | None:
        """A dry run stores no datasets, so there is nothing to rank: None."""
        return None

    def _write_all(self, records: list[dict[str, Any]]) -> None:
        """Write and flush; a full disk (or /dev/full) is a one-line error, not a traceback."""
        try:
            for record in records:
                line = json.dumps(record, default=json_default, ensure_ascii=False)
                self._stream.write(line + "\n")
            self._stream.flush()
        except OSError as exc:
            raise OutputFailed(f"cannot write the dry run to {self._path}: {exc.strerror}") from exc
