"""Snapshot codes as a run gives them: a stored model keeps its own, a new one goes above
every code given so far (retired ones included), in staging order; a ranked model the run
did not stage is read from its row, and one without any code refuses the merge."""

from __future__ import annotations

import asyncpg
import pytest

from hf_crawler.entities.models import MODELS
from hf_crawler.errors import MergeFailed
from hf_crawler.store import queries, statements
from hf_crawler.store.history import History
from tests.conftest import Database

STORE = "INSERT INTO hf.models (model_id, model_key, first_run_id) VALUES ($1, $2, $3)"
RETIRE = "INSERT INTO hf.retired_model_keys VALUES ($1, $2, $3)"
COUNTERS = (10, 1, None, None)


@pytest.fixture
async def conn(migrated: asyncpg.Connection, database: Database) -> asyncpg.Connection:
    def sql(text: str) -> str:
        return queries.render(text, database.schema)

    run = await migrated.fetchval(
        sql("INSERT INTO hf.crawl_runs (parameters) VALUES ('{}') RETURNING run_id")
    )
    await migrated.execute(sql("INSERT INTO hf.tasks VALUES ('fill-mask', 'Fill-Mask')"))
    await migrated.execute(sql(STORE), "org/coded", 7, run)
    await migrated.execute(sql(STORE), "org/uncoded", None, None)
    await migrated.execute(sql(RETIRE), 9, "org/gone", run)
    return migrated


async def test_stored_codes_are_kept_and_new_ones_go_above_every_code(
    conn: asyncpg.Connection, database: Database
) -> None:
    history = History(statements.for_entity(MODELS, database.schema))
    codes = await history.codes_for(conn, ["org/new-a", "org/coded", "org/uncoded", "org/new-b"])
    assert codes == {"org/new-a": 10, "org/coded": 7, "org/uncoded": 11, "org/new-b": 12}
    history.keep(codes, {})
    assert await history.codes_for(conn, ["org/coded", "org/new-b"]) == {}  # kept for the run


async def test_a_ranked_model_without_a_code_refuses_the_merge(
    conn: asyncpg.Connection, database: Database
) -> None:
    history = History(statements.for_entity(MODELS, database.schema))
    staged = {"org/coded": COUNTERS, "org/uncoded": COUNTERS}
    await history.record(conn, 1, {"fill-mask": ("org/coded",)}, staged, {})  # read from its row
    written = await conn.fetchval(
        queries.render("SELECT model_keys FROM hf.task_snapshots WHERE run_id = 1", database.schema)
    )
    assert written == [7]
    with pytest.raises(MergeFailed, match="org/uncoded"):
        await history.record(conn, 1, {"fill-mask": ("org/coded", "org/uncoded")}, staged, {})
