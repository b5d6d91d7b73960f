"""The Postgres sink and migrations against a real Postgres."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
import structlog.testing
from msgspec.structs import replace

from hf_crawler import errors
from hf_crawler.entities.models import MODELS, ModelRecord
from hf_crawler.records import Batch, MergeResult, Task
from hf_crawler.store import migrate, queries
from hf_crawler.store.loader import PostgresSink
from tests.conftest import Database, pairs


def model(model_id: str, downloads: int = 10) -> ModelRecord:
    return ModelRecord(
        model_id=model_id,
        hub_id="a" * 24,
        license="mit",
        likes=1,
        downloads=downloads,
        downloads_all_time=None,
        trending_score=0.5,
        last_modified=None,
        created_at_hub=None,
        tags=("x", "license:mit"),
        pipeline_tag="fill-mask",
        library_name=None,
        author="org",
        gated="false",
    )


async def merge(sink: PostgresSink, batch: Batch[ModelRecord]) -> MergeResult:
    """A batch of models merged, as the crawl's writer hands it over."""
    return await sink.of(MODELS).merge(batch)


@pytest.fixture
async def pool(database: Database) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=2)
    await migrate.apply(pool, database.schema)
    yield pool
    await pool.close()


@pytest.fixture
async def sink(pool: asyncpg.Pool, database: Database) -> PostgresSink:
    sink = PostgresSink(pool, database.schema, "tag", timeout_s=60)
    await sink.merge_tasks(
        (Task("fill-mask", "Fill-Mask"), Task("robotics", "Robotics", "pipeline_tags"))
    )
    return sink


async def test_migrating_twice_applies_nothing_the_second_time(
    pool: asyncpg.Pool, database: Database
) -> None:
    assert await migrate.apply(pool, database.schema) == []
    indexes = {
        r["indexname"]
        for r in await database.fetch(
            "SELECT indexname FROM pg_indexes WHERE schemaname = $1", database.schema
        )
    }
    assert "idx_model_tasks_task_id" in indexes
    # No index on a counter that changes daily (it would make every update non-HOT), nor
    # one that no query uses.
    assert not {"idx_models_downloads", "idx_models_likes", "idx_models_pipeline_tag"} & indexes
    versions = await database.fetch("SELECT version FROM hf.schema_migrations")
    assert [r["version"] for r in versions] == [m.version for m in queries.migrations()]


CATALOGUE_ROWS = """
    SELECT p.oid::regprocedure::text AS object, p.xmin::text AS version, p.proacl::text AS acl
    FROM pg_proc AS p WHERE p.pronamespace = $1::regnamespace
    UNION ALL
    SELECT c.relname, c.xmin::text, c.relacl::text
    FROM pg_class AS c WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r'
"""


async def test_a_crawl_start_with_nothing_to_migrate_rewrites_no_catalogue_row(
    pg_dsn: str, database: Database
) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        last = max(queries.migration_versions())
        await migrate.apply(pool, database.schema, upto=last - 1)
        await migrate.apply(pool, database.schema)  # the last migration: the rule follows
        before = sorted(map(tuple, await database.fetch(CATALOGUE_ROWS, database.schema)))
        assert await migrate.apply(pool, database.schema) == []
        after = sorted(map(tuple, await database.fetch(CATALOGUE_ROWS, database.schema)))
    finally:
        await pool.close()
    assert after == before  # not one function or table row rewritten by a second migrate
    functions = [row for row in before if "(" in row[0]]
    assert functions and all(not public_executes(acl) for _, _, acl in functions)


def public_executes(acl: str | None) -> bool:
    """Whether PUBLIC may execute, by an ACL as `proacl::text` shows it: NULL is the default
    (PUBLIC may), and an item with no grantee (`=X/owner`) is PUBLIC's."""
    return acl is None or any(item.startswith("=") for item in acl.strip("{}").split(","))


async def test_a_schema_named_by_a_reserved_word_works(pg_dsn: str) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        assert await migrate.apply(pool, "full") == [m.version for m in queries.migrations()]
        await merge(PostgresSink(pool, "full", "tag", timeout_s=60), Batch((model("org/a"),), {}))
        async with pool.acquire() as conn:
            assert await conn.fetchval('SELECT count(*) FROM "full".models') == 1
    finally:
        async with pool.acquire() as conn:
            await conn.execute('DROP SCHEMA "full" CASCADE')
        await pool.close()


