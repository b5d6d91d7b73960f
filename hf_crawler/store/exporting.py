"""The catalogue's tables as files: each table's query (`sql/export/<table>.sql`) copied out
of Postgres as CSV, with its columns' types, in one read-only snapshot."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from hf_crawler import errors
from hf_crawler.store import db, queries
from hf_crawler.store.database import Pool

TABLES = (
    "models",
    "tasks",
    "model_tasks",
    "licenses",
    "evaluations",
    "model_lineage",
    "model_datasets",
    "model_papers",
    "model_details",
    "datasets",
    "dataset_tasks",
    "dataset_papers",
    "spaces",
    "space_models",
    "space_datasets",
    "papers",
    "collections",
    "collection_items",
)


# DuckDB's statement that turns one exported CSV into Parquet (not Postgres's: it is
# formatted with the file names and the columns, which DuckDB takes no parameter for).
TO_PARQUET = (queries.sql_dir() / "export" / "to_parquet.duckdb.sql").read_text()


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    pg_type: str  # Postgres's type name: text, int8, timestamptz, jsonb, ...


def table_sql(table: str, schema: str) -> str:
    """The query that gives `table`'s rows, for `schema`."""
    return queries.render((queries.sql_dir() / "export" / f"{table}.sql").read_text(), schema)


class Exporter:
    """One repeatable-read transaction: every table is read as of the same moment."""

    def __init__(self, conn: db.Connection, schema: str) -> None:
        self._conn, self._schema = conn, schema

    async def columns(self, table: str) -> list[Column]:
        statement = await self._conn.prepare(table_sql(table, self._schema))
        return [Column(a.name, a.type.name) for a in statement.get_attributes()]

    async def to_csv(self, table: str, path: Path) -> None:
        """`table`'s rows as CSV with a header (NULL unquoted and empty, "" the empty text)."""
        await self._conn.copy_from_query(
            table_sql(table, self._schema), output=path, format="csv", header=True
        )


@contextlib.asynccontextmanager
async def exporter(pool: Pool, schema: str, run: int | None) -> AsyncIterator[Exporter]:
    """An exporter reading as of one snapshot; with `run`, rankings and counters as of it."""
    q = queries.for_schema(schema)
    async with (
        db.translated("exporting the catalogue"),
        pool.acquire() as conn,
        conn.transaction(isolation="repeatable_read", readonly=True),
    ):
        if run is not None:
            if not await conn.fetchval(q.run_has_rankings, run):
                raise errors.ConfigError(
                    f"--run {run}: no run by that number stored rankings (hf-crawl status"
                    " lists the runs)"
                )
            await conn.execute(q.set_export_run, str(run))
        yield Exporter(conn, schema)
