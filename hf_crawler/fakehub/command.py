"""`hf-crawl fakehub` / `python -m hf_crawler.fakehub`: serve the fake Hub on a port."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import sys
from typing import Any

import click

from hf_crawler.fakehub.app import HubState, running
from hf_crawler.fakehub.catalogue import Catalogue, CatalogueSpec
from hf_crawler.fakehub.faults import Dice, Faults
from hf_crawler.fakehub.quota import FixedWindowQuota

_RATE = click.FloatRange(0.0, 1.0)


@click.command("fakehub")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8099, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--tasks",
    default=47,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Tasks in /api/tasks (the real 47 ids first, then synthetic ones).",
)
@click.option("--models-per-task", default=1000, show_default=True, type=click.IntRange(1))
@click.option(
    "--overlap",
    default=0.2,
    show_default=True,
    type=_RATE,
    help="Share of models that also carry another task's tag.",
)
@click.option(
    "--extra-tasks",
    default=3,
    show_default=True,
    type=click.IntRange(0, 6),
    help="Pipeline tags with models that /api/tasks does not list.",
)
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--latency-ms", default=0.0, type=click.FloatRange(0), help="Added to every request.")
@click.option("--latency-per-1000-rows-ms", default=0.0, type=click.FloatRange(0))
@click.option("--error-rate", default=0.0, type=_RATE, help="500/502/503 with an HTML body.")
@click.option("--truncate-rate", default=0.0, type=_RATE, help="200 with a JSON body cut short.")
@click.option("--non-json-rate", default=0.0, type=_RATE, help="200 with an HTML body.")
@click.option("--disconnect-rate", default=0.0, type=_RATE, help="Connection dropped.")
@click.option("--stall-rate", default=0.0, type=_RATE, help="Responses delayed by --stall-s.")
@click.option("--stall-s", default=30.0, type=click.FloatRange(0))
@click.option("--rate-limit-rate", default=0.0, type=_RATE, help="429 bursts within quota.")
@click.option("--malformed-rate", default=0.0, type=_RATE, help="Model pages given junk items.")
@click.option("--failing-task", multiple=True, help="A task whose /api/models always 503s.")
@click.option(
    "--failing-listing",
    multiple=True,
    type=click.Choice(["spaces", "collections"]),
    help="A listing (/api/spaces, /api/collections) that always 503s.",
)
@click.option(
    "--fault-script",
    default="",
    help="Faults for the first requests, in order: 429,disconnect,stall,500,502,503,"
    "truncate,non_json (empty item = none).",
)
@click.option("--odd-rate", default=0.0, type=_RATE, help="Model pages given odd real-world items.")
@click.option("--bad-task-entries", is_flag=True, help="/api/tasks lists invalid ids too.")
@click.option("--link-host", default="", help="Mirror mode: Link names this origin instead.")
@click.option(
    "--ratelimit-headers",
    type=click.Choice(["all", "not_on_429", "none"]),
    default="all",
    show_default=True,
    help="Which answers carry RateLimit headers (CloudFront 429s: not_on_429).",
)
@click.option("--heavy-page-rows", default=0, type=click.IntRange(0), help="Larger pages 504.")
@click.option("--private-share", default=0.0, type=_RATE, help="Private repos (token only).")
@click.option("--lineage-share", default=0.0, type=_RATE, help="Models tagged with base models.")
@click.option("--eval-share", default=0.0, type=_RATE, help="Cards with a model-index.")
@click.option(
    "--datasets-per-task",
    default=0,
    show_default=True,
    type=click.IntRange(0),
    help="Datasets tagged task_categories:<task> (/api/datasets).",
)
@click.option(
    "--dataset-link-share",
    default=0.0,
    type=_RATE,
    help="Models naming their training datasets (dataset:<id> tags, card datasets:).",
)
@click.option(
    "--spaces",
    default=0,
    type=click.IntRange(0, 10_000_000),
    help="Spaces using its models and datasets (/api/spaces).",
)
@click.option(
    "--collections",
    default=0,
    type=click.IntRange(0, 1_000_000),
    help="Collections of its models, datasets, Spaces and papers (/api/collections).",
)
@click.option("--enforce-quota", is_flag=True, help="Answer 429 once a window's quota is spent.")
@click.option(
    "--quota",
    default=500,
    show_default=True,
    type=click.IntRange(1),
    help="Anonymous requests per window (per IP).",
)
@click.option("--token-quota", default=1000, show_default=True, type=click.IntRange(1))
@click.option(
    "--resolver-quota",
    default=3000,
    show_default=True,
    type=click.IntRange(1),
    help="Anonymous requests per window to the file resolver.",
)
@click.option("--resolver-token-quota", default=5000, show_default=True, type=click.IntRange(1))
@click.option("--window-s", default=300, show_default=True, type=click.IntRange(1))
@click.option("--retry-after", is_flag=True, help="Send Retry-After on 429.")
@click.option("--require-token", is_flag=True, help="401 without Authorization: Bearer.")
@click.option("--token", "tokens", multiple=True, help="Accepted token (default: any).")
def fakehub(**opts: Any) -> None:
    """Serve a fake Hugging Face Hub (GET /api/tasks, /api/models, ...) until Ctrl-C."""
    state = build_state(opts)
    # A big catalogue is millions of long-lived objects; frozen, the collector stops
    # rescanning them on every full collection while pages are served.
    gc.collect()
    gc.freeze()
    with contextlib.suppress(KeyboardInterrupt):
        try:
            asyncio.run(_serve(state, opts["host"], opts["port"]))
        except OSError as exc:  # the port is taken, or the host is not this machine's
            raise click.ClickException(
                f"cannot listen on {opts['host']}:{opts['port']}: {exc.strerror or exc}"
            ) from None


def build_state(opts: dict[str, Any]) -> HubState:
    """A HubState from the command's options (also used by tests and the benchmark)."""
    spec = CatalogueSpec(
        tasks=opts["tasks"],
        models_per_task=opts["models_per_task"],
        overlap=opts["overlap"],
        seed=opts["seed"],
        extra_tasks=opts["extra_tasks"],
        private_share=opts["private_share"],
        lineage_share=opts["lineage_share"],
        eval_share=opts["eval_share"],
        datasets_per_task=opts["datasets_per_task"],
        dataset_link_share=opts["dataset_link_share"],
        spaces=opts["spaces"],
        collections=opts["collections"],
    )
    knobs = set(Faults.__dataclass_fields__) - {
        "failing_tasks",
        "failing_listings",
        "tokens",
        "seed",
        "script",
    }
    try:
        script = tuple(opts["fault_script"].split(",")) if opts["fault_script"] else ()
        faults = Faults(
            **{k: opts[k] for k in knobs},
            script=script,
            failing_tasks=frozenset(opts["failing_task"]),
            failing_listings=frozenset(opts["failing_listing"]),
            tokens=frozenset(opts["tokens"]),
            seed=spec.seed,
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fault-script") from None
    state = HubState(Catalogue(spec), faults, _quota(opts, "api"), Dice(spec.seed))
    state.resolver_quota = _quota(opts, "resolvers")
    return state


def _quota(opts: dict[str, Any], bucket: str) -> FixedWindowQuota:
    """The `api` or `resolvers` bucket's fixed window, as the options set it."""
    prefix = "resolver_" if bucket == "resolvers" else ""
    return FixedWindowQuota(
        window_s=opts["window_s"],
        anonymous=opts[f"{prefix}quota"],
        authenticated=opts[f"{prefix}token_quota"],
        enforce=opts["enforce_quota"],
        bucket=bucket,
    )


async def _serve(state: HubState, host: str, port: int) -> None:
    async with running(state, host, port) as url:
        catalogue = state.catalogue
        line = {
            "event": "fakehub_listening",
            "url": url,
            "tasks": len(catalogue.task_ids),
            "models": len(catalogue.models),
            "datasets": len(catalogue.datasets),
        }
        print(json.dumps(line), file=sys.stderr, flush=True)
        await asyncio.Event().wait()
