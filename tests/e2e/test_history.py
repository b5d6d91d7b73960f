"""History over several runs of a changing catalogue: "value at run R", gaps, movers,
entries and exits, and no rows for what did not change."""

from __future__ import annotations

import asyncio

from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub, make_settings

SPEC = CatalogueSpec(tasks=4, models_per_task=60, overlap=0.3, seed=44)
SKIPPED = "question-answering"


async def crawl(hub: RunningHub, database: Database, **overrides: object) -> int:
    options: dict[str, object] = {
        "endpoint": hub.url,
        "database_url": database.dsn,
        "schema": database.schema,
        "limit_per_task": 20,
    }
    outcome = await pipeline.run(make_settings(**(options | overrides)), asyncio.Event())
    assert outcome.run_id is not None
    return outcome.run_id


async def ranking_at(database: Database, run: int) -> dict[str, tuple[str, ...]]:
    rows = await database.fetch(
        "SELECT task_id, model_id FROM hf.ranking_at($1) ORDER BY task_id, rank_in_task", run
    )
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["task_id"], []).append(row["model_id"])
    return {t: tuple(ids) for t, ids in found.items()}


async def stats_at(database: Database, run: int) -> dict[str, int]:
    rows = await database.fetch("SELECT model_id, downloads FROM hf.model_stats_at($1)", run)
    return {r["model_id"]: r["downloads"] for r in rows}


def downloads(hub: RunningHub, rankings: dict[str, tuple[str, ...]]) -> dict[str, int]:
    return {m: hub.catalogue.by_id[m].downloads for ids in rankings.values() for m in ids}


async def history_rows(database: Database, run: int) -> tuple[int, int]:
    stats = await database.value(
        "SELECT count(*) FROM hf.model_stats_history WHERE run_id = $1", run
    )
    ranks = await database.value(
        "SELECT count(*) FROM hf.task_rankings_history WHERE run_id = $1", run
    )
    return int(stats), int(ranks)


async def answers_at(database: Database, *runs: int) -> list[object]:
    """Every "value at run R" answer for `runs`: rankings and model counters."""
    found: list[object] = []
    for run in runs:
        found += [await ranking_at(database, run), await stats_at(database, run)]
    return found


