"""`make bench-upgrade`: how long readers of `hf.models` and `hf.model_tasks` wait while
today's hf-crawl upgrades a large database.

The database is what the last version shipped before releases (migration 0012) holds after
months of daily runs: a full-Hub walk's million models (`--models`), 47 tasks x 1000
ranked, and the per-run history of those rankings (`--runs`). Readers query both tables
without pause (a model by id, a task's top 10) from their own connections, as the Data
API's would, while `migrate.apply` brings the schema to today's. Each query's latency is
recorded; the longest is what a reader was blocked at worst.

    python bench/upgrade_readers.py [--models 1000000] [--runs 30] [--readers 2] [--from 12]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import structlog

from hf_crawler.store import embedded, migrate

SHIPPED_VERSION = 12  # the newest migration of 646383b, the last version before releases
TASKS, RANKED = 47, 1000
SCHEMA = "hf"

FILL = """
INSERT INTO hf.tasks (task_id, task_label)
SELECT 'task-' || t, 'Task ' || t FROM generate_series(1, {tasks}) AS t;

INSERT INTO hf.models (model_id, hub_id, license, likes, downloads, tags, pipeline_tag,
                       library_name, author, downloads_all_time, gated, private)
SELECT 'org-' || (m % 5000) || '/model-' || m,
       md5(m::text),
       (ARRAY['apache-2.0', 'mit', 'other', NULL])[1 + m % 4],
       (1000000 / m)::bigint,
       (100000000 / m)::bigint,
       jsonb_build_array('transformers', 'pytorch', 'task-' || (1 + m % {tasks}),
                         'license:mit', 'region:us', 'safetensors', 'en'),
       'task-' || (1 + m % {tasks}),
       'transformers',
       'org-' || (m % 5000),
       (1000000000 / m)::bigint,
       'false',
       false
FROM generate_series(1, {models}) AS m;

INSERT INTO hf.crawl_runs (started_at, finished_at, status, parameters, mode)
SELECT now() - (({runs} - r) || ' days')::interval,
       now() - (({runs} - r) || ' days')::interval + interval '10 minutes',
       'succeeded', '{{}}'::jsonb, 'top'
FROM generate_series(1, {runs}) AS r;

INSERT INTO hf.model_tasks (model_id, task_id, rank_in_task, matched_by)
SELECT 'org-' || (m % 5000) || '/model-' || m, 'task-' || t, r, 'tag'
FROM generate_series(1, {tasks}) AS t,
     generate_series(1, {ranked}) AS r,
     LATERAL (SELECT (t - 1) * {ranked} + r AS m) AS pick;

INSERT INTO hf.task_runs (task_id, run_id, models)
SELECT t.task_id, r.run_id, {ranked} FROM hf.tasks AS t CROSS JOIN hf.crawl_runs AS r;

INSERT INTO hf.task_rankings_history (task_id, run_id, model_ids)
SELECT mt.task_id, r.run_id, array_agg(mt.model_id ORDER BY mt.rank_in_task)
FROM hf.model_tasks AS mt CROSS JOIN hf.crawl_runs AS r
GROUP BY mt.task_id, r.run_id;

INSERT INTO hf.model_stats_history (model_id, run_id, downloads, likes, downloads_all_time)
SELECT m.model_id, r.run_id, m.downloads + r.run_id * 10, m.likes, m.downloads_all_time
FROM hf.models AS m
JOIN (SELECT DISTINCT model_id FROM hf.model_tasks) AS ranked USING (model_id)
CROSS JOIN hf.crawl_runs AS r;

ANALYZE;
"""


APPLIED: list[tuple[float, str, float]] = []  # (when it ended, migration, seconds)


def _keep_migration_times(
    _: object, __: str, event: structlog.typing.EventDict
) -> structlog.typing.EventDict:
    if event.get("event") == "migration_applied":
        APPLIED.append((time.monotonic(), event["migration"], event["elapsed_s"]))
    raise structlog.DropEvent


@dataclass
class Reader:
    """One reader's query latencies, in seconds, with when each started."""

    name: str
    latencies: list[tuple[float, float]] = field(default_factory=list)


