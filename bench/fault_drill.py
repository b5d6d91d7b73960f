"""Fault drill: crawl the fake Hub through every fault kind into a throwaway Postgres, and
crawl a quota-enforcing fake Hub with and without header pacing. Prints what was injected,
what was survived, the 429s, and the rows lost. Run it with `make faults`."""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from collections import Counter
from pathlib import Path

import asyncpg
import structlog

from hf_crawler.config.settings import Settings
from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.app import HubState, running
from hf_crawler.fakehub.catalogue import Catalogue, CatalogueSpec
from hf_crawler.fakehub.faults import Dice, Faults
from hf_crawler.fakehub.quota import FixedWindowQuota
from hf_crawler.store import embedded

STORM = Faults(
    error_rate=0.3,
    rate_limit_rate=0.05,
    stall_rate=0.05,
    stall_s=1.5,
    truncate_rate=0.05,
    non_json_rate=0.03,
    disconnect_rate=0.03,
    malformed_rate=0.5,
    seed=17,
    script=("503", "429", "stall", "500", "truncate", "502", "disconnect", "non_json"),
)


def settings(url: str, dsn: str, schema: str, **over: object) -> Settings:
    values: dict[str, object] = {
        "endpoint": url,
        "database_url": dsn,
        "schema": schema,
        "limit_per_task": 100,
        "rps": 200.0,
        "read_timeout_s": 1.0,
        "max_tries": 25,
        "backoff_base_s": 0.05,
        "backoff_cap_s": 0.5,
        "log_level": "error",
    }
    return Settings(**(values | over))  # type: ignore[arg-type]


async def storm(dsn: str, tasks: int) -> dict[str, object]:
    spec = CatalogueSpec(tasks=tasks, models_per_task=150, overlap=0.3, seed=9)
    state = HubState(Catalogue(spec), STORM, FixedWindowQuota(), Dice(STORM.seed))
    async with running(state) as url:
        outcome = await pipeline.run(settings(url, dsn, "drill_storm"), asyncio.Event())
    truth = state.catalogue.ground_truth(limit=100)
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT task_id, model_id FROM drill_storm.model_tasks")
        models = {r[0] for r in await conn.fetch("SELECT model_id FROM drill_storm.models")}
    finally:
        await conn.close()
    expected = {(t, m) for t, ids in truth.rankings.items() for m in ids}
    stored = {(r["task_id"], r["model_id"]) for r in rows}
    injected = Counter(
        {k.removeprefix("fault_"): v for k, v in state.counts.items() if k.startswith("fault_")}
    )
    junk = sum(v for k, v in state.counts.items() if k.startswith("junk_"))
    return {
        "status": outcome.status,
        "requests": outcome.stats.requests,
        "retries": outcome.stats.retries,
        "faults_injected": dict(sorted(injected.items())),
        "junk_items_injected": junk,
        "junk_items_rejected": outcome.stats.malformed,
        "repeats_dropped": outcome.stats.duplicates,
        "mappings_expected": len(expected),
        "mappings_stored": len(stored),
        "mappings_lost": len(expected - stored),
        "mappings_extra": len(stored - expected),
        "models_expected": len(truth.models),
        "models_lost": len(truth.models - models),
        "models_extra": len(models - truth.models),
    }


async def quota(dsn: str, pacing: bool, tasks: int) -> dict[str, object]:
    spec = CatalogueSpec(tasks=tasks, models_per_task=20, overlap=0.0, seed=5)
    window = FixedWindowQuota(window_s=2, anonymous=10, enforce=True)
    state = HubState(Catalogue(spec), Faults(), window, Dice(0))
    schema = f"drill_quota_{'paced' if pacing else 'unpaced'}"
    async with running(state) as url:
        run = settings(url, dsn, schema, limit_per_task=20, rps=50.0, header_pacing=pacing)
        outcome = await pipeline.run(run, asyncio.Event())
    return {
        "header_pacing": pacing,
        "quota": "10 per 2 s",
        "concurrency": 4,
        "requests": outcome.stats.requests,
        "status_429": outcome.stats.rate_limited,
        "seconds": round(outcome.elapsed_s, 1),
        "status": outcome.status,
    }


async def main(tasks: int) -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))
    with tempfile.TemporaryDirectory(prefix="hf-drill-") as home:
        server = embedded.pgserver().get_server(Path(home) / "pgdata", cleanup_mode="delete")
        dsn = str(server.get_uri())
        try:
            result = {
                "storm": await storm(dsn, tasks),
                "quota": [await quota(dsn, True, 3 * tasks), await quota(dsn, False, 3 * tasks)],
            }
        finally:
            server.cleanup()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=20)
    asyncio.run(main(parser.parse_args().tasks))