async def test_history_answers_what_the_changes_imply(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        r1 = await crawl(hub, database)
        truth1 = hub.catalogue.ground_truth(limit=20).rankings
        stats1 = downloads(hub, truth1)
        r2 = await crawl(hub, database)  # nothing changed
        hub.catalogue.reshuffle(seed=3, fraction=0.5)
        covered = [t for t in hub.catalogue.task_ids if t != SKIPPED]
        r3 = await crawl(hub, database, tasks=tuple(covered))
        truth3 = hub.catalogue.ground_truth(covered, limit=20).rankings
        stats3 = downloads(hub, truth3)

    # Run 2 changed nothing: it is recorded as covering every task, and adds no rows.
    assert await history_rows(database, r1) == (len(stats1), len(truth1))
    assert await history_rows(database, r2) == (0, 0)
    assert await ranking_at(database, r2) == truth1
    assert await stats_at(database, r2) == stats1  # answered from run 1's snapshots

    # Run 3 skipped a task: a gap, not "unchanged".
    at3 = await ranking_at(database, r3)
    assert SKIPPED not in at3 and at3 == truth3
    covered_by = {
        r["run_id"]
        for r in await database.fetch("SELECT run_id FROM hf.task_runs WHERE task_id = $1", SKIPPED)
    }
    assert covered_by == {r1, r2}
    assert await stats_at(database, r3) == stats3
    moved = {m for m, d in stats3.items() if stats1.get(m) != d}
    assert (await history_rows(database, r3))[0] == len(moved)  # only what changed

    # Movers between runs 2 and 3: exactly the growth of models both saw.
    movers = await database.fetch("SELECT model_id, growth FROM hf.movers_last_two_runs")
    expected = {m: stats3[m] - stats1[m] for m in stats3.keys() & stats1.keys()}
    both_seen = {m for m in expected if m in set().union(*truth1.values()) and m in stats3}
    assert {r["model_id"]: r["growth"] for r in movers} == {m: expected[m] for m in both_seen}
    growth = [r["growth"] for r in movers]
    assert growth == sorted(growth, reverse=True)

    # Entries and exits of each task's top N since the run before.
    changes = await database.fetch("SELECT task_id, change, model_id FROM hf.top_n_changes")
    got = {(r["task_id"], r["change"], r["model_id"]) for r in changes}
    want = {(t, "entered", m) for t in covered for m in set(truth3[t]) - set(truth1[t])}
    want |= {(t, "exited", m) for t in covered for m in set(truth1[t]) - set(truth3[t])}
    assert got == want and want
    # The skipped task still shows its run-2 ranking as current history, not run 3's.
    assert (await ranking_at(database, r2))[SKIPPED] == truth1[SKIPPED]

    # Over N days: run 1 a week and a day ago, run 2 yesterday, run 3 now.
    await database.fetch(
        "UPDATE hf.crawl_runs SET started_at = now() - make_interval(days => $2) WHERE run_id = $1",
        r1,
        8,
    )
    await database.fetch(
        "UPDATE hf.crawl_runs SET started_at = now() - make_interval(days => $2) WHERE run_id = $1",
        r2,
        1,
    )
    weekly = await database.fetch("SELECT model_id, growth, run_before FROM hf.movers_over_days(7)")
    assert {r["run_before"] for r in weekly} == {r1}
    assert {r["model_id"]: r["growth"] for r in weekly} == {m: expected[m] for m in both_seen}


async def test_the_leaderboard_view_is_the_current_ranking(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
        truth = hub.catalogue.ground_truth(limit=20).rankings
    rows = await database.fetch("SELECT task_id, model_id, downloads FROM hf.task_leaderboard")
    board: dict[str, list[str]] = {}
    for row in rows:
        board.setdefault(row["task_id"], []).append(row["model_id"])
    assert {t: tuple(ids) for t, ids in board.items()} == truth


async def test_prune_keeps_every_answer_for_the_runs_it_keeps(
    start_hub: StartHub, database: Database
) -> None:
    import asyncpg

    from hf_crawler.store.prune import parse_keep, prune

    async with start_hub(spec=SPEC) as hub:
        r1 = await crawl(hub, database)
        hub.catalogue.reshuffle(seed=8, fraction=0.3)
        r2 = await crawl(hub, database)
        r3 = await crawl(hub, database, tasks=(SKIPPED,))  # covers one task only
    await database.fetch(
        "UPDATE hf.crawl_runs SET started_at = now() - interval '40 days' WHERE run_id < $1", r3
    )
    await database.fetch(
        "UPDATE hf.crawl_runs SET started_at = now() - interval '10 days' WHERE run_id = $1", r2
    )
    before = await answers_at(database, r2, r3)
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=1)
    try:
        result = await prune(pool, database.schema, parse_keep("30d"))
    finally:
        await pool.close()
    assert result == {"runs_deleted": 1, "first_kept_run": r2}
    assert await answers_at(database, r2, r3) == before
    assert await database.value("SELECT count(*) FROM hf.task_runs WHERE run_id = $1", r1) == 0
    assert await database.value("SELECT min(run_id) FROM hf.model_stats_history") == r2


async def test_the_report_lists_no_movers_when_nothing_moved(
    start_hub: StartHub, database: Database
) -> None:
    import asyncpg

    from hf_crawler.reports.report import gather

    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
        await crawl(hub, database)  # the Hub did not change
        pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=1)
        try:
            unchanged = await gather(pool, database.schema)
            hub.catalogue.drift(seed=4, pct=5)
            await crawl(hub, database)
            drifted = await gather(pool, database.schema)
        finally:
            await pool.close()
    assert unchanged["movers"] == []
    assert drifted["movers"] and all(m["growth"] != 0 for m in drifted["movers"])
