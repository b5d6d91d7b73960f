"""`hf-crawl` as a user runs it: a subprocess, exit codes, one-line errors, JSON logs."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from hf_crawler.config import sources
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from hf_crawler.store import embedded
from tests.conftest import Database, RunningHub, StartHub

SPEC = CatalogueSpec(tasks=4, models_per_task=70, overlap=0.3, seed=2)


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stderr.splitlines() if line.startswith("{")]


def env_for(hub: RunningHub | None, database: Database | None, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith(("HF_", "PG")) and k != "DATABASE_URL") or k == "HF_HOME"
    }
    env |= {"HF_CRAWL_BACKOFF_BASE_S": "0.01", "HF_CRAWL_MAX_TRIES": "3"}
    if hub is not None:
        env["HF_ENDPOINT"] = hub.url
    if database is not None:
        env |= {"DATABASE_URL": database.dsn, "HF_CRAWL_SCHEMA": database.schema}
    return env | extra


async def start_cli(
    *args: str, env: dict[str, str], cwd: Path | None = None, stdout: int = asyncio.subprocess.PIPE
) -> asyncio.subprocess.Process:
    """`hf-crawl ARGS` running in the background; its stderr is a pipe to read."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "hf_crawler",
        *args,
        env=env,
        cwd=cwd,
        stdout=stdout,
        stderr=asyncio.subprocess.PIPE,
    )


async def run_cli(*args: str, env: dict[str, str], cwd: Path | None = None) -> Result:
    proc = await start_cli(*args, env=env, cwd=cwd)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode is not None
    return Result(proc.returncode, out.decode(), err.decode())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--concurrency", "0"], "concurrency must be above 0"),
        (["--rps", "-1"], "rps must be at least 0.01"),
        (["--rps", "1e-300"], "rps must be at least 0.01"),
        (["--tasks", ""], "tasks: '' names nothing (leave it out for all)"),
        (["--rps", "fast"], "'fast' is not a valid float"),
        (["--sort", "bogus"], "Invalid value for '--sort'"),
        (
            ["--repos", "models,papers"],
            "repos must be one of models, datasets, spaces; got 'papers'",
        ),
        (
            ["--repos", "models,models"],
            "repos must name each of models, datasets, spaces at most once",
        ),
        (["--all-models", "--repos", "datasets"], "--repos must name models"),
        (["--endpoint", "ftp://hub"], "is not an http(s) URL"),
        (["--database-url", "mysql://u:hunter2@db/x"], "must start with postgresql://"),
        (["--schema", "Robert'); DROP"], "must be a lower-case SQL identifier"),
        (["--no-such-flag"], "No such option"),
    ],
)
async def test_bad_input_is_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path
) -> None:
    result = await run_cli(*args, env=env_for(None, None), cwd=tmp_path)
    assert result.code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr and "hunter2" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--max-age", "99999999999d"], "--max-age '99999999999d' is longer than"),
        (["prune", "--keep", "99999999999d"], "--keep '99999999999d' is longer than a century"),
        (["prune", "--keep", "200000000w"], "--keep '200000000w' is longer than a century"),
        (["embed", "--embed-url", "notaurl", "--embed-model", "m"], "is not an http(s) URL"),
    ],
)
async def test_out_of_range_durations_and_urls_of_commands_are_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path
) -> None:
    result = await run_cli(*args, env=env_for(None, None), cwd=tmp_path)
    assert result.code == 2, result.stderr
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("hf-crawl: error")]
    assert message in line and "Traceback" not in result.stderr


async def test_an_unreachable_database_is_one_line_and_exit_2(
    start_hub: StartHub, tmp_path: Path
) -> None:
    dsn = "postgresql://crawler:hunter2@127.0.0.1:1/hub"
    async with start_hub(spec=SPEC) as hub:
        result = await run_cli(env=env_for(hub, None, DATABASE_URL=dsn), cwd=tmp_path)
    assert result.code == 2
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("hf-crawl: error")]
    assert "cannot connect to postgresql://crawler:***@127.0.0.1:1/hub" in line
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr


