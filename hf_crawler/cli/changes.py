"""`hf-crawl changes`: what moved since a run or a time, for a scheduler to act on."""

from __future__ import annotations

import asyncio
from typing import Any

import click

from hf_crawler.cli.options import common, settings_for


@click.command()
@click.option("--since-run", type=click.IntRange(1), help="Compare from this run.")
@click.option(
    "--since",
    "since_text",
    help="Compare from the newest run at least this old (7d, 26h; default 7d).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@common
@click.pass_context
def changes(
    ctx: click.Context, /, since_run: int | None, since_text: str | None, fmt: str, **flags: Any
) -> None:
    """What changed since then: per task the models that entered, exited and moved, the
    models first ranked, the base models they first name, licence changes (hf.changes_since)."""
    from hf_crawler import errors
    from hf_crawler.config import durations
    from hf_crawler.reports import changes as feeding

    if since_run is not None and since_text is not None:
        raise errors.ConfigError("give --since-run or --since, not both")
    since = None if since_text is None else durations.parse(since_text, "--since")
    s = settings_for(ctx, flags)
    click.echo(feeding.render(asyncio.run(feeding.feed(s, since_run, since)), fmt))


COMMANDS = (changes,)
