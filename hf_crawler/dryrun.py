"""`--dry-run PATH`: the JSON-lines sink. Fetches everything, touches no database."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from hf_crawler.records import Batch, MergeResult, Task
from hf_crawler.text import json_default


class JsonLinesSink:
    """One line per task, model and completed ranking: `{"type": ..., ...}`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @classmethod
    def open(cls, path: Path) -> JsonLinesSink:
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(path.open("w", encoding="utf-8"))

    def close(self) -> None:
        self._stream.close()

    async def merge_tasks(self, tasks: tuple[Task, ...]) -> None:
        for task in tasks:
            self._write({"type": "task", **asdict(task)})

    def bind_run(self, run_id: int | None, lease: str | None = None) -> None:
        """A dry run has no run row; nothing to stamp."""

    async def derive_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int | None:
        """A dry run stores no models, so there is nothing to rank: None."""
        return None

    async def merge(self, batch: Batch) -> MergeResult:
        for model in batch.models:
            self._write({"type": "model", **asdict(model)})
        for task_id, ids in batch.rankings.items():
            self._write({"type": "ranking", "task_id": task_id, "model_ids": list(ids)})
        self._stream.flush()
        return MergeResult(seen=len(batch.models))

    def _write(self, record: dict[str, Any]) -> None:
        self._stream.write(json.dumps(record, default=json_default, ensure_ascii=False) + "\n")
