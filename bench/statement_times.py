"""Where a change's Postgres time goes: this checkout's hf-crawl and another version run
interleaved on one fake Hub and one Postgres logging every statement's duration
(`log_min_duration_statement = 0`), first loads and reruns; prints, per scenario, the
statements whose median time differs most between the two.

    python bench/statement_times.py --other ../main/.venv/bin/hf-crawl [--rounds 4]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.harness import BIN, fakehub_cmd, post, start  # noqa: E402
from hf_crawler.store import embedded  # noqa: E402

LATENCY = ("--latency-ms", "300", "--latency-per-1000-rows-ms", "50", "--quota", "1000000")
DURATION = re.compile(
    r"duration: ([\d.]+) ms\s+"
    r"(?:statement|execute [^:]*|parse [^:]*|bind [^:]*):\s*(.*?)(?=\n\S|\Z)",
    re.S,
)
SCHEMA_NAME = re.compile(r"\"?st_(this|other)_\d+\"?")
Times = collections.Counter[str]


@dataclass(frozen=True, slots=True)
class Where:
    """The Postgres (and its log file) and the fake Hub every run uses."""

    dsn: str
    url: str
    log: Path


def timed_run(binary: str, schema: str, fresh: bool, where: Where) -> Times:
    """One crawl's statements and their summed durations (the schema's name masked)."""
    dsn, log = where.dsn, where.log
    env = {**os.environ, "DATABASE_URL": dsn, "HF_CRAWL_SCHEMA": schema, "HF_ENDPOINT": where.url}
    with psycopg.connect(dsn, autocommit=True) as conn:
        if fresh:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    subprocess.run([binary, "migrate"], env=env, check=True, capture_output=True)  # noqa: S603
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CHECKPOINT")
    time.sleep(0.3)
    start_at = log.stat().st_size
    cmd = [binary, "--concurrency", "4", "--rps", "10000", "--log-level", "warning"]
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # noqa: S603
    time.sleep(0.3)
    with log.open("rb") as f:
        f.seek(start_at)
        text = f.read().decode("utf-8", "replace")
    times: Times = collections.Counter()
    for match in DURATION.finditer(text):
        statement = SCHEMA_NAME.sub("S", " ".join(match[2].split()))[:70]
        times[statement] += float(match[1])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--other", required=True, help="the other version's hf-crawl")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--show", type=int, default=10, help="statements listed a scenario")
    args = parser.parse_args()
    versions = {"this": str(BIN / "hf-crawl"), "other": args.other}
    runs: dict[tuple[str, str], list[Times]] = collections.defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="hf-stmt-") as home:
        pgdata = Path(home) / "pg"
        server = embedded.pgserver().get_server(pgdata, cleanup_mode="delete")
        dsn = server.get_uri()
        hub, line = start(fakehub_cmd(40, 1000, *LATENCY))
        url = json.loads(line)["url"]
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("ALTER SYSTEM SET autovacuum = off")
                conn.execute("ALTER SYSTEM SET log_min_duration_statement = 0")
                conn.execute("SELECT pg_reload_conf()")
            for r in range(args.rounds):
                order = list(versions) if r % 2 == 0 else list(reversed(versions))
                for scenario in ("first_load", "rerun"):
                    if scenario == "rerun":
                        post(f"{url}/_fake/reshuffle?seed={r + 1}&fraction=0.5")
                    for name in order:
                        schema, fresh = f"st_{name}_{r}", scenario == "first_load"
                        where = Where(dsn, url, pgdata / "log")
                        times = timed_run(versions[name], schema, fresh, where)
                        runs[(scenario, name)].append(times)
        finally:
            hub.terminate()
            server.cleanup()
    for scenario in ("first_load", "rerun"):
        this, other = _medians(runs[(scenario, "this")]), _medians(runs[(scenario, "other")])
        print(f"{scenario}: other {sum(other.values()):.0f} ms, this {sum(this.values()):.0f} ms")
        keys = sorted(set(this) | set(other), key=lambda k: -abs(this.get(k, 0) - other.get(k, 0)))
        for key in keys[: args.show]:
            print(f"  {other.get(key, 0):8.1f} {this.get(key, 0):8.1f}  {key}")


def _medians(runs: list[Times]) -> dict[str, float]:
    keys = set().union(*runs)
    return {k: statistics.median(r.get(k, 0.0) for r in runs) for k in keys}


if __name__ == "__main__":
    main()
