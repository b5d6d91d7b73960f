"""The flags of `hf-crawl`: those every command takes, and those that describe a crawl."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import structlog

from hf_crawler import logs
from hf_crawler.config import settings, sources

_SETTINGS = {field.name: field for field in dataclasses.fields(settings.Settings)}


def default(name: str) -> str:
    """A setting's default as a help string says it, read from `Settings`: help that
    retyped it would go on saying the old value after the default changed."""
    value = _SETTINGS[name].default
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def common(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command takes: where the database is, logging, the .env file."""
    for option in reversed(
        [
            click.option(
                "--database-url", help="Postgres DSN (or DATABASE_URL). Default: embedded."
            ),
            click.option(
                "--data-dir",
                type=click.Path(path_type=Path),
                help="Embedded Postgres home (default: the user data directory's hf-crawler).",
            ),
            click.option("--schema", help=f"Schema to write (default {default('schema')})."),
            click.option(
                "--env-file",
                type=click.Path(path_type=Path, exists=True, dir_okay=False),
                help="Settings file read under the environment (default .env).",
            ),
            click.option(
                "--log-format",
                type=click.Choice(settings.LOG_FORMATS),
                help=f"json off a terminal, console on one (default {default('log_format')}).",
            ),
            click.option(
                "--log-level",
                type=click.Choice(settings.LOG_LEVELS),
                help=f"{default('log_level')} (default): warning on a terminal, beside the"
                " progress line; info off one.",
            ),
            click.option(
                "--log-file", type=click.Path(path_type=Path), help="Also write JSON lines here."
            ),
        ]
    ):
        f = option(f)
    return f


def crawl_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """What to crawl and how: on the bare command (the crawl) and on `plan`."""
    for option in reversed(CRAWL_OPTIONS):
        f = option(f)
    return f


CRAWL_OPTIONS = [
    click.option(
        "--concurrency",
        type=int,
        help=f"Requests in flight to the Hub (default {default('concurrency')}).",
    ),
    click.option(
        "--rps",
        type=float,
        help=f"Requests per second to the Hub, shared (default {default('rps')}).",
    ),
    click.option(
        "--limit-per-task",
        type=int,
        help=f"Top N models per task (default {default('limit_per_task')}).",
    ),
    click.option("--max-tasks", type=int, help="Crawl only the first N tasks."),
    click.option(
        "--details-budget",
        type=int,
        help="Requests to spend on the best-ranked models' storage, base models and children"
        f" as the Hub counts them, one a model (default {default('details_budget')}: none).",
    ),
    click.option(
        "--papers-budget",
        type=int,
        help="Requests to spend on the papers (arxiv: tags) of ranked models and datasets,"
        f" one a paper, each again after a week (default {default('papers_budget')}: none).",
    ),
    click.option(
        "--collections-top",
        type=int,
        help="Top N collections by upvotes, with every item of those that changed (one"
        f" request each) (default {default('collections_top')}: none).",
    ),
    click.option("--tasks", help="Comma-separated task ids to crawl."),
    click.option(
        "--repos",
        help="What a run ranks, comma separated: models and datasets (each task's top N),"
        f" spaces (the Hub's top Spaces by likes) (default {default('repos')}).",
    ),
    click.option(
        "--spaces-top",
        type=int,
        help=f"With --repos spaces: the top N Spaces by likes (default {default('spaces_top')}).",
    ),
    click.option(
        "--sort",
        type=click.Choice(settings.SORTS),
        help=f"Ranking key (default {default('sort')}).",
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
    click.option(
        "--batch-size",
        type=int,
        help=f"Models per merge transaction (default {default('batch_size')}).",
    ),
    click.option("--endpoint", help=f"Hub URL (or HF_ENDPOINT; default {default('endpoint')})."),
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
    click.option(
        "--metrics-file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Write the run's figures here in Prometheus text format (textfile collector).",
    ),
    click.option(
        "--wait",
        is_flag=True,
        default=None,
        help="If another crawl is writing, wait for it (default: exit 75 at once).",
    ),
    click.option(
        "--include-private",
        is_flag=True,
        default=None,
        help="Store the private repos the token can see (skipped by default).",
    ),
]


def settings_for(ctx: click.Context, flags: dict[str, Any]) -> settings.Settings:
    """A subcommand's settings: the group's flags, overridden by the subcommand's own."""
    parent = dict(ctx.obj or {})
    return load_settings({**parent, **{k: v for k, v in flags.items() if v is not None}})


def explain(ctx: click.Context, flags: dict[str, Any]) -> tuple[settings.Settings, dict[str, str]]:
    """The settings a subcommand would use, and where each value came from."""
    given = {**dict(ctx.obj or {}), **{k: v for k, v in flags.items() if v is not None}}
    dotenv_from = sources.dotenv_origins(sources.dotenv_files(given.get("env_file")))
    s = load_settings(dict(given))
    origins = sources.origins(given, sources.environment(), dotenv_from)
    if s.token and origins["token"] == "default":  # noqa: S105  # an origin, found in the token file
        origins["token"] = str(s.token_source)
    origins["token_source"] = origins["token"]
    return s, origins


def load_settings(flags: dict[str, Any]) -> settings.Settings:
    """Settings from flags, the environment and the `.env` files; logging set up by them.
    An `HF_CRAWL_*` name no setting reads is warned about (a typo would go unnoticed)."""
    env, dotenv = sources.environment(), _dotenv(flags)
    s = sources.load(flags, env, dotenv)
    logs.configure(fmt=s.log_format, level=s.log_level, log_file=s.log_file, secrets=s.secrets())
    for name, like in sources.unknown_names(env, dotenv).items():
        structlog.get_logger("hf_crawler.settings").warning(
            "unknown_setting", name=name, did_you_mean=like, used="nothing: no setting reads it"
        )
    return s


def _dotenv(flags: dict[str, Any]) -> dict[str, str]:
    """The `.env` files' values (a nearer file wins); `env_file` is taken out of `flags`."""
    merged: dict[str, str] = {}
    for path in sources.dotenv_files(flags.pop("env_file", None)):
        merged |= sources.read_dotenv(path)
    return merged
