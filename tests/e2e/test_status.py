"""`hf-crawl status` for schedulers and alerts, and the Prometheus metrics file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=3, models_per_task=20, seed=31)


async def test_status_is_1_before_any_crawl_0_after_one_and_1_once_too_old(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        before = await run_cli("status", env=env, cwd=tmp_path)
        crawl = await run_cli("--rps", "100", env=env, cwd=tmp_path)
        after = await run_cli("status", "--format", "json", env=env, cwd=tmp_path)
        await database.fetch("UPDATE hf.crawl_runs SET finished_at = now() - interval '3 hours'")
        stale = await run_cli("status", "--max-age", "2h", env=env, cwd=tmp_path)
        fresh_enough = await run_cli("status", "--max-age", "4h", env=env, cwd=tmp_path)
        bad = await run_cli("status", "--max-age", "soon", env=env, cwd=tmp_path)
    assert before.code == 1 and "NEVER SUCCEEDED" in before.stdout
    assert crawl.code == 0
    shown = json.loads(after.stdout)
    assert after.code == 0 and shown["fresh"] and shown["last_success"]["run_id"] == 1
    assert shown["live"] is None and shown["schema"] == database.schema
    assert stale.code == 1 and stale.stdout.startswith("STALE")
    assert fresh_enough.code == 0
    assert bad.code == 2 and "--max-age 'soon'" in bad.stderr


async def test_a_crawl_writes_its_figures_for_prometheus(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    metrics = tmp_path / "textfile" / "hf_crawler.prom"
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        crawl = await run_cli("--rps", "100", "--metrics-file", str(metrics), env=env, cwd=tmp_path)
        truth = hub.catalogue.ground_truth(limit=1000)
    assert crawl.code == 0, crawl.stderr
    values = {
        line.split("{")[0]: float(line.rsplit(" ", 1)[1])
        for line in metrics.read_text().splitlines()
        if not line.startswith("#")
    }
    assert values["hf_crawler_last_run_success"] == 1
    assert values["hf_crawler_last_run_mappings"] == truth.mappings
    assert values["hf_crawler_last_run_models"] == len(truth.models)
    assert values["hf_crawler_last_success_timestamp_seconds"] > 1.7e9
    assert f'schema="{database.schema}"' in metrics.read_text()


async def test_an_unwritable_metrics_file_is_one_line_before_the_run(
    database: Database, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    crawl = await run_cli(
        "--metrics-file",
        str(tmp_path / "a-file" / "x.prom"),
        env=env_for(None, database),
        cwd=tmp_path,
    )
    assert crawl.code == 2 and "cannot write the metrics file" in crawl.stderr
    assert "Traceback" not in crawl.stderr


async def test_a_run_that_cannot_reach_its_database_leaves_the_last_metrics_file(
    tmp_path: Path,
) -> None:
    metrics = tmp_path / "hf_crawler.prom"
    metrics.write_text('hf_crawler_last_success_timestamp_seconds{schema="hf"} 1.7e+09\n')
    before = metrics.read_text()
    env = env_for(None, None, DATABASE_URL="postgresql://nobody:secret@127.0.0.1:1/none")
    crawl = await run_cli("--metrics-file", str(metrics), env=env, cwd=tmp_path)
    assert crawl.code == 2, crawl.stderr
    assert metrics.read_text() == before


async def test_json_logs_name_the_run_on_every_event_and_end_with_a_json_error(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        crawl = await run_cli("--rps", "100", "--log-format", "json", env=env, cwd=tmp_path)
        failed = await run_cli(
            "--tasks", "no-such-task", "--log-format", "json", env=env, cwd=tmp_path
        )
    events = crawl.events()
    names = [e["event"] for e in events]
    during = events[names.index("run_started") : names.index("run_finished") + 1]
    assert len(during) > 5 and all(e.get("run") == 1 for e in during)
    (end,) = [e for e in failed.events() if e["event"] == "command_failed"]
    assert end["exit_code"] == 2 and "no-such-task" in str(end["error"])
    assert end["level"] == "error" and end["phase"] == "listing tasks"


async def test_status_and_the_report_tell_the_size_its_growth_and_the_days_a_budget_lasts(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        for seed in (1, 2, 3):
            hub.catalogue.drift(seed=seed, pct=5)
            assert (await run_cli("--rps", "100", env=env, cwd=tmp_path)).code == 0
        minutes_apart = await run_cli("status", "--budget", "1GB", env=env, cwd=tmp_path)
        recorded = await database.fetch(
            "SELECT database_bytes, schema_bytes FROM hf.crawl_runs ORDER BY run_id"
        )
        # Three runs a day apart, as a daily schedule runs them, the database growing 1 MB a
        # day. The sizes are set because the test server's size also moves with other tests'
        # schemas (dropped tables leave their files until a checkpoint).
        await database.fetch(
            "UPDATE hf.crawl_runs"
            " SET finished_at = finished_at - make_interval(days => 3 - run_id::int),"
            "     database_bytes = 200000000 + 1000000 * run_id"
        )
        # A cards run in between, its size off the crawls' line: not part of their pace.
        await database.fetch(
            "INSERT INTO hf.crawl_runs (mode, status, parameters, finished_at, database_bytes,"
            " schema_bytes) VALUES ('cards', 'succeeded', '{}', now() - interval '12 hours',"
            " 900000000, 1)"
        )
        as_json = ("status", "--format", "json", "--budget", "1GB")
        status = await run_cli(*as_json, env=env, cwd=tmp_path)
        text = await run_cli("status", "--budget", "1GB", env=env, cwd=tmp_path)
        report = await run_cli("report", "--budget", "1GB", env=env, cwd=tmp_path)
        bad = await run_cli("status", "--budget", "lots", env=env, cwd=tmp_path)
    assert "needs a day of history" in minutes_apart.stdout
    assert "days left at this pace" not in minutes_apart.stdout
    assert len(recorded) == 3
    assert all(r["database_bytes"] > r["schema_bytes"] > 0 for r in recorded)
    size = json.loads(status.stdout)["storage"]
    assert size["runs_measured"] == 3 and size["budget_bytes"] == 10**9
    assert size["growth_per_run_bytes"] == 1_000_000
    assert size["growth_per_day_bytes"] == pytest.approx(1_000_000, rel=1e-3)
    days_left = (10**9 - size["database_bytes"]) / 1_000_000
    assert size["days_left"] == pytest.approx(days_left, rel=1e-3)
    assert "storage:" in text.stdout and "days left" in text.stdout
    assert "Storage" in report.stdout and "budget 1,000.0 MB" in report.stdout
    assert bad.code == 2 and "--budget 'lots'" in bad.stderr and "Traceback" not in bad.stderr


async def test_status_tells_a_live_writer_from_one_whose_process_is_gone(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        assert (await run_cli("--rps", "100", env=env, cwd=tmp_path)).code == 0
        for pid in (os.getpid(), gone_pid()):
            await lease_held_by(database, pid)
            shown = await run_cli("status", env=env, cwd=tmp_path)
            as_json = json.loads((await run_cli("status", "--format", "json", env=env)).stdout)
            alive = pid == os.getpid()
            assert ("running now:  run 1" in shown.stdout) is alive
            assert ("a process that is gone" in shown.stdout) is not alive
            assert as_json["live"]["gone"] is not alive


async def test_a_run_left_running_by_a_dead_writer_says_so(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database)
        assert (await run_cli("--rps", "100", env=env, cwd=tmp_path)).code == 0
        # As a SIGKILL leaves it: the run still marked running, its lease held by a pid gone.
        await database.fetch("UPDATE hf.crawl_runs SET status = 'running', finished_at = NULL")
        shown = {}
        for pid in (gone_pid(), os.getpid()):
            await lease_held_by(database, pid)
            text = await run_cli("status", env=env, cwd=tmp_path)
            as_json = await run_cli("status", "--format", "json", env=env, cwd=tmp_path)
            shown[pid == os.getpid()] = (text.stdout, json.loads(as_json.stdout)["latest"])
    dead_text, dead_json = shown[False]
    assert "latest run:   run 1, running (writer gone)," in dead_text
    assert dead_json["status"] == "running" and dead_json["writer_gone"] is True
    live_text, live_json = shown[True]
    assert "latest run:   run 1, running, started" in live_text
    assert live_json["writer_gone"] is False


async def lease_held_by(database: Database, pid: int) -> None:
    """Run 1's writer lease, held by process `pid` of this machine."""
    await database.fetch(
        "INSERT INTO hf.writer_lease (token, holder, run_id) VALUES ('t', $1, 1)"
        " ON CONFLICT (singleton) DO UPDATE SET holder = excluded.holder",
        f"{socket.gethostname()}:{pid}",
    )


def gone_pid() -> int:
    """The pid of a process that ran and ended."""
    child = subprocess.Popen(["true"])  # noqa: S607
    child.wait()
    return child.pid
