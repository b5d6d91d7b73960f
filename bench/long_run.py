"""`make bench-long`: what many daily runs cost, in bytes and in time.

A first load, then N runs (default 30) of the same crawl against a fake Hub where a day
passes between runs (`POST /_fake/drift`: every model's downloads move by up to --drift
percent, likes grow) or, with --churn F, where a share F of the models get new download
counts (`POST /_fake/reshuffle`). After each run: its wall time, the Postgres server's CPU,
the database's size (`pg_database_size`, autovacuum on, as a hosting bill sees it) and the
hot tables' sizes. At the end: every ranking against the fake Hub's truth, the growth per
ranked model per run, the slowdown of the last runs against the early ones, a year's
projection at 47 tasks x 1000, and each hot table against a fresh copy of its rows
(`VACUUM FULL`). With --datasets-per-task N, each task's top datasets are crawled too
(`--repos models,datasets`; days pass for them as for models) and the growth is per ranked
model or dataset.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import psycopg.sql  # noqa: E402

from bench.harness import BIN, ServerCpu, fakehub_cmd, get_json, measured, post, start  # noqa: E402
from hf_crawler.store import embedded  # noqa: E402

SCHEMA = "hf"  # every statement below names it
HOT_TABLES = ("models", "model_tasks", "task_snapshots", "task_runs", "crawl_runs")
DATASET_TABLES = ("datasets", "dataset_tasks", "dataset_snapshots", "dataset_keys")
YEAR_TASKS, YEAR_PER_TASK = 47, 1000


def scalar(conn: psycopg.Connection, sql: str | psycopg.sql.Composable, *args: object) -> Any:
    row = conn.execute(sql, args).fetchone()
    assert row is not None  # noqa: S101  # every statement here returns one row
    return row[0]


def table_sizes(conn: psycopg.Connection) -> dict[str, int]:
    """Each hot table with its indexes and TOAST, in bytes."""
    return {
        name: int(scalar(conn, "SELECT pg_total_relation_size(%s)", f"{SCHEMA}.{name}"))
        for name in (*HOT_TABLES, *DATASET_TABLES)
    }


def database_size(conn: psycopg.Connection) -> int:
    return int(scalar(conn, "SELECT pg_database_size(current_database())"))


def catalog_size(conn: psycopg.Connection) -> int:
    """The system catalogs' size: each merge's temporary staging tables pass through them."""
    return int(
        scalar(
            conn,
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class AS c"
            " WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r'",
        )
    )


def one_run(  # noqa: PLR0913  # each run's place (hub, database, logs, CPU meter) and the bench's flags
    n: int, url: str, dsn: str, logs: Path, cpu: ServerCpu, args: argparse.Namespace
) -> dict[str, Any]:
    env = {**os.environ, "HF_ENDPOINT": url, "DATABASE_URL": dsn, "HF_CRAWL_SCHEMA": SCHEMA}
    cmd = [
        str(BIN / "hf-crawl"),
        "--log-format",
        "json",
        "--limit-per-task",
        str(args.models_per_task),
        "--rps",
        "1000",
        "--concurrency",
        "4",
    ]
    if args.datasets_per_task:
        cmd += ["--repos", "models,datasets"]
    result: dict[str, Any] = {"run": n}
    with cpu.over(result):
        result.update(measured(cmd, env, logs / f"run{n}.log"))
    if result["exit"] != 0:
        tail = (logs / f"run{n}.log").read_text().splitlines()[-5:]
        raise RuntimeError(f"run {n} exited {result['exit']}: {tail}")
    del result["stdout"]
    return result


def pass_a_day(url: str, n: int, args: argparse.Namespace) -> None:
    if args.churn:
        post(f"{url}/_fake/reshuffle?seed={n}&fraction={args.churn}")
        if args.datasets_per_task:
            post(f"{url}/_fake/reshuffle?seed={n}&fraction={args.churn}&kind=datasets")
    else:
        post(f"{url}/_fake/drift?seed={n}&pct={args.drift}")


def rankings_match(conn: psycopg.Connection, url: str, limit: int) -> bool:
    """Every stored ranking, of models and (when crawled) of datasets, is the truth's."""
    models = stored_rankings(conn, "model_tasks", "model_id")
    datasets = stored_rankings(conn, "dataset_tasks", "dataset_id")
    return models == truth(url, "truth", limit) and (
        not datasets or datasets == truth(url, "datasets/truth", limit)
    )


