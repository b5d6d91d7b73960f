"""`make bench`: hf-crawler against a naive baseline on the same work, on loopback and
through a 10 ms latency proxy in front of Postgres; merge throughput apart from the
network; and (`--full-hub N`) a full-Hub walk of N models with its peak memory.

Everything runs here: the fake Hub (300 ms a request plus 50 ms per 1000 rows), an
embedded Postgres in a temporary folder, the proxy. Each measured program is its own
process, so its wall time, CPU time and peak RSS are its own (Postgres's are not counted).
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
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from hf_crawler import db, migrate  # noqa: E402
from hf_crawler.loader import PostgresSink  # noqa: E402
from hf_crawler.records import Batch, ModelRecord  # noqa: E402


def measured(cmd: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    """Run `cmd` to the end; its wall time, CPU time and peak RSS (from wait4)."""
    started = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err, cwd=ROOT)  # noqa: S603
        out = proc.stdout.read().decode() if proc.stdout else ""
        _, status, usage = os.wait4(proc.pid, 0)
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": os.waitstatus_to_exitcode(status),
        "stdout": out,
    }


def run_finished(log: Path) -> dict[str, Any]:
    for line in log.read_text().splitlines():
        if '"run_finished"' in line:
            return dict(json.loads(line))
    tail = "\n".join(log.read_text().splitlines()[-15:])
    raise RuntimeError(f"no run_finished event in {log}; it ended with:\n{tail}")


def start(cmd: list[str], env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start a helper; returns it and the first line it prints (its port or URL)."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    stream = proc.stderr if "fakehub" in " ".join(cmd) else proc.stdout
    assert stream is not None  # noqa: S101
    return proc, stream.readline().decode().strip()


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


def record(i: int, downloads: int) -> ModelRecord:
    return ModelRecord(
        model_id=f"org{i % 997}/model-{i}",
        hub_id=f"{i:024x}",
        license="apache-2.0",
        likes=i % 5000,
        downloads=downloads,
        downloads_all_time=downloads * 9,
        trending_score=float(i % 300),
        last_modified=datetime(2026, 1, 1, tzinfo=UTC),
        created_at_hub=datetime(2025, 1, 1, tzinfo=UTC),
        tags=(
            "transformers",
            "safetensors",
            "text-generation",
            "license:apache-2.0",
            "en",
            "region:us",
        ),
        pipeline_tag="text-generation",
        library_name="transformers",
        author=f"org{i % 997}",
        gated="false",
    )


async def merge_throughput(dsn: str, rows: int, batch: int) -> dict[str, Any]:
    """COPY + merge of `rows` models in `batch`-row transactions, no network in between."""
    import asyncpg

    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    await migrate.apply(pool, "bench_merge")
    sink = PostgresSink(pool, "bench_merge", "tag", timeout_s=600)
    fresh = [record(i, i * 3) for i in range(rows)]
    moved = [replace(r, downloads=r.downloads + 1) for r in fresh]
    result = {}
    for label, records in (("insert", fresh), ("update", moved), ("unchanged", moved)):
        started = time.perf_counter()
        for k in range(0, rows, batch):
            await sink.merge(Batch(tuple(records[k : k + batch]), {}))
        result[f"{label}_rows_per_s"] = round(rows / (time.perf_counter() - started))
    await pool.close()
    return result


def fakehub_cmd(tasks: int, per_task: int, *extra: str) -> list[str]:
    """The fake Hub on a free port, with `tasks` tasks of `per_task` models each."""
    return [
        str(BIN / "hf-crawl"),
        "fakehub",
        "--port",
        "0",
        "--tasks",
        str(tasks),
        "--models-per-task",
        str(per_task),
        "--overlap",
        "0.2",
        *extra,
    ]


def bench(args: argparse.Namespace, dsn: str, logs: Path) -> dict[str, Any]:
    hub_cmd = fakehub_cmd(
        args.tasks, args.models_per_task, "--latency-ms", "300", "--latency-per-1000-rows-ms", "50"
    )
    hub, line = start(hub_cmd)
    proxy, port = start(
        [
            sys.executable,
            str(ROOT / "bench" / "latency_proxy.py"),
            "--target",
            dsn.split("host=")[1] + "/.s.PGSQL.5432",
            "--delay-ms",
            "10",
        ]
    )
    url = json.loads(line)["url"]
    far = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        out: dict[str, Any] = {"work": f"{args.tasks} tasks x {args.models_per_task} models"}
        out["hf_crawler_loopback"] = crawl(
            "hf_loop", url, dsn, logs, "--concurrency", "4", "--rps", "2"
        )
        out["hf_crawler_10ms"] = crawl("hf_far", url, far, logs, "--concurrency", "4", "--rps", "2")
        if not args.skip_naive:
            out["naive_loopback"] = naive("naive_loop", url, dsn, logs, args.tasks)
            out["naive_10ms"] = naive("naive_far", url, far, logs, args.naive_far_tasks)
        out["merge"] = asyncio.run(merge_throughput(dsn, args.merge_rows, 5000))
    finally:
        hub.terminate()
        proxy.terminate()
    return out


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
        server = db.pgserver().get_server(Path(home) / "pgdata", cleanup_mode="delete")
        logs = Path(home) / "logs"
        logs.mkdir()
        try:
            run = full_hub if args.full_hub else bench
            result = run(args, server.get_uri(), logs)
        finally:
            server.cleanup()
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "rss_of_bench_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    for value in result.values():
        if isinstance(value, dict):
            value.pop("stdout", None)
    derive(result)
    args.out.write_text(json.dumps(result, indent=2))
    print(table(result))
    print(f"\n(JSON: {args.out})")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--models-per-task", type=int, default=1000)
    parser.add_argument(
        "--naive-far-tasks",
        type=int,
        default=3,
        help="tasks for the slow naive run through the proxy (per-row figures)",
    )
    parser.add_argument("--merge-rows", type=int, default=100_000)
    parser.add_argument("--skip-naive", action="store_true")
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
        if isinstance(value, dict):
            shown = ", ".join(f"{k}={v}" for k, v in value.items())
            lines.append(f"{name:22} {shown}")
        else:
            lines.append(f"{name:22} {value}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
