"""Which papers a run asks for: the arXiv ids the ranked repos' tags name, best rank first,
and only tags that are arXiv ids (a tag is text anyone writes, and it becomes a URL path)."""

from __future__ import annotations

import json

import asyncpg

from hf_crawler.store import queries
from tests.conftest import Database


async def test_only_arxiv_ids_of_ranked_models_are_due_best_rank_first(
    migrated: asyncpg.Connection, database: Database
) -> None:
    schema = database.schema
    tags = {
        "org/first": ["arxiv:2106.09685", "arxiv:../../api/tasks?x=1"],
        "org/second": ["arxiv:hep-th/9901001", "arxiv:2106.09685v2x"],
        "org/unranked": ["arxiv:1706.03762"],
    }
    await migrated.execute(
        f"INSERT INTO {schema}.tasks (task_id, task_label) VALUES ('fill-mask', 'Fill-Mask')"
    )
    for model_id, tagged in tags.items():
        await migrated.execute(
            f"INSERT INTO {schema}.models (model_id, tags) VALUES ($1, $2::jsonb)",
            model_id,
            json.dumps(tagged),
        )
    await migrated.execute(
        f"INSERT INTO {schema}.model_tasks (model_id, task_id, rank_in_task)"
        " VALUES ('org/second', 'fill-mask', 1), ('org/first', 'fill-mask', 2)"
    )
    due = await migrated.fetch(queries.for_schema(schema).papers_due, 10)
    assert [r[0] for r in due] == ["hep-th/9901001", "2106.09685"]