def stored_rankings(conn: psycopg.Connection, table: str, column: str) -> dict[str, list[str]]:
    query = psycopg.sql.SQL(
        "SELECT task_id, array_agg({} ORDER BY rank_in_task) FROM hf.{} GROUP BY task_id"
    ).format(psycopg.sql.Identifier(column), psycopg.sql.Identifier(table))
    return {task: list(ids) for task, ids in conn.execute(query).fetchall()}


def truth(url: str, route: str, limit: int) -> dict[str, list[str]]:
    """The fake Hub's rankings (route `truth` or `datasets/truth`), empty ones left out."""
    rankings = get_json(f"{url}/_fake/{route}?limit={limit}")["rankings"]
    return {task: ids for task, ids in rankings.items() if ids}


def column_bytes(conn: psycopg.Connection) -> dict[str, float]:
    """What each snapshot column stores per ranked model, as TOAST keeps it (a counter's
    narrow and wide columns together: one of them is set)."""
    columns = {
        "model_keys": ("model_keys", "model_keys"),
        "downloads": ("downloads", "wide_downloads"),
        "likes": ("likes", "wide_likes"),
        "trending_score": ("trending_tenths", "wide_trending_score"),
        "downloads_all_time": ("downloads_all_time", "wide_downloads_all_time"),
    }
    models = scalar(conn, "SELECT sum(cardinality(model_keys))::float FROM hf.task_snapshots")
    found = {}
    for name, (narrow, wide) in columns.items():
        total = psycopg.sql.SQL(
            "SELECT sum(coalesce(pg_column_size({}), pg_column_size({})))::float"
            " FROM hf.task_snapshots"
        ).format(psycopg.sql.Identifier(narrow), psycopg.sql.Identifier(wide))
        found[name] = round(scalar(conn, total) / models, 2)
    return found


def fresh_sizes(
    conn: psycopg.Connection, before: dict[str, int], names: tuple[str, ...]
) -> dict[str, float]:
    """Each hot table's size over the size of a fresh copy of its rows (VACUUM FULL)."""
    for name in names:
        conn.execute(psycopg.sql.SQL("VACUUM FULL hf.{}").format(psycopg.sql.Identifier(name)))
    after = table_sizes(conn)
    return {name: round(before[name] / after[name], 2) for name in names}


def summary(runs: list[dict[str, Any]], mappings: int, args: argparse.Namespace) -> dict[str, Any]:
    first, last = runs[0], runs[-1]
    daily = runs[1:]
    growth = (last["db_bytes"] - first["db_bytes"]) / (len(daily) * mappings)
    early = statistics.median(r["wall_s"] for r in daily[:3])
    late = statistics.median(r["wall_s"] for r in daily[-3:])
    early_pg = statistics.median(r["pg_cpu_s"] for r in daily[:3])
    late_pg = statistics.median(r["pg_cpu_s"] for r in daily[-3:])
    return {
        "work": f"{args.tasks} tasks x {args.models_per_task}, {len(daily)} runs after the first"
        f" load, {'churn ' + str(args.churn) if args.churn else f'drift {args.drift}%'}",
        "mappings_per_run": mappings,
        "growth_bytes_per_ranked_model_per_run": round(growth, 1),
        "slowdown_wall_last3_vs_first3": round(late / early, 2),
        "slowdown_pg_cpu_last3_vs_first3": round(late_pg / early_pg, 2),
        "year_at_47x1000_mb": round(growth * YEAR_TASKS * YEAR_PER_TASK * 365 / 1e6, 1),
        "catalog_growth_bytes_per_ranked_model_per_run": round(
            (last["catalog_bytes"] - first["catalog_bytes"]) / (len(daily) * mappings), 1
        ),
    }


