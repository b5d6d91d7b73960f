"""`hf-crawl pick`: which model of a task to use, narrowed by size, licence, library,
downloads and a benchmark (hf.pick); `hf-crawl show`: everything known of one model."""

from __future__ import annotations

import asyncio
from typing import Any

import click

from hf_crawler.cli.options import common, settings_for


@click.command()
@click.option("--task", required=True, help="The task whose ranking to choose from.")
@click.option("--max-params", help="At most this many parameters (8B = 8 x 10^9; inclusive).")
@click.option("--min-params", help="At least this many parameters (1B, 500M; inclusive).")
@click.option(
    "--license-class",
    "license_class",
    help="Only these licence classes: permissive, copyleft, non-commercial, restricted,"
    " unknown (comma separated).",
)
@click.option(
    "--commercial", is_flag=True, help="Only licences allowing commercial use (or on conditions)."
)
@click.option("--library", help="Only models of this library (transformers, gguf, ...).")
@click.option("--min-downloads", type=click.IntRange(0), help="At least this many downloads.")
@click.option("--benchmark", help="Only models with a result on this benchmark dataset.")
@click.option("--metric", help="With --benchmark: only results of this metric (accuracy, ...).")
@click.option(
    "--sort",
    type=click.Choice(["rank", "downloads", "trend", "likes", "spaces", "score"]),
    default="rank",
    show_default=True,
    help="rank: the task's ranking; trend: downloads gained over 7 days; spaces: the ranked"
    " Spaces that use it (--repos spaces); score: --benchmark's.",
)
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@common
@click.pass_context
def pick(ctx: click.Context, /, fmt: str, **flags: Any) -> None:
    """Which model should I use? A task's ranked models that fit the limits, in the task's
    order (a size limit leaves out models of unknown size)."""
    from hf_crawler import errors
    from hf_crawler.reports import pick as picking
    from hf_crawler.store.reads import Choice

    size_max, size_min = flags.pop("max_params"), flags.pop("min_params")
    classes = flags.pop("license_class")
    choice = Choice(
        task=flags.pop("task"),
        max_params=None if size_max is None else picking.parameters(size_max),
        min_params=None if size_min is None else picking.parameters(size_min),
        license_classes=None if classes is None else picking.license_classes(classes),
        commercial=flags.pop("commercial"),
        library=flags.pop("library"),
        min_downloads=flags.pop("min_downloads"),
        benchmark=flags.pop("benchmark"),
        metric=flags.pop("metric"),
        sort=flags.pop("sort"),
        limit=flags.pop("limit"),
    )
    if choice.sort == "score" and choice.benchmark is None:
        raise errors.ConfigError("--sort score needs --benchmark")
    if choice.metric is not None and choice.benchmark is None:
        raise errors.ConfigError("--metric needs --benchmark")
    s = settings_for(ctx, flags)
    click.echo(picking.render(asyncio.run(picking.pick(s, choice)), fmt))


@click.command()
@click.argument("model")
@click.option(
    "--runs",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="Its counters and ranks over this many of the latest runs.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@common
@click.pass_context
def show(ctx: click.Context, /, model: str, runs: int, fmt: str, **flags: Any) -> None:
    """Everything known of one model: its fields, rankings, history, lineage, evaluations,
    datasets and card's headings (MODEL: its id, or a name the catalogue holds once)."""
    from hf_crawler.reports import show as showing

    s = settings_for(ctx, flags)
    click.echo(showing.render(asyncio.run(showing.profile(s, model, runs)), fmt))


COMMANDS = (pick, show)
