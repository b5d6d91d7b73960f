"""Merge throughput apart from the network: hf-crawler's COPY + merge of models in 5,000-row
transactions into a warm table of 1M models, beside what this Postgres reaches at all on the
same table and indexes: a bare COPY, and a bare INSERT ... SELECT from a staged copy."""

from __future__ import annotations

import json
import logging
import operator
import time
from datetime import UTC, datetime
from typing import Any

import asyncpg
import structlog
from msgspec.structs import replace

from hf_crawler.entities.models import MODELS, ModelRecord
from hf_crawler.records import Batch
from hf_crawler.store import migrate
from hf_crawler.store.loader import PostgresSink

SCHEMA = "bench_merge"  # written out in the statements below
TAGS = ("transformers", "safetensors", "text-generation", "license:apache-2.0", "en", "region:us")
BATCH = 5000
COLUMNS = (MODELS.id_column, "tags", *MODELS.columns)  # a model's stored columns
STORED = operator.attrgetter(*COLUMNS)


def record(i: int, downloads: int) -> ModelRecord:
    return ModelRecord(
        model_id=f"org{i % 997}/model-{i}",
        hub_id=f"{i:024x}",
        license="apache-2.0",
        likes=i % 5000,
        downloads=downloads,
        downloads_all_time=downloads * 9,
        trending_score=float(i % 300),
        last_modified=datetime(2026, 1, 1, tzinfo=UTC),
        created_at_hub=datetime(2025, 1, 1, tzinfo=UTC),
        tags=TAGS,
        pipeline_tag="text-generation",
        library_name="transformers",
        author=f"org{i % 997}",
        gated="false",
    )


async def merge_rate(dsn: str, warm: int, rows: int) -> dict[str, Any]:
    """Rows per second: merging `rows` new, then changed, then unchanged models into a table
    already holding `warm` models; then the bare COPY and INSERT ... SELECT references."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    try:
        await migrate.apply(pool, SCHEMA)
        await _fill(pool, warm)
        sink = PostgresSink(pool, SCHEMA, "tag", timeout_s=600)
        fresh = [record(i, i * 3) for i in range(warm, warm + rows)]
        moved = [replace(r, downloads=r.downloads + 1) for r in fresh]
        out: dict[str, Any] = {"warm_rows": warm, "rows": rows, "batch": BATCH}
        for label, records in (("insert", fresh), ("update", moved), ("unchanged", moved)):
            started = time.perf_counter()
            for k in range(0, rows, BATCH):
                await sink.of(MODELS).merge(Batch(tuple(records[k : k + BATCH]), {}))
            out[f"merge_{label}_rows_per_s"] = round(rows / (time.perf_counter() - started))
        out.update(await _bare(pool, [record(i, i) for i in range(2 * warm, 2 * warm + rows)]))
    finally:
        async with pool.acquire() as conn:
            await conn.execute("DROP SCHEMA bench_merge CASCADE")
        await pool.close()
    return out


async def _fill(pool: asyncpg.Pool, warm: int) -> None:
    """`warm` models written straight by SQL (not timed), then vacuumed and analyzed."""
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO bench_merge.models"
            " (model_id, hub_id, likes, downloads, tags, pipeline_tag)"
            " SELECT 'org' || i % 997 || '/model-' || i, lpad(to_hex(i), 24, '0'), i % 5000, i * 3,"
            " '[\"transformers\", \"region:us\"]', 'text-generation'"
            " FROM generate_series(0, $1 - 1) AS i",
            warm,
        )
        await conn.execute("VACUUM ANALYZE bench_merge.models")


async def _bare(pool: asyncpg.Pool, records: list[ModelRecord]) -> dict[str, int]:
    """The same rows in the same batches by the cheapest statements that write them into the
    same table and indexes: a COPY straight in, and an INSERT ... SELECT from a staged copy
    (no conflict handling, no history, no counts)."""
    async with pool.acquire() as conn:
        await conn.execute("CREATE TABLE bench_merge.bare (LIKE bench_merge.models INCLUDING ALL)")
        await conn.execute("INSERT INTO bench_merge.bare SELECT * FROM bench_merge.models")
        await conn.execute("VACUUM ANALYZE bench_merge.bare")
        latest = {r.model_id: r for r in records}.values()  # one row per model, as merged
        rows = [(*r[:1], json.dumps(r[1]), *r[2:]) for r in map(STORED, latest)]  # tags: jsonb
        copy_s = await _bare_copy(conn, rows)
        await conn.execute(
            "DELETE FROM bench_merge.bare WHERE model_id = ANY($1::text[])", [r[0] for r in rows]
        )
        insert_s = await _bare_insert_select(conn, rows)
    n = len(rows)
    return {
        "bare_copy_rows_per_s": round(n / copy_s),
        "bare_insert_select_rows_per_s": round(n / insert_s),
    }


async def _bare_copy(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> float:
    """Seconds to COPY `rows` straight into the table, one transaction a batch."""
    started = time.perf_counter()
    for k in range(0, len(rows), BATCH):
        async with conn.transaction():
            await conn.copy_records_to_table(
                "bare",
                schema_name=SCHEMA,
                records=rows[k : k + BATCH],
                columns=list(COLUMNS),
            )
    return time.perf_counter() - started


async def _bare_insert_select(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> float:
    """Seconds to COPY `rows` into a temporary table and INSERT ... SELECT them, a batch at a
    time."""
    started = time.perf_counter()
    for k in range(0, len(rows), BATCH):
        async with conn.transaction():
            await conn.execute(
                "CREATE TEMP TABLE s (LIKE bench_merge.bare INCLUDING DEFAULTS) ON COMMIT DROP"
            )
            await conn.copy_records_to_table(
                "s", records=rows[k : k + BATCH], columns=list(COLUMNS)
            )
            await conn.execute("INSERT INTO bench_merge.bare SELECT * FROM s")
    return time.perf_counter() - started
