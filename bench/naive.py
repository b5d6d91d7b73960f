"""The naive baseline, written the way a user first writes it (the report's script): tasks
one after another, a 500 ms pause between requests, one INSERT ... ON CONFLICT per row.
It does the same work as hf-crawler: models, tasks and rankings into the same schema."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import urllib.request

import asyncpg

UPSERT_MODEL = """
INSERT INTO {s}.models (model_id, likes, downloads, tags, pipeline_tag, library_name)
VALUES ($1, $2, $3, $4::jsonb, $5, $6)
ON CONFLICT (model_id) DO UPDATE SET likes = excluded.likes, downloads = excluded.downloads,
    tags = excluded.tags, pipeline_tag = excluded.pipeline_tag,
    library_name = excluded.library_name, updated_at = now()
"""
UPSERT_TASK = """
INSERT INTO {s}.tasks (task_id, task_label) VALUES ($1, $2)
ON CONFLICT (task_id) DO UPDATE SET task_label = excluded.task_label
"""
UPSERT_MAPPING = """
INSERT INTO {s}.model_tasks (model_id, task_id, rank_in_task) VALUES ($1, $2, $3)
ON CONFLICT (model_id, task_id) DO UPDATE SET rank_in_task = excluded.rank_in_task
"""


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  # the fake Hub
        return json.loads(response.read())


async def main(endpoint: str, dsn: str, schema: str, max_tasks: int, limit: int) -> None:
    started = time.perf_counter()
    conn = await asyncpg.connect(dsn)
    tasks = get_json(f"{endpoint}/api/tasks")
    assert isinstance(tasks, dict)  # noqa: S101
    statements = 0
    for task_id, data in sorted(tasks.items())[:max_tasks]:
        time.sleep(0.5)  # noqa: ASYNC251  # the baseline is naive on purpose, as users write it
        await conn.execute(UPSERT_TASK.format(s=schema), task_id, data["label"])
        url = f"{endpoint}/api/models?filter={task_id}&sort=downloads&limit={limit}"
        models = get_json(url)
        assert isinstance(models, list)  # noqa: S101
        for rank, m in enumerate(models, start=1):
            await conn.execute(
                UPSERT_MODEL.format(s=schema),
                m["id"],
                m.get("likes"),
                m.get("downloads"),
                json.dumps(m.get("tags", [])),
                m.get("pipeline_tag"),
                m.get("library_name"),
            )
            await conn.execute(UPSERT_MAPPING.format(s=schema), m["id"], task_id, rank)
            statements += 2
    await conn.close()
    print(json.dumps({"statements": statements, "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--endpoint", required=True)
    p.add_argument("--dsn", required=True)
    p.add_argument("--schema", default="naive")
    p.add_argument("--max-tasks", type=int, default=50)
    p.add_argument("--limit", type=int, default=1000)
    a = p.parse_args()
    asyncio.run(main(a.endpoint, a.dsn, a.schema, a.max_tasks, a.limit))
