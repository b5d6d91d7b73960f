"""The peer: what a capable user writes in an afternoon instead of hf-crawler.

huggingface_hub's `HfApi.list_models` in a thread pool, psycopg `COPY` into a temporary
staging table and one `INSERT ... ON CONFLICT` merge per task, into the same schema
(migrated by hf-crawler) with the same `expand` fields. It stores what hf-crawler stores for
a model, minus the run log and the history, which a user's script does not keep.
Prints one JSON line: the models and mappings it wrote.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
from huggingface_hub import HfApi, get_session

# The SQL a user writes in the script itself; `{s}` is the schema.
STAGE = """
CREATE TEMP TABLE stage (
    rank integer, model_id text, hub_id text, license text, likes bigint, downloads bigint,
    last_modified timestamptz, tags jsonb, pipeline_tag text, library_name text, author text,
    created_at_hub timestamptz, trending_score double precision, downloads_all_time bigint,
    gated text, private boolean, sha text, params_total bigint, params_source text,
    params_by_dtype jsonb, gguf_architecture text, gguf_context_length integer,
    eval_results jsonb
) ON COMMIT DROP
"""
COLUMNS = (
    "rank, model_id, hub_id, license, likes, downloads, last_modified, tags, pipeline_tag, "
    "library_name, author, created_at_hub, trending_score, downloads_all_time, gated, "
    "private, sha, params_total, params_source, params_by_dtype, gguf_architecture, "
    "gguf_context_length, eval_results"
)
UPSERT_TASKS = """
INSERT INTO {s}.tasks (task_id, task_label) SELECT * FROM unnest(%s::text[], %s::text[])
ON CONFLICT (task_id) DO UPDATE SET task_label = excluded.task_label
"""
MERGE_MODELS = """
INSERT INTO {s}.models (model_id, hub_id, license, likes, downloads, last_modified, tags,
    pipeline_tag, library_name, author, created_at_hub, trending_score, downloads_all_time,
    gated, private, sha, params_total, params_source, params_by_dtype, gguf_architecture,
    gguf_context_length, eval_results)
SELECT model_id, hub_id, license, likes, downloads, last_modified, tags, pipeline_tag,
    library_name, author, created_at_hub, trending_score, downloads_all_time, gated, private, sha,
    params_total, params_source, params_by_dtype, gguf_architecture, gguf_context_length,
    eval_results
FROM stage
ON CONFLICT (model_id) DO UPDATE SET hub_id = excluded.hub_id, license = excluded.license,
    likes = excluded.likes, downloads = excluded.downloads,
    last_modified = excluded.last_modified, tags = excluded.tags,
    pipeline_tag = excluded.pipeline_tag, library_name = excluded.library_name,
    author = excluded.author, created_at_hub = excluded.created_at_hub,
    trending_score = excluded.trending_score, downloads_all_time = excluded.downloads_all_time,
    gated = excluded.gated, private = excluded.private, sha = excluded.sha,
    params_total = excluded.params_total, params_source = excluded.params_source,
    params_by_dtype = excluded.params_by_dtype, gguf_architecture = excluded.gguf_architecture,
    gguf_context_length = excluded.gguf_context_length, eval_results = excluded.eval_results,
    updated_at = now(), last_synced_at = now()
