"""The history's codes: what Python writes for a crawled ranking is what `hf.delta_encode`
writes for a derived one, `hf.delta_decode` gives the values back, and a whole snapshot,
written by either path with counters narrow or wide, reads back as the values it holds."""

from __future__ import annotations

import math
from collections.abc import Sequence

import asyncpg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hf_crawler.entities.models import MODELS
from hf_crawler.store import queries, statements
from hf_crawler.store.history import delta_encode, snapshot_row
from tests.conftest import Database

COUNTS = st.lists(st.none() | st.integers(min_value=0, max_value=2**63 - 1), max_size=60)


@pytest.fixture
def conn(migrated: asyncpg.Connection) -> asyncpg.Connection:
    return migrated


CODES = st.lists(st.integers(min_value=1, max_value=2**31 - 1), max_size=60)


@pytest.mark.parametrize(("sql_type", "arrays"), [("bigint", COUNTS), ("integer", CODES)])
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
async def test_python_and_sql_code_alike_and_decoding_gives_the_values_back(
    conn: asyncpg.Connection,
    database: Database,
    sql_type: str,
    arrays: st.SearchStrategy[list[int | None]],
    data: st.DataObject,
) -> None:
    """Counters code as bigint[]; model codes as integer[] (a difference of two codes is
    an integer)."""
    values = data.draw(arrays)
    encode = queries.render(f"SELECT hf.delta_encode($1::{sql_type}[])", database.schema)
    decode = queries.render(f"SELECT hf.delta_decode($1::{sql_type}[])", database.schema)
    coded = delta_encode(values)
    assert await conn.fetchval(encode, values) == coded
    assert await conn.fetchval(decode, coded) == values


BIG = st.integers(min_value=0, max_value=2**63 - 1)
SMALL = st.integers(min_value=0, max_value=10**6)
FLOATS = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.sampled_from(
    [0.0, -0.0, 0.1, 2.5, 437.0, 1e300]
)
COUNTERS = st.tuples(
    st.none() | SMALL | BIG, st.none() | SMALL | BIG, st.none() | FLOATS, st.none() | SMALL | BIG
)
WRITE = """
INSERT INTO hf.task_snapshots (run_id, task_id, model_keys, downloads, likes, trending_tenths,
    downloads_all_time, wide_downloads, wide_likes, wide_trending_score, wide_downloads_all_time)
SELECT $1, $2, p.* FROM hf.snapshot_columns($3, $4, $5, $6, $7) AS p
"""
READ = """
SELECT x.* FROM hf.task_snapshots AS s, hf.snapshot_rows(s) AS x
WHERE s.run_id = $1 AND s.task_id = $2 ORDER BY x.rank_in_task
"""
NEW_RUN = "INSERT INTO hf.crawl_runs (parameters) VALUES ('{}') RETURNING run_id"
TASKS = "INSERT INTO hf.tasks VALUES ('python', 'P'), ('sql', 'S') ON CONFLICT DO NOTHING"


async def write_by_sql(
    conn: asyncpg.Connection, schema: str, run: int, counters: Sequence[tuple[object, ...]]
) -> None:
    columns = [list(c) for c in zip(*counters, strict=True)] if counters else [[], [], [], []]
    codes = list(range(1, len(counters) + 1))
    await conn.execute(queries.render(WRITE, schema), run, "sql", codes, *columns)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(counters=st.lists(COUNTERS, max_size=30))
async def test_a_snapshot_reads_back_as_written_by_python_or_by_sql(
    conn: asyncpg.Connection,
    database: Database,
    counters: list[tuple[int | None, int | None, float | None, int | None]],
) -> None:
    q = statements.for_entity(MODELS, database.schema)
    run = await conn.fetchval(queries.render(NEW_RUN, database.schema))
    await conn.execute(queries.render(TASKS, database.schema))
    ids = [f"m{i}" for i in range(len(counters))]
    keys = {m: i + 1 for i, m in enumerate(ids)}
    row = snapshot_row(run, "python", ids, keys, dict(zip(ids, counters, strict=True)))
    await conn.execute(q.insert_snapshot, *row)
    await write_by_sql(conn, database.schema, run, counters)
    expected = [(rank, rank, *c) for rank, c in enumerate(counters, start=1)]
    for task in ("python", "sql"):
        got = [tuple(r) for r in await conn.fetch(queries.render(READ, database.schema), run, task)]
        assert got == expected, task
        signs = [math.copysign(1, r[4]) for r in got if r[4] is not None]
        assert signs == [math.copysign(1, c[2]) for c in counters if c[2] is not None]
