"""The `hf-crawl` commands around the crawl: status, expose, prune, db-url, db-stop."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import click

from hf_crawler.cli_options import common, explain, settings_for


@click.command()
@click.option(
    "--roles",
    default="anon,authenticated",
    show_default=True,
    help="Comma-separated roles that may read (Supabase's Data API roles).",
)
@click.option("--include-runs", is_flag=True, help="Also the run log's parameters and errors.")
@click.option("--revoke", is_flag=True, help="Take every grant and policy back.")
@common
@click.pass_context
def expose(
    ctx: click.Context, /, roles: str, include_runs: bool, revoke: bool, **flags: Any
) -> None:
    """Make the catalogue read-only readable by ROLES (Supabase: anon, authenticated)."""
    from hf_crawler import expose as exposing
    from hf_crawler import store

    s = settings_for(ctx, flags)
    names = tuple(dict.fromkeys(r.strip() for r in roles.split(",") if r.strip()))
    if not names:
        raise click.BadParameter("name at least one role", param_hint="--roles")

    async def run() -> None:
        async with contextlib.AsyncExitStack() as stack:
            pool = await store.open_database(s, stack)
            if revoke:
                await exposing.revoke(pool, s.schema, names)
            else:
                await exposing.expose(pool, s.schema, names, include_runs=include_runs)

    asyncio.run(run())
    done = "revoked from" if revoke else "exposed read-only to"
    click.echo(f"schema {s.schema} {done} {', '.join(names)}", err=True)


@click.command()
@click.option("--keep", required=True, help="How much history to keep: 180d, 12w, 36h.")
@common
@click.pass_context
def prune(ctx: click.Context, /, keep: str, **flags: Any) -> None:
    """Delete runs older than --keep, and their history; answers for kept runs stay."""
    from hf_crawler import prune as pruning
    from hf_crawler import store

    s = settings_for(ctx, flags)
    window = pruning.parse_keep(keep)

    async def run() -> dict[str, int]:
        async with contextlib.AsyncExitStack() as stack:
            pool = await store.open_database(s, stack)
            return await pruning.prune(pool, s.schema, window)

    result = asyncio.run(run())
    click.echo(
        f"deleted {result['runs_deleted']} runs; kept run {result['first_kept_run']} on", err=True
    )


@click.command()
@click.option("--max-age", default="26h", show_default=True, help="Older than this is stale.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@common
@click.pass_context
def status(ctx: click.Context, /, max_age: str, fmt: str, **flags: Any) -> None:
    """Is the catalogue fresh? Exit 0 fresh, 1 stale or never succeeded, 2 usage error."""
    from hf_crawler import durations
    from hf_crawler import status as freshness

    s = settings_for(ctx, flags)
    found = freshness.check(s, durations.parse(max_age, "--max-age"))
    out = json.dumps(found.as_dict()) if fmt == "json" else freshness.render(found)
    click.echo(out)
    raise SystemExit(0 if found.fresh else 1)


@click.command("db-url")
@common
@click.pass_context
def db_url(ctx: click.Context, /, **flags: Any) -> None:
    """Print the DSN in use, starting the embedded Postgres if needed.

    psql "$(hf-crawl db-url)" opens it.
    """
    from hf_crawler import db

    click.echo(db.dsn_for(settings_for(ctx, flags)))


@click.command("db-stop")
@common
@click.pass_context
def db_stop(ctx: click.Context, /, **flags: Any) -> None:
    """Stop the embedded Postgres (its data stays in the data dir)."""
    from hf_crawler import db

    stopped = db.stop_embedded(settings_for(ctx, flags).data_dir)
    click.echo(
        "embedded Postgres stopped" if stopped else "embedded Postgres was not running", err=True
    )


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@common
@click.pass_context
def config(ctx: click.Context, /, fmt: str, **flags: Any) -> None:
    """Print the effective settings and where each came from (secrets masked)."""
    s, origins = explain(ctx, flags)
    shown = s.public()
    if fmt == "json":
        click.echo(json.dumps({k: {"value": v, "from": origins[k]} for k, v in shown.items()}))
        return
    width = max(map(len, shown))
    for key, value in shown.items():
        click.echo(f"{key:<{width}}  {json.dumps(value)}  ({origins[key]})")


COMMANDS = (status, expose, prune, config, db_url, db_stop)
