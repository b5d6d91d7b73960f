"""The `hf-crawl` command line: flags in, exit codes out.

Exit codes: 0 every task ok; 1 some task failed (or the run broke mid-way); 2 usage,
configuration, or a database/Hub that cannot be reached at start; 75 another crawl is
writing to the schema (try later); 130 interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import click
import structlog

from hf_crawler import __version__, errors, logs
from hf_crawler.cli.admin import COMMANDS
from hf_crawler.cli.changes import COMMANDS as FEEDING
from hf_crawler.cli.export import COMMANDS as EXPORTING
from hf_crawler.cli.options import common, crawl_options, load_settings, settings_for
from hf_crawler.cli.pick import COMMANDS as PICKING
from hf_crawler.cli.search import COMMANDS as FINDING
from hf_crawler.config import settings

if TYPE_CHECKING:
    from hf_crawler.crawl.pipeline import RunOutcome

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BUSY = 75  # EX_TEMPFAIL (sysexits.h): another crawl is writing, try again later
STATUS_EXIT = {"succeeded": EXIT_OK, "partial": EXIT_FAILED, "interrupted": EXIT_INTERRUPTED}


class _LazyGroup(click.Group):
    """A group whose `fakehub` command is imported only when it is called, so a crawl never
    loads the fake Hub (click's documented lazy-loading pattern)."""

    _LAZY: ClassVar[dict[str, str]] = {"fakehub": "hf_crawler.fakehub.command"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self._LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._LAZY:
            import importlib

            module = importlib.import_module(self._LAZY[cmd_name])
            command: click.Command = getattr(module, cmd_name)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=_LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@crawl_options
@common
@click.version_option(__version__, prog_name="hf-crawl")
@click.pass_context
def cli(ctx: click.Context, /, **flags: Any) -> None:
    """Keep Postgres filled with the Hugging Face Hub's model catalogue.

    Without a command, crawls: every task, its top models by downloads, their ranking.
    """
    ctx.obj = flags
    if ctx.invoked_subcommand is None:
        raise SystemExit(_crawl(load_settings(flags)))


@cli.command()
@common
@click.pass_context
def migrate(ctx: click.Context, /, **flags: Any) -> None:
    """Create or update the schema (also done before every crawl)."""
    s = settings_for(ctx, flags)

    async def apply() -> list[int]:
        from hf_crawler.store import database as store

        async with contextlib.AsyncExitStack() as stack:
            await store.open_database(s, stack)
            return []

    asyncio.run(apply())
    click.echo(f"schema {s.schema} is up to date", err=True)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "json", "html"]),
    default="table",
    show_default=True,
    help="html: one self-contained page with charts.",
)
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option(
    "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here, not stdout."
)
@click.option(
    "--budget",
    help="A storage budget (500MB, 8GB): the days left at the growth per day of the crawl"
    " runs (once they span a day).",
)
@common
@click.pass_context
def report(
    ctx: click.Context, /, fmt: str, top: int, output: Path | None, budget: str | None, **flags: Any
) -> None:
    """Print the verification report of what is loaded."""
    from hf_crawler.reports import report as reporting
    from hf_crawler.store import storage

    s = settings_for(ctx, flags)
    limit = storage.parse_budget(budget) if budget is not None else None
    text = asyncio.run(reporting.build(s, fmt, top=top, budget=limit))
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise errors.OutputFailed(f"cannot write {output}: {exc.strerror or exc}") from exc
    click.echo(f"report written to {output} ({output.stat().st_size:,} bytes)", err=True)


@cli.command()
@crawl_options
@common
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def plan(ctx: click.Context, /, fmt: str, **flags: Any) -> None:
    """Print what the crawl the other flags describe will cost: requests, quota, time."""
    from hf_crawler.crawl import plan as planning

    s = settings_for(ctx, flags)
    made = asyncio.run(planning.make_plan(s))
    click.echo(json.dumps(made.as_dict()) if fmt == "json" else planning.render(made))


def _crawl(s: settings.Settings) -> int:
    from hf_crawler.crawl import pipeline, signals
    from hf_crawler.crawl import plan as planning
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
    if progress.enabled:  # on a terminal the info events are off: say how the run ended
        click.echo(_ending_line(outcome), err=True)
    return STATUS_EXIT[outcome.status]


def _ending_line(outcome: RunOutcome) -> str:
    stats = outcome.stats
    run = f"run {outcome.run_id}" if outcome.run_id is not None else "dry run"
    failed = f", {stats.tasks_failed} failed" if stats.tasks_failed else ""
    return (
        f"{run} {outcome.status} in {outcome.elapsed_s:.1f} s: {stats.tasks_ok} tasks stored"
        f"{failed}, {stats.models:,} models, {stats.mappings:,} mappings,"
        f" {stats.requests:,} requests"
    )


for _command in (*COMMANDS, *FINDING, *PICKING, *FEEDING, *EXPORTING):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every expected failure is one line on stderr and an exit code."""
    _tune_gc()
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
    """One line for an expected failure; the exit code says whether the run had started
    crawling (1) or could not start (2: configuration, database or Hub unreachable)."""
    cause = errors.first_cause(exc)
    if not isinstance(cause, errors.CrawlerError):
        raise exc  # a bug: let the traceback show
    if isinstance(cause, errors.WriterBusy):
        code, line = EXIT_BUSY, f"hf-crawl: {cause}"
    else:
        starting = cause.phase is None or cause.phase in errors.STARTING_PHASES
        code, line = (EXIT_USAGE if starting else EXIT_FAILED), f"hf-crawl: error: {cause}"
    if logs.emits_json():  # a log shipper reading stderr gets the end as an event too
        structlog.get_logger("hf_crawler.cli").error(
            "command_failed", error=str(cause), phase=cause.phase, exit_code=code
        )
    click.echo(line, err=True)
    return code


# Young objects between two collections of CPython's cycle collector (its default is 700).
GC_YOUNG_THRESHOLD = 50_000


def _tune_gc() -> None:
    """Spend less CPU in CPython's cycle collector, which a crawl otherwise keeps busy:
    every page decodes into tens of thousands of dicts and lists, each 700 of which start
    a collection. The objects the imports made are frozen out of every later collection
    (`gc.freeze`), and a collection starts every GC_YOUNG_THRESHOLD new objects. A crawl of
    40 x 1000 (6 runs each way, interleaved) took 1.55 s of client CPU instead of 1.68 s,
    with the same peak RSS: the records a run holds are not cyclic garbage."""
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