async def read_until(dsn: str, reader: Reader, stop: asyncio.Event, models: int) -> None:
    """Query without pause until `stop`: a model by id, then a task's top 10."""
    conn = await asyncpg.connect(dsn, statement_cache_size=0)  # plans change under a migration
    try:
        n = 0
        while not stop.is_set():
            n += 1
            started = time.monotonic()
            if reader.name == "models":
                model = f"org-{n % 5000}/model-{1 + (n * 7919) % models}"
                await conn.fetchrow(
                    "SELECT model_id, downloads, likes FROM hf.models WHERE model_id = $1", model
                )
            else:
                await conn.fetch(
                    "SELECT model_id, rank_in_task FROM hf.model_tasks"
                    " WHERE task_id = $1 ORDER BY rank_in_task LIMIT 10",
                    f"task-{1 + n % TASKS}",
                )
            reader.latencies.append((started, time.monotonic() - started))
    finally:
        await conn.close()


async def measure(dsn: str, models: int, runs: int, readers: int, start: int) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    try:
        await pool.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        await migrate.apply(pool, SCHEMA, upto=SHIPPED_VERSION)
        started = time.monotonic()
        await pool.execute(
            FILL.format(tasks=TASKS, ranked=RANKED, models=models, runs=runs), timeout=3600
        )
        size = await pool.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(
            f"filled at migration {SHIPPED_VERSION}: {models:,} models, {TASKS} x {RANKED}"
            f" ranked, {runs} runs of history, database {size}"
            f" ({time.monotonic() - started:.0f} s)"
        )
        if start > SHIPPED_VERSION:
            started = time.monotonic()
            await migrate.apply(pool, SCHEMA, upto=start)
            print(f"migrated to {start} before measuring ({time.monotonic() - started:.0f} s)")
        APPLIED.clear()
        stop = asyncio.Event()
        all_readers = [Reader("models" if i % 2 == 0 else "model_tasks") for i in range(readers)]
        reading = [asyncio.create_task(read_until(dsn, r, stop, models)) for r in all_readers]
        await asyncio.sleep(2)  # readers at their pace before the upgrade starts
        upgrade_started = time.monotonic()
        applied = await migrate.apply(pool, SCHEMA)
        upgrade_s = time.monotonic() - upgrade_started
        await asyncio.sleep(2)
        stop.set()
        await asyncio.gather(*reading)
    finally:
        await pool.close()
    print(f"upgrade: migrations {applied[0]}-{applied[-1]} in {upgrade_s:.1f} s; the longest:")
    for ended, name, seconds in sorted(APPLIED, key=lambda a: -a[2])[:4]:
        print(f"  {name}: {seconds:.2f} s (ended at +{ended - upgrade_started:.1f} s)")
    for reader in all_readers:
        during = [
            s
            for t, s in reader.latencies
            if t <= upgrade_started + upgrade_s and t + s >= upgrade_started
        ]
        longest_at, longest = max(
            ((t, s) for t, s in reader.latencies if t <= upgrade_started + upgrade_s),
            key=lambda q: q[1],
        )
        print(
            f"reader of hf.{reader.name}: {len(during):,} queries during the upgrade;"
            f" longest {longest:.2f} s (from +{longest_at - upgrade_started:.1f} s),"
            f" median {statistics.median(during) * 1000:.1f} ms,"
            f" over 1 s: {sum(1 for s in during if s > 1)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument(
        "--from",
        dest="start",
        type=int,
        default=SHIPPED_VERSION,
        help="the schema version upgraded from (the data is filled at 12, then migrated to it)",
    )
    parser.add_argument("--database-url", help="a server to use (default: an embedded one)")
    args = parser.parse_args()
    structlog.configure(processors=[_keep_migration_times])
    if args.database_url:
        asyncio.run(measure(args.database_url, args.models, args.runs, args.readers, args.start))
        return
    with tempfile.TemporaryDirectory(prefix="hf-crawl-upgrade-") as scratch:
        server = embedded.pgserver().get_server(Path(scratch) / "pgdata", cleanup_mode="stop")
        try:
            asyncio.run(
                measure(str(server.get_uri()), args.models, args.runs, args.readers, args.start)
            )
        finally:
            server.cleanup()


if __name__ == "__main__":
    main()
