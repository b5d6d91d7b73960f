"""SIGKILL at random points never leaves a mixed ranking; secrets never leak anywhere."""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from tests.conftest import Database, StartHub, login
from tests.e2e.test_cli import env_for, run_cli, start_cli, wait_for_line

SPEC = CatalogueSpec(tasks=10, models_per_task=40, overlap=0.3, seed=31)


async def test_sigkill_at_random_points_leaves_each_task_old_or_new_never_mixed(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    rng = random.Random(2026)
    async with start_hub(spec=SPEC, faults=Faults(latency_ms=150)) as hub:
        env = env_for(
            hub, database, HF_CRAWL_CONCURRENCY="2", HF_CRAWL_RPS="100", HF_CRAWL_BATCH_SIZE="25"
        )
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        old = hub.catalogue.ground_truth(limit=1000).rankings
        hub.catalogue.reshuffle(seed=77, fraction=0.7)
        new = hub.catalogue.ground_truth(limit=1000).rankings
        assert all(old[t] != new[t] for t in old)  # every task's ranking moves
        kills = 0
        for _ in range(10):  # bounded: stop once four kills landed while it ran
            if kills == 4:
                break
            proc = await start_cli(env=env, cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL)
            assert proc.stderr is not None
            # Killed after a random number of merges, counted in its log, not in seconds.
            if await wait_for_line(proc.stderr, b"batch_merged", count=rng.randint(1, 12)):
                proc.send_signal(signal.SIGKILL)
                kills += 1
            await asyncio.wait_for(proc.wait(), timeout=30)
            stored = await database.rankings()
            assert set(stored) == set(old)
            for task, ranking in stored.items():
                assert ranking in (old[task], new[task]), task
        assert kills >= 3
        final = await run_cli(env=env, cwd=tmp_path)
    assert final.code == 0
    assert await database.rankings() == new


@pytest.fixture
async def keeper(database: Database) -> AsyncIterator[str]:
    """A role of its own whose password the test knows (a server reached over TCP asks for
    it; the embedded one trusts its socket): its DSN."""
    role, password = f"keeper_{secrets.token_hex(3)}", "Pa55-w0rd-NOT-FOR-LOGS"
    admin = await asyncpg.connect(database.dsn)
    try:
        await admin.execute(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{password}'")
        yield login(database.dsn, user=role, password=password)
        await admin.execute(f"DROP OWNED BY {role}")
        await admin.execute(f"DROP ROLE {role}")
    finally:
        await admin.close()


async def test_the_token_and_the_password_appear_nowhere(
    start_hub: StartHub, database: Database, keeper: str, tmp_path: Path
) -> None:
    token, password = "hf_TopSecretToken0123456789", "Pa55-w0rd-NOT-FOR-LOGS"
    dsn = keeper
    assert password in dsn
    faults = Faults(
        require_token=True, tokens=frozenset({token}), malformed_rate=0.5, script=("503", "429")
    )
    log_file = tmp_path / "crawl.log"
    async with start_hub(spec=SPEC, faults=faults) as hub:
        env = env_for(hub, database, HF_TOKEN=token, DATABASE_URL=dsn)
        crawl = await run_cli(
            "--log-file", str(log_file), "--log-level", "debug", env=env, cwd=tmp_path
        )
        reports = [
            await run_cli("report", "--format", f, env=env, cwd=tmp_path)
            for f in ("table", "markdown", "json")
        ]
        bad_db = await run_cli(
            env=env | {"DATABASE_URL": login(dsn, database="nodb")}, cwd=tmp_path
        )
        wrong_token = await run_cli(env=env | {"HF_TOKEN": "hf_WrongToken987654321"}, cwd=tmp_path)
    assert crawl.code == 0, crawl.stderr
    assert bad_db.code == 2 and wrong_token.code == 2
    assert "token is wrong or missing" in wrong_token.stderr
    runs = await database.fetch("SELECT row_to_json(r)::text AS row FROM hf.crawl_runs AS r")
    assert json.loads(runs[0]["row"])["parameters"]["token"] == "set"
    everything = "\n".join(
        [crawl.stdout, crawl.stderr, log_file.read_text(), bad_db.stderr, wrong_token.stderr]
        + [r.stdout + r.stderr for r in reports]
        + [r["row"] for r in runs]
    )
    assert "batch_merged" in everything and "Bearer" not in everything
    assert token not in everything and "hf_WrongToken987654321" not in everything
    assert password not in everything
