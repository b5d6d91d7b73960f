"""A database made by each release (and by the two versions that shipped before releases
existed) upgrades to today's schema with every answer kept: that release's own code crawls
the fake Hub twice, today's code migrates the database and crawls once more, and the
answers and the schema equal those of a database today's code made from nothing.

The old code runs as it shipped: its files taken from git (`git archive`) into a folder of
their own, run as `python -m hf_crawler` in a subprocess."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cli import env_for, run_cli
from tools import release, schema

REPO = Path(__file__).resolve().parents[2]
CHANGELOG = REPO / "CHANGELOG.md"
# Versions users ran before releases existed: the commits they installed.
SHIPPED_BEFORE_RELEASES = ("646383b", "a51d4fc")
SPEC = CatalogueSpec(tasks=3, models_per_task=40, overlap=0.3, seed=5)
DRIFTS = (11, 12)  # the Hub changes between the runs: the history has something to hold

# What the catalogue answers, asked of every version's schema since the first release.
ANSWERS = {
    "tasks": "SELECT task_id, task_label FROM hf.tasks ORDER BY 1",
    "rankings": "SELECT task_id, rank_in_task, model_id FROM hf.model_tasks ORDER BY 1, 2",
    "models": """
        SELECT model_id, downloads, likes, license, pipeline_tag, library_name, tags::text
        FROM hf.models ORDER BY 1""",
    "runs": "SELECT run_id, status, tasks_ok, models, mappings FROM hf.crawl_runs ORDER BY 1",
    "rankings_history": "SELECT * FROM hf.task_rankings_history ORDER BY task_id, run_id",
    "stats_history": """
        SELECT model_id, run_id, downloads, likes FROM hf.model_stats_history ORDER BY 1, 2""",
}
# The history functions, where the old version has them: asked of every run.
FUNCTIONS = {
    "ranking_at": "SELECT * FROM hf.ranking_at($1) ORDER BY 1, 2",
    "model_stats_at": "SELECT model_id, downloads, likes FROM hf.model_stats_at($1) ORDER BY 1",
}


def release_commit(version: str) -> str:
    """The commit that set the package's version to `version`: the release."""
    found = (
        _git(
            "log", "--format=%H", "-S", f'__version__ = "{version}"', "--", "hf_crawler/__init__.py"
        )
        .decode()
        .split()
    )
    assert found, (
        f"no commit sets __version__ to {version}: is this a full clone of the repository?"
    )
    return found[-1]  # the oldest commit that added the string: the release itself


GIT = shutil.which("git") or "git"


def _git(*args: str) -> bytes:
    """git's output for fixed arguments, in this repository."""
    return subprocess.run(  # noqa: S603  # git, with arguments this module writes
        [GIT, *args], cwd=REPO, check=True, capture_output=True, timeout=60
    ).stdout


def checkout(commit: str, into: Path) -> Path:
    """The package and SQL of `commit`, as they shipped, in a folder of their own."""
    archive = _git("archive", "--format=tar", commit, "hf_crawler", "sql")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


async def crawl_with(code: Path | None, hub: RunningHub, database: Database, cwd: Path) -> None:
    """One crawl of the fake Hub into `database`, by the old code in `code` or by today's."""
    args = [
        "--rps",
        "200",
        "--endpoint",
        hub.url,
        "--database-url",
        database.dsn,
        "--schema",
        database.schema,
    ]
    env = env_for(hub, database)
    if code is None:
        result = await run_cli(*args, env=env, cwd=cwd)
    else:
        env["PYTHONPATH"] = str(code)  # before site-packages: the old package is the one run
        result = await run_cli(*args, env=env, cwd=code)
    assert result.code == 0, result.stderr[-3000:]


async def answers(database: Database, runs: list[int]) -> dict[str, Any]:
    conn = await asyncpg.connect(database.dsn)
    try:
        found: dict[str, Any] = {}
        for name, sql in ANSWERS.items():
            found[name] = [tuple(r) for r in await conn.fetch(_in(sql, database.schema))]
        for name, sql in FUNCTIONS.items():
            exists = f"SELECT to_regproc('\"{database.schema}\".{name}') IS NOT NULL"
            if await conn.fetchval(exists):
                for run in runs:
                    rows = await conn.fetch(_in(sql, database.schema), run)
                    found[f"{name}({run})"] = [tuple(r) for r in rows]
        return found
    finally:
        await conn.close()


