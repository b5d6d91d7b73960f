"""Every index earns its keep: the project's main queries are planned on the index meant
for them, and every index that is neither a primary key nor a unique rule serves one of
them. The planner is asked with sequential scans off, so the answer is which index can
serve a query, whatever the tables' sizes."""

from __future__ import annotations

import json
import re

import asyncpg
import pytest

from hf_crawler.entities.datasets import DATASETS
from hf_crawler.entities.models import MODELS
from hf_crawler.store import queries, statements
from tests.conftest import Database

# Query -> the index it must be planned on. Functions with a fixed search_path are not
# inlined, so the history and lineage functions are planned from their bodies (`r`: the run
# asked for, `target`: the model asked about).
PLANNED = {
    "ranking_at": ("function ranking_at", {"task_snapshots_pkey", "idx_models_model_key"}),
    "model_stats_at": ("function model_stats_at", {"task_snapshots_pkey"}),
    "leaderboard of a task": (
        "SELECT * FROM hf.task_leaderboard WHERE task_id = 'fill-mask'",
        {"idx_model_tasks_task_id"},
    ),
    "entries and exits": ("SELECT * FROM hf.top_n_changes", {"task_snapshots_pkey"}),
    "movers": ("SELECT * FROM hf.movers_last_two_runs", {"idx_task_runs_run_id"}),
    "prune's cascade to a run's coverage": (
        "DELETE FROM hf.task_runs WHERE run_id = 1",
        {"idx_task_runs_run_id"},
    ),
    "prune's cascade to a run's dataset coverage": (
        "DELETE FROM hf.dataset_task_runs WHERE run_id = 1",
        {"idx_dataset_task_runs_run_id"},
    ),
    "datasets of a task": (
        "SELECT * FROM hf.dataset_leaderboard WHERE task_id = 'fill-mask'",
        {"idx_dataset_tasks_task_id"},
    ),
    "model codes": ("models:read_keys", {"models_pkey"}),
    "dataset codes": ("datasets:read_keys", {"datasets_pkey"}),
    "lineage_descendants": ("function lineage_descendants", {"idx_model_lineage_base"}),
    "lineage_ancestors": ("function lineage_ancestors", {"model_lineage_pkey"}),
    # a search of the sections, as the README shows it, and hf.search_models's match
    "search in card sections": (
        "SELECT s.n FROM hf.card_sections AS s WHERE s.search @@ hf.search_query('speech emotion')",
        {"idx_card_sections_search"},
    ),
    "search in model documents": (
        "SELECT t.model_id FROM hf.model_terms AS t"
        " WHERE t.search @@ hf.search_query('org/bert-base') OR t.model_id = 'org/bert-base'",
        {"idx_model_terms_search", "model_terms_pkey"},
    ),
    "merge of a batch's models": ("models:read_counters", {"models_pkey"}),
    # hf.changes_since's licence changes of the runs it compares
    "licence changes of some runs": (
        "SELECT * FROM hf.license_changes WHERE run_id > 1 AND run_id <= 3",
        {"idx_license_changes_run"},
    ),
    "prune's cascade to a run's Spaces coverage": (
        "DELETE FROM hf.space_ranking_runs WHERE run_id = 1",
        {"idx_space_ranking_runs_run_id"},
    ),
    "prune's cascade to a run's collections coverage": (
        "DELETE FROM hf.collection_ranking_runs WHERE run_id = 1",
        {"idx_collection_ranking_runs_run_id"},
    ),
    # show's collections of a model
    "the collections that list a model": (
        "SELECT slug FROM hf.collection_items WHERE item_type = 'model' AND item_id = 'org/a'",
        {"idx_collection_items_item"},
    ),
    "ranking_at of datasets": (
        "function dataset_ranking_at",
        {"dataset_snapshots_pkey", "idx_datasets_dataset_key"},
    ),
}
ARGS = {
    "models:read_keys": (["org/a"],),
    "datasets:read_keys": (["org/a"],),
    "models:read_counters": (["org/a"],),
}
ENTITIES = {"models": MODELS, "datasets": DATASETS}


@pytest.fixture
async def conn(migrated: asyncpg.Connection) -> asyncpg.Connection:
    await migrated.execute("SET enable_seqscan = off")
    return migrated


async def statement(conn: asyncpg.Connection, schema: str, what: str) -> str:
    """The SQL to plan: a named query of sql/queries, a function's body, or SQL as given."""
    if what.startswith("function "):
        body = await conn.fetchval(
            "SELECT prosrc FROM pg_proc WHERE proname = $1 AND pronamespace = $2::regnamespace",
            what.removeprefix("function "),
            schema,
        )
        body = re.sub(r"\btarget\b", "'org/base'", body)
        return re.sub(r"\br\b", "1::bigint", body)
    if re.fullmatch(r"[a-z_]+", what):
        return str(getattr(queries.for_schema(schema), what))
    if re.fullmatch(r"[a-z]+:[a-z_]+", what):  # a statement templated for an entity
        entity, name = what.split(":")
        return str(getattr(statements.for_entity(ENTITIES[entity], schema), name))
    return queries.render(what, schema)


async def indexes_used(conn: asyncpg.Connection, schema: str, what: str) -> set[str]:
    sql = await statement(conn, schema, what)
    plan = json.loads(await conn.fetchval(f"EXPLAIN (FORMAT JSON) {sql}", *ARGS.get(what, ())))
    found: set[str] = set()
    nodes = [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        found |= {node["Index Name"]} if "Index Name" in node else set()
        nodes += node.get("Plans", [])
    return found


async def test_the_main_queries_are_planned_on_their_indexes(
    conn: asyncpg.Connection, database: Database
) -> None:
    for name, (what, expected) in PLANNED.items():
        used = await indexes_used(conn, database.schema, what)
        assert expected <= used, (name, used)


async def test_every_index_that_is_no_key_or_unique_rule_serves_a_query(
    conn: asyncpg.Connection, database: Database
) -> None:
    rows = await conn.fetch(
        "SELECT c.relname FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid"
        " WHERE c.relnamespace = $1::regnamespace AND NOT i.indisunique",
        database.schema,
    )
    used: set[str] = set()
    for what, _ in PLANNED.values():
        used |= await indexes_used(conn, database.schema, what)
    assert {r["relname"] for r in rows} - used == set()
