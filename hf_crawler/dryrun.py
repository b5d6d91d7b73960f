"""`--dry-run PATH`: the JSON-lines sink. Fetches everything, touches no database."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from hf_crawler.records import Batch, MergeResult, Task


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

    async def merge(self, batch: Batch) -> MergeResult:
        for model in batch.models:
            self._write({"type": "model", **asdict(model)})
        for task_id, ids in batch.rankings.items():
            self._write({"type": "ranking", "task_id": task_id, "model_ids": list(ids)})
        self._stream.flush()
        return MergeResult(seen=len(batch.models))

    def _write(self, record: dict[str, Any]) -> None:
        self._stream.write(json.dumps(record, default=_jsonable, ensure_ascii=False) + "\n")


def _jsonable(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")