def _in(sql: str, schema_name: str) -> str:
    return sql.replace("hf.", f'"{schema_name}".')


async def report(database: Database, hub: RunningHub, cwd: Path) -> dict[str, Any]:
    """Today's JSON report, without what differs between any two databases (times, sizes)."""
    result = await run_cli("report", "--format", "json", env=env_for(hub, database), cwd=cwd)
    assert result.code in (0, 1), result.stderr[-3000:]
    named_hf = result.stdout.replace(f'\\"{database.schema}\\"', "hf").replace(
        database.schema, "hf"
    )
    found: dict[str, Any] = _timeless(json.loads(named_hf))
    return found


# Times and sizes, and the endpoint (each database is filled from a fake Hub of its own).
_VOLATILE = re.compile(r"(_at|_s|_bytes|bytes|size|elapsed|duration|time|age|^endpoint)$")


def _timeless(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items() if not _VOLATILE.search(k)}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value


def differences(got: Any, want: Any, path: str = "") -> list[str]:
    """Where two answers differ, each as `path: got != want` (empty when they are equal)."""
    if isinstance(got, dict) and isinstance(want, dict):
        found = [f"{path}.{k}: missing" for k in want.keys() - got.keys()]
        found += [f"{path}.{k}: extra" for k in got.keys() - want.keys()]
        for key in got.keys() & want.keys():
            found += differences(got[key], want[key], f"{path}.{key}")
        return found
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in differences(g, w, f"{path}[{i}]")
        ]
    return [] if got == want else [f"{path}: {got!r} != {want!r}"]


async def history_of_three_runs(
    start_hub: StartHub, database: Database, old_code: Path | None, cwd: Path
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Two runs by `old_code` (None: today's), then today's migrate and a third run.
    Returns the answers after the two runs, after the upgrade, and after the third run."""
    async with start_hub(spec=SPEC) as hub:
        await crawl_with(old_code, hub, database, cwd)
        hub.catalogue.drift(DRIFTS[0])
        await crawl_with(old_code, hub, database, cwd)
        before = await answers(database, [1, 2])
        migrated = await run_cli("migrate", env=env_for(hub, database), cwd=cwd)
        assert migrated.code == 0, migrated.stderr[-3000:]
        upgraded = await answers(database, [1, 2])
        hub.catalogue.drift(DRIFTS[1])
        await crawl_with(None, hub, database, cwd)
        third = await answers(database, [1, 2, 3]) | {"report": await report(database, hub, cwd)}
    return before, upgraded, third


def versions_to_upgrade_from() -> list[str]:
    return [*release.released_versions(CHANGELOG.read_text()), *SHIPPED_BEFORE_RELEASES]


@pytest.mark.parametrize("version", versions_to_upgrade_from())
async def test_a_database_of_an_earlier_version_upgrades_with_every_answer_kept(
    version: str,
    start_hub: StartHub,
    pg_dsn: str,
    database: Database,
    tmp_path: Path,
) -> None:
    commit = version if version in SHIPPED_BEFORE_RELEASES else release_commit(version)
    old_code = checkout(commit, tmp_path / "old")
    before, upgraded, third = await history_of_three_runs(start_hub, database, old_code, tmp_path)
    fresh = Database(pg_dsn, f"{database.schema}_fresh")
    try:
        _, _, fresh_third = await history_of_three_runs(start_hub, fresh, None, tmp_path)
        fresh_schema = await schema.dumped(pg_dsn, fresh.schema)
    finally:
        await fresh.fetch(f'DROP SCHEMA IF EXISTS "{fresh.schema}" CASCADE')
    assert upgraded == {k: v for k, v in upgraded.items() if k in before} == before
    assert differences(third, fresh_third) == []
    assert await schema.dumped(pg_dsn, database.schema) == fresh_schema
    print(f"{version}: {len(before)} answers kept, {len(third)} equal to a fresh database's")