def print_table(runs: list[dict[str, Any]]) -> None:
    print(
        "| run | wall s | Postgres CPU s | database MB | models MB | model_tasks MB |"
        " snapshots MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        t = r["tables"]
        print(
            f"| {r['run']} | {r['wall_s']} | {r['pg_cpu_s']} | {r['db_bytes'] / 1e6:.1f} |"
            f" {t['models'] / 1e6:.1f} | {t['model_tasks'] / 1e6:.1f} |"
            f" {t['task_snapshots'] / 1e6:.2f} |"
        )


def main() -> None:
    args = _arguments()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hf-bench-long-") as home:
        pgdata, logs = Path(home) / "pgdata", Path(home) / "logs"
        logs.mkdir()
        server = embedded.pgserver().get_server(pgdata, cleanup_mode="delete")
        extra = ["--quota", "1000000", "--datasets-per-task", str(args.datasets_per_task)]
        hub, line = start(fakehub_cmd(args.tasks, args.per_task_on_hub, *extra))
        url = json.loads(line)["url"]
        try:
            result = bench(args, server.get_uri(), url, pgdata, logs)
        finally:
            hub.terminate()
            server.cleanup()
    args.out.write_text(json.dumps(result, indent=2))
    print_table(result["runs"])
    print()
    for key, value in result["summary"].items():
        print(f"{key}: {value}")
    print(f"\n(JSON: {args.out})")


def bench(args: argparse.Namespace, dsn: str, url: str, pgdata: Path, logs: Path) -> dict[str, Any]:
    cpu = ServerCpu(pgdata)
    runs = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        for n in range(args.runs + 1):
            if n:
                pass_a_day(url, n, args)
            run = one_run(n, url, dsn, logs, cpu, args)
            run["db_bytes"] = database_size(conn)
            run["tables"] = table_sizes(conn)
            run["catalog_bytes"] = catalog_size(conn)
            print(f"run {n}: {run['wall_s']} s, {run['db_bytes'] / 1e6:.1f} MB", flush=True)
            runs.append(run)
        correct = rankings_match(conn, url, args.models_per_task)
        mappings = int(
            scalar(
                conn,
                "SELECT (SELECT count(*) FROM hf.model_tasks)"
                " + (SELECT count(*) FROM hf.dataset_tasks)",
            )
        )
        columns = column_bytes(conn)
        hot = HOT_TABLES + (DATASET_TABLES if args.datasets_per_task else ())
        bloat = fresh_sizes(conn, runs[-1]["tables"], hot)
    out = {"summary": summary(runs, mappings, args), "runs": runs}
    out["summary"]["rankings_equal_truth"] = correct
    out["summary"]["size_over_fresh_copy"] = bloat
    out["summary"]["snapshot_bytes_per_model"] = columns
    return out


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="daily runs after the first load")
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--models-per-task", type=int, default=1000, help="top N per task")
    parser.add_argument(
        "--per-task-on-hub",
        type=int,
        default=1000,
        help="models the fake Hub gives each task (plus the overlap)",
    )
    parser.add_argument("--drift", type=float, default=5.0, help="percent a day moves downloads")
    parser.add_argument(
        "--churn",
        type=float,
        default=0.0,
        help="instead of drift: the share of models reshuffled between runs",
    )
    parser.add_argument(
        "--datasets-per-task",
        type=int,
        default=0,
        help="datasets the fake Hub gives each task; crawled too when above 0",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "long.json")
    return parser.parse_args()


if __name__ == "__main__":
    main()
