"""The sink's datasets against a real Postgres: a task's top datasets stored and ranked
whole (a rerun replaces the ranking, a failed store keeps the last), and full-Hub mode's
listing pages stored then ranked per task in SQL from those seen since the walk began."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from hf_crawler.entities.datasets import DATASETS, DatasetRecord
from hf_crawler.records import Batch, MergeResult, Task
from hf_crawler.store import migrate
from hf_crawler.store.entity_store import Derivation
from hf_crawler.store.loader import PostgresSink
from tests.conftest import Database

TASKS = (Task("fill-mask", "Fill-Mask"), Task("translation", "Translation"))


def dataset(dataset_id: str, downloads: int, *tasks: str) -> DatasetRecord:
    return DatasetRecord(
        dataset_id=dataset_id,
        hub_id="b" * 24,
        author=dataset_id.split("/")[0],
        license="mit",
        likes=downloads // 10,
        downloads=downloads,
        downloads_all_time=None,
        trending_score=None,
        tags=tuple(f"task_categories:{t}" for t in tasks),
        task_categories=tasks,
        languages=("en",),
        size_category=None,
        gated="false",
        private=False,
        sha="d" * 40,
        created_at_hub=None,
        last_modified=None,
    )


@pytest.fixture
async def sink(database: Database) -> AsyncIterator[PostgresSink]:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=2)
    await migrate.apply(pool, database.schema)
    sink = PostgresSink(pool, database.schema, "tag", timeout_s=60, stamp_seen=True)
    await sink.merge_tasks(TASKS)
    yield sink
    await pool.close()


async def merged(
    sink: PostgresSink, task: str | None, records: tuple[DatasetRecord, ...]
) -> MergeResult:
    """Datasets merged as a crawl merges them: with `task`'s ranking of them, or (None) as a
    page of the whole listing."""
    rankings = {} if task is None else {task: tuple(d.dataset_id for d in records)}
    return await sink.of(DATASETS).merge(Batch(records, rankings))


async def ranking(database: Database, task: str) -> list[str]:
    rows = await database.fetch(
        "SELECT dataset_id FROM hf.dataset_tasks WHERE task_id = $1 ORDER BY rank_in_task",
        task,
    )
    return [r["dataset_id"] for r in rows]


async def test_a_tasks_top_datasets_are_stored_and_its_ranking_replaced_whole(
    sink: PostgresSink, database: Database
) -> None:
    first = (dataset("org/a", 30, "fill-mask"), dataset("org/b", 20, "fill-mask"))
    assert (await merged(sink, "fill-mask", first)).seen == 2
    assert await ranking(database, "fill-mask") == ["org/a", "org/b"]
    second = (dataset("org/c", 50, "fill-mask"), dataset("org/a", 31, "fill-mask"))
    assert (await merged(sink, "fill-mask", second)).seen == 2
    assert await ranking(database, "fill-mask") == ["org/c", "org/a"]
    stored = await database.fetch("SELECT dataset_id, downloads FROM hf.datasets ORDER BY 1")
    assert [(r["dataset_id"], r["downloads"]) for r in stored] == [
        ("org/a", 31),
        ("org/b", 20),  # datasets are never deleted
        ("org/c", 50),
    ]


async def test_listed_pages_are_ranked_per_task_from_those_seen_since_the_walk_began(
    sink: PostgresSink, database: Database
) -> None:
    await merged(sink, None, (dataset("org/old", 999, "fill-mask"),))
    await database.fetch("UPDATE hf.datasets SET last_synced_at = now() - interval '2 days'")
    began = datetime.now(UTC) - timedelta(seconds=1)
    await merged(
        sink,
        None,
        (dataset("org/a", 30, "fill-mask", "translation"), dataset("org/b", 40, "fill-mask")),
    )
    await merged(sink, None, (dataset("org/c", 10, "translation"),))
    datasets, task_ids = sink.of(DATASETS), [t.id for t in TASKS]
    ranked = await datasets.derive_rankings(Derivation(task_ids, 1, "downloads", began))
    assert ranked == 2  # each task's top 1
    assert await ranking(database, "fill-mask") == ["org/b"]  # org/old was not seen since
    assert await ranking(database, "translation") == ["org/a"]
    wider = await datasets.derive_rankings(Derivation(task_ids, 5, "downloads", began))
    assert wider == 4
    assert await ranking(database, "fill-mask") == ["org/b", "org/a"]
    assert await ranking(database, "translation") == ["org/a", "org/c"]
