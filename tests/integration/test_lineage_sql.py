"""Lineage in SQL: the one rule reading a model's tags (`base_model:<id>` and
`base_model:<relation>:<id>`), which every merge and the backfill apply, and the recursive
functions walking chains with their depth and stopping at cycles."""

from __future__ import annotations

import json

import asyncpg
import pytest

from tests.conftest import Database

EDGES_OF_TAGS = [
    ([], set()),
    (["base_model:org/base"], {("org/base", "unspecified")}),  # no relation stated
    (["base_model:org/base", "base_model:quantized:org/base"], {("org/base", "quantized")}),
    (  # a stated relation wins over the plain tag of the same base
        ["transformers", "base_model:google/gemma-2b", "base_model:finetune:google/gemma-2b"],
        {("google/gemma-2b", "finetune")},
    ),
    (  # a merge names each of its bases
        [
            "base_model:a/one",
            "base_model:merge:a/one",
            "base_model:b/two",
            "base_model:merge:b/two",
        ],
        {("a/one", "merge"), ("b/two", "merge")},
    ),
    (
        ["base_model:adapter:org/x", "base_model:finetune:org/x", "license:mit"],
        {("org/x", "adapter"), ("org/x", "finetune")},
    ),
    (  # other tags and malformed base tags give no edge
        ["base_model:", "base_model:finetune:", "base_model:odd:org/x", "license:mit"],
        set(),
    ),
    (
        ["base_model:", "base_model:finetune:", "base_model:odd:org/x", "base_model:c/d"],
        {("c/d", "unspecified")},
    ),
]


@pytest.mark.parametrize(("tags", "edges"), EDGES_OF_TAGS)
async def test_the_tags_give_the_lineage_edges_they_state(
    migrated: asyncpg.Connection, database: Database, tags: list[str], edges: set[tuple[str, str]]
) -> None:
    rows = await migrated.fetch(
        f"SELECT * FROM {database.schema}.lineage_from_tags($1::jsonb)", json.dumps(tags)
    )
    assert {(r["base_model_id"], r["relation"]) for r in rows} == edges


async def test_ancestors_and_descendants_walk_chains_with_depth_and_stop_at_cycles(
    migrated: asyncpg.Connection, database: Database
) -> None:
    s = database.schema
    edges = [("c", "b", "finetune"), ("b", "a", "quantized"), ("a", "c", "merge")]  # a cycle
    edges.append(("d", "b", "adapter"))
    for model_id in "abcd":
        await migrated.execute(
            f"INSERT INTO {s}.models (model_id, tags) VALUES ($1, '[]')", model_id
        )
    await migrated.executemany(f"INSERT INTO {s}.model_lineage VALUES ($1, $2, $3)", edges)
    up = await migrated.fetch(f"SELECT * FROM {s}.lineage_ancestors('c')")
    down = await migrated.fetch(f"SELECT * FROM {s}.lineage_descendants('b')")
    assert [(r["model_id"], r["base_model_id"], r["depth"]) for r in up] == [
        ("c", "b", 1),
        ("b", "a", 2),
    ]  # a -> c would close the cycle: not followed
    assert [(r["model_id"], r["base_model_id"], r["depth"]) for r in down] == [
        ("c", "b", 1),
        ("d", "b", 1),
        ("a", "c", 2),
    ]
    families = await migrated.fetch(
        f"SELECT base_model_id, derived_models FROM {s}.lineage_families ORDER BY 1"
    )
    assert [(r["base_model_id"], r["derived_models"]) for r in families] == [
        ("a", 1),
        ("b", 2),
        ("c", 1),
    ]
