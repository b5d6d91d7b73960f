"""The `hf-crawl` command line: flags in, exit codes out.

Exit codes: 0 every task ok; 1 some task failed (or the run broke mid-way); 2 usage,
configuration, or a database/Hub that cannot be reached at start; 130 interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from hf_crawler import __version__, errors, logs, settings
from hf_crawler.fakehub.command import fakehub

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
STATUS_EXIT = {"succeeded": EXIT_OK, "partial": EXIT_FAILED, "interrupted": EXIT_INTERRUPTED}


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command takes: where the database is, logging, the .env file."""
    for option in reversed(
        [
            click.option(
                "--database-url", help="Postgres DSN (or DATABASE_URL). Default: embedded."
            ),
            click.option(
                "--data-dir",
                type=click.Path(path_type=Path),
                help="Embedded Postgres home (default .hf_crawler).",
            ),
            click.option("--schema", help="Schema to write (default hf)."),
            click.option(
                "--env-file",
                type=click.Path(path_type=Path),
                default=Path(".env"),
                show_default=True,
                help="Settings file read under the environment.",
            ),
            click.option(
                "--log-format",
                type=click.Choice(settings.LOG_FORMATS),
                help="json off a terminal, console on one (default auto).",
            ),
            click.option("--log-level", type=click.Choice(settings.LOG_LEVELS)),
            click.option(
                "--log-file", type=click.Path(path_type=Path), help="Also write JSON lines here."
            ),
        ]
    ):
        f = option(f)
    return f


def _crawl_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """What to crawl and how: on the bare command (the crawl) and on `plan`."""
    for option in reversed(_CRAWL_OPTIONS):
        f = option(f)
    return f


_CRAWL_OPTIONS = [
    click.option("--concurrency", type=int, help="Tasks fetched at once (default 4)."),
    click.option("--rps", type=float, help="Requests per second to the Hub, shared (default 2)."),
    click.option("--limit-per-task", type=int, help="Top N models per task (default 1000)."),
    click.option("--max-tasks", type=int, help="Crawl only the first N tasks."),
    click.option("--tasks", help="Comma-separated task ids to crawl."),
    click.option(
        "--sort", type=click.Choice(settings.SORTS), help="Ranking key (default downloads)."
    ),
    click.option(
        "--match",
        type=click.Choice(settings.MATCHES),
        help="tag: filter=<task> (a model may rank in several tasks); pipeline: pipeline_tag.",
    ),
    click.option(
        "--task-source",
        type=click.Choice(settings.TASK_SOURCES),
        help="api: /api/tasks; union: plus every pipeline tag the Hub lists.",
    ),
    click.option("--batch-size", type=int, help="Models per merge transaction (default 5000)."),
    click.option("--endpoint", help="Hub URL (or HF_ENDPOINT; default https://huggingface.co)."),
    click.option(
        "--dry-run",
        type=click.Path(path_type=Path),
        help="Fetch everything into this JSON-lines file; touch no database.",
    ),
    click.option(
        "--all-models",
        is_flag=True,
        default=None,
        help="Walk the whole listing into hf.models; derive every ranking in SQL.",
    ),
    click.option(
        "--since-last-run",
        is_flag=True,
        default=None,
        help="Full-Hub mode, only models modified since the last full sync.",
    ),
    click.option(
        "--resume",
        is_flag=True,
        default=None,
        help="Continue the latest unfinished run of the same mode.",
    ),
    click.option(
        "--allow-insecure-token",
        is_flag=True,
        default=None,
        help="Send HF_TOKEN even to a plain-http endpoint that is not this machine.",
    ),
]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@_crawl_options
@_common
@click.version_option(__version__, prog_name="hf-crawl")
@click.pass_context
def cli(ctx: click.Context, /, **flags: Any) -> None:
    """Keep Postgres filled with the Hugging Face Hub's model catalogue.

    Without a command, crawls: every task, its top models by downloads, their ranking.
    """
    ctx.obj = flags
    if ctx.invoked_subcommand is None:
        raise SystemExit(_crawl(_settings(flags)))


@cli.command()
@_common
@click.pass_context
def migrate(ctx: click.Context, /, **flags: Any) -> None:
    """Create or update the schema (also done before every crawl)."""
    s = _settings(_merged(ctx, flags))

    async def apply() -> list[int]:
        from hf_crawler import pipeline

        async with contextlib.AsyncExitStack() as stack:
            await pipeline.open_database(s, stack)
            return []

    asyncio.run(apply())
    click.echo(f"schema {s.schema} is up to date", err=True)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
)
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True)
@_common
@click.pass_context
def report(ctx: click.Context, /, fmt: str, top: int, **flags: Any) -> None:
    """Print the verification report of what is loaded."""
    s = _settings(_merged(ctx, flags))

    async def build() -> str:
        from hf_crawler import pipeline, report

        async with contextlib.AsyncExitStack() as stack:
            pool = await pipeline.open_database(s, stack)
            return report.render(await report.gather(pool, s.schema, top=top), fmt)

    click.echo(asyncio.run(build()))


