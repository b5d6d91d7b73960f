"""The models' snapshot codes move from hf.model_keys into hf.models (migration 26) without
changing a single answer, also for a code whose model was deleted before; and a model
deleted later keeps its place in the history."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from hf_crawler.store import db, migrate, queries
from tests.conftest import Database
from tests.integration.test_history_migration import (
    OLD_CHART_DOWNLOADS,
    OLD_CHART_RANKS,
    OLD_VERSION,
    build_old_history,
    charts,
    every_answer,
)

BEFORE_CODES_MOVED = 25
DELETE_MODEL = "DELETE FROM hf.models WHERE model_id = $1"


@pytest.fixture
async def conn(database: Database) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(database.dsn)
    yield connection
    await connection.close()


async def a_ranked_model(conn: db.Connection, schema: str) -> str:
    """A model of the current rankings that older runs ranked too."""
    model: str = await conn.fetchval(
        queries.render("SELECT min(model_id) FROM hf.model_tasks", schema)
    )
    return model


async def history_migrated_to(pg_dsn: str, schema: str, seed: int, upto: int | None) -> list[int]:
    """Runs written as the code up to migration 12 wrote them, then migrated to `upto`
    (None: the last migration); returns the runs' ids."""
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, schema, upto=OLD_VERSION)
        async with pool.acquire() as conn:
            runs = await build_old_history(conn, schema, seed)
        await migrate.apply(pool, schema, upto=upto)
    finally:
        await pool.close()
    return runs


async def test_every_answer_is_the_same_after_the_codes_move_into_the_models(
    pg_dsn: str, database: Database, conn: asyncpg.Connection
) -> None:
    schema = database.schema
    runs = await history_migrated_to(pg_dsn, schema, seed=4, upto=BEFORE_CODES_MOVED)
    gone = await a_ranked_model(conn, schema)  # its code stays in the old dictionary
    await conn.execute(queries.render(DELETE_MODEL, schema), gone)
    before = await every_answer(conn, schema, runs)
    old_downloads = queries.render(OLD_CHART_DOWNLOADS, schema)
    old_ranks = queries.render(OLD_CHART_RANKS, schema)
    old_charts = await charts(conn, old_downloads, old_ranks, runs)
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        assert await migrate.apply(pool, schema) == [
            m.version for m in queries.migrations() if m.version > BEFORE_CODES_MOVED
        ]
    finally:
        await pool.close()
    after = await every_answer(conn, schema, runs)
    assert after.keys() == before.keys()
    for name, rows in before.items():
        assert after[name] == rows, name
    assert any(gone in row for rows in before.values() for row in rows)  # it had a history
    q = queries.for_schema(schema)
    assert await charts(conn, q.report_chart_downloads, q.report_chart_ranks, runs) == old_charts
    retired = await conn.fetch(queries.render("SELECT model_id FROM hf.retired_model_keys", schema))
    assert [r["model_id"] for r in retired] == [gone]


async def test_a_model_deleted_after_keeps_its_place_in_the_history(
    pg_dsn: str, database: Database, conn: asyncpg.Connection
) -> None:
    schema = database.schema
    runs = await history_migrated_to(pg_dsn, schema, seed=5, upto=None)
    before = await every_answer(conn, schema, runs)
    gone = await a_ranked_model(conn, schema)
    await conn.execute(queries.render(DELETE_MODEL, schema), gone)
    after = await every_answer(conn, schema, runs)
    for name in ("ranking_at", "model_stats_at", "rankings_history", "stats_history"):
        kept = {k: v for k, v in before.items() if k.startswith(name)}
        assert kept and all(after[k] == v for k, v in kept.items()), name
    codes = await conn.fetch(queries.render("SELECT * FROM hf.model_keys ORDER BY 1", schema))
    assert len({r["model_key"] for r in codes}) == len(codes)  # each code once
    assert [r["model_id"] for r in codes].count(gone) == 1
