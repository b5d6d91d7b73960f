"""`hf-crawl export`: the catalogue as Parquet or CSV files, one a table."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import click

from hf_crawler.cli.options import common, settings_for


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The folder the files go into (DIR/models.parquet, ...).",
)
@click.option("--tables", "table_names", help="Only these tables (comma separated; default all).")
@click.option("--run", type=click.IntRange(1), help="Rankings and counters as of this run.")
@common
@click.pass_context
def export(
    ctx: click.Context,
    /,
    fmt: str,
    output: Path,
    table_names: str | None,
    run: int | None,
    **flags: Any,
) -> None:
    """Write the catalogue's tables as files DuckDB, pandas and Arrow read: models, tasks,
    model_tasks, licenses, evaluations, model_lineage, model_datasets, model_papers, model_details,
    datasets, dataset_tasks, dataset_papers, spaces, space_models, space_datasets, papers,
    collections, collection_items."""
    from hf_crawler.reports import export as exporting

    names = exporting.tables(table_names)
    s = settings_for(ctx, flags)
    exporting.prepare(output)
    started = time.perf_counter()
    done = asyncio.run(exporting.export(s, fmt, output, names, run))
    click.echo(exporting.render(done, time.perf_counter() - started), err=True)


COMMANDS = (export,)
