"""hf-crawler side by side with its peer (huggingface_hub + psycopg COPY, `bench/peer.py`):
the same fake Hub, the same Postgres, the same schema, 4 requests in flight, no quota.
Each repeat gives each contender a fresh schema; the order alternates between repeats."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg

from bench.harness import BIN, ROOT, ServerCpu, get_json, measured, post, run_finished

FIGURES = ("wall_s", "cpu_s", "pg_cpu_s", "peak_rss_mb")
SCENARIOS = ("first_load", "rerun")


def migrated(dsn: str, schema: str, *, fresh: bool) -> dict[str, str]:
    """An environment pointing at `schema`, migrated by hf-crawler (created afresh if
    `fresh`)."""
    env = {**os.environ, "DATABASE_URL": dsn, "HF_CRAWL_SCHEMA": schema}
    if fresh:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    subprocess.run([str(BIN / "hf-crawl"), "migrate"], env=env, check=True, capture_output=True)  # noqa: S603
    return env


def hf_crawler(hub: str, env: dict[str, str], log: Path, concurrency: int) -> dict[str, Any]:
    cmd = [
        str(BIN / "hf-crawl"),
        "--log-format",
        "json",
        "--concurrency",
        str(concurrency),
        "--rps",
        "10000",
    ]
    result = measured(cmd, {**env, "HF_ENDPOINT": hub}, log)
    summary = run_finished(log)
    result.update({k: summary[k] for k in ("status", "requests", "models", "mappings")})
    result["tail_s"] = tail_s(log)
    return result


def tail_s(log: Path) -> float:
    """Seconds from the last page fetched to the end of the run: the merging left over."""
    last_page = finished = None
    for line in log.read_text().splitlines():
        if '"page_fetched"' in line or '"run_finished"' in line:
            event = json.loads(line)
            at = datetime.fromisoformat(event["timestamp"]).timestamp()
            if event["event"] == "page_fetched":
                last_page = at
            else:
                finished = at
    return round(finished - last_page, 2) if finished and last_page else float("nan")


def peer(hub: str, env: dict[str, str], log: Path, concurrency: int) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(ROOT / "bench" / "peer.py"),
        "--endpoint",
        hub,
        "--dsn",
        env["DATABASE_URL"],
        "--schema",
        env["HF_CRAWL_SCHEMA"],
        "--concurrency",
        str(concurrency),
    ]
    return measured(cmd, env, log)


def floor(hub: str, concurrency: int, log: Path) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(ROOT / "bench" / "floor.py"),
        "--endpoint",
        hub,
        "--concurrency",
        str(concurrency),
    ]
    result = measured(cmd, dict(os.environ), log)
    result.pop("stdout", None)
    return result


CONTENDERS = {"hf_crawler": hf_crawler, "peer": peer}


def stored_rankings(dsn: str, schema: str) -> dict[str, list[str]]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            f"SELECT task_id, array_agg(model_id ORDER BY rank_in_task)"  # noqa: S608
            f" FROM {schema}.model_tasks GROUP BY task_id"
        ).fetchall()
    return {task: list(ids) for task, ids in rows}


def compare(hub: str, dsn: str, pgdata: Path, logs: Path, *, repeats: int) -> dict[str, Any]:
    """`repeats` rounds. In each, every contender loads a fresh schema (the first sync), then
    the Hub moves (half the models get new download counts, so rankings churn) and every
    contender syncs its schema again (a scheduled rerun). Each run must end at the truth."""
    cpu = ServerCpu(pgdata)
    runs: dict[str, list[dict[str, Any]]] = {
        f"{name}_{scenario}": [] for scenario in SCENARIOS for name in CONTENDERS
    }
    for r in range(repeats):
        order = list(CONTENDERS) if r % 2 == 0 else list(reversed(CONTENDERS))
        for scenario in SCENARIOS:
            if scenario == "rerun":
                post(f"{hub}/_fake/reshuffle?seed={r + 1}&fraction=0.5")
            truth = get_json(f"{hub}/_fake/truth?limit=1000")["rankings"]
            for name in order:
                result = one_run(name, f"{name}_{r}", scenario, Where(hub, dsn, cpu, logs))
                result["equals_truth"] = stored_rankings(dsn, f"{name}_{r}") == truth
                runs[f"{name}_{scenario}"].append(result)
        runs.setdefault("fetch_floor", []).append(floor(hub, 4, logs / f"floor_{r}.log"))
    out: dict[str, Any] = {k: medians(v) for k, v in runs.items() if k != "fetch_floor"}
    out["fetch_floor"] = {"wall_s": statistics.median(r["wall_s"] for r in runs["fetch_floor"])}
    out.update(ratios(out))
    out["runs"] = runs
    return out


@dataclass(frozen=True, slots=True)
class Where:
    """Where a contender runs: the fake Hub, the Postgres and its CPU meter, the log folder."""

    hub: str
    dsn: str
    cpu: ServerCpu
    logs: Path


def one_run(name: str, schema: str, scenario: str, where: Where) -> dict[str, Any]:
    """One contender's run into `schema`, with the server's CPU over it, from a clean
    checkpoint."""
    hub, dsn, cpu, logs = where.hub, where.dsn, where.cpu, where.logs
    env = migrated(dsn, schema, fresh=scenario == "first_load")
    with psycopg.connect(dsn, autocommit=True) as conn:
        # Flush what earlier runs left dirty, so a checkpoint's CPU is not charged to
        # whichever contender happens to run when it falls due.
        conn.execute("CHECKPOINT")
    result: dict[str, Any] = {}
    with cpu.over(result):
        result.update(CONTENDERS[name](hub, env, logs / f"{schema}_{scenario}.log", 4))
    result.pop("stdout", None)
    print(f"  {schema} {scenario}: {result}", file=sys.stderr)
    return result


def ratios(out: dict[str, Any]) -> dict[str, Any]:
    """hf-crawler's medians over the peer's, per scenario."""
    found = {}
    for scenario in SCENARIOS:
        mine, theirs = out[f"hf_crawler_{scenario}"], out[f"peer_{scenario}"]
        found[f"{scenario}_ratios"] = {
            "wall": round(mine["wall_s"] / theirs["wall_s"], 3),
            "pg_cpu": round(mine["pg_cpu_s"] / max(theirs["pg_cpu_s"], 0.01), 3),
        }
    return found


def medians(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each figure over the repeats, and whether every repeat was right."""
    figures = [f for f in (*FIGURES, "tail_s") if f in results[0]]
    out: dict[str, Any] = {f: round(statistics.median(r[f] for r in results), 2) for f in figures}
    out["all_equal_truth"] = all(r["equals_truth"] and r["exit"] == 0 for r in results)
    return out


def table(out: dict[str, Any]) -> list[str]:
    """The medians as a Markdown table, a row per scenario and contender, and the ratios."""
    lines = [
        "| scenario | program | wall s | client CPU s | Postgres CPU s | peak RSS MB | tail s "
        "| rows = truth |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for scenario in SCENARIOS:
        for name in CONTENDERS:
            m = out[f"{name}_{scenario}"]
            lines.append(
                f"| {scenario.replace('_', ' ')} | {name.replace('_', '-')} | {m['wall_s']} "
                f"| {m['cpu_s']} | {m['pg_cpu_s']} | {m['peak_rss_mb']} | {m.get('tail_s', '')} "
                f"| {'yes' if m['all_equal_truth'] else 'NO'} |"
            )
    lines.append(
        f"| any | fetch floor (bare aiohttp, no parsing, no database) "
        f"| {out['fetch_floor']['wall_s']} | | | | | |"
    )
    for scenario in SCENARIOS:
        ratios = out[f"{scenario}_ratios"]
        lines.append(
            f"{scenario}: hf-crawler / peer: wall {ratios['wall']}, Postgres CPU {ratios['pg_cpu']}"
        )
    return lines
