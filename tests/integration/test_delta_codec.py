"""The history's delta code: what Python writes for a crawled ranking is what
`hf.delta_encode` writes for a derived one, and `hf.delta_decode` gives the values back."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hf_crawler import migrate, queries
from hf_crawler.history import delta_encode
from tests.conftest import Database

COUNTS = st.lists(st.none() | st.integers(min_value=0, max_value=2**63 - 1), max_size=60)


@pytest.fixture
async def conn(database: Database, pg_dsn: str) -> AsyncIterator[asyncpg.Connection]:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, database.schema)
    finally:
        await pool.close()
    connection = await asyncpg.connect(pg_dsn)
    yield connection
    await connection.close()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=COUNTS)
async def test_python_and_sql_code_alike_and_decoding_gives_the_values_back(
    conn: asyncpg.Connection, database: Database, values: list[int | None]
) -> None:
    encode = queries.render("SELECT hf.delta_encode($1::bigint[])", database.schema)
    decode = queries.render("SELECT hf.delta_decode($1::bigint[])", database.schema)
    coded = delta_encode(values)
    assert await conn.fetchval(encode, values) == coded
    assert await conn.fetchval(decode, coded) == values


CODES = st.lists(st.integers(min_value=1, max_value=2**31 - 1), max_size=60)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(codes=CODES)
async def test_model_codes_code_as_integers(
    conn: asyncpg.Connection, database: Database, codes: list[int]
) -> None:
    encode = queries.render("SELECT hf.delta_encode($1::integer[])", database.schema)
    decode = queries.render("SELECT hf.delta_decode($1::integer[])", database.schema)
    coded = delta_encode(codes)
    assert await conn.fetchval(encode, codes) == coded
    assert await conn.fetchval(decode, coded) == codes