async def test_the_reports_dry_run_parameters_then_the_report(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        crawl = await run_cli("--max-tasks", "2", "--limit-per-task", "50", env=env, cwd=tmp_path)
        report = await run_cli("report", "--format", "json", env=env, cwd=tmp_path)
        markdown = await run_cli("report", "--format", "markdown", env=env, cwd=tmp_path)
    assert crawl.code == 0, crawl.stderr
    events = crawl.events()
    assert len(events) == len(crawl.stderr.splitlines())  # every line is one JSON event
    names = {e["event"] for e in events}
    assert {"run_started", "page_fetched", "batch_merged", "task_finished", "run_finished"} <= names
    finished = next(e for e in events if e["event"] == "run_finished")
    assert (finished["status"], finished["tasks_ok"], finished["mappings"]) == ("succeeded", 2, 100)
    data = json.loads(report.stdout)
    assert data["counts"]["tasks"] == 2 and data["counts"]["mappings"] == 100
    assert all(check["passed"] for check in data["checks"].values())
    assert [t["model_count"] for t in data["top_tasks"]] == [50, 50]
    assert data["last_run"]["status"] == "succeeded"
    assert "### SQL Verification Queries" in markdown.stdout
    assert "#### 3. Top Tasks by Model Count" in markdown.stdout
    assert "**Parameters:** `--max-tasks 2 --limit-per-task 50`" in markdown.stdout
    assert "- ✅ No duplicate mappings" in markdown.stdout
    assert f"**Hub:** {hub.url}" in markdown.stdout  # which Hub the data came from
    assert "$1" not in markdown.stdout and "LIMIT 10" in markdown.stdout  # SQL ready for psql


async def test_a_run_with_no_flags_says_what_the_defaults_were(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        markdown = await run_cli("report", "--format", "markdown", env=env, cwd=tmp_path)
    expected = "**Parameters:** none (the defaults: every task, top 1000 by downloads)"
    assert expected in markdown.stdout and "(defaults)`" not in markdown.stdout


async def test_a_failed_task_exits_1(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    faults = Faults(failing_tasks=frozenset({"question-answering"}))
    async with start_hub(spec=SPEC, faults=faults) as hub:
        result = await run_cli("--limit-per-task", "10", env=env_for(hub, database), cwd=tmp_path)
    assert result.code == 1
    assert await database.value("SELECT status FROM hf.crawl_runs") == "partial"


async def test_an_unknown_task_is_exit_2(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        result = await run_cli("--tasks", "no-such-task", env=env_for(hub, database), cwd=tmp_path)
    assert result.code == 2
    assert "unknown task(s) on the Hub: no-such-task" in result.stderr


async def test_an_unreachable_hub_is_one_line_and_exit_2(
    database: Database, tmp_path: Path
) -> None:
    env = env_for(None, database, HF_ENDPOINT="http://127.0.0.1:1")
    result = await run_cli(env=env, cwd=tmp_path)
    assert result.code == 2
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("hf-crawl: error")]
    assert line.startswith("hf-crawl: error: no response from http://127.0.0.1:1/api/tasks: ")
    assert "Cannot connect to host 127.0.0.1:1" in line and "Traceback" not in result.stderr


async def test_a_token_for_a_plain_http_remote_hub_needs_the_flag(tmp_path: Path) -> None:
    env = env_for(None, None, HF_TOKEN="hf_NotSentAnywhere1234", HF_CRAWL_MAX_TRIES="1")
    args = ("plan", "--endpoint", "http://192.0.2.1:9")  # TEST-NET-1: never contacted here
    refused = await run_cli(*args, env=env, cwd=tmp_path)
    assert refused.code == 2 and "refusing to send HF_TOKEN over plain http" in refused.stderr
    flags = {"endpoint": "http://mirror.example.com", "allow_insecure_token": True}
    assert sources.load(flags, {"HF_TOKEN": "hf_x"}, {}).allow_insecure_token
    assert "--allow-insecure-token" in (await run_cli("--help", env=env, cwd=tmp_path)).stdout


async def test_full_hub_mode_from_the_command_line(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        first = await run_cli("--all-models", "--limit-per-task", "5", env=env, cwd=tmp_path)
        again = await run_cli("--since-last-run", "--limit-per-task", "5", env=env, cwd=tmp_path)
        truth = hub.catalogue.ground_truth(limit=5).rankings
    assert first.code == 0 and again.code == 0, first.stderr + again.stderr
    modes = await database.fetch("SELECT mode, status FROM hf.crawl_runs ORDER BY run_id")
    assert [(r["mode"], r["status"]) for r in modes] == [
        ("all", "succeeded"),
        ("since", "succeeded"),
    ]
    assert await database.rankings() == {t: ids[:5] for t, ids in truth.items()}


async def wait_for_line(
    stream: asyncio.StreamReader, marker: bytes, *, count: int = 1, timeout_s: float = 30
) -> bool:
    """Read until the `count`-th line holding `marker`: True, or False at end of stream.
    Fails the test if that takes longer than `timeout_s`."""
    async with asyncio.timeout(timeout_s):
        while count:
            line = await stream.readline()
            if not line:
                return False
            count -= marker in line
    return True


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
async def test_a_stop_signal_stops_cleanly_with_exit_130(
    start_hub: StartHub, database: Database, tmp_path: Path, signum: signal.Signals
) -> None:
    spec = CatalogueSpec(tasks=20, models_per_task=30, seed=3)
    async with start_hub(spec=spec, faults=Faults(latency_ms=200)) as hub:
        args = ("--concurrency", "2", "--rps", "100")
        proc = await start_cli(*args, env=env_for(hub, database), cwd=tmp_path)
        assert proc.stderr is not None
        await wait_for_line(proc.stderr, b"task_finished")
        proc.send_signal(signum)
        _, rest = await asyncio.wait_for(proc.communicate(), timeout=15)
        truth = hub.catalogue.ground_truth(limit=1000).rankings
    assert proc.returncode == 130
    assert b"stop_requested" in rest
    (run,) = await database.fetch("SELECT status, tasks_ok FROM hf.crawl_runs")
    assert run["status"] == "interrupted" and 0 < run["tasks_ok"] < 20
    stored = await database.rankings()
    assert len(stored) == run["tasks_ok"]
    assert all(stored[task] == truth[task] for task in stored)  # complete rankings only


async def test_db_stop_with_a_database_url_stops_nothing_and_says_so(
    tmp_path: Path, database: Database
) -> None:
    env = env_for(None, None)
    data = ("--data-dir", str(tmp_path / "data"))
    shown = await run_cli("db-url", *data, env=env, cwd=tmp_path)
    try:
        with_url = env | {"DATABASE_URL": database.dsn}
        refused = await run_cli("db-stop", *data, env=with_url, cwd=tmp_path)
        conn = await asyncpg.connect(shown.stdout.strip())  # the embedded server still runs
        assert await conn.fetchval("SELECT 1") == 1
        await conn.close()
    finally:
        stopped = await run_cli("db-stop", *data, env=env, cwd=tmp_path)
    assert refused.code == 2 and "nothing stopped" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert stopped.code == 0 and "stopped" in stopped.stderr


async def test_db_url_starts_the_embedded_postgres_and_db_stop_stops_it(tmp_path: Path) -> None:
    env = env_for(None, None)
    shown = await run_cli("db-url", "--data-dir", str(tmp_path / "data"), env=env, cwd=tmp_path)
    pid = int((tmp_path / "data" / "pgdata" / "postmaster.pid").read_text().split()[0])
    try:
        assert shown.code == 0, shown.stderr
        dsn = shown.stdout.strip()
        assert dsn.startswith("postgresql://")
        conn = await asyncpg.connect(dsn)
        assert await conn.fetchval("SELECT 1") == 1
        await conn.close()
    finally:
        stopped = await run_cli(
            "db-stop", "--data-dir", str(tmp_path / "data"), env=env, cwd=tmp_path
        )
    assert stopped.code == 0 and "stopped" in stopped.stderr
    assert not embedded.process_runs(pid)  # it returned once the server had exited


async def test_db_stop_refuses_while_a_live_writer_holds_a_lease_and_stops_once_it_is_gone(
    tmp_path: Path,
) -> None:
    env = env_for(None, None)
    data = ("--data-dir", str(tmp_path / "data"))
    assert (await run_cli("migrate", "--schema", "other", *data, env=env, cwd=tmp_path)).code == 0
    dsn = (await run_cli("db-url", *data, env=env, cwd=tmp_path)).stdout.strip()
    writer = await asyncio.create_subprocess_exec("sleep", "60")
    try:
        conn = await asyncpg.connect(dsn)
        try:  # a run writing to a schema other than the command's own
            await conn.execute(
                "INSERT INTO other.crawl_runs (parameters) VALUES ('{}');"
                "INSERT INTO other.writer_lease (token, holder, run_id)"
                f" VALUES ('t', '{socket.gethostname()}:{writer.pid}', 1)"
            )
        finally:
            await conn.close()
        refused = await run_cli("db-stop", *data, env=env, cwd=tmp_path)
        still = await asyncpg.connect(dsn)
        await still.close()
    finally:
        writer.kill()
        await writer.wait()
    stopped = await run_cli("db-stop", *data, env=env, cwd=tmp_path)
    assert refused.code == 75, refused.stderr
    assert (
        f"not stopped: run 1 ({socket.gethostname()}:{writer.pid}) is writing to schema other"
        in (refused.stderr)
    )
    assert stopped.code == 0 and "embedded Postgres stopped" in stopped.stderr
