"""Two versions of hf-crawl side by side, interleaved on one fake Hub and one Postgres: the
fairest measure of what a change costs (two `make bench` runs minutes apart differ by 5 to
10% on a small machine). Each round runs both versions' first load into fresh schemas,
then moves the Hub (half the models get new downloads) and runs both reruns, the order
alternating between rounds; each version asks for the fields it knows. Prints the medians
of wall time, client CPU, Postgres CPU and the fake Hub's own CPU.

    python bench/ab.py --other ../main/.venv/bin/hf-crawl [--rounds 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.harness import BIN, ServerCpu, fakehub_cmd, measured, post, start  # noqa: E402
from hf_crawler.store import embedded  # noqa: E402

FIGURES = ("wall_s", "cpu_s", "pg_cpu_s", "hub_cpu_s")
LATENCY = ("--latency-ms", "300", "--latency-per-1000-rows-ms", "50", "--quota", "1000000")


def process_cpu_s(pid: int) -> float:
    """User and system CPU seconds of a process so far (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(binary: str, schema: str, fresh: bool, where: dict[str, Any]) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": where["dsn"], "HF_CRAWL_SCHEMA": schema}
    env["HF_ENDPOINT"] = where["url"]
    with psycopg.connect(where["dsn"], autocommit=True) as conn:
        if fresh:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    subprocess.run([binary, "migrate"], env=env, check=True, capture_output=True)  # noqa: S603
    with psycopg.connect(where["dsn"], autocommit=True) as conn:
        conn.execute("CHECKPOINT")
    result: dict[str, Any] = {}
    hub_before = process_cpu_s(where["hub_pid"])
    cmd = [binary, "--log-format", "json", "--concurrency", "4", "--rps", "10000"]
    with where["cpu"].over(result):
        result.update(measured(cmd, env, where["logs"] / f"{schema}_{int(fresh)}.log"))
    result["hub_cpu_s"] = round(process_cpu_s(where["hub_pid"]) - hub_before, 2)
    result.pop("stdout", None)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--other", required=True, help="the other version's hf-crawl")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--tasks", type=int, default=40)
    args = parser.parse_args()
    versions = {"this": str(BIN / "hf-crawl"), "other": args.other}
    runs: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="hf-ab-") as home:
        server = embedded.pgserver().get_server(Path(home) / "pg", cleanup_mode="delete")
        hub, line = start(fakehub_cmd(args.tasks, 1000, *LATENCY))
        where = {
            "dsn": server.get_uri(),
            "url": json.loads(line)["url"],
            "hub_pid": hub.pid,
            "cpu": ServerCpu(Path(home) / "pg"),
            "logs": Path(home),
        }
        try:
            with psycopg.connect(where["dsn"], autocommit=True) as conn:
                conn.execute("ALTER SYSTEM SET autovacuum = off")
                conn.execute("SELECT pg_reload_conf()")
            for r in range(args.rounds):
                order = list(versions) if r % 2 == 0 else list(reversed(versions))
                for scenario in ("first_load", "rerun"):
                    if scenario == "rerun":
                        post(f"{where['url']}/_fake/reshuffle?seed={r + 1}&fraction=0.5")
                    for name in order:
                        fresh = scenario == "first_load"
                        result = one_run(versions[name], f"ab_{name}_{r}", fresh, where)
                        runs.setdefault(f"{name} {scenario}", []).append(result)
                        print(f"  {name} {scenario}: {result}", file=sys.stderr)
        finally:
            hub.terminate()
            server.cleanup()
    print("| version | scenario | " + " | ".join(FIGURES) + " |")
    print("|---|---|" + "---:|" * len(FIGURES))
    for key, results in sorted(runs.items()):
        medians = [statistics.median(x[f] for x in results) for f in FIGURES]
        name, scenario = key.split()
        print(f"| {name} | {scenario} | " + " | ".join(f"{m:.2f}" for m in medians) + " |")


if __name__ == "__main__":
    main()
