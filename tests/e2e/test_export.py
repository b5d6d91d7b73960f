"""`hf-crawl export`: every table as a Parquet file DuckDB reads equal to the database, row
for row and typed; CSV the same rows; `--run N` gives the rankings and counters of that
run (the fake Hub's first truth after it moved)."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import duckdb

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.store.exporting import TABLES, table_sql
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(
    tasks=3,
    models_per_task=30,
    overlap=0.3,
    seed=47,
    lineage_share=0.4,
    eval_share=0.4,
    datasets_per_task=20,
    dataset_link_share=0.4,
    spaces=30,
    collections=15,
)


def plain(value: Any, is_json: bool) -> Any:
    """A value as both sides can be compared: times in UTC, numbers as floats, JSON parsed."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if is_json and isinstance(value, str):
        return json.loads(value)
    return value


async def stored(database: Database, table: str) -> list[tuple[Any, ...]]:
    conn = await asyncpg.connect(database.dsn)
    try:
        statement = await conn.prepare(table_sql(table, database.schema))
        json_columns = [a.type.name in ("json", "jsonb") for a in statement.get_attributes()]
        rows = await statement.fetch()
    finally:
        await conn.close()
    return [tuple(plain(v, j) for v, j in zip(r, json_columns, strict=True)) for r in rows]


def read_parquet(path: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect() as con:
        kinds = [
            row[1]
            for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        ]
        rows = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return [tuple(plain(v, k == "JSON") for v, k in zip(r, kinds, strict=True)) for r in rows]


async def test_every_table_exported_reads_back_equal_to_the_database(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(
            hub,
            database,
            HF_CRAWL_RPS="500",
            HF_CRAWL_DETAILS_BUDGET="10",
            HF_CRAWL_PAPERS_BUDGET="50",
            HF_CRAWL_COLLECTIONS_TOP="10",
            HF_CRAWL_SPACES_TOP="20",
        )
        crawl = ("--repos", "models,datasets,spaces", "--limit-per-task", "20")
        assert (await run_cli(*crawl, env=env, cwd=tmp_path)).code == 0
        first = hub.catalogue.ground_truth(limit=20).rankings
        first_downloads = {m: hub.catalogue.by_id[m].downloads for r in first.values() for m in r}
        hub.catalogue.reshuffle(seed=3, fraction=0.7)
        assert (await run_cli(*crawl, env=env, cwd=tmp_path)).code == 0
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        parquet = await run_cli("export", "--output", str(tmp_path / "pq"), env=env, cwd=tmp_path)
        as_csv = await run_cli(
            "export", "--format", "csv", "--output", str(tmp_path / "csv"), env=env, cwd=tmp_path
        )
        of_run = await run_cli(
            "export",
            "--run",
            "1",
            "--tables",
            "model_tasks,models",
            "--output",
            str(tmp_path / "run1"),
            env=env,
            cwd=tmp_path,
        )
        no_run = await run_cli(
            "export", "--run", "99", "--output", str(tmp_path / "none"), env=env, cwd=tmp_path
        )
    said = [line for line in no_run.stderr.splitlines() if line.startswith("hf-crawl:")]
    assert no_run.code == 2 and len(said) == 1 and "--run 99" in said[0], no_run.stderr
    assert parquet.code == as_csv.code == of_run.code == 0, parquet.stderr + of_run.stderr
    for table in TABLES:
        rows = await stored(database, table)
        assert rows, f"{table}: nothing to compare"
        assert read_parquet(tmp_path / "pq" / f"{table}.parquet") == rows, table
        with (tmp_path / "csv" / f"{table}.csv").open(newline="", encoding="utf-8") as f:
            assert sum(1 for _ in csv.reader(f)) == len(rows) + 1, table
    with duckdb.connect() as con:
        described = con.execute(
            "DESCRIBE SELECT * FROM read_parquet(?)", [str(tmp_path / "pq" / "models.parquet")]
        ).fetchall()
    kinds = {row[0]: row[1] for row in described}
    assert (kinds["tags"], kinds["downloads"], kinds["params_by_dtype"]) == (
        "VARCHAR[]",
        "BIGINT",
        "JSON",
    )
    assert kinds["last_modified"] == "TIMESTAMP WITH TIME ZONE" and kinds["private"] == "BOOLEAN"
    ranked = read_parquet(tmp_path / "run1" / "model_tasks.parquet")
    by_task: dict[str, list[str]] = {}
    for task, rank, model in ranked:
        by_task.setdefault(task, []).append(model)
        assert len(by_task[task]) == rank
    assert by_task == {t: list(ids) for t, ids in first.items()}
    counters = {r[0]: r[17] for r in read_parquet(tmp_path / "run1" / "models.parquet")}
    assert {m: counters[m] for m in first_downloads} == first_downloads