async def test_upgrading_from_the_first_schema_keeps_the_data(database: Database) -> None:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=2)
    try:
        assert await migrate.apply(pool, database.schema, upto=1) == [1]
        # Data as the first schema holds it (today's merge writes columns it lacks).
        await database.fetch("INSERT INTO hf.tasks (task_id, task_label) VALUES ('fill-mask', 'F')")
        await database.fetch("INSERT INTO hf.models (model_id) VALUES ('org/a'), ('org/b')")
        await database.fetch(
            "INSERT INTO hf.model_tasks (model_id, task_id, rank_in_task)"
            " VALUES ('org/b', 'fill-mask', 1), ('org/a', 'fill-mask', 2)"
        )
        assert (
            await migrate.apply(pool, database.schema)
            == [m.version for m in queries.migrations()][1:]
        )
    finally:
        await pool.close()
    assert await database.rankings() == {"fill-mask": ("org/b", "org/a")}
    collation = await database.value(
        "SELECT collation_name FROM information_schema.columns"
        " WHERE table_schema = $1 AND table_name = 'models' AND column_name = 'model_id'",
        database.schema,
    )
    assert collation == "C"


async def test_a_model_twice_in_one_batch_is_stored_once_with_the_latest_values(
    sink: PostgresSink, database: Database
) -> None:
    result = await merge(sink, Batch((model("org/a", 1), model("org/a", 2), model("org/b")), {}))
    assert (result.inserted, result.seen) == (2, 2)
    assert await database.value("SELECT downloads FROM hf.models WHERE model_id = 'org/a'") == 2


async def test_unchanged_rows_keep_updated_at_and_changed_rows_move_it(
    sink: PostgresSink, database: Database
) -> None:
    await merge(sink, Batch((model("org/a"), model("org/b")), {}))
    first = pairs(await database.fetch("SELECT model_id, updated_at FROM hf.models"))
    again = await merge(sink, Batch((model("org/a"), replace(model("org/b"), likes=99)), {}))
    later = pairs(await database.fetch("SELECT model_id, updated_at FROM hf.models"))
    assert (again.inserted, again.changed) == (0, 1)
    assert later["org/a"] == first["org/a"] and later["org/b"] > first["org/b"]


async def test_a_ranking_is_replaced_whole_even_when_ranks_swap(
    sink: PostgresSink, database: Database
) -> None:
    models = tuple(model(f"org/{c}") for c in "abcd")
    await merge(sink, Batch(models, {"fill-mask": ("org/a", "org/b", "org/c")}))
    await merge(sink, Batch((), {"fill-mask": ("org/c", "org/a", "org/d")}))
    rows = await database.fetch("SELECT model_id, rank_in_task FROM hf.model_tasks ORDER BY 2")
    assert [(r["model_id"], r["rank_in_task"]) for r in rows] == [
        ("org/c", 1),
        ("org/a", 2),
        ("org/d", 3),
    ]
    assert await database.value("SELECT count(*) FROM hf.models") == 4  # models are never deleted


async def test_a_swap_rewrites_only_the_mappings_that_moved(
    sink: PostgresSink, database: Database
) -> None:
    models = tuple(model(f"org/{c}") for c in "abcd")
    await merge(sink, Batch(models, {"fill-mask": ("org/a", "org/b", "org/c", "org/d")}))
    versions = "SELECT model_id, xmin::text FROM hf.model_tasks"
    before = pairs(await database.fetch(versions))
    await merge(sink, Batch((), {"fill-mask": ("org/a", "org/c", "org/b", "org/d")}))
    after = pairs(await database.fetch(versions))
    assert {m for m in before if before[m] != after[m]} == {"org/b", "org/c"}
    assert await database.rankings() == {"fill-mask": ("org/a", "org/c", "org/b", "org/d")}


