"""`hf-crawl export`: the catalogue as files, one a table named after it
(`DIR/models.parquet`, ...), as of now or of a run: CSV as Postgres writes it, or Parquet
with typed columns (written by DuckDB from that CSV: numbers, times with their zone, JSON,
lists of text), which DuckDB, pandas and Arrow read as they are."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.store import database as store
from hf_crawler.store import exporting
from hf_crawler.store.exporting import TABLES, Column

# Postgres's types as DuckDB reads them from the CSV; jsonb is read as text, then JSON.
DUCKDB_TYPES = {
    "text": "VARCHAR",
    "varchar": "VARCHAR",
    "int2": "SMALLINT",
    "int4": "INTEGER",
    "int8": "BIGINT",
    "float4": "FLOAT",
    "float8": "DOUBLE",
    "numeric": "DOUBLE",
    "bool": "BOOLEAN",
    "timestamptz": "TIMESTAMPTZ",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
    "jsonb": "VARCHAR",
    "json": "VARCHAR",
}
# Columns stored as JSON arrays of text, written as lists of text.
LISTS = {"tags", "base_models", "task_categories", "languages"}


@dataclass(frozen=True, slots=True)
class Exported:
    table: str
    path: Path
    rows: int


def tables(text: str | None) -> tuple[str, ...]:
    """`--tables models,tasks`: each a table export knows; all when not given."""
    if text is None:
        return TABLES
    named = tuple(t.strip() for t in text.split(",") if t.strip())
    unknown = [t for t in named if t not in TABLES]
    if unknown or not named:
        raise errors.ConfigError(f"--tables {text!r}: name one or more of {', '.join(TABLES)}")
    return named


async def export(
    settings: Settings, fmt: str, output: Path, names: tuple[str, ...], run: int | None
) -> list[Exported]:
    """Write each table of `names` into `output` (made by `prepare`) as `fmt`, all as of
    one moment."""
    done: list[Exported] = []
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_for_reading(settings, stack)
        reader = await stack.enter_async_context(exporting.exporter(pool, settings.schema, run))
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hf-export-")))
        for table in names:
            csv = output / f"{table}.csv" if fmt == "csv" else scratch / f"{table}.csv"
            await reader.to_csv(table, csv)
            if fmt == "parquet":
                target = output / f"{table}.parquet"
                rows = _parquet(csv, await reader.columns(table), target)
            else:
                target, rows = csv, _csv_rows(csv)
            done.append(Exported(table, target, rows))
    return done


def prepare(output: Path) -> None:
    """The output folder, made if missing; one that cannot be is a one-line error."""
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.OutputFailed(f"cannot write to {output}: {exc.strerror}") from exc


def _parquet(csv: Path, columns: list[Column], target: Path) -> int:
    """The CSV as Parquet with the columns' types (sql/export/to_parquet.duckdb.sql); its
    rows."""
    import duckdb  # a large library, imported only by an export to Parquet

    types = ", ".join(
        f"{_literal(c.name)}: {_literal(DUCKDB_TYPES.get(c.pg_type, 'VARCHAR'))}" for c in columns
    )
    statement = exporting.TO_PARQUET.format(
        columns=", ".join(_typed(c) for c in columns),
        types=types,
        csv=_literal(str(csv)),
        parquet=_literal(str(target)),
    )
    with duckdb.connect() as con:
        con.execute(statement)
        count = con.execute("SELECT count(*) FROM read_parquet(?)", [str(target)]).fetchone()
    return int(count[0]) if count else 0


def _literal(text: str) -> str:
    """A SQL string literal (DuckDB takes no parameter for a COPY's file or a CSV's columns)."""
    return "'" + text.replace("'", "''") + "'"


def _typed(column: Column) -> str:
    name = '"' + column.name.replace('"', '""') + '"'
    if column.pg_type in ("jsonb", "json"):
        if column.name in LISTS:
            return f"CAST(from_json({name}, '[\"VARCHAR\"]') AS VARCHAR[]) AS {name}"
        return f"CAST({name} AS JSON) AS {name}"
    return name


def _csv_rows(csv: Path) -> int:
    import csv as reading

    with csv.open(newline="", encoding="utf-8") as f:
        return max(0, sum(1 for _ in reading.reader(f)) - 1)


def render(done: list[Exported], elapsed_s: float) -> str:
    lines = [f"{d.path}: {d.rows:,} rows" for d in done]
    return "\n".join([*lines, f"{len(done)} files in {elapsed_s:.1f} s"])