@cli.command()
@click.option("--keep", required=True, help="How much history to keep: 180d, 12w, 36h.")
@_common
@click.pass_context
def prune(ctx: click.Context, /, keep: str, **flags: Any) -> None:
    """Delete runs older than --keep, and their history; answers for kept runs stay."""
    from hf_crawler import pipeline
    from hf_crawler import prune as pruning

    s = _settings(_merged(ctx, flags))
    window = pruning.parse_keep(keep)

    async def run() -> dict[str, int]:
        async with contextlib.AsyncExitStack() as stack:
            pool = await pipeline.open_database(s, stack)
            return await pruning.prune(pool, s.schema, window)

    result = asyncio.run(run())
    click.echo(
        f"deleted {result['runs_deleted']} runs; kept run {result['first_kept_run']} on", err=True
    )


@cli.command()
@_crawl_options
@_common
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def plan(ctx: click.Context, /, fmt: str, **flags: Any) -> None:
    """Print what the crawl the other flags describe will cost: requests, quota, time."""
    from hf_crawler import plan as planning

    s = _settings(_merged(ctx, flags))
    made = asyncio.run(planning.make_plan(s))
    click.echo(json.dumps(made.as_dict()) if fmt == "json" else planning.render(made))


@cli.command("db-url")
@_common
@click.pass_context
def db_url(ctx: click.Context, /, **flags: Any) -> None:
    """Print the DSN in use, starting the embedded Postgres if needed.

    psql "$(hf-crawl db-url)" opens it.
    """
    from hf_crawler import db

    click.echo(db.dsn_for(_settings(_merged(ctx, flags))))


@cli.command("db-stop")
@_common
@click.pass_context
def db_stop(ctx: click.Context, /, **flags: Any) -> None:
    """Stop the embedded Postgres (its data stays in the data dir)."""
    from hf_crawler import db

    stopped = db.stop_embedded(_settings(_merged(ctx, flags)).data_dir)
    click.echo(
        "embedded Postgres stopped" if stopped else "embedded Postgres was not running", err=True
    )


cli.add_command(fakehub)


def _merged(ctx: click.Context, /, flags: dict[str, Any]) -> dict[str, Any]:
    """Group-level flags, overridden by the subcommand's own."""
    parent = dict(ctx.obj or {})
    return {**parent, **{k: v for k, v in flags.items() if v is not None}}


def _settings(flags: dict[str, Any]) -> settings.Settings:
    env_file = flags.pop("env_file", None) or Path(".env")
    s = settings.Settings.from_sources(
        flags, settings.environment(), settings.read_dotenv(env_file)
    )
    logs.configure(fmt=s.log_format, level=s.log_level, log_file=s.log_file, secrets=s.secrets())
    return s


def _crawl(s: settings.Settings) -> int:
    from hf_crawler import pipeline, signals
    from hf_crawler import plan as planning
    from hf_crawler.progress import Progress

    if s.dry_run is not None:  # a dry run says what the real one would cost, first
        click.echo(planning.render(asyncio.run(planning.make_plan(s))), err=True)

    progress = Progress(enabled=None if s.log_format != "json" else False)

    async def main() -> pipeline.RunOutcome:
        stop = asyncio.Event()
        task = asyncio.current_task()
        assert task is not None  # noqa: S101  # asyncio.run always runs us in a task
        uninstall = signals.install(stop, task, drain_timeout_s=s.drain_timeout_s)
        try:
            return await pipeline.run(s, stop, on_progress=progress)
        finally:
            uninstall()

    try:
        outcome = asyncio.run(main())
    except (asyncio.CancelledError, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    finally:
        progress.close()
    return STATUS_EXIT[outcome.status]


def main(argv: list[str] | None = None) -> None:
    """Entry point: every expected failure is one line on stderr and an exit code."""
    try:
        cli.main(args=argv, prog_name="hf-crawl", standalone_mode=False)
        code = EXIT_OK
    except click.exceptions.Abort:
        code = EXIT_INTERRUPTED
    except click.ClickException as exc:
        click.echo(f"hf-crawl: error: {exc.format_message()}", err=True)
        code = EXIT_USAGE
    except (errors.CrawlerError, BaseExceptionGroup) as exc:
        code = _report_failure(exc)
    sys.exit(code)


def _report_failure(exc: BaseException) -> int:
    cause = errors.first_cause(exc)
    if not isinstance(cause, errors.CrawlerError):
        raise exc  # a bug: let the traceback show
    click.echo(f"hf-crawl: error: {cause}", err=True)
    if isinstance(exc, BaseExceptionGroup):
        return EXIT_FAILED  # the run started and broke mid-way
    return EXIT_USAGE  # could not start: configuration, database or Hub unreachable
