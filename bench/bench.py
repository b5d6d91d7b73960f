"""`make bench`: hf-crawler side by side with what a capable user writes instead
(huggingface_hub + psycopg COPY, `bench/peer.py`), first load and rerun, 3 repeats each;
merge throughput apart from the network; with `--naive`, the naive script of the original
report on loopback and through a 10 ms latency proxy; with `--full-hub N`, a full-Hub walk
of N models and its peak memory.

Everything runs here: the fake Hub (300 ms a request plus 50 ms per 1000 rows), an embedded
Postgres in a temporary folder (autovacuum off, so one contender's leftovers are not counted
in the next one's server CPU), the proxy. Each measured program is its own process, so its
wall time, CPU time and peak RSS are its own; the server's CPU is taken from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench import versus  # noqa: E402
from bench.harness import BIN, fakehub_cmd, measured, run_finished, start  # noqa: E402
from bench.merge_rate import merge_rate  # noqa: E402
from hf_crawler.store import embedded  # noqa: E402


def crawl(name: str, hub: str, dsn: str, logs: Path, *extra: str) -> dict[str, Any]:
    env = {**os.environ, "HF_ENDPOINT": hub, "DATABASE_URL": dsn, "HF_CRAWL_SCHEMA": name}
    cmd = [str(BIN / "hf-crawl"), "--log-format", "json", *extra]
    result = measured(cmd, env, logs / f"{name}.log")
    summary = run_finished(logs / f"{name}.log")
    result.update({k: summary[k] for k in ("status", "requests", "pages", "models", "mappings")})
    return result


def naive(name: str, hub: str, dsn: str, logs: Path, tasks: int) -> dict[str, Any]:
    env = {**os.environ, "HF_ENDPOINT": hub, "DATABASE_URL": dsn, "HF_CRAWL_SCHEMA": name}
    subprocess.run([str(BIN / "hf-crawl"), "migrate"], env=env, check=True, capture_output=True)  # noqa: S603
    cmd = [
        sys.executable,
        str(ROOT / "bench" / "naive.py"),
        "--endpoint",
        hub,
        "--dsn",
        dsn,
        "--schema",
        name,
        "--max-tasks",
        str(tasks),
    ]
    result = measured(cmd, env, logs / f"{name}.log")
    result.update(json.loads(result["stdout"]))
    result["rows"] = result["statements"] // 2
    return result


def bench(args: argparse.Namespace, dsn: str, pgdata: Path, logs: Path) -> dict[str, Any]:
    # No quota: a quota's RateLimit headers would rightly slow hf-crawler down (it paces by
    # them) over the bench's hundreds of requests, while the peer ignores them.
    latency = ("--latency-ms", "300", "--latency-per-1000-rows-ms", "50", "--quota", "1000000")
    hub, line = start(fakehub_cmd(args.tasks, args.models_per_task, *latency))
    url = json.loads(line)["url"]
    try:
        out: dict[str, Any] = {"work": f"{args.tasks} tasks x {args.models_per_task} models"}
        out["versus"] = versus.compare(url, dsn, pgdata, logs, repeats=args.repeats)
        if args.naive:
            out.update(naive_runs(args, url, dsn, logs))
    finally:
        hub.terminate()
    out["merge"] = asyncio.run(merge_rate(dsn, args.merge_warm, args.merge_rows))
    return out


def naive_runs(args: argparse.Namespace, url: str, dsn: str, logs: Path) -> dict[str, Any]:
    """The original report's naive script and hf-crawler at its default pace, on loopback
    and through a proxy adding 10 ms to every round trip to Postgres."""
    target = dsn.split("host=")[1] + "/.s.PGSQL.5432"
    proxy_cmd = [
        sys.executable,
        str(ROOT / "bench" / "latency_proxy.py"),
        "--target",
        target,
        "--delay-ms",
        "10",
    ]
    proxy, port = start(proxy_cmd)
    far = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        return {
            "hf_crawler_loopback": crawl("hf_loop", url, dsn, logs, "--rps", "2"),
            "hf_crawler_10ms": crawl("hf_far", url, far, logs, "--rps", "2"),
            "naive_loopback": naive("naive_loop", url, dsn, logs, args.tasks),
            "naive_10ms": naive("naive_far", url, far, logs, args.naive_far_tasks),
        }
    finally:
        proxy.terminate()


def full_hub(args: argparse.Namespace, dsn: str, logs: Path) -> dict[str, Any]:
    per_task = max(1, args.full_hub // (args.tasks + 2))
    # An Enterprise-sized quota: this measures the pipeline, not a tier's rate limit
    # (anonymous, 2,000 pages take at least 2000 / 500 x 300 s = 20 minutes).
    hub_cmd = fakehub_cmd(args.tasks, per_task, "--quota", "1000000")
    started = time.perf_counter()
    hub, line = start(hub_cmd)
    url = json.loads(line)["url"]
    try:
        catalogue = json.loads(urllib.request.urlopen(f"{url}/_fake/stats").read())  # noqa: S310
        out = {
            "fake_hub_models": catalogue["models"],
            "fake_hub_start_s": round(time.perf_counter() - started, 1),
        }
        out["hf_crawler_all_models"] = crawl(
            "full_hub", url, dsn, logs, "--all-models", "--rps", "100", "--limit-per-task", "1000"
        )
    finally:
        hub.terminate()
    return out


def main() -> None:
    args = _arguments()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hf-bench-") as home:
        pgdata = Path(home) / "pgdata"
        server = embedded.pgserver().get_server(pgdata, cleanup_mode="delete")
        logs = Path(home) / "logs"
        logs.mkdir()
        try:
            with psycopg.connect(server.get_uri(), autocommit=True) as conn:
                conn.execute("ALTER SYSTEM SET autovacuum = off")
                conn.execute("SELECT pg_reload_conf()")
            if args.full_hub:
                result = full_hub(args, server.get_uri(), logs)
            else:
                result = bench(args, server.get_uri(), pgdata, logs)
        finally:
            server.cleanup()
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "rss_of_bench_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    derive(result)
    args.out.write_text(json.dumps(result, indent=2))
    print(table(result))
    print(f"\n(JSON: {args.out})")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=40)
    parser.add_argument("--models-per-task", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--naive", action="store_true", help="also the naive script's runs")
    parser.add_argument(
        "--naive-far-tasks",
        type=int,
        default=3,
        help="tasks for the slow naive run through the proxy (per-row figures)",
    )
    parser.add_argument("--merge-warm", type=int, default=1_000_000)
    parser.add_argument("--merge-rows", type=int, default=100_000)
    parser.add_argument(
        "--full-hub", type=int, default=0, metavar="N", help="instead: a full-Hub walk of N models"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "bench.json")
    return parser.parse_args()


def derive(r: dict[str, Any]) -> None:
    """Floors and ratios from the raw figures."""
    loop, far = r.get("hf_crawler_loopback"), r.get("hf_crawler_10ms")
    if loop:
        loop["rate_limit_floor_s"] = round(loop["requests"] / 2, 1)
        loop["x_floor"] = round(loop["wall_s"] / loop["rate_limit_floor_s"], 3)
        loop["rows_per_s"] = round(loop["mappings"] / loop["wall_s"])
    if loop and far:
        far["x_loopback"] = round(far["wall_s"] / loop["wall_s"], 3)
    naive_loop, naive_far = r.get("naive_loopback"), r.get("naive_10ms")
    if loop and naive_loop:
        naive_loop["hf_crawler_speedup"] = round(naive_loop["wall_s"] / loop["wall_s"], 2)
    if far and naive_far:
        per_row = naive_far["wall_s"] / naive_far["rows"]
        naive_far["s_per_row"] = round(per_row, 5)
        naive_far["extrapolated_full_s"] = round(per_row * far["mappings"], 1)
        naive_far["hf_crawler_speedup"] = round(naive_far["extrapolated_full_s"] / far["wall_s"], 1)


def table(r: dict[str, Any]) -> str:
    lines = []
    for name, value in r.items():
        if name == "versus":
            lines += versus.table(value)
        elif isinstance(value, dict):
            shown = ", ".join(f"{k}={v}" for k, v in value.items() if k != "stdout")
            lines.append(f"{name:22} {shown}")
        else:
            lines.append(f"{name:22} {value}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