"""
DELETE_TASK = """
DELETE FROM {s}.model_tasks WHERE task_id = %s
"""
MERGE_RANKS = """
INSERT INTO {s}.model_tasks (model_id, task_id, rank_in_task)
SELECT model_id, %s, rank FROM stage
ON CONFLICT (model_id, task_id) DO UPDATE SET rank_in_task = excluded.rank_in_task
"""
# The fields the script stores, as `expand` values (huggingface_hub's `list_models(expand=)`):
# its own copy, as a user's script has (a unit test holds it equal to hf-crawler's).
EXPAND = [
    "author",
    "cardData",
    "createdAt",
    "downloads",
    "downloadsAllTime",
    "gated",
    "lastModified",
    "library_name",
    "likes",
    "pipeline_tag",
    "private",
    "sha",
    "tags",
    "trendingScore",
    "safetensors",
    "gguf",
    "evalResults",
]


def license_of(m: Any) -> str | None:
    """cardData.license, else the first `license:` tag (as hf-crawler stores it)."""
    declared = getattr(m.card_data, "license", None) if m.card_data else None
    if isinstance(declared, str) and declared:
        return declared
    return next((t[8:] for t in m.tags or () if t.startswith("license:")), None)


def sizes_of(m: Any) -> tuple[object, ...]:
    """(total, source, by dtype as JSON, GGUF architecture, GGUF context length)."""
    gguf = m.gguf or {}
    if m.safetensors is not None:
        total, source = m.safetensors.total, "safetensors"
        by_dtype: str | None = json.dumps(m.safetensors.parameters)
    else:
        total, source, by_dtype = gguf.get("total"), "gguf" if gguf else None, None
    return total, source, by_dtype, gguf.get("architecture"), gguf.get("context_length")


def evals_of(m: Any) -> str | None:
    """The listed evaluation results as JSON, as read by huggingface_hub."""
    if not m.eval_results:
        return None
    return json.dumps([vars(e) for e in m.eval_results])


def rows(models: list[Any]) -> Iterator[tuple[object, ...]]:
    for rank, m in enumerate(models, start=1):
        yield (
            rank,
            m.id,
            getattr(m, "_id", None),
            license_of(m),
            m.likes,
            m.downloads,
            m.last_modified,
            json.dumps(m.tags or []),
            m.pipeline_tag,
            m.library_name,
            m.author,
            m.created_at,
            m.trending_score,
            m.downloads_all_time,
            None if m.gated is None else str(m.gated).lower(),
            m.private,
            m.sha,
            *sizes_of(m),
            evals_of(m),
        )


def store(conn: psycopg.Connection[Any], schema: str, task: str, models: list[Any]) -> None:
    """One task, one transaction: stage, merge the models, replace the task's mappings (all
    deleted first: ranks move, and a rank may be held by one model at a time)."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(STAGE)
        with cur.copy(f"COPY stage ({COLUMNS}) FROM STDIN") as copy:
            for row in rows(models):
                copy.write_row(row)
        cur.execute(MERGE_MODELS.format(s=schema))
        cur.execute(DELETE_TASK.format(s=schema), (task,))
        cur.execute(MERGE_RANKS.format(s=schema), (task,))


def main(endpoint: str, dsn: str, schema: str, concurrency: int, limit: int) -> None:
    api = HfApi(endpoint=endpoint)
    tasks = get_session().get(f"{endpoint}/api/tasks").json()
    with psycopg.connect(dsn, autocommit=True) as conn:
        ids = sorted(tasks)
        conn.execute(UPSERT_TASKS.format(s=schema), (ids, [tasks[t]["label"] for t in ids]))

        def fetch(task: str) -> tuple[str, list[Any]]:
            listing = api.list_models(filter=task, sort="downloads", limit=limit, expand=EXPAND)
            return task, list(listing)  # type: ignore[arg-type]

        stored = 0
        with ThreadPoolExecutor(concurrency) as pool:
            for task, models in pool.map(fetch, ids):
                store(conn, schema, task, models)
                stored += len(models)
        distinct = conn.execute(f"SELECT count(*) FROM {schema}.models").fetchone()  # noqa: S608
    print(json.dumps({"mappings": stored, "models": distinct[0] if distinct else 0}))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--endpoint", required=True)
    p.add_argument("--dsn", required=True)
    p.add_argument("--schema", required=True)
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--limit", type=int, default=1000)
    a = p.parse_args()
    main(a.endpoint, a.dsn, a.schema, a.concurrency, a.limit)
