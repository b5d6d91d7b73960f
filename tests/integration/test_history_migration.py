"""The history kept as one row per model per run (up to migration 12) becomes task snapshots
(migration 13) without changing a single answer: rankings and counters at every run, movers
between any two runs and over days, entries and exits, the leaderboard, the rows of the
former tables, and the report's charts."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import pytest

from hf_crawler.store import db, migrate, queries
from tests.conftest import Database

OLD_VERSION = 12
TASKS = ("fill-mask", "robotics", "summarization")
MODELS = tuple(f"org/m{i:02d}" for i in range(30))
RUNS = 8
SKIPPING_RUN = 5  # covers only the first task
Counters = tuple[int, int, float | None, int | None]
STATS_ROW = "INSERT INTO hf.model_stats_history VALUES ($1, $2, $3, $4, $5, $6)"
START_RUN = """
INSERT INTO hf.crawl_runs (parameters, started_at)
VALUES ('{}', now() - make_interval(days => $1))
RETURNING run_id
"""
STORE_MODEL = """
INSERT INTO hf.models (model_id, downloads, likes, trending_score, downloads_all_time)
VALUES ($1, $2, $3, $4, $5)
"""
STORE_MAPPING = "INSERT INTO hf.model_tasks (model_id, task_id, rank_in_task) VALUES ($1, $2, $3)"


@dataclass
class OldHistory:
    """What the code up to migration 12 wrote: a ranking row where it changed, a counters
    row per model where they changed, coverage per task and run."""

    rankings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    counters: dict[str, Counters] = field(default_factory=dict)
    statements: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)

    def run(self, run: int, seen: dict[str, tuple[str, ...]], values: dict[str, Counters]) -> None:
        for task, ids in seen.items():
            self.add("INSERT INTO hf.task_runs VALUES ($1, $2, $3)", task, run, len(ids))
            if self.rankings.get(task) != ids:
                self.rankings[task] = ids
                self.add(
                    "INSERT INTO hf.task_rankings_history VALUES ($1, $2, $3)", task, run, list(ids)
                )
        for model in sorted({m for ids in seen.values() for m in ids}):
            if self.counters.get(model) != values[model]:
                self.counters[model] = values[model]
                self.add(STATS_ROW, model, run, *values[model])

    def add(self, sql: str, *args: object) -> None:
        self.statements.append((sql, args))


def first_counters(rng: random.Random) -> Counters:
    trending = rng.choice((None, 0, 1.5, 7.0))
    all_time = rng.choice((None, rng.randint(0, 10**7)))
    return (rng.randint(0, 10**6), rng.randint(0, 500), trending, all_time)


def a_changing_hub(
    rng: random.Random,
) -> list[tuple[dict[str, tuple[str, ...]], dict[str, Counters]]]:
    """Runs of a catalogue whose counters drift and whose rankings churn: models leave and
    come back, one run changes nothing, one skips a task, some tasks share models."""
    values = {m: first_counters(rng) for m in MODELS}
    runs = []
    for n in range(RUNS):
        if n not in (0, 3):  # run 3 sees exactly what run 2 saw
            for m in rng.sample(MODELS, 12):
                downloads, likes, trend, all_time = values[m]
                downloads = max(0, downloads + rng.randint(-5000, 5000))
                values[m] = (downloads, likes + rng.randint(0, 2), trend, all_time)
        covered = TASKS[:1] if n == SKIPPING_RUN else TASKS
        seen = {}
        for i, task in enumerate(covered):
            members = [m for j, m in enumerate(MODELS) if j % 3 != i or rng.random() < 0.4]
            members.sort(key=lambda m: (-values[m][0], m))
            seen[task] = tuple(members[: rng.randint(6, 9)])
        runs.append((seen, dict(values)))
    return runs


ANSWERS = {
    "ranking_at": "SELECT * FROM hf.ranking_at($1) ORDER BY 1, 2",
    "model_stats_at": "SELECT * FROM hf.model_stats_at($1) ORDER BY 1",
    "movers_from": "SELECT * FROM hf.movers_between($2, $1)",
}
WHOLE = {
    "movers_last_two_runs": "SELECT * FROM hf.movers_last_two_runs",
    "movers_over_days": "SELECT * FROM hf.movers_over_days(3)",
    "top_n_changes": "SELECT * FROM hf.top_n_changes ORDER BY 1, 2, 3",
    "task_leaderboard": "SELECT * FROM hf.task_leaderboard",
    "covering_runs": "SELECT * FROM hf.covering_runs",
    "rankings_history": "SELECT * FROM hf.task_rankings_history ORDER BY 1, 2",
    "stats_history": "SELECT * FROM hf.model_stats_history ORDER BY 1, 2",
}
# The charts' "downloads as known at run R" and ranks, as the code up to migration 12 read
# them from its tables; after the migration the report's own queries must agree.
OLD_CHART_DOWNLOADS = """
SELECT mt.task_id, mt.model_id, mt.rank_in_task, r.run_id, s.downloads
FROM hf.model_tasks AS mt
CROSS JOIN unnest($2::bigint[]) AS r (run_id)
LEFT JOIN LATERAL (
    SELECT h.downloads FROM hf.model_stats_history AS h
    WHERE h.model_id = mt.model_id AND h.run_id <= r.run_id
    ORDER BY h.run_id DESC LIMIT 1
) AS s ON true
WHERE mt.task_id = ANY ($1::text[]) AND mt.rank_in_task <= $3
ORDER BY mt.task_id, mt.rank_in_task, r.run_id
"""
OLD_CHART_RANKS = """
SELECT tr.task_id, x.model_id, x.rank_in_task, tr.run_id
FROM hf.task_runs AS tr
CROSS JOIN LATERAL (
    SELECT h.model_ids FROM hf.task_rankings_history AS h
    WHERE h.task_id = tr.task_id AND h.run_id <= tr.run_id
    ORDER BY h.run_id DESC LIMIT 1
) AS latest
CROSS JOIN LATERAL unnest(latest.model_ids[1:$3]) WITH ORDINALITY AS x (model_id, rank_in_task)
WHERE tr.task_id = ANY ($1::text[]) AND tr.run_id = ANY ($2::bigint[])
ORDER BY tr.task_id, tr.run_id, x.rank_in_task
"""


@pytest.fixture
async def conn(database: Database) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(database.dsn)
    yield connection
    await connection.close()


async def build_old_history(conn: db.Connection, schema: str, seed: int) -> list[int]:
    """Runs written the way the code up to migration 12 wrote them; returns their ids."""
    history, run_ids = OldHistory(), []
    for task in TASKS:
        await conn.execute(queries.render("INSERT INTO hf.tasks VALUES ($1, $1)", schema), task)
    runs = a_changing_hub(random.Random(seed))
    for n, (seen, values) in enumerate(runs):
        run = await conn.fetchval(queries.render(START_RUN, schema), RUNS - n)
        run_ids.append(run)
        history.run(run, seen, values)
    for sql, args in history.statements:
        await conn.execute(queries.render(sql, schema), *args)
    last_seen, last_values = runs[-1]
    for model, counters in last_values.items():
        await conn.execute(queries.render(STORE_MODEL, schema), model, *counters)
    for task, ids in last_seen.items():
        for rank, model in enumerate(ids, start=1):
            await conn.execute(queries.render(STORE_MAPPING, schema), model, task, rank)
    return run_ids


async def every_answer(
    conn: db.Connection, schema: str, runs: list[int]
) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {}
    for name, sql in WHOLE.items():
        found[name] = [tuple(r) for r in await conn.fetch(queries.render(sql, schema))]
    for run in runs:
        for name, sql in ANSWERS.items():
            for earlier in runs if name == "movers_from" else [run]:
                args = (run, earlier) if name == "movers_from" else (run,)
                rows = await conn.fetch(queries.render(sql, schema), *args)
                found[f"{name}({args})"] = [tuple(r) for r in rows]
    return found


async def charts(
    conn: db.Connection, downloads: str, ranks: str, runs: list[int]
) -> list[list[tuple[Any, ...]]]:
    """Both charts over two windows of runs: one from the third run, and one from the run
    that skipped a task (its models' downloads as known then come from earlier runs)."""
    found: list[list[tuple[Any, ...]]] = []
    for window in (runs[2:], runs[SKIPPING_RUN:]):
        found.append([tuple(r) for r in await conn.fetch(downloads, list(TASKS), window, 5)])
        found.append([tuple(r) for r in await conn.fetch(ranks, list(TASKS), window, 5)])
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_every_answer_is_the_same_after_the_history_is_converted(
    pg_dsn: str, database: Database, conn: asyncpg.Connection, seed: int
) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, database.schema, upto=OLD_VERSION)
        runs = await build_old_history(conn, database.schema, seed)
        before = await every_answer(conn, database.schema, runs)
        old_downloads = queries.render(OLD_CHART_DOWNLOADS, database.schema)
        old_ranks = queries.render(OLD_CHART_RANKS, database.schema)
        old_charts = await charts(conn, old_downloads, old_ranks, runs)
        assert await migrate.apply(pool, database.schema) == [
            m.version for m in queries.migrations() if m.version > OLD_VERSION
        ]
    finally:
        await pool.close()
    after = await every_answer(conn, database.schema, runs)
    assert after.keys() == before.keys()
    for name, rows in before.items():
        assert after[name] == rows, name
    assert any(before[f"model_stats_at(({r},))"] for r in runs)  # the history is not empty
    q = queries.for_schema(database.schema)
    assert await charts(conn, q.report_chart_downloads, q.report_chart_ranks, runs) == old_charts