async def test_a_model_ranked_in_two_batches_of_a_run_keeps_one_snapshot_its_latest(
    sink: PostgresSink, database: Database
) -> None:
    run = await database.value(
        "INSERT INTO hf.crawl_runs (parameters) VALUES ('{}') RETURNING run_id"
    )
    sink.bind_run(run)
    await merge(
        sink, Batch((model("org/a", 5), model("org/b", 7)), {"fill-mask": ("org/a", "org/b")})
    )
    await merge(sink, Batch((model("org/a", 6),), {"robotics": ("org/a",)}))
    rows = await database.fetch("SELECT model_id, run_id, downloads FROM hf.model_stats_history")
    assert sorted(tuple(r) for r in rows) == [("org/a", run, 6), ("org/b", run, 7)]


async def test_an_empty_new_ranking_clears_the_task(sink: PostgresSink, database: Database) -> None:
    await merge(sink, Batch((model("org/a"),), {"fill-mask": ("org/a",), "robotics": ("org/a",)}))
    await merge(sink, Batch((), {"fill-mask": ()}))
    assert await database.rankings() == {"robotics": ("org/a",)}


async def test_a_refused_batch_leaves_nothing_behind(
    sink: PostgresSink, database: Database
) -> None:
    await merge(sink, Batch((model("org/a"),), {"fill-mask": ("org/a",)}))
    bad = Batch((model("org/new"),), {"fill-mask": ("org/new", "org/missing")})  # FK violation
    with pytest.raises(errors.MergeFailed, match="merging a batch"):
        await merge(sink, bad)
    assert await database.rankings() == {"fill-mask": ("org/a",)}
    assert await database.value("SELECT count(*) FROM hf.models WHERE model_id = 'org/new'") == 0


async def test_odd_text_survives_the_round_trip(sink: PostgresSink, database: Database) -> None:
    odd = replace(model("müller/modèle-ü"), tags=("日本語", 'quote"s', "back\\slash"), license=None)
    await merge(sink, Batch((odd,), {}))
    (row,) = await database.fetch("SELECT model_id, tags FROM hf.models")
    assert row["model_id"] == "müller/modèle-ü"
    assert row["tags"] == '["日本語", "quote\\"s", "back\\\\slash"]'


async def test_vacuum_runs_only_after_merges_replaced_rows_and_counts_them_once(
    sink: PostgresSink, pool: asyncpg.Pool
) -> None:
    await merge(sink, Batch((model("org/a"), model("org/b")), {"fill-mask": ("org/a", "org/b")}))
    with structlog.testing.capture_logs() as events:
        assert await sink.vacuum() == 0  # inserts replace no row version: nothing to reclaim
    assert events == []
    changed = await merge(sink, Batch((model("org/a", 99), model("org/b")), {}))
    assert changed.changed == 1
    with structlog.testing.capture_logs() as events:
        replaced = await sink.vacuum()
        again = await sink.vacuum()
    assert replaced >= 1 and again == 0  # each replaced version reclaimed once
    assert events == [{"event": "tables_vacuumed", "log_level": "info", "rows_replaced": replaced}]


async def test_a_vacuum_that_fails_is_a_warning_not_an_error(
    sink: PostgresSink, database: Database
) -> None:
    await merge(sink, Batch((model("org/a"),), {}))
    await merge(sink, Batch((model("org/a", 99),), {}))
    await database.fetch("ALTER TABLE hf.model_tasks RENAME TO model_tasks_away")  # refused
    with structlog.testing.capture_logs() as events:
        assert await sink.vacuum() == 0
        assert await sink.vacuum() == 0  # what failed is not tried again
    (failed,) = events
    assert failed["event"] == "vacuum_failed" and failed["log_level"] == "warning"


async def test_a_top_n_sink_counts_the_distinct_models_it_merged_a_walk_s_leaves_it_to_the_log(
    pool: asyncpg.Pool, sink: PostgresSink, database: Database
) -> None:
    await merge(sink, Batch((model("org/a"), model("org/b")), {}))
    await merge(sink, Batch((model("org/b"), model("org/c")), {}))
    walk = PostgresSink(pool, database.schema, "tag", timeout_s=60, stamp_seen=True)
    await merge(walk, Batch((model("org/a"),), {}))
    assert (sink.merged(MODELS), walk.merged(MODELS)) == (3, None)
