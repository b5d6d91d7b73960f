"""The `hf-crawl` commands around the crawl: status, expose, prune, db-url, db-stop."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from hf_crawler import errors
from hf_crawler.cli.options import common, default, explain, settings_for
from hf_crawler.text import redact_dsn

if TYPE_CHECKING:
    from hf_crawler.config.settings import Settings
    from hf_crawler.crawl.cards import CardsJob, CardsOutcome


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
    from hf_crawler.store import database as store
    from hf_crawler.store import expose as exposing

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
    from hf_crawler.store import database as store
    from hf_crawler.store import prune as pruning

    s = settings_for(ctx, flags)
    window = pruning.parse_keep(keep)

    async def run() -> dict[str, int]:
        async with contextlib.AsyncExitStack() as stack:
            pool = await store.open_database(s, stack)
            return await pruning.prune(pool, s.schema, window)

    result = asyncio.run(run())
    click.echo(prune_summary(result["runs_deleted"], result["first_kept_run"], keep), err=True)


def prune_summary(deleted: int, first_kept: int, keep: str) -> str:
    """What prune did, in a sentence."""
    if not first_kept:
        return "nothing to prune: no run recorded yet"
    runs = "run" if deleted == 1 else "runs"
    return f"deleted {deleted} {runs} older than --keep {keep}; kept run {first_kept} and later"


@click.command()
@click.option("--max-age", default="26h", show_default=True, help="Older than this is stale.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--budget",
    help="A storage budget (500MB, 8GB): the days left at the growth per day of the crawl"
    " runs (once they span a day).",
)
@common
@click.pass_context
def status(ctx: click.Context, /, max_age: str, fmt: str, budget: str | None, **flags: Any) -> None:
    """Is the catalogue fresh? Exit 0 fresh, 1 stale or never succeeded, 2 usage error."""
    from hf_crawler.config import durations
    from hf_crawler.reports import status as freshness
    from hf_crawler.store import storage

    s = settings_for(ctx, flags)
    limit = storage.parse_budget(budget) if budget is not None else None
    found = freshness.check(s, durations.parse(max_age, "--max-age"), limit)
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
    from hf_crawler.store import embedded

    click.echo(embedded.dsn_for(settings_for(ctx, flags)))


@click.command("db-stop")
@common
@click.pass_context
def db_stop(ctx: click.Context, /, **flags: Any) -> None:
    """Stop the embedded Postgres (its data stays in the data dir). Refused, exit 75, while
    a crawl or cards run writes to it."""
    from hf_crawler.store import embedded, lease

    s = settings_for(ctx, flags)
    if s.database_url is not None:  # the crawl uses that server, not the embedded one
        raise errors.ConfigError(
            "db-stop stops only the embedded Postgres, and the database in use is "
            f"{redact_dsn(s.database_url)}: nothing stopped (unset DATABASE_URL to stop it)"
        )
    running = embedded.running_embedded_dsn(s.data_dir)
    if running is not None:
        asyncio.run(lease.refuse_if_writing(running, expire_s=s.lease_s))
    stopped = embedded.stop_embedded(s.data_dir)
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


@click.command()
@click.option("--models", type=click.Choice(["ranked", "all"]), default="ranked", show_default=True)
@click.option(
    "--repos", help=f"Whose cards: models, datasets, or both (default {default('repos')})."
)
@click.option("--top", type=click.IntRange(1), help="Only the first N of each task's ranking.")
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=2 * 1024 * 1024,
    show_default=True,
    help="A larger card is recorded as too_large, not stored.",
)
@click.option("--refresh", is_flag=True, help="Fetch every card again.")
@click.option("--since", help="Fetch again the cards read before this long ago (e.g. 30d).")
@click.option("--dry-run", "count_only", is_flag=True, help="Print the plan; fetch nothing.")
@click.option(
    "--concurrency",
    type=int,
    help=f"Requests in flight to the resolver (default {default('concurrency')}).",
)
@click.option(
    "--rps", type=float, help=f"Requests per second to the resolver (default {default('rps')})."
)
@click.option("--endpoint", help="Hub URL (or HF_ENDPOINT).")
@click.option(
    "--cards-metrics-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the run's figures here (hf_crawler_cards_*), apart from the crawl's file.",
)
@common
@click.pass_context
def cards(ctx: click.Context, /, **flags: Any) -> None:
    """Fetch the card (README.md) of every ranked model (or dataset, with --repos) whose
    commit moved since.

    The first Ctrl-C stops fetching and stores what was fetched (exit 130); a second one
    cancels. A later run fetches only what is left.
    """
    from hf_crawler.config import durations
    from hf_crawler.crawl import cards as fetching
    from hf_crawler.crawl import metrics

    since, metrics_file = flags.pop("since"), flags.pop("cards_metrics_file")
    job = fetching.CardsJob(
        models=flags.pop("models"),
        max_bytes=flags.pop("max_bytes"),
        refresh=flags.pop("refresh"),
        since=durations.parse(since, "--since") if since else None,
        dry_run=flags.pop("count_only"),
        top=flags.pop("top"),
    )
    s = settings_for(ctx, flags)
    if metrics_file is not None:
        metrics.check_writable(metrics_file)
    done = _run_cards(s, job)
    if metrics_file is not None and not job.dry_run:
        text = metrics.render_cards(s.schema, done.status, done.by_status, done.requests)
        metrics.write(metrics_file, text)
    if job.dry_run:
        click.echo(done.plan.describe(), err=True)
        return
    click.echo(_cards_summary(done), err=True)
    raise SystemExit({"succeeded": 0, "partial": 1, "interrupted": 130}.get(done.status, 1))


def _cards_summary(done: CardsOutcome) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(done.by_status.items()))
    return (
        f"cards: {sum(done.by_status.values())} of {done.to_fetch} fetched "
        f"({counts or 'none'}) in {done.elapsed_s} s with {done.requests} requests; "
        f"run {done.run_id} {done.status}"
    )


def _run_cards(s: Settings, job: CardsJob) -> CardsOutcome:
    """The cards run with the crawl's two-stage Ctrl-C and its progress line."""
    from hf_crawler.crawl import cards as fetching
    from hf_crawler.crawl import signals
    from hf_crawler.progress import Progress

    progress = Progress(enabled=None if s.log_format != "json" else False)

    async def main() -> CardsOutcome:
        stop = asyncio.Event()
        task = asyncio.current_task()
        assert task is not None  # noqa: S101  # asyncio.run always runs us in a task
        uninstall = signals.install(stop, task, drain_timeout_s=s.drain_timeout_s)
        try:
            return await fetching.run(s, job, stop, on_progress=lambda p: progress.show(p.line()))
        finally:
            uninstall()

    try:
        return asyncio.run(main())
    except (asyncio.CancelledError, KeyboardInterrupt):
        raise SystemExit(130) from None  # stored batches stay; the rest is fetched next time
    finally:
        progress.close()


COMMANDS = (status, expose, prune, config, cards, db_url, db_stop)
